"""Accessibility: axe-core on every page in both themes, keyboard use of the sidebar,
layout at 1280×800 and 390×844, colour contrast of the themes and figures, and the
charts' text alternatives.

The browser tests share one `streamlit run` server (the shipped example dossier) and
one Chromium for the module. The theme is chosen per browser context with
``color_scheme``: ``.streamlit/config.toml`` defines ``[theme.light]`` and
``[theme.dark]`` and no ``base``, so Streamlit follows the reader's system setting.

axe-core is vendored under tests/vendor/axe-core (MPL-2.0, see its README). A
violation of impact *serious* or *critical* fails the test when any of its nodes is
in the project's own content; nodes inside Streamlit's frame are only reported
(printed and warned). How a node is classified (see ``CLASSIFY_JS``):

* **Streamlit frame** — anything outside the two containers the app's script fills
  (``[data-testid="stMainBlockContainer"]`` and ``[data-testid="stSidebarUserContent"]``):
  the header and toolbar, the page navigation (``stSidebarNav``), the sidebar
  header and collapse buttons, the ``<html>``/``<body>`` document itself; and,
  inside those containers, the markup of Streamlit's built-in widgets that the
  project cannot change: BaseWeb widget internals (``[data-baseweb]``: select
  and multiselect inputs, tags, slider, tabs, popovers), the slider's value and
  tick labels (``stSliderThumbValue``, ``stSliderTickBar``, drawn in the primary
  colour), the help-icon buttons (``stTooltipIcon``), Plotly's own mode bar
  (``.modebar-container``) and the dataframe toolbar (``stElementToolbar``).
* **Project content** — everything else inside those containers: titles, headings,
  markdown, captions, metrics, alerts, tables and dataframes, Plotly charts (their
  SVG), widget labels, download buttons and links the app writes.

With ``A11Y_SCREENSHOTS=docs/screenshots`` the layout tests also save full-height
screenshots of every page (``phone-light-*``, ``phone-dark-*``, ``desktop-dark-*``).
"""

from __future__ import annotations

import json
import os
import re
import tomllib
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
from app_helpers import ROOT, WAGE_ID, write_wage_dossier
from browser_support import require_browser, streamlit_server

from components import alt_text, figures
from negotiation import analysis, loader

AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
CONFIG = ROOT / ".streamlit" / "config.toml"
PAGES = {
    "overview": "/",
    "gaps": "/gaps",
    "issue": "/issue",
    "sources": "/sources",
    "timeline": "/timeline",
    "paths": "/paths",
    # the same page under a what-if: the banner, the editor's list, hatched ranges
    "paths-whatif": "/paths?whatif=russia:nato-non-expansion:moratorium..binding-no-enlargement",
    "health": "/health",
    "changes": "/changes",
    "briefing": "/briefing",
}
THEMES = ("light", "dark")
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = os.environ.get("A11Y_SCREENSHOTS")
FAILING_IMPACTS = {"serious", "critical"}

# Streamlit's defaults for the colours the project uses but does not set (config.toml
# documents them: `streamlit config show`); st.markdown(":red[…]") and links use them
STREAMLIT_TEXT_DEFAULTS = {
    "light": {"redTextColor": "#9e303b", "orangeTextColor": "#9b4519", "linkColor": "#244fb4"},
    "dark": {"redTextColor": "#f2919a", "orangeTextColor": "#f2a56d", "linkColor": "#85b8f8"},
}
CAPTION_OPACITY = 0.6  # captions and other "faded" text: textColor at 60 % opacity


# =========================================================================== contrast


def _rgb(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB hex colour."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    """WCAG 2.1 contrast ratio (1 … 21)."""
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def blend(fg: str, bg: str, alpha: float) -> str:
    """``fg`` drawn at ``alpha`` opacity over ``bg``, as an opaque hex colour."""
    mixed = [alpha * f + (1 - alpha) * b for f, b in zip(_rgb(fg), _rgb(bg), strict=True)]
    return "#" + "".join(f"{round(c * 255):02x}" for c in mixed)


def theme(name: str) -> dict[str, str]:
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["theme"]
    return {**STREAMLIT_TEXT_DEFAULTS[name], **config[name]}


def test_contrast_formula_matches_known_ratios() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    # why palette colours are never used for text: Okabe–Ito orange on white
    assert contrast("#E69F00", "#FFFFFF") < 4.5
    # the grey Streamlit derived for captions from the old textColor #1F2933
    assert contrast(blend("#1F2933", "#FFFFFF", CAPTION_OPACITY), "#FFFFFF") < 4.5


def test_config_defines_a_light_and_a_dark_theme_and_no_fixed_base() -> None:
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["theme"]
    assert "base" not in config, "a fixed base would stop the app following the reader"
    for name in THEMES:
        assert {"backgroundColor", "secondaryBackgroundColor", "textColor", "primaryColor"} <= set(
            config[name]
        )
    assert luminance(config["light"]["backgroundColor"]) > luminance(
        config["dark"]["backgroundColor"]
    )


@pytest.mark.parametrize("name", THEMES)
def test_theme_text_colours_reach_4_5_to_1(name: str) -> None:
    t = theme(name)
    text = t["textColor"]
    for bg_key in ("backgroundColor", "secondaryBackgroundColor"):
        bg = t[bg_key]
        checks = {
            "text": text,
            "caption (faded text)": blend(text, bg, CAPTION_OPACITY),
            "red text": t["redTextColor"],
            "orange text": t["orangeTextColor"],
            "link": t["linkColor"],
        }
        for what, fg in checks.items():
            ratio = contrast(fg, bg)
            assert ratio >= 4.5, f"{name}: {what} {fg} on {bg_key} {bg}: {ratio:.2f}:1"
    # multiselect tags and primary buttons: white text on the primary colour
    assert contrast("#FFFFFF", t["primaryColor"]) >= 4.5
    # the slider, focus ring and selected tab in the primary colour (non-text, 3:1)
    assert contrast(t["primaryColor"], t["backgroundColor"]) >= 3.0
    assert contrast(t["primaryColor"], t["secondaryBackgroundColor"]) >= 3.0


def _sample_figures(wage) -> list:  # type: ignore[no-untyped-def]
    d = wage
    ranges = pd.DataFrame(
        [("a", "Side A", 1, 3, 3, "demand"), ("b", "Side B", pd.NA, pd.NA, pd.NA, "statement")],
        columns=["party", "label", "lo", "hi", "ideal", "stance"],
    )
    positions = analysis.positions_frame(d)
    issue = d.issues[0]
    events = pd.DataFrame([{"date": e.date, "title": e.title} for e in d.events])
    dates = d.dates()
    chars = analysis.characterisations_frame(d)
    dim = d.dimensions[0]
    return [
        figures.range_figure(ranges, ["w", "x", "y", "z"], title="t", overlap=(1, 2)),
        figures.range_figure(
            pd.concat([ranges.iloc[:1], ranges.iloc[:1].assign(party="b", lo=0, hi=0)]),
            ["w", "x", "y", "z"],
            gap=1,
        ),
        figures.movement_figure(analysis.movement_table(d, dates[0], dates[-1])),
        figures.history_figure(
            positions[positions["issue"] == issue.id],
            [p.label for p in issue.scale],
            events=events,
        ),
        figures.timeline_figure(positions, events),
        figures.voices_figure(
            chars[chars["dimension"] == dim.id], [p.label for p in dim.scale], title="v"
        ),
        figures.frames_figure(analysis.frames_table(d)),
    ]


def _text_colours(node, path: str = "") -> Iterator[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Every colour a figure sets for text: ``color`` under a ``*font`` key."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}"
            if key == "color" and "font" in path.rsplit(".", 1)[-1].lower():
                yield here, value
            yield from _text_colours(value, here)
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _text_colours(value, f"{path}[{n}]")


def test_figures_set_no_text_colour_and_no_background(wage) -> None:  # type: ignore[no-untyped-def]
    """The builders leave text colours and backgrounds to the theme: no palette
    colour as text, no white background painted into the dark theme."""
    for fig in _sample_figures(wage):
        spec = json.loads(fig.to_json())
        layout = spec["layout"]
        assert "paper_bgcolor" not in layout and "plot_bgcolor" not in layout
        # Plotly's default template; st.plotly_chart(theme="streamlit") replaces it
        layout.pop("template", None)
        assert list(_text_colours(spec)) == []


@pytest.mark.parametrize("name", THEMES)
def test_follow_theme_draws_every_text_at_4_5_to_1(wage, name: str) -> None:  # type: ignore[no-untyped-def]
    t = theme(name)
    for fig in _sample_figures(wage):
        figures.follow_theme(fig, name)
        spec = json.loads(fig.to_json())
        spec["layout"].pop("template", None)
        found = list(_text_colours(spec))
        assert any(where == ".layout.font.color" for where, _ in found)
        for where, colour in found:
            for bg in (t["backgroundColor"], t["secondaryBackgroundColor"]):
                assert contrast(colour, bg) >= 4.5, (name, where, colour, bg)
        for annotation in spec["layout"].get("annotations", []):
            if annotation.get("text"):
                assert annotation["font"]["color"] == figures.CHART_TEXT[name]
    # unknown theme: the figure is left to Streamlit's chart theme
    fig = _sample_figures(wage)[0]
    before = fig.to_json()
    assert figures.follow_theme(fig, None).to_json() == before


def test_graphic_colours_reach_3_to_1_on_both_backgrounds() -> None:
    """Lines and marks that carry meaning without a fill colour of their own."""
    for name in THEMES:
        bg = theme(name)["backgroundColor"]
        for what, colour in {
            "neutral marks": figures.NEUTRAL,
            "gap line": figures.GAP_COLOUR,
            "overlap outline": figures.OVERLAP_LINE,
            "event lines": figures.EVENT_LINE,
            "marker outline": figures.MARKER_EDGE,
        }.items():
            assert contrast(colour, bg) >= 3.0, f"{name}: {what} {colour} on {bg}"
    # bar labels drawn inside the frames chart's bars: white on the bar colour
    assert contrast("#FFFFFF", figures.FRAMES_BAR) >= 4.5


def test_colour_meanings_also_have_a_label_or_symbol() -> None:
    ranges = pd.DataFrame(
        [("a", "Side A", 0, 0, pd.NA, "demand"), ("b", "Side B", 2, 3, pd.NA, "red-line")],
        columns=["party", "label", "lo", "hi", "ideal", "stance"],
    )
    gap = figures.range_figure(ranges, ["w", "x", "y", "z"], gap=2, colours={"a": "#E69F00"})
    assert [a.text for a in gap.layout.annotations] == ["gap: 2 steps (67% of scale)"]
    # parties are named on the y axis, stances have their own marker symbols
    assert [t.name for t in gap.data] == ["Side A", "Side B"]
    assert [t.marker.symbol for t in gap.data] == ["triangle-up", "square"]
    both = ranges.assign(lo=[0, 1], hi=[2, 3])
    overlap = figures.range_figure(both, ["w", "x", "y", "z"], overlap=(1, 2))
    assert [a.text for a in overlap.layout.annotations] == ["overlap"]


# =========================================================================== alt text


@pytest.fixture(scope="module")
def wage(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("a11y-positions")
    write_wage_dossier(root)
    result = loader.load_positions([root])
    assert not result.problems, [p.format() for p in result.problems]
    return result.dossiers[WAGE_ID]


def _ranges(rows):  # type: ignore[no-untyped-def]
    return pd.DataFrame(rows, columns=["party", "label", "lo", "hi", "ideal", "stance"])


def test_range_alt_text_states_the_gap_and_each_range() -> None:
    frame = _ranges([("a", "Russia", 3, 3, 3, "demand"), ("b", "The West", 0, 0, pd.NA, "offer")])
    text = alt_text.range_alt_text(
        frame, ["open", "pause", "limit", "end"], title="NATO non-expansion", gap=3
    )
    assert text == (
        "NATO non-expansion: no overlap, gap of 3 steps (100% of the scale). "
        "Russia accepts “end” (ideal “end”); The West accepts “open”."
    )


def test_range_alt_text_states_the_overlap_and_unplaced_parties() -> None:
    frame = _ranges(
        [
            ("a", "A", 1, 3, pd.NA, "demand"),
            ("b", "B", 0, 2, pd.NA, "offer"),
            ("c", "C", pd.NA, pd.NA, pd.NA, "statement"),
        ]
    )
    text = alt_text.range_alt_text(frame, ["w", "x", "y", "z"], overlap=(1, 2))
    assert text.startswith("Overlap at “x” to “y”. ")
    assert "A accepts “x” to “z”; B accepts “w” to “y”; C is not placed." in text
    assert alt_text.range_alt_text(frame.iloc[2:], ["w", "x"]).startswith("Not compared.")


def test_pair_summary_alt_text_counts_and_names_the_widest_gap() -> None:
    gaps = pd.DataFrame(
        {
            "issue_title": ["NATO non-expansion", "Exercises", "Missiles", "Cuba"],
            "status": ["gap", "overlap", "gap", "not placed"],
            "gap": [3, pd.NA, 1, pd.NA],
            "gap_norm": [0.75, float("nan"), 0.25, float("nan")],
        }
    )
    assert alt_text.pair_summary_alt_text(gaps, "Russia", "The West") == (
        "Russia vs The West: 1 of 4 issues overlap, 2 have a gap, 1 is not compared; "
        "widest gap: NATO non-expansion, 3 steps (75% of its scale)."
    )
    assert "no issue" in alt_text.pair_summary_alt_text(gaps.iloc[0:0], "A", "B")


def test_pair_summary_alt_text_matches_the_headline(wage) -> None:  # type: ignore[no-untyped-def]
    refs = [p.ref for p in analysis.parties(wage) if p.kind == "camp"]
    gaps = analysis.gap_table(wage, refs[0], refs[1], None)
    head = analysis.headline_counts(wage, refs[0], refs[1], None)
    text = alt_text.pair_summary_alt_text(gaps, "L", "M")
    assert f"{head['issues_with_overlap']} of {len(gaps)} issue" in text
    if head["widest_gap"]:
        assert f"widest gap: {head['widest_gap']['issue_title']}" in text


def test_movement_history_timeline_voices_frames_alt_texts(wage) -> None:  # type: ignore[no-untyped-def]
    d = wage
    dates = d.dates()
    moves = analysis.movement_table(d, dates[0], dates[-1])
    text = alt_text.movement_alt_text(moves)
    assert text.startswith(f"{len(moves)} change")
    assert alt_text.movement_alt_text(moves.iloc[0:0]) == "No side changed its position."

    positions = analysis.positions_frame(d)
    issue = d.issues[0]
    mine = positions[positions["issue"] == issue.id]
    text = alt_text.history_alt_text(mine, [p.label for p in issue.scale])
    for name in mine["side_name"].unique():
        assert f"{name}: " in text

    events = pd.DataFrame([{"date": e.date, "title": e.title} for e in d.events])
    text = alt_text.timeline_alt_text(positions, events)
    assert f"{len(events)} event" in text and f"{len(positions)} position" in text
    assert alt_text.timeline_alt_text(positions.iloc[0:0], events.iloc[0:0]).startswith("No ")

    chars = analysis.characterisations_frame(d)
    dim = d.dimensions[0]
    text = alt_text.voices_alt_text(
        chars[chars["dimension"] == dim.id], [p.label for p in dim.scale], title=dim.label
    )
    assert text.startswith(f"{dim.label}: ") and "most said “" in text

    frames = analysis.frames_table(d)
    text = alt_text.frames_alt_text(frames)
    top = frames.sort_values("count", ascending=False, kind="stable").iloc[0]
    assert f"most often: {top['label']} ({top['count']}," in text


def test_alt_text_examples_on_small_frames() -> None:
    moves = pd.DataFrame(
        {
            "issue": ["i1", "i1", "i2"],
            "issue_title": ["Wages", "Wages", "Hours"],
            "side_name": ["Union", "Employers", "Union"],
            "direction": ["towards", "unchanged", "new"],
            "steps": [2.0, 0.0, float("nan")],
        }
    )
    assert alt_text.movement_alt_text(moves) == (
        "3 changes on 2 issues: 1 moved towards the other party, 1 kept the distance and "
        "1 stated a first position. Largest move: Union on Wages, 2 steps (towards)."
    )
    history = pd.DataFrame(
        {
            "side": ["u", "u", "e"],
            "side_name": ["Union", "Union", "Employers"],
            "as_of": pd.to_datetime(["2024-01-10", "2024-02-01", "2024-01-10"]),
            "lo": [2, 1, pd.NA],
            "hi": [3, 2, pd.NA],
        }
    )
    assert alt_text.history_alt_text(history, ["0 %", "2 %", "4 %", "8 %"]) == (
        "Union: 2 positions, from “4 %” to “8 %” (10 Jan 2024) to “2 %” to “4 %” (01 Feb 2024); "
        "Employers: 1 position, none placed."
    )
    voices = pd.DataFrame({"voice": ["a", "b", "c"], "value_index": [0, 2, 2]})
    assert alt_text.voices_alt_text(voices, ["calm", "tense", "hostile"], title="Tone") == (
        "Tone: 3 characterisations by 3 voices; most said “hostile” (2 of 3); "
        "from “calm” to “hostile”."
    )
    frames = pd.DataFrame(
        {"label": ["divorce", "poker", "chess"], "count": [1, 4, 0], "n_sources": [1, 2, 0]}
    )
    assert alt_text.frames_alt_text(frames) == (
        "2 frames used; most often: poker (4, 2 sources) and divorce (1, 1 source)."
    )


def test_alt_text_module_is_pure() -> None:
    source = (ROOT / "components" / "alt_text.py").read_text(encoding="utf-8")
    assert "import streamlit" not in source and "from streamlit" not in source


# =========================================================================== browser

# Runs inside the page after axe.run(…, {elementRef: true}): splits each violation's
# nodes into the project's content and Streamlit's frame (see the module docstring).
CLASSIFY_JS = """
async () => {
  const PROJECT_ROOTS = '[data-testid="stMainBlockContainer"], '
    + '[data-testid="stSidebarUserContent"]';
  const WIDGET_INTERNALS = [
    '[data-baseweb]', '[data-testid="stTooltipIcon"]', '[data-testid="stTooltipHoverTarget"]',
    '.modebar-container', '[data-testid="stElementToolbar"]',
    '[data-testid="stSliderThumbValue"]', '[data-testid="stSliderTickBar"]',
  ].join(', ');
  const result = await axe.run(document, {resultTypes: ['violations'], elementRef: true});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => {
      const el = n.element;
      let where = 'streamlit';
      if (el && el.closest && el.closest(PROJECT_ROOTS) && !el.closest(WIDGET_INTERNALS)) {
        where = 'project';
      }
      return {where, target: JSON.stringify(n.target), html: n.html.slice(0, 160),
              summary: (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 240)};
    }),
  }));
}
"""
CHARTS_DRAWN_JS = """
() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .filter(c => c.checkVisibility())
    .every(c => c.querySelector('.main-svg'))
"""
SCROLL_HEIGHT_JS = """
() => Math.max(...['[data-testid="stMain"]', '[data-testid="stAppViewContainer"]',
    '[data-testid="stAppScrollToBottomContainer"]', '[data-testid="stMainBlockContainer"]',
    '[data-testid="stSidebarContent"]', 'body']
  .map(s => document.querySelector(s)).filter(Boolean).map(e => e.scrollHeight))
"""
SVG_TEXT_JS = """
() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
  .filter(c => c.checkVisibility())
  .flatMap(c => [...c.querySelectorAll('.main-svg text')])
  .filter(t => t.textContent.trim() && !t.closest('.modebar-container'))
  .map(t => { const cs = getComputedStyle(t);
    return {text: t.textContent.trim().slice(0, 40), fill: cs.fill,
            opacity: parseFloat(cs.fillOpacity) * parseFloat(cs.opacity),
            inBar: t.classList.contains('bartext') || !!t.closest('.bartext')}; })
"""
TITLES = {
    "overview": "Overview",
    "gaps": "Gaps & overlaps",
    "issue": "Issue detail",
    "sources": "Sources",
    "timeline": "Timeline",
    "paths": "Paths to agreement",
    "paths-whatif": "Paths to agreement",
    "health": "Data health",
    "changes": "Changes",
    "briefing": "Briefing export",
}


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    require_browser()
    with streamlit_server(env={"NEGOTIATION_POSITIONS_DIR": str(ROOT / "positions")}) as url:
        yield url


def new_page(chromium, scheme: str, viewport: dict[str, int]):  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport=viewport, color_scheme=scheme)
    context.set_default_timeout(60_000)
    return context, context.new_page()


def open_page(page, url: str, key: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + PAGES[key])
    page.get_by_role("heading", name=TITLES[key], level=1).wait_for()
    wait_idle(page)


def wait_idle(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")
    page.wait_for_function(CHARTS_DRAWN_JS)


def run_axe(page) -> list[dict]:  # type: ignore[no-untyped-def]
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(CLASSIFY_JS)


def split_violations(violations: list[dict]) -> tuple[list[str], list[str]]:
    """(failing lines in project content, reported lines in Streamlit's frame)."""
    failing, reported = [], []
    for v in violations:
        for node in v["nodes"]:
            line = f"[{v['impact']}] {v['id']} ({v['help']}): {node['target']} — {node['summary']}"
            if node["where"] == "project" and v["impact"] in FAILING_IMPACTS:
                failing.append(line)
            else:
                reported.append(f"{node['where']}: {line}")
    return failing, reported


def _css_rgb(value: str) -> tuple[str, float]:
    """'rgb(1, 2, 3)' / 'rgba(1, 2, 3, 0.5)' -> ('#010203', alpha)."""
    parts = [float(x) for x in re.findall(r"[\d.]+", value)]
    alpha = parts[3] if len(parts) > 3 else 1.0
    return "#" + "".join(f"{round(c):02x}" for c in parts[:3]), alpha


def chart_text_problems(page, background: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Text drawn in the visible Plotly charts below 4.5:1 against its background:
    the app background (the figures are transparent) or, for labels inside the
    frames chart's bars, the bar colour."""
    problems = []
    for t in page.evaluate(SVG_TEXT_JS):
        colour, alpha = _css_rgb(t["fill"])
        bg = figures.FRAMES_BAR if t["inBar"] else background
        shown = blend(colour, bg, alpha * t["opacity"])
        ratio = contrast(shown, bg)
        if ratio < 4.5:
            problems.append(f"chart text {t['text']!r}: {shown} on {bg} is {ratio:.2f}:1")
    return problems


def save_screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """A full-height screenshot: the viewport is stretched to the content's height
    (Streamlit scrolls inside its own container, not the document)."""
    if not SCREENSHOTS:
        return
    out = Path(SCREENSHOTS)
    out.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = min(max(int(page.evaluate(SCROLL_HEIGHT_JS)), size["height"]), 12_000)
    page.set_viewport_size({"width": size["width"], "height": height})
    page.wait_for_timeout(600)
    page.wait_for_function(CHARTS_DRAWN_JS)
    page.screenshot(path=str(out / f"{name}.png"))
    page.set_viewport_size(size)


@pytest.mark.browser
@pytest.mark.parametrize("key", list(PAGES))
@pytest.mark.parametrize("scheme", THEMES)
def test_axe_finds_no_serious_violation_in_the_project_content(
    chromium, app_url: str, scheme: str, key: str
) -> None:
    context, page = new_page(chromium, scheme, DESKTOP)
    try:
        open_page(page, app_url, key)
        background = page.evaluate(
            "getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor"
        )
        expected = theme(scheme)["backgroundColor"]
        assert background == "rgb({}, {}, {})".format(*(round(c * 255) for c in _rgb(expected)))
        states = [("default", None)]
        if key == "gaps":
            states += [("Several parties", "Several parties"), ("Movement", "Movement")]
        failing, reported = [], []
        for state, tab in states:
            if tab:
                # the views are a horizontal radio, one view rendered at a time
                page.get_by_role("radiogroup", name="View").get_by_text(tab, exact=True).click()
                page.wait_for_timeout(300)
                wait_idle(page)
            f, r = split_violations(run_axe(page))
            f += chart_text_problems(page, expected)
            failing += [f"{state}: {line}" for line in f]
            reported += [f"{state}: {line}" for line in r]
        if scheme == "dark" and key != "gaps":
            save_screenshot(page, f"desktop-dark-{key}")
        elif scheme == "dark":
            page.get_by_role("radiogroup", name="View").get_by_text(
                "Two parties", exact=True
            ).click()
            wait_idle(page)
            save_screenshot(page, f"desktop-dark-{key}")
        for line in reported:
            print(f"axe ({scheme}, {key}) {line}")
        if any(line.split(": ", 2)[1].startswith("streamlit") for line in reported):
            warnings.warn(
                f"axe ({scheme}, {key}): {len(reported)} finding(s) in Streamlit's frame "
                "or below 'serious' (see the captured output)",
                stacklevel=1,
            )
        assert not failing, "\n".join(failing)
        if key == "overview":
            # the stance matrix fits the page at 1280 px: no sideways scrolling
            page.wait_for_selector('[data-testid="stTable"]')
            fits = page.evaluate(
                """() => { const t = document.querySelector('[data-testid="stTable"]');
                  return [t.scrollWidth, t.clientWidth]; }"""
            )
            assert fits[0] <= fits[1] + 1, f"overview table overflows: {fits}"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", THEMES)
def test_every_page_fits_a_phone_screen(chromium, app_url: str, scheme: str) -> None:
    """390×844: nothing makes the page scroll sideways, and every chart fits."""
    context, page = new_page(chromium, scheme, PHONE)
    try:
        problems = []
        for key in PAGES:
            open_page(page, app_url, key)
            widths = page.evaluate(
                """() => ({doc: document.documentElement.scrollWidth,
                   main: (document.querySelector('[data-testid="stMain"]') || {}).scrollWidth,
                   charts: [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                       .filter(c => c.checkVisibility())
                       .map(c => c.getBoundingClientRect().right)})"""
            )
            if widths["doc"] > PHONE["width"] + 1 or (widths["main"] or 0) > PHONE["width"] + 1:
                problems.append(f"{key}: page is {widths} px wide")
            wide = [r for r in widths["charts"] if r > PHONE["width"] + 1]
            if wide:
                problems.append(f"{key}: {len(wide)} chart(s) reach past the screen: {wide}")
            save_screenshot(page, f"phone-{scheme}-{key}")
        assert not problems, "\n".join(problems)
    finally:
        context.close()


# ---- keyboard

FOCUS_JS = """
() => {
  const el = document.activeElement;
  const widget = el && el.closest(['stSelectbox', 'stSlider', 'stMultiSelect']
    .map(t => `[data-testid="stSidebar"] [data-testid="${t}"]`).join(', '));
  if (!widget) return null;
  const label = widget.querySelector('[data-testid="stWidgetLabel"]');
  return {label: label ? label.innerText.trim() : null, tag: el.tagName,
          role: el.getAttribute('role'), aria: el.getAttribute('aria-label'),
          expanded: el.getAttribute('aria-expanded')};
}
"""
SIDEBAR_CONTROLS = ["Dossier", "As of", "Compare", "with", "Parties for the overlap", "Issues"]


def query(page) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return parse_qs(urlsplit(page.url).query)


def focus_of(page) -> dict | None:  # type: ignore[no-untyped-def]
    return page.evaluate(FOCUS_JS)


def tab_to(page, label: str, limit: int = 40) -> dict:  # type: ignore[no-untyped-def]
    """Press Tab from the top of the page until the control named ``label`` has the
    focus (its input, not its help icon or tags); fail when it never does."""
    page.locator("body").focus()
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = focus_of(page)
        if focus and focus["label"] == label and focus["tag"] == "INPUT":
            return focus
    raise AssertionError(f"Tab never reached the sidebar control {label!r}")


def wait_for_query(page, key: str, old: list[str] | None) -> list[str]:  # type: ignore[no-untyped-def]
    page.wait_for_function(
        "([k, old]) => JSON.stringify(new URLSearchParams(location.search).getAll(k))"
        " !== JSON.stringify(old)",
        arg=[key, old or []],
    )
    wait_idle(page)
    return query(page).get(key, [])


@pytest.mark.browser
def test_sidebar_is_usable_with_the_keyboard_alone(chromium, app_url: str) -> None:
    context, page = new_page(chromium, "light", DESKTOP)
    try:
        open_page(page, app_url, "overview")
        page.get_by_role("combobox", name="Issues").wait_for()
        # no rerun under way (one would re-render the sidebar and drop the focus)
        wait_idle(page)
        # Tab visits every sidebar control, in the order they are shown (9 page links,
        # the skip link and the party chips come first)
        reached: list[str] = []
        seen = []
        page.locator("body").focus()
        for _ in range(60):
            page.keyboard.press("Tab")
            focus = focus_of(page)
            seen.append(
                focus or page.evaluate("() => document.activeElement.outerHTML.slice(0, 80)")
            )
            if focus and focus["tag"] == "INPUT" and focus["label"] not in reached:
                reached.append(focus["label"])
            if len(reached) == len(SIDEBAR_CONTROLS):
                break
        assert reached == SIDEBAR_CONTROLS, seen

        # the date slider: ArrowLeft moves one date back; the URL and the page follow
        before = query(page)["date"]
        caption = page.get_by_text(re.compile(r"· as of ")).first.inner_text()
        tab_to(page, "As of")
        page.keyboard.press("ArrowLeft")
        after = wait_for_query(page, "date", before)
        assert after and after[0] < before[0], (before, after)
        assert page.get_by_text(re.compile(r"· as of ")).first.inner_text() != caption

        # a select: ArrowDown opens the list, ArrowUp twice + Enter picks a party
        # above the current one (the default pair is the last two options, the camps)
        before = query(page)["a"]
        tab_to(page, "Compare")
        page.keyboard.press("ArrowDown")
        page.get_by_role("listbox").first.wait_for()
        page.keyboard.press("ArrowUp")
        page.keyboard.press("ArrowUp")
        page.keyboard.press("Enter")
        after = wait_for_query(page, "a", before)
        assert after and after != before
        dossier, _ = loader.load_dossier(ROOT / "positions" / query(page)["dossier"][0])
        assert dossier is not None
        labels = {p.ref: p.label for p in analysis.parties(dossier)}
        heading = page.get_by_role("heading", name=re.compile("^Headline: ")).inner_text()
        assert heading.startswith(f"Headline: {labels[after[0]]} vs "), heading

        # the issues multiselect: ArrowDown opens the list (its first entry selects
        # every issue), ArrowDown moves to the first issue, Enter adds it
        tab_to(page, "Issues")
        page.keyboard.press("ArrowDown")
        page.get_by_role("listbox").first.wait_for()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        issues = wait_for_query(page, "issues", [])
        assert len(issues) == 1
        assert page.locator('[data-testid="stTable"] tbody tr').count() == 1

        # the parties multiselect: Backspace in its input removes the last party
        before = query(page)["parties"]
        tab_to(page, "Parties for the overlap")
        page.keyboard.press("Backspace")
        after = wait_for_query(page, "parties", before)
        assert after == before[:-1]

        # the dossier select opens and closes from the keyboard (one dossier here)
        tab_to(page, "Dossier")
        page.keyboard.press("ArrowDown")
        page.get_by_role("listbox").first.wait_for()
        page.keyboard.press("Escape")
        page.get_by_role("listbox").first.wait_for(state="detached")
        assert focus_of(page)["label"] == "Dossier"  # type: ignore[index]
    finally:
        context.close()
