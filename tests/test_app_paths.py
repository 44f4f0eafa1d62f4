"""AppTest tests of the Paths to agreement page and of what-if in the dashboard: the
page on the example and on the long test dossier (numbers checked against
negotiation.paths), what-if round trips through the URL, a malformed ``whatif`` in a
link, the editor's add/remove, the banner on every page, the hatched hypothetical
ranges, the brief's what-if section and the what-if aware analysis cache."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from app_helpers import APP, EXAMPLE_ID, ROOT
from streamlit.testing.v1 import AppTest

from components import data
from negotiation import loader, paths, whatif
from negotiation.brief import build_brief

PATHS_PAGE = "app_pages/paths.py"
EXAMPLE_ROOT = ROOT / "positions"
LONG_ROOT = ROOT / "tests" / "fixtures" / "long-dossier"
DAY = "2022-01-18"
PAIR = ["camp:russia", "camp:west"]
HYPOTHESIS = "russia:nato-non-expansion:moratorium..binding-no-enlargement"


@pytest.fixture
def example_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(EXAMPLE_ROOT))
    return EXAMPLE_ROOT


@pytest.fixture
def long_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(LONG_ROOT))
    return LONG_ROOT


def example():  # type: ignore[no-untyped-def]
    return loader.load_positions([EXAMPLE_ROOT]).dossiers[EXAMPLE_ID]


def run(query: dict[str, object], page: str | None = PATHS_PAGE) -> tuple[AppTest, list[str]]:
    """The app opened on a link; returns it on ``page`` and the first run's warnings
    (link notices show on the page the link opens)."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    first = [w.value for w in at.warning]
    if page is not None:
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
    return at, first


def frame_by_column(at: AppTest, column: str):  # type: ignore[no-untyped-def]
    return [df.value for df in at.dataframe if column in df.value.columns]


def specs(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def hatched(spec: dict) -> list[dict]:
    """The hatched (hypothetical) range traces of a chart."""
    return [
        t
        for t in spec["data"]
        if t.get("type") == "bar" and t.get("marker", {}).get("pattern", {}).get("shape")
    ]


# --------------------------------------------------------------------------- the page


def test_paths_page_on_the_example_matches_the_core(example_root: Path) -> None:
    at, _ = run({"date": DAY})
    assert [t.value for t in at.title] == ["Paths to agreement"]
    assert not at.error
    headers = [h.value for h in at.header]
    assert headers[:2] == ["Russia and The West", "Trades"] and "Weights in use" in headers
    d = example()
    table = paths.concessions_table(d, PAIR, DAY)
    shown = frame_by_column(at, "Steps in all")[0]
    assert list(shown["Issue"]) == list(table["issue_title"])
    assert_same_steps(shown, table)
    placed = table["status"] != "not placed"
    assert list(shown["Meeting point"][placed.values]) == list(table["point_label"][placed])
    # an issue where a party is not placed has no meeting point to show
    assert set(shown["Meeting point"][~placed.values]) <= {"—"}
    row = shown[shown["Issue"] == "NATO non-expansion"].iloc[0]
    assert row["Steps per party"] == "Russia 0 · The West 4"
    assert row["Weights"] == "Russia 4 · The West 3"
    # one chart per issue on which both are placed, with the meeting point and arrows
    charted = table[table["status"] != "not placed"]
    charts = specs(at)
    titles = [c["layout"]["title"]["text"].replace("<br>", " ") for c in charts]
    assert titles[: len(charted)] == list(charted["issue_title"])
    nato = charts[0]
    texts = [a.get("text", "") for a in nato["layout"]["annotations"]]
    assert any("meeting point" in t for t in texts) and "4 steps" in texts
    arrows = [a for a in nato["layout"]["annotations"] if a.get("showarrow")]
    assert len(arrows) == 1  # only the West moves
    assert not any(hatched(c) for c in charts)
    # the caption under each chart says the same in words
    captions = " ".join(c.value for c in at.caption)
    assert "The West moves 4 steps from “Open door unchanged”" in captions
    # trades: the top ten of the core's ranking, with the quotes behind them
    trades = paths.trades_table(d, PAIR[0], PAIR[1], DAY)
    shown_trades = frame_by_column(at, "Given up (weighted)")[0]
    assert list(shown_trades["Rank"]) == list(trades["rank"].head(10))
    assert list(shown_trades["Given up (weighted)"]) == list(trades["given_up"].head(10))
    labels = [e.label for e in at.expander]
    assert any(label.startswith("1") and "Russia moves on" in label for label in labels)
    # weights: how many are defaulted, and the Galeotti quote one click away
    weights = paths.weights_table(d, list(dict.fromkeys([*PAIR, *[s.id for s in d.sides]])), DAY)
    text = "\n".join(m.value for m in at.markdown)
    assert f"{int(weights['defaulted'].sum())} of {len(weights)} weights are defaulted" in text
    assert "more important than all the rest" in text
    assert len(at.get("download_button")) >= 4


def test_quotes_and_the_all_parties_charts_are_drawn_only_when_opened(
    example_root: Path,
) -> None:
    """Lazy expanders: a control's rerun does not draw what is folded away; opening one
    draws it (the quotes behind a chart, the charts for all the overlap's parties)."""
    at, _ = run({"date": DAY})
    labels = [e.label for e in at.expander]
    assert "Quotes behind NATO non-expansion: ranges and priorities" in labels
    assert "Charts for all these parties" in labels
    text = "\n".join(m.value for m in at.markdown)
    assert "(range)" not in text  # no quote drawn while folded
    n_charts = len(specs(at))
    at.session_state["quotes-pair-nato-non-expansion"] = True
    at.session_state["charts-all"] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    text = "\n".join(m.value for m in at.markdown)
    assert "(range)" in text and "> “" in text  # the quotes behind the ranges
    assert len(specs(at)) > n_charts  # the all-parties charts are drawn now


def test_paths_page_on_the_long_dossier(long_root: Path) -> None:
    at, _ = run({})
    assert not at.error, [e.value for e in at.error]
    d = loader.load_positions([LONG_ROOT]).dossiers["river-basin-treaty"]
    a = at.selectbox(key="w_a").value
    b = at.selectbox(key="w_b").value
    date = at.select_slider(key="w_date").value
    table = paths.concessions_table(d, [a, b], date)
    shown = frame_by_column(at, "Steps in all")[0]
    assert_same_steps(shown, table)
    assert list(shown["Red lines crossed"] != "—") == list(table["red_lines_crossed"].map(bool))
    # at most one page of charts; the pager says how many there are
    assert 1 <= len(specs(at)) <= 10 + 10


# --------------------------------------------------------------------------- what-if


def test_whatif_link_round_trip_marks_every_page(example_root: Path) -> None:
    at, first = run({"date": DAY, "whatif": HYPOTHESIS}, page=None)
    # the overview (first page) shows the banner listing the hypothesis
    assert any("Hypothetical (what-if)" in w and HYPOTHESIS in w for w in first)
    assert at.query_params["whatif"] == [HYPOTHESIS] or at.query_params["whatif"] == HYPOTHESIS
    at.switch_page(PATHS_PAGE).run()
    assert not at.exception
    assert any("Hypothetical (what-if)" in w.value for w in at.warning)
    d = example()
    table = paths.concessions_table(d, PAIR, DAY, hypotheses=HYPOTHESIS)
    shown = frame_by_column(at, "Steps in all")[0]
    assert_same_steps(shown, table)
    row = shown[shown["Issue"] == "NATO non-expansion"].iloc[0]
    assert row["What-if"] == "hypothetical"
    nato = specs(at)[0]
    assert hatched(nato), "the hypothetical range is hatched"
    assert any("(what-if)" in str(t.get("name")) for t in nato["data"])
    # the gaps page computes under it too: the gap on non-expansion narrows to 2
    at.switch_page("app_pages/gaps.py").run()
    assert any("Hypothetical (what-if)" in w.value for w in at.warning)
    gap_specs = specs(at)
    assert hatched(gap_specs[0])
    assert "gap: 2 steps" in " ".join(
        a.get("text", "") for a in gap_specs[0]["layout"]["annotations"]
    )
    # and the URL still carries it after page switches
    assert HYPOTHESIS in str(at.query_params["whatif"])


def test_a_malformed_whatif_is_named_and_the_rest_works(example_root: Path) -> None:
    bad = "russia:nato-non-expansion:nowhere"
    at, first = run({"date": DAY, "whatif": f"{HYPOTHESIS},{bad}"}, page=PATHS_PAGE)
    warnings = [w.value for w in at.warning] + first
    assert any(bad in w and "not a point on the scale" in w for w in first), first
    # the good one still applies
    assert any("Hypothetical (what-if)" in w for w in warnings)
    assert str(at.query_params["whatif"]) in (HYPOTHESIS, str([HYPOTHESIS]))
    assert frame_by_column(at, "Steps in all")


def test_a_wholly_bad_whatif_leaves_the_sourced_view(example_root: Path) -> None:
    at, first = run({"whatif": "nobody:nato:x"}, page=PATHS_PAGE)
    assert any("nobody:nato:x" in w and "unknown side" in w for w in first)
    assert not any("Hypothetical" in w.value for w in at.warning)
    assert "whatif" not in at.query_params


def test_the_editor_adds_and_removes_a_hypothesis(example_root: Path) -> None:
    at, _ = run({"date": DAY})
    at.selectbox(key="w_whatif_side").set_value("russia").run()
    at.selectbox(key="w_whatif_issue").set_value("nato-non-expansion").run()
    # the range widget starts from the side's sourced range (Russia: the binding end)
    slider = at.select_slider(key="w_whatif_range-russia-nato-non-expansion")
    assert slider.value == ("binding-no-enlargement", "binding-no-enlargement")
    slider.set_value(("moratorium", "binding-no-enlargement")).run()
    at.button(key="whatif-add").click().run()
    assert not at.exception
    assert HYPOTHESIS in str(at.query_params["whatif"])
    assert any("Hypothetical (what-if)" in w.value for w in at.warning)
    assert hatched(specs(at)[0])
    at.button(key="whatif-remove-0").click().run()
    assert not at.exception
    assert "whatif" not in at.query_params
    assert not any("Hypothetical" in w.value for w in at.warning)


# --------------------------------------------------------------------------- brief and cache


def test_the_brief_states_the_hypotheses_first() -> None:
    d = example()
    h = whatif.under(d, HYPOTHESIS, dt.date(2022, 1, 18))
    brief = build_brief(h, date=dt.date(2022, 1, 18), a=PAIR[0], b=PAIR[1])
    assert brief.sections[0].title == "Hypothetical (what-if)"
    assert "Russia accepts Moratorium on enlargement" in brief.sections[0].items[0].text
    assert brief.subtitle.startswith("HYPOTHETICAL")
    assert "Hypothetical (what-if)" not in build_brief(d, date=dt.date(2022, 1, 18)).markdown


def test_the_analysis_cache_keeps_real_and_hypothetical_apart(example_root: Path) -> None:
    loaded = data.load()
    d = loaded.dossiers[EXAMPLE_ID]
    day = dt.date(2022, 1, 18)
    hyps, bad = whatif.parse_hypotheses(HYPOTHESIS, d)
    assert not bad
    hd = data.under(d, hyps, day)
    assert data.under(d, hyps, day) is hd  # built once: cacheable
    assert hd.what_if == (HYPOTHESIS,) and hd.id == d.id

    def nato_gap(dossier) -> int:  # type: ignore[no-untyped-def]
        table = data.cached("gap_table", dossier, PAIR[0], PAIR[1], day)
        return int(table.set_index("issue").loc["nato-non-expansion", "gap"])

    # in both orders: neither result is served for the other dossier
    assert (nato_gap(d), nato_gap(hd), nato_gap(d), nato_gap(hd)) == (4, 2, 4, 2)
    # the cached hypothetical result is the core's result under the hypothesis
    cached = data.cached("concessions_table", hd, PAIR, day)
    direct = paths.concessions_table(d, PAIR, day, hypotheses=HYPOTHESIS)
    assert list(cached["total_steps"]) == list(direct["total_steps"])
    # a hypothetical dossier not built by data.under is computed, not cached
    other = whatif.under(d, HYPOTHESIS, day)
    assert other is not hd and nato_gap(other) == 2


# --------------------------------------------------------------------------- pure builders


def _parties(rows: list[dict]) -> pd.DataFrame:
    base = {
        "kind": "side",
        "split": False,
        "stance": None,
        "hypothetical": False,
        "weight": 2,
        "priority": "medium",
        "defaulted": True,
        "red_line": False,
        "red_line_members": (),
    }
    return pd.DataFrame([{**base, **r} for r in rows])


SCALE = ["none", "some", "more", "all"]


def test_paths_figure_draws_moves_red_lines_ties_and_what_if() -> None:
    from components.paths_alt_text import paths_alt_text
    from components.paths_figures import paths_figure

    parties = _parties(
        [
            {
                "party": "a",
                "label": "Alpha",
                "placed": True,
                "lo": 0,
                "hi": 0,
                "move_from": 0,
                "move_to": 2,
                "steps": 2,
                "stance": "red-line",
                "red_line": True,
                "red_line_members": ("a",),
            },
            {
                "party": "b",
                "label": "Beta",
                "placed": True,
                "lo": 2,
                "hi": 3,
                "move_from": 2,
                "move_to": 2,
                "steps": 0,
                "hypothetical": True,
                "weight": 4,
                "priority": "core",
                "defaulted": False,
            },
            {
                "party": "c",
                "label": "Gamma",
                "placed": False,
                "lo": None,
                "hi": None,
                "move_from": None,
                "move_to": None,
                "steps": None,
            },
        ]
    )
    fig = paths_figure(parties, SCALE, meeting_points=(1, 2), point=2, title="T")
    notes = [a.text for a in fig.layout.annotations]
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == 1 and (arrows[0].ax, arrows[0].x) == (0, 2)
    assert "2 steps ✕ crosses a red line" in notes
    assert any("meeting point (ties: some – more)" in n for n in notes)
    names = [t.name for t in fig.data]
    assert "Beta (what-if)" in names and "Alpha" in names
    bars = [t for t in fig.data if t.type == "bar"]
    assert len(bars) == 1 and bars[0].marker.pattern.shape == "/"
    assert {s.name for s in fig.layout.shapes} == {"meeting points", "meeting point"}
    text = paths_alt_text(parties, SCALE, meeting_points=(1, 2), point=2, title="T")
    assert text.startswith("T: meeting point “more” (one of 2 tied: “some” and “more”)")
    assert "Alpha moves 2 steps from “none”, crossing a red line" in text
    assert "Beta (what-if range) does not move" in text
    assert "Red line crossed by Alpha." in text and "Not placed: Gamma." in text
    assert "weights Alpha 2 (defaulted) and Beta 4" in text


def test_paths_figure_without_a_meeting_point() -> None:
    from components.paths_alt_text import paths_alt_text
    from components.paths_figures import paths_figure

    parties = _parties(
        [
            {
                "party": "c",
                "label": "Gamma",
                "placed": False,
                "lo": None,
                "hi": None,
                "move_from": None,
                "move_to": None,
                "steps": None,
            }
        ]
    )
    fig = paths_figure(parties, SCALE)
    assert not fig.layout.shapes and not fig.layout.annotations
    assert paths_alt_text(parties, SCALE, title="T") == (
        "T: no party is placed, so there is no meeting point."
    )


def test_the_pure_modules_do_not_import_streamlit() -> None:
    import ast

    for name in ("paths_figures", "paths_alt_text", "whatif_style"):
        tree = ast.parse((ROOT / "components" / f"{name}.py").read_text(encoding="utf-8"))
        imported = {
            a.name.split(".")[0]
            for n in ast.walk(tree)
            if isinstance(n, ast.Import)
            for a in n.names
        } | {
            (n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
        }
        assert "streamlit" not in imported, name


def test_data_health_counts_the_files_not_the_what_if(example_root: Path) -> None:
    plain, _ = run({}, page="app_pages/data_health.py")
    under_whatif, _ = run({"whatif": HYPOTHESIS}, page="app_pages/data_health.py")
    assert any("Hypothetical" in w.value for w in under_whatif.warning)
    values = {m.label: m.value for m in plain.metric}
    assert {m.label: m.value for m in under_whatif.metric} == values


def test_the_briefing_page_states_the_what_if(example_root: Path) -> None:
    at, _ = run({"date": DAY, "whatif": HYPOTHESIS}, page="app_pages/briefing.py")
    brief = next(m.value for m in at.markdown if m.value.startswith("# Brief"))
    first_section = brief.split("\n## ")[1]
    assert first_section.startswith("Hypothetical (what-if)")
    assert "Russia accepts Moratorium on enlargement" in first_section
    assert "HYPOTHETICAL" in brief.split("\n## ")[0]


def test_issue_detail_marks_the_what_if_position(example_root: Path) -> None:
    query = {"date": DAY, "issue": "nato-non-expansion"}
    plain, _ = run(query, page="app_pages/issue_detail.py")
    at, _ = run({**query, "whatif": HYPOTHESIS}, page="app_pages/issue_detail.py")

    def what_if_notes(app: AppTest) -> list[str]:
        notes = [a.get("text") for a in specs(app)[0]["layout"].get("annotations", [])]
        return [n for n in notes if n == "what-if"]

    assert what_if_notes(at) == ["what-if"] and what_if_notes(plain) == []


def assert_same_steps(shown, table) -> None:
    """The page's steps equal the core's where every party is placed, "—" elsewhere."""
    expected = [
        int(t) if status != "not placed" else "—"
        for t, status in zip(table["total_steps"], table["status"], strict=True)
    ]
    assert [v if v == "—" else int(v) for v in shown["Steps in all"]] == expected
