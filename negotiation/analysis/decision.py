"""Deciding by a rule: which scale points carry, who holds a deal up, and the cheapest
way to a point that carries, when sides have vote weights.

Pure functions of plain mappings (no dossier, no streamlit).

Definitions
-----------
* ``ranges`` maps the **placed** parties (in order) to their accepted
  :data:`~negotiation.analysis.basics.Interval`; a party **accepts** point ``x`` when
  ``lo <= x <= hi``.
* A party's **weight** is its vote weight (positive; 1 when missing from ``weights``;
  every weight is 1 when ``rule.counted == "sides"``). Weights are exact
  (:class:`~fractions.Fraction`); internally they are scaled to integers by the least
  common multiple of their denominators.
* ``support(x)`` is the weight accepting ``x``; ``total`` the weight of the placed
  parties. ``x`` **wins** when ``rule.reached(support(x), total)``.
* The **holdouts** of ``x`` are the placed parties that do not accept it.
* A **blocker group** (:class:`Holdouts`) of ``x`` is a set ``H`` of holdouts of ``x``
  with ``rule.reached(support(x) + weight(H), total)``: had they accepted, ``x`` would
  carry. Under consensus the only one is every holdout of ``x``.
* ``steps_i(x) = max(0, lo_i − x, x − hi_i)``; a **coalition** for ``x`` is a set of
  placed parties whose weight reaches the rule (under consensus: everyone); its cost
  is ``Σ priority_i × steps_i(x)`` over its members.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from negotiation.analysis.basics import Interval, _check
from negotiation.analysis.rule import CONSENSUS, Rule, as_fraction
from negotiation.model import DEFAULT_PRIORITY, PRIORITY_WEIGHTS

WeightLike = int | float | Fraction
DEFAULT_MAX_GROUPS = 24
DEFAULT_PRIORITY_WEIGHT = PRIORITY_WEIGHTS[DEFAULT_PRIORITY]
_INT64_SAFE = 2**62
_BITSET_LIMIT = 1 << 24  # widest subset-sum bitset, in bits (scaled weight units)

# =========================================================================== results


@dataclass(frozen=True)
class Holdouts:
    """A group of placed parties that would have to accept a point for it to carry.

    ``points`` are the scale indices (ascending) for which this very group suffices;
    ``weight`` is the group's counted weight.
    """

    parties: tuple[str, ...]
    points: tuple[int, ...]
    weight: Fraction


@dataclass(frozen=True)
class Decision:
    """Result of :func:`decide` (see the module notes for the definitions).

    * ``support[x]`` weight accepting ``x``; ``shares[x] = support[x] / total`` (0 when
      ``total`` is 0); ``bar``/``bar_strict`` from :meth:`Rule.bar`: a point carries when
      its support exceeds ``bar`` (``bar_strict``) or reaches it.
    * ``winning`` the points that carry, ascending; ``outvoted[x]`` the placed parties not
      accepting the winning point ``x`` (always empty under consensus).
    * ``blocker_sets`` empty when some point wins; otherwise the lightest blocker groups
      over all points (every tie; under a vote at most ``max_groups`` of them, with
      ``truncated`` set when more exist), ordered by the parties' positions in ``ranges``.
    * ``not_placed`` the parties without a range (never counted), ``not_placed_weight``
      their weight; ``could_change``: counting their weight in the total, some winning
      point would stop winning if they all rejected it, or some other point would win
      if they all accepted it.
    * ``bounded`` the not-placed parties that only rule something out, ``ruled_out[x]``
      those of them ruling ``x`` out (only points some rule out): see :func:`decide`.
    """

    rule: Rule
    scale_len: int
    parties: tuple[str, ...]
    ranges: tuple[Interval, ...]
    weights: dict[str, Fraction]
    support: tuple[Fraction, ...]
    total: Fraction
    shares: tuple[Fraction, ...]
    bar: Fraction
    bar_strict: bool
    winning: tuple[int, ...]
    outvoted: dict[int, tuple[str, ...]]
    blocker_sets: tuple[Holdouts, ...]
    truncated: bool
    not_placed: tuple[str, ...]
    not_placed_weight: Fraction
    could_change: bool
    bounded: tuple[str, ...] = ()
    ruled_out: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def holds(self, point: int) -> bool:
        """Whether ``point`` carries under the rule."""
        return point in self.winning

    def accepting(self, point: int) -> tuple[str, ...]:
        """The placed parties accepting ``point``, in order."""
        return tuple(
            p for p, (lo, hi) in zip(self.parties, self.ranges, strict=True) if lo <= point <= hi
        )


@dataclass(frozen=True)
class RuleMeeting:
    """Result of :func:`rule_meeting`.

    ``points`` every scale index of least coalition cost (all ties, ascending), ``cost``
    that least cost (0 and no points without placed parties). For each such point,
    ``coalition[x]`` a least-cost coalition (every party accepting ``x``; among
    least-cost coalitions the heaviest, then the one taking the earliest parties in
    ``ranges`` order) and ``outvoted[x]`` the placed parties outside it (named apart,
    not counted as moving).
    """

    rule: Rule
    scale_len: int
    parties: tuple[str, ...]
    ranges: tuple[Interval, ...]
    weights: dict[str, Fraction]
    priorities: dict[str, int]
    points: tuple[int, ...]
    cost: int
    coalition: dict[int, tuple[str, ...]] = field(default_factory=dict)
    outvoted: dict[int, tuple[str, ...]] = field(default_factory=dict)

    @property
    def point(self) -> int | None:
        """The first least-cost point (None without one)."""
        return self.points[0] if self.points else None

    def steps(self, x: int | None = None) -> dict[str, int]:
        """Coalition member -> steps to reach ``x`` (default :attr:`point`); ``{}`` when
        ``x`` is not a least-cost point."""
        x = self.point if x is None else x
        if x is None:
            return {}
        members = set(self.coalition.get(x, ()))
        return {
            p: max(0, lo - x, x - hi)
            for p, (lo, hi) in zip(self.parties, self.ranges, strict=True)
            if p in members
        }


# =========================================================================== inputs


def _weight(value: WeightLike, who: str) -> Fraction:
    if type(value) is int:  # the common case, without a float's detour
        if value <= 0:
            raise ValueError(f"weights must be positive: {who!r} has {value!r}")
        return Fraction(value)
    w = as_fraction(value)
    if w <= 0:
        raise ValueError(f"weights must be positive: {who!r} has {value!r}")
    return w


def _counted(
    refs: Sequence[str], weights: Mapping[str, WeightLike], rule: Rule
) -> dict[str, Fraction]:
    if rule.counted == "sides":
        for r in refs:  # still reject nonsense given for a counted party
            if r in weights:
                _weight(weights[r], r)
        return {r: Fraction(1) for r in refs}
    return {r: _weight(weights[r], r) if r in weights else Fraction(1) for r in refs}


def _intervals(ranges: Mapping[str, Interval], scale_len: int) -> tuple[Interval, ...]:
    if scale_len < 1:
        raise ValueError("a scale has at least one point")
    out = []
    for ref, iv in ranges.items():
        lo, hi = _check(iv)
        if lo < 0 or hi >= scale_len:
            raise ValueError(f"{ref!r}: interval {iv!r} is outside a scale of {scale_len}")
        out.append((lo, hi))
    return tuple(out)


def _scaled(values: Sequence[Fraction]) -> tuple[int, list[int]]:
    """``(unit, ints)``: the least common multiple of the denominators and the values
    times it (exact integers)."""
    unit = math.lcm(*(v.denominator for v in values)) if values else 1
    if unit == 1:
        return 1, [v.numerator for v in values]
    return unit, [v.numerator * (unit // v.denominator) for v in values]


def _support(ivs: Sequence[Interval], ints: Sequence[int], scale_len: int) -> list[int]:
    diff = [0] * (scale_len + 1)
    for (lo, hi), w in zip(ivs, ints, strict=True):
        diff[lo] += w
        diff[hi + 1] -= w
    out, run = [], 0
    for x in range(scale_len):
        run += diff[x]
        out.append(run)
    return out


def _need(rule: Rule, support: int, total: int) -> int:
    """The least integer weight ``w >= 0`` (in scaled units) with
    ``rule.reached(support + w, total)``; ``total`` > 0."""
    if rule.kind == "consensus":
        need = total - support
    elif rule.kind == "majority":
        need = (total - 2 * support) // 2 + 1
    else:
        assert rule.threshold is not None
        t = rule.threshold
        need = -((-(t.numerator * total) + support * t.denominator) // t.denominator)
    return max(need, 0)


# =========================================================================== decide


def decide(
    ranges: Mapping[str, Interval],
    weights: Mapping[str, WeightLike],
    scale_len: int,
    rule: Rule = CONSENSUS,
    not_placed: Mapping[str, WeightLike] | None = None,
    *,
    max_groups: int = DEFAULT_MAX_GROUPS,
    bounded: Mapping[str, Interval | None] | None = None,
) -> Decision:
    """Which points of a ``scale_len``-point scale carry under ``rule``, who is outvoted
    and, when none carries, the lightest groups holding a deal up (:class:`Decision`).

    ``not_placed`` maps the parties without a range to their weights (never counted as
    accepting, never in the total). Raises ValueError for non-positive weights, an empty
    scale, intervals off the scale or a party both placed and not placed.

    Blocker groups are exact: under consensus the holdouts of each point (at most one
    group per point, never truncated); under a vote, per point, the lightest subset sum
    of the holdouts' integer weights reaching the rule (a Python-int bitset), then the
    groups of that weight enumerated in order, pruned by suffix bitsets. Scaled weights
    too wide for a bitset (2**24 units: floats with long decimal expansions, e.g.
    ``1 / 3`` next to ``0.1``) fall back to sets of sums, which stay exact but can be
    slow for many parties: pass such weights as :class:`~fractions.Fraction`.

    ``bounded`` maps some of the ``not_placed`` parties to what they leave open (an
    interval, or None when they rule out the whole scale): parties that only rule a
    part out. At a point it rules out, a bounded party is counted as a known holdout
    (in that point's total, never as support, in its blocker groups, in ``outvoted``);
    at a point it leaves open it counts like a party not yet placed (out of the total,
    in ``could_change``). So under consensus the blocker groups are those of every
    bounded party accepting its whole open part, and no point a bounded party rules
    out carries. Without ``bounded`` the result is as before.
    """
    if max_groups < 1:
        raise ValueError("max_groups is at least 1")
    refs = tuple(ranges)
    ivs = _intervals(ranges, scale_len)
    absent = dict(not_placed or {})
    if both := [r for r in absent if r in ranges]:
        raise ValueError(f"placed and not placed at once: {both!r}")
    counted = _counted(refs, weights, rule)
    absent_w = _counted(tuple(absent), absent, rule)
    unit, ints = _scaled([*counted.values(), *absent_w.values()])
    w_int, u_int = ints[: len(refs)], sum(ints[len(refs) :])
    total = sum(w_int)
    sup = _support(ivs, w_int, scale_len)
    b_refs, b_int, out_w, hold = _ruling_out(refs, ivs, absent, ints, bounded, scale_len)
    totals = [total + o for o in out_w]
    winning = tuple(x for x in range(scale_len) if rule.reached(sup[x], totals[x]))
    every = (*refs, *b_refs)
    outvoted = {x: tuple(every[i] for i in hold[x]) for x in winning}
    groups: tuple[Holdouts, ...] = ()
    truncated = False
    all_w = [*w_int, *b_int]
    if not winning and max(totals) > 0:
        if rule.is_consensus:
            groups = _consensus_groups(every, hold, all_w, sup, totals, unit)
        else:
            groups, truncated = _vote_groups(
                every, hold, all_w, sup, totals, unit, rule, max_groups
            )
    could = False
    if u_int > 0:
        grand = total + u_int
        could = any(
            (not rule.reached(sup[x], grand))
            if x in winning
            else rule.reached(sup[x] + u_int - out_w[x], grand)
            for x in range(scale_len)
        )
    f_total = Fraction(total, unit)
    bar, strict = rule.bar(f_total)
    support = tuple(Fraction(s, unit) for s in sup)
    return Decision(
        rule=rule,
        scale_len=scale_len,
        parties=refs,
        ranges=ivs,
        weights=counted,
        support=support,
        total=f_total,
        shares=tuple(s / f_total if total else Fraction(0) for s in support),
        bar=bar,
        bar_strict=strict,
        winning=winning,
        outvoted=outvoted,
        blocker_sets=groups,
        truncated=truncated,
        not_placed=tuple(absent),
        not_placed_weight=Fraction(u_int, unit),
        could_change=could,
        bounded=b_refs,
        ruled_out={
            x: tuple(b_refs[i - len(refs)] for i in hold[x] if i >= len(refs))
            for x in range(scale_len)
            if out_w[x]
        },
    )


def _ruling_out(
    refs: Sequence[str],
    ivs: Sequence[Interval],
    absent: Mapping[str, WeightLike],
    ints: Sequence[int],
    bounded: Mapping[str, Interval | None] | None,
    scale_len: int,
) -> tuple[tuple[str, ...], list[int], list[int], list[list[int]]]:
    """The bounded parties (in ``absent`` order), their scaled weights, the weight ruling
    out each point, and each point's holdouts: indices into ``refs`` then the bounded."""
    b_open = dict(bounded or {})
    if stray := [r for r in b_open if r not in absent]:
        raise ValueError(f"bounded but not listed as not placed: {stray!r}")
    a_int = dict(zip(absent, ints[len(refs) :], strict=True))
    b_refs = tuple(r for r in absent if r in b_open)
    opens = [_open(b_open[r], scale_len, r) for r in b_refs]
    out_w = [0] * scale_len
    hold = [_holdouts(ivs, x) for x in range(scale_len)]
    for k, (r, op) in enumerate(zip(b_refs, opens, strict=True)):
        for x in range(scale_len):
            if op is None or not op[0] <= x <= op[1]:
                out_w[x] += a_int[r]
                hold[x].append(len(refs) + k)
    return b_refs, [a_int[r] for r in b_refs], out_w, hold


def _open(iv: Interval | None, scale_len: int, ref: str) -> Interval | None:
    if iv is None:
        return None
    lo, hi = _check(iv)
    if lo < 0 or hi >= scale_len:
        raise ValueError(f"{ref!r}: open part {iv!r} is outside a scale of {scale_len}")
    return (lo, hi)


def _holdouts(ivs: Sequence[Interval], x: int) -> list[int]:
    return [i for i, (lo, hi) in enumerate(ivs) if not lo <= x <= hi]


def _consensus_groups(
    refs: Sequence[str],
    hold: Sequence[Sequence[int]],
    w_int: Sequence[int],
    sup: Sequence[int],
    totals: Sequence[int],
    unit: int,
) -> tuple[Holdouts, ...]:
    """Every holdout set of a point of least holdout weight (``totals[x] - sup[x]``;
    with one total, the points of greatest support); none when that weight is 0."""
    light = [t - s for s, t in zip(sup, totals, strict=True)]
    best = min(light)
    if best <= 0:
        return ()
    by_group: dict[tuple[int, ...], list[int]] = {}
    for x, v in enumerate(light):
        if v == best:
            by_group.setdefault(tuple(hold[x]), []).append(x)
    weight = Fraction(best, unit)
    return tuple(
        Holdouts(tuple(refs[i] for i in g), tuple(pts), weight)
        for g, pts in sorted(by_group.items())
    )


def _lightest_reaching(items: Sequence[int], need: int) -> int:
    """The least subset sum of ``items`` that is ``>= need`` (the sum of all reaches
    it). A subset minimal by inclusion overshoots by less than its largest item, so sums
    of ``need + max(items)`` or more are dropped."""
    width = need + max(items)
    if width > _BITSET_LIMIT:  # huge scaled weights (floats such as 0.1 + 1/3): sets
        sums = {0}
        for w in items:
            sums |= {v + w for v in sums if v + w < width}
        return min(v for v in sums if v >= need)
    mask = (1 << width) - 1
    bits = 1
    for w in items:
        bits = (bits | (bits << w)) & mask
    high = bits >> need
    return need + ((high & -high).bit_length() - 1)


def _suffix_sums(items: Sequence[int], target: int) -> list[int] | list[set[int]]:
    """Row ``k``: the sums up to ``target`` that items ``k..`` can make, as a bitset
    (a set of sums when ``target`` is too wide for one)."""
    n = len(items)
    if target + 1 > _BITSET_LIMIT:
        sets: list[set[int]] = [set() for _ in range(n + 1)]
        sets[n] = {0}
        for k in range(n - 1, -1, -1):
            later = sets[k + 1]
            sets[k] = later | {v + items[k] for v in later if v + items[k] <= target}
        return sets
    mask = (1 << (target + 1)) - 1
    bits = [0] * (n + 1)
    bits[n] = 1
    for k in range(n - 1, -1, -1):
        bits[k] = (bits[k + 1] | (bits[k + 1] << items[k])) & mask
    return bits


def _exact_subsets(members: Sequence[int], items: Sequence[int], target: int) -> Iterator[tuple]:
    """Every subset of ``members`` (ascending positions) whose ``items`` sum to
    ``target``, lexicographically by positions; depth-first, a branch is entered only
    when the later items can still make up the rest (:func:`_suffix_sums`)."""
    n = len(members)
    suffix = _suffix_sums(items, target)
    if isinstance(suffix[0], set):

        def can(k: int, v: int) -> bool:
            return v in suffix[k]  # type: ignore[operator]
    else:

        def can(k: int, v: int) -> bool:
            return bool((suffix[k] >> v) & 1)  # type: ignore[operator]

    if not can(0, target):
        return
    chosen: list[int] = []

    def walk(start: int, rest: int) -> Iterator[tuple]:
        if rest == 0:
            yield tuple(chosen)
            return
        for j in range(start, n):
            w = items[j]
            if w <= rest and can(j + 1, rest - w):
                chosen.append(members[j])
                yield from walk(j + 1, rest - w)
                chosen.pop()

    yield from walk(0, target)


def _vote_groups(
    refs: Sequence[str],
    holdouts: Sequence[Sequence[int]],
    w_int: Sequence[int],
    sup: Sequence[int],
    totals: Sequence[int],
    unit: int,
    rule: Rule,
    max_groups: int,
) -> tuple[tuple[Holdouts, ...], bool]:
    """The lightest blocker groups over all points (no point wins), at most
    ``max_groups``, and whether more exist (``holdouts[x]``: indices into ``refs``)."""
    scale_len = len(sup)
    needs = [_need(rule, sup[x], totals[x]) for x in range(scale_len)]
    lightest = [  # a point nobody is placed on or rules out: nobody holds it up
        _lightest_reaching([w_int[i] for i in holdouts[x]], needs[x]) if totals[x] > 0 else 0
        for x in range(scale_len)
    ]
    best = min(lightest)
    if best <= 0:
        return (), False
    streams = [
        _exact_subsets(holdouts[x], [w_int[i] for i in holdouts[x]], best)
        for x in range(scale_len)
        if lightest[x] == best
    ]
    found: list[tuple[int, ...]] = []
    for g in heapq.merge(*streams):
        if found and found[-1] == g:
            continue
        found.append(g)
        if len(found) > max_groups:
            break
    truncated = len(found) > max_groups
    weight = Fraction(best, unit)
    sets = [set(h) for h in holdouts]
    out = []
    for g in found[:max_groups]:
        pts = tuple(
            x
            for x in range(scale_len)
            if totals[x] > 0 and needs[x] <= best and sets[x].issuperset(g)
        )
        out.append(Holdouts(tuple(refs[i] for i in g), pts, weight))
    return tuple(out), truncated


# =========================================================================== meeting


def _priorities(refs: Sequence[str], priorities: Mapping[str, int]) -> dict[str, int]:
    out = {}
    for r in refs:
        p = priorities.get(r, DEFAULT_PRIORITY_WEIGHT)
        if isinstance(p, bool) or not isinstance(p, int | np.integer) or p <= 0:
            raise ValueError(f"priorities are positive integers: {r!r} has {p!r}")
        out[r] = int(p)
    return out


def rule_meeting(
    ranges: Mapping[str, Interval],
    weights: Mapping[str, WeightLike],
    priorities: Mapping[str, int],
    scale_len: int,
    rule: Rule = CONSENSUS,
) -> RuleMeeting:
    """Meeting points under ``rule`` (:class:`RuleMeeting`): the points ``x`` and
    coalitions ``C`` reaching the rule of least ``Σ_{i∈C} priority_i × steps_i(x)``.

    Parties missing from ``priorities`` get the default priority's weight (medium, 2).
    Under consensus ``C`` is everyone, so ``points``/``cost`` are those of
    :func:`negotiation.paths.meeting.meeting_points`. Under a vote the parties accepting
    ``x`` join for free and the rest is an exact 0/1 knapsack over cost (numpy, the
    heaviest weight per cost budget), each point bounded by a greedy coalition and its
    fractional relaxation and the budget by the best cost so far. Raises ValueError for
    non-positive weights or priorities, an empty scale or intervals off the scale.
    """
    refs = tuple(ranges)
    ivs = _intervals(ranges, scale_len)
    counted = _counted(refs, weights, rule)
    prio = _priorities(refs, priorities)
    _, w_int = _scaled(list(counted.values()))
    base = {
        "rule": rule,
        "scale_len": scale_len,
        "parties": refs,
        "ranges": ivs,
        "weights": counted,
        "priorities": prio,
    }
    if not refs:
        return RuleMeeting(points=(), cost=0, **base)  # type: ignore[arg-type]
    lo = np.array([a for a, _ in ivs], dtype=np.int64)
    hi = np.array([b for _, b in ivs], dtype=np.int64)
    xs = np.arange(scale_len, dtype=np.int64)
    steps = np.maximum(0, np.maximum(lo[:, None] - xs[None, :], xs[None, :] - hi[:, None]))
    p = np.array([prio[r] for r in refs], dtype=np.int64)
    cost_items = steps * p[:, None]  # party × point
    if rule.is_consensus:
        costs = cost_items.sum(axis=0)
        best = int(costs.min())
        points = tuple(int(x) for x in np.flatnonzero(costs == best))
        return RuleMeeting(
            points=points,
            cost=best,
            coalition={x: refs for x in points},
            outvoted={x: () for x in points},
            **base,  # type: ignore[arg-type]
        )
    total = sum(w_int)
    sup = _support(ivs, w_int, scale_len)
    needs = [_need(rule, sup[x], total) for x in range(scale_len)]
    wide = total >= _INT64_SAFE
    per_point: dict[int, int] = {}
    free = [x for x in range(scale_len) if needs[x] == 0]
    if free:
        per_point = dict.fromkeys(free, 0)
        best = 0
    else:
        bounds = []
        weight_arr = None if wide else np.array(w_int, dtype=np.int64)
        for x in range(scale_len):
            moving = steps[:, x] > 0
            if weight_arr is None:
                members = np.flatnonzero(moving).tolist()
                c = [int(cost_items[i, x]) for i in members]
                w = [w_int[i] for i in members]
                low, up = _bounds(c, w, needs[x])
            else:
                c_arr, w_arr = cost_items[moving, x], weight_arr[moving]
                low, up = _bounds_np(c_arr, w_arr, needs[x])
                c, w = c_arr.tolist(), w_arr.tolist()
            bounds.append((low, up, x, c, w))
        best = min(b[1] for b in bounds)
        for low, up, x, c, w in sorted(bounds):
            if low > best:
                break
            got = _least_cost(c, w, needs[x], min(up, best), wide)
            if got is None or got > best:
                continue
            if got < best:
                best = got
                per_point = {k: v for k, v in per_point.items() if v == best}
            per_point[x] = got
    points = tuple(sorted(x for x, v in per_point.items() if v == best))
    coalition: dict[int, tuple[str, ...]] = {}
    outvoted: dict[int, tuple[str, ...]] = {}
    for x in points:
        members = [int(i) for i in np.flatnonzero(steps[:, x] > 0)]
        c = [int(cost_items[i, x]) for i in members]
        w = [w_int[i] for i in members]
        taken = set(_heaviest(members, c, w, best, wide))
        inside = [i for i in range(len(refs)) if steps[i, x] == 0 or i in taken]
        coalition[x] = tuple(refs[i] for i in inside)
        outvoted[x] = tuple(refs[i] for i in range(len(refs)) if i not in set(inside))
    return RuleMeeting(
        points=points,
        cost=best,
        coalition=coalition,
        outvoted=outvoted,
        **base,  # type: ignore[arg-type]
    )


def _bounds(costs: Sequence[int], weights: Sequence[int], need: int) -> tuple[int, int]:
    """``(lower, upper)`` bounds on the least cost of items reaching weight ``need``:
    the fractional relaxation (items by cost per weight, exact integer arithmetic) and
    the greedy coalition taking whole items in that order."""
    order = _by_ratio(costs, weights)
    got = spent = 0
    lower: int | None = None
    for i in order:
        if lower is None and got + weights[i] >= need:
            # fractional part of item i: costs[i] * (need - got) / weights[i], rounded up
            lower = spent + -(-costs[i] * (need - got) // weights[i])
        got += weights[i]
        spent += costs[i]
        if got >= need:
            return (lower if lower is not None else spent), spent
    raise AssertionError("every holdout together reaches the rule")


def _bounds_np(costs: np.ndarray, weights: np.ndarray, need: int) -> tuple[int, int]:
    """:func:`_bounds` on int64 arrays (weights below 2**62): the same bounds, with
    the order by ratio taken from the float ratios and checked exactly (int64 cross
    products when they cannot overflow, else by :func:`_by_ratio`)."""
    order = np.argsort(costs / weights, kind="stable")
    c, w = costs[order], weights[order]
    if len(c) > 1:
        if int(c.max()) * int(w.max()) < _INT64_SAFE:
            if np.any(c[:-1] * w[1:] > c[1:] * w[:-1]):
                return _bounds(costs.tolist(), weights.tolist(), need)
        else:
            return _bounds(costs.tolist(), weights.tolist(), need)
    cum_w = np.cumsum(w)
    cum_c = np.cumsum(c)
    k = int(np.searchsorted(cum_w, need))  # first prefix reaching need
    got = int(cum_w[k - 1]) if k else 0
    spent = int(cum_c[k - 1]) if k else 0
    lower = spent + -(-int(c[k]) * (need - got) // int(w[k]))
    return lower, int(cum_c[k])


def _by_ratio(costs: Sequence[int], weights: Sequence[int]) -> list[int]:
    """Item indices by ``cost / weight`` ascending, exactly: sorted by the float ratio
    (correctly rounded, so monotone), then checked pairwise by cross-multiplication
    (adjacent pairs in order imply the whole order); exact fractions only on a tie of
    floats that hides an inversion."""
    order = sorted(range(len(costs)), key=lambda i: costs[i] / weights[i])
    for a, b in itertools.pairwise(order):
        if costs[a] * weights[b] > costs[b] * weights[a]:
            return sorted(range(len(costs)), key=lambda i: Fraction(costs[i], weights[i]))
    return order


def _by_weight_is_smaller(
    costs: Sequence[int], weights: Sequence[int], budget: int, wide: bool
) -> bool:
    """Whether the knapsack runs over weight (the holdouts' total scaled weight is the
    smaller dimension) rather than over cost (``budget``)."""
    return not wide and sum(weights) < budget and sum(costs) < _UNREACHED


def _least_cost(
    costs: Sequence[int],
    weights: Sequence[int],
    need: int,
    budget: int,
    wide: bool,
    by: str | None = None,
) -> int | None:
    """The least cost of items reaching weight ``need`` if it is at most ``budget``
    (None otherwise); a 0/1 knapsack over cost or over weight, whichever dimension is
    smaller (``by`` forces one: ``"cost"`` or ``"weight"``)."""
    by = by or ("weight" if _by_weight_is_smaller(costs, weights, budget, wide) else "cost")
    if by == "weight":
        dp = _min_cost_rows(costs, weights, sum(weights), last_only=True)[0]
        best = int(dp[need:].min()) if need < dp.size else _UNREACHED
        return best if best <= budget else None
    dp = np.zeros(budget + 1, dtype=object if wide else np.int64)
    for c, w in zip(costs, weights, strict=True):
        if c <= budget:
            dp[c:] = np.maximum(dp[c:], dp[: budget + 1 - c] + w)
    hit = np.flatnonzero(dp >= need)
    return int(hit[0]) if hit.size else None


def _heaviest(
    members: Sequence[int],
    costs: Sequence[int],
    weights: Sequence[int],
    budget: int,
    wide: bool,
    by: str | None = None,
) -> list[int]:
    """The heaviest subset of ``members`` within ``budget``, taking an earlier member
    whenever a heaviest subset still can (the same subset over either dimension)."""
    by = by or ("weight" if _by_weight_is_smaller(costs, weights, budget, wide) else "cost")
    out = []
    if by == "weight":
        rows = _min_cost_rows(costs, weights, sum(weights))
        left = int(np.flatnonzero(rows[0] <= budget).max())  # the heaviest weight
        for k, m in enumerate(members):
            c, w = costs[k], weights[k]
            if w <= left and rows[k + 1, left - w] + c == rows[k, left]:
                out.append(m)
                left -= w
        return out
    table = _table(costs, weights, budget, wide)
    left = budget
    for k, m in enumerate(members):
        c, w = costs[k], weights[k]
        if c <= left and table[k + 1, left - c] + w == table[k, left]:
            out.append(m)
            left -= c
    return out


_UNREACHED = 2**61


def _min_cost_rows(
    costs: Sequence[int], weights: Sequence[int], top: int, last_only: bool = False
) -> np.ndarray:
    """Suffix table over weight: row ``k`` = the least cost of items ``k..`` summing to
    exactly each weight ``0..top`` (``_UNREACHED`` when none does); with ``last_only``
    just row 0 (as a one-row table)."""
    n = len(costs)
    row = np.full(top + 1, _UNREACHED, dtype=np.int64)
    row[0] = 0
    table = None if last_only else np.empty((n + 1, top + 1), dtype=np.int64)
    if table is not None:
        table[n] = row
    for k in range(n - 1, -1, -1):
        c, w = costs[k], weights[k]
        new = row.copy()
        new[w:] = np.minimum(row[w:], row[: top + 1 - w] + c)
        row = new
        if table is not None:
            table[k] = row
    return row[None, :] if table is None else table


def _table(costs: Sequence[int], weights: Sequence[int], budget: int, wide: bool) -> np.ndarray:
    """Suffix knapsack table: row ``k`` = the heaviest weight of items ``k..`` within
    each cost budget ``0..budget`` (row ``len`` all 0)."""
    n = len(costs)
    dtype = object if wide else np.int64
    table = np.zeros((n + 1, budget + 1), dtype=dtype)
    for k in range(n - 1, -1, -1):
        row = table[k + 1].copy()
        c, w = costs[k], weights[k]
        if c <= budget:
            row[c:] = np.maximum(row[c:], table[k + 1, : budget + 1 - c] + w)
        table[k] = row
    return table
