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

The builders live in :mod:`components.range_figures` (ranges, movement, history) and
here (timeline, voices, frames); the palette and layout helpers in
:mod:`components.figure_style`. Every public name is re-exported here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from components.figure_style import (
    BEFORE_SYMBOL,
    CHART_TEXT,
    EVENT_LINE,
    FAMILY_BASES,
    FONT,
    FRAMES_BAR,
    GAP_COLOUR,
    GRID,
    IDEAL_GLYPH,
    IDEAL_SYMBOL,
    KIND_SYMBOLS,
    MARKER_EDGE,
    NEUTRAL,
    OKABE_ITO,
    OVERLAP_FILL,
    OVERLAP_LINE,
    STANCE_GLYPHS,
    STANCE_SYMBOLS,
    TITLE_WIDTH,
    base_layout,
    event_lines,
    fast_figure,
    follow_theme,
    grey_family,
    hue_family,
    isna,
    party_colours,
    scale_axis,
    scatter,
    stance_symbol,
    stance_text,
    wrap_label,
)
from components.range_figures import (
    history_figure,
    movement_figure,
    range_figure,
)
from negotiation.quote_marks import quoted

__all__ = [
    "BEFORE_SYMBOL",
    "CHART_TEXT",
    "EVENT_LINE",
    "FAMILY_BASES",
    "FONT",
    "FRAMES_BAR",
    "GAP_COLOUR",
    "GRID",
    "IDEAL_GLYPH",
    "IDEAL_SYMBOL",
    "KIND_SYMBOLS",
    "MARKER_EDGE",
    "NEUTRAL",
    "OKABE_ITO",
    "OVERLAP_FILL",
    "OVERLAP_LINE",
    "STANCE_GLYPHS",
    "STANCE_SYMBOLS",
    "TITLE_WIDTH",
    "agreement_words",
    "characterisations_over_time_figure",
    "follow_theme",
    "frames_figure",
    "grey_family",
    "history_figure",
    "hue_family",
    "movement_figure",
    "party_colours",
    "range_figure",
    "source_name",
    "stance_symbol",
    "stance_text",
    "timeline_figure",
    "voices_figure",
    "wrap_label",
]


def timeline_figure(
    positions: pd.DataFrame,
    events: pd.DataFrame,
    *,
    party_order: Sequence[str] = (),
    colours: Mapping[str, str] | None = None,
    title: str | None = None,
    labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """Events and the positions stated over time.

    ``positions`` (columns side, side_name, as_of, stance, issue_title, summary): one
    marker trace per side (row = the side, symbol = stance). ``events`` (columns
    date, title): a trace named 'events' on its own top row, and a dotted line each.
    ``labels`` (side → short label) name the rows; the hover gives the full name. No
    legend: the rows are named on the axis, and a legend entry would show only the
    stance symbol of a side's first position.
    """
    labels = dict(labels or {})
    colours = dict(colours or {})
    traces: list[dict[str, Any]] = []
    sides = [
        s
        for s in dict.fromkeys([*party_order, *positions["side"].tolist()])
        if s in set(positions["side"])
    ]
    names = []
    for side in sides:
        mine = positions[positions["side"] == side].sort_values("as_of")
        full = str(mine["side_name"].iloc[0])
        name = labels.get(side) or full
        names.append(name)
        # several positions on one day: spread them a little so each stays visible
        day_rank = mine.groupby("as_of").cumcount()
        xs = [
            pd.Timestamp(d) + pd.Timedelta(hours=2 * int(k))
            for d, k in zip(mine["as_of"], day_rank, strict=True)
        ]
        traces.append(
            scatter(
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
                hovertemplate=f"%{{text}}<extra>{full}</extra>",
            )
        )
    shapes: list[dict[str, Any]] = []
    if not events.empty:
        ev = events.sort_values("date").reset_index(drop=True)
        shapes = event_lines(list(ev["date"]))
        traces.append(
            scatter(
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
    rows = ["Events", *names] if not events.empty else names
    axes = {
        "yaxis": {
            "categoryorder": "array",
            "categoryarray": list(reversed(rows)),
            "automargin": True,
        },
        "xaxis": {"showgrid": True, "gridcolor": GRID, "tickformat": "%d %b %Y"},
    }
    fig = fast_figure(traces, shapes=shapes, layout=axes)
    base_layout(fig, title=title, height=170 + 48 * max(len(rows), 1))
    fig.update_layout(showlegend=False)
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
    traces: list[dict[str, Any]] = []
    df = chars[chars["value_index"].notna()].copy()
    # wrapped: a long 'voice (outlet)' would squeeze the plot at 1024 px
    df["who"] = [wrap_label(w, 30) for w in voice_rows(df)]
    order = list(dict.fromkeys(df["who"]))
    kinds = list(dict.fromkeys(df["about_kind"]))
    for k, kind in enumerate(kinds):
        mine = df[df["about_kind"] == kind]
        # each kind a little apart, so a voice's verdicts on one point stay visible
        shift = (k - (len(kinds) - 1) / 2) * 0.12
        name = (
            "the talks" if kind == "talks" else f"about a{'n' if kind[0] in 'aeiou' else ''} {kind}"
        )
        traces.append(
            scatter(
                x=[int(v) + shift for v in mine["value_index"]],
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
                    f"<b>{lab}</b> — {about}<br>{quoted(wrap_label(str(q), 70))}"
                    for lab, about, q in zip(
                        mine["value_label"], mine["about_label"], mine["quote"], strict=True
                    )
                ],
                hovertemplate="%{text}<extra>%{y}</extra>",
            )
        )
    axes = {
        "xaxis": scale_axis(scale_labels, width=14),
        "yaxis": {
            "categoryorder": "array",
            "categoryarray": list(reversed(order)),
            "automargin": True,
        },
    }
    fig = fast_figure(traces, layout=axes)
    lines = sum(w.count("<br>") + 1 for w in order)
    base_layout(fig, title=title, height=150 + 22 * lines + 12 * max(len(order), 1))
    return fig


def voice_rows(chars: pd.DataFrame) -> list[str]:
    """The row label of each characterisation: 'voice' or 'voice (outlet)', and, when
    that voice speaks in several articles of the outlet, the article's date too, so
    two articles stay two rows ('The Herald (21 Jan 2025)')."""
    base = [
        str(v) if str(v) == str(o) else f"{v} ({o})"
        for v, o in zip(chars["voice"], chars["outlet"], strict=True)
    ]
    if "source" not in chars:
        return base
    sources: dict[str, set[str]] = {}
    for label, src in zip(base, chars["source"], strict=True):
        sources.setdefault(label, set()).add(str(src))
    dates = chars["source_date"] if "source_date" in chars else chars.get("date")
    out = []
    for label, src, day in zip(base, chars["source"], dates, strict=True):
        if len(sources[label]) > 1:
            when = f"{day.day} {day:%b %Y}" if not isna(day) else str(src)
            label = label[:-1] + f", {when})" if label.endswith(")") else f"{label} ({when})"
        out.append(label)
    return out


def frames_figure(frames: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Horizontal bars: how many characterisations use each frame (metaphor).

    ``frames`` is :func:`negotiation.analysis.frames_table` output (label, count,
    n_sources). One bar trace named 'characterisations'.
    """
    df = frames.sort_values("count", ascending=True, kind="stable")
    fig = fast_figure(
        [
            dict(
                type="bar",
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
        ]
    )
    base_layout(fig, title=title, height=120 + 36 * max(len(df), 1))
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


def source_name(outlet: object, title: object) -> str:
    """A source as a reader knows it: 'Outlet — Title' (two articles, two names)."""
    if title is None or (isinstance(title, float) and math.isnan(title)) or not str(title):
        return str(outlet)
    return f"{outlet} — {title}"


def characterisations_over_time_figure(
    chars: pd.DataFrame,
    scale_labels: Sequence[str],
    *,
    title: str | None = None,
) -> go.Figure:
    """Each source's verdicts on one dimension by date, so a shift of mood shows.

    ``chars`` are :func:`negotiation.analysis.characterisations_frame` rows of one
    dimension (columns outlet, source_title, date, about_kind, about_label,
    value_index, value_label, voice, quote). x = the date said, y = the value on the
    dimension's scale; one trace per source (named 'Outlet — Title', so two articles
    of one outlet are two traces), symbol by what is characterised; a dashed neutral
    line (trace 'median of the date') joins each date's median verdict.
    """
    traces: list[dict[str, Any]] = []
    df = chars[chars["value_index"].notna() & chars["date"].notna()].copy()
    df["source_name"] = [
        source_name(o, t) for o, t in zip(df["outlet"], df["source_title"], strict=True)
    ]
    df = df.sort_values("date", kind="stable")
    for n, (name, mine) in enumerate(df.groupby("source_name", sort=False)):
        traces.append(
            scatter(
                x=list(mine["date"]),
                y=[int(v) for v in mine["value_index"]],
                mode="markers",
                name=wrap_label(str(name), 48),
                marker={
                    "size": 12,
                    "color": OKABE_ITO[n % (len(OKABE_ITO) - 1)],  # not black: dark theme
                    "symbol": [KIND_SYMBOLS.get(str(k), "circle") for k in mine["about_kind"]],
                    "line": {"color": MARKER_EDGE, "width": 1},
                },
                text=[
                    f"<b>{lab}</b> — {about}<br>{voice}: {quoted(wrap_label(str(q), 70))}"
                    for lab, about, voice, q in zip(
                        mine["value_label"],
                        mine["about_label"],
                        mine["voice"],
                        mine["quote"],
                        strict=True,
                    )
                ],
                hovertemplate="%{x|%d %b %Y}: %{text}<extra>" + str(name)[:60] + "</extra>",
            )
        )
    if not df.empty:
        median = df.groupby("date")["value_index"].median()
        traces.append(
            scatter(
                x=list(median.index),
                y=[float(v) for v in median],
                mode="lines",
                name="median of the date",
                line={"color": NEUTRAL, "width": 2, "dash": "dash"},
                hoverinfo="skip",
            )
        )
    axes = {
        "yaxis": scale_axis(scale_labels, width=14),
        "xaxis": {"showgrid": True, "gridcolor": GRID, "automargin": True},
    }
    fig = fast_figure(traces, layout=axes)
    n_sources = df["source_name"].nunique() if not df.empty else 0
    base_layout(fig, title=title, height=320 + 22 * n_sources)
    return fig
