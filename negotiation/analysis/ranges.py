"""Ranges and their comparison: a party's accepted range (a camp's is its members'
intersection), the gap or overlap of two ranges, and the minimal sets of blockers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from negotiation.analysis.as_of import _InForce, kept
from negotiation.analysis.basics import (
    DateLike,
    Interval,
    _as_date,
    _check,
    is_bounded,
    open_interval,
    position_interval,
    rejects_interval,
)
from negotiation.analysis.parties import Party, resolve_party
from negotiation.dossier import Dossier
from negotiation.model import Issue, Position

# =========================================================================== intervals


@dataclass(frozen=True)
class Comparison:
    """Result of :func:`compare`.

    ``overlap`` is the intersection (None when disjoint or not placed); ``gap`` is 0
    when the intervals intersect, else the number of scale steps between the nearest
    ends; both None when either side is not placed. ``at_least``: the gap is a lower
    bound (one side is bounded and the other's range lies wholly in its ruled-out part;
    :func:`compare_parties`).
    """

    overlap: Interval | None
    gap: int | None
    at_least: bool = False

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


def gap_at_least(placed: Interval, open_part: Interval | None) -> int | None:
    """The least gap between ``placed`` and any range inside ``open_part`` (what a
    bounded party leaves open): the steps from ``placed`` to ``open_part``; None when
    they meet (an overlap is still possible) or nothing is left open (no bound)."""
    if open_part is None:
        return None
    gap = compare(placed, open_part).gap
    return gap if gap else None


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

    Ruled-out ranges: ``bounded`` lists the members whose position only rules a part
    out (``rejects`` without ``accepts``); they are not placed (in ``not_placed``) and
    ``ruled_out`` gives each one's ruled-out interval. A camp's bounded members still
    constrain it: its ``interval`` is the placed members' intersection cut to what
    every bounded member leaves open, and it is split when that cut leaves nothing
    (``blockers`` then counts each bounded member as accepting its open part). A party
    with bounded members and no placed one is itself bounded (:attr:`is_bounded`):
    ``open`` is what all of them leave open (None when nothing is).
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
    bounded: tuple[str, ...] = ()
    ruled_out: tuple[tuple[str, Interval], ...] = field(default=())
    open: Interval | None = None

    @property
    def is_bounded(self) -> bool:
        """Bounded: not placed, some member rules a part out, none is placed."""
        return bool(self.bounded) and not self.placed and self.interval is None

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
    ruled_out: list[tuple[str, Interval]] = []
    opens: dict[str, Interval | None] = {}
    for m in party.members:
        pos = latest.get((m, issue.id))
        iv = None if pos is None else position_interval(issue, pos)
        if pos is None:
            no_position.append(m)
        if iv is None:
            not_placed.append(m)
        else:
            member_ranges.append((m, iv))
        rej = None if pos is None or not is_bounded(pos) else rejects_interval(issue, pos)
        if pos is not None and rej is not None:
            ruled_out.append((m, rej))
            opens[m] = open_interval(issue, pos)
    stance = position = None
    if party.kind == "side":
        pos = latest.get((party.ref, issue.id))
        if pos is not None:
            stance, position = pos.stance, pos.id
    interval = intersect(iv for _, iv in member_ranges)
    split = len(member_ranges) >= 2 and interval is None
    blk = blockers(dict(member_ranges)) if split else ()
    open_part = _common_open(opens)
    if opens and member_ranges and not split:
        interval, split, blk = _cut(member_ranges, opens, interval, open_part)
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
        blockers=blk,
        member_ranges=tuple(member_ranges),
        stance=stance,
        position=position,
        bounded=tuple(opens),
        ruled_out=tuple(ruled_out),
        open=open_part if opens and not member_ranges else None,
    )


def _common_open(opens: Mapping[str, Interval | None]) -> Interval | None:
    """What every bounded member leaves open (None when nothing, or no member)."""
    if not opens or any(op is None for op in opens.values()):
        return None
    return intersect(opens.values())


def _cut(
    member_ranges: Sequence[tuple[str, Interval]],
    opens: Mapping[str, Interval | None],
    interval: Interval | None,
    open_part: Interval | None,
) -> tuple[Interval | None, bool, tuple[str, ...]]:
    """A camp's placed intersection cut to what its bounded members leave open:
    ``(interval, split, blockers)``; split when nothing is left, the blockers counting
    each bounded member as accepting its open part (one leaving nothing open is always
    among them)."""
    cut = None if interval is None or open_part is None else intersect([interval, open_part])
    if cut is not None:
        return cut, False, ()
    closed = tuple(m for m, op in opens.items() if op is None)
    ranges = dict(member_ranges)
    ranges.update({m: op for m, op in opens.items() if op is not None})
    return None, True, closed + blockers(ranges)


def compare_parties(a: PartyRange, b: PartyRange) -> Comparison:
    """:func:`compare` of two party ranges, honouring bounded parties: when one is
    bounded and the other placed, and the placed range lies wholly in the bounded
    one's ruled-out part, a gap of at least the steps to its open part
    (``at_least``); otherwise as :func:`compare` (not placed when either has no
    range)."""
    cmp = compare(a.interval, b.interval)
    if cmp.gap is not None:
        return cmp
    for bounded, placed in ((a, b), (b, a)):
        if bounded.is_bounded and placed.interval is not None:
            gap = gap_at_least(placed.interval, bounded.open)
            if gap is not None:
                return Comparison(None, gap, at_least=True)
    return cmp


def party_range(dossier: Dossier, party: str, issue: str, date: DateLike = None) -> PartyRange:
    """The accepted interval of ``party`` (side id or ``camp:<id>``) on ``issue``."""
    iss = dossier.issue_by_id.get(issue)
    if iss is None:
        raise KeyError(f"unknown issue {issue!r}")
    return _party_range(
        dossier, _InForce(dossier, _as_date(date)), resolve_party(dossier, party), iss
    )
