"""Deciding by a rule on a whole dossier at the size of a UN body: 198 sides (weights
1–27 with evidence) in 12 overlapping camps (every third side in two), 30 issues on a
10-point scale, a mediator; per issue and per rule, the overlap table's decision and
the meeting point under the rule (``overlap_table`` + ``concessions_table(by_rule=True)``
for every party), each on a fresh dossier object (nothing kept from an earlier run).

Built in memory from the pydantic records (no YAML): what is timed is the analysis.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import replace

from benchmarks.timing import median
from negotiation import analysis, paths
from negotiation.dossier import Dossier, Side
from negotiation.model import (
    Camp,
    DossierFile,
    Evidence,
    Issue,
    Period,
    Position,
    ScalePoint,
    Source,
)

TARGET_S = 0.050
RULES = ("consensus", "majority", "qualified:0.667", "majority:sides")
DAY = dt.date(2024, 11, 25)


def synthetic(parties: int = 198, camps: int = 12, issues: int = 30, seed: int = 11) -> Dossier:
    """The dossier described in the module docstring (deterministic for a seed)."""
    rng = random.Random(seed)
    src = Source(id="report", outlet="Bench Wire", title="Votes", date=DAY, kind="news")
    ev = [Evidence(source="report", quote="speaks for its members")]
    scale = [ScalePoint(id=f"p{i}", label=f"Point {i}") for i in range(10)]
    issue_list = tuple(
        Issue(id=f"issue-{k:02d}", title=f"Issue {k}", scale=scale) for k in range(issues)
    )
    camp_list = [Camp(id=f"camp-{c:02d}", name=f"Camp {c}") for c in range(camps)]
    sides = []
    for n in range(parties + 1):
        sid = f"side-{n:03d}"
        positions = []
        for iss in issue_list:
            a, b = rng.randrange(10), rng.randrange(10)
            if rng.random() < 0.5:
                b = min(9, a + rng.choice((0, 1, 2)))
            lo, hi = min(a, b), max(a, b)
            prio = rng.choice((None, "core", "high", "low"))
            positions.append(
                Position(
                    id=f"{sid}-{iss.id}",
                    issue=iss.id,
                    as_of=DAY,
                    stance="demand",
                    accepts={"from": f"p{lo}", "to": f"p{hi}"},
                    summary="A generated position.",
                    evidence=ev,
                    **({"priority": prio, "priority_evidence": ev} if prio else {}),
                )
            )
        first = n % camps
        member_of = (f"camp-{first:02d}",)
        if n % 3 == 0:
            member_of += (f"camp-{(first + 5) % camps:02d}",)
        mediator = n == parties
        sides.append(
            Side(
                id=sid,
                name=f"Side {n}",
                short=None,
                camp=member_of[0],
                camps=member_of,
                description=None,
                positions=tuple(positions),
                role="mediator" if mediator else "party",
                weight=None if mediator else float(rng.randint(1, 27)),
                weight_evidence=() if mediator else tuple(ev),
            )
        )
    meta = DossierFile(
        id="bench-decision",
        title="Decision benchmark",
        summary="Generated.",
        period=Period(start=DAY, end=DAY),
        camps=camp_list,
    )
    return Dossier(
        id="bench-decision",
        path="",
        meta=meta,
        issues=issue_list,
        sides=tuple(sides),
        sources=(src,),
    )


def measure(dossier: Dossier, rule: str, reps: int) -> dict[str, float]:
    """Median over ``reps`` of the mean per-issue time, and the slowest issue (best of
    the reps), each issue on a fresh dossier object."""
    parties = analysis.default_parties(dossier)
    per_rep, slowest = [], {}
    for _ in range(reps):
        d = replace(dossier, rule_what_if=analysis.parse_rule(rule).text)
        times = []
        for iss in d.issues:
            t0 = time.perf_counter()
            analysis.overlap_table(d, parties, issues=[iss.id])
            paths.concessions_table(d, parties, issues=[iss.id], by_rule=True)
            times.append(time.perf_counter() - t0)
            slowest[iss.id] = min(slowest.get(iss.id, times[-1]), times[-1])
        per_rep.append(sum(times) / len(times))
    s = median(per_rep)
    worst = max(slowest.values())
    return {"per_issue_s": s, "worst_issue_s": worst, "ratio": worst / TARGET_S}


def run(reps: int = 3) -> dict[str, dict[str, float]]:
    """Every rule on the synthetic dossier: rule text -> :func:`measure`'s figures."""
    d = synthetic()
    measure(d, RULES[0], 1)  # warm-up: imports, pandas' first frames
    return {rule: measure(d, rule, reps) for rule in RULES}


if __name__ == "__main__":
    for rule, r in run().items():
        print(
            f"{rule}: {r['per_issue_s'] * 1000:.1f} ms per issue, slowest "
            f"{r['worst_issue_s'] * 1000:.1f} ms (ratio to 50 ms {r['ratio']:.2f})"
        )
