"""Deciding as real bodies decide, checked against real reporting: the UN plastics
treaty talks at INC-5, Busan, 25 November – 1 December 2024
(tests/fixtures/real/plastics-inc5-2024, curated from fourteen articles listed in its
sources.yaml).

Twelve parties and the chair (Luis Vayas Valdivieso, role mediator, never counted). Two
sides carry a weight with evidence: the EU 27 (Sustainable Plastics: "including all 27
members of the European Union") and the small island states 39 (PINA: "The influential
negotiating bloc of 39 small island developing states countries"); every other side
counts 1, so 76 in all. The EU sits in two camps (the High Ambition Coalition and the
backers of Panama's production text). The talks run by consensus (Bulletin of the
Atomic Scientists, republishing Grist, 5 December 2024: "any delegation can
essentially veto a proposal they don't like").

Since issue 27 the dossier uses the format's readings, rejects and basis. The US
position of mid-November is contested: an NGO reading (Plastics News: the delegation
"would not be supporting universal obligations for production caps") and a White House
reading (the same article: the CEQ "supported measures to address the supply of primary
plastic polymers"). China and Japan (Jiji, 25 Nov.), Rwanda (Yahoo News, 2 Dec.), Saudi
Arabia on chemicals and India on products only rule something out: they are bounded.
The base analysis treats a contested or bounded position as not placed; every
several-party comparison is also made under each reading of the US, and a bounded
party's ruled-out part still counts in the blocker sets.

Only findings that read as the articles do are pinned here. Findings that do not (the
consensus meeting point, counting side files instead of weights) are described in the
dossier's notes and the curator's report, not pinned.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from negotiation import analysis, loader, paths
from negotiation.analysis.basics import is_bounded
from negotiation.dossier import Dossier

REAL_ROOT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "real"
DOSSIER_ID = "plastics-inc5-2024"

OIL_PRODUCERS = {"saudi-arabia", "russia", "iran", "kuwait"}
PANAMA_TEXT = {"european-union", "panama", "small-island-states"}
# The lightest group holding production up in the base analysis: the four oil producers
# and India (which could not "support any measures to regulate the production",
# Business Standard, 1 Dec.). The United States is contested (two readings), so the base
# analysis leaves it unplaced; on the NGO reading it would hold production up too.
PRODUCTION_HOLDOUTS = OIL_PRODUCERS | {"india"}
BOUNDED_ON_PRODUCTION = {"china", "japan", "rwanda"}
# China and Japan rule out Panama's global target and the binding cap (bounded): at that
# point they are known holdouts, so they hold production up with the five above.
RULING_OUT_THE_TARGET = {"china", "japan"}


@pytest.fixture(scope="module")
def dossier() -> Dossier:
    result = loader.load_positions([REAL_ROOT])
    assert not result.problems, [p.format() for p in result.problems]
    return result.dossiers[DOSSIER_ID]


def _row(frame, issue: str):  # type: ignore[no-untyped-def]
    return next(r for r in frame.itertuples(index=False) if r.issue == issue)


def _overlaps(d: Dossier):  # type: ignore[no-untyped-def]
    return analysis.overlap_table(d, analysis.default_parties(d))


def test_the_real_dossier_loads_with_its_weights_camps_and_rule(dossier: Dossier) -> None:
    assert dossier.side_by_id["european-union"].weight == 27
    assert dossier.side_by_id["small-island-states"].weight == 39
    assert dossier.side_by_id["european-union"].camps == ("high-ambition", "panama-proposal")
    assert set(dossier.camp_members("oil-producers")) == OIL_PRODUCERS
    rule = analysis.rule_in_force(dossier)
    assert rule.rule.text == "consensus"
    assert rule.evidence, "the consensus rule carries its quotes"
    parties = analysis.default_parties(dossier)
    assert "inc-chair" not in parties  # the chair is a mediator: never counted
    assert len(parties) == 12
    assert sum(analysis.party_weight(dossier, p) for p in parties) == 76


def test_under_consensus_the_oil_producers_hold_production_up_not_the_majority(
    dossier: Dossier,
) -> None:
    """Bulletin/Grist (5 Dec.): "If it wasn't for Saudi and Russia we would have reached
    an agreement here" (a European negotiator); those two "along with other oil
    producers like Iran and Kuwait, want the plastics treaty to leave production
    untouched". AP (29 Nov.): support for Panama's text "quickly grew to over 100
    countries" while Saudi Arabia called production "a red line". Yahoo News (2 Dec.):
    "more than 100 nations seeking to cap production while a handful of oil producers
    are willing to target plastic waste".

    The analysis agrees: the lightest group holding a deal up holds all four oil
    producers and India, and China and Japan, who rule out the global target (bounded:
    known holdouts there): weight 7 of the 74 counted at that point (72 placed and the
    two); the EU, Panama and the island states, who carry 67, are in no blocker set.
    (Base analysis: the contested US is not placed.)
    """
    row = _row(_overlaps(dossier), "production")
    assert row.rule == "consensus"
    assert row.deal == "held up"
    assert [set(s) for s in row.blocker_sets] == [PRODUCTION_HOLDOUTS | RULING_OUT_THE_TARGET]
    assert row.blocker_set_weights == (7.0,)
    assert row.blocker_points == (("global-target",),)
    assert set(row.ruled_out_by["global-target"]) == RULING_OUT_THE_TARGET
    assert set(row.blocker_sets[0]) >= OIL_PRODUCERS
    assert not PANAMA_TEXT & set(row.blocker_sets[0])
    assert row.total_weight == 72
    labels = {s.id: s.name for s in dossier.sides}
    words = analysis.decision_sentence(row, labels, dossier.issue_by_id["production"].scale)
    assert "weight 7 of 74" in words and "hold a deal up" in words
    assert "China has ruled out" in words and "(bounded, not placed)" in words


def test_the_unplaced_cannot_change_the_production_finding(dossier: Dossier) -> None:
    """China and Japan (Jiji, 25 Nov.: they oppose a uniform global target / uniform
    production restrictions) and Rwanda (Yahoo News, 2 Dec.: a treaty on voluntary
    measures only "would not be acceptable") only rule something out: bounded, so not
    placed in the base analysis; the US is contested. With weight 4 they could not
    change the finding."""
    row = _row(_overlaps(dossier), "production")
    assert set(row.not_placed) == BOUNDED_ON_PRODUCTION | {"united-states"}
    assert row.not_placed_weight == 4
    assert not row.could_change


def test_a_two_thirds_vote_would_carry_panamas_target_and_outvote_the_producers(
    dossier: Dossier,
) -> None:
    """Carbon Pulse (29 Nov.): pressure on the high-ambition countries "to trigger a
    two-thirds majority vote on the plastic treaty under negotiation in Busan", to
    outflank the opposition. POLITICO Europe (29 Nov.): the EU "on Thursday backed a new
    proposal spearheaded by Panama".

    Under the what-if qualified:0.667 the global target of Panama's text carries with 67
    of the 74 counted there (the 72 placed, and China and Japan, who rule it out: 91 %);
    it outvotes the same five holdouts and the two; a binding cap (only the EU placed on
    it, 27) would not carry. The meeting point names China and Japan as ruling it out
    (bounded, they get no move of their own).
    """
    vote = analysis.with_rule(dossier, "qualified:0.667")
    row = _row(_overlaps(vote), "production")
    assert row.rule == "qualified:0.667"
    assert row.deal == "carries"
    assert row.winning_points == ("global-target",)
    assert set(row.outvoted["global-target"]) == PRODUCTION_HOLDOUTS | RULING_OUT_THE_TARGET
    ids = [p.id for p in dossier.issue_by_id["production"].scale]
    assert row.support[ids.index("global-target")] == 67
    assert row.support[ids.index("binding-cap")] == 27
    concessions = paths.concessions_table(vote, analysis.default_parties(vote), by_rule=True)
    meeting = _row(concessions, "production")
    assert meeting.point == "global-target"
    assert set(meeting.coalition) == PANAMA_TEXT
    assert set(meeting.outvoted) == PRODUCTION_HOLDOUTS
    assert set(meeting.ruled_out_by["global-target"]) == RULING_OUT_THE_TARGET
    assert meeting.total_steps == 0  # the coalition already stands there


def test_chemicals_products_and_finance_stay_undecided(dossier: Dossier) -> None:
    """The articles report no deal and far-apart positions on chemicals, products and
    finance (The New York Times, 30 Nov.; Yahoo News, 2 Dec.), but place almost no side
    on them: only the US (chemicals, products: Plastics News) and India (finance:
    Business Standard, The New Indian Express). The analysis claims no deal on any of
    the three, under consensus or under a two-thirds vote, and says the unplaced could
    change it."""
    for d in (dossier, analysis.with_rule(dossier, "qualified:0.667")):
        frame = _overlaps(d)
        for issue in ("chemicals", "products", "finance"):
            row = _row(frame, issue)
            assert row.deal == "not placed", issue
            assert row.could_change, issue
            assert row.not_placed_weight == 75, issue


def test_counting_weights_the_meeting_point_is_panamas_target(dossier: Dossier) -> None:
    """Counting the EU for 27 states and AOSIS for 39, the least movement on production
    is Panama's global target (FINDINGS.md), shown beside the meeting point."""
    table = paths.concessions_table(dossier, analysis.default_parties(dossier), by_rule=True)
    row = _row(table, "production")
    assert row.meeting_labels == ("No provision on production",)
    assert row.by_weight_labels == ("Global target to sustainable levels (Panama)",)


# Basis per position, as curated: "stated" only where the quote is the party's own words
# about that issue, "inferred" (with notes) where the curator applies words to it.
BASIS = {
    "china-production": "reported",
    "eu-production": "reported",
    "india-production": "stated",  # Gangwar at the closing plenary
    "india-products": "reported",
    "india-finance": "reported",
    "iran-production": "reported",
    "japan-production": "reported",
    "kuwait-production": "reported",
    "panama-production": "reported",
    "russia-production": "reported",
    "rwanda-production": "inferred",  # Kabera spoke of the treaty, not of production
    "saudi-production": "reported",
    "saudi-chemicals": "reported",
    "sids-production": "reported",
    "us-production": None,  # contested: the default (reported) is not written
    "us-chemicals": "reported",
    "us-products": "reported",
}


def test_the_us_production_position_is_contested_between_two_readings(dossier: Dossier) -> None:
    """Plastics News (15 Nov.): an NGO reading ("would not be supporting universal
    obligations for production caps or time lines", Sarah Martik) and a White House
    reading ("supported measures to address the "supply of primary plastic polymers.""):
    two readings of one position. Both rule out a binding cap (E&E News: "do not support
    such a cap"); they differ on Panama's global target."""
    pos = dossier.position_by_id["us-production"]
    assert pos.contested and pos.accepts is None and pos.rejects is None
    assert [r.label for r in pos.readings or ()] == ["NGO reading", "White House reading"]
    ngo, white_house = pos.readings or ()
    assert ngo.accepts_range == ("national-measures", "aspirational-goal")
    assert ngo.rejects_range == ("global-target", "binding-cap")
    assert white_house.accepts_range == ("national-measures", "global-target")
    assert white_house.rejects_range == ("binding-cap", "binding-cap")
    assert white_house.ideal == "aspirational-goal"
    assert {ev.source for r in (ngo, white_house) for ev in r.evidence} == {
        "plastics-news-perceived-shift"
    }
    assert all(ev.source == "eenews-biden-drops-caps" for ev in pos.evidence)
    paths = [path for path, _ in pos.quotes()]
    assert paths[3:] == [
        ("readings", 0, "evidence", 0),
        ("readings", 0, "evidence", 1),
        ("readings", 1, "evidence", 0),
        ("readings", 1, "evidence", 1),
    ]
    source = next(s for s in dossier.sources if s.id == "plastics-news-perceived-shift")
    assert source.date_inferred and source.notes


def test_parties_that_only_rule_something_out_are_bounded(dossier: Dossier) -> None:
    """China, Japan: a uniform global target (so a cap too) ruled out; Rwanda: the
    voluntary end ruled out; Saudi Arabia: a list with a phase-out of chemicals; India:
    phase-out timelines for products. Each bounded, none with an accepted range."""
    expected = {
        "china-production": ("global-target", "binding-cap"),
        "japan-production": ("global-target", "binding-cap"),
        "rwanda-production": ("no-provision", "aspirational-goal"),
        "saudi-chemicals": ("global-phase-out", "global-phase-out"),
        "india-products": ("global-phase-out-timelines", "global-phase-out-timelines"),
    }
    for pid, ends in expected.items():
        pos = dossier.position_by_id[pid]
        assert pos.accepts is None and not pos.contested, pid
        assert pos.rejects_range == ends, pid
        assert is_bounded(pos), pid
    assert dossier.position_by_id["rwanda-production"].notes


def test_basis_per_position(dossier: Dossier) -> None:
    got = {p.id: p.basis for s in dossier.sides for p in s.positions if p.id in BASIS}
    assert got == BASIS
    inferred = [p for s in dossier.sides for p in s.positions if p.basis == "inferred"]
    assert all(p.notes for p in inferred)


def test_the_positions_frame_on_production(dossier: Dossier) -> None:
    """Per party on production: placed, contested, bounded, basis and the ruled-out and
    open parts (scale indexes: 0 no provision … 4 binding cap)."""
    frame = analysis.positions_frame(dossier)
    rows = {r.side: r for r in frame[frame.issue == "production"].itertuples(index=False)}
    cells = {
        side: (
            bool(r.placed),
            bool(r.contested),
            bool(r.bounded),
            r.basis,
            None if r.rejects_lo is pd.NA else (int(r.rejects_lo), int(r.rejects_hi)),
            None if r.open_lo is pd.NA else (int(r.open_lo), int(r.open_hi)),
        )
        for side, r in rows.items()
    }
    assert cells == {
        "china": (False, False, True, "reported", (3, 4), (0, 2)),
        "european-union": (True, False, False, "reported", None, None),
        "inc-chair": (False, False, False, "reported", None, None),
        "india": (True, False, False, "stated", None, None),
        "iran": (True, False, False, "reported", None, None),
        "japan": (False, False, True, "reported", (3, 4), (0, 2)),
        "kuwait": (True, False, False, "reported", None, None),
        "panama": (True, False, False, "reported", None, None),
        "russia": (True, False, False, "reported", None, None),
        "rwanda": (False, False, True, "inferred", (0, 2), (3, 4)),
        "saudi-arabia": (True, False, False, "reported", None, None),
        "small-island-states": (True, False, False, "reported", None, None),
        "united-states": (False, True, False, "reported", None, None),
    }
    assert rows["united-states"].reading_labels == ("NGO reading", "White House reading")


def test_the_readings_frame_gives_the_us_under_each_reading(dossier: Dossier) -> None:
    frame = analysis.readings_frame(dossier, issues=["production"])
    got = [
        (r.side, r.label, int(r.lo), int(r.hi), int(r.rejects_lo), int(r.rejects_hi))
        for r in frame.itertuples(index=False)
    ]
    assert got == [
        ("united-states", "NGO reading", 1, 2, 3, 4),
        ("united-states", "White House reading", 1, 3, 4, 4),
    ]
    assert list(frame.n_evidence) == [2, 2]


def test_the_evidence_frame_carries_each_readings_quotes(dossier: Dossier) -> None:
    """The position's own (uncontested) quotes first, reading None; then each reading's,
    labelled."""
    frame = analysis.evidence_frame(dossier, "production")
    us = frame[frame.position == "us-production"]
    assert list(us.reading) == [None] * 3 + ["NGO reading"] * 2 + ["White House reading"] * 2
    assert set(us[us.reading.notna()].source) == {"plastics-news-perceived-shift"}
    others = frame[frame.position != "us-production"]
    assert others.reading.isna().all()
    positions = [p for s in dossier.sides for p in s.positions if p.issue == "production"]
    quotes = sum(len(p.quotes()) for p in positions)
    assert len(frame) == quotes


def test_production_is_held_up_under_both_readings_of_the_us(dossier: Dossier) -> None:
    """Under the NGO reading the US joins the producers holding production up; under
    the White House reading it does not. Either way China and Japan, who only ruled out
    a global target or cap (Jiji), are among those holding it up, as the reporting of
    the producers' bloc says."""
    row = analysis.overlap_table(dossier, analysis.default_parties(dossier)).set_index("issue")
    prod = row.loc["production"]
    assert prod.contested_by == ("united-states",) and prod.combinations == 2
    assert set(prod.bounded) == {"china", "japan", "rwanda"}
    producers = ("China", "India", "Iran", "Japan", "Kuwait", "Russia", "Saudi Arabia")
    by = {b["readings"]["united-states"]: b for b in prod.by_reading}
    assert by["NGO reading"]["blocker_sets"] == ((*producers, "United States"),)
    assert by["White House reading"]["blocker_sets"] == (producers,)
    assert {b["status"] for b in prod.by_reading} == {"gap"}
    assert "depending" not in prod.span_text and "United States hold a deal up" in (
        prod.span_text
    )
