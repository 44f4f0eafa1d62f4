"""Unit tests of the dashboard's pure parts: figure builders, the brief builder and
the URL-state validation (no app run needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from app_helpers import D1, D2, D3, SCRIPT_QUOTE, WAGE_ID, write_wage_dossier

from components import figures, state
from negotiation import analysis, loader
from negotiation.brief import Brief, Citation, Item, Section, build_brief, md_escape, to_html


@pytest.fixture(scope="module")
def wage(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("positions")
    write_wage_dossier(root)
    result = loader.load_positions([root])
    assert not result.problems, [p.format() for p in result.problems]
    return result.dossiers[WAGE_ID]


# --------------------------------------------------------------------------- colours


def test_party_colours_group_sides_by_camp() -> None:
    refs = ["a1", "a2", "b1", "loner", "camp:a", "camp:b"]
    camp_of = {"a1": "a", "a2": "a", "b1": "b", "loner": None}
    colours = figures.party_colours(refs, camp_of)
    assert set(colours) == set(refs)
    # camp a takes the first base hue (Okabe-Ito blue), b the second (orange)
    assert colours["camp:a"] == figures.hue_family(figures.FAMILY_BASES[0], 1)[0]
    assert colours["camp:b"] == colours["b1"] == figures.hue_family(figures.FAMILY_BASES[1], 1)[0]
    assert [colours["a1"], colours["a2"]] == figures.hue_family(figures.FAMILY_BASES[0], 2)
    assert colours["loner"] == figures.grey_family(1)[0]
    assert len(set(colours.values())) == 5  # camp:b is its one member's colour


def test_every_stance_has_a_symbol_and_a_glyph() -> None:
    from negotiation.model import STANCES

    assert set(STANCES) == set(figures.STANCE_SYMBOLS) == set(figures.STANCE_GLYPHS)
    assert figures.stance_text("red-line") == "■ red-line"


# --------------------------------------------------------------------------- range figure


def _ranges(rows):  # type: ignore[no-untyped-def]
    return pd.DataFrame(rows, columns=["party", "label", "lo", "hi", "ideal", "stance"])


def test_range_figure_overlap_is_a_shaded_shape() -> None:
    frame = _ranges([("a", "Side A", 1, 3, 3, "demand"), ("b", "Side B", 0, 2, pd.NA, "offer")])
    fig = figures.range_figure(
        frame, ["w", "x", "y", "z"], title="Issue", overlap=(1, 2), colours={"a": "#E69F00"}
    )
    names = [t.name for t in fig.data]
    assert names == ["Side A", "Side B", "ideal"]  # every party's ideal in one trace
    ideal = fig.data[2]
    assert list(ideal.x) == [3] and list(ideal.y) == ["Side A"]
    assert list(ideal.marker.color) == ["#E69F00"] and ideal.meta == {"parties": ["a"]}
    assert "ideal: z" in ideal.hovertemplate[0]
    assert fig.data[0].line.color == "#E69F00"
    assert fig.data[0].marker.symbol == "triangle-up"
    (shape,) = fig.layout.shapes
    assert shape.type == "rect" and shape.name == "overlap"
    assert (shape.x0, shape.x1) == (0.7, 2.3)
    assert list(fig.layout.xaxis.ticktext) == ["w", "x", "y", "z"]


def test_range_figure_gap_is_annotated_in_steps() -> None:
    frame = _ranges([("a", "A", 0, 0, pd.NA, None), ("b", "B", 3, 4, pd.NA, None)])
    fig = figures.range_figure(frame, list("vwxyz"), gap=3)
    (shape,) = fig.layout.shapes
    assert shape.name == "gap" and (shape.x0, shape.x1) == (0, 3)
    assert fig.layout.annotations[0].text == "gap: 3 steps (75% of scale)"


def test_range_figure_does_not_guess_unplaced_parties() -> None:
    frame = _ranges([("a", "A", pd.NA, pd.NA, pd.NA, "statement"), ("b", "B", 1, 1, pd.NA, None)])
    fig = figures.range_figure(frame, ["x", "y", "z"])
    assert fig.data[0].mode == "text"
    assert fig.data[0].text[0].startswith("not placed")
    assert not fig.layout.shapes


# --------------------------------------------------------------------------- other figures


def test_movement_figure_draws_one_arrow_per_move(wage) -> None:  # type: ignore[no-untyped-def]
    moves = analysis.movement_table(wage, D1, D3)
    fig = figures.movement_figure(moves, colours={"union": "#56B4E9"})
    names = [t.name for t in fig.data]
    assert names[0] == "before"
    assert {"Metalworkers' Union", "Employers' Association"} <= set(names)
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == 2
    assert all(0 <= a.x <= 1 and 0 <= a.ax <= 1 for a in arrows)


def test_history_figure_has_a_trace_per_side_with_stance_symbols(wage) -> None:  # type: ignore[no-untyped-def]
    positions = analysis.positions_frame(wage)
    positions = positions[positions["issue"] == "wage-increase"]
    scale = [p.label for p in wage.issue_by_id["wage-increase"].scale]
    fig = figures.history_figure(positions, scale, party_order=[s.id for s in wage.sides])
    by_name = {t.name: t for t in fig.data}
    assert set(by_name) == {
        "Employers' Association",
        "Metalworkers' Union",
        "Central Works Council",
    }
    union = by_name["Metalworkers' Union"]
    assert list(union.y) == [3.5, 3.0]  # middle of [3..4], then of [2..4]
    assert list(union.marker.symbol) == ["triangle-up", "triangle-up"]
    assert list(union.error_y.arrayminus) == [0.5, 1.0]


def test_timeline_figure_has_events_and_sides(wage) -> None:  # type: ignore[no-untyped-def]
    positions = analysis.positions_frame(wage)
    events = pd.DataFrame([{"date": e.date, "title": e.title} for e in wage.events])
    fig = figures.timeline_figure(positions, events, party_order=[s.id for s in wage.sides])
    assert [t.name for t in fig.data][-1] == "events"
    assert len(fig.data) == 4
    assert len(fig.layout.shapes) == 3  # one dotted line per event


def test_voices_and_frames_figures(wage) -> None:  # type: ignore[no-untyped-def]
    chars = analysis.characterisations_frame(wage)
    dim = wage.dimension_by_id["outcome"]
    fig = figures.voices_figure(chars, [p.label for p in dim.scale], title="Outcome")
    assert [t.name for t in fig.data] == ["the talks", "about an issue"]
    assert list(fig.layout.xaxis.ticktext) == ["Breakdown", "Stalemate", "Progress", "Agreement"]
    bars = figures.frames_figure(analysis.frames_table(wage))
    assert list(bars.data[0].x) == [1, 2]  # ascending: the longest bar on top
    assert list(bars.data[0].y) == ["Marathon", "Poker game"]


def test_wrap_label_breaks_long_labels() -> None:
    assert figures.wrap_label("Legally binding end to enlargement", 16) == (
        "Legally binding<br>end to<br>enlargement"
    )


# --------------------------------------------------------------------------- brief


def test_brief_of_the_wage_dossier_cites_every_claim(wage) -> None:  # type: ignore[no-untyped-def]
    brief = build_brief(
        wage,
        date=D3,
        a="camp:labour",
        b="camp:management",
        parties=["union", "works-council", "employers"],
        date_from=D1,
    )
    titles = [s.title for s in brief.sections]
    assert titles[0] == "Gaps and overlaps: Labour and Management"
    assert titles[1].startswith("Overlap of Employers' Association") is False
    assert any(t.startswith("Movement from 01 Mar 2024") for t in titles)
    assert titles[-1] == "How sources characterise them"
    gaps = brief.sections[0]
    assert [i.text.split(":")[0] for i in gaps.items] == [
        "Wage increase",
        "Working time",
        "One-off payment",
    ]
    for item in gaps.items:
        assert item.citations, item.text
        assert all(c.outlet and c.quote and c.date for c in item.citations)
    text = brief.markdown
    assert "One-off payment: gap of 1 step (33% of the scale)" in text
    assert "blocking: Metalworkers' Union" in text
    assert (
        "“Four is the floor” — Union chair, Rheinstadt Courier, ‘Metal talks stall’, 15 Mar 2024"
        in text.replace(
            "[Rheinstadt Courier](https://example.org/courier/metal-talks)", "Rheinstadt Courier"
        )
    )


def test_brief_respects_the_issue_filter(wage) -> None:  # type: ignore[no-untyped-def]
    brief = build_brief(wage, date=D2, a="union", b="employers", issues=["wage-increase"])
    gaps = brief.sections[0]
    assert len(gaps.items) == 1 and gaps.items[0].text.startswith("Wage increase")


def test_brief_html_escapes_every_data_string(wage) -> None:  # type: ignore[no-untyped-def]
    brief = build_brief(wage, date=D3, a="camp:labour", b="camp:management")
    html_text = brief.html
    assert "<script>" not in html_text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html_text
    assert SCRIPT_QUOTE not in brief.markdown
    assert md_escape(SCRIPT_QUOTE) in brief.markdown


def test_brief_shows_a_paraphrase_as_the_outlets_words() -> None:
    para = Citation("DW", dt.date(2022, 1, 13), "harsh words", speaker="Kunadze", paraphrase=True)
    own = Citation("DW", dt.date(2022, 1, 13), "strong language", speaker="von Fritsch")
    brief = Brief("T", "s", [Section("S", items=[Item("claim", [para, own])])])
    assert "“harsh words” — Kunadze (paraphrased by DW), DW, 13 Jan 2022" in brief.markdown
    assert "“strong language” — von Fritsch, DW, 13 Jan 2022" in brief.markdown
    assert "<q>harsh words</q> — Kunadze (paraphrased by DW), <cite>DW</cite>" in brief.html
    assert "paraphrased" not in brief.html.split("strong language")[1]


def test_brief_of_the_example_marks_paraphrased_evidence() -> None:
    root = Path(__file__).resolve().parents[1] / "positions"
    dossier = loader.load_positions([root]).dossiers["russia-west-2022"]
    brief = build_brief(dossier, date=dt.date(2022, 1, 13), a="camp:russia", b="camp:west")
    cites = [c for sec in brief.sections for item in sec.items for c in item.citations]
    paraphrased = [c for c in cites if c.paraphrase]
    assert paraphrased, "the example cites paraphrased evidence"
    assert all(c.speaker for c in paraphrased)
    assert f"(paraphrased by {paraphrased[0].outlet})" in brief.markdown


def test_brief_html_only_links_http_urls() -> None:
    brief = Brief(
        title="<b>T</b>",
        subtitle="s",
        sections=[
            Section(
                "S <i>",
                items=[
                    Item(
                        "claim <img src=x onerror=alert(1)>",
                        [
                            Citation("Good", dt.date(2022, 1, 1), "q", url="https://ok.example/a"),
                            Citation("Bad", None, "q2", url=None),
                        ],
                    )
                ],
            )
        ],
    )
    out = to_html(brief)
    assert "<b>T</b>" not in out and "&lt;b&gt;T&lt;/b&gt;" in out
    assert "<img" not in out
    assert '<a href="https://ok.example/a"' in out
    assert out.count("<a ") == 1
    from negotiation.brief import safe_url

    assert safe_url("javascript:alert(1)") is None
    assert safe_url('https://x.example/" onmouseover="x') is None


# --------------------------------------------------------------------------- URL state


@pytest.mark.parametrize(
    "value", ["../../etc", "/etc/passwd", "a/b", "UPPER", "", "a--b", "x" * 300]
)
def test_path_like_or_malformed_ids_are_rejected(value: str) -> None:
    assert not state.valid_id(value)


def test_party_refs() -> None:
    assert state.valid_party("camp:west") and state.valid_party("russia")
    assert not state.valid_party("camp:../x") and not state.valid_party("camp:")


def test_dates_parse_and_snap() -> None:
    options = [dt.date(2024, 3, 1), dt.date(2024, 3, 15), dt.date(2024, 4, 2)]
    assert state.parse_date("2024-03-20") == dt.date(2024, 3, 20)
    assert state.parse_date("2024-02-30") is None
    assert state.parse_date("yesterday") is None
    assert state.snap_date(dt.date(2024, 3, 20), options) == dt.date(2024, 3, 15)
    assert state.snap_date(dt.date(2020, 1, 1), options) == options[0]
    assert state.snap_date(dt.date(2030, 1, 1), options) == options[-1]


def test_components_never_parse_yaml_and_figures_never_import_streamlit() -> None:
    root = Path(__file__).resolve().parents[1] / "components"
    for path in root.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import yaml" not in text, path
        assert "unsafe_allow_html" not in text, path
    # the brief now lives in the core (negotiation/brief.py), which never imports streamlit
    pure_files = ("figures.py", "figure_style.py", "range_figures.py", "decision_figures.py")
    for pure in (*pure_files, "pages.py"):
        assert (
            "streamlit"
            not in (root / pure)
            .read_text(encoding="utf-8")
            .replace("no streamlit", "")
            .split('"""', 2)[-1]
        ), pure
