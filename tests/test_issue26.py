"""Issue 26's rough edges and source metadata, each pinned on the small dossier of
tests/test_cli.py (or a variant of it) unless said otherwise."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from test_cli import make_dossier

from negotiation import analysis, export
from negotiation.brief import build_brief
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


# --------------------------------------------------------------------------- A source metadata

TIDEWATER = "tidewater-review-veto"


def test_old_sources_dump_and_export_exactly_as_before(tmp_path: Path) -> None:
    d = _load(_tiny(tmp_path))
    src = d.source_by_id["daily"]
    assert list(src.model_dump()) == ["id", "outlet", "title", "authors", "date", "url", "kind"]
    assert src.inferred == ()
    dumped = json.loads(export.export_json(d))["dossier"]["sources"]
    assert [list(s) for s in dumped] == [
        ["id", "outlet", "title", "authors", "date", "url", "kind"]
    ] * 2
    assert "inferred" not in "".join(export.csv_files(d).values())


def test_inferred_date_and_notes_load_and_export(tmp_path: Path) -> None:
    d = _load(MULTILATERAL)
    src = d.source_by_id[TIDEWATER]
    assert src.date_inferred is True and src.title_inferred is None
    assert src.inferred == ("date",) and "inferred from its text" in (src.notes or "")
    (dumped,) = [s for s in export.dossier_dict(d)["sources"] if s["id"] == TIDEWATER]
    assert dumped["date_inferred"] is True and dumped["notes"] == src.notes
    assert "title_inferred" not in dumped


def test_an_inferred_flag_without_notes_is_a_located_warning(tmp_path: Path) -> None:
    folder = _tiny(tmp_path)
    sources = folder / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(
        text.replace("    date: 2022-01-15\n", "    date: 2022-01-15\n    title_inferred: true\n"),
        encoding="utf-8",
    )
    d, problems = load_dossier(folder)
    assert d is not None and d.source_by_id["weekly"].inferred == ("title",)
    (p,) = problems
    assert (p.severity, p.code, p.line, p.column) == ("warning", "inferred-without-notes", 12, 21)
    assert "the title of source 'weekly' is marked as inferred without 'notes'" in p.message
    lines = text.splitlines()
    assert lines[10] == "    date: 2022-01-15"  # the flag went in on line 12


def test_attribution_says_what_is_inferred() -> None:
    from components.common import attribution

    day = dt.date(2022, 1, 18)
    assert attribution("PIR", "Results", day) == "PIR, ‘Results’, 18 Jan 2022"
    assert (
        attribution("PIR", "Results", day, title_inferred=True, date_inferred=True)
        == "PIR, ‘Results’ (title inferred), 18 Jan 2022 (date inferred)"
    )
    assert attribution("PIR", None, None, date_inferred=True) == "PIR, undated"


def test_brief_and_pages_cite_the_inferred_date() -> None:
    from components import sources

    d = _load(MULTILATERAL)
    brief = build_brief(d)
    assert "Tidewater Review, ‘Who really holds the veto in the seabed talks’, 4 May 2027 " in (
        brief.markdown.replace("(date inferred)", "")
    )
    assert "‘Who really holds the veto in the seabed talks’, 4 May 2027 (date inferred)" in (
        brief.markdown
    )
    assert "4 May 2027 (date inferred)" in brief.html
    # a quote with a date of its own is not marked, even from that source
    assert "(date inferred)" not in "".join(
        line for line in brief.markdown.splitlines() if "Tidewater" not in line
    )
    # the Sources page's table says what is inferred and shows the notes
    table = sources._sources_frame(d, analysis.characterisations_frame(d))
    (tide,) = table[table["outlet"] == "Tidewater Review"].itertuples(index=False)
    assert tide.inferred == "date inferred" and "inferred from its text" in tide.notes


def test_issue_detail_marks_a_quote_dated_by_an_inferred_source_date(tmp_path: Path) -> None:
    from components import issue_detail, rule_view

    folder = _tiny(tmp_path)
    sources = folder / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(
        text.replace(
            "    date: 2022-01-14\n",
            "    date: 2022-01-14\n    date_inferred: true\n    notes: from the text\n",
        ),
        encoding="utf-8",
    )
    d = _load(folder)
    frame = issue_detail.evidence_frame(d, "enlargement")
    daily = frame[frame["source"] == "daily"]
    assert len(daily) == 2 and daily["date_inferred"].all()
    assert not frame[frame["source"] == "weekly"]["date_inferred"].any()
    assert not frame["title_inferred"].any()
    (pos,) = [p for s in d.sides for p in s.positions if p.id == "ru-ban"]
    (line,) = rule_view.evidence_lines(d, pos.evidence)
    assert line.endswith("14 Jan 2022 (date inferred)")
    dated = pos.evidence[0].model_copy(update={"date": dt.date(2022, 1, 13)})
    (line,) = rule_view.evidence_lines(d, [dated])  # a date of its own: not inferred
    assert line.endswith("13 Jan 2022")


def test_sources_table_of_an_old_dossier_is_unchanged(tmp_path: Path) -> None:
    from components import sources

    d = _load(_tiny(tmp_path))
    table = sources._sources_frame(d, analysis.characterisations_frame(d))
    assert list(table.columns) == [
        "outlet",
        "title",
        "authors",
        "date",
        "kind",
        "url",
        "characterisations",
    ]


def test_schema_takes_the_inferred_flags_and_notes() -> None:
    from test_schema import validator  # the shipped schema/sources.schema.json

    v = validator("sources")
    source = {
        "id": "pir",
        "outlet": "PIR Center",
        "title": "Results",
        "date": "2022-01-18",
        "kind": "think-tank",
    }
    ok = {**source, "date_inferred": True, "title_inferred": False, "notes": "from the text"}
    assert list(v.iter_errors({"sources": [ok]})) == []
    assert list(v.iter_errors({"sources": [{**source, "date_inferred": "yes"}]}))
    assert list(v.iter_errors({"sources": [{**source, "notes": ""}]}))
