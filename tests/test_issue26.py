"""Issue 26's rough edges and source metadata, each pinned on the small dossier of
tests/test_cli.py (or a variant of it) unless said otherwise."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from test_cli import make_dossier

from components.brief import build_brief
from negotiation import analysis, export
from negotiation.dossier import Dossier
from negotiation.loader import load_dossier
from negotiation.quote_marks import quoted

MULTILATERAL = (
    Path(__file__).resolve().parent / "fixtures" / "multilateral" / "seabed-minerals-conference"
)
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


# --------------------------------------------------------------------------- C2 own marks

OWN = "“We need ironclad guarantees”"


@pytest.mark.parametrize(
    ("quote", "shown"),
    [
        ("the talks ended in deadlock", "“the talks ended in deadlock”"),
        (OWN, OWN),
        ("„Wir brauchen Garantien“", "„Wir brauchen Garantien“"),
        ('"straight marks"', '"straight marks"'),
        ("“No,” he said", "““No,” he said”"),  # only opens with a mark: wrapped
        ("  “padded”  ", "“padded”"),
    ],
)
def test_quoted_wraps_only_quotes_without_their_own_marks(quote: str, shown: str) -> None:
    assert quoted(quote) == shown


def _own_marks(tmp_path: Path) -> Dossier:
    folder = _tiny(tmp_path)
    side = folder / "sides" / "russia.yaml"
    text = side.read_text(encoding="utf-8")
    side.write_text(
        text.replace('quote: "We need ironclad guarantees"', f"quote: {OWN}"), encoding="utf-8"
    )
    sources = folder / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(
        text.replace(
            'quote: "the talks ended in deadlock"', "quote: “the talks ended in deadlock”"
        ),
        encoding="utf-8",
    )
    return _load(folder)


def test_brief_does_not_double_the_sources_own_marks(tmp_path: Path) -> None:
    d = _own_marks(tmp_path)
    brief = build_brief(d, a="camp:west", b="camp:east")
    assert f"{OWN} — A deputy minister" in brief.markdown
    assert "“the talks ended in deadlock” — " in brief.markdown
    assert "““" not in brief.markdown and "””" not in brief.markdown
    # the HTML's <q> adds marks itself: none for a quote that keeps its own
    assert f'<q class="own-marks">{OWN}</q>' in brief.html
    assert "q.own-marks::before, q.own-marks::after { content: none; }" in brief.html
    assert "<q>We will not allow anyone" in brief.html


def test_pages_and_figures_do_not_double_the_sources_own_marks(tmp_path: Path) -> None:
    from components import figures, rule_view

    d = _own_marks(tmp_path)
    (pos,) = [p for s in d.sides for p in s.positions if p.id == "ru-ban"]
    (line,) = rule_view.evidence_lines(d, pos.evidence)
    assert line.startswith(f"> {OWN}\n\n— A deputy minister, ")
    chars = analysis.characterisations_frame(d)
    fig = figures.voices_figure(chars, ["Breakdown", "Deadlock", "Breakthrough"], title="x")
    hovers = [t for trace in fig.data for t in (trace.text or ())]
    assert any("“the talks ended in deadlock”" in t for t in hovers), hovers
    assert not any("““" in t for t in hovers), hovers


# --------------------------------------------------------------------------- C4 CSV cells


def test_csv_cells_join_lists_and_mappings_readably() -> None:
    frame = pd.DataFrame(
        {
            "parties": [["iran", "kuwait"], []],
            "sets": [(("aldoria", "brenica"), ("estavia",)), ()],
            "outvoted": [{"moratorium": ("iran", "iraq"), "ban": ()}, {}],
            "steps": [{"iran": 2, "kuwait": 0.5}, None],
            "camps": [frozenset({"b", "a"}), None],
            "plain": ["x, y", None],
        }
    )
    rows = list(csv.DictReader(io.StringIO(export.frame_csv(frame))))
    assert rows[0] == {
        "parties": "iran; kuwait",
        "sets": "aldoria, brenica; estavia",
        "outvoted": "moratorium: iran, iraq; ban: ",
        "steps": "iran: 2; kuwait: 0.5",
        "camps": "a; b",
        "plain": "x, y",
    }
    assert rows[1] == {k: "" for k in rows[0]}
    assert '"[' not in export.frame_csv(frame)


def test_csv_of_the_multilateral_fixture_has_no_json_lists() -> None:
    d = _load(MULTILATERAL)
    files = export.csv_files(d)
    for name, text in files.items():
        assert '["' not in text and "[]" not in text, name
    overlaps = list(csv.DictReader(io.StringIO(files["overlaps.csv"])))
    parties = overlaps[0]["parties"].split("; ")
    assert parties == list(export.comparison_tables(d)["overlaps"]["parties"].iloc[0])
    # the JSON export keeps the lists
    data = json.loads(export.export_json(d))
    assert isinstance(data["tables"]["overlaps"][0]["parties"], list)
