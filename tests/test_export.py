"""negotiation.export: the pure functions behind `export` and the dashboard downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from test_cli import DOSSIER_YAML, make_dossier

from negotiation import analysis, export
from negotiation.loader import load_dossier


@pytest.fixture
def dossier(tmp_path: Path):
    folder = make_dossier(tmp_path / "positions")
    d, problems = load_dossier(folder)
    assert d is not None
    assert [p for p in problems if p.severity == "error"] == []
    return d


def test_dossier_dict_is_normalised(dossier) -> None:
    d = export.dossier_dict(dossier)
    assert list(d) == ["id", "meta", "issues", "sides", "sources", "characterisations"]
    json.dumps(d)  # JSON-ready as is
    assert d["issues"][0]["scale"][0] == {
        "id": "open-door",
        "label": "Open door unchanged",
        "description": None,
    }
    ru = d["sides"][0]
    assert ru["camp"] == "east"
    assert ru["positions"][0]["as_of"] == "2022-01-10"
    assert ru["positions"][0]["accepts"] == {"from": "moratorium", "to": "binding-ban"}
    assert d["sources"][0]["date"] == "2022-01-14"
    assert {c["id"] for c in d["characterisations"]} == {"daily-deadlock", "weekly-deadlock"}


def test_default_gap_parties(dossier, tmp_path: Path) -> None:
    assert export.default_gap_parties(dossier) == ("camp:west", "camp:east")
    folder = make_dossier(tmp_path / "other")
    text = DOSSIER_YAML.split("camps:")[0] + "events:" + DOSSIER_YAML.split("events:")[1]
    (folder / "dossier.yaml").write_text(text, encoding="utf-8")
    for side in (folder / "sides").iterdir():
        side.write_text(
            "\n".join(ln for ln in side.read_text().splitlines() if not ln.startswith("camp:")),
            encoding="utf-8",
        )
    d, problems = load_dossier(folder)
    assert d is not None, problems
    assert d.camps == ()
    assert export.default_gap_parties(d) == ("russia", "united-states")


def test_export_dict_tables(dossier) -> None:
    data = export.export_dict(dossier, date=dt.date(2022, 1, 12))
    assert data["format"] == export.EXPORT_FORMAT
    assert data["comparison"] == {
        "date": "2022-01-12",
        "gap_parties": ["camp:west", "camp:east"],
        "overlap_parties": ["russia", "united-states"],
    }
    assert list(data["tables"]) == list(export.TABLE_NAMES)
    gaps = data["tables"]["gaps"]
    assert gaps[0]["gap"] == 1 and gaps[0]["status"] == "gap"
    overlaps = data["tables"]["overlaps"]
    assert overlaps[0]["blockers"]  # two parties, no overlap: someone blocks
    chars = data["tables"]["characterisations"]
    assert {c["id"] for c in chars} == {"daily-deadlock", "weekly-deadlock"}
    assert data["tables"]["agreement"]
    # Serialises without a custom encoder, and round-trips through export_json.
    assert json.loads(export.export_json(dossier, date=dt.date(2022, 1, 12))) == json.loads(
        json.dumps(data)
    )


def test_export_before_any_position(dossier) -> None:
    data = export.export_dict(dossier, date=dt.date(2022, 1, 2))
    assert all(row["gap"] is None for row in data["tables"]["gaps"])


def test_frame_records_handles_missing_values_and_dates() -> None:
    frame = pd.DataFrame(
        {
            "a": pd.array([1, None], dtype="Int64"),
            "b": [1.5, float("nan")],
            "when": pd.to_datetime(["2022-01-10", None]),
            "tags": [("x", "y"), ()],
        }
    )
    assert export.frame_records(frame) == [
        {"a": 1, "b": 1.5, "when": "2022-01-10", "tags": ["x", "y"]},
        {"a": None, "b": None, "when": None, "tags": []},
    ]
    assert export.frame_records(pd.DataFrame()) == []


def test_csv_files_and_zip(dossier, tmp_path: Path) -> None:
    files = export.csv_files(dossier)
    assert sorted(files) == sorted(f"{n}.csv" for n in export.TABLE_NAMES)
    rows = list(csv.DictReader(io.StringIO(files["overlaps.csv"])))
    assert rows[0]["issue"] == "enlargement"
    assert rows[0]["parties"] == "russia; united-states"  # lists joined by "; " in CSV

    written = export.write_csvs(dossier, tmp_path / "out")
    assert sorted(p.name for p in written) == sorted(files)
    assert (tmp_path / "out" / "gaps.csv").read_text(encoding="utf-8") == files["gaps.csv"]

    with zipfile.ZipFile(io.BytesIO(export.csv_zip_bytes(dossier))) as zf:
        assert sorted(zf.namelist()) == sorted(f"tiny/{name}" for name in files)


def test_write_json(dossier, tmp_path: Path) -> None:
    path = export.write_json(dossier, tmp_path / "deep" / "tiny.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["dossier"]["id"] == "tiny"
    assert data["problems"] == []


def test_export_under_what_if(dossier) -> None:
    from negotiation import whatif

    day = dt.date(2022, 1, 12)
    plain = export.comparison_tables(dossier, day)
    assert {"concessions", "trades"} <= set(plain)
    assert "blocker_sets" in plain["overlaps"].columns
    texts = ["united-states:enlargement:no-timetable..moratorium"]
    data = export.export_dict(dossier, date=day, what_if=texts)
    assert data["what_if"] == texts
    assert data["tables"]["gaps"][0]["status"] == "overlap"
    assert data["tables"]["overlaps"][0]["blocker_sets"] == []
    pair, every = data["tables"]["concessions"]
    assert pair["scope"] == "pair" and every["scope"] == "all sides"
    assert every["parties"] == ["russia", "united-states"]
    assert every["weighted_total"] == 0 and every["hypothetical"] is True
    # Parsed hypotheses work the same; the canonical text is the one given.
    hyps = whatif.require_hypotheses(texts, dossier)
    again = export.export_dict(dossier, date=day, what_if=hyps)
    assert again["tables"] == data["tables"] and again["what_if"] == texts
    # The comma-joined URL form too.
    assert export.export_dict(dossier, date=day, what_if=texts[0])["what_if"] == texts
    files = export.csv_files(dossier, date=day, what_if=texts)
    assert "whatif:united-states:enlargement" in files["positions.csv"]
    with pytest.raises(whatif.HypothesisError, match="unknown side 'nobody'"):
        export.comparison_tables(dossier, day, what_if=["nobody:enlargement:open-door"])
    # The dossier object itself is untouched.
    assert dossier.what_if == () and "whatif:" not in export.csv_files(dossier)["positions.csv"]


def test_side_dict_has_role_camps_and_weight(tmp_path: Path) -> None:
    folder = make_dossier(tmp_path / "positions")
    dossier_yaml = folder / "dossier.yaml"
    dossier_yaml.write_text(
        dossier_yaml.read_text(encoding="utf-8").replace(
            "camps:\n", "camps:\n  - id: nato\n    name: NATO\n"
        ),
        encoding="utf-8",
    )
    us = folder / "sides" / "united-states.yaml"
    us.write_text(
        us.read_text(encoding="utf-8").replace(
            "camp: west\n",
            "camps: [west, nato]\nrole: mediator\nweight: 30\nweight_evidence:\n"
            "  - source: daily\n    quote: thirty allies\n",
        ),
        encoding="utf-8",
    )
    d, problems = load_dossier(folder)
    assert d is not None and problems == []
    sides = {s["id"]: s for s in export.dossier_dict(d)["sides"]}
    us_row, ru_row = sides["united-states"], sides["russia"]
    assert us_row["camp"] == "west" and us_row["camps"] == ["west", "nato"]
    assert us_row["role"] == "mediator"
    assert us_row["weight"] == 30 and isinstance(us_row["weight"], int)
    assert us_row["weight_evidence"][0]["quote"] == "thirty allies"
    assert (ru_row["camp"], ru_row["camps"], ru_row["role"]) == ("east", ["east"], "party")
    assert (ru_row["weight"], ru_row["weight_evidence"]) == (None, [])
    json.dumps(sides)


def test_verdicts_until_changes_only_the_verdict_tables(dossier) -> None:
    day = dt.date(2022, 1, 10)  # the tiny dossier's latest date: every verdict counts
    default = export.comparison_tables(dossier, date=day)
    until = export.comparison_tables(dossier, date=day, verdicts_until=dt.date(2022, 1, 14))
    assert list(default["characterisations"]["id"]) == ["daily-deadlock", "weekly-deadlock"]
    assert list(until["characterisations"]["id"]) == ["daily-deadlock"]
    assert int(until["agreement"]["n"].iloc[0]) == 1
    for name in ("gaps", "overlaps", "camps", "concessions"):
        pd.testing.assert_frame_equal(default[name], until[name])
    data = export.export_dict(dossier, date=day, verdicts_until=dt.date(2022, 1, 15))
    assert data["comparison"]["verdicts_until"] == "2022-01-15"
    assert "after the as-of date" in data["comparison"]["verdicts_note"]
    assert len(data["tables"]["characterisations"]) == 2


def test_verdicts_note() -> None:
    d14, d18 = dt.date(2022, 1, 14), dt.date(2022, 1, 18)
    assert analysis.verdicts_note(d18, d14) == (
        "verdicts until 18 Jan 2022, after the as-of date (14 Jan 2022)"
    )
    assert analysis.verdicts_note(d14, d18) == (
        "verdicts until 14 Jan 2022, before the as-of date (18 Jan 2022)"
    )
    assert analysis.verdicts_note(d14, d14) == "verdicts until 14 Jan 2022, the as-of date"
    assert (
        analysis.verdicts_note(d14, None) == "verdicts until 14 Jan 2022, with the latest positions"
    )
