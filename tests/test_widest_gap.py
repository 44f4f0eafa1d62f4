"""The widest gap weighted by priority (issue 26, item 10): the pure pick against a
brute force, and on in-memory dossiers where the plain widest gap is a minor issue."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from paths_helpers import build

from negotiation import analysis, paths
from negotiation.paths import WeightedGap

WEIGHTS = st.sampled_from([1, 2, 3, 4])
GAP = st.tuples(
    st.integers(1, 6),
    st.sampled_from([0.2, 0.25, 1 / 3, 0.5, 2 / 3, 1.0]),
    WEIGHTS,
    WEIGHTS,
)
GAPS = st.lists(GAP, max_size=8).map(
    lambda rows: [WeightedGap(f"i{n}", *row) for n, row in enumerate(rows)]
)


def _brute(gaps: list[WeightedGap]) -> WeightedGap | None:
    """The first gap no other beats on (steps × each weight taken, both ways), by
    enumerating every gap against every other."""
    best = None
    for g in gaps:
        score = g.steps * max(g.weight_a, g.weight_b)
        beaten = False
        for h in gaps:
            other = h.steps * max(h.weight_a, h.weight_b)
            key_g, key_h = (score, g.steps, g.gap_norm), (other, h.steps, h.gap_norm)
            if key_h > key_g or (key_h == key_g and gaps.index(h) < gaps.index(g)):
                beaten = True
        if not beaten:
            assert best is None  # exactly one unbeaten gap
            best = g
    return best


@settings(max_examples=300, deadline=None)
@given(GAPS)
def test_widest_weighted_is_the_brute_force_pick(gaps: list[WeightedGap]) -> None:
    assert paths.widest_weighted(gaps) == _brute(gaps)


@settings(max_examples=200, deadline=None)
@given(GAPS, WEIGHTS)
def test_equal_weights_pick_the_plain_widest_gap(gaps: list[WeightedGap], w: int) -> None:
    same = [WeightedGap(g.issue, g.steps, g.gap_norm, w, w) for g in gaps]
    plain = None  # the plain rule: most steps, then larger normalised gap, then first
    for g in same:
        if plain is None or (g.steps, g.gap_norm) > (plain.steps, plain.gap_norm):
            plain = g
    assert paths.widest_weighted(same) == plain


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 8), WEIGHTS, WEIGHTS)
def test_weighted_steps_use_the_higher_weight(steps: int, wa: int, wb: int) -> None:
    assert paths.weighted_gap_steps(steps, wa, wb) == max(steps * wa, steps * wb)
    assert paths.weighted_gap_steps(steps, wa, wb) == paths.weighted_gap_steps(steps, wb, wa)


def test_no_gap_no_pick() -> None:
    assert paths.widest_weighted([]) is None
    d = build({"a": {"i0": (0, 2)}, "b": {"i0": (1, 3)}})
    assert paths.weighted_widest_gap(d, "a", "b") is None


def test_the_core_issue_beats_a_wider_minor_one() -> None:
    # minor: 4 steps, nobody cares much (low, low); core: 3 steps, a's core issue
    d = build(
        {
            "a": {"minor": (0, 0, "demand", "low"), "core": (0, 0, "demand", "core")},
            "b": {"minor": (4, 4, "demand", "low"), "core": (3, 3)},
        },
        issues=("minor", "core"),
    )
    plain = analysis.headline_counts(d, "a", "b")["widest_gap"]
    assert plain["issue"] == "minor" and plain["steps"] == 4
    w = paths.weighted_widest_gap(d, "a", "b")
    assert w is not None
    assert (w["issue"], w["steps"], w["weight"], w["weighted_steps"]) == ("core", 3, 4, 12)
    assert w["weights"] == {"a": 4, "b": 2} and w["priorities"] == {"a": "core", "b": "medium"}
    assert w["defaulted"] == ("b",) and w["stated"] and w["n_defaulted"] == 1


def test_without_priorities_the_weighted_pick_is_the_plain_one() -> None:
    d = build({"a": {"i0": (0, 0), "i1": (0, 1)}, "b": {"i0": (2, 2), "i1": (4, 5)}}, ("i0", "i1"))
    w = paths.weighted_widest_gap(d, "a", "b")
    plain = analysis.headline_counts(d, "a", "b")["widest_gap"]
    assert w is not None and w["issue"] == plain["issue"] == "i1"
    assert not w["stated"] and w["n_defaulted"] == 4 and w["weighted_steps"] == 3 * 2


def test_a_camp_weighs_what_its_most_concerned_member_weighs() -> None:
    d = build(
        {
            "a": {"i0": (0, 0, "demand", "low"), "i1": (0, 0, "demand", "high")},
            "b": {"i0": (5, 5), "i1": (2, 2)},
            "c": {"i0": (5, 5, "demand", "low"), "i1": (2, 3, "demand", "core")},
        },
        issues=("i0", "i1"),
        camps={"b": "east", "c": "east"},
    )
    w = paths.weighted_widest_gap(d, "a", "camp:east")
    assert w is not None
    # i0: 5 × max(1, 2) = 10; i1: 2 × max(3, 4) = 8
    assert (w["issue"], w["weighted_steps"]) == ("i0", 10)
    assert w["weights"] == {"a": 1, "camp:east": 2}
    only_i1 = paths.weighted_widest_gap(d, "a", "camp:east", issues=["i1"])
    assert only_i1 is not None and only_i1["weights"]["camp:east"] == 4
