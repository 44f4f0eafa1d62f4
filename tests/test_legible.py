"""Legible with many sides (issue 11): gap-chart order in the URL, one meaning for
"○", the gap line never over a bar, identical ranges drawn apart, short labels."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from app_helpers import APP
from streamlit.testing.v1 import AppTest

from components import figures
from components.gaps import sort_rows
from components.range_figures import history_offset
from negotiation import analysis
from negotiation.loader import load_dossier

LONG_ROOT = Path(__file__).resolve().parent / "fixtures" / "long-dossier"
FOLDER = LONG_ROOT / "river-basin-treaty"
PAIR = {"a": "aldoria", "b": "estavia"}


@pytest.fixture(scope="module")
def dossier():  # type: ignore[no-untyped-def]
    d, problems = load_dossier(FOLDER)
    assert d is not None and problems == []
    return d


# --------------------------------------------------------------------------- sorting


def test_sort_rows_puts_the_widest_gap_first_and_keeps_dossier_order_on_ties(dossier) -> None:  # type: ignore[no-untyped-def]
    gaps = analysis.gap_table(dossier, "aldoria", "estavia", None)
    assert sort_rows(gaps, "dossier", "gap").equals(gaps)
    widest = sort_rows(gaps, "widest", "gap")
    assert sorted(widest.index) == sorted(gaps.index)  # nothing lost
    status = list(widest["status"])
    n_gaps = status.count("gap")
    assert status[:n_gaps] == ["gap"] * n_gaps  # the gaps come first ...
    steps = [int(v) for v in widest["gap"][:n_gaps]]
    assert steps == sorted(steps, reverse=True)  # ... widest first
    for width in set(steps):  # ties stay in dossier order
        tied = widest[(widest["status"] == "gap") & (widest["gap"] == width)]
        assert list(tied.index) == sorted(tied.index)
    rest = widest.iloc[n_gaps:]
    assert list(rest.index) == sorted(rest.index)
    assert steps[0] > steps[-1]  # the fixture has gaps of different widths


def _open(query: dict[str, object]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("app_pages/gaps.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _chart_titles(at: AppTest) -> list[str]:
    specs = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    return [s["layout"]["title"]["text"].replace("<br>", " ") for s in specs]


@pytest.mark.parametrize("view", ["two", "several"])
def test_sort_is_read_from_and_written_to_the_url(
    view: str, dossier, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(LONG_ROOT))
    at = _open({**PAIR, "view": view, "sort": "widest"})
    assert at.radio(key="w_sort").value == "widest"
    assert at.query_params["sort"] == "widest"
    if view == "two":
        table = analysis.gap_table(dossier, "aldoria", "estavia", None)
        width = "gap"
    else:
        parties = [s.id for s in dossier.sides]
        table = analysis.overlap_table(dossier, parties, None)
        width = "spread"
    expected = list(sort_rows(table, "widest", width)["issue_title"])[:10]
    assert _chart_titles(at) == expected
    assert expected != list(table["issue_title"])[:10]
    # back to dossier order with the control, and the URL follows
    at.radio(key="w_sort").set_value("dossier").run()
    assert at.query_params["sort"] == "dossier"
    assert _chart_titles(at) == list(table["issue_title"])[:10]


def test_an_unknown_sort_is_reported_and_dossier_order_used(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(LONG_ROOT))
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params["sort"] = "../etc"
    at.run()
    assert any("chart order" in w.value for w in at.warning)
    at.switch_page("app_pages/gaps.py").run()
    assert at.radio(key="w_sort").value == "dossier"
    assert "sort" not in at.query_params or at.query_params["sort"] == "dossier"


# --------------------------------------------------------------------------- glyphs


def test_open_circle_means_the_ideal_point_only() -> None:
    assert figures.IDEAL_GLYPH == "○" and figures.IDEAL_SYMBOL == "circle-open"
    assert "○" not in figures.STANCE_GLYPHS.values()
    assert "circle-open" not in figures.STANCE_SYMBOLS.values()
    assert not figures.BEFORE_SYMBOL.startswith("circle")
    assert len(set(figures.STANCE_SYMBOLS.values())) == len(figures.STANCE_SYMBOLS)
    assert len(set(figures.STANCE_GLYPHS.values())) == len(figures.STANCE_GLYPHS)
    ranges = pd.DataFrame(
        [("a", "A", "Side A", 0, 2, 1, "statement")],
        columns=["party", "label", "name", "lo", "hi", "ideal", "stance"],
    )
    fig = figures.range_figure(ranges, ["w", "x", "y"])
    bar, ideal = fig.data
    assert bar.marker.symbol == "hexagon"
    assert ideal.marker.symbol == figures.IDEAL_SYMBOL
    assert "Side A" in bar.hovertemplate  # full name in hover, short on the axis
    assert list(fig.layout.yaxis.categoryarray) == ["A"]


def test_the_gap_line_never_crosses_a_bar() -> None:
    n = 9
    ranges = pd.DataFrame(
        [
            (f"p{k}", f"P{k}", f"Party {k}", 0 if k < 5 else 3, 1 if k < 5 else 4, pd.NA, "demand")
            for k in range(n)
        ],
        columns=["party", "label", "name", "lo", "hi", "ideal", "stance"],
    )
    fig = figures.range_figure(ranges, list("abcde"), gap=2)
    (line,) = [s for s in fig.layout.shapes if s.name == "gap"]
    assert line.yref == "paper" and line.y0 == line.y1 == 1  # above the first row
    assert line.layer == "below"
    # the rows' centres lie strictly inside the plot: half a row below the top edge
    assert fig.layout.yaxis.categoryarray[-1] == "P0"


def test_identical_ranges_are_drawn_apart_vertically() -> None:
    positions = pd.DataFrame(
        [
            (side, side.upper(), pd.Timestamp("2025-01-01"), "demand", 1, 2, pd.NA, "x – y", "s")
            for side in ("a", "b", "c")
        ],
        columns=[
            "side",
            "side_name",
            "as_of",
            "stance",
            "lo",
            "hi",
            "ideal_index",
            "range_label",
            "summary",
        ],
    )
    fig = figures.history_figure(positions, list("wxyz"), labels={"a": "Aa"})
    ys = [t.y[0] for t in fig.data]
    assert len(set(ys)) == 3 and max(ys) - min(ys) <= 2 * 0.3 + 1e-9
    assert [t.x[0] for t in fig.data] == [pd.Timestamp("2025-01-01")] * 3  # same date
    assert [t.name for t in fig.data] == ["Aa", "B", "C"]  # short label, else the name
    # error bars still span the accepted range around the shifted point
    for t in fig.data:
        assert t.y[0] - t.error_y.arrayminus[0] == pytest.approx(1 + (t.y[0] - 1.5))
    assert history_offset(0, 1) == 0.0
    assert history_offset(0, 9) == pytest.approx(-history_offset(8, 9))


# --------------------------------------------------------------------------- wording


def test_brief_plurals_and_ties_in_full() -> None:
    from negotiation import brief

    assert brief.plural(1, "characterisation") == "1 characterisation"
    assert brief.plural(2, "characterisation") == "2 characterisations"
    assert brief.plural(1, "more issue") == "1 more issue"
    assert brief.most_said(["a", "b", "a", "b", "c"]) == "“a” and “b” (2 each)"
    assert brief.most_said(["x", "y", "x"]) == "“x” (2)"
    assert brief.most_said(["p", "q", "r"]) == "“p”, “q” and “r” (1 each)"


def test_brief_of_the_long_dossier_has_no_parenthesised_plurals(dossier) -> None:  # type: ignore[no-untyped-def]
    from negotiation import brief

    parties = [s.id for s in dossier.sides]
    made = brief.build_brief(dossier, a="aldoria", b="estavia", parties=parties)
    text = made.markdown
    assert "(s)" not in text
    assert "1 characterisation from 1 source;" in text  # navigation: a single verdict
    assert "characterisations from" in text
    # quotes name outlet, article title and date once: "— Outlet, ‘Title’, 6 Apr 2021"
    assert "— The Varn Herald, ‘" in text or "The Varn Herald (paraphrased" in text


def test_frames_alt_text_keeps_ties_at_the_cut() -> None:
    from components import alt_text

    frames = pd.DataFrame(
        [("w", 5, 2), ("x", 3, 1), ("y", 2, 1), ("z", 2, 2), ("v", 1, 1)],
        columns=["label", "count", "n_sources"],
    )
    text = alt_text.frames_alt_text(frames, top=3)
    assert "y (2" in text and "z (2" in text and "v (1" not in text
