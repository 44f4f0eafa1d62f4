"""Shared paths, page list and the interleaved timing every figure uses."""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python benchmarks/run.py` as well as `-m benchmarks.run`
    sys.path.insert(0, str(ROOT))

APP = ROOT / "dashboard.py"
FLOOR_APP = ROOT / "benchmarks" / "floor_app.py"
BARE_APP = ROOT / "benchmarks" / "bare_app.py"
BARE_INTERACTION_APP = ROOT / "benchmarks" / "bare_interaction_app.py"
EXAMPLE_ROOT = ROOT / "positions"
POSITIONS_ENV = "NEGOTIATION_POSITIONS_DIR"
FLOOR_ENV = "NEGOTIATION_FLOOR_PICKLE"
# pages measured once per view, selected by the URL key ``view`` (components/common.py)
PAGE_VIEWS: dict[str, tuple[str, ...]] = {"gaps": ("two", "several", "movement")}


def pages() -> list[Path]:
    """Every page script of the dashboard."""
    return sorted(p for p in (ROOT / "app_pages").glob("*.py") if not p.name.startswith("_"))


def split_target(name: str) -> tuple[str, str | None]:
    """``"gaps[two]"`` -> ``("gaps", "two")``; ``"overview"`` -> ``("overview", None)``."""
    if name.endswith("]") and "[" in name:
        stem, view = name[:-1].split("[", 1)
        return stem, view
    return name, None


def targets(stems: list[str] | None = None) -> list[str]:
    """Measured names: each page stem, a page with views once per view (``gaps[two]``)."""
    stems = [p.stem for p in pages()] if stems is None else stems
    out: list[str] = []
    for stem in stems:
        views = PAGE_VIEWS.get(stem)
        out.extend(f"{stem}[{v}]" for v in views) if views else out.append(stem)
    return out


def parse_pages(spec: str | None, available: list[str] | None = None) -> list[str]:
    """``--pages`` (comma list of page stems or ``page[view]``) -> measured names.

    A page with views stands for all its views; an unknown name is a ``ValueError``.
    """
    every = targets(available)
    if not spec:
        return every
    chosen: list[str] = []
    for raw in (s.strip() for s in spec.split(",")):
        if not raw:
            continue
        matches = [raw] if raw in every else [t for t in every if split_target(t)[0] == raw]
        if not matches:
            raise ValueError(f"unknown page {raw!r}; expected one of {', '.join(every)}")
        chosen.extend(m for m in matches if m not in chosen)
    return [t for t in every if t in chosen]


def yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.y*ml") if p.is_file())


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def interleaved(
    sides: dict[str, Callable[[], Any]], reps: int, self_timed: bool = False
) -> dict[str, list[float]]:
    """Time each side ``reps`` times, alternating which side goes first.

    With ``self_timed`` each side returns its own duration in seconds (e.g. one timed
    inside the browser); otherwise the wall time of the call is taken.
    """
    names = list(sides)
    out: dict[str, list[float]] = {name: [] for name in names}
    for rep in range(reps):
        for name in names if rep % 2 == 0 else reversed(names):
            gc.collect()
            t0 = time.perf_counter()
            got = sides[name]()
            wall = time.perf_counter() - t0
            out[name].append(float(got) if self_timed else wall)
    return out
