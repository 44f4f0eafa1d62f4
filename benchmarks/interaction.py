"""``interaction_ratio``: a sidebar interaction on a dashboard page in Chromium ÷ the same
interaction on ``benchmarks/bare_interaction_app.py``.

Two interactions per page, each timed in the page's own clock (``performance.now()``)
from the key press that commits it to the moment the page *shows the new state*:

* ``date``: the "As of" slider thumb is focused and ArrowLeft pressed (ArrowRight on the
  next repetition, so the moves alternate between the latest two dates);
* ``party``: the "Compare" selectbox is focused, ArrowDown opens its list, ArrowUp
  (ArrowDown on the next repetition; the other way at an end of the list) moves the
  focus to a neighbouring party, and Enter picks it; the time starts at Enter.

"Shows the new state" is, all at once:

1. a script run happened after the key press: ``stApp[data-test-script-state]`` was
   ``running`` (seen by a MutationObserver, old values included), the page's URL
   changed (the dashboard writes its view state there) or the main area changed (a
   run too short for the attribute to show);
2. it is over: the attribute is ``notRunning``, and the status widget ("Running…"),
   spinners, skeletons and stale elements (``[data-stale="true"]``) are gone, and every
   visible Plotly chart in the main area has drawn its SVG;
3. at least one fingerprint of the main area changed: a chart (its graph div, or its
   ``el.data`` / ``el.layout`` objects, which Plotly replaces when it draws a new
   figure), a table (the glide grid's accessible ``<table>``: ``aria-rowcount`` and
   text; an ``st.table``'s text) or the main area's text (the "as of" caption under
   every title).

``run_s`` is the time from the key to the end of the (last) script run the page saw:
the rest of ``page_s`` is the browser drawing the new state.

The time is when that state began, once it has held for 150 ms (so a second run right
after the first, e.g. ``st.rerun``, is waited for). A run that ends cleanly but changes
nothing in the main area counts at its end, once nothing changed for 1 s, and is
flagged ``changed: false``. After the timing, content hashes (JSON of data and layout,
table text) of every chart and table before and after give how many really changed
(``charts_changed``, ``tables_changed``). No run within 15 s of the key is an error.

Each side keeps one tab open; the page and the floor repetitions are interleaved, each
page gets one untimed interaction of each kind first, ``first_s`` is the first timed
one and the ratio uses medians. Whatever the widgets' frontend adds (a debounce) counts
on both sides alike.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.browser import page_url_paths, target_url
from benchmarks.timing import APP, BARE_INTERACTION_APP, POSITIONS_ENV, interleaved, median

SETTLE_MS = 150
UNCHANGED_MS = 1000
TIMEOUT_MS = 180_000
NO_RUN_MS = 15_000  # no script run this long after the key: the key did nothing

# installs window.__bench: the fingerprint before, a key listener and a rAF monitor
_ARM_JS = """([keys, settleMs, unchangedMs, timeoutMs, noRunMs]) => {
  const main = () => document.querySelector('[data-testid="stMain"], section.main');
  const app = document.querySelector('[data-testid="stApp"]');
  const hash = (s) => {
    let h = 0;
    for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
    return h;
  };
  const tableText = (el) => {
    const t = el.querySelector('table');
    return (t ? (t.getAttribute('aria-rowcount') || '') + '|' + t.textContent : el.textContent);
  };
  const quick = () => {
    const m = main();
    if (!m) return null;
    return {
      charts: [...m.querySelectorAll('.js-plotly-plot')].map((el) => [el, el.data, el.layout]),
      tables: [...m.querySelectorAll('[data-testid="stDataFrame"], [data-testid="stTable"]')]
        .map((el) => [el, tableText(el)]),
      text: m.textContent,
    };
  };
  const deep = () => {
    const m = main();
    if (!m) return {charts: [], tables: []};
    return {
      charts: [...m.querySelectorAll('.js-plotly-plot')].map((el) =>
        hash(JSON.stringify([el.data, el.layout]) || '')),
      tables: [...m.querySelectorAll('[data-testid="stDataFrame"], [data-testid="stTable"]')]
        .map((el) => hash(tableText(el))),
    };
  };
  const differs = (a, b) => {
    if (!a || !b) return a !== b;
    if (a.text !== b.text) return true;
    if (a.charts.length !== b.charts.length || a.tables.length !== b.tables.length) return true;
    if (a.charts.some((c, i) => c.some((x, j) => x !== b.charts[i][j]))) return true;
    return a.tables.some((t, i) => t[0] !== b.tables[i][0] || t[1] !== b.tables[i][1]);
  };
  const settled = () => {
    if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
    if (document.querySelector('[data-stale="true"]')) return false;
    if (document.querySelector('[data-testid="stSpinner"], [data-testid="stSkeleton"]')) {
      return false;
    }
    const m = main();
    if (!m) return false;
    return [...m.querySelectorAll('[data-testid="stPlotlyChart"]')]
      .filter((el) => el.checkVisibility())
      .every((el) => el.querySelector('.main-svg'));
  };
  const B = {
    keyAt: null, sawRunning: false, before: quick(), deepBefore: deep(), href: location.href,
  };
  let resolve;
  B.done = new Promise((r) => { resolve = r; });
  const onKey = (e) => { if (B.keyAt === null && keys.includes(e.key)) B.keyAt = e.timeStamp; };
  window.addEventListener('keydown', onKey, true);
  // a run shows as the attribute being (or having been, oldValue) "running"
  const obs = new MutationObserver((records) => {
    if (B.keyAt === null) return;
    const now = app.getAttribute('data-test-script-state');
    if (now === 'running' || records.some((r) => r.oldValue === 'running')) B.sawRunning = true;
    if (B.sawRunning && now === 'notRunning') B.runEndAt = performance.now();
  });
  obs.observe(app, {
    attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state'],
  });
  let since = null, sinceChanged = null;
  const finish = (result) => {
    obs.disconnect();
    window.removeEventListener('keydown', onKey, true);
    const after = deep();
    const count = (a, b) => a.filter((h, i) => h !== b[i]).length + Math.abs(a.length - b.length);
    resolve({
      ...result,
      run_ms: B.runEndAt === undefined ? null : B.runEndAt - B.keyAt,
      charts: after.charts.length,
      tables: after.tables.length,
      charts_changed: count(after.charts, B.deepBefore.charts),
      tables_changed: count(after.tables, B.deepBefore.tables),
    });
  };
  const started = performance.now();
  const tick = () => {
    const now = performance.now();
    // the dashboard writes its view state into the URL at the end of a run: a new URL
    // is a run too (one that changed nothing on the page, too short to show)
    if (B.keyAt !== null && location.href !== B.href) B.sawRunning = true;
    const idle = !B.sawRunning && since === null;
    if (now - started > timeoutMs || (idle && now - started > noRunMs)) {
      const why = B.sawRunning ? 'never settled' : 'no rerun started';
      finish({error: B.keyAt === null ? 'key not seen' : why});
      return;
    }
    // a changed main area is a run too (one too short for the attribute to show it)
    const ok = B.keyAt !== null && settled();
    const changed = ok && differs(quick(), B.before);
    if (ok && changed) {
      sinceChanged = null;
      if (since === null) since = now;
      if (now - since >= settleMs) { finish({ms: since - B.keyAt, changed: true}); return; }
    } else if (ok && B.sawRunning) {
      since = null;
      if (sinceChanged === null) sinceChanged = now;
      if (now - sinceChanged >= unchangedMs) {
        finish({ms: sinceChanged - B.keyAt, changed: false});
        return;
      }
    } else {
      since = null;
      sinceChanged = null;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.__bench = B;
}"""

_READY_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stStatusWidget"], [data-stale="true"]')) return false;
  if (document.querySelector('[data-testid="stSpinner"], [data-testid="stSkeleton"]')) return false;
  const m = document.querySelector('[data-testid="stMain"], section.main');
  if (!m || !m.querySelector('h1')) return false;
  return [...m.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .filter((el) => el.checkVisibility())
    .every((el) => el.querySelector('.main-svg'));
}"""


_OPTIONS_JS = """() => [...document.querySelectorAll('[role="listbox"] [role="option"]')]
  .map((o) => ({text: o.textContent, focused: o.getAttribute('data-focused') === 'true'}))"""


def wait_ready(page: Any, timeout: float = TIMEOUT_MS) -> None:
    """Until the page's run is over and it holds still (twice ready, 300 ms apart)."""
    for _ in range(2):
        page.wait_for_function(_READY_JS, timeout=timeout, polling=50)
        page.wait_for_timeout(300)
    page.wait_for_function(_READY_JS, timeout=timeout, polling=50)


class Side:
    """One open tab (a dashboard page or the floor) and its interaction counters."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.moves = {"date": 0, "party": 0}

    def control(self, role: str, name: str) -> Any:
        """A sidebar widget by role and the start of its accessible name (the slider's
        is "As of As of"); in the sidebar only, as a page may have a widget of the name."""
        sidebar = self.page.locator('[data-testid="stSidebar"]')
        return sidebar.get_by_role(role, name=re.compile(rf"^{re.escape(name)}\b"))

    def has_controls(self) -> dict[str, bool]:
        return {
            "date": self.control("slider", "As of").count() > 0,
            "party": self.control("combobox", "Compare").count() > 0,
        }

    def act(self, kind: str) -> dict[str, Any]:
        """One interaction; its measurement (``ms`` or ``error``) from the page."""
        page = self.page
        page.bring_to_front()
        wait_ready(page)
        n = self.moves[kind]
        self.moves[kind] += 1
        if kind == "date":
            keys = ["ArrowLeft", "ArrowRight"]
            self.control("slider", "As of").focus()
            page.evaluate(_ARM_JS, [keys, SETTLE_MS, UNCHANGED_MS, TIMEOUT_MS, NO_RUN_MS])
            page.keyboard.press(keys[n % 2])
        else:
            box = self.control("combobox", "Compare")
            current = box.get_attribute("value")
            box.focus()
            page.keyboard.press("ArrowDown")
            page.get_by_role("listbox").first.wait_for()
            if not self._focus_neighbour(current, up=n % 2 == 0):
                page.keyboard.press("Escape")
                return {"error": f"could not move to a party next to {current!r}"}
            page.evaluate(_ARM_JS, [["Enter"], SETTLE_MS, UNCHANGED_MS, TIMEOUT_MS, NO_RUN_MS])
            page.keyboard.press("Enter")
        return dict(page.evaluate("() => window.__bench.done"))

    def _focus_neighbour(self, current: str | None, up: bool) -> bool:
        """Move the open list's keyboard focus to another party than ``current``: the
        arrow key towards ``up`` (the other way at an end of the list). The list may
        render only the options near the focus, so only the focused one is read."""

        def focused() -> str | None:
            got = [o["text"] for o in self.page.evaluate(_OPTIONS_JS) if o["focused"]]
            return got[0] if got else None

        for key in ("ArrowUp", "ArrowDown") if up else ("ArrowDown", "ArrowUp"):
            for _ in range(2):  # the first press may only put the focus on the current one
                self.page.keyboard.press(key)
                now = focused()
                if now is not None and now != current:
                    return True
        return False


def measure_kind(app: Side, bare: Side, kind: str, reps: int) -> dict[str, Any]:
    """Untimed warm-up of both sides, then ``reps`` interleaved timed interactions."""
    results: dict[str, list[dict[str, Any]]] = {"page": [], "bare": []}
    for side in (app, bare):
        got = side.act(kind)
        if got.get("error"):
            who = "page" if side is app else "floor"
            return {"error": f"{who} warm-up: {got['error']}"}

    def timed(side: Side, name: str) -> float:
        got = side.act(kind)
        results[name].append(got)
        return float(got.get("ms", float("nan"))) / 1000

    times = interleaved(
        {"page": lambda: timed(app, "page"), "bare": lambda: timed(bare, "bare")},
        reps,
        self_timed=True,
    )
    errors = [f"{n}: {r['error']}" for n, rs in results.items() for r in rs if r.get("error")]
    if errors:
        return {"error": errors[0], "errors": errors}
    page_s, bare_s = median(times["page"]), median(times["bare"])
    last = results["page"][-1]
    return {
        "page_s": page_s,
        "bare_s": bare_s,
        "ratio": page_s / bare_s,
        "first_s": times["page"][0],
        "page_times": times["page"],
        "bare_times": times["bare"],
        "changed": all(r["changed"] for r in results["page"]),
        "charts": last["charts"],
        "tables": last["tables"],
        "charts_changed": [r["charts_changed"] for r in results["page"]],
        # key press to the end of the last script run the page saw (the rest is drawing)
        "run_s": [
            r["run_ms"] / 1000 if r.get("run_ms") is not None else None for r in results["page"]
        ],
        "tables_changed": [r["tables_changed"] for r in results["page"]],
    }


@contextlib.contextmanager
def _servers(root: Path) -> Iterator[tuple[str, str]]:
    from tests.browser_support import streamlit_server

    env = {POSITIONS_ENV: str(root)}
    with (
        streamlit_server(APP, env=env) as app_url,
        streamlit_server(BARE_INTERACTION_APP, env=env) as bare_url,
    ):
        yield app_url, bare_url


def measure_interaction(
    roots: dict[str, Path], names: list[str], reps: int, log: Any = print
) -> dict[str, Any]:
    """Per label ("example", "L") and page: the date and party interactions against the
    floor. A page without the "As of" slider is left out (``skipped``)."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import chromium_path, launch_chromium

    exe = chromium_path()
    if exe is None:
        raise RuntimeError("Chromium not found (/usr/bin/chromium)")
    urls = page_url_paths()
    out: dict[str, Any] = {}
    with sync_playwright() as pw:
        browser = launch_chromium(pw, exe)
        try:
            for label, root in roots.items():
                out[label] = per_page = {}
                with _servers(root) as (app_url, bare_url):
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    context.set_default_timeout(TIMEOUT_MS)
                    try:
                        bare_page = context.new_page()
                        bare_page.goto(bare_url)
                        wait_ready(bare_page)
                        bare = Side(bare_page)
                        app_page = context.new_page()
                        for name in names:
                            log(f"  interaction {label} {name} ...")
                            url = target_url(app_url, name, urls)
                            try:
                                per_page[name] = measure_page(app_page, url, bare, reps)
                            except Exception as exc:  # one page failing: the others run
                                per_page[name] = {"url": url, "errors": [repr(exc)[:300]]}
                    finally:
                        context.close()
        finally:
            browser.close()
    return out


def measure_page(app_page: Any, url: str, bare: Side, reps: int) -> dict[str, Any]:
    """Both interactions on one page (opened fresh at ``url``); ``ratio`` is the worse."""
    app_page.goto(url, wait_until="commit")
    wait_ready(app_page)
    app = Side(app_page)
    has = app.has_controls()
    if not has["date"]:
        return {"skipped": "no as-of slider", "url": url}
    entry: dict[str, Any] = {"url": url, "errors": []}
    for kind in ("date", "party"):
        if not has[kind]:
            continue
        entry[kind] = got = measure_kind(app, bare, kind, reps)
        if got.get("error"):
            entry["errors"].append(f"{kind}: {got['error']}")
    ratios = [entry[k]["ratio"] for k in ("date", "party") if "ratio" in entry.get(k, {})]
    if ratios:
        entry["ratio"] = max(ratios)
    return entry
