"""How sure each placement is: short words for a position's basis, readings, ruled-out
part and sources, per party and per pair, and how many gaps rest on contested or
inferred input. Pure functions over the model; no streamlit."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from negotiation.analysis.as_of import in_force
from negotiation.analysis.basics import (
    NONE_CELL,
    DateLike,
    _frame,
    _range_label,
    is_bounded,
    position_interval,
    rejects_interval,
)
from negotiation.analysis.comparison import gap_table
from negotiation.analysis.parties import resolve_party
from negotiation.dossier import Dossier
from negotiation.model import Issue, Position

MAX_COMBINATIONS = 64
"""Reading combinations of a pair tried before an issue counts as 'may have a gap'."""


def how_sure(
    basis: str,
    *,
    contested: bool = False,
    n_readings: int = 0,
    bounded: bool = False,
    n_sources: int = 2,
) -> str:
    """Short words for how sure a placement is: the basis ('stated', 'reported',
    'inferred'), or 'contested (N readings)' (with ', inferred' when inferred),
    then ', bounded' when it only rules out a part of the scale, then ', single
    source' when every quote comes from one source (``n_sources`` <= 1)."""
    if contested:
        parts = [f"contested ({n_readings} readings)"]
        if basis == "inferred":
            parts.append("inferred")
    else:
        parts = [basis]
    if bounded:
        parts.append("bounded")
    if n_sources <= 1:
        parts.append("single source")
    return ", ".join(parts)


def placement_sources(pos: Position) -> tuple[str, ...]:
    """The source ids behind a placement: its evidence and every reading's evidence
    (not the priority's), in order, without repeats."""
    quotes = [*pos.evidence, *(ev for r in pos.readings or () for ev in r.evidence)]
    return tuple(dict.fromkeys(ev.source for ev in quotes))


def position_how_sure(pos: Position | None) -> str:
    """:func:`how_sure` of a position ('—' when there is none)."""
    if pos is None:
        return NONE_CELL
    return how_sure(
        pos.basis_or_default,
        contested=pos.contested,
        n_readings=len(pos.readings or ()),
        bounded=is_bounded(pos),
        n_sources=len(placement_sources(pos)),
    )


def is_uncertain(pos: Position | None) -> bool:
    """True when the placement is contested or inferred."""
    return pos is not None and (pos.contested or pos.basis_or_default == "inferred")


def combine_texts(texts: Mapping[str, str]) -> str:
    """One cell for several parties' certainty (label → text): the text alone when
    they all share it, else grouped by text, 'x: A, B; y: C' (parties without a
    position left out unless none has one)."""
    given = {k: v for k, v in texts.items() if v != NONE_CELL}
    if not given:
        return NONE_CELL
    groups: dict[str, list[str]] = {}
    for label, text in given.items():
        groups.setdefault(text, []).append(label)
    if len(groups) == 1 and len(given) == len(texts):
        return next(iter(groups))
    return "; ".join(f"{text}: {', '.join(labels)}" for text, labels in groups.items())


def issue_how_sure(
    dossier: Dossier, issue: str, date: DateLike = None, sides: Sequence[str] | None = None
) -> str:
    """Every side's certainty on ``issue`` in one cell (:func:`combine_texts`, sides
    by short label; ``sides`` limits them)."""
    wanted = [s for s in dossier.sides if sides is None or s.id in sides]
    return combine_texts(
        {s.label: position_how_sure(in_force(dossier, s.id, issue, date)) for s in wanted}
    )


def party_how_sure(dossier: Dossier, ref: str, issue: str, date: DateLike = None) -> str:
    """:func:`how_sure` of a side's position on ``issue`` at ``date``; for a camp, its
    members' combined (:func:`combine_texts`, members by short label)."""
    party = resolve_party(dossier, ref)
    texts = {
        dossier.side_by_id[m].label: position_how_sure(in_force(dossier, m, issue, date))
        for m in party.members
    }
    if party.kind == "side":
        return next(iter(texts.values()))
    return combine_texts(texts)


def pair_how_sure(
    dossier: Dossier,
    a: str,
    b: str,
    issue: str,
    date: DateLike = None,
    labels: Mapping[str, str] | None = None,
) -> str:
    """Both parties' certainty on ``issue`` in one cell: 'both x' when they share it,
    else 'A: x · B: y' (``labels``: party ref → name; default the parties' short
    labels)."""
    names = dict(labels or {})
    ta, tb = (party_how_sure(dossier, r, issue, date) for r in (a, b))
    if ta == tb and ta != NONE_CELL and ":" not in ta:
        return f"both {ta}"
    la = names.get(a) or _short(dossier, a)
    lb = names.get(b) or _short(dossier, b)
    return f"{la}: {ta} · {lb}: {tb}"


def _short(dossier: Dossier, ref: str) -> str:
    party = resolve_party(dossier, ref)
    return party.short or party.label


def party_uncertain(dossier: Dossier, ref: str, issue: str, date: DateLike = None) -> bool:
    """True when some member's position on ``issue`` is contested or inferred."""
    party = resolve_party(dossier, ref)
    return any(is_uncertain(in_force(dossier, m, issue, date)) for m in party.members)


# =========================================================================== gaps under readings


def side_intervals(issue: Issue, pos: Position | None) -> list[tuple[int, int] | None]:
    """The accepted interval of a position under each of its readings (one item when
    it is not contested; None = not placed under that reading)."""
    if pos is None:
        return [None]
    if not pos.contested:
        return [position_interval(issue, pos)]
    return [position_interval(issue, pos.as_reading(n)) for n in range(len(pos.readings or ()))]


def gap_under_some_reading(
    a_intervals: Sequence[tuple[int, int] | None], b_intervals: Sequence[tuple[int, int] | None]
) -> bool:
    """True when some pair of intervals (one of each party) is placed and disjoint."""
    pairs = itertools.islice(itertools.product(a_intervals, b_intervals), MAX_COMBINATIONS)
    return any(x is not None and y is not None and (x[1] < y[0] or y[1] < x[0]) for x, y in pairs)


def _side_may_gap(dossier: Dossier, a: str, b: str, issue: str, date: DateLike) -> bool:
    """For two sides one of which is contested: a gap under some reading."""
    iss = dossier.issue_by_id[issue]
    return gap_under_some_reading(
        side_intervals(iss, in_force(dossier, a, issue, date)),
        side_intervals(iss, in_force(dossier, b, issue, date)),
    )


def uncertain_gap_counts(
    dossier: Dossier,
    a: str,
    b: str,
    date: DateLike = None,
    issues: Sequence[str] | None = None,
    gaps: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """How many of the pair's gaps rest on contested or inferred input (``gaps``: the
    pair's :func:`gap_table`, when the caller has it already).

    Keys: gaps_counted (issues with a gap in :func:`gap_table`, plus issues where a
    contested side — a side, not a camp — has a gap with the other under some
    reading), gaps_uncertain (of those, the ones where either party's input is
    contested or inferred), uncertain_gap_issues (their issue ids, in order).
    """
    if gaps is None:
        gaps = gap_table(dossier, a, b, date, issues=issues)
    sides = not a.startswith("camp:") and not b.startswith("camp:")
    counted: list[str] = []
    uncertain: list[str] = []
    for row in gaps.itertuples(index=False):
        shaky = party_uncertain(dossier, a, row.issue, date) or party_uncertain(
            dossier, b, row.issue, date
        )
        has_gap = row.status == "gap"
        if not has_gap and shaky and sides and row.status == "not placed":
            has_gap = _side_may_gap(dossier, a, b, row.issue, date)
        if has_gap:
            counted.append(row.issue)
            if shaky:
                uncertain.append(row.issue)
    return {
        "gaps_counted": len(counted),
        "gaps_uncertain": len(uncertain),
        "uncertain_gap_issues": tuple(uncertain),
    }


def uncertain_gaps_text(counts: Mapping[str, Any]) -> str | None:
    """'2 of 7 gaps rest on contested or inferred input' (None when none does); when
    a gap is counted under some reading that the plain count (``issues_with_gap``)
    leaves out, it says so."""
    n, total = int(counts["gaps_uncertain"]), int(counts["gaps_counted"])
    if n == 0:
        return None
    verb = "rests" if n == 1 else "rest"
    text = f"{n} of {total} gap{'s' if total != 1 else ''} {verb} on contested or inferred input"
    plain = counts.get("issues_with_gap")
    if plain is not None and total > int(plain):
        text += f" ({total - int(plain)} of them a gap only under some reading)"
    return text


# =========================================================================== readings over time

READING_HISTORY_COLUMNS = (
    "side",
    "position",
    "as_of",
    "reading",
    "label",
    "lo",
    "hi",
    "range_label",
)


def reading_history(dossier: Dossier, issue: str) -> pd.DataFrame:
    """One row per reading of every contested position on ``issue`` (every date, not
    only the one in force): side, position, as_of, reading (index), label, lo / hi
    (<NA> when the reading only rules out), range_label."""
    iss = dossier.issue_by_id[issue]
    rows = []
    for side in dossier.sides:
        for pos in side.positions:
            if pos.issue != issue or not pos.contested:
                continue
            for n, reading in enumerate(pos.readings or ()):
                iv = position_interval(iss, pos.as_reading(n))
                rows.append(
                    {
                        "side": side.id,
                        "position": pos.id,
                        "as_of": pd.Timestamp(pos.as_of),
                        "reading": n,
                        "label": reading.label,
                        "lo": iv[0] if iv else None,
                        "hi": iv[1] if iv else None,
                        "range_label": _range_label(iss.scale, iv),
                    }
                )
    return _frame(
        rows,
        READING_HISTORY_COLUMNS,
        {"as_of": "datetime64[ns]", "reading": "int64", "lo": "Int64", "hi": "Int64"},
    )


# =========================================================================== in words


def certainty_sentences(
    dossier: Dossier,
    sides: Sequence[str],
    issues: Sequence[str],
    date: DateLike = None,
) -> list[tuple[str, Position]]:
    """How sure the placements of ``sides`` on ``issues`` are, in words: one sentence
    per contested, bounded or inferred position in force at ``date`` (issue order,
    then side order), with the position (its quotes and its readings' back it). E.g.
    "On Rent, the sources disagree about Operator: Gazette reading accepts 20 – 30;
    Minutes reading accepts 10 – 20.",
    "Union has ruled out 5 years.", "City's range (A – B) is inferred: <notes>"."""
    out: list[tuple[str, Position]] = []
    for issue_id in issues:
        iss = dossier.issue_by_id[issue_id]
        for side in dossier.sides:
            if side.id not in sides:
                continue
            pos = in_force(dossier, side.id, issue_id, date)
            if pos is None:
                continue
            out += _position_sentences(iss, side.name, pos)
    return out


def _position_sentences(iss: Issue, name: str, pos: Position) -> list[tuple[str, Position]]:
    out: list[tuple[str, Position]] = []
    inferred = pos.basis_or_default == "inferred"
    if pos.contested:
        each = []
        for n, reading in enumerate(pos.readings or ()):
            plain = pos.as_reading(n)
            each.append(f"{reading.label} {_stand(iss, plain)}")
        text = f"On {iss.title}, the sources disagree about {name}: " + "; ".join(each) + "."
        if inferred:
            text += f" Inferred by the curator: {pos.notes}"
        out.append((text, pos))
        return out
    if is_bounded(pos) or pos.rejects is not None:
        out.append((f"On {iss.title}, {name} {_stand(iss, pos)}.", pos))
    if inferred:
        rng = _range_label(iss.scale, position_interval(iss, pos)) or "no accepted range"
        out.append((f"On {iss.title}, {name}'s range ({rng}) is inferred: {pos.notes}", pos))
    return out


def _stand(iss: Issue, pos: Position) -> str:
    """'accepts A – B', 'has ruled out C – D', or both, of a plain position."""
    parts = []
    iv = position_interval(iss, pos)
    if iv is not None:
        parts.append(f"accepts {_range_label(iss.scale, iv)}")
    rej = rejects_interval(iss, pos)
    if rej is not None:
        parts.append(f"has ruled out {_range_label(iss.scale, rej)}")
    return " and ".join(parts) or "places it nowhere"
