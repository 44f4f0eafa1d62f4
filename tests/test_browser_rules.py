"""Real-browser tests of deciding under a rule, on the multilateral fixture (13 parties,
weights, a consensus rule; see tests/test_multilateral.py for the hand-worked numbers):
the several-parties view names the light minority under consensus, and a two-thirds
what-if chosen in the sidebar (or carried by a link) shades the winning point, names the
outvoted, marks everything hypothetical and keeps ``rule=`` in the address bar.

Skips with the reason when Chromium or playwright is missing (fails when CI=true).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from app_helpers import ROOT
from browser_support import PAGE_PATHS, require_browser, streamlit_server, wait_for_app
from test_browser import assert_healthy, page, query, svg_text

pytestmark = pytest.mark.browser
__all__ = ["page"]  # the per-test browser page fixture of test_browser

MULTI_ROOT = ROOT / "tests" / "fixtures" / "multilateral"
PRODUCERS = "Drassia, Republic of Korvane, Federation of Mirethal, Quillon (weight 4 of 52)"


@pytest.fixture(scope="module")
def multi_url() -> Iterator[str]:
    require_browser()
    with streamlit_server(env={"NEGOTIATION_POSITIONS_DIR": str(MULTI_ROOT)}) as url:
        yield url


def _support_chart(page):  # type: ignore[no-untyped-def]
    chart = (
        page.locator('[data-testid="stPlotlyChart"]')
        .filter(has_text="needed:")
        .filter(has_text="Production limits: support")
    )
    chart.first.wait_for()
    chart.first.locator(".main-svg").first.wait_for()
    return chart.first


def _pick_rule(page, option: str) -> None:  # type: ignore[no-untyped-def]
    """Pick a rule in the sidebar; once more if a rerun redrew the list while open."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.get_by_role("combobox", name="Decision rule (what-if)", exact=True)
    for attempt in range(3):
        try:
            box.click(timeout=15_000)
            page.get_by_role("option", name=option, exact=True).click(timeout=15_000)
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
            wait_for_app(page)


def test_consensus_names_the_light_minority(page, multi_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(multi_url + PAGE_PATHS["gaps"] + "?view=several")
    wait_for_app(page)
    page.get_by_text(f"{PRODUCERS} hold a deal up").first.wait_for()
    text = svg_text(_support_chart(page))
    assert "48 of 52 (92 %)" in text and "needed: at least 52" in text, text
    assert "✓ carries" not in text
    assert page.locator('[data-testid="stAlert"]').filter(has_text="Hypothetical").count() == 0
    assert_healthy(page)


def test_two_thirds_what_if_from_the_sidebar(page, multi_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(multi_url + PAGE_PATHS["gaps"] + "?view=several")
    wait_for_app(page)
    _support_chart(page)  # the page has settled: its charts are drawn
    _pick_rule(page, "Two-thirds majority (66.7 % of the weight)")
    wait_for_app(page)
    page.get_by_text(f"outvoting {PRODUCERS}").first.wait_for()
    text = svg_text(_support_chart(page))
    assert "✓ carries · 48 of 52 (92 %)" in text and "needed: at least 34.68" in text, text
    banner = page.locator('[data-testid="stAlert"]').filter(has_text="Hypothetical (what-if)")
    assert "qualified majority (at least 66.7 % of the weight)" in banner.first.inner_text()
    page.wait_for_url(re.compile(r"rule=qualified"))
    assert query(page)["rule"] == ["qualified:0.667"]
    # another page computes under it too, and says so
    page.get_by_role("link", name="Paths to agreement").click()
    page.wait_for_url(re.compile(r"/paths\?"))
    wait_for_app(page)
    page.get_by_role("heading", name="Paths to agreement", level=1).wait_for()
    assert page.locator('[data-testid="stAlert"]').filter(has_text="Hypothetical").count()
    assert query(page)["rule"] == ["qualified:0.667"]
    assert_healthy(page)
