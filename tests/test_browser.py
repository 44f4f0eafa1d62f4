"""Real-browser tests: `streamlit run` + Debian's Chromium driven by Playwright.

Two servers run for the whole module, one on the shipped example dossier and one on
the small wage dossier of app_helpers (written to a temp folder), and one Chromium is
shared. Each test opens a fresh page (a fresh Streamlit session). Waiting is done on
Streamlit's own "run finished" marker and on the elements expected, not on sleeps.

Skips with the reason when Chromium or playwright is missing (fails when CI=true).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from app_helpers import EXAMPLE_ID, ROOT, WAGE_ID, write_wage_dossier
from browser_support import (
    PAGE_PATHS,
    require_browser,
    streamlit_server,
    wait_for_app,
    wait_for_charts,
)

from components.gaps import CHARTS_PER_PAGE
from components.pages import PAGES as PAGE_SPECS
from negotiation import loader

pytestmark = pytest.mark.browser

LONG_ROOT = ROOT / "tests" / "fixtures" / "long-dossier"
LONG_ID = "river-basin-treaty"

TITLES = {
    "overview": "Overview",
    "gaps": "Gaps & overlaps",
    "issue": "Issue detail",
    "sources": "Sources",
    "timeline": "Timeline",
    "paths": "Paths to agreement",
    "health": "Data health",
    "briefing": "Briefing export",
}
# text that only shows when something broke (Streamlit's error boxes and tracebacks)
ERROR_TEXT = re.compile(
    r"Traceback \(most recent call last\)|StreamlitAPIException|Error running app|"
    r"\b(?:Key|Type|Value|Attribute|Index|Name|Assertion)Error\b"
)


def min_charts(dossier_folder) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Visible Plotly charts each page must show (the first view of Gaps & overlaps)."""
    dossier, _problems = loader.load_dossier(dossier_folder)
    assert dossier is not None
    return {
        "overview": 0,
        # one range chart per issue in the "Two parties" view (default pair: two
        # camps), at most CHARTS_PER_PAGE per screen (a pager shows the rest)
        "gaps": min(len(dossier.issues), CHARTS_PER_PAGE),
        "issue": 1,  # positions over time
        "sources": 2,  # one per characterised dimension + the frames bar chart
        "timeline": 1,
        "paths": 1,  # the meeting point of the default pair on at least one issue
        "health": 0,
        "briefing": 0,
    }


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def example_url() -> Iterator[str]:
    require_browser()
    env = {"NEGOTIATION_POSITIONS_DIR": str(ROOT / "positions")}
    with streamlit_server(env=env) as url:
        yield url


@pytest.fixture(scope="module")
def wage_root(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("browser") / "positions"
    write_wage_dossier(root)
    return root


@pytest.fixture(scope="module")
def wage_url(wage_root) -> Iterator[str]:  # type: ignore[no-untyped-def]
    require_browser()
    with streamlit_server(env={"NEGOTIATION_POSITIONS_DIR": str(wage_root)}) as url:
        yield url


@pytest.fixture
def page(chromium):  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.page_errors = errors  # type: ignore[attr-defined]
    try:
        yield pg
    finally:
        context.close()


# --------------------------------------------------------------------------- helpers


def open_page(page, base: str, key: str, query: str = "") -> None:  # type: ignore[no-untyped-def]
    page.goto(base + PAGE_PATHS[key] + (f"?{query}" if query else ""))
    wait_for_app(page)
    page.get_by_role("heading", name=TITLES[key], level=1).wait_for()


def assert_healthy(page) -> None:  # type: ignore[no-untyped-def]
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.locator("body").inner_text()
    found = ERROR_TEXT.search(body)
    assert found is None, f"error text on the page: {found.group(0)!r}"
    assert page.page_errors == [], page.page_errors


def query(page) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return parse_qs(urlsplit(page.url).query)


def svg_text(chart) -> str:  # type: ignore[no-untyped-def]
    """All text drawn in one Plotly chart's SVG (titles, axis ticks, legend)."""
    return " ".join(t for t in chart.locator(".main-svg text").all_text_contents() if t)


def combobox_value(page, name: str) -> str:  # type: ignore[no-untyped-def]
    return page.get_by_role("combobox", name=name, exact=True).input_value()


def pick_option(page, combobox: str, option: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("combobox", name=combobox, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def check_every_page(page, base: str, folder) -> None:  # type: ignore[no-untyped-def]
    expected = min_charts(folder)
    for key in PAGE_PATHS:
        open_page(page, base, key)
        shown = wait_for_charts(page, expected[key])
        assert shown >= expected[key], f"{key}: {shown} charts, expected {expected[key]}"
        charts = page.locator('[data-testid="stPlotlyChart"]:visible')
        for i in range(shown):
            chart = charts.nth(i)
            box = chart.bounding_box()
            assert box and box["width"] > 100 and box["height"] > 100, (key, i, box)
            assert chart.locator(".main-svg").first.is_visible(), (key, i)
            assert svg_text(chart).strip(), f"{key}: chart {i} draws no text"
        assert_healthy(page)


# --------------------------------------------------------------------------- tests


def test_every_page_renders_on_the_example(page, example_url: str) -> None:
    check_every_page(page, example_url, ROOT / "positions" / EXAMPLE_ID)
    # the default page is served at "/" and shows the example's headline
    open_page(page, example_url, "overview")
    assert page.get_by_text("Headline:").first.is_visible()
    assert query(page)["dossier"] == [EXAMPLE_ID]


def test_every_page_renders_on_the_wage_dossier(page, wage_url: str, wage_root) -> None:  # type: ignore[no-untyped-def]
    check_every_page(page, wage_url, wage_root / WAGE_ID)
    assert query(page)["dossier"] == [WAGE_ID]


@pytest.fixture(scope="module")
def long_url() -> Iterator[str]:
    require_browser()
    with streamlit_server(env={"NEGOTIATION_POSITIONS_DIR": str(LONG_ROOT)}) as url:
        yield url


def test_every_page_renders_on_the_long_dossier(page, long_url: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 11's long, many-sided dossier: nine sides, a mediator and an observer."""
    check_every_page(page, long_url, LONG_ROOT / LONG_ID)
    assert query(page)["dossier"] == [LONG_ID]
    # the several-parties view names both tied blocker sets; the sidebar says who is out
    open_page(page, long_url, "gaps", "view=several&issues=dry-season-flow")
    wait_for_charts(page, 1)
    body = page.locator("body").inner_text()
    assert "removing any one of these groups reopens an overlap" in body
    assert "By default the overlap leaves out Envoy (mediator), Bank (observer)" in body
    # the characterisations-over-time charts are drawn on Sources once their (lazy)
    # expander is opened
    open_page(page, long_url, "sources")
    page.get_by_role("heading", name="Characterisations over time").wait_for()
    before = wait_for_charts(page)
    page.get_by_text("Charts: each dimension over time").click()
    wait_for_charts(page, before + 1)
    assert_healthy(page)


def test_deep_link_restores_the_view(page, example_url: str) -> None:
    open_page(
        page,
        example_url,
        "gaps",
        f"dossier={EXAMPLE_ID}&a=russia&b=united-states&date=2022-01-10",
    )
    wait_for_charts(page, 1)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert combobox_value(page, "Compare") == "Russia"
    assert combobox_value(page, "with") == "United States"
    assert sidebar.locator('[data-testid="stSliderThumbValue"]').inner_text() == "10 Jan 2022"
    assert page.get_by_text("as of 10 January 2022").first.is_visible()
    first = page.locator('[data-testid="stPlotlyChart"]:visible').first
    text = svg_text(first)
    assert "Russia" in text and "US" in text, text  # the sides' short labels on the axis
    assert page.get_by_text("Russia and United States: each accepted range").is_visible()
    # nothing in the link was rejected, and the URL still carries the view
    assert page.locator('[data-testid="stAlert"]').count() == 0
    q = query(page)
    assert (q["a"], q["b"], q["date"]) == (["russia"], ["united-states"], ["2022-01-10"])


def test_deep_link_to_an_issue_on_the_wage_dossier(page, wage_url: str) -> None:
    open_page(page, wage_url, "issue", "a=union&b=employers&issue=working-time&date=2024-03-01")
    wait_for_charts(page, 1)
    assert combobox_value(page, "Issue") == "Working time"
    assert combobox_value(page, "Compare") == "Metalworkers' Union"
    assert combobox_value(page, "with") == "Employers' Association"
    assert page.get_by_text("as of 01 March 2024").first.is_visible()
    text = svg_text(page.locator('[data-testid="stPlotlyChart"]:visible').first)
    assert "Longer week" in text and "32-hour week" in text, text  # the issue's scale
    assert query(page)["issue"] == ["working-time"]


def test_sidebar_controls_change_the_chart(page, wage_url: str) -> None:
    open_page(page, wage_url, "gaps")
    wait_for_charts(page, 3)
    first = page.locator('[data-testid="stPlotlyChart"]:visible').first
    assert combobox_value(page, "with") == "Management (camp)"
    before = svg_text(first)
    assert "Management" in before and "Employers" not in before, before

    # another "with" party: the URL and the chart follow
    pick_option(page, "with", "Employers' Association")
    page.wait_for_url(re.compile(r"[?&]b=employers(&|$)"))
    wait_for_app(page)
    wait_for_charts(page, 3)
    after = svg_text(page.locator('[data-testid="stPlotlyChart"]:visible').first)
    assert "Employers" in after and after != before, after
    assert page.get_by_text("Labour and Employers' Association: each accepted range").is_visible()

    # move the as-of date one step back (latest 02 Apr -> 15 Mar): the URL and the
    # caption under the title follow
    page.get_by_role("slider", name="As of").focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(r"[?&]date=2024-03-15(&|$)"))
    wait_for_app(page)
    wait_for_charts(page, 3)
    assert page.get_by_text("as of 15 March 2024").first.is_visible()
    assert_healthy(page)


def test_page_switch_keeps_the_view(page, wage_url: str) -> None:
    open_page(page, wage_url, "gaps", "a=union&b=employers&date=2024-03-15")
    page.get_by_role("link", name="Timeline").click()
    page.wait_for_url(re.compile(r"/timeline\?"))
    wait_for_app(page)
    page.get_by_role("heading", name="Timeline", level=1).wait_for()
    wait_for_charts(page, 1)
    q = query(page)
    assert (q["a"], q["b"], q["date"]) == (["union"], ["employers"], ["2024-03-15"])
    assert combobox_value(page, "Compare") == "Metalworkers' Union"
    assert_healthy(page)


@pytest.mark.parametrize("spec", PAGE_SPECS, ids=[p.key for p in PAGE_SPECS])
def test_every_page_is_reachable_at_its_own_path(page, example_url: str, spec) -> None:  # type: ignore[no-untyped-def]
    """Issue 11: `/overview` opened "Page not found"; every page, the default one
    included, opens at `/<url_path>` (and the default also at `/`)."""
    paths = [f"/{spec.url_path}"] + (["/"] if spec.default else [])
    for path in paths:
        page.goto(example_url + path)
        wait_for_app(page)
        page.get_by_role("heading", name=spec.title, level=1).wait_for()
        assert "Page not found" not in page.locator("body").inner_text(), path
        assert_healthy(page)


WHATIF = "russia:nato-non-expansion:moratorium..binding-no-enlargement"


def test_a_whatif_link_reproduces_the_hypothetical_view(page, example_url: str) -> None:
    """A what-if link in a fresh browser context: the banner lists the hypothesis, the
    chart draws Russia's range hatched and labelled (what-if), the link is kept, and
    another page shows the banner too."""
    open_page(page, example_url, "paths", f"date=2022-01-18&whatif={WHATIF}")
    wait_for_charts(page, 1)
    banner = page.locator('[data-testid="stAlert"]').filter(has_text="Hypothetical (what-if)")
    banner.first.wait_for()
    assert WHATIF in banner.first.inner_text()
    first = page.locator('[data-testid="stPlotlyChart"]:visible').first
    text = svg_text(first)
    assert "Russia (what-if)" in text and "meeting point" in text, text
    # the hatch: a Plotly pattern fill on the hypothetical range's bar
    assert first.locator("pattern").count() >= 1
    assert query(page)["whatif"] == [WHATIF]
    # the gaps page computes under it as well and keeps the link
    page.get_by_role("link", name="Gaps & overlaps").click()
    page.wait_for_url(re.compile(r"/gaps\?"))
    wait_for_app(page)
    page.get_by_role("heading", name="Gaps & overlaps", level=1).wait_for()
    wait_for_charts(page, 1)
    assert page.locator('[data-testid="stAlert"]').filter(has_text="Hypothetical").count()
    assert "gap: 2 steps" in svg_text(page.locator('[data-testid="stPlotlyChart"]:visible').first)
    assert query(page)["whatif"] == [WHATIF]
    assert_healthy(page)
