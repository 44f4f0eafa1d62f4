"""Shared style of the Plotly figures: the Okabe-Ito party palette, theme-safe graphic
colours, stance symbols and glyphs, and the layout helpers every builder uses.

No streamlit import (see :mod:`components.figures`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from components import colour as colour_math

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
"""Colour-blind safe palette (Okabe & Ito 2008): the hues the camp families start from."""

FAMILY_BASES: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
)
"""Okabe–Ito hues in the order camps take them (blue, orange and green first: they stay
apart under deuteranopia and protanopia); black is left out (it is the no-camp grey's end)."""

LIGHTNESS_BAND = (42.0, 61.0)
"""CIELAB lightness of every party colour: at L* 42…61 a colour reaches 3:1 (WCAG 2.1,
graphical objects) on the light (#FFFFFF) and on the dark (#0E1117) background."""
FAMILY_HUE_STEP = 15.0
"""Hue spread (degrees) between neighbouring members of a camp of three or more."""
SOLO_LIGHTNESS: tuple[float, ...] = (43.0, 52.0, 43.0, 43.0, 60.0, 43.0, 60.0)
"""L* of each base hue when every side has a hue of its own (no camps): chosen so the
seven colours stay ≥ 10 ΔE00 apart, ≥ 5 under simulated deuteranopia/protanopia."""
GREY_TINT = 6.0
"""Chroma of the cool/warm greys that alternate in the no-camp family."""

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
    "statement": "hexagon",
}
"""Marker symbol per stance, so a stance is legible without colour."""

STANCE_GLYPHS: dict[str, str] = {
    "demand": "▲",
    "offer": "●",
    "rejection": "✕",
    "red-line": "■",
    "condition": "◆",
    "proposal": "★",
    "statement": "⬢",
}
IDEAL_SYMBOL = "circle-open"
"""The ideal point, wherever it is drawn (○ in captions): no stance uses an open circle."""
IDEAL_GLYPH = "○"
BEFORE_SYMBOL = "line-ns-open"
"""An old placement in the movement chart: a grey tick (│), not a circle."""

KIND_SYMBOLS: dict[str, str] = {
    "talks": "circle",
    "issue": "diamond",
    "side": "square",
    "event": "triangle-up",
    "camp": "pentagon",
}

FONT = {"family": "sans-serif", "size": 13}

CHART_TEXT: dict[str, str] = {"light": "#374151", "dark": "#E5E7EB"}
"""Text colour of the charts per theme type. Streamlit's chart theme draws axis
labels in its fixed grey #808495, 3.7:1 on white (below WCAG's 4.5:1), so
:func:`follow_theme` sets these instead (≥ 4.5:1 on both backgrounds of the theme)."""


def _levels(n: int) -> list[float]:
    lo, hi = LIGHTNESS_BAND
    if n == 1:
        return [(lo + hi) / 2 + 0.5]
    return [lo + (hi - lo) * i / (n - 1) for i in range(n)]


def hue_family(base: str, n: int) -> list[str]:
    """``n`` shades of ``base``'s hue: lightness steps across :data:`LIGHTNESS_BAND`
    (darkest first) and, from three members on, a small hue spread."""
    _, chroma, hue = colour_math.lch(base)
    return [
        colour_math.in_gamut_lch(
            light, chroma, hue + (FAMILY_HUE_STEP * (i - (n - 1) / 2) if n >= 3 else 0)
        )
        for i, light in enumerate(_levels(n))
    ]


def grey_family(n: int) -> list[str]:
    """``n`` greys for sides with no camp: lightness steps, alternately cool and warm."""
    out = []
    for i, light in enumerate(_levels(n)):
        middle = n % 2 == 1 and i == (n - 1) // 2
        tint = 0.0 if middle else GREY_TINT
        out.append(colour_math.in_gamut_lch(light, tint, 250 if i % 2 == 0 else 70))
    return out


def _solo(n: int) -> str:
    """The n-th side's own colour when no side has a camp."""
    k = len(FAMILY_BASES)
    _, chroma, hue = colour_math.lch(FAMILY_BASES[n % k])
    light = SOLO_LIGHTNESS[n % k]
    if n // k % 2 == 1:  # second round: the other end of the band
        light = sum(LIGHTNESS_BAND) - light
    return colour_math.in_gamut_lch(light, chroma, hue + 10 * (n // k))


def party_colours(
    parties: Sequence[str], camp_of: Mapping[str, str | None] | None = None
) -> dict[str, str]:
    """A colour per party reference (sides and ``camp:<id>``), by camp: see
    :func:`_party_colours` (worked out once per set of parties, a new dict each call)."""
    camps = tuple(sorted((camp_of or {}).items(), key=lambda kv: kv[0]))
    return dict(_party_colours(tuple(parties), camps))


@functools.lru_cache(maxsize=64)
def _party_colours(
    parties: Sequence[str], camp_of_items: tuple[tuple[str, str | None], ...]
) -> dict[str, str]:
    """A colour per party reference (sides and ``camp:<id>``), by camp.

    With ``camp_of`` (side ref → camp id or None) the sides of one camp share a hue
    family (camps take :data:`FAMILY_BASES` in order of first appearance), a
    ``camp:<id>`` reference gets its family's middle shade and sides with no camp
    the neutral grey family. Camps take hues in the order of their ``camp:`` references,
    then of first appearance. Without it (or when no side has a camp) each side gets
    a hue of its own. Every colour reaches 3:1 on both theme backgrounds.
    """
    camp_of = dict(camp_of_items)
    sides = [p for p in parties if not p.startswith("camp:")]
    camps = [p[5:] for p in parties if p.startswith("camp:")]
    for ref in sides:
        cid = camp_of.get(ref)
        if cid and cid not in camps:
            camps.append(cid)
    if not camps:
        return {ref: _solo(n) for n, ref in enumerate(parties)}
    out: dict[str, str] = {}
    for n, cid in enumerate(camps):
        base = FAMILY_BASES[n % len(FAMILY_BASES)]
        members = [s for s in sides if camp_of.get(s) == cid]
        for ref, shade in zip(members, hue_family(base, len(members)), strict=True):
            out[ref] = shade
        out["camp:" + cid] = hue_family(base, 1)[0]
    loners = [s for s in sides if not camp_of.get(s)]
    out.update(zip(loners, grey_family(len(loners)), strict=True))
    return {ref: out[ref] for ref in parties if ref in out}


def stance_symbol(stance: str | None) -> str:
    return STANCE_SYMBOLS.get(stance or "", "circle")


def stance_text(stance: str | None) -> str:
    """Stance with its glyph, e.g. '▲ demand' (text, not colour)."""
    if not stance:
        return ""
    return f"{STANCE_GLYPHS.get(stance, '•')} {stance}"


def wrap_label(text: str, width: int = 22) -> str:
    """Break a long axis label into lines of about ``width`` characters (Plotly <br>)."""
    # a long hyphenated word may break after its hyphens ("Population-" / "weighted")
    words = [
        part
        for word in str(text).split()
        for part in (re.findall(r"[^-]+-|[^-]+$", word) if len(word) > width else [word])
    ]
    lines: list[str] = []
    line = ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        elif line.endswith("-"):
            line += word  # the rest of a hyphenated word, no space
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "<br>".join(lines) or str(text)


def isna(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


TITLE_WIDTH = 40
"""Chart titles wrap at about this many characters, so a phone shows all of them."""


def title_top(title: str | None) -> int:
    """Top margin for a (wrapped) title: about 22 px a line."""
    if not title:
        return 20
    return 30 + 22 * wrap_label(title, TITLE_WIDTH).count("<br>") + 20


def fast_figure(
    data: Sequence[Mapping[str, Any]],
    *,
    shapes: Sequence[Mapping[str, Any]] = (),
    annotations: Sequence[Mapping[str, Any]] = (),
    layout: Mapping[str, Any] | None = None,
) -> go.Figure:
    """A figure of ``data`` (trace dicts with a ``type``), shapes and annotations, built
    in one go without Plotly's per-property validation.

    ``fig.add_trace`` validates every trace (even a dict, even on a figure made with
    ``_validate=False``) and ``add_annotation``/``add_shape`` re-validate each layout
    object: with hundreds of them that is most of a builder's time. ``layout`` (e.g.
    the axes, whose category arrays ``update_yaxes`` would validate item by item) is
    set as given. The builders' output is checked against a validated copy in
    tests/test_fast_figures.py.
    """
    props: dict[str, Any] = dict(layout or {})
    if shapes:
        props["shapes"] = [dict(s) for s in shapes]
    if annotations:
        props["annotations"] = [dict(a) for a in annotations]
    return go.Figure(data=[dict(t) for t in data], layout=props, _validate=False)


def scatter(**props: Any) -> dict[str, Any]:
    """A scatter trace as a dict (for :func:`fast_figure`)."""
    return {"type": "scatter", **props}


def base_layout(fig: go.Figure, *, title: str | None, height: int) -> go.Figure:
    if title:  # no title=None: an unvalidated figure would keep it as null
        fig.update_layout(title={"text": wrap_label(title, TITLE_WIDTH), "x": 0, "xanchor": "left"})
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 20, "t": title_top(title), "b": 10},
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
    # one assignment, not update_annotations: that builds and validates an object per
    # annotation (half a second for a movement chart of hundreds of arrows)
    notes = fig.layout.to_plotly_json().get("annotations")
    if notes:
        fig.layout["annotations"] = [{**a, "font": {**a.get("font", {}), **font}} for a in notes]
    fig.update_traces(outsidetextfont=font, selector={"type": "bar"})
    return fig


def scale_axis(labels: Sequence[str], width: int = 16) -> dict[str, Any]:
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


# =========================================================================== timeline


def event_lines(days: Sequence[object]) -> list[dict[str, Any]]:
    """A dotted vertical line at each day: layout shapes for :func:`fast_figure`
    (add_vline per line re-validates every shape so far: quadratic in the events)."""
    return [
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
