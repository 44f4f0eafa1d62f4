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

Only findings that read as the articles do are pinned here. Findings that do not (the
consensus meeting point, counting side files instead of weights) are described in the
dossier's notes and the curator's report, not pinned.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from negotiation import analysis, loader, paths
from negotiation.dossier import Dossier

REAL_ROOT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "real"
DOSSIER_ID = "plastics-inc5-2024"

OIL_PRODUCERS = {"saudi-arabia", "russia", "iran", "kuwait"}
PANAMA_TEXT = {"european-union", "panama", "small-island-states"}
# The lightest group holding production up: the four oil producers, India (which could
# not "support any measures to regulate the production", Business Standard, 1 Dec.)
# and the United States (no cap, only an aspirational goal, E&E News, 19 Nov.).
PRODUCTION_HOLDOUTS = OIL_PRODUCERS | {"india", "united-states"}


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

    The analysis agrees: the lightest group holding a deal up weighs 6 of the 73 placed
    and holds all four oil producers; the EU, Panama and the island states, who carry
    67 of the 73, are in no blocker set.
    """
    row = _row(_overlaps(dossier), "production")
    assert row.rule == "consensus"
    assert row.deal == "held up"
    assert [set(s) for s in row.blocker_sets] == [PRODUCTION_HOLDOUTS]
    assert row.blocker_set_weights == (6.0,)
    assert set(row.blocker_sets[0]) >= OIL_PRODUCERS
    assert not PANAMA_TEXT & set(row.blocker_sets[0])
    assert row.total_weight == 73
    labels = {s.id: s.name for s in dossier.sides}
    words = analysis.decision_sentence(row, labels, dossier.issue_by_id["production"].scale)
    assert "weight 6 of 73" in words and "hold a deal up" in words


def test_the_unplaced_cannot_change_the_production_finding(dossier: Dossier) -> None:
    """China and Japan (Jiji, 25 Nov.: they oppose a uniform global target / uniform
    production restrictions) and Rwanda (Yahoo News, 2 Dec.: a treaty on voluntary
    measures only "would not be acceptable") are reported rejecting something without
    an accepted range, so they are left unplaced. With weight 3 they could not change
    either reading."""
    row = _row(_overlaps(dossier), "production")
    assert set(row.not_placed) == {"china", "japan", "rwanda"}
    assert row.not_placed_weight == 3
    assert not row.could_change


def test_a_two_thirds_vote_would_carry_panamas_target_and_outvote_the_producers(
    dossier: Dossier,
) -> None:
    """Carbon Pulse (29 Nov.): pressure on the high-ambition countries "to trigger a
    two-thirds majority vote on the plastic treaty under negotiation in Busan", to
    outflank the opposition. POLITICO Europe (29 Nov.): the EU "on Thursday backed a new
    proposal spearheaded by Panama".

    Under the what-if qualified:0.667 the global target of Panama's text carries with 67
    of the 73 placed (92 %), and the same six holdouts are outvoted; a binding cap (only
    the EU placed on it, 27) would not carry.
    """
    vote = analysis.with_rule(dossier, "qualified:0.667")
    row = _row(_overlaps(vote), "production")
    assert row.rule == "qualified:0.667"
    assert row.deal == "carries"
    assert row.winning_points == ("global-target",)
    assert set(row.outvoted["global-target"]) == PRODUCTION_HOLDOUTS
    ids = [p.id for p in dossier.issue_by_id["production"].scale]
    assert row.support[ids.index("global-target")] == 67
    assert row.support[ids.index("binding-cap")] == 27
    concessions = paths.concessions_table(vote, analysis.default_parties(vote), by_rule=True)
    meeting = _row(concessions, "production")
    assert meeting.point == "global-target"
    assert set(meeting.coalition) == PANAMA_TEXT
    assert set(meeting.outvoted) == PRODUCTION_HOLDOUTS
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
