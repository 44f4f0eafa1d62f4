"""Scale and speed: each figure measured against its floor, side by side, in one run.

    python -m benchmarks.run [--sizes S,M,L] [--reps N] [--quick] [--skip-browser] [--json]

Every figure is a ratio of two timings (or of memory to bytes) taken in the same run
with interleaved repetitions (A B, B A, A B...) and the median of each side, so machine
noise moves both sides alike:

* ``load_ratio``   ``load_positions`` (load + validate) of a synthetic dossier ÷ a bare
  ``yaml.load(..., Loader=yaml.CSafeLoader)`` of the same files;
* ``growth_ratio`` load time at the larger size ÷ at the smaller, divided by the ratio of
  their positions (1.0 = linear);
* ``rerun_ratio``  a warm AppTest rerun of each page in ``app_pages/`` ÷ the same elements
  drawn from a pickle by ``benchmarks/floor_app.py`` (worst page; every page in the
  details); the YAML parse count before and after the warm reruns is recorded;
* ``browser_ratio`` a cold page of the dashboard on ``positions/`` in Chromium, until its
  charts and tables are drawn and no spinner shows ÷ ``benchmarks/bare_app.py`` (one
  chart, one table), same measurement (worst page; every page in the details);
* ``rss_per_yaml_byte`` resident memory a fresh process gains by ``load_positions`` of a
  dossier ÷ the dossier's YAML bytes.

``--json`` prints one object: each of those keys maps a size label ("S", "M", "L", or
"M/S", "L/M" for growth, "example" for the browser) to a number; a figure not measured
in the run (a single size has no growth; ``--skip-browser``) is an empty object, and
``rerun_ratio`` is ``null`` for a size where a page did not finish within
``--page-timeout``. ``targets`` holds the targets, and ``details`` the raw medians,
per-page figures, parse counts and element counts of every page. ``--report FILE``
prints the tables of a saved ``--json`` output.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python benchmarks/run.py` as well as `-m benchmarks.run`
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from benchmarks.generate import SIZES, count_positions, generate  # noqa: E402

APP = ROOT / "dashboard.py"
FLOOR_APP = ROOT / "benchmarks" / "floor_app.py"
BARE_APP = ROOT / "benchmarks" / "bare_app.py"
EXAMPLE_ROOT = ROOT / "positions"
POSITIONS_ENV = "NEGOTIATION_POSITIONS_DIR"
FLOOR_ENV = "NEGOTIATION_FLOOR_PICKLE"
KEYS = ("load_ratio", "growth_ratio", "rerun_ratio", "browser_ratio", "rss_per_yaml_byte")
TARGETS = {
    "load_ratio": 2.0,
    "growth_ratio": 1.2,
    "rerun_ratio": 1.5,
    "browser_ratio": 2.0,
    "rss_per_yaml_byte": 10.0,
}
# sizes a target applies to (the other sizes are shown for the trend)
TARGET_AT = {"growth_ratio": ("L/M",), "rerun_ratio": ("L",), "rss_per_yaml_byte": ("L",)}
TEXT_KINDS = ("title", "header", "subheader", "markdown", "caption", "latex", "text", "code")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def pages() -> list[Path]:
    """Every page script of the dashboard."""
    return sorted(p for p in (ROOT / "app_pages").glob("*.py") if not p.name.startswith("_"))


def yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.y*ml") if p.is_file())


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def interleaved(sides: dict[str, Callable[[], Any]], reps: int) -> dict[str, list[float]]:
    """Time each side ``reps`` times, alternating which side goes first."""
    names = list(sides)
    out: dict[str, list[float]] = {name: [] for name in names}
    for rep in range(reps):
        for name in names if rep % 2 == 0 else reversed(names):
            gc.collect()
            t0 = time.perf_counter()
            sides[name]()
            out[name].append(time.perf_counter() - t0)
    return out


# =========================================================================== (a) (b)


def bare_load(folder: Path) -> None:
    for path in yaml_files(folder):
        yaml.load(path.read_bytes(), Loader=_Loader)


def measure_load(folders: dict[str, Path], reps: int) -> dict[str, Any]:
    """Loader vs bare yaml.load at every size, all sides interleaved in one loop."""
    from negotiation.loader import load_positions

    for folder in folders.values():  # warm the page cache and the imports
        bare_load(folder)
        assert not load_positions([folder]).problems, f"{folder} has problems"
    sides: dict[str, Callable[[], Any]] = {}
    for size, folder in folders.items():
        sides[f"bare {size}"] = lambda f=folder: bare_load(f)
        sides[f"loader {size}"] = lambda f=folder: load_positions([f])
    times = interleaved(sides, reps)
    out: dict[str, Any] = {}
    for size, folder in folders.items():
        bare, load = median(times[f"bare {size}"]), median(times[f"loader {size}"])
        out[size] = {
            "bare_s": bare,
            "loader_s": load,
            "ratio": load / bare,
            "positions": count_positions(size),
            "files": len(yaml_files(folder)),
            "bytes": sum(p.stat().st_size for p in yaml_files(folder)),
        }
    return out


def growth(load: dict[str, Any]) -> dict[str, float]:
    """Load time ratio ÷ positions ratio between consecutive sizes measured."""
    sizes = [s for s in SIZES if s in load]
    out = {}
    for small, big in itertools.pairwise(sizes):
        t = load[big]["loader_s"] / load[small]["loader_s"]
        n = load[big]["positions"] / load[small]["positions"]
        out[f"{big}/{small}"] = t / n
    return out


# =========================================================================== (e)

_RSS_CODE = r"""
import gc, json, os, resource, sys
from negotiation.loader import load_positions
import negotiation.analysis  # noqa: F401  (what the dashboard imports anyway)

def rss():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

gc.collect()
before = rss()
result = load_positions([sys.argv[1]])
gc.collect()
after = rss()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"before": before, "after": after, "peak": peak,
                  "dossiers": len(result.dossiers)}))
"""


def measure_rss(folders: dict[str, Path], reps: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    runs: dict[str, list[dict[str, int]]] = {size: [] for size in folders}
    for _ in range(reps):
        for size, folder in folders.items():
            proc = subprocess.run(
                [sys.executable, "-c", _RSS_CODE, str(folder)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
            runs[size].append(json.loads(proc.stdout.strip().splitlines()[-1]))
    for size, folder in folders.items():
        nbytes = sum(p.stat().st_size for p in yaml_files(folder))
        added = median([r["after"] - r["before"] for r in runs[size]])
        out[size] = {
            "bytes": nbytes,
            "rss_added_mb": added / 1e6,
            "peak_rss_mb": median([r["peak"] for r in runs[size]]) / 1e6,
            "ratio": added / nbytes,
        }
    return out


# =========================================================================== (c)


def capture(at: Any) -> list[tuple[str, str, Any]]:
    """Every element an AppTest run drew, as (main|sidebar, kind, data) for floor_app."""
    import plotly.graph_objects as go

    out: list[tuple[str, str, Any]] = []

    def walk(block: Any, where: str) -> None:
        for node in block.children.values():
            kind = getattr(node, "type", "")
            if (hasattr(node, "children") and not hasattr(node, "proto")) or kind in (
                "expander",
                "tab",
                "tab_container",
                "column",
                "flex_container",
                "sidebar",
                "main",
            ):
                walk(node, where)
                continue
            value: Any
            if kind in TEXT_KINDS:
                value = node.value
            elif kind == "divider":
                value = None
            elif kind in ("info", "warning", "error", "success"):
                value = node.value
            elif kind == "metric":
                value = (node.label, node.value, node.proto.delta)
            elif kind in ("dataframe", "table"):
                value = node.value
            elif kind == "plotly_chart":
                value = go.Figure(json.loads(node.proto.spec))
            elif kind in ("selectbox", "radio"):
                value = (node.label, list(node.options), node.index)
            elif kind == "multiselect":
                value = (node.label, list(node.options), list(node.values))
            elif kind == "select_slider":
                options = list(node.options)

                def shown(v: Any, node: Any = node, options: list[str] = options) -> str:
                    return v if v in options else str(node.format_func(v))

                current = node.value
                if isinstance(current, list | tuple):
                    value = (node.label, options, tuple(shown(v) for v in current))
                else:
                    value = (node.label, options, shown(current))
            elif kind in ("checkbox", "toggle"):
                value = (node.label, bool(node.value))
            elif kind in ("text_input", "date_input"):
                value = (node.label, node.value)
            elif kind in ("button", "download_button"):
                value = node.label
            else:
                out.append((where, f"unsupported:{kind}", None))
                continue
            out.append((where, kind, value))

    walk(at.main, "main")
    walk(at.sidebar, "sidebar")
    return out


def element_stats(at: Any) -> dict[str, Any]:
    """Element counts of a page and how big its charts and tables are."""
    counts: Counter[str] = Counter()

    def walk(block: Any) -> None:
        for node in block.children.values():
            counts[getattr(node, "type", "?")] += 1
            if hasattr(node, "children"):
                walk(node)

    walk(at.main)
    walk(at.sidebar)
    traces = []
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        traces.append(len(spec.get("data", [])))
    rows = [len(df.value) for df in at.dataframe]
    return {
        "counts": {k: v for k, v in sorted(counts.items()) if k not in ("main", "sidebar")},
        "charts": len(traces),
        "traces": sum(traces),
        "max_traces": max(traces, default=0),
        "dataframes": len(rows),
        "max_rows": max(rows, default=0),
        "total_rows": sum(rows),
    }


def rerun_worker(
    root: str, reps: int, workdir: str, counts_only: bool, only: str | None = None
) -> dict[str, Any]:
    """In this process: each page cold, then warm reruns interleaved with its floor."""
    from streamlit.testing.v1 import AppTest

    from negotiation import loader

    os.environ[POSITIONS_ENV] = root
    out: dict[str, Any] = {}
    for page in pages():
        if only and page.stem != only:
            continue
        rel = page.relative_to(ROOT).as_posix()
        at = AppTest.from_file(str(APP), default_timeout=3600)
        t0 = time.perf_counter()
        at.run()
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        at.switch_page(rel).run()
        cold = time.perf_counter() - t0
        errors = [str(e.value)[:300] for e in at.exception]
        stats = element_stats(at)
        entry: dict[str, Any] = {"first_app_run_s": first, "cold_s": cold, "errors": errors}
        entry.update(stats)
        if counts_only or errors:
            out[page.stem] = entry
            continue
        elements = capture(at)
        pickle_path = Path(workdir) / f"floor-{Path(root).name}-{page.stem}.pkl"
        import pickle

        with open(pickle_path, "wb") as fh:
            pickle.dump(elements, fh)
        os.environ[FLOOR_ENV] = str(pickle_path)
        floor = AppTest.from_file(str(FLOOR_APP), default_timeout=3600)
        floor.run()
        floor.run()  # both sides warm
        at.run()
        floor_stats = element_stats(floor)
        before = loader.parse_count()
        times = interleaved({"page": at.run, "floor": floor.run}, reps)
        after = loader.parse_count()
        page_s, floor_s = median(times["page"]), median(times["floor"])
        entry.update(
            {
                "warm_s": page_s,
                "floor_s": floor_s,
                "ratio": page_s / floor_s,
                "parse_count_before": before,
                "parse_count_after": after,
                "floor_counts": floor_stats["counts"],
                "unsupported": sorted({k for _, k, _ in elements if k.startswith("unsup")}),
            }
        )
        out[page.stem] = entry
    return out


def run_worker(
    root: Path, reps: int, workdir: Path, counts_only: bool = False, timeout: float = 300.0
) -> dict[str, Any]:
    """Run :func:`rerun_worker` for each page in a fresh process (own caches, own env).

    A page whose process takes longer than ``timeout`` seconds (cold run and warm
    reruns) is killed and reported with ``timed_out``.
    """
    out: dict[str, Any] = {}
    for page in pages():
        cmd = [
            sys.executable,
            "-m",
            "benchmarks.run",
            "--_rerun-worker",
            str(root),
            "--reps",
            str(reps),
            "--_workdir",
            str(workdir),
            "--_page",
            page.stem,
        ] + (["--_counts-only"] if counts_only else [])
        t0 = time.perf_counter()
        try:
            proc = subprocess.run(
                cmd,
                cwd=ROOT,
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            out[page.stem] = {"timed_out": True, "limit_s": timeout}
            continue
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
        if proc.returncode != 0 or not lines:
            raise RuntimeError(f"rerun worker failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
        out.update(json.loads(lines[-1]))
        out[page.stem]["process_s"] = time.perf_counter() - t0
    return out


# =========================================================================== (d)

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
                url = f"{app_url}/{urls.get(stem, stem)}"
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


# =========================================================================== report


def worst(per_page: dict[str, Any]) -> tuple[str, float] | None:
    rated = [(k, v["ratio"]) for k, v in per_page.items() if "ratio" in v]
    return max(rated, key=lambda kv: kv[1]) if rated else None


def table(figures: dict[str, Any], details: dict[str, Any]) -> str:
    lines = [
        "| figure | size | measured | floor | ratio | target | met |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]

    def row(name: str, size: str, measured: str, floor: str, ratio: float) -> None:
        target = TARGETS[name]
        ok = "yes" if ratio <= target else "**no**"
        if size.split()[0] not in TARGET_AT.get(name, (size.split()[0],)):
            ok = "(target at L)" if ok == "yes" else "(no; target at L)"
        lines.append(
            f"| {name} | {size} | {measured} | {floor} | {ratio:.2f} | ≤ {target:g} | {ok} |"
        )

    for size, d in details.get("load", {}).items():
        row("load_ratio", size, f"{d['loader_s']:.3f} s", f"{d['bare_s']:.3f} s", d["ratio"])
    load = details.get("load", {})
    for pair, value in figures["growth_ratio"].items():
        big, small = pair.split("/")
        row(
            "growth_ratio",
            pair,
            f"×{load[big]['loader_s'] / load[small]['loader_s']:.2f} time",
            f"×{load[big]['positions'] / load[small]['positions']:.2f} positions",
            value,
        )
    for size, per_page in details.get("rerun", {}).items():
        for stem, d in per_page.items():
            if d.get("timed_out"):
                lines.append(
                    f"| rerun_ratio | {size} {stem} | did not finish in {d['limit_s']:.0f} s "
                    f"| — | — | ≤ {TARGETS['rerun_ratio']:g} | **no** |"
                )
            if "ratio" in d:
                row(
                    "rerun_ratio",
                    f"{size} {stem}",
                    f"{d['warm_s'] * 1000:.0f} ms",
                    f"{d['floor_s'] * 1000:.0f} ms",
                    d["ratio"],
                )
    for stem, d in details.get("browser", {}).items():
        row(
            "browser_ratio",
            f"example {stem}",
            f"{d['page_s']:.2f} s",
            f"{d['bare_s']:.2f} s",
            d["ratio"],
        )
    for size, d in details.get("rss", {}).items():
        row(
            "rss_per_yaml_byte",
            size,
            f"+{d['rss_added_mb']:.0f} MB",
            f"{d['bytes'] / 1e6:.1f} MB YAML",
            d["ratio"],
        )
    return "\n".join(lines)


def pages_table(details: dict[str, Any]) -> str:
    lines = [
        "| size | page | cold run | warm rerun | YAML parses before → after warm reruns "
        "| charts (traces, most in one) | tables (rows, longest) | other elements |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for size, per_page in details.get("rerun", {}).items():
        for stem, d in per_page.items():
            if d.get("timed_out"):
                lines.append(
                    f"| {size} | {stem} | **did not finish within {d['limit_s']:.0f} s** "
                    "| — | — | — | — | — |"
                )
                continue
            other = sum(
                n
                for k, n in d["counts"].items()
                if k not in ("plotly_chart", "dataframe", "column", "flex_container", "tab")
            )
            warm = f"{d['warm_s']:.2f} s" if "warm_s" in d else "—"
            parses = (
                f"{d['parse_count_before']} → {d['parse_count_after']}"
                if "parse_count_before" in d
                else "—"
            )
            err = f" (error: {d['errors'][0][:60]})" if d.get("errors") else ""
            lines.append(
                f"| {size} | {stem}{err} | {d['cold_s']:.2f} s | {warm} | {parses} | "
                f"{d['charts']} ({d['traces']}, {d['max_traces']}) | "
                f"{d['dataframes']} ({d['total_rows']}, {d['max_rows']}) | {other} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--sizes", default="S,M,L", help="comma-separated sizes (default S,M,L)")
    parser.add_argument("--reps", type=int, default=None, help="repetitions per side")
    parser.add_argument("--quick", action="store_true", help="size S only, 3 repetitions")
    parser.add_argument("--skip-browser", action="store_true", help="no Chromium measurement")
    parser.add_argument("--skip-rerun", action="store_true", help="no AppTest measurement")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--report", type=Path, default=None, help="print the tables of a saved --json output"
    )
    parser.add_argument("--work", type=Path, default=None, help="folder for generated data")
    parser.add_argument("--_rerun-worker", dest="rerun_worker", help=argparse.SUPPRESS)
    parser.add_argument("--_workdir", dest="workdir", help=argparse.SUPPRESS)
    parser.add_argument("--_page", dest="page", help=argparse.SUPPRESS)
    parser.add_argument(
        "--page-timeout", type=float, default=300.0, help="seconds per page process (300)"
    )
    parser.add_argument("--_counts-only", dest="counts_only", action="store_true",
                        help=argparse.SUPPRESS)  # fmt: skip
    args = parser.parse_args(argv)

    if args.rerun_worker:
        result = rerun_worker(
            args.rerun_worker, args.reps or 5, args.workdir or tempfile.gettempdir(),
            args.counts_only, args.page,
        )  # fmt: skip
        print(json.dumps(result))
        return 0

    if args.report is not None:
        saved = json.loads(args.report.read_text(encoding="utf-8"))
        print_tables({k: saved[k] for k in KEYS}, saved["details"])
        return 0

    sizes = ["S"] if args.quick else [s.strip().upper() for s in args.sizes.split(",") if s]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {unknown}; expected {', '.join(SIZES)}")
    sizes = [s for s in SIZES if s in sizes]
    reps = args.reps or (3 if args.quick else 7)
    log = (lambda *a: print(*a, file=sys.stderr, flush=True)) if args.json else print

    with contextlib.ExitStack() as stack:
        if args.work is None:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
        else:
            work = args.work
        roots: dict[str, Path] = {}
        folders: dict[str, Path] = {}
        for size in sizes:
            roots[size] = work / f"root-{size.lower()}"
            folders[size] = generate(size, roots[size])
        details: dict[str, Any] = {"reps": reps, "sizes": sizes}
        log(f"load: {', '.join(sizes)} × {reps} reps, interleaved ...")
        details["load"] = measure_load(folders, reps)
        log("memory (a fresh process per size) ...")
        details["rss"] = measure_rss(folders, min(reps, 3))
        if not args.skip_rerun and APP.is_file() and pages():
            details["rerun"] = {}
            for size in sizes:
                log(f"rerun: every page at {size} (AppTest, {reps} reps) ...")
                details["rerun"][size] = run_worker(
                    roots[size], reps, work, timeout=args.page_timeout
                )
        if not args.skip_browser and APP.is_file() and pages():
            log("browser: every page of positions/ in Chromium ...")
            counts = run_worker(EXAMPLE_ROOT, 1, work, counts_only=True)
            counts = {k: v for k, v in counts.items() if "charts" in v}
            details["browser"] = measure_browser(counts, max(3, reps // 2))

    figures: dict[str, Any] = {key: {} for key in KEYS}
    figures["load_ratio"] = {s: d["ratio"] for s, d in details["load"].items()}
    figures["growth_ratio"] = growth(details["load"])
    figures["rss_per_yaml_byte"] = {s: d["ratio"] for s, d in details["rss"].items()}
    for size, per_page in details.get("rerun", {}).items():
        w = worst(per_page)
        if any(d.get("timed_out") for d in per_page.values()):
            figures["rerun_ratio"][size] = None  # a page did not finish: no finite ratio
        elif w is not None:
            figures["rerun_ratio"][size] = w[1]
    if details.get("browser"):
        w = worst(details["browser"])
        if w is not None:
            figures["browser_ratio"]["example"] = w[1]

    if args.json:
        print(json.dumps({**figures, "targets": TARGETS, "details": details}, default=str))
        return 0
    print_tables(figures, details)
    return 0


def print_tables(figures: dict[str, Any], details: dict[str, Any]) -> None:
    print()
    print(table(figures, details))
    if details.get("rerun"):
        print()
        print(pages_table(details))
    print()
    print("headline (worst page for rerun/browser):", json.dumps(figures))


if __name__ == "__main__":
    sys.exit(main())
