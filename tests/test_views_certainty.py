"""How sure each placement is, in the views (issue 27): contested positions drawn
as one outlined range per reading, ruled-out parts hatched, inferred ranges dashed;
the alt text says so; the How sure column on the Overview and the Gaps table; the
headline count of gaps resting on contested or inferred input. On the fixture
tests/fixtures/certainty (made up, from the bad-input base)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pandas as pd
import pytest
from app_helpers import APP, ROOT
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from components import alt_text, figures
from negotiation import analysis
from negotiation.analysis import certainty
from negotiation.loader import load_dossier

CERTAINTY_ROOT = ROOT / "tests" / "fixtures" / "certainty"
FOLDER = CERTAINTY_ROOT / "harbour-certainty"
LEASE = ["5 years", "10 years", "20 years", "30 years"]


@pytest.fixture(scope="module")
def harbour():  # type: ignore[no-untyped-def]
    dossier, problems = load_dossier(FOLDER)
    assert [p for p in problems if p.severity == "error"] == []
    return dossier


@pytest.fixture
def certainty_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(CERTAINTY_ROOT))
    return CERTAINTY_ROOT


# --------------------------------------------------------------------------- words


def test_how_sure_words() -> None:
    assert certainty.how_sure("stated") == "stated"
    assert certainty.how_sure("reported", n_sources=1) == "reported, single source"
    assert certainty.how_sure("inferred") == "inferred"
    assert certainty.how_sure("reported", contested=True, n_readings=2) == "contested (2 readings)"
    assert certainty.how_sure("reported", bounded=True) == "reported, bounded"


def test_how_sure_of_the_fixture(harbour) -> None:  # type: ignore[no-untyped-def]
    sure = analysis.party_how_sure
    assert sure(harbour, "city", "lease-term") == "stated, single source"
    assert sure(harbour, "city", "rent") == "inferred, single source"
    assert sure(harbour, "port-operator", "lease-term") == "contested (2 readings)"
    assert sure(harbour, "dockworkers", "rent") == "reported, bounded, single source"
    assert analysis.pair_how_sure(harbour, "city", "port-operator", "lease-term") == (
        "City: stated, single source · Operator: contested (2 readings)"
    )
    assert analysis.pair_how_sure(harbour, "port-operator", "dockworkers", "rent") == (
        "Operator: reported, single source · Union: reported, bounded, single source"
    )


def test_headline_counts_gaps_on_contested_or_inferred_input(harbour) -> None:  # type: ignore[no-untyped-def]
    h = analysis.headline_counts(harbour, "city", "port-operator")
    # the old keys are unchanged: the contested lease term is not placed in the base
    assert h["issues_with_gap"] == 1 and h["issues_not_placed"] == 1
    # rent is a gap on the city's inferred range; the lease term a gap under the
    # Gazette reading
    assert h["gaps_counted"] == 2 and h["gaps_uncertain"] == 2
    assert h["uncertain_gap_issues"] == ("lease-term", "rent")
    assert analysis.uncertain_gaps_text(h) == (
        "2 of 2 gaps rest on contested or inferred input (1 of them a gap only under some reading)"
    )


def test_headline_counts_of_the_example_have_no_uncertain_gaps() -> None:
    example, _ = load_dossier(ROOT / "positions" / "russia-west-2022")
    h = analysis.headline_counts(example, "camp:russia", "camp:west")
    assert h["gaps_counted"] == h["issues_with_gap"] and h["gaps_uncertain"] == 0
    assert analysis.uncertain_gaps_text(h) is None


Iv = st.none() | st.tuples(st.integers(0, 6), st.integers(0, 6)).map(lambda t: tuple(sorted(t)))


@given(st.lists(Iv, min_size=1, max_size=4), st.lists(Iv, min_size=1, max_size=4))
def test_gap_under_some_reading_is_brute_force(a: list, b: list) -> None:  # type: ignore[type-arg]
    def gap(x, y) -> bool:  # type: ignore[no-untyped-def]
        if x is None or y is None:
            return False
        return not set(range(x[0], x[1] + 1)) & set(range(y[0], y[1] + 1))

    expected = any(gap(x, y) for x, y in itertools.product(a, b))
    assert certainty.gap_under_some_reading(a, b) == expected


@given(st.dictionaries(st.sampled_from("ABCDE"), st.sampled_from(["stated", "inferred", "—"])))
def test_combine_texts_names_every_party_once(texts: dict[str, str]) -> None:
    cell = certainty.combine_texts(texts)
    given_ = {k: v for k, v in texts.items() if v != "—"}
    if not given_:
        assert cell == "—"
    elif len(set(given_.values())) == 1 and len(given_) == len(texts):
        assert cell == next(iter(given_.values()))
    else:
        for label in given_:
            assert cell.count(label) == 1


# --------------------------------------------------------------------------- figures


def _ranges() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"party": "city", "label": "City", "lo": 0, "hi": 1, "basis": "stated"},
            {
                "party": "us",
                "label": "United States",
                "lo": pd.NA,
                "hi": pd.NA,
                "readings": (("NGO reading", 2, 3), ("White House reading", 1, 1)),
            },
            {
                "party": "cn",
                "label": "China",
                "lo": pd.NA,
                "hi": pd.NA,
                "rejects_lo": 0,
                "rejects_hi": 1,
            },
            {"party": "jp", "label": "Japan", "lo": 2, "hi": 3, "basis": "inferred"},
        ]
    )


def test_range_figure_draws_readings_outlined_ruled_out_hatched_inferred_dashed() -> None:
    fig = figures.range_figure(_ranges(), LEASE, title="Lease")
    by_name = {t.name: t for t in fig.data}
    for name in ("United States — NGO reading", "United States — White House reading"):
        bar = by_name[name]
        assert bar.type == "bar" and bar.marker.color == "rgba(0,0,0,0)"  # no fill
        assert bar.marker.line.width and bar.marker.pattern.shape is None
    rows = [c.replace("<br>", " ") for c in fig.layout.yaxis.categoryarray]
    assert rows == [
        "Japan (inferred)",
        "China",
        "United States — White House reading",
        "United States — NGO reading",
        "City",
    ]
    hatched = next(t for t in fig.data if t.type == "bar" and t.name == "China: ruled out")
    assert hatched.type == "bar" and hatched.marker.pattern.shape == "x"
    labels = [t for t in fig.data if t.type == "scatter" and t.name == "China: ruled out"]
    assert labels and list(labels[0].text) == ["ruled out"]
    assert by_name["Japan (inferred)"].line.dash == "dash"
    assert by_name["City"].line.dash is None  # a plain range keeps its look
    texts = [list(t.text) for t in fig.data if t.type == "scatter" and t.mode == "text"]
    assert "not placed" not in json.dumps(texts)


def test_plain_ranges_draw_exactly_as_before() -> None:
    plain = pd.DataFrame(
        [
            {"party": "a", "label": "A", "lo": 0, "hi": 1, "ideal": 0, "stance": "demand"},
            {"party": "b", "label": "B", "lo": 2, "hi": 3, "ideal": pd.NA, "stance": "offer"},
        ]
    )
    with_cells = plain.assign(
        basis="reported", readings=pd.NA, rejects_lo=pd.NA, rejects_hi=pd.NA, notes=pd.NA
    )
    one = figures.range_figure(plain, LEASE, gap=1).to_plotly_json()
    two = figures.range_figure(with_cells, LEASE, gap=1).to_plotly_json()
    assert json.dumps(one, default=str) == json.dumps(two, default=str)


def test_range_alt_text_says_readings_ruled_out_and_inferred() -> None:
    text = alt_text.range_alt_text(_ranges(), LEASE, title="Lease")
    assert "United States: two readings: NGO reading accepts “20 years” to “30 years”, " in text
    assert "White House reading accepts “10 years”" in text
    assert "China has ruled out “5 years” to “10 years” (bounded, not placed)" in text
    assert "Japan accepts “20 years” to “30 years” (inferred)" in text
    assert "City accepts “5 years” to “10 years”;" in text


def test_history_figure_draws_readings_ruled_out_and_inferred(harbour) -> None:  # type: ignore[no-untyped-def]
    for issue in ("lease-term", "rent"):
        positions = analysis.positions_frame(harbour, issues=[issue])
        scale = [p.label for p in harbour.issue_by_id[issue].scale]
        fig = figures.history_figure(
            positions, scale, readings=analysis.reading_history(harbour, issue)
        )
        names = [t.name for t in fig.data]
        assert "Dockworkers' union: ruled out" in names
        bar = next(t for t in fig.data if t.name == "Dockworkers' union: ruled out")
        assert bar.marker.pattern.shape == "x"
        if issue == "lease-term":
            readings = next(t for t in fig.data if t.name == "Seaport Terminals Ltd (readings)")
            assert list(readings.text) == ["Gazette reading", "Minutes reading"]
        else:
            dashed = next(t for t in fig.data if t.name == "City of Seaport (inferred)")
            assert dashed.line.dash == "dash"
            assert "inferred" in [a.text for a in fig.layout.annotations]


# --------------------------------------------------------------------------- pages


def _open(script: str | None, query: dict[str, object]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if script:
        at.switch_page(script).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _text(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def test_overview_shows_how_sure(certainty_root: Path) -> None:
    at = _open(None, {"a": "city", "b": "port-operator"})
    frame = at.table[0].value
    assert "How sure" in frame.columns or any("How sure" in t.value.columns for t in at.table)
    table = next(t.value for t in at.table if "How sure" in t.value.columns)
    cells = list(table["How sure"])
    assert cells[0] == (
        "stated, single source: City; reported, bounded, single source: Union; "
        "contested (2 readings): Operator"
    )
    assert cells[1].startswith("inferred, single source: City")
    assert "2 of 2 gaps rest on contested or inferred input" in _text(at)


def test_gaps_table_shows_how_sure(certainty_root: Path) -> None:
    at = _open("app_pages/gaps.py", {"a": "city", "b": "port-operator"})
    at.session_state["gap-table"] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    table = next(df.value for df in at.dataframe if "how_sure" in df.value.columns)
    assert list(table["how_sure"]) == [
        "City: stated, single source · Operator: contested (2 readings)",
        "City: inferred, single source · Operator: reported, single source",
    ]
    specs = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    names = {t.get("name") for s in specs for t in s["data"]}
    assert {"Operator — Gazette reading", "Operator — Minutes reading"} <= names
    assert "City (inferred)" in names
    text = _text(at)
    assert "Operator: the sources disagree (2 readings: Gazette reading, Minutes reading)." in text


def test_issue_detail_lists_readings_quotes_and_inferred_notes(certainty_root: Path) -> None:
    at = _open("app_pages/issue_detail.py", {"issue": "lease-term"})
    text = _text(at)
    assert "*Gazette reading*: accepts 20 years – 30 years" in text
    assert "Twenty years is the minimum." in text
    assert "The operator could live with ten years." in text
    assert "Has ruled out 5 years." in text
    at = _open("app_pages/issue_detail.py", {"issue": "rent"})
    text = _text(at)
    assert "Inferred: Inferred from the council's budget debate" in text
    assert "Has ruled out Plus 10 per cent – Plus 25 per cent." in text


# --------------------------------------------------------------------------- brief


def test_brief_states_readings_bounds_and_inferred_ranges(harbour) -> None:  # type: ignore[no-untyped-def]
    from negotiation.brief import build_brief, to_markdown

    every = ["city", "dockworkers", "port-operator"]
    text = to_markdown(build_brief(harbour, a="city", b="port-operator", parties=every))
    assert "## How sure" in text
    assert (
        "On Length of the lease, the sources disagree about Seaport Terminals Ltd: Gazette "
        "reading accepts 20 years – 30 years; Minutes reading accepts 10 years – 20 years."
    ) in text
    assert "“The operator could live with ten years.”" in text
    assert "On Length of the lease, Dockworkers' union has ruled out 5 years." in text
    assert "City of Seaport accepts Plus 10 per cent – Plus 25 per cent (inferred);" in text
    assert "City of Seaport's range (Plus 10 per cent – Plus 25 per cent) is inferred: " in text


def test_brief_of_the_example_has_no_how_sure_section() -> None:
    from negotiation.brief import build_brief, to_markdown

    example, _ = load_dossier(ROOT / "positions" / "russia-west-2022")
    text = to_markdown(build_brief(example, a="camp:russia", b="camp:west"))
    assert "How sure" not in text and "(inferred)" not in text


# --------------------------------------------------------------------------- paths


def test_paths_figure_and_alt_text_say_how_sure(harbour) -> None:  # type: ignore[no-untyped-def]
    from components import paths_alt_text, paths_figures
    from negotiation import paths

    ip = paths.issue_paths(harbour, "rent", ["city", "dockworkers", "port-operator"])
    parties = ip.parties.copy()
    parties["basis"] = ["inferred", "reported", "reported"]
    parties["readings"] = [pd.NA, pd.NA, pd.NA]
    parties["rejects_lo"] = pd.array([pd.NA, 2, pd.NA], dtype="Int64")
    parties["rejects_hi"] = pd.array([pd.NA, 3, pd.NA], dtype="Int64")
    scale = list(ip.scale_labels)
    fig = paths_figures.paths_figure(
        parties, scale, meeting_points=ip.meeting_points, point=ip.point
    )
    by_name = {t.name: t for t in fig.data if t.type == "scatter"}
    assert any(n.endswith("(inferred)") and t.line.dash == "dash" for n, t in by_name.items())
    assert any(t.type == "bar" and t.marker.pattern.shape == "x" for t in fig.data)
    text = paths_alt_text.paths_alt_text(
        parties, scale, meeting_points=ip.meeting_points, point=ip.point
    )
    assert "(has ruled out “Plus 10 per cent” to “Plus 25 per cent”)" in text


def test_paths_page_on_the_certainty_fixture(certainty_root: Path) -> None:
    at = _open("app_pages/paths.py", {"a": "city", "b": "port-operator"})
    specs = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    assert specs and all(s["data"] for s in specs)


PAGES = (
    "app_pages/gaps.py",
    "app_pages/issue_detail.py",
    "app_pages/sources.py",
    "app_pages/timeline.py",
    "app_pages/paths.py",
    "app_pages/data_health.py",
    "app_pages/briefing.py",
)


CASES = [
    (None, "two"),
    *((page, "two") for page in PAGES),
    ("app_pages/gaps.py", "several"),
    ("app_pages/gaps.py", "movement"),
]


@pytest.mark.parametrize(("script", "view"), CASES)
def test_every_page_renders_on_the_certainty_fixture(
    certainty_root: Path, script: str | None, view: str
) -> None:
    at = _open(script, {"view": view})
    assert not at.error, [e.value for e in at.error]


def test_history_alt_text_says_readings_ruled_out_and_inferred(harbour) -> None:  # type: ignore[no-untyped-def]
    scale = [p.label for p in harbour.issue_by_id["lease-term"].scale]
    text = alt_text.history_alt_text(
        analysis.positions_frame(harbour, issues=["lease-term"]), scale
    )
    assert "Dockworkers' union: 1 position, none placed, has ruled out “5 years”;" in text
    assert "latest contested: two readings (Gazette reading and Minutes reading)." in text
    rent = analysis.positions_frame(harbour, issues=["rent"])
    scale = [p.label for p in harbour.issue_by_id["rent"].scale]
    assert "(since 02 Apr 2023), inferred;" in alt_text.history_alt_text(rent, scale)


def test_timeline_lists_readings_bounds_and_inferred(certainty_root: Path) -> None:
    at = _open("app_pages/timeline.py", {})
    text = _text(at)
    assert "· contested (2 readings: Gazette reading, Minutes reading)" in text
    assert "· rules out 5 years" in text
    assert "· accepts Plus 10 per cent – Plus 25 per cent (inferred)" in text


@given(
    st.sampled_from(["stated", "reported", "inferred"]),
    st.booleans(),
    st.integers(2, 5),
    st.booleans(),
    st.integers(0, 3),
)
def test_how_sure_says_each_fact_once(
    basis: str, contested: bool, n: int, bounded: bool, n_sources: int
) -> None:
    text = certainty.how_sure(
        basis, contested=contested, n_readings=n, bounded=bounded, n_sources=n_sources
    )
    parts = text.split(", ")
    assert len(parts) == len(set(parts))
    assert ("single source" in parts) == (n_sources <= 1)
    assert ("bounded" in parts) == bounded
    assert (f"contested ({n} readings)" in parts) == contested
    assert ("inferred" in parts) == (basis == "inferred")
    if not contested:
        assert parts[0] == basis


def test_several_parties_view_gives_the_blockers_under_each_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The real plastics dossier: the US position is contested between an NGO reading
    and a White House reading; the several-party view names who holds production up
    under each."""
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(ROOT / "tests" / "fixtures" / "real"))
    at = _open("app_pages/gaps.py", {"view": "several"})
    text = _text(at)
    line = next(t for t in text.splitlines() if t.startswith("**Depends on the reading**"))
    assert "NGO reading: China, India, Iran, Japan, Kuwait, Russia, Saudi Arabia, United " in line
    assert "White House reading: China, India, Iran, Japan, Kuwait, Russia, Saudi Arabia " in line


def test_pair_view_gives_the_gap_under_each_reading(certainty_root: Path) -> None:
    at = _open("app_pages/gaps.py", {"a": "city", "b": "port-operator"})
    assert "**Depends on the reading**" in _text(at)


def test_paths_page_lists_the_trades_under_each_reading(certainty_root: Path) -> None:
    at = _open("app_pages/paths.py", {"a": "city", "b": "port-operator"})
    text = _text(at)
    assert "Trades on an issue where a party is contested, under each reading" in text
    assert "**Gazette reading of Seaport Terminals Ltd**: City of Seaport moves 1 step" in text
    assert "**Minutes reading of Seaport Terminals Ltd**: no trade" in text
    assert any("where no party is contested" in i.value for i in at.info)
