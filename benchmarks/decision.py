"""Deciding by a rule at the size of a UN body: ``decide`` + ``rule_meeting`` per issue
for 198 parties (random vote weights 1–27, random intervals on a 10-point scale), 30
issues, each rule; the median per-issue time of a few repetitions against the 50 ms
target.

    .venv/bin/python -m benchmarks.decision [--reps 5] [--parties 198] [--issues 30] [--json]

No test is timed: this script is where the speed of negotiation.analysis.decision is
looked at.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python benchmarks/decision.py` as well as `-m`
    sys.path.insert(0, str(ROOT))

from benchmarks.timing import median  # noqa: E402
from negotiation.analysis.decision import decide, rule_meeting  # noqa: E402
from negotiation.analysis.rule import parse_rule  # noqa: E402

TARGET_S = 0.050
SCALE_LEN = 10
RULES = ("consensus", "majority", "qualified:0.667", "qualified:0.667:sides", "majority:sides")

Issue = tuple[dict[str, tuple[int, int]], dict[str, int], dict[str, int]]


def issues(parties: int, count: int, seed: int = 7) -> list[Issue]:
    """``count`` issues: per party a vote weight 1–27 and, per issue, a priority 1–4
    and a random interval: on even issues its ends uniform on the scale, on odd ones
    narrow (1–3 points), where often no point carries and the blocker groups and
    coalitions have to be searched."""
    rng = random.Random(seed)
    names = [f"side-{i:03d}" for i in range(parties)]
    weights = {n: rng.randint(1, 27) for n in names}
    out = []
    for k in range(count):
        ranges = {}
        for n in names:
            a, b = rng.randrange(SCALE_LEN), rng.randrange(SCALE_LEN)
            if k % 2:
                b = min(SCALE_LEN - 1, a + rng.choice((0, 1, 2)))
            ranges[n] = (min(a, b), max(a, b))
        priorities = {n: rng.randint(1, 4) for n in names}
        out.append((ranges, weights, priorities))
    return out


def measure(cases: list[Issue], rule_text: str, reps: int) -> dict[str, float]:
    """Median over ``reps`` of the per-issue time of ``decide`` + ``rule_meeting``."""
    rule = parse_rule(rule_text)
    per_issue = []
    carried = 0
    for _ in range(reps):
        t0 = time.perf_counter()
        for ranges, weights, priorities in cases:
            d = decide(ranges, weights, SCALE_LEN, rule)
            rule_meeting(ranges, weights, priorities, SCALE_LEN, rule)
            carried += bool(d.winning)
        per_issue.append((time.perf_counter() - t0) / len(cases))
    worst = 0.0
    for ranges, weights, priorities in cases:  # the slowest issue, best of 3 runs each
        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            decide(ranges, weights, SCALE_LEN, rule)
            rule_meeting(ranges, weights, priorities, SCALE_LEN, rule)
            runs.append(time.perf_counter() - t0)
        worst = max(worst, min(runs))
    s = median(per_issue)
    return {
        "per_issue_s": s,
        "ratio": s / TARGET_S,
        "worst_issue_s": worst,
        "carried_share": carried / (reps * len(cases)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.decision", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--reps", type=int, default=5, help="repetitions (5)")
    parser.add_argument("--parties", type=int, default=198, help="parties per issue (198)")
    parser.add_argument("--issues", type=int, default=30, help="issues (30)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    cases = issues(args.parties, args.issues)
    results = {text: measure(cases, text, args.reps) for text in RULES}
    if args.json:
        print(json.dumps({"parties": args.parties, "issues": args.issues, "rules": results}))
        return 0
    print(
        f"decide + rule_meeting, {args.parties} parties × {args.issues} issues, "
        f"{SCALE_LEN}-point scale, median of {args.reps} reps (target {TARGET_S * 1000:.0f} ms)"
    )
    print("| rule | per issue | ratio to target | slowest issue (best of 3) | issues carried |")
    print("| --- | --- | --- | --- | --- |")
    for text, r in results.items():
        print(
            f"| {text} | {r['per_issue_s'] * 1000:.2f} ms | {r['ratio']:.2f} "
            f"| {r['worst_issue_s'] * 1000:.2f} ms | {r['carried_share']:.0%} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
