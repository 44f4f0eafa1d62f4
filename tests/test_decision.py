"""Deciding by a rule (negotiation.analysis.decision): winning points, outvoted parties,
the lightest blocker groups, whether unplaced parties could change the answer, and
least-cost coalitions, checked by hand and against brute force (every subset, every
point)."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation import analysis as an
from negotiation.analysis import decision
from negotiation.analysis.decision import Decision, Holdouts, RuleMeeting, decide, rule_meeting
from negotiation.analysis.rule import CONSENSUS, Rule, as_fraction, parse_rule
from negotiation.paths.meeting import meeting_points

THRESHOLDS = (Fraction(1, 2), Fraction(2, 3), 0.667, 1, 0.75, 0.6)
WEIGHTS = st.one_of(
    st.integers(1, 30),
    st.sampled_from([1.5, 0.25, 0.5, 2.75, Fraction(1, 3), Fraction(7, 6), 0.1, 1 / 3]),
)

# --------------------------------------------------------------------------- strategies


@st.composite
def rules(draw) -> Rule:
    kind = draw(st.sampled_from(["consensus", "majority", "qualified"]))
    counted = draw(st.sampled_from(["weight", "sides"]))
    threshold = as_fraction(draw(st.sampled_from(THRESHOLDS))) if kind == "qualified" else None
    return Rule(kind, threshold, counted)  # type: ignore[arg-type]


@st.composite
def cases(draw, max_parties: int = 8, min_parties: int = 0, vote: bool = False):
    n = draw(st.integers(2, 9))
    k = draw(st.integers(min_parties, max_parties))
    names = [f"p{i}" for i in range(k)]
    narrow = vote or draw(st.booleans())  # narrow ranges: more issues where none carries
    ranges = {}
    for name in names:
        a = draw(st.integers(0, n - 1))
        b = min(n - 1, a + draw(st.integers(0, 1))) if narrow else draw(st.integers(0, n - 1))
        ranges[name] = (min(a, b), max(a, b))
    weights = {name: draw(WEIGHTS) for name in names if draw(st.booleans()) or k < 3}
    absent = {f"u{i}": draw(WEIGHTS) for i in range(draw(st.integers(0, 2)))}
    rule = draw(rules().filter(lambda r: not r.is_consensus) if vote else rules())
    return ranges, weights, n, rule, absent


# --------------------------------------------------------------------------- brute force


def counted_weights(names, weights, rule):
    if rule.counted == "sides":
        return {p: Fraction(1) for p in names}
    return {p: as_fraction(weights.get(p, 1)) for p in names}


def accepts(iv, x):
    return iv[0] <= x <= iv[1]


def brute_decide(ranges, weights, n, rule, absent):
    names = list(ranges)
    w = counted_weights(names, weights, rule)
    total = sum(w.values(), Fraction(0))
    support = [sum((w[p] for p in names if accepts(ranges[p], x)), Fraction(0)) for x in range(n)]
    winning = tuple(x for x in range(n) if rule.reached(support[x], total))
    outvoted = {x: tuple(p for p in names if not accepts(ranges[p], x)) for x in winning}
    groups: dict[tuple[int, ...], list[int]] = {}
    best = None
    if not winning:
        for size in range(1, len(names) + 1):
            for combo in itertools.combinations(range(len(names)), size):
                gw = sum((w[names[i]] for i in combo), Fraction(0))
                for x in range(n):
                    if any(accepts(ranges[names[i]], x) for i in combo):
                        continue
                    if not rule.reached(support[x] + gw, total):
                        continue
                    if best is None or gw < best:
                        best, groups = gw, {}
                    if gw == best:
                        groups.setdefault(combo, []).append(x)
    blockers = tuple(
        Holdouts(tuple(names[i] for i in g), tuple(pts), best) for g, pts in sorted(groups.items())
    )
    # could_change: some placement of the unplaced parties (each accepts or not) changes
    # whether some point carries, counting their weight in the total
    uw = counted_weights(list(absent), absent, rule)
    grand = total + sum(uw.values(), Fraction(0))
    could = False
    for x in range(n):
        for size in range(len(absent) + 1):
            for combo in itertools.combinations(list(absent), size):
                extra = sum((uw[u] for u in combo), Fraction(0))
                if rule.reached(support[x] + extra, grand) != (x in winning):
                    could = True
    return winning, outvoted, blockers, could, support, total


def steps(iv, x):
    return max(0, iv[0] - x, x - iv[1])


def brute_meeting(ranges, weights, priorities, n, rule):
    """Per point, every coalition reaching the rule: the least cost over all."""
    names = list(ranges)
    w = counted_weights(names, weights, rule)
    total = sum(w.values(), Fraction(0))
    per_point = {}
    for x in range(n):
        best = None
        for size in range(len(names) + 1):
            for combo in itertools.combinations(names, size):
                if rule.is_consensus and size < len(names):
                    continue
                if not rule.reached(sum((w[p] for p in combo), Fraction(0)), total):
                    continue
                cost = sum(priorities.get(p, 2) * steps(ranges[p], x) for p in combo)
                best = cost if best is None else min(best, cost)
        if best is not None:
            per_point[x] = best
    if not per_point:
        return (), 0, per_point
    least = min(per_point.values())
    return tuple(x for x, c in per_point.items() if c == least), least, per_point


# --------------------------------------------------------------------------- properties


@given(cases())
@settings(max_examples=400)
def test_decide_against_brute_force(case):
    ranges, weights, n, rule, absent = case
    d = decide(ranges, weights, n, rule, absent, max_groups=10_000)
    winning, outvoted, blockers, could, support, total = brute_decide(
        ranges, weights, n, rule, absent
    )
    assert d.winning == winning
    assert d.outvoted == outvoted
    assert d.blocker_sets == blockers
    assert not d.truncated
    assert d.could_change == could
    assert d.support == tuple(support) and d.total == total
    assert d.parties == tuple(ranges) and d.not_placed == tuple(absent)
    for x in range(n):
        assert d.holds(x) == (x in winning)
        assert d.shares[x] == (support[x] / total if total else 0)
        assert (d.support[x] > d.bar if d.bar_strict else d.support[x] >= d.bar) == (
            total > 0 and x in winning
        ) or total == 0
    if rule.is_consensus:
        assert all(v == () for v in d.outvoted.values())
        common = an.intersect(ranges.values())
        assert d.winning == (tuple(range(common[0], common[1] + 1)) if common else ())


@given(cases(min_parties=4, vote=True))
@settings(max_examples=300)
def test_vote_blockers_against_brute_force(case):
    """Votes over narrow ranges, where often no point carries."""
    ranges, weights, n, rule, absent = case
    d = decide(ranges, weights, n, rule, absent, max_groups=10_000)
    winning, outvoted, blockers, could, _, _ = brute_decide(ranges, weights, n, rule, absent)
    assert (d.winning, d.outvoted, d.blocker_sets, d.could_change) == (
        winning,
        outvoted,
        blockers,
        could,
    )


@given(cases(min_parties=4, vote=True), st.integers(1, 4))
@settings(max_examples=200)
def test_blocker_listing_capped_in_order(case, cap):
    ranges, weights, n, rule, _ = case
    full = decide(ranges, weights, n, rule, max_groups=10_000)
    capped = decide(ranges, weights, n, rule, max_groups=cap)
    if rule.is_consensus:  # at most one group per point, never capped
        assert capped.blocker_sets == full.blocker_sets
        return
    assert capped.blocker_sets == full.blocker_sets[:cap]
    assert capped.truncated == (len(full.blocker_sets) > cap)


@given(cases(max_parties=8))
@settings(max_examples=200)
def test_unit_weight_consensus_is_all_minimal_blocker_sets(case):
    ranges, _, n, _, _ = case
    d = decide(ranges, {}, n)
    assert tuple(h.parties for h in d.blocker_sets) == an.all_minimal_blocker_sets(ranges)


@given(st.one_of(cases(max_parties=7), cases(min_parties=4, max_parties=7, vote=True)), st.data())
@settings(max_examples=300)
def test_rule_meeting_against_brute_force(case, data):
    ranges, weights, n, rule, _ = case
    names = list(ranges)
    priorities = {p: data.draw(st.integers(1, 4)) for p in names if data.draw(st.booleans())}
    m = rule_meeting(ranges, weights, priorities, n, rule)
    points, cost, _ = brute_meeting(ranges, weights, priorities, n, rule)
    assert (m.points, m.cost) == (points, cost)
    w = counted_weights(names, weights, rule)
    total = sum(w.values(), Fraction(0))
    for x in m.points:
        coalition = m.coalition[x]
        assert rule.reached(sum((w[p] for p in coalition), Fraction(0)), total)
        assert {p for p in names if accepts(ranges[p], x)} <= set(coalition)
        assert sum(m.priorities[p] * steps(ranges[p], x) for p in coalition) == cost
        assert m.steps(x) == {p: steps(ranges[p], x) for p in coalition}
        assert set(m.outvoted[x]) == set(names) - set(coalition)
        assert list(coalition) == [p for p in names if p in coalition]
        # the heaviest of the least-cost coalitions
        heaviest = max(
            sum((w[p] for p in combo), Fraction(0))
            for size in range(len(names) + 1)
            for combo in itertools.combinations(names, size)
            if rule.reached(sum((w[p] for p in combo), Fraction(0)), total)
            and sum(m.priorities[p] * steps(ranges[p], x) for p in combo) == cost
            and (not rule.is_consensus or size == len(names))
        )
        assert sum((w[p] for p in coalition), Fraction(0)) == heaviest


@given(cases(max_parties=8), st.data())
@settings(max_examples=200)
def test_consensus_rule_meeting_is_meeting_points(case, data):
    ranges, weights, n, _, _ = case
    priorities = {p: data.draw(st.integers(1, 4)) for p in ranges}
    m = rule_meeting(ranges, weights, priorities, n)
    assert (m.points, m.cost) == meeting_points(
        list(ranges.values()), [priorities[p] for p in ranges], n
    )
    assert all(m.coalition[x] == tuple(ranges) and m.outvoted[x] == () for x in m.points)


@given(
    st.lists(st.tuples(st.integers(1, 12), st.integers(1, 40)), min_size=1, max_size=8),
    st.data(),
)
def test_knapsack_over_cost_and_over_weight_agree(items, data):
    """The coalition knapsack gives the same least cost and the same heaviest subset
    over either dimension, and both match enumeration."""
    costs, weights = [c for c, _ in items], [w for _, w in items]
    need = data.draw(st.integers(1, sum(weights)))
    budget = data.draw(st.integers(0, sum(costs)))
    subsets = [
        combo
        for size in range(len(items) + 1)
        for combo in itertools.combinations(range(len(items)), size)
    ]
    reaching = [sum(costs[i] for i in s) for s in subsets if sum(weights[i] for i in s) >= need]
    least = min(reaching)
    expected = least if least <= budget else None
    for by in ("cost", "weight"):
        assert decision._least_cost(costs, weights, need, budget, False, by) == expected
    # as rule_meeting calls it: within the least cost, which every heaviest subset
    # then costs exactly
    members = list(range(len(items)))
    heaviest = max(sum(weights[i] for i in s) for s in subsets if sum(costs[i] for i in s) <= least)
    got = {
        by: decision._heaviest(members, costs, weights, least, False, by)
        for by in ("cost", "weight")
    }
    assert got["cost"] == got["weight"]
    assert sum(weights[i] for i in got["cost"]) == heaviest >= need
    assert sum(costs[i] for i in got["cost"]) == least


# --------------------------------------------------------------------------- by hand

# "no provision" (0), "voluntary targets" (1), "global cap" (2)
OIL = ("saudi-arabia", "russia", "iran", "kuwait")


def plastics_talks():
    ranges = {p: (0, 0) for p in OIL}
    weights = {p: 1 for p in OIL}
    ranges["eu"], weights["eu"] = (1, 2), 27
    for i in range(80):
        ranges[f"country-{i}"], weights[f"country-{i}"] = (2, 2), 1
    return ranges, weights


def test_oil_producers_block_a_consensus():
    ranges, weights = plastics_talks()
    d = decide(ranges, weights, 3, CONSENSUS, {"observer": 1})
    assert d.winning == () and d.outvoted == {}
    assert d.blocker_sets == (Holdouts(OIL, (2,), Fraction(4)),)
    assert d.total == 111 and d.support == (4, 27, 107)
    assert not d.could_change  # nothing carries: one more party cannot make it carry


def test_oil_producers_outvoted_by_a_qualified_majority():
    ranges, weights = plastics_talks()
    d = decide(ranges, weights, 3, parse_rule("qualified:0.667"), {"observer": 1})
    assert d.winning == (2,) and d.outvoted == {2: OIL}
    assert d.blocker_sets == ()
    assert d.bar == Fraction(667, 1000) * 111 and not d.bar_strict
    assert not d.could_change  # 107 of 112 still carries
    m = rule_meeting(ranges, weights, {}, 3, parse_rule("qualified:0.667"))
    assert m.points == (2,) and m.cost == 0 and m.outvoted[2] == OIL
    assert m.steps(2) == dict.fromkeys(m.coalition[2], 0)
    # one side, one vote: 85 sides, 81 accept the cap
    sides = decide(ranges, weights, 3, parse_rule("qualified:0.667:sides"))
    assert sides.winning == (2,) and sides.total == 85


def test_consensus_paths_make_everyone_move():
    ranges, weights = plastics_talks()
    m = rule_meeting(ranges, weights, {p: 4 for p in OIL}, 3, CONSENSUS)
    assert m.coalition[m.point] == tuple(ranges) and m.outvoted[m.point] == ()
    assert m.points == (2,) and m.cost == 4 * 4 * 2


def test_majority_blockers_by_hand():
    # nobody above half: the lightest groups that would carry a point
    ranges = {"a": (0, 0), "b": (1, 1), "c": (2, 2), "d": (3, 3)}
    weights = {"a": 4, "b": 3, "c": 2, "d": 2}
    d = decide(ranges, weights, 4, parse_rule("majority"))
    assert d.winning == ()
    # total 11: 6 needed; a + c or a + d (weight 2) carry 0, b + a (4) ... lightest is 2
    assert d.blocker_sets == (
        Holdouts(("c",), (0,), Fraction(2)),
        Holdouts(("d",), (0,), Fraction(2)),
    )
    assert [h.parties for h in d.blocker_sets] == [("c",), ("d",)]


def test_blocker_groups_truncated():
    ranges = {f"p{i}": (i % 2, i % 2) for i in range(30)}
    # 15 on each point of two, majority needs 16: any one of the other 15 joins
    d = decide(ranges, {}, 2, parse_rule("majority"), max_groups=5)
    assert d.truncated and len(d.blocker_sets) == 5
    assert [h.parties for h in d.blocker_sets] == [("p0",), ("p1",), ("p2",), ("p3",), ("p4",)]
    assert d.blocker_sets[0].points == (1,) and d.blocker_sets[1].points == (0,)


def test_could_change():
    ranges = {"a": (0, 1), "b": (1, 2)}
    # consensus, something carries: an unplaced party could reject it
    assert decide(ranges, {}, 3, CONSENSUS, {"c": 1}).could_change
    assert not decide(ranges, {}, 3, CONSENSUS).could_change
    # majority: 2 of 7 would not carry point 1 if a weight-5 absentee rejected it
    maj = parse_rule("majority")
    assert decide(ranges, {}, 3, maj, {"c": 5}).could_change
    assert not decide({"a": (0, 0)}, {"a": 10}, 3, maj, {"c": 1}).could_change
    # nobody placed: placing them could make a point carry
    assert decide({}, {}, 3, CONSENSUS, {"c": 1}).could_change


def test_edges_and_errors():
    d = decide({}, {}, 3)
    assert d.winning == () and d.blocker_sets == () and d.total == 0 and d.shares == (0, 0, 0)
    assert isinstance(d, Decision)
    one = decide({"a": (1, 2)}, {"a": 3}, 4)
    assert one.winning == (1, 2) and one.blocker_sets == ()
    m = rule_meeting({}, {}, {}, 3, parse_rule("majority"))
    assert isinstance(m, RuleMeeting) and m.points == () and m.cost == 0 and m.point is None
    assert m.steps() == {}
    with pytest.raises(ValueError):
        decide({"a": (0, 1)}, {"a": 0}, 3)
    with pytest.raises(ValueError):
        decide({"a": (0, 1)}, {"a": -1.5}, 3, parse_rule("majority"))
    with pytest.raises(ValueError):
        decide({"a": (0, 1)}, {}, 0)
    with pytest.raises(ValueError):
        decide({"a": (0, 3)}, {}, 3)
    with pytest.raises(ValueError):
        decide({"a": (0, 1)}, {}, 3, not_placed={"a": 1})
    with pytest.raises(ValueError):
        decide({"a": (0, 1)}, {}, 3, not_placed={"b": 0})
    with pytest.raises(ValueError):
        rule_meeting({"a": (0, 1)}, {}, {"a": 0}, 3)
    with pytest.raises(ValueError):
        rule_meeting({"a": (0, 1)}, {"a": 0}, {}, 3, parse_rule("majority"))
    with pytest.raises(ValueError):
        rule_meeting({"a": (0, 1)}, {}, {}, 0)


def test_exact_weights():
    # 0.1 + 0.2 is not 0.3 in floats; here it is
    ranges = {"a": (0, 0), "b": (0, 0), "c": (1, 1)}
    d = decide(ranges, {"a": 0.1, "b": 0.2, "c": 0.3}, 2, parse_rule("qualified:0.5"))
    assert d.winning == (0, 1) and d.support == (Fraction(3, 10), Fraction(3, 10))
    # weights beyond 64-bit integers: the knapsack runs on Python integers
    spread = {"a": (0, 0), "b": (2, 2), "c": (1, 1)}
    huge = {"a": 10**30, "b": 10**30, "c": 1}
    m = rule_meeting(spread, huge, {}, 3, parse_rule("qualified:0.75"))
    assert m.points == (0, 1, 2) and m.cost == 4
    assert m.coalition == {0: ("a", "b"), 1: ("a", "b", "c"), 2: ("a", "b")}
    assert m.outvoted[0] == ("c",)
