"""Movement: how each side's position moved over time, towards or away from another party."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from negotiation.analysis.as_of import _latest, kept
from negotiation.analysis.basics import (
    CAMP_PREFIX,
    DateLike,
    Interval,
    _as_date,
    _frame,
    _ideal_index,
    _range_label,
    position_interval,
)
from negotiation.analysis.comparison import _hi, _lo
from negotiation.analysis.parties import Party, resolve_party
from negotiation.analysis.ranges import PartyRange, _party_range, compare
from negotiation.dossier import Dossier, Side
from negotiation.model import Issue, Position

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
    mine = [c for c in camps if c.id in side.camps]
    if len(camps) == 2 and len(mine) == 1:  # a side in both camps has no "other" camp
        other = next(c for c in camps if c.id != mine[0].id)
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
        for side in dossier.sides:
            new = after.get((side.id, issue.id))
            old = before.get((side.id, issue.id))
            if new is None or (old is not None and old == new):
                continue
            other = _other_for(dossier, side, a, b, resolved)
            other_iv = other_range(other, issue).interval if other is not None else None
            key = (side.id, issue.id, old.id if old else None, new.id, other, other_iv)
            rows.append(
                kept(
                    dossier,
                    "movement_row",
                    key,
                    lambda s=side, i=issue, o=old, n=new, r=other, v=other_iv: _movement_row(
                        s, i, o, n, r, v
                    ),
                )
            )
    return _frame(rows, MOVEMENT_COLUMNS, _MOVEMENT_DTYPES)


def _other_for(
    dossier: Dossier, side: Side, a: str | None, b: str | None, resolved: dict[str, Party]
) -> str | None:
    """The party a side's move is judged against (see :func:`movement_table`)."""
    if a is not None and b is not None:
        if side.id in resolved[a].members:
            return b
        if side.id in resolved[b].members:
            return a
        return None
    return _default_other(dossier, side)


def _movement_row(
    side: Side,
    issue: Issue,
    old: Position | None,
    new: Position,
    other: str | None,
    other_iv: Interval | None,
) -> dict[str, Any]:
    """One row of :func:`movement_table`: ``side`` on ``issue`` from ``old`` to ``new``."""
    scale = issue.scale
    old_iv = None if old is None else position_interval(issue, old)
    new_iv = position_interval(issue, new)
    old_ideal = None if old is None else _ideal_index(issue, old)
    new_ideal = _ideal_index(issue, new)
    steps: float | None = None
    if old_iv is not None and new_iv is not None:
        steps = (new_iv[0] + new_iv[1]) / 2 - (old_iv[0] + old_iv[1]) / 2
    elif old_ideal is not None and new_ideal is not None:
        steps = float(new_ideal - old_ideal)
    changed = old is None or (
        old.stance != new.stance or old_iv != new_iv or old_ideal != new_ideal
    )
    old_anchor, new_anchor = _anchor(issue, old), _anchor(issue, new)
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
    return {
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


# =========================================================================== paths


@dataclass(frozen=True)
class PathStep:
    """One change of a side's accepted range on one issue (see :func:`range_path`).

    ``kind``: 'start' (the first range), 'hardened' (the new range lies inside the
    previous one: it accepts less), 'softened' (it contains the previous one),
    'shifted' (neither), 'unplaced' (the new position has no range), 'placed' (a
    range again after none). ``returns_to`` is the date of the earliest earlier step
    with the same range, when the range comes back to it (never the step just
    before, which differs by construction).
    """

    date: dt.date
    interval: Interval | None
    kind: str
    returns_to: dt.date | None = None


def path_of(history: Sequence[tuple[dt.date, Interval | None]]) -> tuple[PathStep, ...]:
    """The steps of a range history ``[(date, interval or None), ...]`` in date order:
    a step wherever the interval differs from the one before (repeats are dropped)."""
    steps: list[PathStep] = []
    for day, iv in history:
        if steps and steps[-1].interval == iv:
            continue
        if not steps:
            kind = "start" if iv is not None else "unplaced"
        elif iv is None:
            kind = "unplaced"
        elif steps[-1].interval is None:
            kind = "placed"
        else:
            (plo, phi), (lo, hi) = steps[-1].interval, iv
            if plo <= lo and hi <= phi:
                kind = "hardened"
            elif lo <= plo and phi <= hi:
                kind = "softened"
            else:
                kind = "shifted"
        back = None
        if steps and iv is not None:
            back = next((s.date for s in steps if s.interval == iv), None)
        steps.append(PathStep(day, iv, kind, back))
    return tuple(steps)


def range_path(
    dossier: Dossier,
    side: str,
    issue: str,
    date_from: DateLike = None,
    date_to: DateLike = None,
) -> tuple[PathStep, ...]:
    """The path of ``side``'s accepted range on ``issue``: the range in force at
    ``date_from`` (None: its first position), then every change up to ``date_to``
    (None: latest). Empty when the side has no position in that window."""
    iss = dossier.issue_by_id[issue]
    dates, positions = dossier.position_index.get((side, issue), ((), ()))
    d_from, d_to = _as_date(date_from), _as_date(date_to)
    history: list[tuple[dt.date, Interval | None]] = []
    for day, pos in zip(dates, positions, strict=True):
        if d_to is not None and day > d_to:
            break
        iv = position_interval(iss, pos)
        if d_from is not None and day <= d_from:
            history = [(day, iv)]  # the one in force at date_from (last on equal dates)
        else:
            history.append((day, iv))
    return path_of(history)


def describe_path(steps: Sequence[PathStep], labels: Sequence[str]) -> str:
    """The path in words: "accepts A – B from 6 May 2025; hardened on 26 Jan 2026
    (A); returned on 20 Apr 2026 to its range of 6 May 2025". ``labels`` are the
    issue's scale labels."""

    def span(iv: Interval | None) -> str:
        if iv is None:
            return "no range"
        lo, hi = iv
        return labels[lo] if lo == hi else f"{labels[lo]} – {labels[hi]}"

    parts = []
    for n, s in enumerate(steps):
        day = f"{s.date:%d %b %Y}"
        if n == 0:
            parts.append(f"accepts {span(s.interval)} from {day}")
        elif s.returns_to is not None:
            parts.append(f"returned on {day} to its range of {s.returns_to:%d %b %Y}")
        elif s.kind == "unplaced":
            parts.append(f"no range stated on {day}")
        else:
            verb = {"placed": "placed again"}.get(s.kind, s.kind)
            parts.append(f"{verb} on {day} ({span(s.interval)})")
    return "; ".join(parts)
