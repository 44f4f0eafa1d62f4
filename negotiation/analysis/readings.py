"""Every comparison under every combination of readings (a contested position gives two
or more readings; see :class:`negotiation.model.Reading`).

A combination picks one reading for each contested position in force on an issue for
the compared parties (a camp is contested when a member is). :func:`variant` is the
dossier in which each picked position is replaced by that reading (ids kept), so every
existing analysis runs on it unchanged; the gap and overlap tables append, per row, the
result under each combination (``by_reading``) and a span in words (``span_text``).

Up to ``limit`` (64) combinations are enumerated. Beyond that the several-party
comparison gives exact bounds instead (:func:`overlap_bounds`): the least and the
greatest ``min hi - max lo`` of the placed parties' ranges (negative: a gap of that
many steps; 0 or more: an overlap of that many points plus one).

The comparison tables themselves are passed in (``table``), so that this module does not
import :mod:`negotiation.analysis.comparison`, which calls it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from negotiation.analysis.as_of import _InForce, in_force
from negotiation.analysis.basics import DateLike, Interval, _as_date
from negotiation.analysis.parties import party_label, resolve_party
from negotiation.analysis.ranges import _compute_party_range
from negotiation.dossier import Dossier
from negotiation.model import Position

DEFAULT_LIMIT = 64
"""Most combinations enumerated; beyond, bounds are given instead."""

_NO_LIMIT = 10**9
"""A pair's readings are always enumerated (two parties: few combinations)."""

Choice = Mapping[str, int]
"""Position id -> index of the reading picked."""


@dataclass(frozen=True)
class Combination:
    """One combination of readings: ``choice`` (position id, reading index) pairs and
    ``labels`` (side id, reading label) pairs, both in the parties' member order."""

    choice: tuple[tuple[str, int], ...]
    labels: tuple[tuple[str, str], ...]

    @property
    def readings(self) -> dict[str, str]:
        """Side id -> label of the reading picked."""
        return dict(self.labels)


@dataclass(frozen=True)
class Combinations:
    """The combinations of readings on one issue: ``contested`` (side id, position) in
    member order, ``count`` (product of their reading counts), ``too_many`` (more than
    the limit: ``items`` is then empty and the caller reports bounds)."""

    contested: tuple[tuple[str, Position], ...]
    count: int
    too_many: bool
    items: tuple[Combination, ...]

    @property
    def sides(self) -> tuple[str, ...]:
        return tuple(s for s, _ in self.contested)


# =========================================================================== what is contested


def has_readings(dossier: Dossier) -> bool:
    """Whether any position of the dossier gives readings (worked out once)."""
    memo = dossier.memo
    hit = memo.get(("has_readings",))
    if hit is None:
        hit = memo[("has_readings",)] = any(p.readings for _, p in dossier.positions())
    return bool(hit)


def _members(dossier: Dossier, parties: Iterable[str]) -> list[str]:
    out: list[str] = []
    for ref in parties:
        out.extend(resolve_party(dossier, ref).members)
    return list(dict.fromkeys(out))


def _contested_in_force(
    dossier: Dossier, issue: str, date: DateLike, parties: Iterable[str]
) -> tuple[tuple[str, Position], ...]:
    if not has_readings(dossier):
        return ()
    day = _as_date(date)
    out = []
    for side in _members(dossier, parties):
        pos = in_force(dossier, side, issue, day)
        if pos is not None and pos.readings:
            out.append((side, pos))
    return tuple(out)


def contested_parties(
    dossier: Dossier, issue: str, date: DateLike, parties: Iterable[str]
) -> tuple[str, ...]:
    """The given parties (side ids or ``camp:<id>``) whose position in force on ``issue``
    at ``date`` is contested; a camp is contested when a member's position is."""
    refs = list(dict.fromkeys(parties))
    sides = {s for s, _ in _contested_in_force(dossier, issue, date, refs)}
    if not sides:
        return ()
    return tuple(r for r in refs if sides.intersection(resolve_party(dossier, r).members))


def combinations(
    dossier: Dossier,
    issue: str,
    date: DateLike,
    parties: Iterable[str],
    limit: int | None = None,
) -> Combinations:
    """Every combination of readings of the contested positions in force for
    ``parties`` on ``issue`` (one combination, empty, when nothing is contested); none
    listed (``too_many``) when there are more than ``limit`` (None: :data:`DEFAULT_LIMIT`).
    """
    limit = DEFAULT_LIMIT if limit is None else limit
    contested = _contested_in_force(dossier, issue, date, parties)
    count = 1
    for _, pos in contested:
        count *= len(pos.readings or ())
    if count > limit:
        return Combinations(contested, count, True, ())
    items = []
    ranges = [range(len(pos.readings or ())) for _, pos in contested]
    for picks in itertools.product(*ranges):
        choice = tuple((pos.id, i) for (_, pos), i in zip(contested, picks, strict=True))
        labels = tuple(
            (side, (pos.readings or ())[i].label)
            for (side, pos), i in zip(contested, picks, strict=True)
        )
        items.append(Combination(choice, labels))
    return Combinations(contested, count, False, tuple(items))


# =========================================================================== variants


def variant(dossier: Dossier, choice: Choice | Iterable[tuple[str, int]]) -> Dossier:
    """A new dossier in which each position of ``choice`` (position id -> reading index)
    is replaced by :meth:`Position.as_reading` (same id); kept on ``dossier``'s memo per
    choice, so asking again is cheap. An empty choice gives ``dossier`` itself."""
    picks = dict(choice.items() if isinstance(choice, Mapping) else choice)
    if not picks:
        return dossier
    key = tuple(sorted(picks.items()))
    memo = dossier.memo.setdefault(("reading_variants",), {})
    hit = memo.get(key)  # type: ignore[union-attr]
    if hit is None:
        sides = []
        for side in dossier.sides:
            if any(p.id in picks for p in side.positions):
                positions = tuple(
                    p.as_reading(picks[p.id]) if p.id in picks and p.readings else p
                    for p in side.positions
                )
                side = replace(side, positions=positions)
            sides.append(side)
        hit = memo[key] = replace(dossier, sides=tuple(sides))  # type: ignore[index]
    return hit  # type: ignore[return-value]


# =========================================================================== per combination

Table = Callable[..., pd.DataFrame]


def _first_row(frame: pd.DataFrame) -> dict[str, Any]:
    return frame.iloc[0].to_dict() if len(frame) else {}


def _value(v: Any) -> Any:
    return None if v is None or (not isinstance(v, tuple | list | dict) and pd.isna(v)) else v


def _overlap_label(row: Mapping[str, Any]) -> str | None:
    lo, hi = row.get("overlap_from_label"), row.get("overlap_to_label")
    if _value(lo) is None:
        return None
    return lo if lo == hi else f"{lo} – {hi}"


def pair_by_reading(
    dossier: Dossier,
    a: str,
    b: str,
    issue: str,
    date: DateLike,
    table: Table,
    combos: Combinations | None = None,
) -> tuple[dict[str, Any], ...]:
    """The gap of ``a`` and ``b`` on ``issue`` under each combination of their readings:
    dicts of readings (side -> label), status, gap (None when not placed) and
    overlap_label, computed by ``table`` (:func:`gap_table`) on each :func:`variant`.
    A pair never has too many combinations to enumerate (no limit)."""
    if combos is None:
        combos = combinations(dossier, issue, date, (a, b), limit=_NO_LIMIT)
    out = []
    for combo in combos.items:
        row = _first_row(table(variant(dossier, combo.choice), a, b, date, [issue]))
        out.append(
            {
                "readings": combo.readings,
                "status": row.get("status"),
                "gap": None if _value(row.get("gap")) is None else int(row["gap"]),
                "overlap_label": _overlap_label(row),
                **({"gap_at_least": True} if bool(_value(row.get("gap_at_least"))) else {}),
            }
        )
    return tuple(out)


def overlap_by_reading(
    dossier: Dossier,
    parties: Sequence[str],
    issue: str,
    date: DateLike,
    table: Table,
    combos: Combinations | None = None,
) -> tuple[dict[str, Any], ...]:
    """The several-party overlap on ``issue`` under each combination of readings (empty
    when there are more than the limit): dicts of readings, status, overlap_label,
    blocker_sets (tuples of party labels), deal and winning_points, computed by
    ``table`` (:func:`overlap_table`) on each :func:`variant`."""
    if combos is None:
        combos = combinations(dossier, issue, date, parties)
    out = []
    for combo in combos.items:
        row = _first_row(table(variant(dossier, combo.choice), list(parties), date, [issue]))
        out.append(
            {
                "readings": combo.readings,
                "status": row.get("status"),
                "overlap_label": _overlap_label(row),
                "blocker_sets": tuple(tuple(s) for s in row.get("blocker_set_labels") or ()),
                "deal": row.get("deal"),
                "winning_points": tuple(row.get("winning_points") or ()),
            }
        )
    return tuple(out)


# =========================================================================== exact bounds


@dataclass(frozen=True)
class Bounds:
    """Exact bounds over every combination of ``d = min hi - max lo`` of the placed
    parties' ranges: ``d >= 0`` is an overlap of ``d + 1`` points, ``d < 0`` a gap of
    ``-d`` steps. None when no combination places any party."""

    d_min: int | None
    d_max: int | None

    @property
    def overlap_possible(self) -> bool:
        return self.d_max is not None and self.d_max >= 0

    @property
    def overlap_certain(self) -> bool:
        return self.d_min is not None and self.d_min >= 0


def bounds_of(candidates: Sequence[Sequence[Interval | None]]) -> Bounds:
    """Exact bounds of ``min hi - max lo`` over every way of picking one candidate per
    party (None: the party is not placed under that pick and is left out).

    Least: the least ``hi_k - lo_j`` over a candidate of party k and one of party j (the
    same candidate when j == k). Greatest: the greatest ``b - a`` over a candidate's
    ``lo`` a and a candidate's ``hi`` b such that every party has a candidate with
    ``lo <= a`` and ``hi >= b`` (or one not placed), and one placed party does.
    """
    placed = [[c for c in cands if c is not None] for cands in candidates]
    if not any(placed):
        return Bounds(None, None)
    d_min: int | None = None
    for j, cj in enumerate(placed):
        for k, ck in enumerate(placed):
            if j == k:
                vals = [hi - lo for lo, hi in cj]
            else:
                vals = [hi - lo for (lo, _) in cj for (_, hi) in ck] if cj and ck else []
            if vals:
                d_min = min(vals) if d_min is None else min(d_min, *vals)
    los = sorted({lo for cands in placed for lo, _ in cands})
    his = sorted({hi for cands in placed for _, hi in cands})
    d_max: int | None = None
    for a in los:
        for b in his:
            if d_max is not None and b - a <= d_max:
                continue
            if _feasible(candidates, placed, a, b):
                d_max = b - a
    return Bounds(d_min, d_max)


def _feasible(
    candidates: Sequence[Sequence[Interval | None]],
    placed: Sequence[Sequence[Interval]],
    a: int,
    b: int,
) -> bool:
    some = False
    for cands, ivs in zip(candidates, placed, strict=True):
        fits = any(lo <= a and hi >= b for lo, hi in ivs)
        some = some or fits
        if not fits and None not in cands:
            return False
    return some


def party_candidates(
    dossier: Dossier, party: str, issue: str, date: DateLike
) -> tuple[Interval | None, ...]:
    """The ranges ``party`` can have on ``issue`` at ``date``, one per combination of
    its own members' readings (None: not placed, e.g. a split camp), once each."""
    p = resolve_party(dossier, party)
    iss = dossier.issue_by_id[issue]
    latest = _InForce(dossier, _as_date(date))
    contested = _contested_in_force(dossier, issue, date, [party])
    out: list[Interval | None] = []
    ranges = [range(len(pos.readings or ())) for _, pos in contested]
    for picks in itertools.product(*ranges):
        overlay = dict(latest.items()) if contested else latest
        for (side, pos), i in zip(contested, picks, strict=True):
            overlay[(side, issue)] = pos.as_reading(i)  # type: ignore[index]
        out.append(_compute_party_range(dossier, overlay, p, iss).interval)
    return tuple(dict.fromkeys(out))


def overlap_bounds(dossier: Dossier, parties: Sequence[str], issue: str, date: DateLike) -> Bounds:
    """Exact bounds of the several-party comparison on ``issue`` over every combination
    of readings, without enumerating them (:func:`bounds_of` on each party's
    :func:`party_candidates`). Exact when no side is behind two of ``parties``; else the
    shared side's readings are picked independently for each party."""
    refs = list(dict.fromkeys(parties))
    return bounds_of([party_candidates(dossier, r, issue, date) for r in refs])


# =========================================================================== words


def _readings_of(dossier: Dossier, combos: Combinations) -> str:
    parts = []
    for side, pos in combos.contested:
        n = len(pos.readings or ())
        parts.append(f"{party_label(dossier, side)} ({n} readings)")
    return " and ".join(parts)


def _names(dossier: Dossier, combos: Combinations) -> str:
    return " and ".join(party_label(dossier, s) for s in combos.sides)


def _combo_name(dossier: Dossier, combos: Combinations, readings: Mapping[str, str]) -> str:
    """A combination in words: the reading's label, or with several contested sides
    'NGO reading (United States) + Official reading (China)'."""
    if len(readings) == 1:
        return next(iter(readings.values()))
    return " + ".join(f"{lab} ({party_label(dossier, s)})" for s, lab in readings.items())


def _steps(n: int) -> str:
    return f"{n} step" if n == 1 else f"{n} steps"


def pair_span_text(
    dossier: Dossier, combos: Combinations, results: Sequence[Mapping[str, Any]]
) -> str:
    """e.g. "gap 0–2 steps depending on the reading of United States (2 readings)";
    "" when nothing is contested."""
    if not combos.contested:
        return ""
    of = _readings_of(dossier, combos)
    gaps = [r["gap"] for r in results if r.get("gap") is not None]
    if not gaps:
        return f"not placed under any reading of {of}"
    lo, hi = min(gaps), max(gaps)
    core = f"gap {lo}–{_steps(hi)}"
    if lo == hi:
        core = "overlap" if lo == 0 else f"gap {_steps(lo)}"
    if any(r.get("gap_at_least") for r in results):  # against a bounded reading
        core += " (at least, where a reading only rules a part out)"
    if len(gaps) < len(results):
        what = "readings" if len(combos.contested) == 1 else "combinations of the readings"
        return (
            f"{core} under {len(gaps)} of {len(results)} {what} of {_names(dossier, combos)}; "
            "not placed under the rest"
        )
    if lo == hi:
        return f"{core} under every reading of {of}"
    return f"{core} depending on the reading of {of}"


def _blocked_words(sets: Sequence[Sequence[str]]) -> str:
    if not sets:
        return "no one holds a deal up"
    groups = []
    for s in sets:
        verb = "holds" if len(s) == 1 else "hold"
        groups.append(f"{', '.join(s)} {verb} a deal up")
    return " or ".join(groups)


def overlap_span_text(
    dossier: Dossier,
    combos: Combinations,
    results: Sequence[Mapping[str, Any]],
    bounds: Bounds | None = None,
) -> str:
    """e.g. "overlap under 1 of 2 readings of United States (2 readings). NGO reading:
    China, Japan hold a deal up; White House reading: China holds a deal up"; with
    ``bounds`` (too many combinations) the bounds in words; "" when nothing is
    contested."""
    if not combos.contested:
        return ""
    if combos.too_many:
        of = _readings_of(dossier, combos)
        return f"{combos.count} combinations of readings of {of}: " + _bounds_words(bounds)
    what = "readings" if len(combos.contested) == 1 else "combinations of the readings"
    of = f"{what} of {_names(dossier, combos)}"
    n = sum(1 for r in results if r.get("status") == "overlap")
    head = f"overlap under {n} of {len(results)} {of}"
    if n == len(results):
        head = f"overlap under all {len(results)} {of}"
    elif n == 0:
        head = f"no overlap under any of the {len(results)} {of}"
    per = "; ".join(
        f"{_combo_name(dossier, combos, r['readings'])}: {_blocked_words(r['blocker_sets'])}"
        for r in results
    )
    return f"{head}. {per}"


def _bounds_words(bounds: Bounds | None) -> str:
    if bounds is None or bounds.d_min is None or bounds.d_max is None:
        return "not placed under any"

    def one(d: int) -> str:
        if d < 0:
            return f"a gap of {_steps(-d)}"
        return f"an overlap of {d + 1} point" + ("s" if d else "")

    if bounds.d_min == bounds.d_max:
        return f"{one(bounds.d_min)} under every one"
    return f"from {one(bounds.d_min)} to {one(bounds.d_max)}"


# =========================================================================== table columns

GAP_READING_COLUMNS = ("contested_by", "gap_min", "gap_max", "by_reading", "span_text")
OVERLAP_READING_COLUMNS = (
    "contested_by",
    "combinations",
    "bounds_only",
    "by_reading",
    "span_text",
)


def with_gap_readings(
    frame: pd.DataFrame, dossier: Dossier, date: DateLike, table: Table
) -> pd.DataFrame:
    """``frame`` (a :func:`gap_table`) with the reading columns: contested_by (side ids
    with readings in this pair), gap_min, gap_max (Int64; ``gap`` when nothing is
    contested), by_reading (see :func:`pair_by_reading`) and span_text."""
    n = len(frame)
    contested: list[tuple[str, ...]] = [()] * n
    by: list[tuple[dict[str, Any], ...]] = [()] * n
    text = [""] * n
    gmin = list(frame["gap"]) if n else []
    gmax = list(gmin)
    if n and has_readings(dossier):
        for i, (issue, a, b) in enumerate(zip(frame["issue"], frame["a"], frame["b"], strict=True)):
            combos = combinations(dossier, issue, date, (a, b), limit=_NO_LIMIT)
            if not combos.contested:
                continue
            res = pair_by_reading(dossier, a, b, issue, date, table, combos)
            gaps = [r["gap"] for r in res if r["gap"] is not None]
            contested[i], by[i] = combos.sides, res
            gmin[i] = min(gaps) if gaps else None
            gmax[i] = max(gaps) if gaps else None
            text[i] = pair_span_text(dossier, combos, res)
    return _appended(
        frame,
        {
            "contested_by": _objects(contested),
            "gap_min": pd.array(gmin, dtype="Int64"),
            "gap_max": pd.array(gmax, dtype="Int64"),
            "by_reading": _objects(by),
            "span_text": _objects(text),
        },
    )


def with_overlap_readings(
    frame: pd.DataFrame, dossier: Dossier, date: DateLike, table: Table
) -> pd.DataFrame:
    """``frame`` (an :func:`overlap_table`) with the reading columns: contested_by,
    combinations (int; 1 when nothing is contested), bounds_only (more than the limit:
    by_reading is empty and span_text gives the bounds), by_reading (see
    :func:`overlap_by_reading`) and span_text."""
    n = len(frame)
    contested: list[tuple[str, ...]] = [()] * n
    by: list[tuple[dict[str, Any], ...]] = [()] * n
    text = [""] * n
    count = [1] * n
    only = [False] * n
    if n and has_readings(dossier):
        for i, (issue, refs) in enumerate(zip(frame["issue"], frame["parties"], strict=True)):
            combos = combinations(dossier, issue, date, refs)
            if not combos.contested:
                continue
            contested[i], count[i], only[i] = combos.sides, combos.count, combos.too_many
            bounds = overlap_bounds(dossier, refs, issue, date) if combos.too_many else None
            by[i] = overlap_by_reading(dossier, refs, issue, date, table, combos)
            text[i] = overlap_span_text(dossier, combos, by[i], bounds)
    return _appended(
        frame,
        {
            "contested_by": _objects(contested),
            "combinations": np.array(count, dtype="int64"),
            "bounds_only": np.array(only, dtype="bool"),
            "by_reading": _objects(by),
            "span_text": _objects(text),
        },
    )


def _objects(values: Sequence[Any]) -> np.ndarray:
    """An object array of ``values`` (tuples stay single cells)."""
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def _appended(frame: pd.DataFrame, columns: Mapping[str, Any]) -> pd.DataFrame:
    """``frame`` with ``columns`` added at the end (one concat: cheaper than adding them
    one by one, which the tables pay on every rerun)."""
    new = pd.DataFrame(dict(columns), index=frame.index)
    return pd.concat([frame, new], axis=1)
