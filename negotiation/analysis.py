"""Analysis of a dossier: positions as of a date, gaps, overlaps, blockers, camps,
movement, how sources characterise the talks, and data coverage.

Everything here is a pure function of a :class:`~negotiation.dossier.Dossier` (no
streamlit, no I/O). Results are pandas frames or small frozen dataclasses.

Conventions used throughout
---------------------------
* **Scale index**: a scale point's position in its issue's (or dimension's) ``scale``
  list, 0-based. ``scale_len`` is the number of points.
* **Interval**: ``(lo, hi)`` scale indices with ``lo <= hi``, both ends included.
  A position's accepted interval comes from ``Position.accepts_range``; a position
  without ``accepts`` has no interval and is *not placed* (never guessed).
* **Party**: a side id (``"russia"``) or a camp reference ``"camp:<camp id>"``.
  A camp's members are the sides whose ``camp`` is that id. A camp's range is the
  intersection of its placed members' ranges; when that is empty the camp is *split*.
* **Dates**: functions take ``date`` as a :class:`datetime.date` (a ``datetime``,
  ``pandas.Timestamp`` or ISO string is accepted too); ``None`` means "latest".
  The position in force for a (side, issue) at a date is the one with the greatest
  ``as_of <= date``; on equal ``as_of`` the later one in the side's file wins.
  Date *columns* in the returned frames are ``datetime64[ns]`` (midnight, naive).
* **Index columns** (``lo``, ``hi``, ``ideal_index`` ...) are nullable ``Int64``:
  ``<NA>`` means not placed. Tuple-valued columns (``members``, ``blockers`` ...)
  hold plain Python tuples of ids. Text columns use pandas' default string dtype,
  so a missing text (no camp, no voice role ...) is NaN: test with ``pd.isna``.
* Unknown party references raise :class:`UnknownPartyError` (a ``ValueError``);
  check them against :func:`parties` first.
* Rows follow the dossier's order: issues as in ``issues.yaml``, sides in the
  dossier's side order, camps as in ``dossier.yaml``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from negotiation.dossier import Dossier, Side
from negotiation.model import Issue, Position, ScalePoint

__all__ = [
    "CAMP_PREFIX",
    "NONE_CELL",
    "Comparison",
    "Interval",
    "Party",
    "PartyRange",
    "UnknownPartyError",
    "agreement_index",
    "agreement_table",
    "all_minimal_blocker_sets",
    "blockers",
    "camp_table",
    "characterisations_frame",
    "compare",
    "coverage_table",
    "events_frame",
    "evidence_frame",
    "frames_table",
    "gap_table",
    "headline_counts",
    "ideal_index",
    "in_force",
    "intersect",
    "movement_table",
    "normalised_gap",
    "overlap_table",
    "overview_matrix",
    "parties",
    "party_label",
    "party_range",
    "position_interval",
    "positions_as_of",
    "positions_frame",
    "resolve_party",
    "scale_frame",
    "unplaced_positions",
]

Interval = tuple[int, int]
"""``(lo, hi)`` scale indices, ``lo <= hi``, both included."""

CAMP_PREFIX = "camp:"
NONE_CELL = "—"
"""Cell text of :func:`overview_matrix` where a side has no position on an issue."""

DateLike = dt.date | str | pd.Timestamp | None


class UnknownPartyError(ValueError):
    """A party reference that is neither a side id nor ``camp:<known camp id>``."""


# =========================================================================== helpers


def _as_date(value: DateLike) -> dt.date | None:
    """Normalise a date-like value (date, datetime, Timestamp, ISO string) to a date."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            return None
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return pd.Timestamp(value).date()
    raise TypeError(f"not a date: {value!r}")


def _ts(value: dt.date | None) -> pd.Timestamp | Any:
    return pd.NaT if value is None else pd.Timestamp(value)


def _check(interval: Interval) -> Interval:
    lo, hi = interval
    if lo > hi:
        raise ValueError(f"interval ends are in the wrong order: {interval!r}")
    return (int(lo), int(hi))


def _scale_index(scale: Sequence[ScalePoint]) -> dict[str, int]:
    return {p.id: i for i, p in enumerate(scale)}


def _label(scale: Sequence[ScalePoint], index: int | None) -> str | None:
    if index is None or not 0 <= index < len(scale):
        return None
    return scale[index].label


def _range_label(scale: Sequence[ScalePoint], interval: Interval | None) -> str | None:
    """'Label' for a single point, 'From – To' for a range, None when not placed."""
    if interval is None:
        return None
    lo, hi = interval
    if lo == hi:
        return _label(scale, lo)
    return f"{_label(scale, lo)} – {_label(scale, hi)}"


def position_interval(issue: Issue, position: Position) -> Interval | None:
    """The accepted interval of ``position`` on ``issue``'s scale, or None (not placed).

    Ends given in the wrong order are put in order; an unknown point id (which the
    loader reports) leaves the position not placed.
    """
    ends = position.accepts_range
    if ends is None:
        return None
    index = _scale_index(issue.scale)
    a, b = index.get(ends[0]), index.get(ends[1])
    if a is None or b is None:
        return None
    return (min(a, b), max(a, b))


def _ideal_index(issue: Issue | None, position: Position) -> int | None:
    if issue is None or position.ideal is None:
        return None
    return _scale_index(issue.scale).get(position.ideal)


def ideal_index(issue: Issue, position: Position) -> int | None:
    """The scale index of a position's ideal outcome (None when it names none)."""
    return _ideal_index(issue, position)


def _frame(rows: list[dict[str, Any]], columns: Sequence[str], dtypes: Mapping[str, str]) -> Any:
    """A frame with exactly ``columns`` (also when empty) and the given dtypes."""
    df = pd.DataFrame(rows, columns=list(columns))
    for col, dtype in dtypes.items():
        if col not in df.columns:
            continue
        if dtype == "datetime64[ns]":
            df[col] = pd.to_datetime(df[col]).astype("datetime64[ns]")
        elif dtype == "object":
            df[col] = df[col].astype(object)
        else:
            df[col] = df[col].astype(dtype)
    return df


_LATEST_MEMO_MAX = 16


def in_force(dossier: Dossier, side: str, issue: str, date: DateLike = None) -> Position | None:
    """The position of ``side`` on ``issue`` in force at ``date`` (None = latest)."""
    entry = dossier.position_index.get((side, issue))
    if entry is None:
        return None
    days, positions = entry
    day = _as_date(date)
    if day is None:
        return positions[-1]
    i = bisect.bisect_right(days, day)
    return positions[i - 1] if i else None


class _InForce(Mapping[tuple[str, str], Position]):
    """Lazy (side id, issue id) -> position in force at one date (bisect per lookup)."""

    def __init__(self, dossier: Dossier, day: dt.date | None) -> None:
        self._dossier = dossier
        self._day = day

    def __getitem__(self, key: tuple[str, str]) -> Position:
        pos = in_force(self._dossier, key[0], key[1], self._day)
        if pos is None:
            raise KeyError(key)
        return pos

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(_latest(self._dossier, self._day))

    def __len__(self) -> int:
        return len(_latest(self._dossier, self._day))


def _latest(dossier: Dossier, date: DateLike = None) -> Mapping[tuple[str, str], Position]:
    """The position in force per (side id, issue id) at ``date`` (None = latest).

    Built from the dossier's position index (one bisect per pair) and memoised on the
    dossier for the last few dates; treat the mapping as read-only.
    """
    day = _as_date(date)
    memo = dossier.memo
    key = ("latest", day)
    hit = memo.get(key)
    if hit is not None:
        return hit  # type: ignore[return-value]
    out: dict[tuple[str, str], Position] = {}
    for pair, (days, positions) in dossier.position_index.items():
        if day is None:
            out[pair] = positions[-1]
            continue
        i = bisect.bisect_right(days, day)
        if i:
            out[pair] = positions[i - 1]
    stale = [k for k in memo if isinstance(k, tuple) and k and k[0] == "latest"]
    if len(stale) >= _LATEST_MEMO_MAX:
        memo.pop(stale[0], None)
    memo[key] = out
    return out


def _issues(dossier: Dossier, issues: Iterable[str] | None) -> list[Issue]:
    if issues is None:
        return list(dossier.issues)
    wanted = set(issues)
    return [i for i in dossier.issues if i.id in wanted]


# =========================================================================== parties


@dataclass(frozen=True)
class Party:
    """A side or a camp that can be compared.

    ``ref`` is what analysis functions take (``"russia"`` or ``"camp:west"``);
    ``members`` are side ids (a side's members are itself).
    """

    ref: str
    label: str
    kind: Literal["side", "camp"]
    members: tuple[str, ...]
    short: str = ""


def parties(dossier: Dossier) -> list[Party]:
    """Every party of the dossier: the sides in order, then the camps in order."""
    out = [Party(s.id, s.name, "side", (s.id,), s.label) for s in dossier.sides]
    out += [
        Party(CAMP_PREFIX + c.id, c.name, "camp", tuple(dossier.camp_members(c.id)), c.name)
        for c in dossier.camps
    ]
    return out


def resolve_party(dossier: Dossier, ref: str) -> Party:
    """The :class:`Party` for a reference; raises :class:`UnknownPartyError`."""
    if ref.startswith(CAMP_PREFIX):
        camp_id = ref[len(CAMP_PREFIX) :]
        camp = dossier.camp_by_id.get(camp_id)
        if camp is None:
            raise UnknownPartyError(f"unknown camp {camp_id!r} in party {ref!r}")
        return Party(ref, camp.name, "camp", tuple(dossier.camp_members(camp_id)), camp.name)
    side = dossier.side_by_id.get(ref)
    if side is None:
        raise UnknownPartyError(f"unknown party {ref!r}: not a side id nor 'camp:<id>'")
    return Party(side.id, side.name, "side", (side.id,), side.label)


def party_label(dossier: Dossier, ref: str) -> str:
    """Display name of a party; the reference itself when it does not resolve."""
    try:
        return resolve_party(dossier, ref).label
    except UnknownPartyError:
        return ref


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


# =========================================================================== positions

POSITION_COLUMNS = (
    "side",
    "side_name",
    "side_label",
    "camp",
    "issue",
    "issue_title",
    "position",
    "as_of",
    "stance",
    "ideal",
    "ideal_label",
    "ideal_index",
    "accepts_from",
    "accepts_to",
    "accepts_from_label",
    "accepts_to_label",
    "range_label",
    "lo",
    "hi",
    "placed",
    "scale_len",
    "summary",
    "n_evidence",
    "sources",
    "conditions",
    "notes",
)
_POSITION_DTYPES = {
    "as_of": "datetime64[ns]",
    "ideal_index": "Int64",
    "lo": "Int64",
    "hi": "Int64",
    "placed": "bool",
    "scale_len": "Int64",
    "n_evidence": "int64",
    "sources": "object",
}


def _position_row(dossier: Dossier, side: Side, pos: Position) -> dict[str, Any]:
    issue = dossier.issue_by_id.get(pos.issue)
    scale = issue.scale if issue is not None else []
    iv = position_interval(issue, pos) if issue is not None else None
    ends = pos.accepts_range
    ideal_index = _ideal_index(issue, pos)
    return {
        "side": side.id,
        "side_name": side.name,
        "side_label": side.label,
        "camp": side.camp,
        "issue": pos.issue,
        "issue_title": issue.title if issue is not None else pos.issue,
        "position": pos.id,
        "as_of": pd.Timestamp(pos.as_of),
        "stance": pos.stance,
        "ideal": pos.ideal,
        "ideal_label": _label(scale, ideal_index),
        "ideal_index": ideal_index,
        "accepts_from": ends[0] if ends else None,
        "accepts_to": ends[1] if ends else None,
        "accepts_from_label": _label(scale, iv[0]) if iv else None,
        "accepts_to_label": _label(scale, iv[1]) if iv else None,
        "range_label": _range_label(scale, iv),
        "lo": iv[0] if iv else None,
        "hi": iv[1] if iv else None,
        "placed": iv is not None,
        "scale_len": len(scale) if issue is not None else None,
        "summary": pos.summary,
        "n_evidence": len(pos.evidence),
        "sources": tuple(dict.fromkeys(e.source for e in pos.evidence)),
        "conditions": "; ".join(pos.conditions),
        "notes": pos.notes,
    }


def _positions_rows(dossier: Dossier, pairs: Iterable[tuple[Side, Position]]) -> Any:
    issue_order = {i.id: n for n, i in enumerate(dossier.issues)}
    side_order = {s.id: n for n, s in enumerate(dossier.sides)}
    items = sorted(
        pairs,
        key=lambda sp: (
            issue_order.get(sp[1].issue, len(issue_order)),
            sp[1].issue,
            side_order.get(sp[0].id, 0),
            sp[1].as_of,
        ),
    )
    rows = [_position_row(dossier, s, p) for s, p in items]
    return _frame(rows, POSITION_COLUMNS, _POSITION_DTYPES)


def positions_frame(dossier: Dossier, issues: Iterable[str] | None = None) -> pd.DataFrame:
    """Every position, one row each, ordered by issue, side, ``as_of``.

    Columns: side, side_name, side_label (short name), camp, issue, issue_title,
    position (id), as_of (datetime64[ns]), stance, ideal (point id), ideal_label,
    ideal_index (Int64), accepts_from / accepts_to (point ids as written),
    accepts_from_label / accepts_to_label (labels at lo / hi), range_label
    ('A' or 'A – B'), lo, hi (Int64 indices, <NA> = not placed), placed (bool),
    scale_len (Int64), summary, n_evidence (int), sources (tuple of source ids),
    conditions (joined with '; '), notes. ``issues`` keeps only those issue ids
    (None = all).
    """
    wanted = None if issues is None else set(issues)
    pairs = [
        (s, p) for s in dossier.sides for p in s.positions if wanted is None or p.issue in wanted
    ]
    return _positions_rows(dossier, pairs)


def positions_as_of(
    dossier: Dossier, date: DateLike = None, issues: Iterable[str] | None = None
) -> pd.DataFrame:
    """The position in force per (side, issue) at ``date`` (None = latest).

    Same columns as :func:`positions_frame`; (side, issue) pairs without a position
    by that date have no row. ``issues`` keeps only those issue ids (None = all).
    """
    latest = _latest(dossier, date)
    wanted = None if issues is None else set(issues)
    return _positions_rows(
        dossier,
        [
            (dossier.side_by_id[s], p)
            for (s, i), p in latest.items()
            if wanted is None or i in wanted
        ],
    )


def scale_frame(dossier: Dossier, issue: str) -> pd.DataFrame:
    """The scale of an issue: index (int), id, label, description."""
    iss = dossier.issue_by_id.get(issue)
    if iss is None:
        raise KeyError(f"unknown issue {issue!r}")
    rows = [
        {"index": i, "id": p.id, "label": p.label, "description": p.description}
        for i, p in enumerate(iss.scale)
    ]
    return _frame(rows, ("index", "id", "label", "description"), {"index": "int64"})


EVIDENCE_COLUMNS = (
    "side",
    "side_name",
    "issue",
    "issue_title",
    "position",
    "as_of",
    "stance",
    "source",
    "outlet",
    "source_title",
    "source_kind",
    "source_date",
    "url",
    "quote",
    "speaker",
    "date",
)
_EVIDENCE_DTYPES = {
    "as_of": "datetime64[ns]",
    "source_date": "datetime64[ns]",
    "date": "datetime64[ns]",
}


def evidence_frame(dossier: Dossier, issue: str | None = None) -> pd.DataFrame:
    """Every evidence quote of every position (of one issue when ``issue`` is given).

    One row per quote, ordered like :func:`positions_frame`. Columns: side,
    side_name, issue, issue_title, position, as_of, stance, source, outlet,
    source_title, source_kind, source_date, url, quote, speaker, date (when it was
    said, if given; NaT otherwise). Date columns are datetime64[ns].
    """
    issue_order = {i.id: n for n, i in enumerate(dossier.issues)}
    side_order = {s.id: n for n, s in enumerate(dossier.sides)}
    pairs = sorted(
        ((s, p) for s in dossier.sides for p in s.positions if issue in (None, p.issue)),
        key=lambda sp: (
            issue_order.get(sp[1].issue, len(issue_order)),
            side_order[sp[0].id],
            sp[1].as_of,
        ),
    )
    rows = []
    for side, p in pairs:
        iss = dossier.issue_by_id.get(p.issue)
        for ev in p.evidence:
            src = dossier.source_by_id.get(ev.source)
            rows.append(
                {
                    "side": side.id,
                    "side_name": side.name,
                    "issue": p.issue,
                    "issue_title": iss.title if iss is not None else p.issue,
                    "position": p.id,
                    "as_of": pd.Timestamp(p.as_of),
                    "stance": p.stance,
                    "source": ev.source,
                    "outlet": src.outlet if src is not None else ev.source,
                    "source_title": src.title if src is not None else None,
                    "source_kind": src.kind if src is not None else None,
                    "source_date": _ts(src.date if src is not None else None),
                    "url": src.url if src is not None else None,
                    "quote": ev.quote,
                    "speaker": ev.speaker,
                    "date": _ts(ev.date),
                }
            )
    return _frame(rows, EVIDENCE_COLUMNS, _EVIDENCE_DTYPES)


EVENT_COLUMNS = (
    "id",
    "date",
    "title",
    "venue",
    "summary",
    "sides",
    "sources",
    "positions",
    "n_positions",
)


def events_frame(dossier: Dossier) -> pd.DataFrame:
    """The dossier's events by date, with the positions stated on each event's day.

    Columns: id, date (datetime64[ns]), title, venue, summary, sides, sources
    (tuples of ids as listed), positions (tuple of ids of positions whose ``as_of``
    is the event's date), n_positions.
    """
    by_day: dict[dt.date, list[str]] = {}
    for _, p in dossier.positions():
        by_day.setdefault(p.as_of, []).append(p.id)
    rows = [
        {
            "id": e.id,
            "date": pd.Timestamp(e.date),
            "title": e.title,
            "venue": e.venue,
            "summary": e.summary,
            "sides": tuple(e.sides),
            "sources": tuple(e.sources),
            "positions": tuple(by_day.get(e.date, ())),
            "n_positions": len(by_day.get(e.date, ())),
        }
        for e in dossier.events
    ]
    return _frame(
        rows,
        EVENT_COLUMNS,
        {
            "date": "datetime64[ns]",
            "sides": "object",
            "sources": "object",
            "positions": "object",
            "n_positions": "int64",
        },
    )


# =========================================================================== gaps and overlaps

GAP_COLUMNS = (
    "issue",
    "issue_title",
    "scale_len",
    "a",
    "b",
    "a_lo",
    "a_hi",
    "b_lo",
    "b_hi",
    "a_from_label",
    "a_to_label",
    "b_from_label",
    "b_to_label",
    "a_stance",
    "b_stance",
    "a_split",
    "b_split",
    "a_not_placed",
    "b_not_placed",
    "overlap_lo",
    "overlap_hi",
    "overlap_from_label",
    "overlap_to_label",
    "gap",
    "gap_norm",
    "status",
)
_GAP_DTYPES = {
    "scale_len": "int64",
    "a_lo": "Int64",
    "a_hi": "Int64",
    "b_lo": "Int64",
    "b_hi": "Int64",
    "overlap_lo": "Int64",
    "overlap_hi": "Int64",
    "gap": "Int64",
    "gap_norm": "float64",
    "a_split": "bool",
    "b_split": "bool",
    "a_not_placed": "object",
    "b_not_placed": "object",
}


def _lo(iv: Interval | None) -> int | None:
    return None if iv is None else iv[0]


def _hi(iv: Interval | None) -> int | None:
    return None if iv is None else iv[1]


def gap_table(
    dossier: Dossier,
    a: str,
    b: str,
    date: DateLike = None,
    issues: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Gap and overlap between two parties, one row per issue (dossier order).

    Columns: issue, issue_title, scale_len, a, b (the refs), a_lo, a_hi, b_lo, b_hi
    (Int64), a_from_label, a_to_label, b_from_label, b_to_label, a_stance, b_stance
    (a side's stance; None for camps), a_split, b_split (bool), a_not_placed,
    b_not_placed (tuples of member side ids without a range), overlap_lo, overlap_hi
    (Int64), overlap_from_label, overlap_to_label, gap (Int64 steps between nearest
    ends, 0 when overlapping), gap_norm (gap / (scale_len - 1), NaN when not placed),
    status: 'split' when either party is a split camp, else 'not placed' when either
    has no range, else 'overlap' or 'gap'.

    ``issues`` restricts to those issue ids. Raises :class:`UnknownPartyError`.
    """
    pa, pb = resolve_party(dossier, a), resolve_party(dossier, b)
    latest = _latest(dossier, date)
    rows = []
    for issue in _issues(dossier, issues):
        ra = _party_range(dossier, latest, pa, issue)
        rb = _party_range(dossier, latest, pb, issue)
        cmp = compare(ra.interval, rb.interval)
        status = "split" if ra.split or rb.split else cmp.status
        scale = issue.scale
        rows.append(
            {
                "issue": issue.id,
                "issue_title": issue.title,
                "scale_len": len(scale),
                "a": pa.ref,
                "b": pb.ref,
                "a_lo": _lo(ra.interval),
                "a_hi": _hi(ra.interval),
                "b_lo": _lo(rb.interval),
                "b_hi": _hi(rb.interval),
                "a_from_label": _label(scale, _lo(ra.interval)),
                "a_to_label": _label(scale, _hi(ra.interval)),
                "b_from_label": _label(scale, _lo(rb.interval)),
                "b_to_label": _label(scale, _hi(rb.interval)),
                "a_stance": ra.stance,
                "b_stance": rb.stance,
                "a_split": ra.split,
                "b_split": rb.split,
                "a_not_placed": ra.not_placed,
                "b_not_placed": rb.not_placed,
                "overlap_lo": _lo(cmp.overlap),
                "overlap_hi": _hi(cmp.overlap),
                "overlap_from_label": _label(scale, _lo(cmp.overlap)),
                "overlap_to_label": _label(scale, _hi(cmp.overlap)),
                "gap": cmp.gap,
                "gap_norm": normalised_gap(cmp.gap, len(scale)),
                "status": status,
            }
        )
    return _frame(rows, GAP_COLUMNS, _GAP_DTYPES)


OVERLAP_COLUMNS = (
    "issue",
    "issue_title",
    "scale_len",
    "parties",
    "n_parties",
    "n_placed",
    "placed",
    "not_placed",
    "split",
    "overlap_lo",
    "overlap_hi",
    "overlap_from_label",
    "overlap_to_label",
    "spread",
    "blockers",
    "blocker_labels",
    "status",
)
_OVERLAP_DTYPES = {
    "scale_len": "int64",
    "parties": "object",
    "n_parties": "int64",
    "n_placed": "int64",
    "placed": "object",
    "not_placed": "object",
    "split": "object",
    "overlap_lo": "Int64",
    "overlap_hi": "Int64",
    "spread": "Int64",
    "blockers": "object",
    "blocker_labels": "object",
}


def overlap_table(
    dossier: Dossier,
    parties: Sequence[str],
    date: DateLike = None,
    issues: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Overlap of several parties at once, one row per issue (dossier order).

    Only *placed* parties (with a range; a split camp has none) enter the
    intersection. Columns: issue, issue_title, scale_len, parties (tuple of refs as
    given), n_parties, n_placed, placed, not_placed (tuples of party refs), split
    (tuple of split camps, also in not_placed), overlap_lo, overlap_hi (Int64),
    overlap_from_label, overlap_to_label, spread (Int64: max lo − min hi over placed
    parties when positive, the width of the gap; 0 when they overlap), blockers
    (tuple of refs: the smallest set whose removal reopens an overlap, see
    :func:`blockers`; empty when the overlap exists), blocker_labels (tuple of names),
    status: 'not placed' when no party — or only one of several — is placed, else
    'overlap' or 'gap' (check not_placed: an overlap may leave parties out).
    """
    refs = list(dict.fromkeys(parties))
    resolved = [resolve_party(dossier, r) for r in refs]
    latest = _latest(dossier, date)
    rows = []
    for issue in _issues(dossier, issues):
        prs = [_party_range(dossier, latest, p, issue) for p in resolved]
        ranges = {r.party: r.interval for r in prs if r.interval is not None}
        placed = tuple(ranges)
        ov = intersect(ranges.values())
        blk = blockers(ranges) if ranges else ()
        spread = None
        if ranges:
            spread = max(
                0, max(lo for lo, _ in ranges.values()) - min(h for _, h in ranges.values())
            )
        if not ranges or (len(ranges) == 1 and len(refs) > 1):
            status = "not placed"
        else:
            status = "overlap" if ov is not None else "gap"
        scale = issue.scale
        rows.append(
            {
                "issue": issue.id,
                "issue_title": issue.title,
                "scale_len": len(scale),
                "parties": tuple(refs),
                "n_parties": len(refs),
                "n_placed": len(placed),
                "placed": placed,
                "not_placed": tuple(r.party for r in prs if r.interval is None),
                "split": tuple(r.party for r in prs if r.split),
                "overlap_lo": _lo(ov),
                "overlap_hi": _hi(ov),
                "overlap_from_label": _label(scale, _lo(ov)),
                "overlap_to_label": _label(scale, _hi(ov)),
                "spread": spread,
                "blockers": blk,
                "blocker_labels": tuple(party_label(dossier, r) for r in blk),
                "status": status,
            }
        )
    return _frame(rows, OVERLAP_COLUMNS, _OVERLAP_DTYPES)


CAMP_COLUMNS = (
    "issue",
    "issue_title",
    "scale_len",
    "camp",
    "party",
    "camp_name",
    "members",
    "n_members",
    "placed",
    "n_placed",
    "not_placed",
    "lo",
    "hi",
    "from_label",
    "to_label",
    "split",
    "blockers",
    "status",
)
_CAMP_DTYPES = {
    "scale_len": "int64",
    "members": "object",
    "n_members": "int64",
    "placed": "object",
    "n_placed": "int64",
    "not_placed": "object",
    "lo": "Int64",
    "hi": "Int64",
    "split": "bool",
    "blockers": "object",
}


def camp_table(dossier: Dossier, date: DateLike = None) -> pd.DataFrame:
    """Each camp's range on each issue, one row per issue × camp.

    Columns: issue, issue_title, scale_len, camp (camp id), party ('camp:<id>'),
    camp_name, members, placed, not_placed (tuples of side ids), n_members, n_placed,
    lo, hi (Int64: intersection of placed members' ranges), from_label, to_label,
    split (bool: ≥ 2 placed members with no common point), blockers (members whose
    removal would reunite a split camp), status ('placed' | 'split' | 'not placed').
    """
    latest = _latest(dossier, date)
    camp_parties = [p for p in parties(dossier) if p.kind == "camp"]
    rows = []
    for issue in dossier.issues:
        for p in camp_parties:
            r = _party_range(dossier, latest, p, issue)
            rows.append(
                {
                    "issue": issue.id,
                    "issue_title": issue.title,
                    "scale_len": len(issue.scale),
                    "camp": p.ref[len(CAMP_PREFIX) :],
                    "party": p.ref,
                    "camp_name": p.label,
                    "members": p.members,
                    "n_members": len(p.members),
                    "placed": r.placed,
                    "n_placed": len(r.placed),
                    "not_placed": r.not_placed,
                    "lo": _lo(r.interval),
                    "hi": _hi(r.interval),
                    "from_label": _label(issue.scale, _lo(r.interval)),
                    "to_label": _label(issue.scale, _hi(r.interval)),
                    "split": r.split,
                    "blockers": r.blockers,
                    "status": r.status,
                }
            )
    return _frame(rows, CAMP_COLUMNS, _CAMP_DTYPES)


# =========================================================================== movement

MOVEMENT_COLUMNS = (
    "side",
    "side_name",
    "camp",
    "issue",
    "issue_title",
    "scale_len",
    "old_position",
    "new_position",
    "old_as_of",
    "new_as_of",
    "old_stance",
    "new_stance",
    "old_lo",
    "old_hi",
    "new_lo",
    "new_hi",
    "old_ideal_index",
    "new_ideal_index",
    "old_range_label",
    "new_range_label",
    "changed",
    "steps",
    "other",
    "distance_before",
    "distance_after",
    "direction",
)
_MOVEMENT_DTYPES = {
    "scale_len": "int64",
    "old_as_of": "datetime64[ns]",
    "new_as_of": "datetime64[ns]",
    "old_lo": "Int64",
    "old_hi": "Int64",
    "new_lo": "Int64",
    "new_hi": "Int64",
    "old_ideal_index": "Int64",
    "new_ideal_index": "Int64",
    "changed": "bool",
    "steps": "float64",
    "distance_before": "float64",
    "distance_after": "float64",
}


def _anchor(issue: Issue, pos: Position | None) -> Interval | None:
    """The interval standing for a position: its range, else its ideal as a point."""
    if pos is None:
        return None
    iv = position_interval(issue, pos)
    if iv is not None:
        return iv
    ideal = _ideal_index(issue, pos)
    return None if ideal is None else (ideal, ideal)


def _distance(a: Interval, b: Interval) -> tuple[int, float]:
    """(gap, distance between midpoints): how far apart two intervals are."""
    gap = compare(a, b).gap or 0
    return gap, abs((a[0] + a[1]) / 2 - (b[0] + b[1]) / 2)


def _default_other(dossier: Dossier, side: Side) -> str | None:
    camps = dossier.camps
    if len(camps) == 2 and side.camp in {c.id for c in camps}:
        other = next(c for c in camps if c.id != side.camp)
        return CAMP_PREFIX + other.id
    if len(dossier.sides) == 2:
        return next(s.id for s in dossier.sides if s.id != side.id)
    return None


def movement_table(
    dossier: Dossier,
    date_from: DateLike,
    date_to: DateLike,
    a: str | None = None,
    b: str | None = None,
) -> pd.DataFrame:
    """How each side moved on each issue between two dates.

    One row per (side, issue) whose position in force at ``date_to`` is a different
    record from the one at ``date_from`` (or there was none then: 'new'). ``date_from``
    None means "before any position"; ``date_to`` None means latest. Raises
    ValueError when ``date_from > date_to``.

    *Steps*: the signed shift of the midpoint of the accepted range (towards the end
    of the scale when positive); when either position has no range, the shift of the
    ideal point; NaN when neither is available (or the side is new).

    *Direction* is judged against the **other** party's range at ``date_to`` (held
    fixed, so only the side's own move counts). With ``a`` and ``b`` given, members
    of ``a`` are judged against ``b`` and vice versa (other sides: no reference).
    Otherwise, when the dossier has exactly two camps, against the other camp;
    when it has exactly two sides, against the other side. Distance is
    (gap in steps, distance between midpoints), compared in that order; a position
    without a range is represented by its ideal point. Values: 'new', 'towards',
    'away', 'unchanged' (no change of distance, or no change at all), 'moved'
    (changed but no reference to judge against), 'not placed' (no range nor ideal
    before or after).

    Columns: side, side_name, camp, issue, issue_title, scale_len, old_position,
    new_position, old_as_of, new_as_of (datetime64[ns]), old_stance, new_stance,
    old_lo, old_hi, new_lo, new_hi, old_ideal_index, new_ideal_index (Int64),
    old_range_label, new_range_label, changed (stance, range or ideal differ),
    steps (float), other (party ref judged against, or None), distance_before,
    distance_after (float gap steps to the other; NaN when unknown), direction.
    """
    d_from, d_to = _as_date(date_from), _as_date(date_to)
    if d_from is not None and d_to is not None and d_from > d_to:
        raise ValueError(f"date_from ({d_from}) is after date_to ({d_to})")
    before = _latest(dossier, d_from) if d_from is not None else {}
    after = _latest(dossier, d_to)
    resolved: dict[str, Party] = {}
    if (a is None) != (b is None):
        raise ValueError("give both a and b, or neither")
    if a is not None and b is not None:
        pa, pb = resolve_party(dossier, a), resolve_party(dossier, b)
        resolved = {pa.ref: pa, pb.ref: pb}
    range_cache: dict[tuple[str, str], PartyRange] = {}

    def other_range(ref: str, issue: Issue) -> PartyRange:
        key = (ref, issue.id)
        if key not in range_cache:
            party = resolved.get(ref) or resolve_party(dossier, ref)
            range_cache[key] = _party_range(dossier, after, party, issue)
        return range_cache[key]

    rows = []
    for issue in dossier.issues:
        scale = issue.scale
        for side in dossier.sides:
            new = after.get((side.id, issue.id))
            old = before.get((side.id, issue.id))
            if new is None or (old is not None and old == new):
                continue
            old_iv = None if old is None else position_interval(issue, old)
            new_iv = position_interval(issue, new)
            old_ideal = None if old is None else _ideal_index(issue, old)
            new_ideal = _ideal_index(issue, new)
            if a is not None and b is not None:
                if side.id in resolved[a].members:
                    other = b
                elif side.id in resolved[b].members:
                    other = a
                else:
                    other = None
            else:
                other = _default_other(dossier, side)
            steps: float | None = None
            if old_iv is not None and new_iv is not None:
                steps = (new_iv[0] + new_iv[1]) / 2 - (old_iv[0] + old_iv[1]) / 2
            elif old_ideal is not None and new_ideal is not None:
                steps = float(new_ideal - old_ideal)
            changed = old is None or (
                old.stance != new.stance or old_iv != new_iv or old_ideal != new_ideal
            )
            old_anchor, new_anchor = _anchor(issue, old), _anchor(issue, new)
            other_iv = other_range(other, issue).interval if other is not None else None
            dist_before = dist_after = None
            if other_iv is not None and old_anchor is not None:
                dist_before = _distance(old_anchor, other_iv)
            if other_iv is not None and new_anchor is not None:
                dist_after = _distance(new_anchor, other_iv)
            if old is None:
                direction = "new"
            elif not changed:
                direction = "unchanged"
            elif old_anchor is None or new_anchor is None:
                direction = "not placed"
            elif dist_before is not None and dist_after is not None:
                if dist_after < dist_before:
                    direction = "towards"
                elif dist_after > dist_before:
                    direction = "away"
                else:
                    direction = "unchanged"
            else:
                direction = "moved"
            rows.append(
                {
                    "side": side.id,
                    "side_name": side.name,
                    "camp": side.camp,
                    "issue": issue.id,
                    "issue_title": issue.title,
                    "scale_len": len(scale),
                    "old_position": None if old is None else old.id,
                    "new_position": new.id,
                    "old_as_of": None if old is None else pd.Timestamp(old.as_of),
                    "new_as_of": pd.Timestamp(new.as_of),
                    "old_stance": None if old is None else old.stance,
                    "new_stance": new.stance,
                    "old_lo": _lo(old_iv),
                    "old_hi": _hi(old_iv),
                    "new_lo": _lo(new_iv),
                    "new_hi": _hi(new_iv),
                    "old_ideal_index": old_ideal,
                    "new_ideal_index": new_ideal,
                    "old_range_label": _range_label(scale, old_iv),
                    "new_range_label": _range_label(scale, new_iv),
                    "changed": changed,
                    "steps": steps,
                    "other": other,
                    "distance_before": None if dist_before is None else float(dist_before[0]),
                    "distance_after": None if dist_after is None else float(dist_after[0]),
                    "direction": direction,
                }
            )
    return _frame(rows, MOVEMENT_COLUMNS, _MOVEMENT_DTYPES)


# =========================================================================== characterisations

CHARACTERISATION_COLUMNS = (
    "id",
    "source",
    "outlet",
    "source_title",
    "source_kind",
    "source_date",
    "url",
    "voice",
    "voice_role",
    "own_voice",
    "about_kind",
    "about_id",
    "about_label",
    "topic",
    "topic_label",
    "dimension",
    "dimension_label",
    "value",
    "value_label",
    "value_index",
    "scale_len",
    "quote",
    "frames",
    "date",
    "notes",
)
_CHARACTERISATION_DTYPES = {
    "source_date": "datetime64[ns]",
    "own_voice": "bool",
    "value_index": "Int64",
    "scale_len": "Int64",
    "frames": "object",
    "date": "datetime64[ns]",
}
TALKS_LABEL = "The talks as a whole"


def _about(dossier: Dossier, about: Any) -> tuple[str, str | None, str, str]:
    """(about_kind, about_id, about_label, topic) of a characterisation's ``about``."""
    if about == "talks" or about is None:
        return "talks", None, TALKS_LABEL, "talks"
    kind, ref = about.kind, about.ref
    if kind == "issue":
        rec = dossier.issue_by_id.get(ref)
        label = rec.title if rec is not None else ref
    elif kind == "side":
        side = dossier.side_by_id.get(ref)
        label = side.name if side is not None else ref
    else:
        ev = next((e for e in dossier.meta.events if e.id == ref), None)
        label = ev.title if ev is not None else ref
    return kind, ref, label, f"{kind}:{ref}"


def characterisations_frame(dossier: Dossier) -> pd.DataFrame:
    """Every characterisation, one row each, in file order.

    Columns: id, source, outlet, source_title, source_kind, source_date
    (datetime64[ns]), url, voice (the quoted voice, or the outlet when the source
    speaks in its own voice), voice_role, own_voice (bool), about_kind ('talks' |
    'issue' | 'side' | 'event'), about_id (None for the talks), about_label, topic
    ('talks' or '<kind>:<id>', the grouping key), topic_label, dimension,
    dimension_label, value (point id), value_label, value_index (Int64), scale_len
    (Int64), quote, frames (tuple of frame ids), date (the characterisation's date,
    else the source's; datetime64[ns]), notes.
    """
    rows = []
    for c in dossier.characterisations:
        src = dossier.source_by_id.get(c.source)
        dim = dossier.dimension_by_id.get(c.dimension)
        scale = dim.scale if dim is not None else []
        value_index = _scale_index(scale).get(c.value)
        kind, ref, label, topic = _about(dossier, c.about)
        outlet = src.outlet if src is not None else c.source
        rows.append(
            {
                "id": c.id,
                "source": c.source,
                "outlet": outlet,
                "source_title": src.title if src is not None else None,
                "source_kind": src.kind if src is not None else None,
                "source_date": _ts(src.date if src is not None else None),
                "url": src.url if src is not None else None,
                "voice": c.voice or outlet,
                "voice_role": c.voice_role,
                "own_voice": c.voice is None,
                "about_kind": kind,
                "about_id": ref,
                "about_label": label,
                "topic": topic,
                "topic_label": label,
                "dimension": c.dimension,
                "dimension_label": dim.label if dim is not None else c.dimension,
                "value": c.value,
                "value_label": _label(scale, value_index) or c.value,
                "value_index": value_index,
                "scale_len": len(scale) if dim is not None else None,
                "quote": c.quote,
                "frames": tuple(c.frames),
                "date": _ts(c.date or (src.date if src is not None else None)),
                "notes": c.notes,
            }
        )
    return _frame(rows, CHARACTERISATION_COLUMNS, _CHARACTERISATION_DTYPES)


def agreement_index(counts: Sequence[float]) -> float:
    """Van der Eijk's agreement A of a frequency vector over an ordered scale.

    1 when everyone is in one category, 0 for a uniform distribution, −1 when all
    are split equally between the two extreme categories. NaN when the total is 0.

    Algorithm (van der Eijk, C. 2001, "Measuring agreement in ordered rating
    scales", *Quality & Quantity* 35(3): 325–341): the distribution is decomposed
    into *layers*: repeatedly take the smallest non-zero frequency m, the layer is
    the 0/1 pattern of the non-empty categories with weight m·S/N (S = number of
    non-empty categories in the pattern, N = total), and m is subtracted from every
    non-empty category. For each layer, over all ordered triples of categories
    i < j < k, TU counts the patterns 110 and 011 (consistent with unimodality) and
    TDU the pattern 101 (deviating from it); the unimodality is
    U = ((K−2)·TU − (K−1)·TDU) / ((K−2)·(TU+TDU)), and U = 1 when TU + TDU = 0;
    the layer's agreement is A_layer = U·(1 − (S−1)/(K−1)). A = Σ weight·A_layer.
    E.g. (30, 40, 210, 130, 530, 50, 10) gives 0.6113 (the paper's example).
    Counts may be any non-negative numbers (proportions work too: A only depends
    on the shape of the distribution).

    For K = 2 categories no triple exists, so a 50/50 split counts as uniform (0),
    not polarised. A single category gives 1.
    """
    values = [float(c) for c in counts]
    if any(not c >= 0 or math.isinf(c) for c in values):
        raise ValueError(f"counts must be finite and non-negative: {list(counts)!r}")
    n = sum(values)
    if n == 0:
        return math.nan
    k = len(values)
    if k < 2:
        return 1.0
    total = 0.0
    rest = list(values)
    while True:
        nonzero = [c for c in rest if c > 0]
        if not nonzero:
            break
        m = min(nonzero)
        pattern = [1 if c > 0 else 0 for c in rest]
        s = len(nonzero)
        total += (m * s / n) * _pattern_agreement(pattern)
        rest = [c - m if c > 0 else 0 for c in rest]
    return max(-1.0, min(1.0, total))  # clip rounding noise (e.g. -1.0000000000000002)


def _pattern_agreement(pattern: Sequence[int]) -> float:
    """A for one 0/1 layer (see :func:`agreement_index`); O(K) via prefix counts."""
    k = len(pattern)
    s = sum(pattern)
    tu = tdu = 0
    ones_left = 0
    ones_total = s
    for j, p in enumerate(pattern):
        zeros_left = j - ones_left
        ones_right = ones_total - ones_left - p
        zeros_right = (k - j - 1) - ones_right
        if p:
            tu += ones_left * zeros_right + zeros_left * ones_right
        else:
            tdu += ones_left * ones_right
        ones_left += p
    if tu + tdu == 0:
        return 1 - (s - 1) / (k - 1)
    u = ((k - 2) * tu - (k - 1) * tdu) / ((k - 2) * (tu + tdu))
    return u * (1 - (s - 1) / (k - 1))


AGREEMENT_COLUMNS = (
    "topic",
    "topic_label",
    "about_kind",
    "about_id",
    "dimension",
    "dimension_label",
    "scale_len",
    "n",
    "n_sources",
    "n_voices",
    "counts",
    "agreement",
    "modal_label",
    "min_label",
    "max_label",
    "sources",
)
_AGREEMENT_DTYPES = {
    "scale_len": "int64",
    "n": "int64",
    "n_sources": "int64",
    "n_voices": "int64",
    "counts": "object",
    "agreement": "float64",
    "sources": "object",
}


def _topic_order(dossier: Dossier) -> dict[str, tuple[int, int]]:
    order: dict[str, tuple[int, int]] = {"talks": (0, 0)}
    for rank, (kind, records) in enumerate(
        (("issue", dossier.issues), ("side", dossier.sides), ("event", dossier.events)), 1
    ):
        for n, rec in enumerate(records):
            order[f"{kind}:{rec.id}"] = (rank, n)
    return order


def agreement_table(dossier: Dossier) -> pd.DataFrame:
    """How far characterisations agree, one row per topic × dimension.

    Counts every characterisation (a source quoting two voices counts twice) whose
    value is on the dimension's scale. Columns: topic, topic_label, about_kind,
    about_id, dimension, dimension_label, scale_len, n (characterisations),
    n_sources, n_voices, counts (tuple, one count per scale point), agreement
    (:func:`agreement_index` of counts; 1.0 when n == 1), modal_label (labels of the
    most frequent values joined with ' / '), min_label, max_label (lowest and
    highest values used), sources (tuple of source ids). Ordered by topic (the
    talks, then issues, sides and events, each in dossier order), then dimension
    order. Characterisations whose dimension or value is unknown are left out.
    """
    df = characterisations_frame(dossier)
    df = df[df["value_index"].notna()]
    dim_order = {d.id: n for n, d in enumerate(dossier.dimensions)}
    topic_order = _topic_order(dossier)
    rows = []
    if not df.empty:
        groups = df.groupby(["topic", "dimension"], sort=False)
        for (topic, dim_id), g in groups:
            dim = dossier.dimension_by_id.get(dim_id)
            if dim is None:
                continue
            scale = dim.scale
            counts = [0] * len(scale)
            for v in g["value_index"]:
                counts[int(v)] += 1
            top = max(counts)
            used = [i for i, c in enumerate(counts) if c]
            first = g.iloc[0]
            rows.append(
                {
                    "topic": topic,
                    "topic_label": first["topic_label"],
                    "about_kind": first["about_kind"],
                    "about_id": first["about_id"],
                    "dimension": dim_id,
                    "dimension_label": dim.label,
                    "scale_len": len(scale),
                    "n": int(sum(counts)),
                    "n_sources": int(g["source"].nunique()),
                    "n_voices": int(g["voice"].nunique()),
                    "counts": tuple(counts),
                    "agreement": agreement_index(counts),
                    "modal_label": " / ".join(
                        scale[i].label for i, c in enumerate(counts) if c == top
                    ),
                    "min_label": scale[used[0]].label,
                    "max_label": scale[used[-1]].label,
                    "sources": tuple(dict.fromkeys(g["source"])),
                    "_order": (
                        topic_order.get(topic, (9, 0)),
                        dim_order.get(dim_id, len(dim_order)),
                    ),
                }
            )
    rows.sort(key=lambda r: r.pop("_order"))
    return _frame(rows, AGREEMENT_COLUMNS, _AGREEMENT_DTYPES)


FRAMES_COLUMNS = ("frame", "label", "description", "count", "sources", "n_sources", "voices")
_FRAMES_DTYPES = {"count": "int64", "sources": "object", "n_sources": "int64", "voices": "object"}


def frames_table(dossier: Dossier) -> pd.DataFrame:
    """Use of each frame (metaphor), one row per frame.

    Columns: frame (id), label, description, count (characterisations tagging it),
    sources (tuple of source ids), n_sources, voices (tuple of voices, the outlet for
    the source's own voice). Frames defined but unused have count 0; frames used but
    not defined appear with their id as label. Ordered by count (descending), then
    definition order.
    """
    defined = list(dossier.frames)
    order = [f.id for f in defined]
    for c in dossier.characterisations:
        for f in c.frames:
            if f not in order:
                order.append(f)
    stats: dict[str, dict[str, Any]] = {f: {"count": 0, "sources": {}, "voices": {}} for f in order}
    for c in dossier.characterisations:
        src = dossier.source_by_id.get(c.source)
        voice = c.voice or (src.outlet if src is not None else c.source)
        for f in dict.fromkeys(c.frames):
            st = stats[f]
            st["count"] += 1
            st["sources"][c.source] = None
            st["voices"][voice] = None
    rows = []
    for n, f in enumerate(order):
        rec = dossier.frame_by_id.get(f)
        st = stats[f]
        rows.append(
            {
                "frame": f,
                "label": rec.label if rec is not None else f,
                "description": rec.description if rec is not None else None,
                "count": st["count"],
                "sources": tuple(st["sources"]),
                "n_sources": len(st["sources"]),
                "voices": tuple(st["voices"]),
                "_order": (-st["count"], n),
            }
        )
    rows.sort(key=lambda r: r.pop("_order"))
    return _frame(rows, FRAMES_COLUMNS, _FRAMES_DTYPES)


# =========================================================================== coverage and overview


def coverage_table(dossier: Dossier) -> pd.DataFrame:
    """The issue × side cells with no position at all (at any date).

    Columns: issue, issue_title, side, side_name. Empty when every side has a
    position on every issue.
    """
    have = {(s.id, p.issue) for s in dossier.sides for p in s.positions}
    rows = [
        {"issue": i.id, "issue_title": i.title, "side": s.id, "side_name": s.name}
        for i in dossier.issues
        for s in dossier.sides
        if (s.id, i.id) not in have
    ]
    return _frame(rows, ("issue", "issue_title", "side", "side_name"), {})


def unplaced_positions(dossier: Dossier) -> pd.DataFrame:
    """Positions that cannot be placed or lack evidence (all dates).

    The columns of :func:`positions_frame` plus ``reason``: 'no accepted range',
    'no evidence', or both joined with '; '. (The loader rejects positions without
    evidence, so 'no evidence' only appears for hand-built dossiers.)
    """
    df = positions_frame(dossier)
    reasons = []
    for placed, n_ev in zip(df["placed"], df["n_evidence"], strict=True):
        r = []
        if not placed:
            r.append("no accepted range")
        if n_ev == 0:
            r.append("no evidence")
        reasons.append("; ".join(r))
    df = df.assign(reason=reasons)
    return df[df["reason"] != ""].reset_index(drop=True)


def overview_matrix(dossier: Dossier, date: DateLike = None) -> pd.DataFrame:
    """Issues × sides matrix of stances as of ``date`` (None = latest).

    Index: issue titles (name 'issue'); columns: side names (name 'side'); cell text
    '<stance> · <accepted range>' (range as 'Label' or 'From – To'), just the stance
    when the position has no accepted range, and '—' when the side has no position.
    """
    latest = _latest(dossier, date)
    cells: list[list[str]] = []
    for issue in dossier.issues:
        line = []
        for side in dossier.sides:
            pos = latest.get((side.id, issue.id))
            if pos is None:
                line.append(NONE_CELL)
                continue
            rng = _range_label(issue.scale, position_interval(issue, pos))
            line.append(f"{pos.stance} · {rng}" if rng else pos.stance)
        cells.append(line)
    return pd.DataFrame(
        cells,
        index=pd.Index([i.title for i in dossier.issues], name="issue"),
        columns=pd.Index([s.name for s in dossier.sides], name="side"),
        dtype=object,
    )


def headline_counts(
    dossier: Dossier,
    a: str,
    b: str,
    date: DateLike = None,
    issues: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Headline numbers for the overview, comparing parties ``a`` and ``b``.

    Keys: n_issues; issues_with_overlap, issues_with_gap, issues_not_placed,
    issues_split (counts of :func:`gap_table` statuses); camp_splits (issue × camp
    cells where a camp is split, from :func:`camp_table`); widest_gap: None, or a
    dict with issue, issue_title, steps (int) and gap_norm (float) of the issue with
    the largest gap (ties: larger normalised gap, then first issue). ``issues``
    restricts every count to those issue ids.
    """
    gaps = gap_table(dossier, a, b, date, issues=issues)
    camps = camp_table(dossier, date)
    if issues is not None:
        camps = camps[camps["issue"].isin(list(issues))]
    status = gaps["status"]
    widest = None
    with_gap = gaps[status == "gap"]
    if not with_gap.empty:
        order = with_gap.assign(_n=range(len(with_gap))).sort_values(
            ["gap", "gap_norm", "_n"], ascending=[False, False, True]
        )
        top = order.iloc[0]
        widest = {
            "issue": top["issue"],
            "issue_title": top["issue_title"],
            "steps": int(top["gap"]),
            "gap_norm": float(top["gap_norm"]),
        }
    return {
        "n_issues": len(gaps),
        "issues_with_overlap": int((status == "overlap").sum()),
        "issues_with_gap": int((status == "gap").sum()),
        "issues_not_placed": int((status == "not placed").sum()),
        "issues_split": int((status == "split").sum()),
        "camp_splits": int(camps["split"].sum()) if not camps.empty else 0,
        "widest_gap": widest,
    }
