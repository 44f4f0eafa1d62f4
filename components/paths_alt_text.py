"""Text alternatives for the paths-to-agreement figures and tables (see
:mod:`components.alt_text`): plain text, no streamlit import, from the same frames the
figure builder draws."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from components.figure_style import isna


def _steps(n: int) -> str:
    return f"{n} step{'s' if n != 1 else ''}"


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def paths_alt_text(
    parties: pd.DataFrame,
    scale_labels: Sequence[str],
    *,
    meeting_points: Sequence[int] = (),
    point: int | None = None,
    title: str | None = None,
) -> str:
    """The finding of :func:`components.paths_figures.paths_figure` in words, e.g.
    "NATO non-expansion: meeting point “Legally binding end to enlargement” (weights:
    Russia 4, The West 3). The West moves 4 steps from “Open door unchanged”; Russia
    does not move. No red line is crossed."."""
    head = f"{title}: " if title else ""
    placed = parties[parties["placed"].astype(bool)]
    if point is None or placed.empty:
        return head + "no party is placed, so there is no meeting point."
    where = f"meeting point “{scale_labels[point]}”"
    if len(meeting_points) > 1:
        ties = _join([f"“{scale_labels[i]}”" for i in meeting_points])
        where += f" (one of {len(meeting_points)} tied: {ties})"
    weights = _join(
        [
            f"{r.label} {int(r.weight)}" + (" (defaulted)" if bool(r.defaulted) else "")
            for r in placed.itertuples(index=False)
        ]
    )
    text = f"{head}{where}; weights {weights}."
    movers, still, outvoted = [], [], []
    for r in placed.itertuples(index=False):
        name = str(r.label) + (" (what-if range)" if _true(r, "hypothetical") else "")
        basis = getattr(r, "basis", None)
        name += " (inferred)" if not isna(basis) and basis == "inferred" else ""
        if _true(r, "outvoted"):
            outvoted.append(name)
            continue
        steps = 0 if isna(r.steps) else int(r.steps)
        if steps == 0:
            still.append(name)
            continue
        move = f"{name} moves {_steps(steps)} from “{scale_labels[int(r.move_from)]}”"
        if bool(r.red_line):
            move += ", crossing a red line"
        movers.append(move)
    if movers:
        text += " " + "; ".join(movers) + "."
    if still:
        text += f" {_join(still)} {'does' if len(still) == 1 else 'do'} not move."
    if outvoted:
        text += f" Outvoted (not counted as moving): {_join(outvoted)}."
    crossing = [str(r.label) for r in placed.itertuples(index=False) if bool(r.red_line)]
    text += f" Red line crossed by {_join(crossing)}." if crossing else " No red line is crossed."
    not_placed = [_unplaced(r, scale_labels) for r in parties.itertuples(index=False)]
    not_placed = [t for t in not_placed if t]
    if not_placed:
        text += f" Not placed: {_join(not_placed)}."
    return text


def _unplaced(row: object, scale_labels: Sequence[str]) -> str | None:
    """A party that is not placed, saying why when the frame tells: "X (two readings:
    …)", "X (has ruled out …)"; None when it is placed."""
    if bool(getattr(row, "placed", True)):
        return None
    label = str(getattr(row, "label", ""))
    readings = getattr(row, "readings", None)
    if isinstance(readings, tuple | list) and readings:
        words = {2: "two", 3: "three", 4: "four"}.get(len(readings), str(len(readings)))
        each = [
            f"{name} accepts {_span(scale_labels, lo, hi)}" if not isna(lo) else f"{name} none"
            for name, lo, hi in readings
        ]
        return f"{label} ({words} readings: {', '.join(each)})"
    lo, hi = getattr(row, "rejects_lo", None), getattr(row, "rejects_hi", None)
    if not isna(lo) and not isna(hi):
        return f"{label} (has ruled out {_span(scale_labels, lo, hi)})"
    return label


def _span(scale_labels: Sequence[str], lo: object, hi: object) -> str:
    a, b = int(lo), int(hi)  # type: ignore[call-overload]
    return f"“{scale_labels[a]}”" if a == b else f"“{scale_labels[a]}” to “{scale_labels[b]}”"


def _true(row: object, name: str) -> bool:
    value = getattr(row, name, False)
    return not isna(value) and bool(value)


def concessions_summary(table: pd.DataFrame, labels: dict[str, str]) -> str:
    """One sentence over a :func:`negotiation.paths.concessions_table` frame: how many
    issues need a move, the total steps, who moves most and the red lines crossed."""
    gaps = table[table["status"] == "gap"]
    n = len(table)
    voted = "rule" in table.columns and any(r != "consensus" for r in table["rule"])
    if gaps.empty and voted:
        return (
            f"None of the {n} issues needs a move under its rule: where a point carries, "
            "a coalition already accepts it."
        )
    if gaps.empty:
        return f"None of the {n} issues needs a move: every compared party already overlaps."
    moved: dict[str, int] = {}
    for steps in gaps["steps"]:
        for ref, k in steps.items():
            moved[ref] = moved.get(ref, 0) + int(k)
    who = _join([f"{labels.get(r, r)} {_steps(k)}" for r, k in moved.items()])
    text = (
        f"{len(gaps)} of {n} issues need a move to reach their meeting point: "
        f"{int(gaps['total_steps'].sum())} steps in all ({who})."
    )
    crossing = sorted({r for refs in gaps["red_lines_crossed"] for r in refs})
    if crossing:
        text += f" Red lines crossed: {_join([labels.get(r, r) for r in crossing])}."
    return text
