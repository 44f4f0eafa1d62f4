"""Every comparison under every combination of readings (negotiation.analysis.readings),
checked against brute force on small random dossiers built in memory."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths_helpers import build, point_id

from negotiation import analysis, export
from negotiation.analysis import readings as rd
from negotiation.analysis.ranges import all_minimal_blocker_sets
from negotiation.model import Evidence, Position, Range, Reading

LABELS = ("NGO reading", "Official reading", "Press reading")


def _accepts(lo: int, hi: int) -> Any:
    return point_id(lo) if lo == hi else Range(**{"from": point_id(lo), "to": point_id(hi)})


def contested(pos: Position, intervals: list[tuple[int, int]]) -> Position:
    """``pos`` with one reading per interval (its accepts moved into the readings)."""
    items = [
        Reading(
            label=LABELS[k],
            accepts=_accepts(lo, hi),
            evidence=[Evidence(source="src", quote=f"{LABELS[k]} of {pos.id}.")],
        )
        for k, (lo, hi) in enumerate(intervals)
    ]
    return pos.model_copy(update={"accepts": None, "ideal": None, "readings": items})


def dossier_with(spec: dict[str, list[tuple[int, int]]], n: int, camps=None):
    """Sides a, b, ... on issue i0 (scale of ``n``): one reading -> a plain position,
    several -> a contested one."""
    d = build({s: {"i0": ivs[0]} for s, ivs in spec.items()}, {"i0": n}, camps)
    sides = []
    for side in d.sides:
        ivs = spec[side.id]
        if len(ivs) > 1:
            side = replace(side, positions=(contested(side.positions[0], ivs),))
        sides.append(side)
    return replace(d, sides=tuple(sides))


@st.composite
def cases(draw, min_parties: int = 2, max_parties: int = 5, max_readings: int = 3):
    n = draw(st.integers(3, 7))
    k = draw(st.integers(min_parties, max_parties))

    def interval():
        lo = draw(st.integers(0, n - 1))
        return (lo, draw(st.integers(lo, n - 1)))

    spec = {}
    for i in range(k):
        m = draw(st.integers(1, max_readings))
        spec[chr(ord("a") + i)] = [interval() for _ in range(m)]
    return n, spec


def brute_d(ivs):
    return min(h for _, h in ivs) - max(lo for lo, _ in ivs)


def picks_of(spec):
    """Every combination as side -> interval, with the reading labels of contested sides."""
    sides = list(spec)
    for pick in itertools.product(*(range(len(spec[s])) for s in sides)):
        chosen = {s: spec[s][i] for s, i in zip(sides, pick, strict=True)}
        labels = {s: LABELS[i] for s, i in zip(sides, pick, strict=True) if len(spec[s]) > 1}
        yield chosen, labels


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(cases())
def test_pair_gap_by_reading_against_brute_force(case):
    n, spec = case
    d = dossier_with(spec, n)
    row = analysis.gap_table(d, "a", "b").iloc[0]
    want = {}
    for chosen, labels in picks_of({s: spec[s] for s in ("a", "b")}):
        want[tuple(sorted(labels.items()))] = max(0, -brute_d([chosen["a"], chosen["b"]]))
    got = {tuple(sorted(r["readings"].items())): r["gap"] for r in row["by_reading"]}
    contested_sides = tuple(s for s in ("a", "b") if len(spec[s]) > 1)
    assert row["contested_by"] == contested_sides
    if not contested_sides:
        assert got == {} and row["span_text"] == ""
        assert row["gap_min"] == row["gap_max"] == row["gap"]
        return
    assert got == want
    assert (row["gap_min"], row["gap_max"]) == (min(want.values()), max(want.values()))
    assert "depending on the reading" in row["span_text"] or "every reading" in row["span_text"]
    # the same as computing on the variant directly
    for r, combo in zip(
        row["by_reading"],
        rd.combinations(d, "i0", None, ("a", "b")).items,
        strict=True,
    ):
        v = analysis.gap_table(rd.variant(d, combo.choice), "a", "b").iloc[0]
        assert (r["gap"], r["status"]) == (int(v["gap"]), v["status"])


@SETTINGS
@given(cases())
def test_overlap_by_reading_against_brute_force(case):
    n, spec = case
    d = dossier_with(spec, n)
    parties = list(spec)
    row = analysis.overlap_table(d, parties).iloc[0]
    combos = rd.combinations(d, "i0", None, parties)
    assert combos.count == row["combinations"] == _product(len(v) for v in spec.values())
    assert row["contested_by"] == tuple(s for s in parties if len(spec[s]) > 1)
    if not row["contested_by"]:
        assert row["by_reading"] == () and row["span_text"] == ""
        return
    if combos.count > rd.DEFAULT_LIMIT:  # bounds instead, checked against enumeration
        assert row["bounds_only"] and row["by_reading"] == ()
        ds = [brute_d(list(chosen.values())) for chosen, _ in picks_of(spec)]
        bounds = rd.overlap_bounds(d, parties, "i0", None)
        assert (bounds.d_min, bounds.d_max) == (min(ds), max(ds))
        return
    assert not row["bounds_only"]
    want = {}
    for chosen, labels in picks_of(spec):
        sets = all_minimal_blocker_sets(chosen)
        status = "overlap" if brute_d(list(chosen.values())) >= 0 else "gap"
        want[tuple(sorted(labels.items()))] = (
            status,
            tuple(tuple(s.upper() for s in group) for group in sets),
        )
    got = {
        tuple(sorted(r["readings"].items())): (r["status"], r["blocker_sets"])
        for r in row["by_reading"]
    }
    assert got == want
    for r, combo in list(zip(row["by_reading"], combos.items, strict=True))[:6]:
        v = analysis.overlap_table(rd.variant(d, combo.choice), parties).iloc[0]
        assert r["blocker_sets"] == v["blocker_set_labels"]
        assert (r["deal"], r["winning_points"]) == (v["deal"], v["winning_points"])


def _product(values) -> int:
    out = 1
    for v in values:
        out *= v
    return out


@SETTINGS
@given(cases(min_parties=3, max_parties=5, max_readings=3))
def test_bounds_against_enumeration(case):
    n, spec = case
    d = dossier_with(spec, n)
    parties = list(spec)
    ds = [brute_d(list(chosen.values())) for chosen, _ in picks_of(spec)]
    bounds = rd.overlap_bounds(d, parties, "i0", None)
    assert (bounds.d_min, bounds.d_max) == (min(ds), max(ds))
    count = _product(len(v) for v in spec.values())
    small = rd.combinations(d, "i0", None, parties, limit=max(1, count - 1))
    assert small.count == count
    if count > 1:  # one more than the limit: none listed
        assert small.too_many and small.items == ()
    else:
        assert not small.too_many and len(small.items) == 1


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.none(),
                st.tuples(st.integers(0, 6), st.integers(0, 6)).map(lambda t: tuple(sorted(t))),
            ),
            min_size=1,
            max_size=3,
        ),
        min_size=1,
        max_size=5,
    )
)
def test_bounds_of_with_unplaced_picks(candidates):
    ds = []
    for pick in itertools.product(*candidates):
        placed = [iv for iv in pick if iv is not None]
        if placed:
            ds.append(brute_d(placed))
    b = rd.bounds_of(candidates)
    assert (b.d_min, b.d_max) == ((min(ds), max(ds)) if ds else (None, None))


def test_more_than_the_limit_gives_bounds_in_the_table(monkeypatch):
    spec = {"a": [(0, 1), (2, 3)], "b": [(1, 2), (3, 4)], "c": [(0, 4), (4, 4)]}
    d = dossier_with(spec, 5)
    monkeypatch.setattr(rd, "DEFAULT_LIMIT", 4)
    row = analysis.overlap_table(d, ["a", "b", "c"]).iloc[0]
    assert row["combinations"] == 8 and row["bounds_only"] and row["by_reading"] == ()
    ds = [brute_d(list(chosen.values())) for chosen, _ in picks_of(spec)]
    bounds = rd.overlap_bounds(d, ["a", "b", "c"], "i0", None)
    assert (bounds.d_min, bounds.d_max) == (min(ds), max(ds)) == (-3, 0)
    assert row["span_text"] == (
        "8 combinations of readings of A (2 readings) and B (2 readings) and C (2 readings): "
        "from a gap of 3 steps to an overlap of 1 point"
    )


def test_camp_is_contested_through_a_member():
    spec = {"a": [(0, 2)], "b": [(1, 3), (3, 4)], "c": [(4, 5)]}
    d = dossier_with(spec, 6, camps={"a": "west", "b": "west"})
    assert rd.contested_parties(d, "i0", None, ["camp:west", "c", "a"]) == ("camp:west",)
    row = analysis.gap_table(d, "camp:west", "c").iloc[0]
    assert row["contested_by"] == ("b",)
    # NGO: west = [1, 2], gap 2 to [4, 5]; Official: [3, 4] ∩ [0, 2] is empty: split
    assert [(r["status"], r["gap"]) for r in row["by_reading"]] == [("gap", 2), ("split", None)]
    assert row["span_text"] == "gap 2 steps under 1 of 2 readings of B; not placed under the rest"
    assert rd.party_candidates(d, "camp:west", "i0", None) == ((1, 2), None)


def test_nothing_contested_adds_nothing():
    d = build({"a": {"i0": (0, 1)}, "b": {"i0": (3, 4)}}, {"i0": 5})
    g = analysis.gap_table(d, "a", "b")
    assert list(g.columns[-5:]) == list(rd.GAP_READING_COLUMNS)
    assert g["gap_min"].tolist() == g["gap"].tolist() == [2]
    o = analysis.overlap_table(d, ["a", "b"])
    assert list(o.columns[-5:]) == list(rd.OVERLAP_READING_COLUMNS)
    assert o.iloc[0]["combinations"] == 1 and not o.iloc[0]["bounds_only"]
    assert not rd.has_readings(d)
    empty = analysis.overlap_table(d, ["a", "b"], issues=[])
    assert empty.empty and list(empty.columns[-5:]) == list(rd.OVERLAP_READING_COLUMNS)


def test_variant_is_kept_and_keeps_ids():
    d = dossier_with({"a": [(0, 1), (2, 3)], "b": [(1, 2)]}, 5)
    pid = d.side_by_id["a"].positions[0].id
    v = rd.variant(d, {pid: 1})
    assert v is rd.variant(d, [(pid, 1)])
    assert v.position_by_id[pid].accepts_range == ("p2", "p3")
    assert v.position_by_id[pid].reading_label == "Official reading"
    assert d.position_by_id[pid].contested and rd.variant(d, {}) is d


def two_readings_of_one_party():
    """US contested: under the NGO reading China holds a deal up, under the White House
    reading Japan does."""
    spec = {
        "us": [(0, 1), (3, 4)],
        "eu": [(0, 4)],
        "china": [(4, 5)],
        "japan": [(0, 2)],
    }
    d = dossier_with(spec, 6)
    sides = []
    for side in d.sides:
        pos = side.positions[0]
        if pos.readings:
            items = [
                pos.readings[0].model_copy(update={"label": "NGO reading"}),
                pos.readings[1].model_copy(update={"label": "White House reading"}),
            ]
            side = replace(side, positions=(pos.model_copy(update={"readings": items}),))
        sides.append(replace(side, name={"us": "United States"}.get(side.id, side.id.title())))
    return replace(d, sides=tuple(sides))


def test_two_readings_give_both_blocker_sets_in_table_and_export():
    d = two_readings_of_one_party()
    parties = ["us", "eu", "china", "japan"]
    row = analysis.overlap_table(d, parties).iloc[0]
    assert [(r["readings"], r["blocker_sets"]) for r in row["by_reading"]] == [
        ({"us": "NGO reading"}, (("China",),)),
        ({"us": "White House reading"}, (("Japan",),)),
    ]
    assert row["span_text"] == (
        "no overlap under any of the 2 readings of United States. "
        "NGO reading: China holds a deal up; White House reading: Japan holds a deal up"
    )
    data = json.loads(export.export_json(d, overlap_parties=parties, gap_parties=("us", "china")))
    (over,) = data["tables"]["overlaps"]
    assert [r["blocker_sets"] for r in over["by_reading"]] == [[["China"]], [["Japan"]]]
    (gap,) = data["tables"]["gaps"]
    assert [(r["readings"]["us"], r["gap"]) for r in gap["by_reading"]] == [
        ("NGO reading", 3),
        ("White House reading", 0),
    ]
    assert (
        gap["span_text"] == "gap 0–3 steps depending on the reading of United States (2 readings)"
    )
    us = next(s for s in data["dossier"]["sides"] if s["id"] == "us")
    labels = [r["label"] for r in us["positions"][0]["readings"]]
    assert labels == ["NGO reading", "White House reading"]
    csv = export.csv_files(d, overlap_parties=parties, gap_parties=("us", "china"))
    assert "White House reading: Japan holds a deal up" in csv["overlaps.csv"]


@pytest.mark.parametrize("rejects", ["p5", Range(**{"from": "p4", "to": "p5"})])
def test_rejects_and_basis_are_exported(rejects):
    d = two_readings_of_one_party()
    sides = []
    for side in d.sides:
        if side.id == "japan":
            pos = side.positions[0].model_copy(update={"rejects": rejects, "basis": "stated"})
            side = replace(side, positions=(pos,))
        sides.append(side)
    d = replace(d, sides=tuple(sides))
    data = json.loads(export.export_json(d))
    japan = next(s for s in data["dossier"]["sides"] if s["id"] == "japan")
    assert japan["positions"][0]["basis"] == "stated"
    assert japan["positions"][0]["rejects"] is not None


def test_loaded_dossier_with_two_readings(tmp_path):
    """From YAML files: one side's position with two readings; the several-party table,
    the JSON and the CSV export give the blocker sets of both."""
    from loader_helpers import SIDES, make_dossier, position

    from negotiation.load import load_dossier

    sides = {k: dict(v) for k, v in SIDES.items()}
    us = position(
        "us-nato",
        stance="rejection",
        readings=[
            {
                "label": "Hawkish reading",
                "accepts": {"from": "open-door", "to": "no-timetable"},
                "evidence": [{"source": "tass", "quote": "a guarantee"}],
            },
            {
                "label": "Dovish reading",
                "accepts": {"from": "open-door", "to": "moratorium"},
                "evidence": [{"source": "tass", "quote": "no progress"}],
            },
        ],
    )
    for key in ("accepts", "ideal", "evidence"):
        us.pop(key)
    sides["united-states"] = {**sides["united-states"], "positions": [us]}
    fr = position(
        "fr-nato", ideal="moratorium", accepts={"from": "moratorium", "to": "binding-ban"}
    )
    sides["france"] = {"id": "france", "name": "France", "camp": "west", "positions": [fr]}
    d, problems = load_dossier(make_dossier(tmp_path, sides=sides))
    assert d is not None and not [p for p in problems if p.severity == "error"], problems
    parties = ["russia", "united-states", "france"]
    row = analysis.overlap_table(d, parties, issues=["nato-enlargement"]).iloc[0]
    assert [(r["readings"]["united-states"], r["blocker_sets"]) for r in row["by_reading"]] == [
        ("Hawkish reading", (("United States",),)),
        ("Dovish reading", (("Russia",), ("United States",))),
    ]
    words = "Dovish reading: Russia holds a deal up or United States holds a deal up"
    assert words in row["span_text"]
    pair = ("russia", "camp:west")
    data = json.loads(export.export_json(d, overlap_parties=parties, gap_parties=pair))
    over = next(r for r in data["tables"]["overlaps"] if r["issue"] == "nato-enlargement")
    assert [r["blocker_sets"] for r in over["by_reading"]] == [
        [["United States"]],
        [["Russia"], ["United States"]],
    ]
    gap = next(r for r in data["tables"]["gaps"] if r["issue"] == "nato-enlargement")
    assert gap["contested_by"] == ["united-states"]  # Russia vs camp:west (US, France)
    # Hawkish: the West is split (US 0-1, France 2-3); Dovish: West = moratorium, gap 1
    assert [(r["status"], r["gap"]) for r in gap["by_reading"]] == [("split", None), ("gap", 1)]
    csv = export.csv_files(d, overlap_parties=parties)["overlaps.csv"]
    assert "Hawkish reading: United States holds a deal up" in csv


def camp_interval(ivs):
    lo, hi = max(a for a, _ in ivs), min(b for _, b in ivs)
    return (lo, hi) if lo <= hi else None


def lightest_blockers(placed, weights, n):
    """Consensus: for each point, the placed parties not accepting it; the lightest."""
    names = {"camp:w": "W"} | {k: k.upper() for k in placed if k != "camp:w"}
    groups = {tuple(k for k, (lo, hi) in placed.items() if not lo <= x <= hi) for x in range(n)}
    best = min(sum(weights[k] for k in g) for g in groups)
    return frozenset(
        tuple(names[k] for k in g) for g in groups if sum(weights[k] for k in g) == best
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(min_parties=3, max_parties=5, max_readings=2), st.integers(2, 3))
def test_camp_of_contested_members_against_brute_force(case, size):
    """The first ``size`` sides form camp 'w'; the parties are the camp and the rest."""
    n, spec = case
    sides = list(spec)
    members, rest = sides[:size], sides[size:]
    d = dossier_with(spec, n, camps=dict.fromkeys(members, "w"))
    parties = ["camp:w", *rest]
    if not rest:
        return
    row = analysis.overlap_table(d, parties).iloc[0]
    got = [(r["status"], frozenset(r["blocker_sets"])) for r in row["by_reading"]]
    weights = {"camp:w": len(members)} | dict.fromkeys(rest, 1)
    want, ds = [], []
    for chosen, labels in picks_of(spec):
        ranges = {"camp:w": camp_interval([chosen[m] for m in members])}
        ranges.update({s: chosen[s] for s in rest})
        placed = {k: v for k, v in ranges.items() if v is not None}
        ds.append(brute_d(list(placed.values())))
        if not labels:
            continue
        if len(placed) < 2:
            want.append(("not placed", frozenset()))
            continue
        status = "overlap" if brute_d(list(placed.values())) >= 0 else "gap"
        sets = lightest_blockers(placed, weights, n) if status == "gap" else frozenset()
        want.append((status, sets))
    assert got == want
    bounds = rd.overlap_bounds(d, parties, "i0", None)
    assert (bounds.d_min, bounds.d_max) == (min(ds), max(ds))
