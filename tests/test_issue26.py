"""Issue 26's rough edges and source metadata, each pinned on the small dossier of
tests/test_cli.py (or a variant of it) unless said otherwise."""

from __future__ import annotations

from pathlib import Path

from test_cli import make_dossier

from components.brief import build_brief
from negotiation.dossier import Dossier
from negotiation.loader import load_dossier

RU_STATEMENT = """\
  - id: ru-statement
    issue: enlargement
    as_of: 2022-01-14
    stance: statement
    summary: Russia no longer says what it would accept.
    evidence:
      - source: daily
        quote: "We need ironclad guarantees"
"""
US_LATER = """\
  - id: us-later
    issue: enlargement
    as_of: 2022-01-14
    stance: offer
    accepts: open-door
    summary: The US narrows its range.
    evidence:
      - source: daily
        quote: "We will not allow anyone to slam closed NATO's open-door policy"
"""


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _load(folder: Path) -> Dossier:
    d, problems = load_dossier(folder)
    assert d is not None
    assert [p for p in problems if p.severity == "error"] == [], problems
    return d


def _tiny(tmp_path: Path) -> Path:
    return make_dossier(tmp_path / "positions")


# --------------------------------------------------------------------------- C1 not placed


def test_brief_movement_to_not_placed_does_not_print_nan(tmp_path: Path) -> None:
    folder = _tiny(tmp_path)
    _append(folder / "sides" / "russia.yaml", RU_STATEMENT)  # a move to not placed
    _append(folder / "sides" / "united-states.yaml", US_LATER)  # a placed move beside it
    d = _load(folder)
    brief = build_brief(d, a="camp:west", b="camp:east")
    moves = next(s for s in brief.sections if s.title.startswith("Movement"))
    (item,) = [i for i in moves.items if i.text.startswith("Russia")]
    assert "nan" not in item.text.lower()
    assert "→ not placed (statement)" in item.text, item.text
    assert "nan" not in brief.markdown.lower()
