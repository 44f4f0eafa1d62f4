"""The widest gap between two parties weighted by how much they care (issue 26).

The plain widest gap (:func:`negotiation.analysis.headline_counts`) counts every issue
the same, so a four-step gap on a minor issue beats a three-step gap on the issue a
side calls its core one. Here a gap's **weighted steps** are its steps times the
**higher** of the two parties' priority weights on the issue (core 4, high 3, medium 2,
low 1; medium, *defaulted*, without a priority; a camp weighs what its most concerned
member weighs: :func:`~negotiation.paths.party_weight`):

    weighted steps = steps × max(w_a, w_b)

The higher weight, not the sum: a gap matters as much as it matters to the party that
cares most about it (the same rule that weighs a camp by its most concerned member),
and a sum would count a gap twice as heavy merely because both sides stated a
priority where one side left it out (defaulted). Ties: more weighted steps, then more
steps, then the larger normalised gap, then the first issue in dossier order. With
every weight equal (no priority stated: all medium) the weighted pick is the plain
one. Priorities are never multiplied with the sides' ``weight`` (votes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from negotiation import analysis
from negotiation.dossier import Dossier
from negotiation.paths.meeting import DateLike, _weight


@dataclass(frozen=True)
class WeightedGap:
    """One issue on which two parties have a gap, with their weights on it."""

    issue: str
    steps: int
    gap_norm: float
    weight_a: int
    weight_b: int

    @property
    def weight(self) -> int:
        """The higher of the two weights: what the gap is multiplied by."""
        return max(self.weight_a, self.weight_b)

    @property
    def weighted_steps(self) -> int:
        return weighted_gap_steps(self.steps, self.weight_a, self.weight_b)


def weighted_gap_steps(steps: int, weight_a: int, weight_b: int) -> int:
    """``steps × max(weight_a, weight_b)``: a gap weighted by the higher priority."""
    if steps < 0 or weight_a <= 0 or weight_b <= 0:
        raise ValueError(f"steps >= 0 and positive weights: {steps}, {weight_a}, {weight_b}")
    return steps * max(weight_a, weight_b)


def widest_weighted(gaps: Sequence[WeightedGap]) -> WeightedGap | None:
    """The gap with the most weighted steps (ties: more steps, then the larger
    normalised gap, then the first in ``gaps``); None when there is none."""
    best: WeightedGap | None = None
    for g in gaps:
        if best is None or (g.weighted_steps, g.steps, g.gap_norm) > (
            best.weighted_steps,
            best.steps,
            best.gap_norm,
        ):
            best = g
    return best


def weighted_widest_gap(
    dossier: Dossier,
    a: str,
    b: str,
    date: DateLike = None,
    issues: Iterable[str] | None = None,
) -> dict[str, Any] | None:
    """The widest gap between ``a`` and ``b`` weighted by priority, or None when they
    have no gap (on ``issues``, None: all).

    Keys: issue, issue_title, steps, gap_norm, weight (the higher of the two), weights
    (ref -> weight on that issue), priorities (ref -> priority, 'medium' when
    defaulted), defaulted (refs whose weight on that issue is defaulted), weighted_steps,
    stated (bool: some party states a priority on some issue with a gap; without one
    every weight is medium and the pick is the plain widest gap), n_defaulted (weights
    defaulted over every issue with a gap, two per issue at most), at_least (True,
    only when the gap is a lower bound: one party is bounded).
    """
    table = analysis.gap_table(dossier, a, b, date, issues=issues)
    rows = table[table["status"] == "gap"]
    if rows.empty:
        return None
    pa, pb = analysis.resolve_party(dossier, a), analysis.resolve_party(dossier, b)
    found: list[WeightedGap] = []
    weights = {}
    for r in rows.itertuples(index=False):
        wa, wb = _weight(dossier, pa, r.issue, date), _weight(dossier, pb, r.issue, date)
        weights[r.issue] = (wa, wb)
        found.append(WeightedGap(r.issue, int(r.gap), float(r.gap_norm), wa.weight, wb.weight))
    top = widest_weighted(found)
    assert top is not None
    wa, wb = weights[top.issue]
    every = [w for pair in weights.values() for w in pair]
    return {
        "issue": top.issue,
        "issue_title": dossier.issue_by_id[top.issue].title,
        "steps": top.steps,
        "gap_norm": top.gap_norm,
        "weight": top.weight,
        "weights": {a: wa.weight, b: wb.weight},
        "priorities": {a: wa.priority, b: wb.priority},
        "defaulted": tuple(w.party for w in (wa, wb) if w.defaulted),
        "weighted_steps": top.weighted_steps,
        "stated": any(not w.defaulted for w in every),
        "n_defaulted": sum(1 for w in every if w.defaulted),
        **({"at_least": True} if _at_least(table, top.issue) else {}),
    }


def _at_least(table: Any, issue: str) -> bool:
    return bool(table.loc[table["issue"] == issue, "gap_at_least"].iloc[0])
