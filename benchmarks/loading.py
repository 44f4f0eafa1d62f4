"""``load_ratio``, ``growth_ratio`` and ``rss_per_yaml_byte``: the loader against its floors."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from benchmarks.generate import SIZES, count_positions
from benchmarks.timing import ROOT, interleaved, median, yaml_files

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
