"""Figures of accepted ranges: the range chart of one issue, movement over time, and the
history of one issue. Pure builders, no streamlit import."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from components.figure_style import (
    BEFORE_SYMBOL,
    GAP_COLOUR,
    GRID,
    IDEAL_SYMBOL,
    MARKER_EDGE,
    NEUTRAL,
    OVERLAP_FILL,
    OVERLAP_LINE,
    base_layout,
    event_lines,
    fast_figure,
    isna,
    scale_axis,
    scatter,
    stance_symbol,
    stance_text,
    title_top,
    wrap_label,
)
from components.whatif_style import hatched_range, is_hypothetical, row_label

# =========================================================================== ranges


def range_figure(
    ranges: pd.DataFrame,
    scale_labels: Sequence[str],
    *,
    title: str | None = None,
    overlap: tuple[int, int] | None = None,
    gap: int | None = None,
    colours: Mapping[str, str] | None = None,
) -> go.Figure:
    """Each party's accepted range on one issue's scale, as a horizontal dumbbell.

    ``ranges`` has one row per party with columns ``party`` (ref), ``label`` and
    ``lo``, ``hi`` (scale indices; NA = not placed), optional ``ideal`` (index) and
    ``stance``. One trace per party (named by its label); the ``overlap`` (lo, hi) is
    a shaded rectangle (a layout shape) and the ``gap`` in steps is annotated.
    Parties without a range are listed as 'not placed' on their row, never guessed.
    A row whose optional ``hypothetical`` cell is true (a what-if range) is drawn
    hatched and dotted, and its label says "(what-if)".

    How sure each placement is (optional columns, absent or NA = plain): a row whose
    ``basis`` is "inferred" is drawn dashed and labelled "(inferred)"; a row with
    ``readings`` (a tuple of (label, lo, hi) per reading, lo/hi None when the reading
    only rules out) is drawn as one outlined, unfilled range per reading on its own
    row "<party> — <reading label>"; ``rejects_lo``/``rejects_hi`` (the ruled-out
    part) are drawn hatched and labelled "ruled out".
    """
    colours = dict(colours or {})
    traces: list[dict[str, Any]] = []
    labels: list[str] = []
    n_steps = max(len(scale_labels) - 1, 1)
    placed: list[tuple[str, int, int]] = []
    ideals: list[dict[str, Any]] = []
    for row in ranges.itertuples(index=False):
        if readings_of(row):
            labels += _add_readings(traces, row, scale_labels, colours)
            continue
        labels.append(_row_label(_plain_label(row)))
        drawn = _add_party(traces, ideals, row, scale_labels, colours)
        if drawn is not None:
            placed.append(drawn)
    if ideals:  # one trace for every party's ideal: Plotly's cost grows with traces
        traces.append(_ideals_trace(ideals))
    marks: tuple[list[dict[str, Any]], list[dict[str, Any]]] = ([], [])
    if overlap is not None:
        marks = _mark_overlap(overlap)
    elif gap is not None and gap > 0 and len(placed) >= 2:
        marks = _mark_gap(gap, placed, n_steps)
    axes = {
        # upright, narrowly wrapped labels: rotated multi-line labels overlap at 1024 px
        "xaxis": scale_axis(scale_labels, width=12 if len(scale_labels) >= 5 else 16)
        | {"tickangle": 0},
        "yaxis": {
            "categoryorder": "array",
            "categoryarray": list(reversed(labels)),
            "automargin": True,
            "showgrid": False,
        },
    }
    fig = fast_figure(traces, shapes=marks[0], annotations=marks[1], layout=axes)
    height = 140 + 46 * max(len(labels), 1)
    base_layout(fig, title=title, height=height)
    fig.update_layout(showlegend=False, margin={"t": title_top(title) + 10, "b": 10})
    return fig


ROW_LABEL_WIDTH = 18
"""Party names on the range charts' y axis wrap at about this many characters."""


def _row_label(value: object) -> str:
    return wrap_label(str(value), ROW_LABEL_WIDTH)


INFERRED_SUFFIX = " (inferred)"
"""Appended to the row label of an inferred placement (drawn dashed)."""
RULED_OUT_HATCH = "x"
"""Pattern of a ruled-out part (a what-if range is hatched "/")."""


def is_inferred(row: Any) -> bool:
    basis = getattr(row, "basis", None)
    return not isna(basis) and basis == "inferred"


def _plain_label(row: Any) -> str:
    """The row's label with " (what-if)" and " (inferred)" as they apply."""
    return row_label(row) + (INFERRED_SUFFIX if is_inferred(row) else "")


def readings_of(row: Any) -> tuple[tuple[str, Any, Any], ...]:
    value = getattr(row, "readings", None)
    if value is None or (not isinstance(value, tuple | list) and isna(value)):
        return ()
    return tuple(value)


def rejects_of(row: Any) -> tuple[int, int] | None:
    lo, hi = getattr(row, "rejects_lo", None), getattr(row, "rejects_hi", None)
    if isna(lo) or isna(hi):
        return None
    return int(lo), int(hi)


def ruled_out(*, y: str, lo: int, hi: int, colour: str, name: str) -> list[dict[str, Any]]:
    """A cross-hatched band from ``lo`` to ``hi`` on row ``y`` (what a side has ruled
    out) and its "ruled out" label: trace dicts for :func:`fast_figure`."""
    left, right = lo - 0.3, hi + 0.3
    band = dict(
        type="bar",
        y=[y],
        x=[right - left],
        base=[left],
        orientation="h",
        width=0.5,
        marker={
            "color": "rgba(0,0,0,0)",
            "line": {"color": colour, "width": 1},
            "pattern": {"shape": RULED_OUT_HATCH, "fgcolor": colour, "solidity": 0.3, "size": 7},
        },
        name=f"{name}: ruled out",
        showlegend=False,
        hoverinfo="skip",
        meta={"ruled_out": True},
    )
    note = scatter(  # beside the band, so the hatching never hides it
        x=[right if lo == 0 else left],
        y=[y],
        mode="text",
        text=["ruled out"],
        textposition="middle right" if lo == 0 else "middle left",
        name=f"{name}: ruled out",
        showlegend=False,
        hoverinfo="skip",
        meta={"ruled_out": True},
    )
    return [band, note]


def _add_readings(
    traces: list[dict[str, Any]],
    row: Any,
    scale_labels: Sequence[str],
    colours: Mapping[str, str],
) -> list[str]:
    """A contested party: one outlined, unfilled range per reading, each on its own
    row "<party> — <reading>"; the rows' categories."""
    colour = colours.get(str(row.party), NEUTRAL)
    inferred = is_inferred(row)
    categories = []
    for label, lo, hi in readings_of(row):
        name = f"{row_label(row)} — {label}" + (INFERRED_SUFFIX if inferred else "")
        y = _row_label(name)
        categories.append(y)
        if isna(lo) or isna(hi):
            traces.append(
                scatter(
                    x=[(len(scale_labels) - 1) / 2],
                    y=[y],
                    mode="text",
                    text=["not placed on this reading"],
                    name=name,
                    showlegend=False,
                    hoverinfo="skip",
                    meta={"party": str(row.party), "placed": False, "reading": str(label)},
                )
            )
            continue
        lo, hi = int(lo), int(hi)
        rng = scale_labels[lo] if lo == hi else f"{scale_labels[lo]} – {scale_labels[hi]}"
        left, right = lo - 0.2, hi + 0.2
        traces.append(
            dict(
                type="bar",
                y=[y],
                x=[right - left],
                base=[left],
                orientation="h",
                width=0.45,
                marker={
                    "color": "rgba(0,0,0,0)",
                    "line": {"color": colour, "width": 3},
                },
                name=name,
                showlegend=False,
                hovertemplate=f"<b>{name}</b><br>accepts on this reading: {rng}<extra></extra>",
                meta={"party": str(row.party), "placed": True, "reading": str(label)}
                | ({"inferred": True} if inferred else {}),
            )
        )
    return categories


def _add_party(
    traces: list[dict[str, Any]],
    ideals: list[dict[str, Any]],
    row: Any,
    scale_labels: Sequence[str],
    colours: Mapping[str, str],
) -> tuple[str, int, int] | None:
    """One party's row of :func:`range_figure` (its ideal, if any, goes to ``ideals``
    for the one trace of ideals); (label, lo, hi) when it is placed."""
    plain = _plain_label(row)  # the trace name (with " (what-if)", " (inferred)")
    label = _row_label(plain)  # the y category (wrapped)
    inferred = is_inferred(row)
    name = getattr(row, "name", None)
    full = plain if isna(name) else str(name) + plain[len(str(row.label)) :]
    hypothetical = is_hypothetical(row)
    colour = colours.get(str(row.party), NEUTRAL)
    stance = getattr(row, "stance", None)
    stance = None if isna(stance) else str(stance)
    rejects = rejects_of(row)
    if rejects is not None:
        traces += ruled_out(y=label, lo=rejects[0], hi=rejects[1], colour=colour, name=plain)
    if isna(row.lo) or isna(row.hi):
        if rejects is not None:  # bounded: the ruled-out part says where it stands
            return None
        traces.append(
            scatter(
                x=[(len(scale_labels) - 1) / 2],
                y=[label],
                mode="text",
                text=["not placed" + (f" ({stance_text(stance)})" if stance else "")],
                name=plain,
                legendgroup=plain,
                showlegend=False,
                hoverinfo="skip",
                meta={"party": str(row.party), "placed": False},
            )
        )
        return None
    lo, hi = int(row.lo), int(row.hi)
    rng = scale_labels[lo] if lo == hi else f"{scale_labels[lo]} – {scale_labels[hi]}"
    hover = f"<b>{full}</b><br>accepts: {rng}"
    if stance:
        hover += f"<br>stance: {stance_text(stance)}"
    if inferred:
        hover += "<br>inferred (the curator's reading of indirect evidence)"
    if hypothetical:
        hover += "<br>hypothetical range (what-if), not sourced"
        traces.append(hatched_range(y=label, lo=lo, hi=hi, colour=colour, name=plain))
    traces.append(
        scatter(
            x=[lo, hi] if lo != hi else [lo - 0.08, hi + 0.08],
            y=[label, label],
            mode="lines+markers",
            line={"color": colour, "width": 3 if hypothetical else 10}
            | ({"dash": "dot"} if hypothetical else {"dash": "dash"} if inferred else {}),
            marker={
                "color": colour,
                "size": 14,
                "symbol": stance_symbol(stance),
                "line": {"color": MARKER_EDGE, "width": 1},
            },
            name=plain,
            legendgroup=plain,
            hovertemplate=hover + "<extra></extra>",
            meta={"party": str(row.party), "placed": True, "hypothetical": hypothetical}
            | ({"inferred": True} if inferred else {}),
        )
    )
    ideal = getattr(row, "ideal", None)
    if not isna(ideal):
        ideals.append(
            {
                "x": int(ideal),
                "y": label,
                "colour": colour,
                "party": str(row.party),
                "hover": f"<b>{full}</b><br>ideal: {scale_labels[int(ideal)]}<extra></extra>",
            }
        )
    return label, lo, hi


def _ideals_trace(ideals: list[dict[str, Any]]) -> dict[str, Any]:
    """Every party's ideal point, each in its party's colour (one trace)."""
    colours = [i["colour"] for i in ideals]
    return scatter(
        x=[i["x"] for i in ideals],
        y=[i["y"] for i in ideals],
        mode="markers",
        marker={
            "color": colours,
            "size": 12,
            "symbol": IDEAL_SYMBOL,
            "line": {"color": colours, "width": 3},
        },
        name="ideal",
        showlegend=False,
        hovertemplate=[i["hover"] for i in ideals],
        meta={"parties": [i["party"] for i in ideals]},
    )


Marks = tuple[list[dict[str, Any]], list[dict[str, Any]]]
"""Layout shapes and annotations of a figure."""


def _mark_overlap(overlap: tuple[int, int]) -> Marks:
    """Shade the overlap of the ranges: (shapes, annotations)."""
    shape = dict(
        type="rect",
        x0=overlap[0] - 0.3,
        x1=overlap[1] + 0.3,
        y0=0,
        y1=1,
        yref="paper",
        fillcolor=OVERLAP_FILL,
        line={"color": OVERLAP_LINE, "width": 1, "dash": "dot"},
        layer="below",
        name="overlap",
    )
    note = dict(
        x=(overlap[0] + overlap[1]) / 2,
        y=1,
        yref="paper",
        yanchor="bottom",
        text="overlap",
        showarrow=False,
    )
    return [shape], [note]


def _mark_gap(gap: int, placed: list[tuple[str, int, int]], n_steps: int) -> Marks:
    """Draw and label the gap between the nearest ends: (shapes, annotations)."""
    # the nearest ends: the highest 'hi' below and the lowest 'lo' above the gap
    left = min(placed, key=lambda p: p[2])
    right = max(placed, key=lambda p: p[1])
    x0, x1 = left[2], right[1]
    # along the top edge, under its label and below the traces: half a row above the
    # first party's bar, so it never covers one (however many parties are drawn)
    shape = dict(
        type="line",
        x0=x0,
        x1=x1,
        y0=1,
        y1=1,
        yref="paper",
        line={"color": GAP_COLOUR, "width": 2, "dash": "dash"},
        layer="below",
        name="gap",
    )
    note = dict(
        x=(x0 + x1) / 2,
        y=1,
        yref="paper",
        yanchor="bottom",
        text=f"gap: {gap} step{'s' if gap != 1 else ''} ({gap / n_steps:.0%} of scale)",
        showarrow=False,
    )
    return [shape], [note]


# =========================================================================== movement


def movement_figure(
    moves: pd.DataFrame,
    *,
    colours: Mapping[str, str] | None = None,
    title: str | None = None,
    labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """Arrows from each side's old placement to its new one, per issue.

    ``moves`` is :func:`negotiation.analysis.movement_table` output (columns side,
    side_name, issue_title, scale_len, old_lo, old_hi, new_lo, new_hi,
    old_ideal_index, new_ideal_index, old_range_label, new_range_label, direction).
    Issues have scales of different lengths, so x is the position as a share of the
    scale (0 = first outcome, 1 = last). One marker trace per side (new placement,
    named by the side) plus one grey trace of old placements; an arrow annotation
    per move. Rows without a placement before and after are left out. ``labels``
    (side → short label) name the sides on the axis and legend; hover has full names.
    """
    colours = dict(colours or {})
    traces: list[dict[str, Any]] = []
    rows = _move_rows(moves, labels or {})
    order = [row["y"] for row in rows]
    olds = [row for row in rows if row["old"] is not None]
    if olds:
        traces.append(
            scatter(
                x=[row["old"] for row in olds],
                y=[row["y"] for row in olds],
                mode="markers",
                marker={
                    "color": NEUTRAL,
                    "size": 16,
                    "symbol": BEFORE_SYMBOL,
                    "line": {"color": NEUTRAL, "width": 3},
                },
                name="before",
                hovertemplate="%{text}<extra>before</extra>",
                text=[row["old_label"] for row in olds],
            )
        )
    for side in dict.fromkeys(row["side"] for row in rows):
        mine = [row for row in rows if row["side"] == side and row["new"] is not None]
        if not mine:
            continue
        traces.append(
            scatter(
                x=[row["new"] for row in mine],
                y=[row["y"] for row in mine],
                mode="markers",
                marker={
                    "color": colours.get(side, NEUTRAL),
                    "size": 13,
                    "line": {"color": MARKER_EDGE, "width": 1},
                },
                name=str(mine[0]["short"]),
                text=[
                    f"{row['side_name']}: {row['old_label']} → {row['new_label']} "
                    f"({row['direction']})"
                    for row in mine
                ],
                hovertemplate="%{text}<extra>%{fullData.name}</extra>",
            )
        )
    axes = {
        "xaxis": {
            "range": [-0.05, 1.05],
            "tickvals": [0, 0.5, 1],
            "ticktext": ["first outcome on the scale", "middle", "last outcome on the scale"],
            "showgrid": True,
            "gridcolor": GRID,
            "zeroline": False,
        },
        "yaxis": {
            "categoryorder": "array",
            "categoryarray": list(reversed(order)),
            "automargin": True,
        },
    }
    fig = fast_figure(traces, annotations=_move_arrows(rows, colours), layout=axes)
    base_layout(fig, title=title, height=150 + 48 * max(len(rows), 1))
    return fig


def _move_rows(moves: pd.DataFrame, labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """One dict per move placed before or after (x as a share of the scale)."""
    rows: list[dict[str, Any]] = []
    for r in moves.itertuples(index=False):
        steps = max(int(r.scale_len) - 1, 1)

        def mid(lo: Any, hi: Any, ideal: Any, steps: int = steps) -> float | None:
            if not isna(lo) and not isna(hi):
                return (int(lo) + int(hi)) / 2 / steps
            if not isna(ideal):
                return int(ideal) / steps
            return None

        old = mid(r.old_lo, r.old_hi, r.old_ideal_index)
        new = mid(r.new_lo, r.new_hi, r.new_ideal_index)
        if new is None and old is None:
            continue
        rows.append(
            {
                "side": r.side,
                "side_name": r.side_name,
                "short": labels.get(r.side, r.side_name),
                "y": f"{wrap_label(str(r.issue_title), 30)} · {labels.get(r.side, r.side_name)}",
                "old": old,
                "new": new,
                "old_label": _range_text(r.old_range_label),
                "new_label": _range_text(r.new_range_label),
                "direction": r.direction,
            }
        )
    return rows


def _range_text(label: Any) -> str:
    """A range label, or "—" when there is none (None, NaN or empty; the validated
    figure used to show a NaN as "nan")."""
    return "—" if isna(label) or not label else str(label)


def _move_arrows(rows: list[dict[str, Any]], colours: Mapping[str, str]) -> list[dict[str, Any]]:
    """An arrow annotation from the old placement to the new one, per move."""
    return [
        dict(
            x=row["new"],
            y=row["y"],
            ax=row["old"],
            ay=row["y"],
            xref="x",
            yref="y",
            axref="x",
            ayref="y",
            showarrow=True,
            arrowhead=3,
            arrowsize=1.2,
            arrowwidth=2,
            arrowcolor=colours.get(row["side"], NEUTRAL),
            standoff=7,
            text="",
        )
        for row in rows
        if row["old"] is not None and row["new"] is not None and row["old"] != row["new"]
    ]


# =========================================================================== issue history


LEGEND_PER_ROW = 4
"""Legend entries a row holds at the narrowest desktop width (1024 px), about."""

HISTORY_SPREAD = 0.3
"""Largest vertical offset (in scale steps) of a side in :func:`history_figure`."""


def history_offset(k: int, n: int) -> float:
    """Vertical offset of the k-th of n sides: evenly spread within ±HISTORY_SPREAD,
    at most 0.12 of a step between neighbours."""
    if n <= 1:
        return 0.0
    step = min(0.12, 2 * HISTORY_SPREAD / (n - 1))
    return (k - (n - 1) / 2) * step


def history_figure(
    positions: pd.DataFrame,
    scale_labels: Sequence[str],
    *,
    party_order: Sequence[str] = (),
    colours: Mapping[str, str] | None = None,
    title: str | None = None,
    events: pd.DataFrame | None = None,
    labels: Mapping[str, str] | None = None,
    readings: pd.DataFrame | None = None,
) -> go.Figure:
    """Each side's positions on one issue over time: x = date, y = scale point.

    ``positions`` are :func:`negotiation.analysis.positions_frame` rows of one issue
    (columns side, side_name, as_of, stance, lo, hi, ideal_index, range_label,
    summary). One trace per side (named by side_name), markers by stance symbol,
    the accepted range as an error bar around its middle; positions with only an
    ideal point are drawn there as open markers; positions with neither are not
    drawn. ``events`` (date, title) are dotted vertical lines. Sides are drawn a
    little apart vertically (at most ±0.3 of a step, in party order), so identical
    ranges stay visible side by side instead of hiding each other; the hover gives
    the exact range. ``labels`` (side → short label) name the legend entries. A row
    whose optional ``hypothetical`` cell is true (a what-if position) gets an open
    marker labelled "what-if".

    How sure (optional columns): a row whose ``basis`` is "inferred" gets a dashed
    range and the note "inferred"; a bounded row (``rejects_lo``/``rejects_hi``, no
    range) is drawn as its ruled-out part, a cross-hatched bar labelled "ruled out";
    ``readings`` (:func:`negotiation.analysis.readings_frame` rows of the issue)
    draws each reading of a contested position as an open marker with its range,
    labelled with the reading's label.
    """
    labels = dict(labels or {})
    colours = dict(colours or {})
    traces: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    sides = list(dict.fromkeys([*party_order, *positions["side"].tolist()]))
    present = [s for s in sides if s in set(positions["side"])]
    n = len(present)
    for k, side in enumerate(present):
        mine = positions[positions["side"] == side].sort_values("as_of")
        xs, ys, lo_err, hi_err, symbols, texts = [], [], [], [], [], []
        what_ifs: list[tuple[Any, float]] = []
        offset = history_offset(k, n)
        for r in mine.itertuples(index=False):
            if not isna(r.lo) and not isna(r.hi):
                lo, hi = int(r.lo), int(r.hi)
                y = (lo + hi) / 2
                symbol = stance_symbol(r.stance)
            elif not isna(r.ideal_index):
                lo = hi = int(r.ideal_index)
                y = float(lo)
                symbol = IDEAL_SYMBOL
            else:
                continue
            xs.append(pd.Timestamp(r.as_of))
            ys.append(y + offset)
            inferred = is_inferred(r)  # its range drawn dashed instead of as an error bar
            lo_err.append(0 if inferred else y - lo)
            hi_err.append(0 if inferred else hi - y)
            symbols.append(symbol)
            rng = r.range_label if not isna(r.range_label) else "ideal only"
            texts.append(
                f"{pd.Timestamp(r.as_of):%Y-%m-%d} · {stance_text(r.stance)}<br>"
                f"accepts: {rng}<br>{wrap_label(str(r.summary), 60)}"
            )
            if is_hypothetical(r):  # a what-if position: open marker, labelled
                symbols[-1] = "diamond-wide-open"
                what_ifs.append((xs[-1], y + offset))
        colour = colours.get(side, NEUTRAL)
        short = labels.get(side, str(mine["side_name"].iloc[0]))
        traces += _history_certainty(mine, readings, side, short, colour, offset, notes)
        if not xs:
            continue
        traces.append(
            scatter(
                x=xs,
                y=ys,
                mode="lines+markers",
                line={"color": colour, "width": 2, "shape": "hv"},
                marker={
                    "color": colour,
                    "size": 14,
                    "symbol": symbols,
                    "line": {"color": MARKER_EDGE, "width": 1},
                },
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": hi_err,
                    "arrayminus": lo_err,
                    "color": colour,
                    "thickness": 3,
                    "width": 6,
                },
                name=labels.get(side, str(mine["side_name"].iloc[0])),
                text=texts,
                hovertemplate=f"%{{text}}<extra>{mine['side_name'].iloc[0]}</extra>",
            )
        )
        notes += [
            {"x": x, "y": y, "text": "what-if", "showarrow": False, "yshift": 18}
            for x, y in what_ifs
        ]
    if any(t.get("type") == "bar" for t in traces):
        axes_extra: dict[str, Any] = {"barmode": "overlay"}
    else:
        axes_extra = {}
    shapes = (
        event_lines([ev.date for ev in events.itertuples(index=False)])
        if events is not None
        else []
    )
    axes = {
        "yaxis": scale_axis(scale_labels, width=28),
        "xaxis": {
            "title": {"text": "date"},
            "showgrid": False,
            "tickformat": "%d %b %Y",
        },
    }
    fig = fast_figure(traces, shapes=shapes, annotations=notes, layout=axes | axes_extra)
    # the legend sits above the plot and pushes it down: one more row of height per
    # LEGEND_PER_ROW sides, so nine sides never squeeze the plot below its size
    legend_rows = math.ceil(len(fig.data) / LEGEND_PER_ROW)
    height = max(360, 120 + 50 * len(scale_labels)) + 24 * max(legend_rows - 1, 0)
    base_layout(fig, title=title, height=height)
    return fig


RULED_OUT_DAYS = 2
"""Width of a ruled-out bar on the history chart's date axis, in days."""


def _history_certainty(
    mine: pd.DataFrame,
    readings: pd.DataFrame | None,
    side: str,
    short: str,
    colour: str,
    offset: float,
    notes: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """One side's inferred ranges (dashed), ruled-out parts (hatched bars) and
    readings (open markers with their ranges, labelled) on :func:`history_figure`."""
    out: list[dict[str, Any]] = []
    dashed_x: list[Any] = []
    dashed_y: list[Any] = []
    for r in mine.itertuples(index=False):
        when = pd.Timestamp(r.as_of)
        if is_inferred(r) and not isna(r.lo) and not isna(r.hi):
            dashed_x += [when, when, None]
            dashed_y += [int(r.lo) + offset, int(r.hi) + offset, None]
            notes.append(
                {
                    "x": when,
                    "y": int(r.lo) + offset,
                    "text": "inferred",
                    "showarrow": False,
                    "yshift": -16,
                }
            )
        rejects = rejects_of(r)
        if rejects is not None and (isna(r.lo) or isna(r.hi)):
            lo, hi = rejects
            out.append(
                dict(
                    type="bar",
                    # beside its date, so a marker of another side on that day shows
                    x=[when + pd.Timedelta(days=RULED_OUT_DAYS * 0.75)],
                    y=[hi - lo + 0.6],
                    base=[lo - 0.3],
                    width=RULED_OUT_DAYS * 86_400_000,
                    marker={
                        "color": "rgba(0,0,0,0)",
                        "line": {"color": colour, "width": 1},
                        "pattern": {
                            "shape": RULED_OUT_HATCH,
                            "fgcolor": colour,
                            "solidity": 0.3,
                            "size": 7,
                        },
                    },
                    name=f"{short}: ruled out",
                    showlegend=False,
                    text=["ruled out"],
                    textposition="outside",
                    hovertemplate=f"{when:%Y-%m-%d} · {short} has ruled out "
                    f"{r.rejects_label}<extra></extra>",
                    meta={"side": side, "ruled_out": True},
                )
            )
    if dashed_x:
        out.append(
            scatter(
                x=dashed_x,
                y=dashed_y,
                mode="lines",
                line={"color": colour, "width": 3, "dash": "dash"},
                name=f"{short} (inferred)",
                showlegend=False,
                hoverinfo="skip",
                meta={"side": side, "inferred": True},
            )
        )
    if readings is not None and not readings.empty:
        out += _history_readings(readings[readings["side"] == side], short, colour, offset)
    return out


def _history_readings(
    rows: pd.DataFrame, short: str, colour: str, offset: float
) -> list[dict[str, Any]]:
    """The readings of one side's contested positions: open markers with error bars,
    one trace per side, each marker labelled with its reading."""
    xs, ys, lo_err, hi_err, texts, hovers = [], [], [], [], [], []
    for k, r in enumerate(rows.itertuples(index=False)):
        if isna(r.lo) or isna(r.hi):
            continue
        lo, hi = int(r.lo), int(r.hi)
        y = (lo + hi) / 2 + offset + 0.08 * (k % 2)
        xs.append(pd.Timestamp(r.as_of))
        ys.append(y)
        lo_err.append(y - lo - offset)
        hi_err.append(hi + offset - y)
        texts.append(str(r.label))
        hovers.append(
            f"{pd.Timestamp(r.as_of):%Y-%m-%d} · {short} — {r.label}<br>"
            f"accepts on this reading: {r.range_label}"
        )
    if not xs:
        return []
    return [
        scatter(
            x=xs,
            y=ys,
            mode="markers+text",
            marker={"color": colour, "size": 13, "symbol": "circle-open", "line": {"width": 2}},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": hi_err,
                "arrayminus": lo_err,
                "color": colour,
                "thickness": 2,
                "width": 8,
            },
            text=texts,
            textposition="middle right",
            name=f"{short} (readings)",
            hovertemplate="%{customdata}<extra></extra>",
            customdata=hovers,
            meta={"readings": texts},
        )
    ]
