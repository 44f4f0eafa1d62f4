"""AppTest tests of every page, on the shipped example and on a second dossier (a wage
negotiation written to tmp_path, see app_helpers), so nothing can be hard-coded.

The app is pointed at a positions root with NEGOTIATION_POSITIONS_DIR.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml
from app_helpers import (
    APP,
    D1,
    D3,
    EXAMPLE_ID,
    ROOT,
    WAGE_ID,
    WAGE_SIDES,
    dump,
    touch_later,
    write_wage_dossier,
)
from streamlit.testing.v1 import AppTest

from components import figures
from negotiation import analysis, loader

PAGES = {
    "overview": "app_pages/overview.py",
    "gaps": "app_pages/gaps.py",
    "issue": "app_pages/issue_detail.py",
    "sources": "app_pages/sources.py",
    "timeline": "app_pages/timeline.py",
    "paths": "app_pages/paths.py",
    "health": "app_pages/data_health.py",
    "briefing": "app_pages/briefing.py",
}
TITLES = {
    "overview": "Overview",
    "gaps": "Gaps & overlaps",
    "issue": "Issue detail",
    "sources": "Sources",
    "timeline": "Timeline",
    "paths": "Paths to agreement",
    "health": "Data health",
    "briefing": "Briefing export",
}
CHART_PAGES = {"gaps", "issue", "sources", "timeline", "paths"}
EXAMPLE_ROOT = ROOT / "positions"
# the long, many-sided test dossier of issue 11 (nine sides, a mediator, an observer)
LONG_ROOT = ROOT / "tests" / "fixtures" / "long-dossier"
LONG_ID = "river-basin-treaty"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def wage_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "positions"
    write_wage_dossier(root)
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(root))
    return root


@pytest.fixture
def long_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(LONG_ROOT))
    return LONG_ROOT


@pytest.fixture
def example_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    if not (EXAMPLE_ROOT / EXAMPLE_ID / "dossier.yaml").is_file():
        pytest.skip("the example dossier is not there")
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(EXAMPLE_ROOT))
    return EXAMPLE_ROOT


def new_app(query: dict[str, object] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at


def open_page(page: str, query: dict[str, object] | None = None) -> AppTest:
    at = new_app(query).run()
    assert not at.exception, [e.value for e in at.exception]
    if page != "overview":
        at.switch_page(PAGES[page]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def specs(at: AppTest) -> list[dict]:
    """The Plotly JSON spec of every chart on the page."""
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def spec_title(spec: dict) -> str | None:
    title = spec["layout"].get("title")
    return title.get("text") if isinstance(title, dict) else None


def trace_names(spec: dict) -> list[str]:
    return [t.get("name") for t in spec["data"]]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


# --------------------------------------------------------------------------- every page


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("dossier", ["example", "wage", "long"])
def test_every_page_renders(page: str, dossier: str, request: pytest.FixtureRequest) -> None:
    request.getfixturevalue(f"{dossier}_root")
    at = open_page(page)
    assert [t.value for t in at.title] == [TITLES[page]]
    assert not at.error
    if page in CHART_PAGES:
        charts = specs(at)
        assert charts, "expected at least one chart"
        assert all(c["data"] for c in charts), "a chart has no trace"
    # every page offers its tables as CSV (and the dossier as JSON where relevant)
    assert len(at.get("download_button")) >= 1
    # the sidebar is on every page
    assert at.selectbox(key="w_dossier").value in {EXAMPLE_ID, WAGE_ID, LONG_ID}


# --------------------------------------------------------------------------- overview


def test_overview_metrics_and_matrix_wage(wage_root: Path) -> None:
    at = open_page("overview")
    m = metrics(at)
    assert m["Issues with an overlap"] == "1"
    assert m["Issues with a gap"] == "1"
    assert m["Not placed"] == "0"
    assert m["Camp splits"] == "1"
    assert m["Widest gap"] == "1 step"
    frame = at.table[0].value
    assert list(frame.index) == ["Wage increase", "Working time", "One-off payment"]
    # the sides' short labels head the columns (full names in the caption below)
    assert {"Union", "Works council", "Employers"} <= set(frame.columns)
    assert frame.loc["Wage increase", "Union"] == "▲ demand · 4 % – 8 %"
    assert frame.loc["One-off payment", "Works council"] == analysis.NONE_CELL
    assert frame.loc["Wage increase", "Labour vs Management"] == "overlap: 4 %"
    assert frame.loc["One-off payment", "Labour vs Management"] == "gap: 1 step"
    assert frame.loc["Working time", "Labour vs Management"] == "split"
    labels = [b.label for b in at.get("download_button")]
    assert any("CSV" in label for label in labels)
    assert any("JSON" in label for label in labels)


def test_overview_as_of_an_earlier_date_from_the_url(wage_root: Path) -> None:
    at = open_page("overview", {"date": D1.isoformat()})
    assert at.select_slider(key="w_date").value == D1
    m = metrics(at)
    assert (m["Issues with an overlap"], m["Issues with a gap"], m["Not placed"]) == ("0", "1", "1")
    assert m["Widest gap"] == "2 steps"
    assert at.table[0].value.loc["One-off payment", "Union"] == "⬢ statement"


def test_overview_metrics_example_match_the_analysis(example_root: Path) -> None:
    result = loader.load_positions([example_root])
    dossier = result.dossiers[EXAMPLE_ID]
    at = open_page("overview")
    a, b = at.selectbox(key="w_a").value, at.selectbox(key="w_b").value
    expected = analysis.headline_counts(dossier, a, b, None)
    m = metrics(at)
    assert m["Issues with an overlap"] == str(expected["issues_with_overlap"])
    assert m["Issues with a gap"] == str(expected["issues_with_gap"])
    assert m["Not placed"] == str(expected["issues_not_placed"])
    assert m["Camp splits"] == str(expected["camp_splits"])
    frame = at.table[0].value
    assert len(frame) == len(dossier.issues)
    assert {s.label for s in dossier.sides} <= set(frame.columns)


def test_issue_filter_restricts_the_overview(wage_root: Path) -> None:
    at = open_page("overview", {"issues": ["wage-increase", "one-off-payment"]})
    assert list(at.table[0].value.index) == ["Wage increase", "One-off payment"]
    assert metrics(at)["Camp splits"] == "0"  # the split is on working time


# --------------------------------------------------------------------------- gaps & overlaps


def test_gap_charts_shade_overlap_and_label_gap(wage_root: Path) -> None:
    at = open_page("gaps")
    by_title = {spec_title(s): s for s in specs(at)[:3]}
    wage = by_title["Wage increase"]
    assert trace_names(wage) == ["Labour (camp)", "Management (camp)"]
    assert [s.get("name") for s in wage["layout"]["shapes"]] == ["overlap"]
    assert wage["layout"]["xaxis"]["ticktext"][2] == "4 %"
    one_off = by_title["One-off payment"]
    assert "gap: 1 step" in one_off["layout"]["annotations"][0]["text"]
    assert trace_names(by_title["Working time"])[0] == "Labour (camp) — split"
    # one colour per party: each camp the middle shade of its hue family, in camp order
    colours = [t["line"]["color"] for t in wage["data"]]
    assert colours == [figures.hue_family(b, 1)[0] for b in figures.FAMILY_BASES[:2]]


def test_blockers_named_for_several_parties(wage_root: Path) -> None:
    at = open_page("gaps", {"parties": ["union", "works-council", "employers"], "view": "several"})
    text = markdown_text(at)
    assert "Blocking" in text and "Metalworkers' Union" in text
    overlaps = [df.value for df in at.dataframe if "blocker_labels" in df.value.columns]
    assert overlaps, "the overlap table is shown"
    table = overlaps[0].set_index("issue_title")
    assert table.loc["Working time", "blocker_labels"] == "Metalworkers' Union"
    assert table.loc["Wage increase", "status"] == "overlap"


def test_movement_arrows(wage_root: Path) -> None:
    at = open_page("gaps", {"from": D1.isoformat(), "view": "movement"})
    assert at.selectbox(key="w_from").value == D1
    movement = [s for s in specs(at) if "before" in trace_names(s)]
    assert len(movement) == 1
    spec = movement[0]
    assert {"Employers", "Union"} <= set(trace_names(spec))  # short labels
    arrows = [a for a in spec["layout"].get("annotations", []) if a.get("showarrow")]
    assert len(arrows) == 2  # both sides moved on wages; the one-off had no placement
    assert at.query_params["from"] == D1.isoformat()


# --------------------------------------------------------------------------- issue detail


def test_issue_detail_history_and_evidence(wage_root: Path) -> None:
    at = open_page("issue", {"issue": "wage-increase"})
    assert at.selectbox(key="w_issue").value == "wage-increase"
    (history,) = specs(at)
    assert set(trace_names(history)) == {"Union", "Works council", "Employers"}
    assert history["layout"]["yaxis"]["ticktext"][0] == "No increase"
    union = next(t for t in history["data"] if t["name"] == "Union")
    assert len(union["x"]) == 2  # two dated positions
    text = markdown_text(at)
    assert "We want eight per cent" in text and "Union chair" in text
    assert "(https://example.org/courier/metal-talks)" in text
    assert at.query_params["issue"] == "wage-increase"


def test_example_issue_detail_marks_paraphrased_evidence(example_root: Path) -> None:
    at = open_page("issue", {"issue": "nato-russia-council"})
    text = markdown_text(at)
    assert "Sergei Ryabkov (paraphrased by The Moscow Times), " in text
    assert "Olga Oliker, " in text  # her own words: no mark
    evidence = next(df.value for df in at.dataframe if "paraphrase" in df.value.columns)
    wording = evidence["paraphrase"] == "paraphrase"  # the table says it in words
    assert wording.any() and not wording.all()


def test_example_overview_headline(example_root: Path) -> None:
    at = open_page("overview")
    m = metrics(at)
    assert (m["Issues with an overlap"], m["Issues with a gap"], m["Not placed"]) == ("1", "6", "7")
    assert m["Widest gap"] == "4 steps"
    assert any("NATO non-expansion (100% of the scale)" in c.value for c in at.caption)


def test_example_overview_widest_gap_weighted_by_priority(example_root: Path) -> None:
    at = open_page("overview")
    m = metrics(at)
    # beside the plain one: 4 steps × Russia's core priority (4) on NATO non-expansion
    assert m["Widest gap"] == "4 steps"
    assert m["Widest gap, weighted steps"] == "16"
    captions = [c.value for c in at.caption]
    assert any(c.startswith("NATO non-expansion: 4 steps × 4 (Russia: core)") for c in captions)
    assert any("defaulted to medium" in c for c in captions)
    plain = next(x for x in at.metric if x.label == "Widest gap")
    assert "not weighted" in plain.help


def test_overview_without_priorities_shows_no_weighted_widest_gap(wage_root: Path) -> None:
    at = open_page("overview")
    m = metrics(at)
    assert m["Widest gap"] == "1 step"
    assert "Widest gap, weighted steps" not in m
    assert any("No priority is stated on these gaps" in c.value for c in at.caption)


# --------------------------------------------------------------------------- sources


def test_sources_voices_agreement_and_frames(wage_root: Path) -> None:
    at = open_page("sources")
    charts = {spec_title(s): s for s in specs(at)}
    outcome = charts["Outcome"]
    assert set(trace_names(outcome)) == {"the talks", "about an issue"}
    assert (
        "Dr. Erika Example (Labour<br>Economics Blog)"
        in outcome["layout"]["yaxis"]["categoryarray"]
    )
    frames = next(s for s in specs(at) if s["data"][0]["type"] == "bar")
    bars = dict(zip(frames["data"][0]["y"], frames["data"][0]["x"], strict=True))
    assert bars == {"Poker game": 2, "Marathon": 1}
    agreement = next(df.value for df in at.dataframe if "agreement" in df.value.columns)
    talks = agreement[agreement["topic_label"] == analysis.TALKS_LABEL].iloc[0]
    assert talks["n"] == 2
    # A is shown as text ("—" when too few sources to measure)
    assert talks["reading"] == "disagreement" or float(talks["agreement"]) <= 1
    # the quote with markup is shown escaped, never as HTML
    assert "\\<script\\>" in markdown_text(at)
    assert not at.get("html")


def test_example_sources_mark_paraphrased_voices(example_root: Path) -> None:
    text = markdown_text(open_page("sources"))
    assert "— Georgiy Kunadze (paraphrased by DW), former Russian deputy foreign minister" in text
    assert "— Tatiana Stanovaya, founder" in text  # her own words: no mark


# --------------------------------------------------------------------------- timeline


def test_timeline_events_and_positions(wage_root: Path) -> None:
    at = open_page("timeline")
    (spec,) = specs(at)
    assert trace_names(spec)[-1] == "events"
    assert len(spec["data"][-1]["x"]) == 3
    assert {"Union", "Employers"} <= set(trace_names(spec))  # short labels name the rows
    labels = [e.label for e in at.expander]
    first = next(label for label in labels if "First bargaining round" in label)
    assert first.startswith("01 Mar 2024 — 1. ") and first.endswith("(8 positions)")
    assert any("Mediation session" in label and "(0 positions)" in label for label in labels)


def test_example_sources_verdicts_until_after_the_talks_last_day(example_root: Path) -> None:
    """As of 14 January (the last day of the talks) only the verdicts published by
    then count; ``verdicts=`` reads what was said afterwards, labelled as such."""
    at = open_page("sources", {"date": "2022-01-14"})
    captions = [c.value for c in at.caption]
    assert any("55 characterisations published on or before 14 Jan 2022" in c for c in captions)
    assert at.selectbox(key="w_verdicts").value is None
    assert "verdicts" not in at.query_params
    at = open_page("sources", {"date": "2022-01-14", "verdicts": "2022-01-31"})
    assert not at.warning
    assert at.selectbox(key="w_verdicts").value == dt.date(2022, 1, 31)
    info = " ".join(i.value for i in at.info)
    assert "Verdicts until 31 Jan 2022, after the as-of date (14 Jan 2022)" in info
    captions = [c.value for c in at.caption]
    assert any("63 characterisations published on or before 31 Jan 2022" in c for c in captions)
    assert at.query_params["verdicts"] == "2022-01-31"
    assert at.select_slider(key="w_date").value == dt.date(2022, 1, 14)  # positions as of


def test_verdicts_until_picked_on_sources_carries_to_the_brief(example_root: Path) -> None:
    at = open_page("sources", {"date": "2022-01-14"})
    at.selectbox(key="w_verdicts").set_value(dt.date(2022, 1, 18)).run()
    assert not at.exception
    assert at.query_params["verdicts"] == "2022-01-18"
    assert any("Verdicts until 18 Jan 2022" in i.value for i in at.info)
    at.switch_page(PAGES["briefing"]).run()
    assert at.query_params["verdicts"] == "2022-01-18"
    brief = markdown_text(at)
    assert "verdicts until 18 Jan 2022, after the as-of date (14 Jan 2022)" in brief
    assert "Verdicts until 18 Jan 2022, after the as-of date (14 Jan 2022): " in brief
    assert any("chosen on the Sources page" in i.value for i in at.info)
    # back to the default: no label, no URL key
    at.switch_page(PAGES["sources"]).run()
    at.selectbox(key="w_verdicts").set_value(None).run()
    assert "verdicts" not in at.query_params
    assert not any("Verdicts until" in i.value for i in at.info)


@pytest.mark.parametrize("bad", ["2022-02-30", "after", "18-01-2022"])
def test_a_bad_verdicts_date_in_the_link_is_ignored_with_a_notice(
    example_root: Path, bad: str
) -> None:
    at = new_app({"date": "2022-01-14", "verdicts": bad}).run()  # the link's first page
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "is not a date (YYYY-MM-DD); counting the verdicts the as-of date counts" in notices
    at.switch_page(PAGES["sources"]).run()
    assert at.selectbox(key="w_verdicts").value is None
    assert "verdicts" not in at.query_params
    assert not any("Verdicts until" in i.value for i in at.info)


# --------------------------------------------------------------------------- briefing


def test_briefing_has_gaps_blockers_movement_and_citations(wage_root: Path) -> None:
    at = open_page("briefing", {"from": D1.isoformat()})
    brief = markdown_text(at)
    assert "Brief: Metalworkers' wage round 2024" in brief
    assert "Gaps and overlaps: Labour and Management" in brief
    assert "One-off payment: gap of 1 step" in brief
    assert "Movement from 01 Mar 2024" in brief
    assert "Rheinstadt Courier" in brief and "“Four is the floor”" in brief
    assert "\\<script\\>" in brief
    labels = [b.label for b in at.get("download_button")]
    assert "Download brief (Markdown)" in labels and "Download brief (HTML)" in labels


# --------------------------------------------------------------------------- URL state


def test_query_params_restore_the_view(wage_root: Path) -> None:
    query = {
        "dossier": WAGE_ID,
        "date": "2024-03-20",  # between two dates: snaps to the one before
        "a": "union",
        "b": "employers",
        "parties": ["union", "employers"],
        "issues": ["wage-increase"],
        "issue": "wage-increase",
    }
    at = open_page("overview", query)
    assert at.select_slider(key="w_date").value == dt.date(2024, 3, 15)
    assert at.selectbox(key="w_a").value == "union"
    assert at.selectbox(key="w_b").value == "employers"
    assert at.multiselect(key="w_parties").value == ["union", "employers"]
    assert at.multiselect(key="w_issues").value == ["wage-increase"]
    assert not at.warning
    at.switch_page(PAGES["issue"]).run()
    assert at.selectbox(key="w_issue").value == "wage-increase"
    assert at.selectbox(key="w_a").value == "union"
    qp = at.query_params
    assert qp["dossier"] == WAGE_ID and qp["date"] == "2024-03-15"
    assert qp["a"] == "union" and qp["b"] == "employers"
    assert qp["parties"] == ["union", "employers"]


def test_changing_a_widget_writes_the_url_and_survives_a_page_switch(wage_root: Path) -> None:
    at = open_page("overview")
    at.selectbox(key="w_b").set_value("works-council").run()
    assert at.query_params["b"] == "works-council"
    at.switch_page(PAGES["gaps"]).run()
    assert at.selectbox(key="w_b").value == "works-council"
    assert at.query_params["b"] == "works-council"
    titles = [spec_title(s) for s in specs(at)]
    assert "Wage increase" in titles


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("dossier", "../../etc"),
        ("dossier", "/etc/passwd"),
        ("dossier", "no-such-dossier"),
        ("date", "yesterday"),
        ("a", "camp:../../x"),
        ("issue", "..%2F..%2Fetc"),
    ],
)
def test_invalid_query_params_fall_back_with_a_message(
    wage_root: Path, key: str, value: str
) -> None:
    at = new_app({key: value}).run()
    assert not at.exception
    assert at.warning, "a friendly message explains the bad link"
    assert all("Traceback" not in w.value for w in at.warning)
    at.switch_page(PAGES["issue"]).run()
    assert not at.exception
    assert at.selectbox(key="w_dossier").value == WAGE_ID
    assert at.select_slider(key="w_date").value == D3
    assert at.selectbox(key="w_a").value == "camp:labour"
    assert at.selectbox(key="w_issue").value == "wage-increase"


# --------------------------------------------------------------------------- live data


def test_a_saved_yaml_edit_shows_on_the_next_run(wage_root: Path) -> None:
    at = open_page("overview")
    assert metrics(at)["Issues with an overlap"] == "1"
    employers = dict(WAGE_SIDES["employers"])
    positions = [dict(p) for p in employers["positions"]]
    bonus = next(p for p in positions if p["id"] == "employers-bonus")
    bonus["accepts"] = {"from": "eur-500", "to": "eur-1000"}
    employers["positions"] = positions
    path = wage_root / WAGE_ID / "sides" / "employers.yaml"
    dump(employers, path)
    touch_later(path)
    at.run()
    m = metrics(at)
    assert m["Issues with an overlap"] == "2"
    assert m["Issues with a gap"] == "0"


def test_a_broken_file_shows_in_data_health_and_the_rest_renders(wage_root: Path) -> None:
    path = wage_root / WAGE_ID / "sides" / "works-council.yaml"
    path.write_text("id: works-council\nname: [unclosed\n", encoding="utf-8")
    at = open_page("overview")
    banner = [w.value for w in at.warning]
    assert any("error" in w for w in banner)
    assert [p.proto.page for p in at.get("page_link")][-1] == "health"  # url path
    frame = at.table[0].value
    assert "Works council" not in frame.columns
    assert "Union" in frame.columns
    at.switch_page(PAGES["health"]).run()
    assert not at.exception
    problems = at.table[0].value  # a static table: messages wrap, never cut off
    hit = problems[problems["Where"].str.contains("works-council.yaml", regex=False)]
    assert not hit.empty
    where = hit.iloc[0]["Where"]
    # relative to the positions folder, with line and column
    assert where.startswith(f"{WAGE_ID}/sides/works-council.yaml:"), where
    assert int(where.rsplit(":", 2)[1]) >= 1
    assert metrics(at)["Errors"] != "0"


def test_data_health_coverage_wage(wage_root: Path) -> None:
    at = open_page("health")
    m = metrics(at)
    assert m["Errors"] == "0"
    assert m["Cells without a position"] == "1"
    assert m["Positions not placed"] == "1"
    assert any("No problems" in s.value for s in at.success)


def test_switching_dossier_resets_the_view(wage_root: Path) -> None:
    if not (EXAMPLE_ROOT / EXAMPLE_ID / "dossier.yaml").is_file():
        pytest.skip("the example dossier is not there")
    shutil.copytree(EXAMPLE_ROOT / EXAMPLE_ID, wage_root / EXAMPLE_ID)
    at = open_page("gaps", {"dossier": WAGE_ID, "a": "union"})
    assert at.selectbox(key="w_a").value == "union"
    at.selectbox(key="w_dossier").set_value(EXAMPLE_ID).run()
    assert not at.exception
    dossier = loader.load_positions([wage_root]).dossiers[EXAMPLE_ID]
    refs = [p.ref for p in analysis.parties(dossier)]
    assert at.selectbox(key="w_a").value in refs
    assert at.select_slider(key="w_date").value == dossier.dates()[-1]
    assert at.query_params["dossier"] == EXAMPLE_ID


def test_no_dossier_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(tmp_path / "empty"))
    for page in ("overview", "gaps", "health"):
        at = open_page(page)
        assert not at.exception
    assert metrics(at)["Dossiers loaded"] == "0"


def test_dates_in_the_sidebar_are_the_dossier_dates(wage_root: Path) -> None:
    at = open_page("overview")
    slider = at.select_slider(key="w_date")
    assert list(slider.options) == [
        d.strftime("%d %b %Y") for d in loader.load_positions([wage_root]).dossiers[WAGE_ID].dates()
    ]


def test_yaml_is_not_parsed_again_without_changes(wage_root: Path) -> None:
    at = open_page("overview")
    before = loader.parse_count()
    at.run()
    at.switch_page(PAGES["sources"]).run()
    assert loader.parse_count() == before
    assert yaml  # the helpers write YAML with PyYAML


def test_the_dashboards_json_download_carries_verdicts_until(example_root: Path) -> None:
    from components.common import ViewContext, _export_json

    result = loader.load_positions([example_root])
    d = result.dossiers[EXAMPLE_ID]
    day, until = dt.date(2022, 1, 14), dt.date(2022, 1, 31)
    plain = json.loads(_export_json(ViewContext(result=result, dossier=d, date=day)))
    later = json.loads(
        _export_json(ViewContext(result=result, dossier=d, date=day, verdicts_until=until))
    )
    assert "verdicts_until" not in plain["comparison"]
    assert later["comparison"]["verdicts_until"] == "2022-01-31"
    n_plain = len(plain["tables"]["characterisations"])
    assert len(later["tables"]["characterisations"]) > n_plain
