"""Scale and speed: each figure measured against its floor, side by side, in one run.

    python -m benchmarks.run [--sizes S,M,L] [--reps N] [--quick] [--pages P,...]
                             [--skip-browser] [--skip-interaction] [--json]

Every figure is a ratio of two timings (or of memory to bytes) taken in the same run
with interleaved repetitions (A B, B A, A B...) and the median of each side, so machine
noise moves both sides alike:

* ``load_ratio``   ``load_positions`` (load + validate) of a synthetic dossier ÷ a bare
  ``yaml.load(..., Loader=yaml.CSafeLoader)`` of the same files;
* ``growth_ratio`` load time at the larger size ÷ at the smaller, divided by the ratio of
  their positions (1.0 = linear);
* ``rerun_ratio``  a warm AppTest rerun of each page in ``app_pages/`` (the Gaps page once
  per view: ``gaps[two]``, ``gaps[several]``, ``gaps[movement]``) ÷ the same elements
  drawn from a pickle by ``benchmarks/floor_app.py`` (worst page; every page in the
  details); the YAML parse count before and after the warm reruns is recorded;
* ``browser_ratio`` a cold page of the dashboard on ``positions/`` in Chromium, until its
  charts and tables are drawn and no spinner shows ÷ ``benchmarks/bare_app.py`` (one
  chart, one table), same measurement (worst page; every page in the details);
* ``interaction_ratio`` moving the as-of slider and changing the compared party on a
  page in Chromium until the page shows the new state ÷ the same on
  ``benchmarks/bare_interaction_app.py`` (``benchmarks/interaction.py`` defines "shows
  the new state"), on ``positions/`` ("example") and at L when L is measured;
* ``rss_per_yaml_byte`` resident memory a fresh process gains by ``load_positions`` of a
  dossier ÷ the dossier's YAML bytes;
* ``decision_ratio`` the slowest issue's decision under each rule (``overlap_table`` and
  ``concessions_table(by_rule=True)`` for 198 weighted parties in 12 overlapping camps,
  30 issues, a fresh dossier each: ``benchmarks/decision_dossier.py``) ÷ the 50 ms
  budget of one issue (label "198"); ``benchmarks/decision.py`` times the pure
  ``decide`` + ``rule_meeting`` alone.

``--json`` prints one object: each of those keys maps a size label ("S", "M", "L", or
"M/S", "L/M" for growth, "example" for the browser and interaction) to a number; a
figure not measured in the run (a single size has no growth; ``--skip-browser``) is an
empty object, and ``rerun_ratio`` is ``null`` for a size where a page did not finish
within ``--page-timeout`` (``interaction_ratio`` where an interaction never settled).
``targets`` maps each figure to its target per size label (``"*"``: every size), and
``details`` the raw medians, per-page figures, parse counts and element counts of every
page. ``--pages`` measures a subset. ``--report FILE``
prints the tables of a saved ``--json`` output.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python benchmarks/run.py` as well as `-m benchmarks.run`
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import SIZES, generate  # noqa: E402
from benchmarks.loading import measure_load, measure_rss  # noqa: E402
from benchmarks.report import KEYS, TARGETS, figures_of, print_tables  # noqa: E402
from benchmarks.rerun import rerun_worker, run_worker  # noqa: E402
from benchmarks.timing import APP, EXAMPLE_ROOT, pages, parse_pages  # noqa: E402

__all__ = ["KEYS", "TARGETS", "main", "parser"]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=(__doc__ or "").splitlines()[0]
    )
    p.add_argument("--sizes", default="S,M,L", help="comma-separated sizes (default S,M,L)")
    p.add_argument("--reps", type=int, default=None, help="repetitions per side")
    p.add_argument("--quick", action="store_true", help="size S only, 3 repetitions")
    p.add_argument(
        "--pages",
        default=None,
        help="comma-separated pages to measure (stems of app_pages/, or gaps[two] etc.; "
        "gaps = every Gaps view); default every page",
    )
    p.add_argument("--skip-browser", action="store_true", help="no Chromium measurement")
    p.add_argument("--skip-interaction", action="store_true", help="no interaction_ratio")
    p.add_argument("--skip-rerun", action="store_true", help="no AppTest measurement")
    p.add_argument(
        "--skip-decision", action="store_true", help="no decision_ratio (rules at 198 parties)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--report", type=Path, default=None, help="print the tables of a saved --json output"
    )
    p.add_argument("--work", type=Path, default=None, help="folder for generated data")
    p.add_argument("--_rerun-worker", dest="rerun_worker", help=argparse.SUPPRESS)
    p.add_argument("--_workdir", dest="workdir", help=argparse.SUPPRESS)
    p.add_argument("--_page", dest="page", help=argparse.SUPPRESS)
    p.add_argument(
        "--page-timeout", type=float, default=300.0, help="seconds per page process (300)"
    )
    p.add_argument("--_counts-only", dest="counts_only", action="store_true",
                   help=argparse.SUPPRESS)  # fmt: skip
    return p


def main(argv: list[str] | None = None) -> int:
    ap = parser()
    args = ap.parse_args(argv)

    if args.rerun_worker:
        result = rerun_worker(
            args.rerun_worker, args.reps or 5, args.workdir or tempfile.gettempdir(),
            args.counts_only, args.page,
        )  # fmt: skip
        print(json.dumps(result))
        return 0

    if args.report is not None:
        saved = json.loads(args.report.read_text(encoding="utf-8"))
        print_tables({k: saved.get(k, {}) for k in KEYS}, saved["details"])
        return 0

    sizes = ["S"] if args.quick else [s.strip().upper() for s in args.sizes.split(",") if s]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        ap.error(f"unknown size(s) {unknown}; expected {', '.join(SIZES)}")
    sizes = [s for s in SIZES if s in sizes]
    try:
        names = parse_pages(args.pages)
    except ValueError as exc:
        ap.error(str(exc))
    reps = args.reps or (3 if args.quick else 7)
    log = (lambda *a: print(*a, file=sys.stderr, flush=True)) if args.json else print
    has_app = APP.is_file() and bool(pages())

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
        details: dict[str, Any] = {"reps": reps, "sizes": sizes, "pages": names}
        log(f"load: {', '.join(sizes)} × {reps} reps, interleaved ...")
        details["load"] = measure_load(folders, reps)
        log("memory (a fresh process per size) ...")
        details["rss"] = measure_rss(folders, min(reps, 3))
        if not args.skip_decision:
            from benchmarks.decision_dossier import run as measure_decision

            log("decision: 198 parties in 12 overlapping camps × 30 issues, every rule ...")
            details["decision"] = measure_decision(max(3, reps))
        if not args.skip_rerun and has_app:
            details["rerun"] = {}
            for size in sizes:
                log(f"rerun: {len(names)} pages at {size} (AppTest, {reps} reps) ...")
                details["rerun"][size] = run_worker(
                    roots[size], reps, work, timeout=args.page_timeout, names=names
                )
        if not args.skip_browser and has_app:
            from benchmarks.browser import measure_browser

            log("browser: every page of positions/ in Chromium ...")
            counts = run_worker(EXAMPLE_ROOT, 1, work, counts_only=True, names=names)
            counts = {k: v for k, v in counts.items() if "charts" in v}
            details["browser"] = measure_browser(counts, max(3, reps // 2))
        if not args.skip_browser and not args.skip_interaction and has_app:
            from benchmarks.interaction import measure_interaction

            where = {"example": EXAMPLE_ROOT} | ({"L": roots["L"]} if "L" in roots else {})
            log(f"interaction: slider and party on {', '.join(where)} in Chromium ...")
            details["interaction"] = measure_interaction(where, names, max(3, reps // 2), log=log)

    figures = figures_of(details)
    if args.json:
        print(json.dumps({**figures, "targets": TARGETS, "details": details}, default=str))
        return 0
    print_tables(figures, details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
