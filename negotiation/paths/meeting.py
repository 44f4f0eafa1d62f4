"""Paths to agreement, arithmetic: concessions, weights, stands, meeting points.

See :mod:`negotiation.paths` for the definitions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import pandas as pd

from negotiation import analysis, whatif
from negotiation.analysis.as_of import in_force_ids, kept
from negotiation.dossier import Dossier
from negotiation.model import DEFAULT_PRIORITY, PRIORITY_WEIGHTS, Issue, Position

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
    here: pass a dossier from :func:`negotiation.whatif.under`. Kept on the dossier per
    (parties, issue, positions in force of their sides)."""
    refs = tuple(dict.fromkeys(parties))
    key = (refs, issue, in_force_ids(dossier, refs, issue, date))
    return kept(dossier, "stands", key, lambda: _stands(dossier, refs, issue, date))


def _stands(
    dossier: Dossier, refs: Sequence[str], issue: str, date: DateLike
) -> tuple[tuple[Stand, ...], tuple[str, ...]]:
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
    """Meeting points of one issue for a set of parties (see the module notes).

    Under consensus (the default, and always for :func:`meeting` without ``by_rule``)
    every placed party moves to the point. Under a vote (``rule`` majority or
    qualified), ``coalitions[x]`` is the least-cost coalition that carries the point
    ``x`` (its members move; every party that accepts ``x`` is in it) and
    ``outvoted_at[x]`` the placed parties outside it: they are named apart, never
    counted as moving. ``not_counted`` are the placed parties that do not vote
    (mediators, observers, split camps).

    Bounded parties (only ruling a part out) are not placed: they get no stand of their
    own (``bounded`` lists them; a camp's bounded members do not move either), but
    ``ruled_out_at[x]`` names, for each meeting point ``x`` some rule out, the sides
    ruling it out (a bounded party's, or a camp's bounded members).
    """

    issue: str
    scale_len: int
    stands: tuple[Stand, ...]
    not_placed: tuple[str, ...]
    points: tuple[int, ...]
    weighted_total: int
    point: int | None = None
    rule: str = "consensus"
    coalitions: dict[int, tuple[str, ...]] | None = None
    outvoted_at: dict[int, tuple[str, ...]] | None = None
    not_counted: tuple[str, ...] = ()
    by_weight: tuple[int, ...] = ()
    """Under consensus with ``by_rule``, when the dossier gives weights: the points that
    minimise Σ vote weight × priority × steps over the counted parties (each party's
    move counted for the states it speaks for). Shown beside the meeting point, never
    in its place: weights and priorities are only multiplied where a view says so."""
    bounded: tuple[str, ...] = ()
    ruled_out_at: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def movers(self, x: int | None = None) -> tuple[Stand, ...]:
        """The stands that move to ``x`` (default: the representative point): every
        placed party, or under a vote the coalition that carries ``x``."""
        x = self.point if x is None else x
        if self.coalitions is None or x is None:
            return self.stands
        members = set(self.coalitions.get(x, ()))
        return tuple(s for s in self.stands if s.party in members)

    def outvoted(self, x: int | None = None) -> tuple[str, ...]:
        """Refs of the parties a vote at ``x`` outvotes (empty under consensus)."""
        x = self.point if x is None else x
        if self.outvoted_at is None or x is None:
            return ()
        return self.outvoted_at.get(x, ())

    def steps(self, x: int | None = None) -> dict[str, int]:
        """Party ref -> steps to reach ``x`` (default: the representative point), for
        the parties that move (see :meth:`movers`)."""
        x = self.point if x is None else x
        return {} if x is None else {s.party: s.steps(x) for s in self.movers(x)}

    def total_steps(self, x: int | None = None) -> int:
        return sum(self.steps(x).values())

    def red_lines(self, x: int | None = None) -> dict[str, tuple[str, ...]]:
        """Party ref -> members crossing a red line to reach ``x``, for parties that do."""
        x = self.point if x is None else x
        if x is None:
            return {}
        return {s.party: r for s in self.movers(x) if (r := s.red_lines(x))}

    @property
    def defaulted(self) -> tuple[str, ...]:
        """Refs of the placed parties whose weight is defaulted."""
        return tuple(s.party for s in self.stands if s.weight.defaulted)


def _representative(
    stand_list: Sequence[Stand],
    points: Sequence[int],
    coalitions: dict[int, tuple[str, ...]] | None = None,
) -> int | None:
    def key(x: int) -> tuple[int, int, int, int]:
        movers = stand_list
        if coalitions is not None:
            members = set(coalitions.get(x, ()))
            movers = [s for s in stand_list if s.party in members]
        steps = [s.steps(x) for s in movers]
        crossing = sum(1 for s in movers if s.red_lines(x))
        return crossing, sum(steps), max(steps, default=0), x

    return min(points, key=key) if points else None


def meeting(
    dossier: Dossier,
    issue: str,
    parties: Sequence[str],
    date: DateLike = None,
    *,
    by_rule: bool = False,
) -> Meeting:
    """The :class:`Meeting` of ``parties`` on ``issue`` at ``date`` (no hypotheses
    here: pass a dossier from :func:`negotiation.whatif.under`). With ``by_rule`` the
    issue's decision rule decides (:func:`negotiation.analysis.rule_in_force`): under a
    vote only a carrying coalition moves; without it (a bilateral deal) every party
    must agree."""
    iss = dossier.issue_by_id.get(issue)
    if iss is None:
        raise KeyError(f"unknown issue {issue!r}")
    refs = tuple(parties)
    rule = analysis.rule_in_force(dossier, issue).rule if by_rule else analysis.CONSENSUS
    key = (refs, issue, in_force_ids(dossier, refs, issue, date), rule.text, by_rule)
    return kept(dossier, "meeting", key, lambda: _meeting(dossier, iss, refs, date, rule, by_rule))


def _meeting(
    dossier: Dossier,
    iss: Issue,
    parties: Sequence[str],
    date: DateLike,
    rule: analysis.Rule = analysis.CONSENSUS,
    by_rule: bool = False,
) -> Meeting:
    issue = iss.id
    stand_list, missing = stands(dossier, parties, issue, date)
    if not rule.is_consensus:
        vote = _vote_meeting(dossier, iss, stand_list, missing, rule)
        return replace(vote, **_ruled_out(dossier, iss, parties, date, vote.points))  # type: ignore[arg-type]
    points, total = meeting_points(
        [(s.lo, s.hi) for s in stand_list], [s.weight.weight for s in stand_list], len(iss.scale)
    )
    by_weight: tuple[int, ...] = ()
    if by_rule and analysis.has_weights(dossier):
        counted = [
            s for s in stand_list if not s.split and analysis.counted_members(dossier, s.party)
        ]
        if counted:
            by_weight, _ = meeting_points(
                [(s.lo, s.hi) for s in counted],
                [analysis.party_weight(dossier, s.party) * s.weight.weight for s in counted],
                len(iss.scale),
            )
    return Meeting(
        issue=issue,
        scale_len=len(iss.scale),
        stands=stand_list,
        not_placed=missing,
        points=points,
        weighted_total=total,
        point=_representative(stand_list, points),
        by_weight=by_weight,
        **_ruled_out(dossier, iss, parties, date, points),
    )


def _ruled_out(
    dossier: Dossier, iss: Issue, parties: Sequence[str], date: DateLike, points: Sequence[int]
) -> dict[str, object]:
    """``bounded`` (the bounded parties) and ``ruled_out_at`` (meeting point -> the sides
    ruling it out) of a :class:`Meeting`."""
    bounded: list[str] = []
    rejects: dict[str, analysis.Interval] = {}
    for ref in dict.fromkeys(parties):
        pr = analysis.party_range(dossier, ref, iss.id, date)
        if pr.is_bounded:
            bounded.append(ref)
        rejects.update(pr.ruled_out)
    at = {
        x: who
        for x in points
        if (who := tuple(m for m, (lo, hi) in rejects.items() if lo <= x <= hi))
    }
    return {"bounded": tuple(bounded), "ruled_out_at": at}


def _vote_meeting(
    dossier: Dossier,
    iss: Issue,
    stand_list: tuple[Stand, ...],
    missing: tuple[str, ...],
    rule: analysis.Rule,
) -> Meeting:
    """Meeting points under a vote: the least priority-weighted movement of a coalition
    that carries the point (:func:`negotiation.analysis.rule_meeting`)."""
    voting = [s for s in stand_list if not s.split and analysis.counted_members(dossier, s.party)]
    rm = analysis.rule_meeting(
        {s.party: (s.lo, s.hi) for s in voting},
        {s.party: analysis.party_weight(dossier, s.party) for s in voting},
        {s.party: s.weight.weight for s in voting},
        len(iss.scale),
        rule,
    )
    coalitions = {x: tuple(rm.coalition[x]) for x in rm.points}
    voters = {s.party for s in voting}
    return Meeting(
        issue=iss.id,
        scale_len=len(iss.scale),
        stands=stand_list,
        not_placed=missing,
        points=rm.points,
        weighted_total=rm.cost,
        point=_representative(voting, rm.points, coalitions),
        rule=rule.text,
        coalitions=coalitions,
        outvoted_at={x: tuple(rm.outvoted.get(x, ())) for x in rm.points},
        not_counted=tuple(s.party for s in stand_list if s.party not in voters),
    )


# =========================================================================== frames
