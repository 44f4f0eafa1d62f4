"""Paths to agreement: concessions, meeting points, red lines, trades and weights.

Pure functions of a :class:`~negotiation.dossier.Dossier` (no streamlit, no I/O),
built on the public names of :mod:`negotiation.analysis`; the conventions there
(scale indices, intervals, parties ``side`` / ``camp:<id>``, dates) hold here too.
Every table function takes ``hypotheses`` (see :mod:`negotiation.whatif`) and then
computes on the dossier under them. Frames follow the conventions of
:mod:`negotiation.analysis`: index columns are nullable ``Int64``, tuple and dict cells
are plain Python objects, and a missing text may be NaN (test with ``pd.isna``).

Definitions
-----------
* **Weight** of a party on an issue: its in-force position's ``priority``
  (core 4, high 3, medium 2, low 1). Without a priority the weight is 2 and counted
  as **defaulted**. A camp weighs what its most concerned member weighs: the highest
  weight among the members with a position in force on the issue (a member without a
  priority counting 2); the camp's weight is defaulted unless a member that reaches
  that highest weight gives its priority explicitly.
* **Concession** of a party with range ``[lo, hi]`` to reach scale point ``x``:
  ``max(0, lo − x, x − hi)`` steps (:func:`concession`). A camp reaches ``x`` when
  all its placed members do, so it moves as far as its furthest member:
  ``max(0, L − x, x − H)`` with ``L`` the highest member ``lo`` and ``H`` the
  lowest member ``hi`` — the camp's own range when it is not split, and still right
  (``L > H``) when it is.
* **Meeting points** of an issue and a set of parties: every ``x`` minimising
  ``Σ w_i · concession_i(x)`` (a weighted median; :func:`meeting_points`). Only
  placed parties take part. Among the ties the **representative point** (the one
  whose steps a table row shows) crosses the fewest red lines, then needs the fewest
  (unweighted) steps in all, then asks the least of the party that moves most (the
  burden is shared), then comes first on the scale.
* **Red line crossed**: a side whose in-force position has stance ``red-line`` and
  that would have to move (> 0 steps); for a camp, the members that would.
* **Trade** between parties A and B over issues i and j on which they have a gap:
  B moves to A's nearest end on i while A moves to B's nearest end on j. It is
  **efficient** when ``w_A(j) < w_A(i)`` and ``w_B(i) < w_B(j)`` (each gives up what
  it cares less about). Trades are ranked efficient first, then by the weighted steps
  given up (``w_A(j)·steps_A + w_B(i)·steps_B``), then by the larger of the two.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from negotiation import analysis, whatif
from negotiation.dossier import Dossier
from negotiation.model import DEFAULT_PRIORITY, PRIORITY_WEIGHTS, Issue, Position

__all__ = [
    "CONCESSION_COLUMNS",
    "DEFAULT_WEIGHT",
    "PRIORITY_WEIGHTS",
    "TRADE_COLUMNS",
    "WEIGHT_COLUMNS",
    "IssuePaths",
    "Meeting",
    "MemberStand",
    "Stand",
    "TradeOption",
    "Weight",
    "concession",
    "concessions_table",
    "issue_paths",
    "meeting",
    "meeting_points",
    "overlap_blocker_sets",
    "party_weight",
    "priority_evidence_frame",
    "stands",
    "trade_options",
    "trades_table",
    "weighted_concession",
    "weights_table",
]

Interval = analysis.Interval
Hypotheses = Sequence[whatif.Hypothesis] | str | Iterable[str] | None
DateLike = dt.date | str | pd.Timestamp | None

DEFAULT_WEIGHT = PRIORITY_WEIGHTS[DEFAULT_PRIORITY]
RED_LINE = "red-line"


# =========================================================================== arithmetic


def concession(lo: int, hi: int, x: int) -> int:
    """Steps a party accepting ``[lo, hi]`` must move to reach ``x``:
    ``max(0, lo − x, x − hi)`` (0 inside the range)."""
    return max(0, lo - x, x - hi)


def weighted_concession(ranges: Sequence[Interval], weights: Sequence[int] | None, x: int) -> int:
    """``Σ w_i · concession_i(x)``; ``weights`` None means every weight is 1."""
    ws = weights if weights is not None else [1] * len(ranges)
    return sum(w * concession(lo, hi, x) for (lo, hi), w in zip(ranges, ws, strict=True))


def meeting_points(
    ranges: Sequence[Interval], weights: Sequence[int] | None, scale_len: int
) -> tuple[tuple[int, ...], int]:
    """Every scale index in ``range(scale_len)`` minimising :func:`weighted_concession`
    (all ties, ascending) and the minimum. ``((), 0)`` without ranges.

    ``ranges`` may have ``lo > hi`` (a split camp, see the module notes). Weights are
    positive. The cost is convex and piecewise linear with its kinks at the range
    ends (at the midpoint ``(lo + hi) / 2`` for ``lo > hi``), so over the scale's
    integers its minimum is reached at a kink (rounded both ways) or a scale end, and
    every index between the first and last such minimiser is a minimiser too: O(n²)
    in the number of parties, independent of the scale length.
    """
    if not ranges:
        return (), 0
    if scale_len < 1:
        raise ValueError("a scale has at least one point")
    ws = list(weights) if weights is not None else [1] * len(ranges)
    if any(w <= 0 for w in ws):
        raise ValueError(f"weights must be positive: {ws!r}")
    top = scale_len - 1
    candidates = {0, top}
    for lo, hi in ranges:
        kinks = (lo, hi) if lo <= hi else ((lo + hi) // 2, (lo + hi + 1) // 2)
        candidates.update(min(max(v, 0), top) for v in kinks)
    costs = {x: weighted_concession(ranges, ws, x) for x in candidates}
    best = min(costs.values())
    winners = [x for x, c in costs.items() if c == best]
    return tuple(range(min(winners), max(winners) + 1)), best


# =========================================================================== weights


@dataclass(frozen=True)
class Weight:
    """The weight of a party on an issue and where it comes from.

    ``side`` and ``position`` name the side and in-force position whose priority gives
    the weight (None when defaulted and no member gives one).
    """

    party: str
    issue: str
    weight: int
    priority: str
    defaulted: bool
    side: str | None = None
    position: str | None = None


def _side_weight(party: str, issue: str, pos: Position | None) -> Weight:
    if pos is None or pos.priority is None:
        return Weight(party, issue, DEFAULT_WEIGHT, DEFAULT_PRIORITY, True, None, None)
    return Weight(party, issue, PRIORITY_WEIGHTS[pos.priority], pos.priority, False, party, pos.id)


def party_weight(
    dossier: Dossier, party: str, issue: str, date: DateLike = None, hypotheses: Hypotheses = None
) -> Weight:
    """The :class:`Weight` of ``party`` (side id or ``camp:<id>``) on ``issue``."""
    d = whatif.under(dossier, hypotheses, date)
    return _weight(d, analysis.resolve_party(d, party), issue, date)


def _weight(dossier: Dossier, party: analysis.Party, issue: str, date: DateLike) -> Weight:
    if party.kind == "side":
        return _side_weight(party.ref, issue, analysis.in_force(dossier, party.ref, issue, date))
    members = []
    for m in party.members:
        pos = analysis.in_force(dossier, m, issue, date)
        if pos is not None:
            members.append(_side_weight(m, issue, pos))
    if not members:
        return Weight(party.ref, issue, DEFAULT_WEIGHT, DEFAULT_PRIORITY, True)
    top = max(w.weight for w in members)
    explicit = [w for w in members if w.weight == top and not w.defaulted]
    if explicit:
        w = explicit[0]
        return Weight(party.ref, issue, top, w.priority, False, w.side, w.position)
    return Weight(party.ref, issue, top, DEFAULT_PRIORITY, True)


# =========================================================================== stands


@dataclass(frozen=True)
class MemberStand:
    """A placed side within a party (a side is its own single member)."""

    side: str
    lo: int
    hi: int
    stance: str | None
    position: str | None
    hypothetical: bool = False

    @property
    def red_line(self) -> bool:
        return self.stance == RED_LINE

    def steps(self, x: int) -> int:
        return concession(self.lo, self.hi, x)


@dataclass(frozen=True)
class Stand:
    """A placed party on one issue: its range, weight and members.

    ``lo``/``hi`` are the highest member ``lo`` and lowest member ``hi``; for a split
    camp ``lo > hi`` and ``split`` is True (the camp has no common range, but
    :meth:`steps` is still its furthest member's move).
    """

    party: str
    label: str
    kind: Literal["side", "camp"]
    issue: str
    lo: int
    hi: int
    weight: Weight
    members: tuple[MemberStand, ...]
    split: bool = False

    def steps(self, x: int) -> int:
        """Steps to reach ``x`` (for a camp: its furthest member's)."""
        return concession(self.lo, self.hi, x)

    def weighted_steps(self, x: int) -> int:
        return self.weight.weight * self.steps(x)

    def red_lines(self, x: int) -> tuple[str, ...]:
        """Side ids of the members that would move off a red line to reach ``x``."""
        return tuple(m.side for m in self.members if m.red_line and m.steps(x) > 0)

    def move(self, x: int) -> tuple[int, int]:
        """``(from, to)`` scale indices of the party's arrow to ``x``: from its range's
        nearest end (for a split camp, the end of its furthest member); ``(x, x)``
        when no move is needed."""
        below, above = self.lo - x, x - self.hi
        if below <= 0 and above <= 0:
            return x, x
        return (self.lo, x) if below >= above else (self.hi, x)

    @property
    def hypothetical(self) -> bool:
        return any(m.hypothetical for m in self.members)


def stands(
    dossier: Dossier, parties: Sequence[str], issue: str, date: DateLike = None
) -> tuple[tuple[Stand, ...], tuple[str, ...]]:
    """The placed parties' :class:`Stand` on ``issue`` and the refs of those not placed
    (no position, no accepted range, or a camp with no placed member). No hypotheses
    here: pass a dossier from :func:`negotiation.whatif.under`."""
    refs = list(dict.fromkeys(parties))
    out: list[Stand] = []
    missing: list[str] = []
    for ref in refs:
        party = analysis.resolve_party(dossier, ref)
        pr = analysis.party_range(dossier, ref, issue, date)
        if not pr.member_ranges:
            missing.append(ref)
            continue
        members = []
        for side, (lo, hi) in pr.member_ranges:
            pos = analysis.in_force(dossier, side, issue, date)
            members.append(
                MemberStand(
                    side,
                    lo,
                    hi,
                    pos.stance if pos is not None else None,
                    pos.id if pos is not None else None,
                    pos is not None and pos.id in dossier.hypothetical_ids,
                )
            )
        out.append(
            Stand(
                party=ref,
                label=party.label,
                kind=party.kind,
                issue=issue,
                lo=max(m.lo for m in members),
                hi=min(m.hi for m in members),
                weight=_weight(dossier, party, issue, date),
                members=tuple(members),
                split=pr.split,
            )
        )
    return tuple(out), tuple(missing)


# =========================================================================== meeting points


@dataclass(frozen=True)
class Meeting:
    """Meeting points of one issue for a set of parties (see the module notes)."""

    issue: str
    scale_len: int
    stands: tuple[Stand, ...]
    not_placed: tuple[str, ...]
    points: tuple[int, ...]
    weighted_total: int
    point: int | None = None

    def steps(self, x: int | None = None) -> dict[str, int]:
        """Party ref -> steps to reach ``x`` (default: the representative point)."""
        x = self.point if x is None else x
        return {} if x is None else {s.party: s.steps(x) for s in self.stands}

    def total_steps(self, x: int | None = None) -> int:
        return sum(self.steps(x).values())

    def red_lines(self, x: int | None = None) -> dict[str, tuple[str, ...]]:
        """Party ref -> members crossing a red line to reach ``x``, for parties that do."""
        x = self.point if x is None else x
        if x is None:
            return {}
        return {s.party: r for s in self.stands if (r := s.red_lines(x))}

    @property
    def defaulted(self) -> tuple[str, ...]:
        """Refs of the placed parties whose weight is defaulted."""
        return tuple(s.party for s in self.stands if s.weight.defaulted)


def _representative(stand_list: Sequence[Stand], points: Sequence[int]) -> int | None:
    def key(x: int) -> tuple[int, int, int, int]:
        steps = [s.steps(x) for s in stand_list]
        crossing = sum(1 for s in stand_list if s.red_lines(x))
        return crossing, sum(steps), max(steps, default=0), x

    return min(points, key=key) if points else None


def meeting(dossier: Dossier, issue: str, parties: Sequence[str], date: DateLike = None) -> Meeting:
    """The :class:`Meeting` of ``parties`` on ``issue`` at ``date`` (no hypotheses
    here: pass a dossier from :func:`negotiation.whatif.under`)."""
    iss = dossier.issue_by_id.get(issue)
    if iss is None:
        raise KeyError(f"unknown issue {issue!r}")
    stand_list, missing = stands(dossier, parties, issue, date)
    points, total = meeting_points(
        [(s.lo, s.hi) for s in stand_list], [s.weight.weight for s in stand_list], len(iss.scale)
    )
    return Meeting(
        issue=issue,
        scale_len=len(iss.scale),
        stands=stand_list,
        not_placed=missing,
        points=points,
        weighted_total=total,
        point=_representative(stand_list, points),
    )


# =========================================================================== frames


def _frame(rows: list[dict[str, Any]], columns: Sequence[str], dtypes: Mapping[str, str]) -> Any:
    df = pd.DataFrame(rows, columns=list(columns))
    for col, dtype in dtypes.items():
        df[col] = df[col].astype(object) if dtype == "object" else df[col].astype(dtype)
    return df


def _ids(issue: Issue, indices: Iterable[int]) -> tuple[str, ...]:
    return tuple(issue.scale[i].id for i in indices)


def _labels(issue: Issue, indices: Iterable[int]) -> tuple[str, ...]:
    return tuple(issue.scale[i].label for i in indices)


def _issues(dossier: Dossier, issues: Iterable[str] | None) -> list[Issue]:
    if issues is None:
        return list(dossier.issues)
    wanted = set(issues)
    return [i for i in dossier.issues if i.id in wanted]


def _status(m: Meeting, n_parties: int) -> str:
    if not m.stands or (len(m.stands) == 1 and n_parties > 1):
        return "not placed"
    return "overlap" if m.weighted_total == 0 else "gap"


CONCESSION_COLUMNS = (
    "issue",
    "issue_title",
    "scale_len",
    "parties",
    "placed",
    "not_placed",
    "meeting_points",
    "meeting_indices",
    "meeting_labels",
    "point",
    "point_index",
    "point_label",
    "weighted_total",
    "total_steps",
    "steps",
    "weighted_steps",
    "weights",
    "defaulted",
    "n_defaulted",
    "red_lines_crossed",
    "red_line_members",
    "hypothetical",
    "status",
)
_CONCESSION_DTYPES = {
    "scale_len": "int64",
    "parties": "object",
    "placed": "object",
    "not_placed": "object",
    "meeting_points": "object",
    "meeting_indices": "object",
    "meeting_labels": "object",
    "point_index": "Int64",
    "weighted_total": "int64",
    "total_steps": "int64",
    "steps": "object",
    "weighted_steps": "object",
    "weights": "object",
    "defaulted": "object",
    "n_defaulted": "int64",
    "red_lines_crossed": "object",
    "red_line_members": "object",
    "hypothetical": "bool",
}


def concessions_table(
    dossier: Dossier,
    parties: Sequence[str],
    date: DateLike = None,
    hypotheses: Hypotheses = None,
    issues: Iterable[str] | None = None,
) -> pd.DataFrame:
    """What it would take for ``parties`` to agree, one row per issue (dossier order).

    Columns: issue, issue_title, scale_len, parties (refs as given), placed,
    not_placed (tuples of refs), meeting_points (tuple of scale ids: every tie),
    meeting_indices, meeting_labels, point / point_index / point_label (the
    representative meeting point; None/<NA> when nothing is placed), weighted_total
    (the minimised Σ w·steps), total_steps (Σ steps at the point), steps and
    weighted_steps (dict ref -> int at the point), weights (dict ref -> weight),
    defaulted (refs whose weight is defaulted), n_defaulted, red_lines_crossed
    (refs that would cross a red line at the point), red_line_members (dict ref ->
    member side ids crossing), hypothetical (a what-if range takes part), status
    ('overlap' when nobody moves, 'gap', or 'not placed' as in the overlap table).
    Raises :class:`~negotiation.analysis.UnknownPartyError`.
    """
    refs = list(dict.fromkeys(parties))
    d = whatif.under(dossier, hypotheses, date)
    for ref in refs:
        analysis.resolve_party(d, ref)
    rows = []
    for issue in _issues(d, issues):
        m = meeting(d, issue.id, refs, date)
        x = m.point
        crossing = m.red_lines()
        rows.append(
            {
                "issue": issue.id,
                "issue_title": issue.title,
                "scale_len": len(issue.scale),
                "parties": tuple(refs),
                "placed": tuple(s.party for s in m.stands),
                "not_placed": m.not_placed,
                "meeting_points": _ids(issue, m.points),
                "meeting_indices": m.points,
                "meeting_labels": _labels(issue, m.points),
                "point": None if x is None else issue.scale[x].id,
                "point_index": x,
                "point_label": None if x is None else issue.scale[x].label,
                "weighted_total": m.weighted_total,
                "total_steps": m.total_steps(),
                "steps": m.steps(),
                "weighted_steps": {}
                if x is None
                else {s.party: s.weighted_steps(x) for s in m.stands},
                "weights": {s.party: s.weight.weight for s in m.stands},
                "defaulted": m.defaulted,
                "n_defaulted": len(m.defaulted),
                "red_lines_crossed": tuple(crossing),
                "red_line_members": crossing,
                "hypothetical": any(s.hypothetical for s in m.stands),
                "status": _status(m, len(refs)),
            }
        )
    return _frame(rows, CONCESSION_COLUMNS, _CONCESSION_DTYPES)


@dataclass(frozen=True, eq=False)
class IssuePaths:
    """Everything the paths view draws for one issue.

    * ``parties``: one row per party (placed or not): party, label, kind, placed,
      split, lo, hi (Int64; for a split camp lo > hi), from_label, to_label, weight,
      priority, defaulted, weight_side, weight_position (where the weight comes from),
      stance (a side's), position (a side's in-force position id), hypothetical,
      move_from, move_to (Int64: the arrow to the representative point; equal when
      no move), steps, weighted_steps, red_line (bool), red_line_members (tuple).
    * ``members``: one row per placed member of each party: party, side, lo, hi,
      stance, position, hypothetical, steps, red_line (bool: crosses at the point).
    * ``points``: one row per meeting point (tie): index, id, label, weighted_total,
      total_steps, red_lines_crossed (refs), representative (bool).
    """

    issue: str
    issue_title: str
    scale_ids: tuple[str, ...]
    scale_labels: tuple[str, ...]
    meeting_points: tuple[int, ...]
    point: int | None
    weighted_total: int
    n_defaulted: int
    parties: pd.DataFrame = field(repr=False)
    members: pd.DataFrame = field(repr=False)
    points: pd.DataFrame = field(repr=False)


def issue_paths(
    dossier: Dossier,
    issue: str,
    parties: Sequence[str],
    date: DateLike = None,
    hypotheses: Hypotheses = None,
) -> IssuePaths:
    """The per-issue detail of the paths to agreement: each party's range and weight,
    the meeting points, and each party's arrow from its range to the point."""
    d = whatif.under(dossier, hypotheses, date)
    iss = d.issue_by_id.get(issue)
    if iss is None:
        raise KeyError(f"unknown issue {issue!r}")
    refs = list(dict.fromkeys(parties))
    m = meeting(d, issue, refs, date)
    x = m.point
    by_ref = {s.party: s for s in m.stands}
    rows, member_rows = [], []
    for ref in refs:
        party = analysis.resolve_party(d, ref)
        s = by_ref.get(ref)
        w = s.weight if s is not None else _weight(d, party, issue, date)
        pos = analysis.in_force(d, ref, issue, date) if party.kind == "side" else None
        move = s.move(x) if s is not None and x is not None else (None, None)
        red = s.red_lines(x) if s is not None and x is not None else ()
        rows.append(
            {
                "party": ref,
                "label": party.label,
                "kind": party.kind,
                "placed": s is not None,
                "split": bool(s is not None and s.split),
                "lo": None if s is None else s.lo,
                "hi": None if s is None else s.hi,
                "from_label": None if s is None else iss.scale[s.lo].label,
                "to_label": None if s is None else iss.scale[s.hi].label,
                "weight": w.weight,
                "priority": w.priority,
                "defaulted": w.defaulted,
                "weight_side": w.side,
                "weight_position": w.position,
                "stance": None if pos is None else pos.stance,
                "position": None if pos is None else pos.id,
                "hypothetical": bool(s is not None and s.hypothetical)
                or (pos is not None and pos.id in d.hypothetical_ids),
                "move_from": move[0],
                "move_to": move[1],
                "steps": None if s is None or x is None else s.steps(x),
                "weighted_steps": None if s is None or x is None else s.weighted_steps(x),
                "red_line": bool(red),
                "red_line_members": red,
            }
        )
        for mem in s.members if s is not None else ():
            member_rows.append(
                {
                    "party": ref,
                    "side": mem.side,
                    "lo": mem.lo,
                    "hi": mem.hi,
                    "stance": mem.stance,
                    "position": mem.position,
                    "hypothetical": mem.hypothetical,
                    "steps": None if x is None else mem.steps(x),
                    "red_line": x is not None and mem.red_line and mem.steps(x) > 0,
                }
            )
    point_rows = [
        {
            "index": p,
            "id": iss.scale[p].id,
            "label": iss.scale[p].label,
            "weighted_total": m.weighted_total,
            "total_steps": m.total_steps(p),
            "red_lines_crossed": tuple(m.red_lines(p)),
            "representative": p == x,
        }
        for p in m.points
    ]
    ints = ("lo", "hi", "move_from", "move_to", "steps", "weighted_steps")
    return IssuePaths(
        issue=iss.id,
        issue_title=iss.title,
        scale_ids=tuple(p.id for p in iss.scale),
        scale_labels=tuple(p.label for p in iss.scale),
        meeting_points=m.points,
        point=x,
        weighted_total=m.weighted_total,
        n_defaulted=sum(1 for r in rows if r["defaulted"] and r["placed"]),
        parties=_frame(
            rows,
            (
                "party",
                "label",
                "kind",
                "placed",
                "split",
                "lo",
                "hi",
                "from_label",
                "to_label",
                "weight",
                "priority",
                "defaulted",
                "weight_side",
                "weight_position",
                "stance",
                "position",
                "hypothetical",
                "move_from",
                "move_to",
                "steps",
                "weighted_steps",
                "red_line",
                "red_line_members",
            ),
            {**dict.fromkeys(ints, "Int64"), "weight": "int64", "red_line_members": "object"},
        ),
        members=_frame(
            member_rows,
            (
                "party",
                "side",
                "lo",
                "hi",
                "stance",
                "position",
                "hypothetical",
                "steps",
                "red_line",
            ),
            {"lo": "int64", "hi": "int64", "steps": "Int64"},
        ),
        points=_frame(
            point_rows,
            (
                "index",
                "id",
                "label",
                "weighted_total",
                "total_steps",
                "red_lines_crossed",
                "representative",
            ),
            {"index": "int64", "total_steps": "int64", "red_lines_crossed": "object"},
        ),
    )


# =========================================================================== trades


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

WEIGHT_COLUMNS = (
    "issue",
    "issue_title",
    "party",
    "label",
    "weight",
    "priority",
    "defaulted",
    "side",
    "position",
    "n_evidence",
)


def weights_table(
    dossier: Dossier,
    parties: Sequence[str],
    date: DateLike = None,
    hypotheses: Hypotheses = None,
    issues: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The weights in use, one row per issue × party (dossier order).

    Columns: issue, issue_title, party, label, weight (int), priority, defaulted
    (bool), side and position (whose priority gives the weight; None when
    defaulted), n_evidence (quotes in that position's ``priority_evidence``).
    ``df["defaulted"].sum()`` is the number of defaulted weights.
    """
    d = whatif.under(dossier, hypotheses, date)
    resolved = [analysis.resolve_party(d, r) for r in dict.fromkeys(parties)]
    rows = []
    for issue in _issues(d, issues):
        for p in resolved:
            w = _weight(d, p, issue.id, date)
            pos = d.position_by_id.get(w.position) if w.position else None
            rows.append(
                {
                    "issue": issue.id,
                    "issue_title": issue.title,
                    "party": p.ref,
                    "label": p.label,
                    "weight": w.weight,
                    "priority": w.priority,
                    "defaulted": w.defaulted,
                    "side": w.side,
                    "position": w.position,
                    "n_evidence": len(pos.priority_evidence) if pos is not None else 0,
                }
            )
    return _frame(
        rows, WEIGHT_COLUMNS, {"weight": "int64", "defaulted": "bool", "n_evidence": "int64"}
    )


PRIORITY_EVIDENCE_COLUMNS = (
    "side",
    "side_name",
    "issue",
    "issue_title",
    "position",
    "as_of",
    "priority",
    "weight",
    "source",
    "outlet",
    "source_title",
    "url",
    "quote",
    "speaker",
    "date",
)


def priority_evidence_frame(
    dossier: Dossier, positions: Iterable[str] | None = None
) -> pd.DataFrame:
    """The quotes behind the priorities, one row per quote (``positions`` keeps only
    those position ids, e.g. a trade's ``*_position`` cells; None = all).

    Columns: side, side_name, issue, issue_title, position, as_of (datetime64),
    priority, weight, source, outlet, source_title, url, quote, speaker, date.
    """
    wanted = None if positions is None else {p for p in positions if p}
    rows = []
    for side in dossier.sides:
        for pos in side.positions:
            if pos.priority is None or (wanted is not None and pos.id not in wanted):
                continue
            iss = dossier.issue_by_id.get(pos.issue)
            for ev in pos.priority_evidence:
                src = dossier.source_by_id.get(ev.source)
                rows.append(
                    {
                        "side": side.id,
                        "side_name": side.name,
                        "issue": pos.issue,
                        "issue_title": iss.title if iss is not None else pos.issue,
                        "position": pos.id,
                        "as_of": pd.Timestamp(pos.as_of),
                        "priority": pos.priority,
                        "weight": pos.weight,
                        "source": ev.source,
                        "outlet": src.outlet if src is not None else ev.source,
                        "source_title": src.title if src is not None else None,
                        "url": src.url if src is not None else None,
                        "quote": ev.quote,
                        "speaker": ev.speaker,
                        "date": pd.Timestamp(ev.date) if ev.date else pd.NaT,
                    }
                )
    df = pd.DataFrame(rows, columns=list(PRIORITY_EVIDENCE_COLUMNS))
    for col in ("as_of", "date"):
        df[col] = pd.to_datetime(df[col]).astype("datetime64[ns]")
    df["weight"] = df["weight"].astype("int64")
    return df


# =========================================================================== blockers


def overlap_blocker_sets(
    dossier: Dossier,
    parties: Sequence[str],
    date: DateLike = None,
    hypotheses: Hypotheses = None,
    issues: Iterable[str] | None = None,
) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Issue id -> every minimal set of placed parties whose removal reopens an overlap
    (:func:`~negotiation.analysis.all_minimal_blocker_sets`; empty when they overlap)."""
    d = whatif.under(dossier, hypotheses, date)
    refs = list(dict.fromkeys(parties))
    out = {}
    for issue in _issues(d, issues):
        ranges = {}
        for ref in refs:
            iv = analysis.party_range(d, ref, issue.id, date).interval
            if iv is not None:
                ranges[ref] = iv
        out[issue.id] = analysis.all_minimal_blocker_sets(ranges)
    return out
