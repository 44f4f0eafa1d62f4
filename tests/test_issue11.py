"""Issue 11's defects, each pinned on the long many-sided dossier
(tests/fixtures/long-dossier/river-basin-treaty) or a small variant of it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from components.brief import build_brief
from negotiation import analysis, export
from negotiation.dossier import Dossier
from negotiation.loader import load_dossier

FIXTURE_ROOT = Path(__file__).resolve().parent / "fixtures" / "long-dossier"
FOLDER = FIXTURE_ROOT / "river-basin-treaty"
TIE_ISSUE = "dry-season-flow"
STATES = ["aldoria", "brenica", "corvala", "dernland", "estavia", "fenmoor", "galtria"]
TIE_TEXT = (
    "removing any one of these groups reopens an overlap: "
    "{Republic of Aldoria, Kingdom of Brenica} or {Republic of Estavia, Fenmoor}"
)


@pytest.fixture(scope="module")
def dossier() -> Dossier:
    d, problems = load_dossier(FOLDER)
    assert problems == [] and d is not None
    return d


# --------------------------------------------------------------------------- 1 blockers


def test_overlap_table_lists_every_minimal_blocker_set(dossier: Dossier) -> None:
    table = analysis.overlap_table(dossier, STATES).set_index("issue")
    sets = table.loc[TIE_ISSUE, "blocker_sets"]
    assert sets == (("aldoria", "brenica"), ("estavia", "fenmoor"))
    assert table.loc[TIE_ISSUE, "blocker_set_labels"] == (
        ("Republic of Aldoria", "Kingdom of Brenica"),
        ("Republic of Estavia", "Fenmoor"),
    )
    assert table.loc[TIE_ISSUE, "blockers"] == sets[0]  # kept for compatibility


def test_brief_names_every_blocker_set(dossier: Dossier) -> None:
    brief = build_brief(dossier, parties=STATES, issues=[TIE_ISSUE])
    overlap = next(s for s in brief.sections if s.title.startswith("Overlap of"))
    assert TIE_TEXT in overlap.items[0].text
    cited = {c.outlet for c in overlap.items[0].citations}
    assert cited  # quotes of all four blockers' positions


def test_export_blocker_sets_match_the_analysis(dossier: Dossier) -> None:
    tables = export.comparison_tables(dossier, overlap_parties=STATES)
    row = tables["overlaps"].set_index("issue").loc[TIE_ISSUE]
    assert tuple(row["blocker_sets"]) == (("aldoria", "brenica"), ("estavia", "fenmoor"))


# --------------------------------------------------------------------------- AppTest helpers


@pytest.fixture
def long_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(FIXTURE_ROOT))
    return FIXTURE_ROOT


def _open(script: str, query: dict[str, object]):  # type: ignore[no-untyped-def]
    from app_helpers import APP
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(script).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _text(at) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(
        [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    )


def test_several_parties_view_names_every_blocker_set(long_root: Path) -> None:
    at = _open("app_pages/gaps.py", {"view": "several", "parties": STATES, "issues": [TIE_ISSUE]})
    assert TIE_TEXT in _text(at)
    shown = next(df.value for df in at.dataframe if "blocker_labels" in df.value.columns)
    assert shown["blocker_labels"].iloc[0] == (
        "Republic of Aldoria, Kingdom of Brenica or Republic of Estavia, Fenmoor"
    )
