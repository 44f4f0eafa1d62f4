"""Ranges and their comparison: a party's accepted range (a camp's is its members'
intersection), the gap or overlap of two ranges, and the minimal sets of blockers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from negotiation.analysis.as_of import _InForce, kept
from negotiation.analysis.basics import DateLike, Interval, _as_date, _check, position_interval
from negotiation.analysis.parties import Party, resolve_party
from negotiation.dossier import Dossier
from negotiation.model import Issue, Position

# =========================================================================== intervals


@dataclass(frozen=True)
class Comparison:
    """Result of :func:`compare`.

    ``overlap`` is the intersection (None when disjoint or not placed); ``gap`` is 0
    when the intervals intersect, else the number of scale steps between the nearest
    ends; both None when either side is not placed.
    """

    overlap: Interval | None
    gap: int | None

    @property
    def status(self) -> Literal["overlap", "gap", "not placed"]:
        if self.gap is None:
            return "not placed"
        return "overlap" if self.gap == 0 else "gap"


def compare(a: Interval | None, b: Interval | None) -> Comparison:
    """Compare two accepted intervals: their overlap and the gap between them."""
    if a is None or b is None:
        return Comparison(None, None)
    (alo, ahi), (blo, bhi) = _check(a), _check(b)
    lo, hi = max(alo, blo), min(ahi, bhi)
    if lo <= hi:
        return Comparison((lo, hi), 0)
    return Comparison(None, lo - hi)


def normalised_gap(gap: int | None, scale_len: int) -> float | None:
    """``gap / (scale_len - 1)``: 0 = touching, 1 = opposite ends. None if not placed."""
    if gap is None or scale_len < 2:
        return None
    return gap / (scale_len - 1)


def intersect(intervals: Iterable[Interval | None]) -> Interval | None:
    """Intersection of intervals; None when empty.

    ``None`` items (not placed) are ignored; with no interval at all the result is
    None (there is nothing to intersect).
    """
    lo: int | None = None
    hi: int | None = None
    seen = False
    for iv in intervals:
        if iv is None:
            continue
        a, b = _check(iv)
        seen = True
        lo = a if lo is None else max(lo, a)
        hi = b if hi is None else min(hi, b)
    if not seen or lo is None or hi is None or lo > hi:
        return None
    return (lo, hi)


def _max_cover_points(ranges: Sequence[Interval]) -> tuple[int, list[int]]:
    """Max number of intervals sharing a point, and the candidate points reaching it.

    Only left ends are candidates: any point can be moved left to the greatest left
    end at or below it without losing an interval, so the left ends reach every
    maximal covering set.
    """
    best, points = 0, []
    for x in sorted({lo for lo, _ in ranges}):
        n = sum(1 for lo, hi in ranges if lo <= x <= hi)
        if n > best:
            best, points = n, [x]
        elif n == best:
            points.append(x)
    return best, points


def all_minimal_blocker_sets(ranges: Mapping[str, Interval]) -> tuple[tuple[str, ...], ...]:
    """Every smallest set of parties whose removal leaves a non-empty intersection.

    Empty tuple when the intersection of all ranges is already non-empty (or there
    are fewer than two). Each set lists parties in the mapping's order; the sets are
    sorted lexicographically by those positions, so the first one is :func:`blockers`.

    Exact: the rest intersect iff some scale point lies in all of them, so a minimum
    removal is "everyone not containing x" for a point x contained in the most
    intervals. O(n²) for n parties.
    """
    keys = list(ranges)
    ivs = [_check(ranges[k]) for k in keys]
    if len(ivs) < 2 or intersect(ivs) is not None:
        return ()
    _, points = _max_cover_points(ivs)
    sets: set[tuple[int, ...]] = set()
    for x in points:
        sets.add(tuple(i for i, (lo, hi) in enumerate(ivs) if not lo <= x <= hi))
    return tuple(tuple(keys[i] for i in s) for s in sorted(sets))


def blockers(ranges: Mapping[str, Interval]) -> tuple[str, ...]:
    """The smallest set of parties whose removal reopens an overlap.

    ``ranges`` maps party refs to their intervals (leave unplaced parties out).
    Returns ``()`` when the intersection of all is non-empty. When several smallest
    sets exist, the lexicographically first by the mapping's order is returned (the
    earliest-listed parties are named); see :func:`all_minimal_blocker_sets`.
    """
    sets = all_minimal_blocker_sets(ranges)
    return sets[0] if sets else ()


# =========================================================================== party ranges


@dataclass(frozen=True)
class PartyRange:
    """A party's accepted interval on one issue at a date.

    For a side, ``interval`` is its position's accepted range (None when it has no
    position or the position has no ``accepts``). For a camp, it is the intersection
    of the placed members' ranges; members without a range are ignored but listed in
    ``not_placed``. ``split`` is True when at least two members are placed and their
    ranges do not intersect (then ``interval`` is None and ``blockers`` names the
    smallest set of members whose removal would reunite the camp).
    """

    party: str
    label: str
    kind: Literal["side", "camp"]
    issue: str
    interval: Interval | None
    members: tuple[str, ...]
    placed: tuple[str, ...]
    not_placed: tuple[str, ...]
    no_position: tuple[str, ...]
    split: bool = False
    blockers: tuple[str, ...] = ()
    member_ranges: tuple[tuple[str, Interval], ...] = field(default=())
    stance: str | None = None
    position: str | None = None

    @property
    def status(self) -> Literal["placed", "split", "not placed"]:
        if self.split:
            return "split"
        return "not placed" if self.interval is None else "placed"


def _party_range(
    dossier: Dossier,
    latest: Mapping[tuple[str, str], Position],
    party: Party,
    issue: Issue,
) -> PartyRange:
    """``party``'s range on ``issue`` from the positions in force in ``latest``; kept on
    the dossier per (party, issue, the members' positions in force), so another date
    with the same positions in force reuses it."""
    in_force = tuple(latest.get((m, issue.id)) for m in party.members)
    key = (party.ref, party.label, issue.id, tuple(p.id if p else None for p in in_force))
    return kept(
        dossier, "party_range", key, lambda: _compute_party_range(dossier, latest, party, issue)
    )


def _compute_party_range(
    dossier: Dossier,
    latest: Mapping[tuple[str, str], Position],
    party: Party,
    issue: Issue,
) -> PartyRange:
    member_ranges: list[tuple[str, Interval]] = []
    not_placed: list[str] = []
    no_position: list[str] = []
    for m in party.members:
        pos = latest.get((m, issue.id))
        iv = None if pos is None else position_interval(issue, pos)
        if pos is None:
            no_position.append(m)
        if iv is None:
            not_placed.append(m)
        else:
            member_ranges.append((m, iv))
    stance = position = None
    if party.kind == "side":
        pos = latest.get((party.ref, issue.id))
        if pos is not None:
            stance, position = pos.stance, pos.id
    interval = intersect(iv for _, iv in member_ranges)
    split = len(member_ranges) >= 2 and interval is None
    return PartyRange(
        party=party.ref,
        label=party.label,
        kind=party.kind,
        issue=issue.id,
        interval=interval,
        members=party.members,
        placed=tuple(m for m, _ in member_ranges),
        not_placed=tuple(not_placed),
        no_position=tuple(no_position),
        split=split,
        blockers=blockers(dict(member_ranges)) if split else (),
        member_ranges=tuple(member_ranges),
        stance=stance,
        position=position,
    )


def party_range(dossier: Dossier, party: str, issue: str, date: DateLike = None) -> PartyRange:
    """The accepted interval of ``party`` (side id or ``camp:<id>``) on ``issue``."""
    iss = dossier.issue_by_id.get(issue)
    if iss is None:
        raise KeyError(f"unknown issue {issue!r}")
    return _party_range(
        dossier, _InForce(dossier, _as_date(date)), resolve_party(dossier, party), iss
    )
