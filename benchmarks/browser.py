"""``browser_ratio``: a cold dashboard page in Chromium ÷ ``benchmarks/bare_app.py``."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.timing import (
    APP,
    BARE_APP,
    EXAMPLE_ROOT,
    POSITIONS_ENV,
    interleaved,
    median,
    pages,
    split_target,
)

_READY_JS = """([charts, tables]) => {
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  if (document.querySelector('[data-testid="stSpinner"], [data-testid="stSkeleton"]')) return false;
  if (!document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')) {
    return false;
  }
  const c = [...document.querySelectorAll('[data-testid="stPlotlyChart"], .stPlotlyChart')];
  const uniq = [...new Set(c.map((el) => el.closest('[data-testid="stPlotlyChart"]') || el))];
  if (uniq.length < charts) return false;
  const visible = uniq.filter(shown);
  if (charts > 0 && visible.length === 0) return false;
  if (!visible.every((el) => el.querySelector('.main-svg'))) return false;
  // st.dataframe(height="content") of a short frame is drawn as a static table
  const t = document.querySelectorAll('[data-testid="stDataFrame"], [data-testid="stTable"]');
  if (t.length < tables) return false;
  const main = document.querySelector('[data-testid="stMain"], section.main');
  return Boolean(main) && (charts + tables > 0 || main.innerText.length > 0);
}"""


def target_url(base: str, name: str, urls: dict[str, str] | None = None) -> str:
    """The URL of a measured page: ``gaps[two]`` -> ``BASE/gaps?view=two``."""
    stem, view = split_target(name)
    path = (page_url_paths() if urls is None else urls).get(stem, stem)
    return f"{base}/{path}" + (f"?view={view}" if view else "")


def page_url_paths() -> dict[str, str]:
    """page file stem -> URL path (from components.pages when present)."""
    try:
        from components.pages import PAGES

        return {Path(p.script).stem: ("" if p.default else p.url_path) for p in PAGES}
    except Exception:  # the dashboard's page table is optional for this benchmark
        return {p.stem: p.stem for p in pages()}


@contextlib.contextmanager
def _servers(env: dict[str, str]) -> Iterator[tuple[str, str]]:
    from tests.browser_support import streamlit_server

    with (
        streamlit_server(APP, env=env) as app_url,
        streamlit_server(BARE_APP, env=env) as bare_url,
    ):
        yield app_url, bare_url


def open_until_ready(browser: Any, url: str, charts: int, tables: int) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_function(_READY_JS, arg=[charts, tables], timeout=120_000, polling=50)
        return time.perf_counter() - t0
    finally:
        context.close()


def measure_browser(counts: dict[str, Any], reps: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from tests.browser_support import chromium_path, launch_chromium

    exe = chromium_path()
    if exe is None:
        raise RuntimeError("Chromium not found (/usr/bin/chromium)")
    urls = page_url_paths()
    out: dict[str, Any] = {}
    with (
        _servers({POSITIONS_ENV: str(EXAMPLE_ROOT)}) as (app_url, bare_url),
        sync_playwright() as pw,
    ):
        browser = launch_chromium(pw, exe)
        try:
            open_until_ready(browser, bare_url, 1, 1)  # server-side imports, caches
            for stem, stats in counts.items():
                url = target_url(app_url, stem, urls)
                charts, tables = stats["charts"], stats["dataframes"]
                open_until_ready(browser, url, charts, tables)  # warm the server cache
                times = interleaved(
                    {
                        "page": lambda u=url, c=charts, t=tables: open_until_ready(
                            browser, u, c, t
                        ),
                        "bare": lambda: open_until_ready(browser, bare_url, 1, 1),
                    },
                    reps,
                )
                page_s, bare_s = median(times["page"]), median(times["bare"])
                out[stem] = {
                    "page_s": page_s,
                    "bare_s": bare_s,
                    "ratio": page_s / bare_s,
                    "charts": charts,
                    "dataframes": tables,
                }
        finally:
            browser.close()
    return out
