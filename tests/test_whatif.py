"""What-if hypotheses (negotiation.whatif): parsing with closest-id errors, and every
existing table computed under them on a new dossier."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paths_helpers import D0, SCALE_LEN, build

from negotiation import analysis, paths, whatif


def sample():
    return build(
        {
            "russia": {"nato": (4, 5, "red-line", "core"), "missiles": (3, 3, "proposal")},
            "us": {"nato": (0, 1, "rejection"), "missiles": (1, 2, "offer", "high")},
            "uk": {"nato": (0, 0, "rejection")},
        },
        issues=("nato", "missiles"),
        camps={"us": "west", "uk": "west"},
    )


# --------------------------------------------------------------------------- parsing


def test_parse_range_point_and_canonical_text():
    d = sample()
    good, bad = whatif.parse_hypotheses(" russia:nato:p2..p4 , us:missiles:p3,", d)
    assert bad == ()
    assert good[0] == whatif.Hypothesis("russia", "nato", "p2", "p4", "russia:nato:p2..p4")
    assert good[1].lo == good[1].hi == "p3"
    assert whatif.format_hypotheses(good) == "russia:nato:p2..p4,us:missiles:p3"
    assert whatif.parse_hypothesis("us:nato:p1..p1", d).text == "us:nato:p1"
    assert whatif.split_hypotheses(["a,b", " c "]) == ["a", "b", "c"]
    assert whatif.split_hypotheses(None) == []


@pytest.mark.parametrize(
    ("text", "fragment", "suggestion"),
    [
        ("rusia:nato:p2", "unknown side 'rusia'; did you mean 'russia'?", "russia"),
        ("russia:natto:p2", "unknown issue 'natto'; did you mean 'nato'?", "nato"),
        ("russia:nato:p9..p4", "'p9' is not a point on the scale of issue 'nato'; valid: p0", None),
        ("russia:nato:p1..pp4", "'pp4' is not a point on the scale of issue 'nato'", "p4"),
        ("russia:nato:p4..p2", "the range is reversed", "russia:nato:p2..p4"),
        ("russia:nato", "a hypothesis is SIDE:ISSUE:FROM..TO", None),
        ("russia::p2", "a hypothesis is SIDE:ISSUE:FROM..TO", None),
        ("camp:west:nato:p1", "not a camp", None),
        ("russia:nato:p2..", "an empty point is not a point on the scale", None),
    ],
)
def test_malformed_hypotheses_name_the_part_and_the_closest_ids(text, fragment, suggestion):
    d = sample()
    with pytest.raises(whatif.HypothesisError) as info:
        whatif.parse_hypothesis(text, d)
    err = info.value
    assert fragment in str(err)
    assert err.given == text
    assert err.format().startswith(f"'{text}': ")
    if suggestion is not None:
        assert suggestion in err.suggestions


def test_unknown_far_id_lists_the_valid_ones():
    with pytest.raises(whatif.HypothesisError) as err:
        whatif.parse_hypothesis("zzz:nato:p1", sample())
    assert "valid: russia, us, uk" in str(err.value)


def test_bad_parts_do_not_stop_good_ones_and_duplicates_are_errors():
    d = sample()
    good, bad = whatif.parse_hypotheses("russia:nato:p2,bogus,russia:nato:p3,us:nato:p1", d)
    assert [h.text for h in good] == ["russia:nato:p2", "us:nato:p1"]
    assert [e.given for e in bad] == ["bogus", "russia:nato:p3"]
    assert "a second hypothesis for side 'russia' on issue 'nato'" in str(bad[1])
    with pytest.raises(whatif.HypothesisError) as info:
        whatif.require_hypotheses("russia:nato:p2,bogus,us:nato:p9", d)
    assert "'bogus'" in str(info.value) and "'us:nato:p9'" in str(info.value)


# --------------------------------------------------------------------------- applying


def test_apply_returns_a_new_marked_dossier_and_leaves_the_original_alone():
    d = sample()
    before = analysis.gap_table(d, "russia", "us")
    hyps = whatif.require_hypotheses("russia:nato:p1..p4,uk:missiles:p2", d)
    h = whatif.apply_hypotheses(d, hyps, D0)
    assert h is not d
    assert h.what_if == ("russia:nato:p1..p4", "uk:missiles:p2")
    assert h.hypothetical_ids == {"whatif:russia:nato", "whatif:uk:missiles"}
    assert whatif.is_hypothetical(h, "whatif:russia:nato")
    assert not whatif.is_hypothetical(h, "russia-nato")
    assert d.what_if == () and d.hypothetical_ids == frozenset()
    assert analysis.gap_table(d, "russia", "us").equals(before)
    pos = analysis.in_force(h, "russia", "nato", D0)
    assert pos.id == "whatif:russia:nato"
    assert pos.accepts_range == ("p1", "p4")
    assert pos.stance == "red-line"  # carried from the position it replaces
    assert pos.priority == "core"  # and so is the priority, with its evidence
    assert pos.evidence == [] and "Hypothetical" in (pos.notes or "")
    new = analysis.in_force(h, "uk", "missiles", D0)
    assert new.stance == whatif.DEFAULT_STANCE and new.accepts_range == ("p2", "p2")
    assert whatif.apply_hypotheses(d, ()) is d
    assert whatif.under(d, None) is d and whatif.under(d, "") is d


def test_hypothesis_holds_from_the_as_of_date_and_in_the_latest_view():
    d = sample()
    hyps = whatif.require_hypotheses("us:nato:p3", d)
    later = D0 + dt.timedelta(days=5)
    h = whatif.apply_hypotheses(d, hyps, later)
    assert analysis.in_force(h, "us", "nato", D0).id == "us-nato"
    assert analysis.in_force(h, "us", "nato", later).id == "whatif:us:nato"
    assert analysis.in_force(h, "us", "nato").id == "whatif:us:nato"
    latest = whatif.apply_hypotheses(d, hyps)  # no date: the latest view
    assert analysis.in_force(latest, "us", "nato").id == "whatif:us:nato"
    # On the same date as a real position, the hypothesis is the one in force.
    assert analysis.in_force(whatif.apply_hypotheses(d, hyps, D0), "us", "nato", D0).id == (
        "whatif:us:nato"
    )


def test_every_table_computes_under_hypotheses():
    d = sample()
    h = whatif.under(d, "russia:nato:p0..p4,us:missiles:p3", D0)
    gaps = analysis.gap_table(h, "russia", "camp:west", D0).set_index("issue")
    assert gaps.loc["nato", "status"] == "overlap"
    assert gaps.loc["missiles", "status"] == "overlap"
    ov = analysis.overlap_table(h, ["russia", "us", "uk"], D0).set_index("issue")
    assert ov.loc["nato", "status"] == "overlap"
    camps = analysis.camp_table(h, D0).set_index("issue")
    assert camps.loc["missiles", "lo"] == 3
    moves = analysis.movement_table(h, D0 - dt.timedelta(days=1), D0)
    assert "whatif:russia:nato" in set(moves["new_position"])
    positions = analysis.positions_as_of(h, D0)
    assert set(positions["position"]) >= {"whatif:russia:nato", "whatif:us:missiles"}
    conc = paths.concessions_table(d, ["russia", "camp:west"], D0, hypotheses=h.what_if)
    assert conc.set_index("issue").loc["nato", "weighted_total"] == 0
    assert conc["hypothetical"].all()
    before = paths.overlap_blocker_sets(d, ["russia", "us", "uk"], D0)
    after = paths.overlap_blocker_sets(d, ["russia", "us", "uk"], D0, hypotheses=h.what_if)
    assert before["nato"] == (("russia",),) and after["nato"] == ()
    ip = paths.issue_paths(d, "nato", ["russia", "us"], D0, hypotheses="russia:nato:p0..p4")
    assert ip.parties.set_index("party").loc["russia", "hypothetical"]
    assert not ip.parties.set_index("party").loc["us", "hypothetical"]


@given(
    st.integers(0, SCALE_LEN - 1),
    st.integers(0, SCALE_LEN - 1),
    st.integers(0, SCALE_LEN - 1),
    st.data(),
)
@settings(max_examples=120)
def test_moving_a_side_into_the_others_range_opens_an_overlap(a, b, c, data):
    lo_b, hi_b = min(b, c), max(b, c)
    d = build({"x": {"i0": (a, a, "demand")}, "y": {"i0": (lo_b, hi_b, "offer")}})
    inside = data.draw(st.integers(lo_b, hi_b))
    lo = data.draw(st.integers(0, inside))
    hi = data.draw(st.integers(inside, SCALE_LEN - 1))
    h = whatif.under(d, [f"x:i0:p{lo}..p{hi}"], D0)
    row = analysis.gap_table(h, "x", "y", D0).iloc[0]
    assert row["status"] == "overlap" and row["gap"] == 0
    assert row["overlap_lo"] <= inside <= row["overlap_hi"]
    conc = paths.concessions_table(h, ["x", "y"], D0).iloc[0]
    assert conc["weighted_total"] == 0 and conc["status"] == "overlap"
    # The original still has its own gap (or overlap).
    orig = analysis.gap_table(d, "x", "y", D0).iloc[0]
    assert orig["gap"] == max(0, lo_b - a, a - hi_b)


def test_hypotheses_frame_says_what_each_replaces():
    d = sample()
    hyps = whatif.require_hypotheses("russia:nato:p1..p4,uk:missiles:p2", d)
    f = whatif.hypotheses_frame(d, hyps, D0)
    assert list(f["text"]) == ["russia:nato:p1..p4", "uk:missiles:p2"]
    first, second = f.iloc[0], f.iloc[1]
    assert first["range_label"] == "Point 1 – Point 4"
    assert (first["replaces"], first["was_label"], first["stance"]) == (
        "russia-nato",
        "Point 4 – Point 5",
        "red-line",
    )
    assert first["side_name"] == "RUSSIA" and first["issue_title"] == "Nato"
    assert pd.isna(second["replaces"]) and pd.isna(second["was_label"])
    assert second["range_label"] == "Point 2" and second["stance"] == "proposal"
    assert list(whatif.hypotheses_frame(d, ()).columns) == list(whatif.HYPOTHESES_COLUMNS)
