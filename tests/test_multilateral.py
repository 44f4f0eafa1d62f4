"""Deciding as real bodies decide, on the multilateral test fixture
(tests/fixtures/multilateral/seabed-minerals-conference: 13 parties and a mediator,
two weighted blocs with evidence, overlapping camps, a consensus rule and one issue with
its own two-thirds rule).

Every expected number below is worked out by hand in tests/fixtures/multilateral/
EXPECTED.md (as of 2027-07-12, the latest date):

* production-limits (consensus): the producers korvane, drassia, mirethal (0–0) and
  quillon (0–1), weight 4 of 52, hold a deal up; counting side files instead (every
  weight 1), the three ambition files (coral-union 27, austral-group 14, solvenne) would
  be named. Under a two-thirds what-if, global-cap carries with 48 of 52 and outvotes
  the four producers.
* royalty-rate (its own qualified 0.667 by weight): royalty-4 (35 of 52) and royalty-6
  (48 of 52) carry; royalty-4 outvotes austral-group, lunaria, mirethal, pelagua
  (weight 17), royalty-6 outvotes drassia, korvane, mirethal, tessary (weight 4).
* environmental-impact: every party accepts binding-eia (the mediator, who proposes
  more, is never counted).
* technology-transfer: coral-union, ystrel (no range) and brevonne (no position), weight
  29, are not placed; of the 23 placed, korvane, drassia, mirethal (weight 3) hold it up.
* authority-powers: korvane, drassia, mirethal, ystrel (weight 4) hold it up; by count
  {austral-group, mirethal} (weight 15) would be named.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from app_helpers import APP, ROOT
from streamlit.testing.v1 import AppTest

from negotiation import analysis, cli, export, loader, paths
from negotiation.dossier import Dossier

MULTI_ROOT = ROOT / "tests" / "fixtures" / "multilateral"
MULTI_ID = "seabed-minerals-conference"
PRODUCERS = {"korvane", "drassia", "mirethal", "quillon"}
AMBITION = {"coral-union", "austral-group", "solvenne"}


@pytest.fixture(scope="module")
def dossier() -> Dossier:
    result = loader.load_positions([MULTI_ROOT])
    assert not result.problems, [p.format() for p in result.problems]
    return result.dossiers[MULTI_ID]


def _row(frame, issue: str):  # type: ignore[no-untyped-def]
    return next(r for r in frame.itertuples(index=False) if r.issue == issue)


def _overlaps(d: Dossier):  # type: ignore[no-untyped-def]
    return analysis.overlap_table(d, analysis.default_parties(d))


# --------------------------------------------------------------------------- the format


def test_weights_camps_and_rules_load(dossier: Dossier) -> None:
    assert dossier.side_by_id["coral-union"].weight == 27
    assert dossier.side_by_id["austral-group"].camps == ("high-ambition", "coastal-developing")
    assert dossier.side_by_id["tessary"].camps == ("northern-rim",)
    assert "quillon" in dossier.camp_members("producers")
    assert "quillon" in dossier.camp_members("coastal-developing")
    assert analysis.rule_in_force(dossier).rule.text == "consensus"
    royalty = analysis.rule_in_force(dossier, "royalty-rate")
    assert (royalty.rule.text, royalty.source) == ("qualified:0.667", "issue")
    assert royalty.evidence, "the issue's rule carries its quotes"
    assert analysis.default_parties(dossier).count("conference-president") == 0
    total = sum(analysis.party_weight(dossier, p) for p in analysis.default_parties(dossier))
    assert total == 52


# --------------------------------------------------------------------------- consensus


def test_the_light_minority_holds_the_deal_up_not_the_heavy_majority(dossier: Dossier) -> None:
    row = _row(_overlaps(dossier), "production-limits")
    assert row.rule == "consensus" and row.deal == "held up"
    assert [set(s) for s in row.blocker_sets] == [PRODUCERS]
    assert row.blocker_set_weights == (4.0,)
    assert row.total_weight == 52.0
    # counting side files (today's rule, every weight 1) names the ambition files
    ranges = {
        p: analysis.party_range(dossier, p, "production-limits").interval
        for p in analysis.default_parties(dossier)
    }
    by_count = analysis.all_minimal_blocker_sets(ranges)
    assert [set(s) for s in by_count] == [AMBITION]
    words = analysis.decision_sentence(row, _labels(dossier), _scale(dossier, row.issue))
    assert "(weight 4 of 52) hold a deal up" in words
    assert "Coral" not in words


def test_authority_powers_lightest_group_by_weight(dossier: Dossier) -> None:
    row = _row(_overlaps(dossier), "authority-powers")
    assert [set(s) for s in row.blocker_sets] == [{"korvane", "drassia", "mirethal", "ystrel"}]
    assert row.blocker_set_weights == (4.0,)


def test_not_placed_weight_is_reported_and_never_accepts(dossier: Dossier) -> None:
    row = _row(_overlaps(dossier), "technology-transfer")
    assert set(row.not_placed) == {"coral-union", "ystrel", "brevonne"}
    assert (row.total_weight, row.not_placed_weight) == (23.0, 29.0)
    assert [set(s) for s in row.blocker_sets] == [{"korvane", "drassia", "mirethal"}]
    assert row.could_change is False  # placing them cannot reopen a consensus
    words = analysis.decision_sentence(row, _labels(dossier), _scale(dossier, row.issue))
    assert "(weight 29); they could not change this" in words


def test_the_mediator_is_never_counted(dossier: Dossier) -> None:
    with_chair = [*analysis.default_parties(dossier), "conference-president"]
    row = _row(analysis.overlap_table(dossier, with_chair), "environmental-impact")
    assert row.deal == "carries" and row.winning_points == ("binding-eia",)
    assert row.not_counted == ("conference-president",)
    assert row.total_weight == 52.0


# --------------------------------------------------------------------------- votes


def test_the_issue_s_own_two_thirds_rule(dossier: Dossier) -> None:
    row = _row(_overlaps(dossier), "royalty-rate")
    assert row.rule == "qualified:0.667" and row.rule_source == "issue"
    assert row.support == (5.0, 35.0, 48.0, 17.0)
    assert row.winning_points == ("royalty-4", "royalty-6")
    assert set(row.outvoted["royalty-4"]) == {"austral-group", "lunaria", "mirethal", "pelagua"}
    assert set(row.outvoted["royalty-6"]) == {"drassia", "korvane", "mirethal", "tessary"}
    assert row.blocker_sets == ()


def test_a_two_thirds_what_if_outvotes_the_producers(dossier: Dossier) -> None:
    d = analysis.with_rule(dossier, "qualified:0.667")
    row = _row(_overlaps(d), "production-limits")
    assert (row.rule, row.rule_source, row.rule_hypothetical) == (
        "qualified:0.667",
        "what-if",
        True,
    )
    assert row.support == (10.0, 7.0, 6.0, 48.0, 17.0)
    assert row.winning_points == ("global-cap",)
    assert set(row.outvoted["global-cap"]) == PRODUCERS
    words = analysis.decision_sentence(row, _labels(d), _scale(d, row.issue))
    assert "Binding global cap carries with 48 of 52" in words and "(weight 4 of 52)" in words
    # one side, one vote: no-limits (10 sides) and global-cap (9) both reach 9 of 13
    d = analysis.with_rule(dossier, "qualified:0.667:sides")
    row = _row(_overlaps(d), "production-limits")
    assert row.winning_points == ("no-limits", "global-cap")


def test_a_rule_what_if_back_to_consensus(dossier: Dossier) -> None:
    d = analysis.with_rule(dossier, "consensus")
    row = _row(_overlaps(d), "royalty-rate")
    assert row.rule == "consensus" and row.deal == "held up"
    assert [set(s) for s in row.blocker_sets] == [{"drassia", "korvane", "mirethal", "tessary"}]


# --------------------------------------------------------------------------- meeting points


def test_meeting_points_under_the_rule(dossier: Dossier) -> None:
    table = paths.concessions_table(dossier, analysis.default_parties(dossier), by_rule=True)
    prod = _row(table, "production-limits")
    assert prod.rule == "consensus"
    assert prod.meeting_points == ("no-limits", "voluntary-guidelines")
    assert prod.weighted_total == 18 and prod.outvoted == ()
    royalty = _row(table, "royalty-rate")
    # a coalition carrying 35 or more already accepts royalty-4 and royalty-6: no move
    assert royalty.rule == "qualified:0.667" and royalty.weighted_total == 0
    assert royalty.meeting_points == ("royalty-4", "royalty-6")
    assert set(royalty.outvoted) == {"austral-group", "lunaria", "mirethal", "pelagua"}
    assert not set(royalty.steps) & set(royalty.outvoted), "the outvoted do not move"
    # under consensus everyone must move to royalty-4 (total 8, EXPECTED.md)
    plain = paths.concessions_table(dossier, analysis.default_parties(dossier))
    assert _row(plain, "royalty-rate").meeting_points == ("royalty-4",)
    assert _row(plain, "royalty-rate").weighted_total == 8


def test_meeting_under_a_two_thirds_what_if(dossier: Dossier) -> None:
    d = analysis.with_rule(dossier, "qualified:0.667")
    row = _row(
        paths.concessions_table(d, analysis.default_parties(d), by_rule=True), "production-limits"
    )
    assert row.meeting_points == ("global-cap",) and row.weighted_total == 0
    assert set(row.outvoted) == PRODUCERS


# --------------------------------------------------------------------------- export and CLI


def test_export_carries_the_rule_the_weights_and_the_outvoted(dossier: Dossier) -> None:
    data = export.export_dict(dossier, rule="qualified:0.667")
    assert data["rule_what_if"] == "qualified:0.667"
    coral = next(s for s in data["dossier"]["sides"] if s["id"] == "coral-union")
    assert (coral["role"], coral["weight"], coral["camps"]) == ("party", 27, ["high-ambition"])
    chair = next(s for s in data["dossier"]["sides"] if s["id"] == "conference-president")
    assert chair["role"] == "mediator"
    prod = next(r for r in data["tables"]["overlaps"] if r["issue"] == "production-limits")
    assert prod["rule"] == "qualified:0.667"
    assert prod["winning_points"] == ["global-cap"]
    assert set(prod["outvoted"]["global-cap"]) == PRODUCERS
    assert prod["blocker_sets"] == []
    rows = [r for r in data["tables"]["concessions"] if r["scope"] == "all sides"]
    assert next(r for r in rows if r["issue"] == "production-limits")["coalition"]


def test_cli_export_rule_and_a_bad_rule(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(
        ["export", str(MULTI_ROOT / MULTI_ID), "--rule", "qualified:0.667"], out=out, err=err
    )
    assert code == 0, err.getvalue()
    prod = next(
        r
        for r in json.loads(out.getvalue())["tables"]["overlaps"]
        if r["issue"] == "production-limits"
    )
    assert prod["winning_points"] == ["global-cap"]
    for bad, words in (
        ("unanimity", "unknown decision rule"),
        ("qualified:1.5", "between 0.5 and 1"),
        ("qualified", "needs its threshold"),
    ):
        out, err = io.StringIO(), io.StringIO()
        code = cli.main(["export", str(MULTI_ROOT / MULTI_ID), "--rule", bad], out=out, err=err)
        assert code == 2 and words in err.getvalue(), err.getvalue()
        assert out.getvalue() == ""


# --------------------------------------------------------------------------- the dashboard


@pytest.fixture
def multi_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(MULTI_ROOT))
    return MULTI_ROOT


def _gaps_several(query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in {"view": "several", **query}.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("app_pages/gaps.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _text(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def test_gaps_several_names_the_light_minority(multi_root: Path) -> None:
    at = _gaps_several({})
    text = _text(at)
    assert "Drassia, Republic of Korvane, Federation of Mirethal, Quillon (weight 4 of 52)" in text
    assert "Decided under consensus (every party must accept), as the dossier states" in text
    assert "Coral Union 27" in text and "count 1 (defaulted" in text
    supports = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    support = [s for s in supports if s["data"][0].get("name") == "support"]
    assert support, "a support chart per issue"
    assert "Hypothetical" not in text


def test_gaps_several_under_a_two_thirds_what_if(multi_root: Path) -> None:
    at = _gaps_several({"rule": "qualified:0.667"})
    text = _text(at)
    assert "**Hypothetical (what-if)**" in "\n".join(w.value for w in at.warning)
    assert "Binding global cap carries with 48 of 52" in text
    assert "outvoting" in text
    assert at.query_params["rule"] == "qualified:0.667"
    assert at.selectbox(key="w_rule").value == "qualified:0.667"


def test_a_bad_rule_in_the_link_is_reported_and_left_out(multi_root: Path) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["rule"] = "unanimity"
    at.run()
    assert not at.exception
    assert any("rule “unanimity” is left out" in w.value for w in at.warning), [
        w.value for w in at.warning
    ]
    assert "rule" not in at.query_params
    assert "Hypothetical (what-if)" not in "\n".join(w.value for w in at.warning)


@pytest.mark.parametrize(
    "page",
    [
        "app_pages/overview.py",
        "app_pages/paths.py",
        "app_pages/briefing.py",
        "app_pages/sources.py",
        "app_pages/issue_detail.py",
        "app_pages/timeline.py",
        "app_pages/data_health.py",
        "app_pages/changes.py",
    ],
)
@pytest.mark.parametrize("rule", [None, "majority"])
def test_every_page_as_sourced_and_under_the_rule_what_if(
    multi_root: Path, page: str, rule: str | None
) -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    if rule:
        at.query_params["rule"] = rule
    at.run()
    if page != "app_pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error
    hypothetical = any("Hypothetical (what-if)" in w.value for w in at.warning)
    assert hypothetical is bool(rule)
    if page == "app_pages/overview.py":
        shown = {m.label: m.value for m in at.metric}
        # as sourced: environmental impact and royalty rate carry; three are held up
        expected = ("5", "0") if rule else ("2", "3")
        assert (shown["Issues where a deal carries"], shown["Issues held up"]) == expected


def _labels(d: Dossier) -> dict[str, str]:
    return {p.ref: p.label for p in analysis.parties(d)}


def _scale(d: Dossier, issue: str):  # type: ignore[no-untyped-def]
    return d.issue_by_id[issue].scale


def test_one_placed_party_of_several_decides_nothing(dossier: Dossier) -> None:
    d = analysis.with_rule(dossier, "majority")
    row = _row(
        analysis.overlap_table(d, ["coral-union", "ystrel", "brevonne"]), "technology-transfer"
    )
    assert row.deal == "not placed"
    assert row.winning_points == () and row.outvoted == {}


def test_meeting_point_counting_weights_is_shown_beside(dossier: Dossier) -> None:
    table = paths.concessions_table(dossier, analysis.default_parties(dossier), by_rule=True)
    prod = _row(table, "production-limits")
    # counting coral-union for 27 and austral-group for 14, the producers move instead
    assert prod.meeting_points == ("no-limits", "voluntary-guidelines")
    assert prod.by_weight_points == ("global-cap",)
    plain = paths.concessions_table(dossier, analysis.default_parties(dossier))
    assert _row(plain, "production-limits").by_weight_points == ()
