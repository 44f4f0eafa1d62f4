"""Hostile inputs against ordinary ones: each hostile case of tests/bad_inputs/ (those with
``bounds``: deep nesting, alias bombs) is loaded beside the same dossier whose hostile
file is replaced by an ordinary side file of the same byte size, interleaved, and the
ratio of the median load times is printed.

    .venv/bin/python -m benchmarks.hostile [--reps 7] [--cases 69,72] [--json]

A hostile file that costs far more than an ordinary file of its size (a ratio well above
1) is a guard that does not work. No test is timed: this script is where the speed of
the guards is looked at.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from corpus_helpers import BASE, CASES, DOSSIER_ID, Case, build  # noqa: E402

from benchmarks.timing import interleaved  # noqa: E402
from negotiation.loader import load_positions  # noqa: E402

_POSITION = """  - id: {side}-{n}
    issue: {issue}
    as_of: 2023-04-{day:02d}
    stance: statement
    summary: "{summary}"
    evidence:
      - source: council-minutes
        quote: "Keep the jobs: all of them, #{n}."
"""


def hostile_cases() -> list[Case]:
    """The cases with ``bounds`` (the hostile ones)."""
    return [c for c in CASES if "bounds" in c.meta]


def ordinary_side(side: str, nbytes: int) -> bytes:
    """A valid side file of exactly ``nbytes`` bytes (at least its smallest form): ordinary
    positions of the base dossier, the last summary padded to the size."""
    head = f"id: {side}\nname: Side {side}\nshort: {side[:12]}\npositions:\n"
    blocks: list[str] = []
    summary = "The side wants jobs kept whatever the term."
    n = 0
    while True:
        issue = ("lease-term", "rent")[n % 2]
        block = _POSITION.format(side=side, n=n, issue=issue, day=1 + n % 28, summary=summary)
        size = len((head + "".join(blocks)).encode())
        if blocks and size + len(block) > nbytes:
            break
        blocks.append(block)
        n += 1
    text = head + "".join(blocks)
    pad = max(0, nbytes - len(text.encode()))
    last = blocks[-1].replace(summary, summary + "x" * pad, 1)
    return (head + "".join([*blocks[:-1], last])).encode()


def hostile_files(dossier: Path) -> dict[Path, int]:
    """Files of the built case that differ from (or are not in) the base, with sizes."""
    out = {}
    for path in sorted(dossier.rglob("*.yaml")):
        rel = path.relative_to(dossier)
        base = BASE / rel
        if not base.is_file() or base.read_bytes() != path.read_bytes():
            out[rel] = path.stat().st_size
    return out


def build_pair(case: Case, work: Path) -> tuple[Path, Path, int]:
    """Build the hostile case and its ordinary twin; returns both positions folders and
    the hostile bytes."""
    dossier = build(case, work / "hostile")
    changed = hostile_files(dossier)
    twin = work / "ordinary" / "positions" / DOSSIER_ID
    shutil.copytree(dossier, twin)
    for rel, size in changed.items():
        (twin / rel).write_bytes(ordinary_side(rel.stem, size))
    problems = load_positions([twin.parent]).problems
    assert not problems, f"{case.name}: the ordinary twin has problems: {problems[:3]}"
    return dossier.parent, twin.parent, sum(changed.values())


def measure(case: Case, reps: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        hostile, ordinary, nbytes = build_pair(case, Path(tmp))
        sides: dict[str, Callable[[], Any]] = {
            "hostile": lambda: load_positions([hostile]),
            "ordinary": lambda: load_positions([ordinary]),
        }
        for side in sides.values():  # warm the imports and the page cache
            side()
        times = interleaved(sides, reps)
    h, o = statistics.median(times["hostile"]), statistics.median(times["ordinary"])
    return {"bytes": nbytes, "hostile_s": h, "ordinary_s": o, "ratio": h / o}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.hostile", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--reps", type=int, default=7, help="repetitions per side (7)")
    parser.add_argument("--cases", default="", help="comma-separated case numbers or names")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    wanted = [w.strip() for w in args.cases.split(",") if w.strip()]
    cases = [c for c in hostile_cases() if not wanted or any(c.name.startswith(w) for w in wanted)]
    if not cases:
        parser.error(f"no hostile case matches {args.cases!r}")
    results = {case.name: measure(case, args.reps) for case in cases}
    if args.json:
        print(json.dumps({"reps": args.reps, "cases": results}))
        return 0
    print(f"| case | bytes | hostile | ordinary | ratio |  ({args.reps} reps, medians)")
    print("| --- | --- | --- | --- | --- |")
    for name, r in results.items():
        print(
            f"| {name} | {r['bytes']:,} | {r['hostile_s'] * 1000:.1f} ms "
            f"| {r['ordinary_s'] * 1000:.1f} ms | {r['ratio']:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
