"""Long lists are drawn a page at a time: the Overview's stance tables (issues), the
Gaps movement chart (moves), the Sources page's quotes and the Timeline's event days,
on a generated dossier of 100 issues × 15 sides.

The browser lays out static tables and chart annotations on every change; hundreds of
rows or thousands of arrows take it seconds. The full lists stay in the CSVs (and, for
movement, in the virtualised table under the chart)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app_helpers import APP
from streamlit.testing.v1 import AppTest

from benchmarks.generate import SIZES, generate
from components.gaps import MOVES_PER_PAGE
from components.overview import ISSUES_PER_PAGE, SIDES_PER_TABLE
from components.sources import QUOTES_PER_PAGE
from components.timeline import DAYS_PER_PAGE
from negotiation import analysis
from negotiation.loader import load_positions


@pytest.fixture(scope="module")
def big_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("paging")
    generate("M", root)
    return root


@pytest.fixture
def app(big_root: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(big_root))
    return AppTest.from_file(str(APP), default_timeout=120)


def _issue_rows(at: AppTest) -> list[list[str]]:
    """The row labels (issue titles) of each stance table."""
    return [list(t.value.index) for t in at.table]


def test_overview_stance_tables_show_a_page_of_issues(app: AppTest) -> None:
    issues = SIZES["M"].issues
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    pager = app.number_input(key="w_page_overview")
    pages = -(-issues // ISSUES_PER_PAGE)
    assert pager.max == pages and pager.value == 1
    captions = [c.value for c in app.caption]
    assert f"Showing issues 1–{ISSUES_PER_PAGE} of {issues} (the CSV lists them all)." in captions
    rows = _issue_rows(app)
    assert len(rows) == SIZES["M"].sides // SIDES_PER_TABLE  # the pair column joins the last
    assert all(len(r) == ISSUES_PER_PAGE for r in rows)
    first = rows[0]

    pager.set_value(pages).run()
    assert not app.exception
    last = _issue_rows(app)[0]
    assert len(last) == issues - (pages - 1) * ISSUES_PER_PAGE
    assert not set(first) & set(last)
    captions = [c.value for c in app.caption]
    start = (pages - 1) * ISSUES_PER_PAGE + 1
    assert f"Showing issues {start}–{issues} of {issues} (the CSV lists them all)." in captions


def test_overview_pager_returns_to_the_first_page_when_the_filter_shrinks(
    app: AppTest,
) -> None:
    app.run()
    app.number_input(key="w_page_overview").set_value(2).run()
    keep = app.multiselect(key="w_issues").options[:3]
    app.multiselect(key="w_issues").set_value(keep).run()
    assert not app.exception
    assert not [w for w in app.number_input if w.key == "w_page_overview"]
    assert all(len(r) == 3 for r in _issue_rows(app))
    # widening the filter again starts on the first page, not on a page that vanished
    app.multiselect(key="w_issues").set_value([]).run()
    assert app.number_input(key="w_page_overview").value == 1


def test_movement_chart_shows_a_page_of_moves_and_the_table_all(
    app: AppTest, big_root: Path
) -> None:
    result = load_positions([big_root])
    (dossier,) = result.dossiers.values()
    dates = dossier.dates()
    app.query_params["view"] = "movement"
    app.query_params["from"] = dates[len(dates) // 2].isoformat()
    app.run()
    app.switch_page("app_pages/gaps.py").run()
    assert not app.exception, [e.value for e in app.exception]
    moves = len(app.dataframe[0].value)
    assert moves > 2 * MOVES_PER_PAGE
    pager = app.number_input(key="w_page_movement")
    assert pager.max == -(-moves // MOVES_PER_PAGE)
    captions = [c.value for c in app.caption]
    assert (
        f"Showing moves 1–{MOVES_PER_PAGE} of {moves} (the table below lists them all)." in captions
    )
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    arrows = [a for a in spec["layout"].get("annotations", []) if a.get("showarrow")]
    assert 0 < len(arrows) <= MOVES_PER_PAGE
    placed = sum(len(t.get("y", [])) for t in spec["data"] if t.get("name") != "before")
    assert placed <= MOVES_PER_PAGE

    pager.set_value(2).run()
    assert not app.exception
    spec2 = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert spec2["data"] != spec["data"]
    assert len(app.dataframe[0].value) == moves


def _quotes(at: AppTest) -> list[str]:
    """The quote blocks the Sources page lists ("> “…”" markdown)."""
    return [m.value for m in at.markdown if m.value.startswith("> “")]


def test_sources_lists_a_page_of_quotes_and_the_csv_all(app: AppTest, big_root: Path) -> None:
    (dossier,) = load_positions([big_root]).dossiers.values()
    app.run()
    app.switch_page("app_pages/sources.py").run()
    assert not app.exception, [e.value for e in app.exception]
    # as of the last day every characterisation counts
    cutoff = analysis.characterisation_cutoff(dossier, dossier.dates()[-1])
    counted = len(analysis.characterisations_frame(dossier, cutoff))
    assert counted == len(dossier.characterisations) > 2 * QUOTES_PER_PAGE
    pager = app.number_input(key="w_page_quotes")
    captions = [c.value for c in app.caption]
    shown = [c for c in captions if c.startswith("Showing quotes 1–")]
    assert shown == [
        f"Showing quotes 1–{QUOTES_PER_PAGE} of {counted} "
        "(the characterisations CSV lists them all)."
    ], captions
    first = _quotes(app)
    assert len(first) == QUOTES_PER_PAGE
    pages = -(-counted // QUOTES_PER_PAGE)
    assert pager.max == pages

    pager.set_value(pages).run()
    assert not app.exception
    last = _quotes(app)
    assert len(last) == counted - (pages - 1) * QUOTES_PER_PAGE
    assert not set(first) & set(last)


def _day_groups(at: AppTest) -> list[str]:
    """The labels of the Timeline's event-day expanders."""
    return [e.label for e in at.expander]


def test_timeline_lists_a_page_of_event_days(app: AppTest, big_root: Path) -> None:
    (dossier,) = load_positions([big_root]).dossiers.values()
    days = len({e.date for e in dossier.events}) + 1  # and the group before the first
    assert days > DAYS_PER_PAGE
    app.run()
    app.switch_page("app_pages/timeline.py").run()
    assert not app.exception, [e.value for e in app.exception]
    pager = app.number_input(key="w_page_timeline")
    pages = -(-days // DAYS_PER_PAGE)
    assert pager.max == pages
    captions = [c.value for c in app.caption]
    assert (
        f"Showing event days 1–{DAYS_PER_PAGE} of {days} (the CSV downloads list every "
        "event and position)." in captions
    )
    first = _day_groups(app)
    assert len(first) == DAYS_PER_PAGE and first[0].startswith("Before the first event")
    assert len(app.get("plotly_chart")) == 1  # the chart shows every day whatever the page

    pager.set_value(pages).run()
    assert not app.exception
    last = _day_groups(app)
    assert len(last) == days - (pages - 1) * DAYS_PER_PAGE
    assert not set(first) & set(last)
