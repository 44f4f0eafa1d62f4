"""AppTest tests of coding reliability on the Sources and Data health pages: alpha per
dimension before reconciliation (the headline) and the disagreements left, checked
against negotiation.analysis.reliability."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import ROOT, WAGE_ID, write_wage_dossier
from streamlit.testing.v1 import AppTest

from components import reliability_view
from components.common import md
from negotiation import analysis, loader

APP = ROOT / "dashboard.py"
PAGES = {"sources": "app_pages/sources.py", "health": "app_pages/data_health.py"}
ALPHA = "α before reconciliation"

CODING = """\
coder: reviewer
name: Reviewer (blind)
method: Blind, from the coding sheet.
codings:
  courier-stalemate:
    value: breakdown
    note: Reads as broken off.
  blog-progress:
    value: progress
  blog-wage:
    value: not-a-characterisation
"""


@pytest.fixture
def wage_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "positions"
    write_wage_dossier(root)
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(root))
    return root


def _coded(root: Path) -> analysis.Reliability:
    folder = root / WAGE_ID
    (folder / "codings").mkdir()
    (folder / "codings" / "reviewer.yaml").write_text(CODING, encoding="utf-8")
    dossier, problems = loader.load_dossier(folder)
    assert dossier is not None and problems == [], problems
    return analysis.reliability(dossier)


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page(PAGES[page]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _frame(at: AppTest, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def _captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption)


def test_sources_page_shows_alpha_and_disagreements(wage_root: Path) -> None:
    rel = _coded(wage_root)
    at = open_page("sources")
    table = _frame(at, ALPHA).set_index("Dimension")
    (outcome,) = rel.dimensions
    assert table.loc["Outcome", ALPHA] == reliability_view.alpha_text(outcome.alpha)
    assert table.loc["Outcome", "Reading"] == outcome.reading_text
    assert table.loc["Outcome", "Units"] == outcome.units == 3
    assert table.loc["Outcome", "Coders"] == 2
    assert table.loc["Overall", ALPHA] == reliability_view.alpha_text(rel.overall.alpha)
    # under the chart: alpha with its reading and a link to the details
    assert (
        f"Coding reliability: α = {reliability_view.alpha_text(outcome.alpha)}, "
        f"{outcome.reading_text}" in _captions(at)
    )
    assert f"(#{reliability_view.ANCHOR})" in _captions(at)
    assert table.loc["Overall", "Left"] == 2
    # nothing reconciled: the headline says so in words
    assert reliability_view.headline_text(rel) in [m.value for m in at.markdown]
    assert md(analysis.reconciliation_sentence(rel)) in _captions(at)
    assert "No reconciliation is recorded" in _captions(at)
    (expander,) = [e for e in at.expander if e.label.startswith("Disagreements")]
    assert expander.label == "Disagreements left (2)"
    # a lazy expander: its table is drawn only once it is opened
    assert not any("Quote" in df.value.columns for df in at.dataframe)
    at.session_state["disagreements"] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    dis = _frame(at, "Quote")
    assert list(dis.columns[:3]) == ["Dimension", "Main coding (sources.yaml)", "Reviewer (blind)"]
    rows = dis.set_index("Id in sources.yaml")
    assert rows.loc["courier-stalemate", "Main coding (sources.yaml)"] == "Stalemate"
    assert rows.loc["courier-stalemate", "Reviewer (blind)"] == "Breakdown"
    assert rows.loc["courier-stalemate", "Coder notes"] == "Reads as broken off."
    assert rows.loc["blog-wage", "Reviewer (blind)"] == "Not a characterisation"
    assert rows.loc["blog-wage", "Coder notes"] == "—"


def test_coder_name_is_shown_inert(wage_root: Path) -> None:
    _coded(wage_root)
    path = wage_root / WAGE_ID / "codings" / "reviewer.yaml"
    path.write_text(
        CODING.replace("Reviewer (blind)", "'[x](javascript:alert(1)) **bold**'"), encoding="utf-8"
    )
    at = open_page("sources")
    text = _captions(at)
    assert "\\[x\\](javascript:alert(1)) \\*\\*bold\\*\\*" in text
    assert not at.get("html")


def test_data_health_lists_the_disagreements(wage_root: Path) -> None:
    rel = _coded(wage_root)
    at = open_page("health")
    dis = _frame(at, "Quote")
    assert sorted(dis["Id in sources.yaml"]) == sorted(
        d.characterisation for d in rel.disagreements
    )
    markdown = [m.value for m in at.markdown]
    assert any("Coding reliability and disagreements left" in m for m in markdown)
    assert reliability_view.headline_text(rel) in markdown


def test_without_second_coding_both_pages_say_so_in_one_line(wage_root: Path) -> None:
    for page in PAGES:
        at = open_page(page)
        assert reliability_view.NO_CODING in _captions(at), page
        assert not any(ALPHA in df.value.columns for df in at.dataframe)
        assert "Coding reliability" not in _captions(at)


def test_example_sources_alpha_matches_the_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    positions = ROOT / "positions"
    if not (positions / "russia-west-2022" / "codings").is_dir():
        pytest.skip("the example has no second coding")
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(positions))
    dossier = loader.load_positions([positions]).dossiers["russia-west-2022"]
    rel = analysis.reliability(dossier)
    at = open_page("sources")
    table = _frame(at, ALPHA).set_index("Dimension")
    for dim in rel.dimensions:
        assert table.loc[dim.label, ALPHA] == reliability_view.alpha_text(dim.alpha)
        assert table.loc[dim.label, "Units"] == dim.units


EXAMPLE_ALPHA = {  # before reconciliation, as measured when the blind coding was made
    "Outcome of the talks": ("0.92", 4),
    "Outlook": ("0.96", 5),
    "Tone": ("0.93", 5),
    "Distance between the sides": ("0.88", 5),
    "Overall": ("0.93", 19),
}


def _example(monkeypatch: pytest.MonkeyPatch) -> None:
    positions = ROOT / "positions"
    if not (positions / "russia-west-2022" / "codings").is_dir():
        pytest.skip("the example has no second coding")
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(positions))


def test_example_headline_is_alpha_before_reconciliation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The example was reconciled to the blind coder: the page shows 0.93, measured before
    reconciliation, and only 'disagreements left' for after; never 1.00."""
    _example(monkeypatch)
    at = open_page("sources")
    table = _frame(at, ALPHA).set_index("Dimension")
    for label, (alpha, before) in EXAMPLE_ALPHA.items():
        assert table.loc[label, ALPHA] == alpha, label
        assert table.loc[label, "Disagreed before"] == before, label
        assert table.loc[label, "Left"] == 0, label
    assert "1.00" not in set(table[ALPHA])
    headline = "Krippendorff's α before reconciliation: **0.93**, reliable (α ≥ 0.8); "
    assert headline + "0 disagreements left." in [m.value for m in at.markdown]
    captions = _captions(at)
    assert (
        "disagreed on 19 quotes; reconciling then recoded 7 values and withdrew 12 quotes"
        in captions.replace("\\", "")
    )
    assert "α = 0.92 before reconciliation, reliable (α ≥ 0.8)" in captions
    assert "4 disagreements before reconciliation, 0 left" in captions
    assert "α = 1.00" not in captions
    (expander,) = [e for e in at.expander if e.label.startswith("Disagreements")]
    assert expander.label == "Disagreements left (0)"


def test_example_data_health_headline(monkeypatch: pytest.MonkeyPatch) -> None:
    _example(monkeypatch)
    at = open_page("health")
    markdown = [m.value for m in at.markdown]
    assert (
        "Krippendorff's α before reconciliation: **0.93**, reliable (α ≥ 0.8); "
        "0 disagreements left." in markdown
    )
    assert "No disagreements left" in _captions(at)
