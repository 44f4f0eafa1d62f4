"""Bounded positions (``rejects`` without ``accepts``) in every comparison, checked
against brute force: the pair gap lower bound, the blocker sets under consensus, the
support under a vote, never an overlap with a bounded party, and nothing changed on
dossiers without rejects."""

from __future__ import annotations

import copy
import itertools
from fractions import Fraction
from typing import Any

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from paths_helpers import build, make_issue, point_id

from negotiation import analysis as an
from negotiation import paths
from negotiation.analysis.decision import decide
from negotiation.analysis.rule import CONSENSUS, Rule, as_fraction
from negotiation.dossier import Dossier, Side
from negotiation.model import Range

# --------------------------------------------------------------------------- builders


def _ends(lo: int, hi: int) -> Any:
    return point_id(lo) if lo == hi else Range(**{"from": point_id(lo), "to": point_id(hi)})


def dossier(
    spec: dict[str, tuple[str, int, int] | None], n: int, camps: dict[str, str] | None = None
) -> Dossier:
    """One issue ``i0`` of ``n`` points; ``spec``: side -> ("a", lo, hi) accepts,
    ("r", lo, hi) rejects only (bounded), or None (no accepts, no rejects)."""
    base = build(
        {s: {"i0": (v[1], v[2]) if v and v[0] == "a" else (None,)} for s, v in spec.items()},
        {"i0": n},
        camps,
    )
    sides = []
    for side in base.sides:
        v = spec[side.id]
        positions = side.positions
        if v is not None and v[0] == "r":
            positions = tuple(
                p.model_copy(update={"rejects": _ends(v[1], v[2])}) for p in positions
            )
        sides.append(Side(side.id, side.name, side.short, side.camp, side.description, positions))
    return Dossier(
        id=base.id,
        path=base.path,
        meta=base.meta,
        issues=(make_issue("i0", n),),
        sides=tuple(sides),
        sources=base.sources,
    )


@st.composite
def rejects(draw, n: int) -> tuple[str, int, int]:
    """A ruled-out part touching an end of the scale (sometimes all of it)."""
    k = draw(st.integers(0, n - 1))
    return ("r", 0, k) if draw(st.booleans()) else ("r", k, n - 1)


@st.composite
def accepts(draw, n: int) -> tuple[str, int, int]:
    a, b = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
    return ("a", min(a, b), max(a, b))


def open_part(v: tuple[str, int, int], n: int) -> set[int]:
    return set(range(n)) - set(range(v[1], v[2] + 1))


def sub_intervals(points: set[int]) -> list[tuple[int, int]]:
    pts = sorted(points)
    return [(a, b) for i, a in enumerate(pts) for b in pts[i:]]


def gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


# --------------------------------------------------------------------------- (a) pairs


@given(st.integers(2, 7).flatmap(lambda n: st.tuples(st.just(n), accepts(n), rejects(n))))
@settings(max_examples=300, deadline=None)
def test_pair_gap_is_the_least_over_every_accepted_range_in_the_open_part(case):
    n, placed, bounded = case
    d = dossier({"a": placed, "b": bounded}, n)
    subs = sub_intervals(open_part(bounded, n))
    least = min((gap((placed[1], placed[2]), s) for s in subs), default=None)
    for x, y in (("a", "b"), ("b", "a")):
        row = an.gap_table(d, x, y).iloc[0]
        assert row["bounded"] == ("b",)
        if least is None or least == 0:  # nothing open, or it may still meet a's range
            assert row["status"] == "not placed" and not row["gap_at_least"]
        else:
            assert row["status"] == "gap" and row["gap_at_least"]
            assert row["gap"] == least


@given(st.integers(2, 6).flatmap(lambda n: st.tuples(st.just(n), rejects(n), rejects(n))))
@settings(max_examples=100, deadline=None)
def test_two_bounded_sides_are_not_placed(case):
    n, ra, rb = case
    row = an.gap_table(dossier({"a": ra, "b": rb}, n), "a", "b").iloc[0]
    assert row["status"] == "not placed" and row["bounded"] == ("a", "b")
    assert not row["gap_at_least"]


@given(
    st.integers(2, 6).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.one_of(accepts(n), rejects(n)), min_size=1, max_size=4),
        )
    )
)
@settings(max_examples=300, deadline=None)
def test_camp_range_is_cut_by_its_bounded_members(case):
    """A camp is the points every placed member accepts and no bounded member rules
    out; with no placed member it is bounded by what all its members leave open."""
    n, members = case
    spec = {f"s{i}": v for i, v in enumerate(members)}
    d = dossier(spec, n, camps=dict.fromkeys(spec, "bloc"))
    pr = an.party_range(d, "camp:bloc", "i0")
    placed = [v for v in members if v[0] == "a"]
    bounded = [v for v in members if v[0] == "r"]
    common = set(range(n))
    for v in placed:
        common &= set(range(v[1], v[2] + 1))
    left = set(common)
    for v in bounded:
        left -= set(range(v[1], v[2] + 1))
    assert pr.bounded == tuple(s for s, v in spec.items() if v[0] == "r")
    if not placed:
        assert pr.is_bounded and pr.interval is None
        want = left if left else None
        got = None if pr.open is None else set(range(pr.open[0], pr.open[1] + 1))
        assert got == want
    elif not common and len(placed) >= 2:
        assert pr.split and pr.interval is None
    elif left:
        assert pr.interval == (min(left), max(left)) and not pr.split
    else:
        assert pr.split and pr.interval is None
        # the blockers: a smallest set of members whose removal leaves a point every
        # other member accepts (a bounded one: leaves open)
        ok = {
            s: set(range(v[1], v[2] + 1)) if v[0] == "a" else open_part(v, n)
            for s, v in spec.items()
        }

        def reopens(group: tuple[str, ...]) -> bool:
            return any(all(x in ok[s] for s in spec if s not in group) for x in range(n))

        least = min(
            len(g)
            for k in range(len(spec) + 1)
            for g in itertools.combinations(spec, k)
            if reopens(g)
        )
        assert reopens(pr.blockers) and len(pr.blockers) == least


# --------------------------------------------------------------------------- (b) and (c)


@st.composite
def several(draw):
    n = draw(st.integers(2, 6))
    k = draw(st.integers(2, 6))
    members = [draw(st.one_of(accepts(n), rejects(n))) for _ in range(k)]
    if not any(v[0] == "r" for v in members):
        members[draw(st.integers(0, k - 1))] = draw(rejects(n))
    return n, {f"s{i}": v for i, v in enumerate(members)}


def brute_consensus_blockers(spec: dict[str, tuple[str, int, int]], n: int) -> set:
    """Each bounded party's accepts replaced by its open part (nothing, when it rules
    out the whole scale): every holdout set of a point with the fewest holdouts."""
    accepted = {
        s: set(range(v[1], v[2] + 1)) if v[0] == "a" else open_part(v, n) for s, v in spec.items()
    }
    holdouts = {x: tuple(s for s in spec if x not in accepted[s]) for x in range(n)}
    least = min(len(h) for h in holdouts.values())
    if least == 0:
        return set()
    return {h for h in holdouts.values() if len(h) == least}


@given(several())
@settings(max_examples=400, deadline=None)
def test_consensus_blocker_sets_count_bounded_parties_by_their_open_part(case):
    n, spec = case
    d = dossier(spec, n)
    row = an.overlap_table(d, list(spec)).iloc[0]
    assert set(row["blocker_sets"]) == brute_consensus_blockers(spec, n)
    assert row["bounded"] == tuple(s for s, v in spec.items() if v[0] == "r")
    # (c) a bounded party never creates an overlap
    assert row["status"] != "overlap"
    # the possible points: every placed party accepts them, no bounded one rules them out
    placed = [v for v in spec.values() if v[0] == "a"]
    possible = set(range(n)) if placed else set()
    for v in spec.values():
        possible &= set(range(v[1], v[2] + 1)) if v[0] == "a" else open_part(v, n)
    assert set(row["possible_points"]) == {point_id(x) for x in possible}
    assert row["ruled_out_by"] == {
        point_id(x): who
        for x in range(n)
        if (who := tuple(s for s, v in spec.items() if v[0] == "r" and v[1] <= x <= v[2]))
    }
    if placed:
        assert row["status"] == ("not placed" if possible else "gap")
    # a bounded party ruling out every point all placed parties accept holds the deal up
    common = set(range(n))
    for v in placed:
        common &= set(range(v[1], v[2] + 1))
    lone = [s for s, v in spec.items() if v[0] == "r"]
    if placed and common and len(lone) == 1 and not common & open_part(spec[lone[0]], n):
        assert (lone[0],) in row["blocker_sets"]
    # paths: no meeting point of its own; a meeting point it rules out is flagged
    c = paths.concessions_table(d, list(spec)).iloc[0]
    assert not set(c["placed"]) & set(lone)
    assert c["status"] != "overlap"
    for pid, who in c["ruled_out_by"].items():
        assert who == row["ruled_out_by"][pid]
    for pid in c["meeting_points"]:
        assert (pid in c["ruled_out_by"]) == (pid in row["ruled_out_by"])


# --------------------------------------------------------------------------- votes


@st.composite
def vote_cases(draw):
    n = draw(st.integers(2, 6))
    k = draw(st.integers(0, 4))
    ranges = {}
    for i in range(k):
        a, b = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        ranges[f"p{i}"] = (min(a, b), max(a, b))
    bounded = {}
    for i in range(draw(st.integers(1, 3))):
        r = draw(rejects(n))
        pts = open_part(r, n)
        bounded[f"b{i}"] = (min(pts), max(pts)) if pts else None
    unplaced = {f"u{i}": 1 for i in range(draw(st.integers(0, 1)))}
    names = [*ranges, *bounded, *unplaced]
    weights = {p: draw(st.integers(1, 5)) for p in names}
    kind = draw(st.sampled_from(["consensus", "majority", "qualified"]))
    threshold = (
        as_fraction(draw(st.sampled_from([0.5, 0.667, 0.75, 1]))) if kind == "qualified" else None
    )
    return n, ranges, bounded, unplaced, weights, Rule(kind, threshold, "weight")  # type: ignore[arg-type]


@given(vote_cases())
@settings(max_examples=400, deadline=None)
def test_vote_never_counts_a_bounded_party_for_a_point_it_rules_out(case):
    """Per point: a bounded party ruling it out is a known holdout (in the total, never
    support); leaving it open, it is not placed. Winning points, lightest holdout groups
    and could_change against brute force over every subset."""
    n, ranges, bounded, unplaced, weights, rule = case
    w = {p: Fraction(v) for p, v in weights.items()}
    absent = {p: weights[p] for p in [*bounded, *unplaced]}
    got = decide(ranges, weights, n, rule, absent, bounded=bounded)

    def rules_out(b: str, x: int) -> bool:
        op = bounded[b]
        return op is None or not op[0] <= x <= op[1]

    sup = [
        sum((w[p] for p, (lo, hi) in ranges.items() if lo <= x <= hi), Fraction(0))
        for x in range(n)
    ]
    out = [[b for b in bounded if rules_out(b, x)] for x in range(n)]
    totals = [
        sum((w[p] for p in ranges), Fraction(0)) + sum((w[b] for b in out[x]), Fraction(0))
        for x in range(n)
    ]
    winning = tuple(x for x in range(n) if rule.reached(sup[x], totals[x]))
    assert got.winning == winning
    assert got.support == tuple(sup)
    assert got.ruled_out == {x: tuple(out[x]) for x in range(n) if out[x]}
    for x in winning:
        assert set(got.outvoted[x]) == {
            p for p, (lo, hi) in ranges.items() if not lo <= x <= hi
        } | set(out[x])
    best, groups = None, set()
    if not winning and all(t > 0 for t in totals):
        for x in range(n):
            hold = [p for p, (lo, hi) in ranges.items() if not lo <= x <= hi] + out[x]
            for size in range(1, len(hold) + 1):
                for combo in itertools.combinations(hold, size):
                    gw = sum((w[p] for p in combo), Fraction(0))
                    if totals[x] > 0 and rule.reached(sup[x] + gw, totals[x]):
                        if best is None or gw < best:
                            best, groups = gw, set()
                        if gw == best:
                            groups.add(frozenset(combo))
    assert {frozenset(h.parties) for h in got.blocker_sets} == groups or got.truncated
    # could_change: the parties not yet placed at x (unplaced, bounded leaving x open)
    grand = sum((w[p] for p in [*ranges, *bounded, *unplaced]), Fraction(0))
    could = False
    for x in range(n):
        free = [p for p in [*unplaced, *bounded] if p not in out[x]]
        for size in range(len(free) + 1):
            for combo in itertools.combinations(free, size):
                extra = sum((w[p] for p in combo), Fraction(0))
                if rule.reached(sup[x] + extra, grand) != (x in winning):
                    could = True
    if unplaced or bounded:
        assert got.could_change == could


def test_bounded_blocks_a_consensus_by_hand():
    """a accepts 1–3, b 2–4; c rules out 0–2 leaves 3 possible; ruling out 0–3 it holds
    the deal up, and its gap against a is at least 1 step (from 3 to 4)."""
    d = dossier({"a": ("a", 1, 3), "b": ("a", 2, 4), "c": ("r", 0, 2)}, 6)
    row = an.overlap_table(d, ["a", "b", "c"]).iloc[0]
    assert row["status"] == "not placed" and row["possible_points"] == ("p3",)
    assert row["deal"] == "carries" and row["could_change"]
    d2 = dossier({"a": ("a", 1, 3), "b": ("a", 2, 4), "c": ("r", 0, 3)}, 6)
    row = an.overlap_table(d2, ["a", "b", "c"]).iloc[0]
    assert row["status"] == "gap" and row["possible_points"] == ()
    assert row["ruled_out_by"]["p2"] == ("c",)
    assert set(row["blocker_sets"]) == {("a",), ("c",)}
    g = an.gap_table(d2, "a", "c").iloc[0]
    assert (g["status"], g["gap"], g["gap_at_least"]) == ("gap", 1, True)


# --------------------------------------------------------------------------- (d)


@st.composite
def plain(draw):
    n = draw(st.integers(2, 6))
    k = draw(st.integers(2, 5))
    spec = {f"s{i}": draw(st.one_of(accepts(n), st.none())) for i in range(k)}
    camps = {s: "bloc" for s in spec if draw(st.booleans())}
    return n, spec, camps


@given(plain())
@settings(max_examples=200, deadline=None)
def test_without_rejects_every_old_value_is_kept(case):
    """Dossiers without rejects: the gap table is plain :func:`compare` of the ranges,
    the overlap status and decision are those of the old rules, nothing is bounded."""
    n, spec, camps = case
    d = dossier(spec, n, camps=camps or None)
    parties = [*spec, *(["camp:bloc"] if camps else [])]
    for a, b in itertools.combinations(parties, 2):
        row = an.gap_table(d, a, b).iloc[0]
        ra, rb = an.party_range(d, a, "i0"), an.party_range(d, b, "i0")
        cmp = an.compare(ra.interval, rb.interval)
        want = "split" if ra.split or rb.split else cmp.status
        assert row["status"] == want and not row["gap_at_least"] and row["bounded"] == ()
        assert (None if pd.isna(row["gap"]) else int(row["gap"])) == cmp.gap
    parties = list(spec)
    row = an.overlap_table(d, parties).iloc[0]
    prs = [an.party_range(d, p, "i0") for p in parties]
    ranges = {r.party: r.interval for r in prs if r.interval is not None}
    ov = an.intersect(ranges.values())
    if not ranges or len(ranges) == 1:
        want = "not placed"
    else:
        want = "overlap" if ov is not None else "gap"
    assert row["status"] == want
    assert row["bounded"] == () and row["ruled_out_by"] == {} and row["possible_points"] == ()
    old = decide(
        {r: ranges[r] for r in parties if r in ranges},
        {},
        n,
        CONSENSUS,
        {r: 1 for r in parties if r not in ranges},
    )
    assert tuple(h.parties for h in old.blocker_sets) == row["blocker_sets"]
    assert (tuple(old.winning) if len(ranges) >= 2 else ()) == row["winning_indices"]
    assert bool(old.could_change) == row["could_change"]


# --------------------------------------------------------------------------- words


def _yaml_dossier(tmp_path):
    """The loader's test dossier with the United States only ruling out Moratorium –
    Binding ban (bounded) and Russia accepting Binding ban."""
    from loader_helpers import SIDES, make_dossier, position

    from negotiation.loader import load_positions

    sides = copy.deepcopy(SIDES)
    us = position(
        "us-nato", stance="rejection", rejects={"from": "moratorium", "to": "binding-ban"}
    )
    del us["accepts"], us["ideal"]
    sides["united-states"]["positions"] = [us]
    root = make_dossier(tmp_path, sides=sides)
    result = load_positions([root])
    errors = [p for p in result.problems if p.severity == "error"]
    assert not errors, errors
    (d,) = result.dossiers.values() if isinstance(result.dossiers, dict) else result.dossiers
    return d


def test_words_say_at_least_and_ruled_out(tmp_path):
    from negotiation.brief import build_brief, to_markdown

    d = _yaml_dossier(tmp_path)
    row = an.gap_table(d, "russia", "united-states").set_index("issue").loc["nato-enlargement"]
    assert (row["status"], row["gap"], row["gap_at_least"]) == ("gap", 2, True)
    assert row["bounded"] == ("united-states",)
    h = an.headline_counts(d, "russia", "united-states")
    assert h["widest_gap"]["at_least"] is True and h["widest_gap"]["steps"] == 2
    text = to_markdown(
        build_brief(d, a="russia", b="united-states", parties=["russia", "united-states"])
    )
    assert "gap of at least 2 steps" in text
    assert "United States has ruled out Moratorium – Binding ban (bounded, not placed)" in text
    ov = an.overlap_table(d, ["russia", "united-states"]).set_index("issue").loc["nato-enlargement"]
    assert ov["status"] == "gap" and ov["bounded"] == ("united-states",)
    assert ov["ruled_out_by"] == {
        "moratorium": ("united-states",),
        "binding-ban": ("united-states",),
    }
    sentence = an.decision_sentence(
        ov,
        {"russia": "Russia", "united-states": "United States"},
        d.issue_by_id["nato-enlargement"].scale,
    )
    assert "United States has ruled out Moratorium – Binding ban (bounded, not placed)" in sentence


def test_revdiff_words_at_least():
    from negotiation.revdiff.build import gap_words

    assert gap_words({"status": "gap", "gap": 2, "at_least": True}) == "gap of at least 2 steps"
    assert gap_words({"status": "gap", "gap": 1}) == "gap of 1 step"
    assert an.steps_text(1) == "1 step" and an.steps_text(3, True) == "at least 3 steps"


def test_ruled_out_text_runs():
    from paths_helpers import make_issue as mk

    scale = mk("i", 6).scale
    assert an.ruled_out_text("X", [0, 1, 4, 5], scale) == (
        "X has ruled out Point 0 – Point 1 and Point 4 – Point 5 (bounded, not placed)"
    )
    assert (
        an.ruled_out_text("X", range(6), scale)
        == "X has ruled out every point (bounded, not placed)"
    )


# --------------------------------------------------------------------------- pages


def test_pages_say_at_least_and_ruled_out(tmp_path, monkeypatch):
    """Overview, Gaps & overlaps and Paths on a dossier with a bounded side."""
    from app_helpers import APP
    from streamlit.testing.v1 import AppTest

    _yaml_dossier(tmp_path)
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(tmp_path))
    query = {"a": "russia", "b": "united-states", "parties": ["russia", "united-states"]}

    def page(path: str | None) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        for k, v in query.items():
            at.query_params[k] = v
        at.run()
        if path:
            at.switch_page(path).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    at = page(None)
    assert {m.label: m.value for m in at.metric}["Widest gap"] == "at least 2 steps"
    at = page("app_pages/gaps.py")
    words = "\n".join([c.value for c in at.caption] + [m.value for m in at.markdown])
    assert "Gap of at least 2 steps" in words
    assert "has ruled out Moratorium – Binding ban (bounded, not placed)" in words
    at = page("app_pages/paths.py")
    assert not at.exception


@given(
    st.integers(2, 5).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.one_of(accepts(n), rejects(n), st.none()), min_size=2, max_size=5),
            st.lists(st.booleans(), min_size=5, max_size=5),
        )
    )
)
@settings(max_examples=60, deadline=None)
def test_every_table_takes_bounded_sides_and_camps(case):
    """Camps with bounded members through every table that compares: no error, and
    never an overlap where a bounded party takes part."""
    n, members, in_camp = case
    spec = {f"s{i}": v for i, v in enumerate(members)}
    camps = {s: "bloc" for s, c in zip(spec, in_camp, strict=False) if c}
    d = dossier(spec, n, camps=camps or None)
    refs = [*spec, *(["camp:bloc"] if camps else [])]
    for a, b in itertools.combinations(refs, 2):
        row = an.gap_table(d, a, b).iloc[0]
        if row["bounded"]:
            assert row["status"] != "overlap"
        paths.trades_table(d, a, b)
    sides = list(spec)
    paths.concessions_table(d, refs)
    paths.concessions_table(d, refs, by_rule=True)
    paths.issue_paths(d, "i0", refs)
    an.camp_table(d)
    row = an.overlap_table(d, sides).iloc[0]
    if row["bounded"]:
        assert row["status"] != "overlap"


def test_a_bounded_reading_gives_an_at_least_gap_per_reading(tmp_path):
    """A contested side whose one reading only rules a part out: that reading's gap is
    a lower bound, and the span says so."""
    from loader_helpers import SIDES, make_dossier, position

    from negotiation.loader import load_positions

    sides = copy.deepcopy(SIDES)
    us = position("us-nato", stance="rejection")
    del us["accepts"], us["ideal"]
    ev = [{"source": "tass", "quote": "a guarantee"}]
    us["readings"] = [
        {"label": "Hard", "rejects": {"from": "moratorium", "to": "binding-ban"}, "evidence": ev},
        {"label": "Soft", "accepts": "binding-ban", "evidence": ev},
    ]
    sides["united-states"]["positions"] = [us]
    result = load_positions([make_dossier(tmp_path, sides=sides)])
    assert not [p for p in result.problems if p.severity == "error"]
    (d,) = result.dossiers.values()
    row = an.gap_table(d, "russia", "united-states").set_index("issue").loc["nato-enlargement"]
    hard = next(r for r in row["by_reading"] if r["readings"]["united-states"] == "Hard")
    assert (hard["status"], hard["gap"], hard.get("gap_at_least")) == ("gap", 2, True)
    assert "at least" in row["span_text"]
