"""``rerun_ratio``: a warm AppTest rerun of each page (and Gaps view) ÷ its floor app."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.timing import (
    APP,
    FLOOR_APP,
    FLOOR_ENV,
    POSITIONS_ENV,
    ROOT,
    interleaved,
    median,
    split_target,
    targets,
)

TEXT_KINDS = ("title", "header", "subheader", "markdown", "caption", "latex", "text", "code")
VIEW_WIDGET = "w_view"  # the Gaps page's view radio (components/gaps.py)


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


def view_widget(at: Any) -> str | None:
    """The value of the Gaps page's view radio (``w_view``) in an AppTest run, if drawn."""
    for radio in at.radio:
        if getattr(radio, "key", None) == VIEW_WIDGET:
            return str(radio.value)
    return None


def rerun_worker(
    root: str, reps: int, workdir: str, counts_only: bool, only: str | None = None
) -> dict[str, Any]:
    """In this process: each measured page (``page[view]`` for a page with views) cold,
    then warm reruns interleaved with its floor.

    A view is asked for by the URL (``?view=...``, set before the first run, as a shared
    link would); the entry records the view the page actually drew (``view_shown``) and
    an error when it is not the one asked for.
    """
    import pickle

    from streamlit.testing.v1 import AppTest

    from negotiation import loader

    os.environ[POSITIONS_ENV] = root
    out: dict[str, Any] = {}
    for name in targets():
        stem, view = split_target(name)
        if only and only not in (name, stem):
            continue
        rel = (ROOT / "app_pages" / f"{stem}.py").relative_to(ROOT).as_posix()
        at = AppTest.from_file(str(APP), default_timeout=3600)
        if view is not None:
            at.query_params["view"] = view
        t0 = time.perf_counter()
        at.run()
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        at.switch_page(rel).run()
        cold = time.perf_counter() - t0
        errors = [str(e.value)[:300] for e in at.exception]
        entry: dict[str, Any] = {"first_app_run_s": first, "cold_s": cold, "errors": errors}
        if view is not None:
            shown = view_widget(at)
            entry["view"], entry["view_shown"] = view, shown
            if shown != view:
                errors.append(f"asked for view {view!r}, the page shows {shown!r}")
        entry.update(element_stats(at))
        if counts_only or errors:
            out[name] = entry
            continue
        elements = capture(at)
        slug = name.replace("[", "-").replace("]", "")
        pickle_path = Path(workdir) / f"floor-{Path(root).name}-{slug}.pkl"
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
        if view is not None and view_widget(at) != view:
            entry["errors"].append(f"the warm reruns left view {view!r}")
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
        out[name] = entry
    return out


def run_worker(
    root: Path,
    reps: int,
    workdir: Path,
    counts_only: bool = False,
    timeout: float = 300.0,
    names: list[str] | None = None,
) -> dict[str, Any]:
    """Run :func:`rerun_worker` for each measured page in a fresh process (own caches,
    own env); ``names`` (default: every page and view) as from ``--pages``.

    A page whose process takes longer than ``timeout`` seconds (cold run and warm
    reruns) is killed and reported with ``timed_out``.
    """
    out: dict[str, Any] = {}
    for name in targets() if names is None else names:
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
            name,
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
            out[name] = {"timed_out": True, "limit_s": timeout}
            continue
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
        if proc.returncode != 0 or not lines:
            raise RuntimeError(f"rerun worker failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
        out.update(json.loads(lines[-1]))
        out[name]["process_s"] = time.perf_counter() - t0
    return out
