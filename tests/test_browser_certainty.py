"""Real-browser test of how sure each placement is (issue 27), on the certainty
fixture (tests/fixtures/certainty): the Issue detail page draws the readings of a
contested position as outlined ranges, a bounded side's ruled-out part and an
inferred range, with no error; Gaps shows the How sure column's chart rows.

Set SHOTS_DIR to keep screenshots of the pages (not committed). Skips with the
reason when Chromium or playwright is missing (fails when CI=true).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_helpers import ROOT
from browser_support import PAGE_PATHS, require_browser, streamlit_server, wait_for_app
from test_browser import assert_healthy, page, svg_text

pytestmark = pytest.mark.browser
__all__ = ["page"]  # the per-test browser page fixture of test_browser

CERTAINTY_ROOT = ROOT / "tests" / "fixtures" / "certainty"


@pytest.fixture(scope="module")
def certainty_url() -> Iterator[str]:
    require_browser()
    with streamlit_server(env={"NEGOTIATION_POSITIONS_DIR": str(CERTAINTY_ROOT)}) as url:
        yield url


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        size = page.viewport_size
        page.set_viewport_size({"width": 1280, "height": 3000})  # the app scrolls inside
        wait_for_app(page)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))
        page.set_viewport_size(size)


def _chart_text(page, text: str, *needles: str) -> str:  # type: ignore[no-untyped-def]
    """The SVG text of the first chart showing ``text``, once it shows every needle
    (a chart is drawn in steps: wait until it is whole, at most 30 s)."""
    chart = page.locator('[data-testid="stPlotlyChart"]').filter(has_text=text).first
    chart.wait_for()
    chart.locator(".main-svg").first.wait_for()
    drawn = ""
    for _ in range(60):
        drawn = svg_text(chart)
        if all(n in drawn for n in needles):
            break
        page.wait_for_timeout(500)
    return drawn


def test_issue_detail_draws_readings_ruled_out_and_inferred(page, certainty_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(certainty_url + PAGE_PATHS["issue"] + "?issue=lease-term")
    wait_for_app(page)
    needles = ("Operator — Gazette", "Operator — Minutes", "ruled out")
    text = _chart_text(page, "Operator — Gazette", *needles)
    assert all(n in text for n in needles), text
    page.get_by_text("The operator could live with ten years.").first.wait_for()
    assert_healthy(page)
    _shot(page, "issue-lease-term")
    page.goto(certainty_url + PAGE_PATHS["issue"] + "?issue=rent")
    wait_for_app(page)
    text = _chart_text(page, "City (inferred)", "City (inferred)", "ruled out")
    assert "City (inferred)" in text and "ruled out" in text, text
    page.get_by_text("Inferred: Inferred from the council's budget debate").first.wait_for()
    assert_healthy(page)
    _shot(page, "issue-rent")


def test_gaps_draw_readings_and_the_how_sure_column(page, certainty_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(certainty_url + PAGE_PATHS["gaps"] + "?a=city&b=port-operator")
    wait_for_app(page)
    text = _chart_text(page, "Operator — Gazette", "Operator — Gazette")
    assert "Operator — Gazette" in text, text
    page.get_by_text("Gap table").first.click()
    wait_for_app(page)
    # the table is a canvas grid: its headers are not page text
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    assert_healthy(page)
    _shot(page, "gaps")
    page.goto(certainty_url + PAGE_PATHS["overview"] + "?a=city&b=port-operator")
    wait_for_app(page)
    page.get_by_text("2 of 2 gaps rest on contested or inferred input").first.wait_for()
    assert_healthy(page)
    _shot(page, "overview")
