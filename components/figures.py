"""Pure Plotly figure builders: frames in, figures out.

No streamlit import: every builder is unit-tested without an app. Colours come from
the Okabe–Ito palette, one per party in the dossier's order (see
:func:`party_colours`); stance is always also shown by marker symbol and hover text,
never by colour alone.

The figures follow the app's light or dark theme: ``st.plotly_chart`` applies the
Streamlit chart template, no builder sets a background colour, and no text is drawn
in a palette colour (Okabe–Ito orange #E69F00 is 2.1:1 on white; a dark red is
below 4.5:1 on the dark background). :func:`follow_theme` then sets every text to
the theme's chart text colour. Graphic colours that must read on both backgrounds
(grid, gap line, event lines, marker outlines) have at least 3:1 against both
(tests/test_accessibility.py checks every one of these).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

OKABE_ITO: tuple[str, ...] = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
)
"""Colour-blind safe palette (Okabe & Ito 2008), assigned by party order."""

NEUTRAL = "#6B7280"
"""Neutral marks (old placements, events): ≥ 3:1 on white and on the dark theme."""
OVERLAP_FILL = "rgba(0, 158, 115, 0.16)"
OVERLAP_LINE = "#009E73"
GAP_COLOUR = NEUTRAL
"""The gap line: a neutral grey dash (≥ 3:1 on both themes), labelled in text; not a
palette colour, which would read as one of the parties."""
GRID = "rgba(128, 128, 128, 0.3)"
"""Grid lines that read on a light and on a dark background."""
EVENT_LINE = "#8B93A1"
MARKER_EDGE = NEUTRAL
FRAMES_BAR = "#0072B2"
"""Bar colour of the frames chart: white labels inside the bars reach 5:1."""
"""Marker outlines: visible on both themes, so a black or yellow marker still shows."""

STANCE_SYMBOLS: dict[str, str] = {
    "demand": "triangle-up",
    "offer": "circle",
    "rejection": "x",
    "red-line": "square",
    "condition": "diamond",
    "proposal": "star",
    "statement": "circle-open",
}
"""Marker symbol per stance, so a stance is legible without colour."""

STANCE_GLYPHS: dict[str, str] = {
    "demand": "▲",
    "offer": "●",
    "rejection": "✕",
    "red-line": "■",
    "condition": "◆",
    "proposal": "★",
    "statement": "○",
}

KIND_SYMBOLS: dict[str, str] = {
    "talks": "circle",
    "issue": "diamond",
    "side": "square",
    "event": "triangle-up",
}

FONT = {"family": "sans-serif", "size": 13}

CHART_TEXT: dict[str, str] = {"light": "#374151", "dark": "#E5E7EB"}
"""Text colour of the charts per theme type. Streamlit's chart theme draws axis
labels in its fixed grey #808495, 3.7:1 on white (below WCAG's 4.5:1), so
:func:`follow_theme` sets these instead (≥ 4.5:1 on both backgrounds of the theme)."""


def party_colours(parties: Sequence[str]) -> dict[str, str]:
    """One Okabe–Ito colour per party reference, in the given (dossier) order."""
    return {ref: OKABE_ITO[n % len(OKABE_ITO)] for n, ref in enumerate(parties)}


def stance_symbol(stance: str | None) -> str:
    return STANCE_SYMBOLS.get(stance or "", "circle")


def stance_text(stance: str | None) -> str:
    """Stance with its glyph, e.g. '▲ demand' (text, not colour)."""
    if not stance:
        return ""
    return f"{STANCE_GLYPHS.get(stance, '•')} {stance}"


def wrap_label(text: str, width: int = 22) -> str:
    """Break a long axis label into lines of about ``width`` characters (Plotly <br>)."""
    words = str(text).split()
    lines: list[str] = []
    line = ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "<br>".join(lines) or str(text)


def _isna(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


TITLE_WIDTH = 40
"""Chart titles wrap at about this many characters, so a phone shows all of them."""


def _title_top(title: str | None) -> int:
    """Top margin for a (wrapped) title: about 22 px a line."""
    if not title:
        return 20
    return 30 + 22 * wrap_label(title, TITLE_WIDTH).count("<br>") + 20


def _base_layout(fig: go.Figure, *, title: str | None, height: int) -> go.Figure:
    fig.update_layout(
        title={"text": wrap_label(title, TITLE_WIDTH), "x": 0, "xanchor": "left"}
        if title
        else None,
        height=height,
        margin={"l": 10, "r": 20, "t": _title_top(title), "b": 10},
        font=FONT,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        hoverlabel={"align": "left"},
    )
    return fig


def follow_theme(fig: go.Figure, theme_type: str | None) -> go.Figure:
    """Draw every text of ``fig`` in the theme's chart text colour (in place).

    ``theme_type`` is ``"light"`` or ``"dark"`` (``st.context.theme.type``); with
    None (unknown) the figure is left to Streamlit's chart theme. Bar labels drawn
    inside the bars keep Plotly's contrasting colour.
    """
    colour = CHART_TEXT.get(theme_type or "")
    if colour is None:
        return fig
    font = {"color": colour}
    fig.update_layout(
        font=font,
        title_font=font,
        legend={"font": font, "title": {"font": font}},
    )
    fig.update_xaxes(tickfont=font, title_font=font)
    fig.update_yaxes(tickfont=font, title_font=font)
    fig.update_annotations(font=font)
    fig.update_traces(outsidetextfont=font, selector={"type": "bar"})
    return fig


def _scale_axis(labels: Sequence[str], width: int = 16) -> dict[str, Any]:
    return {
        "tickmode": "array",
        "tickvals": list(range(len(labels))),
        "ticktext": [wrap_label(label, width) for label in labels],
        "range": [-0.6, len(labels) - 0.4],
        "showgrid": True,
        "gridcolor": GRID,
        "zeroline": False,
        "automargin": True,
    }


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
    """
    colours = dict(colours or {})
    fig = go.Figure()
    labels = [str(v) for v in ranges["label"]] if not ranges.empty else []
    n_steps = max(len(scale_labels) - 1, 1)
    placed: list[tuple[str, int, int]] = []
    for row in ranges.itertuples(index=False):
        label = str(row.label)
        colour = colours.get(str(row.party), NEUTRAL)
        stance = getattr(row, "stance", None)
        stance = None if _isna(stance) else str(stance)
        if _isna(row.lo) or _isna(row.hi):
            fig.add_trace(
                go.Scatter(
                    x=[(len(scale_labels) - 1) / 2],
                    y=[label],
                    mode="text",
                    text=["not placed" + (f" ({stance_text(stance)})" if stance else "")],
                    name=label,
                    legendgroup=label,
                    showlegend=False,
                    hoverinfo="skip",
                    meta={"party": str(row.party), "placed": False},
                )
            )
            continue
        lo, hi = int(row.lo), int(row.hi)
        placed.append((label, lo, hi))
        rng = scale_labels[lo] if lo == hi else f"{scale_labels[lo]} – {scale_labels[hi]}"
        hover = f"<b>{label}</b><br>accepts: {rng}"
        if stance:
            hover += f"<br>stance: {stance_text(stance)}"
        fig.add_trace(
            go.Scatter(
                x=[lo, hi] if lo != hi else [lo - 0.08, hi + 0.08],
                y=[label, label],
                mode="lines+markers",
                line={"color": colour, "width": 10},
                marker={
                    "color": colour,
                    "size": 14,
                    "symbol": stance_symbol(stance),
                    "line": {"color": MARKER_EDGE, "width": 1},
                },
                name=label,
                legendgroup=label,
                hovertemplate=hover + "<extra></extra>",
                meta={"party": str(row.party), "placed": True},
            )
        )
        ideal = getattr(row, "ideal", None)
        if not _isna(ideal):
            fig.add_trace(
                go.Scatter(
                    x=[int(ideal)],
                    y=[label],
                    mode="markers",
                    marker={
                        "color": "white",
                        "size": 11,
                        "symbol": "star",
                        "line": {"color": colour, "width": 2},
                    },
                    name=f"{label}: ideal",
                    legendgroup=label,
                    showlegend=False,
                    hovertemplate=(
                        f"<b>{label}</b><br>ideal: {scale_labels[int(ideal)]}<extra></extra>"
                    ),
                )
            )
    if overlap is not None:
        fig.add_shape(
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
        fig.add_annotation(
            x=(overlap[0] + overlap[1]) / 2,
            y=1,
            yref="paper",
            yanchor="bottom",
            text="overlap",
            showarrow=False,
        )
    elif gap is not None and gap > 0 and len(placed) >= 2:
        # the nearest ends: the highest 'hi' below and the lowest 'lo' above the gap
        left = min(placed, key=lambda p: p[2])
        right = max(placed, key=lambda p: p[1])
        x0, x1 = left[2], right[1]
        fig.add_shape(
            type="line",
            x0=x0,
            x1=x1,
            y0=0.5,
            y1=0.5,
            yref="paper",
            line={"color": GAP_COLOUR, "width": 2, "dash": "dash"},
            name="gap",
        )
        fig.add_annotation(
            x=(x0 + x1) / 2,
            y=1,
            yref="paper",
            yanchor="bottom",
            text=f"gap: {gap} step{'s' if gap != 1 else ''} ({gap / n_steps:.0%} of scale)",
            showarrow=False,
        )
    height = 140 + 46 * max(len(labels), 1)
    _base_layout(fig, title=title, height=height)
    fig.update_layout(showlegend=False, margin={"t": _title_top(title) + 10, "b": 10})
    fig.update_xaxes(**_scale_axis(scale_labels))
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=list(reversed(labels)),
        automargin=True,
        showgrid=False,
    )
    return fig


# =========================================================================== movement


def movement_figure(
    moves: pd.DataFrame,
    *,
    colours: Mapping[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Arrows from each side's old placement to its new one, per issue.

    ``moves`` is :func:`negotiation.analysis.movement_table` output (columns side,
    side_name, issue_title, scale_len, old_lo, old_hi, new_lo, new_hi,
    old_ideal_index, new_ideal_index, old_range_label, new_range_label, direction).
    Issues have scales of different lengths, so x is the position as a share of the
    scale (0 = first outcome, 1 = last). One marker trace per side (new placement,
    named by the side) plus one grey trace of old placements; an arrow annotation
    per move. Rows without a placement before and after are left out.
    """
    colours = dict(colours or {})
    fig = go.Figure()
    rows: list[dict[str, Any]] = []
    for r in moves.itertuples(index=False):
        steps = max(int(r.scale_len) - 1, 1)

        def mid(lo: Any, hi: Any, ideal: Any, steps: int = steps) -> float | None:
            if not _isna(lo) and not _isna(hi):
                return (int(lo) + int(hi)) / 2 / steps
            if not _isna(ideal):
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
                "y": f"{wrap_label(str(r.issue_title), 30)} · {r.side_name}",
                "old": old,
                "new": new,
                "old_label": r.old_range_label or "—",
                "new_label": r.new_range_label or "—",
                "direction": r.direction,
            }
        )
    order = [row["y"] for row in rows]
    olds = [row for row in rows if row["old"] is not None]
    if olds:
        fig.add_trace(
            go.Scatter(
                x=[row["old"] for row in olds],
                y=[row["y"] for row in olds],
                mode="markers",
                marker={"color": "white", "size": 11, "line": {"color": NEUTRAL, "width": 2}},
                name="before",
                hovertemplate="%{text}<extra>before</extra>",
                text=[row["old_label"] for row in olds],
            )
        )
    for side in dict.fromkeys(row["side"] for row in rows):
        mine = [row for row in rows if row["side"] == side and row["new"] is not None]
        if not mine:
            continue
        fig.add_trace(
            go.Scatter(
                x=[row["new"] for row in mine],
                y=[row["y"] for row in mine],
                mode="markers",
                marker={
                    "color": colours.get(side, NEUTRAL),
                    "size": 13,
                    "line": {"color": MARKER_EDGE, "width": 1},
                },
                name=str(mine[0]["side_name"]),
                text=[
                    f"{row['old_label']} → {row['new_label']} ({row['direction']})" for row in mine
                ],
                hovertemplate="%{text}<extra>%{fullData.name}</extra>",
            )
        )
    for row in rows:
        if row["old"] is None or row["new"] is None or row["old"] == row["new"]:
            continue
        fig.add_annotation(
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
    _base_layout(fig, title=title, height=150 + 48 * max(len(rows), 1))
    fig.update_xaxes(
        range=[-0.05, 1.05],
        tickvals=[0, 0.5, 1],
        ticktext=["first outcome on the scale", "middle", "last outcome on the scale"],
        showgrid=True,
        gridcolor=GRID,
        zeroline=False,
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(order)), automargin=True)
    return fig


# =========================================================================== issue history


def history_figure(
    positions: pd.DataFrame,
    scale_labels: Sequence[str],
    *,
    party_order: Sequence[str] = (),
    colours: Mapping[str, str] | None = None,
    title: str | None = None,
    events: pd.DataFrame | None = None,
) -> go.Figure:
    """Each side's positions on one issue over time: x = date, y = scale point.

    ``positions`` are :func:`negotiation.analysis.positions_frame` rows of one issue
    (columns side, side_name, as_of, stance, lo, hi, ideal_index, range_label,
    summary). One trace per side (named by side_name), markers by stance symbol,
    the accepted range as an error bar around its middle; positions with only an
    ideal point are drawn there as open markers; positions with neither are not
    drawn. ``events`` (date, title) are dotted vertical lines.
    """
    colours = dict(colours or {})
    fig = go.Figure()
    sides = list(dict.fromkeys([*party_order, *positions["side"].tolist()]))
    present = [s for s in sides if s in set(positions["side"])]
    n = len(present)
    for k, side in enumerate(present):
        mine = positions[positions["side"] == side].sort_values("as_of")
        xs, ys, lo_err, hi_err, symbols, texts = [], [], [], [], [], []
        offset = pd.Timedelta(hours=(k - (n - 1) / 2) * 5) if n > 1 else pd.Timedelta(0)
        for r in mine.itertuples(index=False):
            if not _isna(r.lo) and not _isna(r.hi):
                lo, hi = int(r.lo), int(r.hi)
                y = (lo + hi) / 2
                symbol = stance_symbol(r.stance)
            elif not _isna(r.ideal_index):
                lo = hi = int(r.ideal_index)
                y = float(lo)
                symbol = "circle-open"
            else:
                continue
            xs.append(pd.Timestamp(r.as_of) + offset)
            ys.append(y)
            lo_err.append(y - lo)
            hi_err.append(hi - y)
            symbols.append(symbol)
            rng = r.range_label if not _isna(r.range_label) else "ideal only"
            texts.append(
                f"{pd.Timestamp(r.as_of):%Y-%m-%d} · {stance_text(r.stance)}<br>"
                f"accepts: {rng}<br>{wrap_label(str(r.summary), 60)}"
            )
        if not xs:
            continue
        colour = colours.get(side, NEUTRAL)
        fig.add_trace(
            go.Scatter(
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
                name=str(mine["side_name"].iloc[0]),
                text=texts,
                hovertemplate="%{text}<extra>%{fullData.name}</extra>",
            )
        )
    if events is not None:
        _event_lines(fig, [ev.date for ev in events.itertuples(index=False)])
    _base_layout(fig, title=title, height=max(360, 120 + 50 * len(scale_labels)))
    fig.update_yaxes(**_scale_axis(scale_labels, width=28))
    fig.update_xaxes(title_text="date", showgrid=False, tickformat="%d %b %Y")
    return fig


# =========================================================================== timeline


def _event_lines(fig: go.Figure, days: Sequence[object]) -> None:
    """A dotted vertical line at each day, added in one layout update (add_vline per
    line re-validates every shape so far: quadratic in the number of events)."""
    lines = [
        {
            "type": "line",
            "xref": "x",
            "yref": "y domain",
            "x0": pd.Timestamp(day).timestamp() * 1000,
            "x1": pd.Timestamp(day).timestamp() * 1000,
            "y0": 0,
            "y1": 1,
            "line": {"color": EVENT_LINE, "width": 1, "dash": "dot"},
        }
        for day in days
    ]
    if lines:
        fig.update_layout(shapes=[*fig.layout.shapes, *lines])


def timeline_figure(
    positions: pd.DataFrame,
    events: pd.DataFrame,
    *,
    party_order: Sequence[str] = (),
    colours: Mapping[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Events and the positions stated over time.

    ``positions`` (columns side, side_name, as_of, stance, issue_title, summary): one
    marker trace per side (row = the side, symbol = stance). ``events`` (columns
    date, title): a trace named 'events' on its own top row, and a dotted line each.
    """
    colours = dict(colours or {})
    fig = go.Figure()
    sides = [
        s
        for s in dict.fromkeys([*party_order, *positions["side"].tolist()])
        if s in set(positions["side"])
    ]
    names = []
    for side in sides:
        mine = positions[positions["side"] == side].sort_values("as_of")
        name = str(mine["side_name"].iloc[0])
        names.append(name)
        # several positions on one day: spread them a little so each stays visible
        day_rank = mine.groupby("as_of").cumcount()
        xs = [
            pd.Timestamp(d) + pd.Timedelta(hours=2 * int(k))
            for d, k in zip(mine["as_of"], day_rank, strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=[name] * len(mine),
                mode="markers",
                marker={
                    "color": colours.get(side, NEUTRAL),
                    "size": 13,
                    "symbol": [stance_symbol(s) for s in mine["stance"]],
                    "line": {"color": MARKER_EDGE, "width": 1},
                },
                name=name,
                text=[
                    f"{pd.Timestamp(d):%Y-%m-%d} · {t}<br>{stance_text(s)}<br>"
                    f"{wrap_label(str(summary), 60)}"
                    for d, t, s, summary in zip(
                        mine["as_of"],
                        mine["issue_title"],
                        mine["stance"],
                        mine["summary"],
                        strict=True,
                    )
                ],
                hovertemplate="%{text}<extra>%{fullData.name}</extra>",
            )
        )
    if not events.empty:
        ev = events.sort_values("date").reset_index(drop=True)
        fig.add_trace(
            go.Scatter(
                x=[pd.Timestamp(d) for d in ev["date"]],
                y=["Events"] * len(ev),
                mode="markers+text",
                marker={"color": NEUTRAL, "size": 12, "symbol": "diamond"},
                text=[str(n + 1) for n in range(len(ev))],
                textposition=[
                    "top center" if n % 2 == 0 else "bottom center" for n in range(len(ev))
                ],
                name="events",
                customdata=[str(t) for t in ev["title"]],
                hovertemplate="%{x|%Y-%m-%d}<br>%{customdata}<extra>event</extra>",
            )
        )
        _event_lines(fig, list(ev["date"]))
    rows = ["Events", *names] if not events.empty else names
    _base_layout(fig, title=title, height=170 + 48 * max(len(rows), 1))
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(rows)), automargin=True)
    fig.update_xaxes(showgrid=True, gridcolor=GRID, tickformat="%d %b %Y")
    return fig


# =========================================================================== sources


def voices_figure(
    chars: pd.DataFrame,
    scale_labels: Sequence[str],
    *,
    title: str | None = None,
) -> go.Figure:
    """Voices placed on one characterisation dimension's scale.

    ``chars`` are :func:`negotiation.analysis.characterisations_frame` rows of one
    dimension (columns voice, outlet, about_kind, about_label, value_index,
    value_label, quote). y = 'voice (outlet)', x = the value; one trace per
    ``about_kind`` (talks, issue, side, event) with its own symbol.
    """
    fig = go.Figure()
    df = chars[chars["value_index"].notna()].copy()
    df["who"] = [
        str(v) if str(v) == str(o) else f"{v} ({o})"
        for v, o in zip(df["voice"], df["outlet"], strict=True)
    ]
    order = list(dict.fromkeys(df["who"]))
    for kind in dict.fromkeys(df["about_kind"]):
        mine = df[df["about_kind"] == kind]
        name = (
            "the talks" if kind == "talks" else f"about a{'n' if kind[0] in 'aeiou' else ''} {kind}"
        )
        fig.add_trace(
            go.Scatter(
                x=[int(v) for v in mine["value_index"]],
                y=list(mine["who"]),
                mode="markers",
                marker={
                    "size": 14,
                    "symbol": KIND_SYMBOLS.get(str(kind), "circle"),
                    "color": "#0072B2" if kind == "talks" else "#D55E00",
                    "opacity": 0.85,
                    "line": {"color": MARKER_EDGE, "width": 1},
                },
                name=name,
                text=[
                    f"<b>{lab}</b> — {about}<br>“{wrap_label(str(q), 70)}”"
                    for lab, about, q in zip(
                        mine["value_label"], mine["about_label"], mine["quote"], strict=True
                    )
                ],
                hovertemplate="%{text}<extra>%{y}</extra>",
            )
        )
    _base_layout(fig, title=title, height=150 + 34 * max(len(order), 1))
    fig.update_xaxes(**_scale_axis(scale_labels, width=14))
    fig.update_yaxes(categoryorder="array", categoryarray=list(reversed(order)), automargin=True)
    return fig


def frames_figure(frames: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Horizontal bars: how many characterisations use each frame (metaphor).

    ``frames`` is :func:`negotiation.analysis.frames_table` output (label, count,
    n_sources). One bar trace named 'characterisations'.
    """
    df = frames.sort_values("count", ascending=True, kind="stable")
    fig = go.Figure(
        go.Bar(
            x=list(df["count"]),
            y=[wrap_label(str(v), 30) for v in df["label"]],
            orientation="h",
            marker={"color": FRAMES_BAR},
            text=[
                f"{c} ({s} source{'s' if s != 1 else ''})"
                for c, s in zip(df["count"], df["n_sources"], strict=True)
            ],
            textposition="auto",
            name="characterisations",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    _base_layout(fig, title=title, height=120 + 36 * max(len(df), 1))
    fig.update_layout(showlegend=False)
    xmax = max([int(c) for c in df["count"]] + [1])
    fig.update_xaxes(
        title_text="characterisations using the frame", dtick=1, range=[0, xmax * 1.15 + 0.5]
    )
    fig.update_yaxes(automargin=True)
    return fig


def agreement_words(value: float) -> str:
    """A text label for an agreement index (−1 polarised … 1 all agree)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if value >= 0.75:
        return "strong agreement"
    if value >= 0.4:
        return "moderate agreement"
    if value > 0:
        return "weak agreement"
    return "disagreement" if value > -0.5 else "polarised"
