"""Hostile input in the real browser (issue "Hostile input"): web defences.

A dossier whose every free text (quotes, summaries, side and camp names, issue
titles, scale and dimension labels, frames, event titles, source outlets and titles)
carries HTML, script or Markdown is served by `streamlit run` and every page is
visited in Chromium: no dialog opens, ``window.__pwned`` stays undefined, no injected
``<img src=x>``, ``<script>`` or ``javascript:`` link exists in the DOM, and the
payloads show as inert text. A source whose url is ``javascript:alert(1)`` is rejected
by the loader and still listed, without a link.

Query parameters with unknown or path-like values give a friendly message, the page
still renders with the default dossier, and nothing is read outside ``positions/``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from app_helpers import (
    EXAMPLE_ID,
    ROOT,
    WAGE_DOSSIER,
    WAGE_ISSUES,
    WAGE_SIDES,
    WAGE_SOURCES,
    dump,
)
from browser_support import (
    PAGE_PATHS,
    require_browser,
    streamlit_server,
    wait_for_app,
)

pytestmark = pytest.mark.browser

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
JS_LINK = "[click](javascript:window.__pwned=1)"
BOLD = "**bold**"
HOSTILE_ID = "hostile-2024"
HOSTILE_TITLE = f"Hostile {SCRIPT} {BOLD} {JS_LINK}"

# payloads that must appear literally (as text) on the page named
INERT_TEXT = {
    "issue": [SCRIPT, IMG, JS_LINK, BOLD],  # side names, quotes, summaries
    "sources": [SCRIPT, IMG, JS_LINK, BOLD],  # quotes, voices, outlets
    "timeline": [SCRIPT, IMG, JS_LINK],  # event titles, venues, summaries
    "briefing": [SCRIPT, IMG, BOLD],  # the brief's Markdown
}


def hostile_dossier(root):  # type: ignore[no-untyped-def]
    """The wage dossier of app_helpers with HTML, script and Markdown everywhere."""
    meta = copy.deepcopy(WAGE_DOSSIER)
    issues = copy.deepcopy(WAGE_ISSUES)
    sources = copy.deepcopy(WAGE_SOURCES)
    sides = copy.deepcopy(WAGE_SIDES)

    meta["id"] = HOSTILE_ID
    meta["title"] = HOSTILE_TITLE
    meta["summary"] = f"Summary {IMG} {JS_LINK} {BOLD}"
    meta["camps"][0]["name"] = f"Labour {SCRIPT}"
    meta["camps"][1]["name"] = f"Management {IMG}"
    for n, event in enumerate(meta["events"]):
        event["title"] = f"Round {n} {SCRIPT}"
        event["venue"] = f"Hall {IMG}"
        event["summary"] = f"Minutes {JS_LINK} {BOLD}"
    meta["dimensions"][0]["label"] = f"Outcome {IMG}"
    meta["dimensions"][0]["scale"][1]["label"] = f"Stalemate {SCRIPT}"
    meta["frames"][0]["label"] = f"Poker {JS_LINK}"
    meta["frames"][1]["label"] = f"Marathon {IMG}"

    issues["issues"][0]["title"] = f"Wage {SCRIPT}"
    issues["issues"][1]["title"] = f"Hours {IMG}"
    issues["issues"][2]["title"] = f"One-off {JS_LINK} {BOLD}"
    issues["issues"][0]["scale"][2]["label"] = f"4 % {IMG}"
    issues["issues"][1]["scale"][0]["label"] = f"Longer {SCRIPT}"

    courier, blog = sources["sources"]
    courier["outlet"] = f"Courier {IMG}"
    courier["title"] = f"Talks {SCRIPT}"
    courier["url"] = "javascript:alert(1)"  # rejected by the loader: no link
    blog["outlet"] = f"Blog {JS_LINK}"
    blog["title"] = f"Analysis {BOLD} {IMG}"
    blog["url"] = 'https://example.org/x"><script>window.__pwned=1</script>'
    for char in sources["characterisations"]:
        char["quote"] = f"{char['quote']} {IMG} {SCRIPT}"
    sources["characterisations"][1]["voice"] = f"Dr {JS_LINK}"
    sources["characterisations"][1]["voice_role"] = BOLD

    for side in sides.values():
        side["name"] = f"{side['name']} {SCRIPT}"
        side["short"] = f"{side['short']} {IMG}"
        for pos in side["positions"]:
            pos["summary"] = f"{pos['summary']} {JS_LINK} {BOLD}"
            for ev in pos["evidence"]:
                ev["quote"] = f"{ev['quote']} {IMG}"
                ev["speaker"] = f"Speaker {SCRIPT}"

    folder = root / HOSTILE_ID
    dump(meta, folder / "dossier.yaml")
    dump(issues, folder / "issues.yaml")
    dump(sources, folder / "sources.yaml")
    for name, side in sides.items():
        dump(side, folder / "sides" / f"{name}.yaml")
    return folder


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_browser()
    root = tmp_path_factory.mktemp("hostile") / "positions"
    hostile_dossier(root)
    with streamlit_server(env={"NEGOTIATION_POSITIONS_DIR": str(root)}) as url:
        yield url


@pytest.fixture(scope="module")
def example_url() -> Iterator[str]:
    require_browser()
    env = {"NEGOTIATION_POSITIONS_DIR": str(ROOT / "positions")}
    with streamlit_server(env=env) as url:
        yield url


@pytest.fixture
def page(chromium):  # type: ignore[no-untyped-def]
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    pg = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.dialogs = dialogs  # type: ignore[attr-defined]
    try:
        yield pg
    finally:
        context.close()


# --------------------------------------------------------------------------- helpers


def open_page(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    wait_for_app(page)
    page.locator('[data-testid="stMain"] h1').first.wait_for()


def assert_not_executed(page, where: str) -> None:  # type: ignore[no-untyped-def]
    assert page.dialogs == [], f"{where}: dialogs opened: {page.dialogs}"
    assert page.evaluate("typeof window.__pwned") == "undefined", f"{where}: script ran"
    injected = page.evaluate(
        """() => ({
            img: document.querySelectorAll('img[src="x"], img[onerror]').length,
            onerror: document.querySelectorAll('[onerror]').length,
            script: [...document.scripts].filter(s => s.text.includes('__pwned')).length,
            jslink: [...document.querySelectorAll('a[href]')]
                .filter(a => /^\\s*javascript:/i.test(a.getAttribute('href'))).length,
            bold: [...document.querySelectorAll('strong, b')]
                .filter(b => b.textContent.trim() === 'bold').length,
            link: [...document.querySelectorAll('a')]
                .filter(a => ['click', 'log in'].includes(a.textContent.trim())).length,
        })"""
    )
    clean = {"img": 0, "onerror": 0, "script": 0, "jslink": 0, "bold": 0, "link": 0}
    assert injected == clean, f"{where}: injected elements {injected}"
    assert page.locator('[data-testid="stException"]').count() == 0, where


def alert_texts(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator('[data-testid="stAlert"]').all_inner_texts()


# --------------------------------------------------------------------------- tests


def test_hostile_dossier_is_inert_on_every_page(page, hostile_url: str) -> None:
    for key, path in PAGE_PATHS.items():
        open_page(page, hostile_url + path)
        if key in ("gaps", "issue", "sources", "timeline"):
            page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for()
        # the dossier title, shown under every page title, is plain text
        assert page.get_by_text(HOSTILE_TITLE).first.is_visible(), key
        body = page.locator('[data-testid="stMain"]').inner_text()
        for payload in INERT_TEXT.get(key, []):
            assert payload in body, f"{key}: {payload!r} not shown as text"
        # open every expander (timeline events, overview summary) and look again
        for expander in page.locator('[data-testid="stExpander"] summary').all():
            if expander.get_attribute("aria-expanded") != "true":
                expander.click()
        assert_not_executed(page, key)


def test_rejected_source_url_renders_without_a_link(page, hostile_url: str) -> None:
    open_page(page, hostile_url + "/sources")
    # the loader reported the javascript: url, and the app says so
    assert any("1 error" in t for t in alert_texts(page)), alert_texts(page)
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert f"Courier {IMG}" in body  # quotes of the source still cite its outlet
    hrefs = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
    assert not [h for h in hrefs if "alert(1)" in h or "__pwned" in h], hrefs
    # Data health counts it (the problem table itself is drawn on a canvas)
    open_page(page, hostile_url + "/health")
    errors = page.locator('[data-testid="stMetric"]').filter(has_text="Errors")
    assert errors.locator('[data-testid="stMetricValue"]').inner_text() == "1"
    assert_not_executed(page, "health")


BAD_LINKS = [
    ("/", "dossier=../../etc", "does not exist"),
    ("/", "dossier=%2e%2e%2fetc%2fpasswd", "does not exist"),
    ("/gaps", "dossier=/etc/passwd", "does not exist"),
    ("/issue", "issue=" + quote("<script>"), "does not exist in this dossier"),
    ("/gaps", "date=9999-99-99", "is not a date"),
    ("/gaps", "a=../../x", "not a side or camp"),
    ("/gaps", "from=../../etc/passwd", "is not a date"),
    ("/gaps", "parties=" + quote("../x," + IMG), "left out"),
    ("/", "issues=" + quote("../../etc"), "left out"),
    # Markdown in a link's value is shown as text, never as a link or bold text
    ("/", "dossier=" + quote("[log in](https://evil.example/)"), "does not exist"),
    ("/", "a=" + quote(f"{BOLD} {JS_LINK}"), "not a side or camp"),
]


def test_bad_query_params_give_a_friendly_message(page, example_url: str) -> None:
    for path, qs, message in BAD_LINKS:
        where = f"{path}?{qs}"
        open_page(page, f"{example_url}{path}?{qs}")
        alerts = alert_texts(page)
        assert any(message in t for t in alerts), f"{where}: alerts {alerts}"
        assert page.locator('[data-testid="stAlert"]').first.is_visible()
        # the default dossier is shown and the URL is rewritten to the valid view
        assert page.get_by_text("Russia–West security talks, January 2022").first.is_visible()
        query = parse_qs(urlsplit(page.url).query)
        assert query["dossier"] == [EXAMPLE_ID], where
        body = page.locator("body").inner_text()
        assert not re.search(r"root:.*:0:0:", body), f"{where}: /etc/passwd leaked"
        # no disguised link: a bare URL may be auto-linked by Markdown, but only
        # showing its own address (the "log in" text is checked in assert_not_executed)
        for a in page.locator("a[href*='evil.example']").all():
            assert "evil.example" in a.inner_text(), f"{where}: disguised link"
        assert_not_executed(page, where)
