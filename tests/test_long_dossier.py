"""The long, many-sided test dossier (tests/fixtures/long-dossier/river-basin-treaty).

A fictional river-basin treaty negotiation: seven riparian states, a mediator
(basin-envoy) and an observer (meridian-bank), four camps (two of one member),
twelve issues over eighteen months. These tests pin the shape and the features
issue 11 relies on (tied blocker sets, a split camp, a side that moves and comes
back, a topic with a single characterisation) and run every page on it in AppTest.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from app_helpers import APP
from streamlit.testing.v1 import AppTest

from components.pages import PAGES
from negotiation import analysis
from negotiation.dossier import Dossier
from negotiation.loader import load_dossier, load_positions

FIXTURE_ROOT = Path(__file__).resolve().parent / "fixtures" / "long-dossier"
DOSSIER_ID = "river-basin-treaty"
FOLDER = FIXTURE_ROOT / DOSSIER_ID

TIE_ISSUE = "dry-season-flow"
TIE_SETS = {frozenset({"aldoria", "brenica"}), frozenset({"estavia", "fenmoor"})}
SPLIT_CAMP, SPLIT_ISSUE = "midstream", "navigation"
MOVER, MOVER_ISSUE = "brenica", "data-sharing"
MOVER_DATES = (dt.date(2025, 5, 6), dt.date(2026, 1, 26), dt.date(2026, 4, 20))
SINGLE_TOPIC = "issue:navigation"


@pytest.fixture(scope="module")
def dossier() -> Dossier:
    d, problems = load_dossier(FOLDER)
    assert problems == []
    assert d is not None
    return d


def test_loads_without_problems_also_strict() -> None:
    result = load_positions([FIXTURE_ROOT])
    assert result.problems == []
    assert list(result.dossiers) == [DOSSIER_ID]


def test_shape(dossier: Dossier) -> None:
    assert len(dossier.sides) == 9
    assert len(dossier.issues) == 12
    assert len(dossier.positions()) == 97
    assert len(dossier.camps) == 4
    assert len(dossier.events) == 10
    assert len(dossier.sources) == 12
    assert len(dossier.characterisations) == 35
    assert all(s.short for s in dossier.sides)
    members = {c.id: dossier.camp_members(c.id) for c in dossier.camps}
    assert sorted(len(m) for m in members.values()) == [1, 1, 2, 2]
    assert {s.id for s in dossier.sides if s.camp is None} == {
        "galtria",
        "basin-envoy",
        "meridian-bank",
    }
    assert all(4 <= len(i.scale) <= 6 for i in dossier.issues)
    period = dossier.meta.period
    assert (period.end - period.start).days > 540
    unplaced = [p for _, p in dossier.positions() if p.accepts is None]
    assert len(unplaced) == 5 and all(p.ideal is None for p in unplaced)


def test_roles_mark_mediator_and_observer(dossier: Dossier) -> None:
    roles = {s.id: s.role for s in dossier.sides}
    assert roles.pop("basin-envoy") == "mediator"
    assert roles.pop("meridian-bank") == "observer"
    assert set(roles.values()) == {"party"}
    galtria = (FOLDER / "sides" / "galtria.yaml").read_text(encoding="utf-8")
    assert "role:" not in galtria  # the default


def test_one_outlet_two_articles(dossier: Dossier) -> None:
    herald = [s for s in dossier.sources if s.outlet == "The Varn Herald"]
    assert len(herald) == 2
    assert len({s.title for s in herald}) == 2 and len({s.date for s in herald}) == 2
    assert len({s.kind for s in dossier.sources}) == 5


def test_clean_of_the_defects_issue_11_will_detect(dossier: Dossier) -> None:
    """No ideal outside its range, no evidence or characterisation dated after its source."""
    for _, pos in dossier.positions():
        issue = dossier.issue_by_id[pos.issue]
        iv = analysis.position_interval(issue, pos)
        ideal = analysis.ideal_index(issue, pos)
        if iv is not None and ideal is not None:
            assert iv[0] <= ideal <= iv[1], pos.id
        for ev in pos.evidence:
            published = dossier.source_by_id[ev.source].date
            assert ev.date is None or ev.date <= published, pos.id
    for ch in dossier.characterisations:
        assert ch.date is None or ch.date <= dossier.source_by_id[ch.source].date, ch.id


def _all_sides_ranges(dossier: Dossier, issue: str) -> dict[str, tuple[int, int]]:
    out = {}
    for side in dossier.sides:
        iv = analysis.party_range(dossier, side.id, issue).interval
        if iv is not None:
            out[side.id] = iv
    return out


def test_tie_issue_has_two_minimal_blocker_sets(dossier: Dossier) -> None:
    ranges = _all_sides_ranges(dossier, TIE_ISSUE)
    assert analysis.intersect(ranges.values()) is None
    sets = analysis.all_minimal_blocker_sets(ranges)
    assert {frozenset(s) for s in sets} == TIE_SETS
    # blockers() names only one of them: the silent tie-break issue 11 is about
    assert frozenset(analysis.blockers(ranges)) in TIE_SETS
    # the mediator and the observer do not change the answer
    parties_only = {k: v for k, v in ranges.items() if k not in {"basin-envoy", "meridian-bank"}}
    assert {frozenset(s) for s in analysis.all_minimal_blocker_sets(parties_only)} == TIE_SETS


def test_midstream_camp_is_split_on_navigation(dossier: Dossier) -> None:
    table = analysis.camp_table(dossier)
    split = table[table["split"]]
    assert list(zip(split["camp"], split["issue"], strict=True)) == [(SPLIT_CAMP, SPLIT_ISSUE)]
    row = split.iloc[0]
    assert row["status"] == "split"
    assert set(row["placed"]) == {"corvala", "dernland"}


def test_mover_hardens_and_comes_back(dossier: Dossier) -> None:
    dates, positions = dossier.position_index[(MOVER, MOVER_ISSUE)]
    assert dates == MOVER_DATES
    issue = dossier.issue_by_id[MOVER_ISSUE]
    first, middle, last = (analysis.position_interval(issue, p) for p in positions)
    assert first == last and middle != first
    assert middle is not None and first is not None and middle[1] < first[1]  # hardened
    # first vs last alone hides the path: the movement table says "unchanged"
    moves = analysis.movement_table(dossier, MOVER_DATES[0], None)
    row = moves[(moves["side"] == MOVER) & (moves["issue"] == MOVER_ISSUE)].iloc[0]
    assert (row["changed"], row["direction"]) == (False, "unchanged")


def test_characterisations_shift_and_one_topic_has_a_single_verdict(dossier: Dossier) -> None:
    mood = dossier.dimension_by_id["mood"]
    order = {p.id: i for i, p in enumerate(mood.scale)}

    def mood_on(ch) -> tuple[dt.date, int]:
        return (ch.date or dossier.source_by_id[ch.source].date, order[ch.value])

    talks = sorted(
        mood_on(c)
        for c in dossier.characterisations
        if c.about == "talks" and c.dimension == "mood"
    )
    peak = max(range(len(talks)), key=lambda i: talks[i][1])
    assert talks[0][1] < talks[peak][1] > talks[-1][1]  # improves, then sours
    assert talks[peak][0] == dt.date(2025, 9, 16)
    dated = [c.date or dossier.source_by_id[c.source].date for c in dossier.characterisations]
    assert min(dated) < dt.date(2025, 10, 1) < max(dated)
    counts = Counter(
        "talks" if c.about == "talks" else f"{c.about.kind}:{c.about.ref}"
        for c in dossier.characterisations
    )
    assert counts[SINGLE_TOPIC] == 1
    agreement = analysis.agreement_table(dossier)
    row = agreement[agreement["topic"] == SINGLE_TOPIC].iloc[0]
    assert row["n"] == 1


# --------------------------------------------------------------------------- AppTest


@pytest.fixture
def long_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(FIXTURE_ROOT))
    return FIXTURE_ROOT


def _open(script: str | None, query: dict[str, object]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if script is not None:
        at.switch_page(script).run()
        assert not at.exception, [e.value for e in at.exception]
    return at


QUERIES = {
    "latest": {},
    "mid-period": {"date": "2025-09-15"},
}


@pytest.mark.parametrize("when", list(QUERIES))
@pytest.mark.parametrize("page", [p.key for p in PAGES])
def test_every_page_renders_on_the_long_dossier(page: str, when: str, long_root: Path) -> None:
    spec = next(p for p in PAGES if p.key == page)
    at = _open(None if spec.default else spec.script, QUERIES[when])
    assert [t.value for t in at.title] == [spec.title]
    assert not at.error, [e.value for e in at.error]
    assert at.selectbox(key="w_dossier").value == DOSSIER_ID
    if "date" in QUERIES[when]:
        assert at.select_slider(key="w_date").value == dt.date(2025, 9, 15)


@pytest.mark.parametrize(
    "query",
    [
        {"view": "several"},
        {"view": "several", "issues": [TIE_ISSUE]},
        {"view": "movement", "from": "2025-05-06"},
        {"a": "camp:upstream", "b": "camp:delta"},
    ],
)
def test_gap_views_render_on_the_long_dossier(query: dict[str, object], long_root: Path) -> None:
    at = _open("app_pages/gaps.py", query)
    assert not at.error, [e.value for e in at.error]
    assert at.get("plotly_chart")


@pytest.mark.parametrize("issue", [TIE_ISSUE, SPLIT_ISSUE, MOVER_ISSUE])
def test_issue_detail_renders_on_the_long_dossier(issue: str, long_root: Path) -> None:
    at = _open("app_pages/issue_detail.py", {"issue": issue})
    assert not at.error, [e.value for e in at.error]
    assert at.get("plotly_chart")


def test_reliability_runs_on_the_fictional_second_coding(dossier: Dossier) -> None:
    """codings/reviewer-b.yaml: 18 units, three one-step disagreements and one
    not-a-characterisation, all reliable."""
    rel = analysis.reliability(dossier)
    assert rel.coders == ("main", "reviewer-b")
    by_dim = {d.dimension: d for d in rel.dimensions}
    assert {k: (d.units, d.pairable, d.disagreements) for k, d in by_dim.items()} == {
        "mood": (6, 6, 1),
        "progress": (5, 5, 1),
        "outlook": (7, 6, 2),
    }
    assert sorted(d.characterisation for d in rel.disagreements) == [
        "bank-note-outlook",
        "courier-technical-data",
        "envoy-framework-mood",
        "herald-opening-progress",
    ]
    assert all(d.reading == "reliable" for d in rel.dimensions)
    assert rel.overall.alpha == pytest.approx(
        sum(d.alpha * d.pairable for d in rel.dimensions) / 17  # type: ignore[operator]
    )
