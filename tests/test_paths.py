"""Paths to agreement (negotiation.paths): concessions, meeting points, red lines,
trades and weights, checked by hand and against brute force; plus the priority format."""

from __future__ import annotations

import copy
import itertools
from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from loader_helpers import SIDES, col_of, find, line_of, make_dossier
from paths_helpers import SCALE_LEN, build, make_position

from negotiation import paths
from negotiation.dossier import Side
from negotiation.loader import load_dossier
from negotiation.model import PRIORITY_WEIGHTS, Issue, Range, ScalePoint

PRIORITIES = (None, "low", "medium", "high", "core")


def w_of(priority: str | None) -> int:
    return PRIORITY_WEIGHTS[priority or "medium"]


# --------------------------------------------------------------------------- brute force


def brute_meeting(ranges, weights, n):
    """All argmins of Σ w·concession over every scale point, by enumeration, computing
    each concession as the distance to the nearest point of the range."""

    def steps(lo, hi, x):
        if lo <= hi:
            return min(abs(x - y) for y in range(lo, hi + 1))
        return max(x - hi, lo - x)  # split camp: the furthest member's move

    costs = [
        sum(w * steps(lo, hi, x) for (lo, hi), w in zip(ranges, weights, strict=True))
        for x in range(n)
    ]
    best = min(costs)
    return tuple(x for x in range(n) if costs[x] == best), best


@st.composite
def interval(draw, n=SCALE_LEN):
    a, b = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
    return (min(a, b), max(a, b))


# --------------------------------------------------------------------------- arithmetic


def test_concession_by_hand():
    assert paths.concession(2, 4, 3) == 0
    assert paths.concession(2, 4, 0) == 2
    assert paths.concession(2, 4, 5) == 1
    assert paths.concession(2, 2, 2) == 0


def test_meeting_points_by_hand():
    # Two parties, equal weight: every point between them ties.
    assert paths.meeting_points([(0, 0), (3, 4)], [2, 2], 6) == ((0, 1, 2, 3), 6)
    # The heavier party wins: weighted median at its end.
    assert paths.meeting_points([(0, 0), (3, 4)], [1, 4], 6) == ((3,), 3)
    # Overlap: the intersection, at no cost.
    assert paths.meeting_points([(1, 3), (2, 5)], None, 6) == ((2, 3), 0)
    assert paths.meeting_points([], None, 6) == ((), 0)
    with pytest.raises(ValueError):
        paths.meeting_points([(0, 1)], [0], 4)


@given(
    st.integers(2, 8).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(
                st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.integers(1, 4)),
                min_size=1,
                max_size=7,
            ),
        )
    )
)
@settings(max_examples=400)
def test_meeting_points_equal_brute_force(case):
    """Ranges may be reversed (a split camp's max lo > min hi)."""
    n, items = case
    ranges = [(a, b) for a, b, _ in items]
    weights = [w for _, _, w in items]
    assert paths.meeting_points(ranges, weights, n) == brute_meeting(ranges, weights, n)


# --------------------------------------------------------------------------- on a dossier

side_entry = st.tuples(interval(), st.sampled_from(PRIORITIES), st.booleans())


@given(st.lists(side_entry, min_size=1, max_size=7))
@settings(max_examples=150)
def test_concessions_table_matches_brute_force_for_up_to_seven_sides(entries):
    sides = {
        f"s{k}": {"i0": (lo, hi, "red-line" if red else "demand", pr)}
        for k, ((lo, hi), pr, red) in enumerate(entries)
    }
    d = build(sides)
    refs = list(sides)
    row = paths.concessions_table(d, refs).iloc[0]
    ranges = [e[0] for e in entries]
    weights = [w_of(e[1]) for e in entries]
    points, best = brute_meeting(ranges, weights, SCALE_LEN)
    assert row["meeting_indices"] == points
    assert row["meeting_points"] == tuple(f"p{x}" for x in points)
    assert row["weighted_total"] == best
    x = row["point_index"]
    assert x in points
    expected = {r: paths.concession(lo, hi, x) for r, (lo, hi) in zip(refs, ranges, strict=True)}
    assert row["steps"] == expected
    assert row["total_steps"] == sum(expected.values())
    assert row["weights"] == dict(zip(refs, weights, strict=True))
    assert row["n_defaulted"] == sum(1 for e in entries if e[1] is None)
    crossing = tuple(r for r, e in zip(refs, entries, strict=True) if e[2] and expected[r] > 0)
    assert row["red_lines_crossed"] == crossing
    assert row["red_line_members"] == {r: (r,) for r in crossing}
    # The representative point crosses no more red lines than any other tie.
    for p in points:
        others = sum(
            1
            for r, e, rg in zip(refs, entries, ranges, strict=True)
            if e[2] and paths.concession(*rg, p) > 0
        )
        assert len(crossing) <= others
    assert row["status"] == ("overlap" if best == 0 else "gap") or len(refs) == 1


@given(
    st.lists(st.tuples(interval(), st.sampled_from(PRIORITIES)), min_size=1, max_size=5), interval()
)
@settings(max_examples=150)
def test_camp_moves_as_far_as_its_furthest_member(members, other):
    sides = {f"m{k}": {"i0": (lo, hi, "demand", pr)} for k, ((lo, hi), pr) in enumerate(members)}
    sides["other"] = {"i0": (*other, "demand")}
    d = build(sides, camps={f"m{k}": "bloc" for k in range(len(members))})
    ip = paths.issue_paths(d, "i0", ["camp:bloc", "other"])
    camp = ip.parties.set_index("party").loc["camp:bloc"]
    x = ip.point
    assert camp["steps"] == max(paths.concession(lo, hi, x) for (lo, hi), _ in members)
    assert camp["weight"] == max(w_of(pr) for _, pr in members)
    explicit_top = any(pr is not None and w_of(pr) == camp["weight"] for _, pr in members)
    assert camp["defaulted"] == (not explicit_top)
    member_steps = dict(zip(ip.members["side"], ip.members["steps"], strict=True))
    for k, ((lo, hi), _) in enumerate(members):
        assert member_steps[f"m{k}"] == paths.concession(lo, hi, x)
    split = len(members) >= 2 and max(lo for (lo, _), _ in members) > min(
        hi for (_, hi), _ in members
    )
    assert camp["split"] == split


@given(
    st.lists(interval(), min_size=2, max_size=7),
    st.lists(st.sampled_from(PRIORITIES), min_size=7, max_size=7),
    st.lists(st.sampled_from(PRIORITIES), min_size=7, max_size=7),
)
@settings(max_examples=150)
def test_weights_change_which_points_win_never_the_arithmetic(ranges, pr1, pr2):
    def dossier(prs):
        return build({f"s{k}": {"i0": (*r, "demand", prs[k])} for k, r in enumerate(ranges)})

    refs = [f"s{k}" for k in range(len(ranges))]
    m1 = paths.meeting(dossier(pr1), "i0", refs)
    m2 = paths.meeting(dossier(pr2), "i0", refs)
    for x in range(SCALE_LEN):
        assert (
            m1.steps(x)
            == m2.steps(x)
            == {r: paths.concession(lo, hi, x) for r, (lo, hi) in zip(refs, ranges, strict=True)}
        )
    for m, prs in ((m1, pr1), (m2, pr2)):
        ws = [w_of(p) for p in prs[: len(ranges)]]
        assert (m.points, m.weighted_total) == brute_meeting(ranges, ws, SCALE_LEN)


def test_red_lines_crossed_by_hand():
    d = build(
        {
            "ru": {"i0": (4, 5, "red-line", "core"), "i1": (0, 0, "red-line")},
            "us": {"i0": (0, 1, "rejection", "low"), "i1": (3, 3, "offer")},
            "uk": {"i0": (0, 0, "red-line"), "i1": (3, 4, "red-line")},
        },
        issues=("i0", "i1"),
        camps={"us": "west", "uk": "west"},
    )
    t = paths.concessions_table(d, ["ru", "camp:west"]).set_index("issue")
    # i0: ru weighs 4 (core), the West 2 (uk defaulted beats us low): ru's end wins.
    assert t.loc["i0", "meeting_indices"] == (4,)
    assert t.loc["i0", "steps"] == {"ru": 0, "camp:west": 4}
    assert t.loc["i0", "weights"] == {"ru": 4, "camp:west": 2}
    assert t.loc["i0", "defaulted"] == ("camp:west",)
    assert t.loc["i0", "red_lines_crossed"] == ("camp:west",)
    assert t.loc["i0", "red_line_members"] == {"camp:west": ("uk",)}
    # i1: equal weights, every point 0..3 ties. Between the ends both sides would cross
    # a red line, at either end only one: the representative point is an end (the
    # first, as both ends ask 3 steps of one side).
    assert t.loc["i1", "meeting_indices"] == (0, 1, 2, 3)
    assert t.loc["i1", "weighted_total"] == 6
    ip = paths.issue_paths(d, "i1", ["ru", "camp:west"])
    assert ip.point == 0
    assert list(ip.points["red_lines_crossed"]) == [
        ("camp:west",),
        ("ru", "camp:west"),
        ("ru", "camp:west"),
        ("ru",),
    ]
    assert list(ip.points["representative"]) == [True, False, False, False]
    rows = ip.parties.set_index("party")
    assert (rows.loc["ru", "move_from"], rows.loc["ru", "move_to"]) == (0, 0)
    assert (rows.loc["camp:west", "move_from"], rows.loc["camp:west", "move_to"]) == (3, 0)
    assert rows.loc["camp:west", "red_line_members"] == ("uk",)
    assert not rows.loc["ru", "red_line"] and rows.loc["camp:west", "red_line"]
    # Even burden wins among equal totals without red lines.
    even = build({"a": {"i0": (0, 0)}, "b": {"i0": (4, 4)}})
    assert paths.issue_paths(even, "i0", ["a", "b"]).point == 2


def test_not_placed_parties_are_left_out_and_named():
    d = build({"a": {"i0": (1, 2)}, "b": {"i0": (None,)}, "c": {}})
    row = paths.concessions_table(d, ["a", "b", "c"]).iloc[0]
    assert row["placed"] == ("a",)
    assert row["not_placed"] == ("b", "c")
    assert row["status"] == "not placed"
    empty = paths.concessions_table(d, ["b", "c"]).iloc[0]
    assert empty["meeting_points"] == () and pd.isna(empty["point"])


# --------------------------------------------------------------------------- trades


def brute_trades(a, b, wa, wb):
    """Every trade by enumeration: (a_concedes, b_concedes, a_to, b_to, a_steps,
    b_steps, efficient)."""

    def pts(r):
        return set(range(r[0], r[1] + 1))

    gap = [i for i in a if i in b and not pts(a[i]) & pts(b[i])]
    out = set()
    for i, j in itertools.permutations(gap, 2):
        a_to = min(pts(b[j]), key=lambda y: min(abs(y - z) for z in pts(a[j])))
        b_to = min(pts(a[i]), key=lambda y: min(abs(y - z) for z in pts(b[i])))
        a_steps = min(abs(a_to - z) for z in pts(a[j]))
        b_steps = min(abs(b_to - z) for z in pts(b[i]))
        eff = wa[j] < wa[i] and wb[i] < wb[j]
        out.add((j, i, a_to, b_to, a_steps, b_steps, eff))
    return out


issue_pair = st.tuples(interval(), interval(), st.integers(1, 4), st.integers(1, 4))


@given(st.dictionaries(st.sampled_from([f"i{k}" for k in range(6)]), issue_pair, max_size=6))
@settings(max_examples=300)
def test_trade_options_equal_brute_force(spec):
    a = {i: v[0] for i, v in spec.items()}
    b = {i: v[1] for i, v in spec.items()}
    wa = {i: v[2] for i, v in spec.items()}
    wb = {i: v[3] for i, v in spec.items()}
    got = paths.trade_options(a, b, wa, wb)
    assert {
        (t.a_concedes, t.b_concedes, t.a_to, t.b_to, t.a_steps, t.b_steps, t.efficient) for t in got
    } == brute_trades(a, b, wa, wb)
    assert len(got) == len(brute_trades(a, b, wa, wb))
    keys = [(not t.efficient, t.given_up, max(t.a_given_up, t.b_given_up)) for t in got]
    assert keys == sorted(keys)
    for t in got:
        assert t.given_up == wa[t.a_concedes] * t.a_steps + wb[t.b_concedes] * t.b_steps


@given(
    st.integers(2, 7).flatmap(
        lambda n: st.tuples(
            st.lists(
                st.lists(
                    st.tuples(interval(), st.sampled_from(PRIORITIES)), min_size=3, max_size=3
                ),
                min_size=n,
                max_size=n,
            ),
            st.permutations(range(n)),
        )
    )
)
@settings(max_examples=100)
def test_trades_table_between_two_of_up_to_seven_sides(case):
    specs, order = case
    issues = ("i0", "i1", "i2")
    sides = {
        f"s{k}": {iid: (*rng, "demand", pr) for iid, (rng, pr) in zip(issues, spec, strict=True)}
        for k, spec in enumerate(specs)
    }
    d = build(sides, issues=issues)
    ka, kb = order[0], order[1]
    table = paths.trades_table(d, f"s{ka}", f"s{kb}")
    a = {i: specs[ka][n][0] for n, i in enumerate(issues)}
    b = {i: specs[kb][n][0] for n, i in enumerate(issues)}
    wa = {i: w_of(specs[ka][n][1]) for n, i in enumerate(issues)}
    wb = {i: w_of(specs[kb][n][1]) for n, i in enumerate(issues)}
    got = {
        (
            r.a_concedes,
            r.b_concedes,
            int(r.a_to[1:]),
            int(r.b_to[1:]),
            r.a_steps,
            r.b_steps,
            r.efficient,
        )
        for r in table.itertuples()
    }
    assert got == brute_trades(a, b, wa, wb)
    assert list(table["rank"]) == list(range(1, len(table) + 1))
    defaulted = {i: specs[ka][n][1] is None for n, i in enumerate(issues)}
    defaulted_b = {i: specs[kb][n][1] is None for n, i in enumerate(issues)}
    for r in table.itertuples():
        assert r.n_defaulted == (
            defaulted[r.a_concedes]
            + defaulted[r.b_concedes]
            + defaulted_b[r.b_concedes]
            + defaulted_b[r.a_concedes]
        )


def test_trades_by_hand_efficiency_and_red_lines():
    d = build(
        {
            # ru cares most about i0 (core) and little about i1 (low).
            "ru": {"i0": (4, 5, "demand", "core"), "i1": (4, 4, "red-line", "low")},
            # us cares little about i0, most about i1.
            "us": {"i0": (0, 1, "rejection", "low"), "i1": (0, 2, "offer", "core")},
        },
        issues=("i0", "i1"),
    )
    t = paths.trades_table(d, "ru", "us")
    assert len(t) == 2
    best = t.iloc[0]
    # us concedes on i0 (to ru's nearest end, p4), ru concedes on i1 (to p2).
    assert (best["a_concedes"], best["b_concedes"]) == ("i1", "i0")
    assert (best["a_to"], best["b_to"]) == ("p2", "p4")
    assert (best["a_steps"], best["b_steps"]) == (2, 3)
    assert (best["a_weight"], best["b_weight"]) == (1, 1)
    assert best["efficient"]
    assert best["given_up"] == 5
    assert best["red_lines_crossed"] == ("ru",)
    assert best["red_line_members"] == ("ru",)
    assert best["a_weight_position"] == "ru-i1" and best["a_gain_position"] == "ru-i0"
    worst = t.iloc[1]
    assert not worst["efficient"] and worst["given_up"] == 4 * 3 + 4 * 2
    quotes = paths.priority_evidence_frame(d, [best["a_weight_position"], None])
    assert list(quotes["quote"]) == ["ru-i1 matters most"]
    assert list(quotes["weight"]) == [1]
    limited = paths.trades_table(d, "ru", "us", limit=1)
    assert len(limited) == 1


def test_trades_skip_split_camps_and_overlaps():
    d = build(
        {
            "a": {"i0": (0, 0), "i1": (0, 0), "i2": (2, 3)},
            "b1": {"i0": (3, 3), "i1": (5, 5), "i2": (3, 3)},
            "b2": {"i0": (3, 4), "i1": (1, 1), "i2": (3, 5)},
        },
        issues=("i0", "i1", "i2"),
        camps={"b1": "bee", "b2": "bee"},
    )
    # i1: the camp is split; i2: they overlap. Only i0 has a gap: no pair of issues.
    assert paths.trades_table(d, "a", "camp:bee").empty
    assert list(paths.trades_table(d, "a", "camp:bee").columns) == list(paths.TRADE_COLUMNS)


# --------------------------------------------------------------------------- weights


def test_weights_table_counts_defaults():
    d = build(
        {"a": {"i0": (0, 0, "demand", "high"), "i1": (0, 0)}, "b": {"i0": (1, 1)}},
        issues=("i0", "i1"),
    )
    w = paths.weights_table(d, ["a", "b"])
    assert len(w) == 4
    assert int(w["defaulted"].sum()) == 3
    row = w.set_index(["issue", "party"]).loc[("i0", "a")]
    assert (row["weight"], row["priority"], row["position"], row["n_evidence"]) == (
        3,
        "high",
        "a-i0",
        1,
    )
    assert paths.party_weight(d, "b", "i1").weight == paths.DEFAULT_WEIGHT


def test_blocker_sets_lists_every_minimal_set():
    d = build({"a": {"i0": (0, 1)}, "b": {"i0": (2, 3)}, "c": {"i0": (0, 3)}})
    assert paths.overlap_blocker_sets(d, ["a", "b", "c"]) == {"i0": (("a",), ("b",))}


# --------------------------------------------------------------------------- the format


def test_priority_without_evidence_is_located(tmp_path):
    sides = copy.deepcopy(SIDES)
    sides["russia"]["positions"][0]["priority"] = "core"
    folder = make_dossier(tmp_path, sides=sides)
    dossier, problems = load_dossier(folder)
    p = find(problems, "without 'priority_evidence'")
    text = (folder / "sides" / "russia.yaml").read_text(encoding="utf-8")
    assert p.file.endswith("sides/russia.yaml")
    assert p.line == line_of(text, "priority: core")
    assert p.column == col_of(text, "core")
    assert p.severity == "error"
    # The position is left out; the rest of the dossier still loads.
    assert dossier is not None and "ru-nato" not in dossier.position_by_id
    assert "ru-missiles" in dossier.position_by_id


def test_priority_with_evidence_loads_and_bad_values_are_reported(tmp_path):
    sides = copy.deepcopy(SIDES)
    first = sides["russia"]["positions"][0]
    first["priority"] = "core"
    first["priority_evidence"] = [{"source": "tass", "quote": "the main thing"}]
    sides["russia"]["positions"][1]["priority_evidence"] = [{"source": "tass", "quote": "x"}]
    sides["united-states"]["positions"][0]["priority"] = "hgh"
    folder = make_dossier(tmp_path, sides=sides)
    dossier, problems = load_dossier(folder)
    assert dossier is not None
    pos = dossier.position_by_id["ru-nato"]
    assert pos.priority == "core" and pos.weight == 4
    assert pos.priority_evidence[0].quote == "the main thing"
    orphan = find(problems, "'priority_evidence' but no 'priority'")
    text = (folder / "sides" / "russia.yaml").read_text(encoding="utf-8")
    assert orphan.line == line_of(text, "priority_evidence:", 2) + 1
    bad = find(problems, "'hgh' is not an allowed value for 'priority'")
    assert "did you mean 'high'" in bad.message


def test_the_worked_example_of_docs_format():
    """docs/format.md, "Paths to agreement": North and South share a lake."""
    water = ("no-share", "token-share", "fixed-share", "equal-share", "majority-share")
    fishing = ("open", "licences", "quotas", "closed-season")

    def position(pid, iid, ids, lo, hi, priority):
        p = make_position(pid, iid, None, "demand", priority)
        return p.model_copy(update={"accepts": Range(**{"from": ids[lo], "to": ids[hi]})})

    def issue(iid, ids):
        return Issue(id=iid, title=iid, scale=[ScalePoint(id=i, label=i) for i in ids])

    def side(sid, *positions):
        return Side(sid, sid.capitalize(), None, None, None, positions)

    d = replace(
        build({}, issues=()),
        issues=(issue("water", water), issue("fishing", fishing)),
        sides=(
            side(
                "north",
                position("n-water", "water", water, 3, 4, "core"),
                position("n-fish", "fishing", fishing, 0, 0, "low"),
            ),
            side(
                "south",
                position("s-water", "water", water, 0, 1, "low"),
                position("s-fish", "fishing", fishing, 2, 3, "high"),
            ),
        ),
    )
    t = paths.concessions_table(d, ["north", "south"]).set_index("issue")
    assert t.loc["water", "meeting_points"] == ("equal-share",)
    assert t.loc["water", "weighted_total"] == 2
    assert t.loc["water", "steps"] == {"north": 0, "south": 2}
    assert t.loc["fishing", "meeting_points"] == ("quotas",)
    assert t.loc["fishing", "steps"] == {"north": 2, "south": 0}
    costs = [paths.weighted_concession([(3, 4), (0, 1)], [4, 1], x) for x in range(5)]
    assert costs == [12, 8, 5, 2, 3]
    assert paths.meeting_points([(3, 4), (0, 1)], [2, 2], 5) == ((1, 2, 3), 4)
    trades = paths.trades_table(d, "north", "south")
    best, other = trades.iloc[0], trades.iloc[1]
    assert (best["b_concedes"], best["b_to"], best["a_concedes"], best["a_to"]) == (
        "water",
        "equal-share",
        "fishing",
        "quotas",
    )
    assert best["efficient"] and best["given_up"] == 4
    assert not other["efficient"] and other["given_up"] == 14
    h = "south:water:token-share..equal-share"
    after = paths.concessions_table(d, ["north", "south"], hypotheses=h).set_index("issue")
    assert after.loc["water", "meeting_points"] == ("equal-share",)
    assert after.loc["water", "weighted_total"] == 0
    assert paths.trades_table(d, "north", "south", hypotheses=h).empty


def test_unknown_source_in_priority_evidence_is_located(tmp_path):
    sides = copy.deepcopy(SIDES)
    first = sides["russia"]["positions"][0]
    first["priority"] = "high"
    first["priority_evidence"] = [{"source": "tas", "quote": "the main thing"}]
    folder = make_dossier(tmp_path, sides=sides)
    dossier, problems = load_dossier(folder)
    p = find(problems, "unknown source 'tas' in the priority_evidence of position 'ru-nato'")
    assert "did you mean 'tass'" in p.message
    text = (folder / "sides" / "russia.yaml").read_text(encoding="utf-8")
    assert p.line == line_of(text, "source: tas", 2)  # the first is the evidence's
    assert p.column == col_of(text, "tas", 2)
    assert dossier is not None and "ru-nato" not in dossier.position_by_id
