"""Paths to agreement across two issues: trade options and the ranked trades.

See :mod:`negotiation.paths` for the definitions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from negotiation import analysis, whatif
from negotiation.dossier import Dossier
from negotiation.model import Issue
from negotiation.paths.concessions import (
    _frame,
    _issues,
)
from negotiation.paths.meeting import (
    DateLike,
    Hypotheses,
    Interval,
    Stand,
    stands,
)


@dataclass(frozen=True)
class TradeOption:
    """A trade between A and B: A concedes on ``a_concedes`` (issue j) by moving
    ``a_steps`` to B's nearest end ``a_to``; B concedes on ``b_concedes`` (issue i) by
    moving ``b_steps`` to A's nearest end ``b_to``.

    ``a_weight`` = w_A(j) (what A gives up), ``a_gain_weight`` = w_A(i) (what A gets);
    likewise for B with i and j swapped.
    """

    a_concedes: str
    b_concedes: str
    a_to: int
    b_to: int
    a_steps: int
    b_steps: int
    a_weight: int
    b_weight: int
    a_gain_weight: int
    b_gain_weight: int

    @property
    def efficient(self) -> bool:
        return self.a_weight < self.a_gain_weight and self.b_weight < self.b_gain_weight

    @property
    def a_given_up(self) -> int:
        return self.a_weight * self.a_steps

    @property
    def b_given_up(self) -> int:
        return self.b_weight * self.b_steps

    @property
    def given_up(self) -> int:
        return self.a_given_up + self.b_given_up

    def rank_key(self, order: Mapping[str, int] | None = None) -> tuple[Any, ...]:
        order = order or {}
        return (
            not self.efficient,
            self.given_up,
            max(self.a_given_up, self.b_given_up),
            order.get(self.b_concedes, 0),
            order.get(self.a_concedes, 0),
            self.b_concedes,
            self.a_concedes,
        )


def _nearest(mover: Interval, target: Interval) -> tuple[int, int]:
    """(the end of ``target`` nearest ``mover``, steps) for two disjoint ranges."""
    if mover[1] < target[0]:
        return target[0], target[0] - mover[1]
    return target[1], mover[0] - target[1]


def trade_options(
    a: Mapping[str, Interval],
    b: Mapping[str, Interval],
    a_weights: Mapping[str, int],
    b_weights: Mapping[str, int],
    order: Sequence[str] | None = None,
) -> list[TradeOption]:
    """Every trade between A and B (issue id -> range, issue id -> weight), ranked.

    Issues on which both have a range and the ranges do not meet (a gap) are paired
    in both directions (i ≠ j). Ranked as in the module notes; ``order`` (issue ids)
    breaks the remaining ties (default: the order of ``a``).
    """
    gaps = [i for i in (order or list(a)) if i in a and i in b and analysis.compare(a[i], b[i]).gap]
    rank = {i: n for n, i in enumerate(order or list(a))}
    out = []
    for i in gaps:  # B concedes on i
        for j in gaps:  # A concedes on j
            if i == j:
                continue
            a_to, a_steps = _nearest(a[j], b[j])
            b_to, b_steps = _nearest(b[i], a[i])
            out.append(
                TradeOption(
                    a_concedes=j,
                    b_concedes=i,
                    a_to=a_to,
                    b_to=b_to,
                    a_steps=a_steps,
                    b_steps=b_steps,
                    a_weight=a_weights[j],
                    b_weight=b_weights[i],
                    a_gain_weight=a_weights[i],
                    b_gain_weight=b_weights[j],
                )
            )
    out.sort(key=lambda t: t.rank_key(rank))
    return out


TRADE_COLUMNS = (
    "rank",
    "a",
    "b",
    "a_label",
    "b_label",
    "a_concedes",
    "a_concedes_title",
    "a_from_label",
    "a_to",
    "a_to_label",
    "a_steps",
    "a_weight",
    "a_given_up",
    "a_gain_weight",
    "b_concedes",
    "b_concedes_title",
    "b_from_label",
    "b_to",
    "b_to_label",
    "b_steps",
    "b_weight",
    "b_given_up",
    "b_gain_weight",
    "efficient",
    "given_up",
    "a_weight_position",
    "a_gain_position",
    "b_weight_position",
    "b_gain_position",
    "n_defaulted",
    "red_lines_crossed",
    "red_line_members",
    "hypothetical",
)
_TRADE_DTYPES = {
    "rank": "int64",
    "a_steps": "int64",
    "a_weight": "int64",
    "a_given_up": "int64",
    "a_gain_weight": "int64",
    "b_steps": "int64",
    "b_weight": "int64",
    "b_given_up": "int64",
    "b_gain_weight": "int64",
    "efficient": "bool",
    "given_up": "int64",
    "n_defaulted": "int64",
    "red_lines_crossed": "object",
    "red_line_members": "object",
    "hypothetical": "bool",
}


def _range_text(issue: Issue, lo: int, hi: int) -> str:
    if lo == hi:
        return issue.scale[lo].label
    return f"{issue.scale[lo].label} – {issue.scale[hi].label}"


def trades_table(
    dossier: Dossier,
    a: str,
    b: str,
    date: DateLike = None,
    hypotheses: Hypotheses = None,
    issues: Iterable[str] | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """The ranked trades between parties ``a`` and ``b`` (best first; ``limit`` keeps
    the top ones). Only issues where both are placed (not split) with a gap count.

    Columns: rank (1-based), a, b, a_label, b_label; for A: a_concedes (issue id j),
    a_concedes_title, a_from_label (A's range on j), a_to (B's nearest end: scale id),
    a_to_label, a_steps, a_weight (w_A(j)), a_given_up (weighted), a_gain_weight
    (w_A(i)); the same for B with b_concedes = i; efficient (bool), given_up (sum of
    the weighted steps), a_weight_position, a_gain_position, b_weight_position,
    b_gain_position (ids of the positions whose priority gives each weight, None when
    defaulted: their ``priority_evidence`` are the quotes behind the trade),
    n_defaulted (of the four weights), red_lines_crossed (refs of the parties that
    would cross a red line), red_line_members (side ids), hypothetical (a what-if range
    takes part). Raises :class:`~negotiation.analysis.UnknownPartyError`.
    """
    d = whatif.under(dossier, hypotheses, date)
    pa, pb = analysis.resolve_party(d, a), analysis.resolve_party(d, b)
    issue_list = _issues(d, issues)
    st_a: dict[str, Stand] = {}
    st_b: dict[str, Stand] = {}
    for issue in issue_list:
        found, _ = stands(d, [pa.ref, pb.ref], issue.id, date)
        by = {s.party: s for s in found if not s.split}
        if pa.ref in by and pb.ref in by:
            st_a[issue.id], st_b[issue.id] = by[pa.ref], by[pb.ref]
    options = trade_options(
        {i: (s.lo, s.hi) for i, s in st_a.items()},
        {i: (s.lo, s.hi) for i, s in st_b.items()},
        {i: s.weight.weight for i, s in st_a.items()},
        {i: s.weight.weight for i, s in st_b.items()},
        order=[i.id for i in issue_list],
    )
    if limit is not None:
        options = options[:limit]
    rows = []
    for n, t in enumerate(options, start=1):
        ia, ib = d.issue_by_id[t.a_concedes], d.issue_by_id[t.b_concedes]
        sa_j, sb_i = st_a[t.a_concedes], st_b[t.b_concedes]
        sa_i, sb_j = st_a[t.b_concedes], st_b[t.a_concedes]
        red_a, red_b = sa_j.red_lines(t.a_to), sb_i.red_lines(t.b_to)
        weights = (sa_j.weight, sa_i.weight, sb_i.weight, sb_j.weight)
        rows.append(
            {
                "rank": n,
                "a": pa.ref,
                "b": pb.ref,
                "a_label": pa.label,
                "b_label": pb.label,
                "a_concedes": t.a_concedes,
                "a_concedes_title": ia.title,
                "a_from_label": _range_text(ia, sa_j.lo, sa_j.hi),
                "a_to": ia.scale[t.a_to].id,
                "a_to_label": ia.scale[t.a_to].label,
                "a_steps": t.a_steps,
                "a_weight": t.a_weight,
                "a_given_up": t.a_given_up,
                "a_gain_weight": t.a_gain_weight,
                "b_concedes": t.b_concedes,
                "b_concedes_title": ib.title,
                "b_from_label": _range_text(ib, sb_i.lo, sb_i.hi),
                "b_to": ib.scale[t.b_to].id,
                "b_to_label": ib.scale[t.b_to].label,
                "b_steps": t.b_steps,
                "b_weight": t.b_weight,
                "b_given_up": t.b_given_up,
                "b_gain_weight": t.b_gain_weight,
                "efficient": t.efficient,
                "given_up": t.given_up,
                "a_weight_position": sa_j.weight.position,
                "a_gain_position": sa_i.weight.position,
                "b_weight_position": sb_i.weight.position,
                "b_gain_position": sb_j.weight.position,
                "n_defaulted": sum(1 for w in weights if w.defaulted),
                "red_lines_crossed": tuple(p for p, r in ((pa.ref, red_a), (pb.ref, red_b)) if r),
                "red_line_members": red_a + red_b,
                "hypothetical": any(s.hypothetical for s in (sa_j, sa_i, sb_i, sb_j)),
            }
        )
    return _frame(rows, TRADE_COLUMNS, _TRADE_DTYPES)


# =========================================================================== weights and quotes
