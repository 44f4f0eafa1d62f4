"""The format's fields for how sure a placement is: readings, rejects and basis.

Valid shapes load with every position kept; the bad shapes are in the bad-input
corpus (cases 116-122). Dumps of positions that give none of the new fields stay as
they were.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from loader_helpers import SIDES, make_dossier, position

from negotiation import analysis
from negotiation.loader import load_dossier
from negotiation.model import Position

EV = [{"source": "tass", "quote": "a guarantee"}]


def _sides(**us_position: Any) -> dict[str, dict[str, Any]]:
    sides = copy.deepcopy(SIDES)
    us = sides["united-states"]["positions"][0]
    for key in ("ideal", "accepts"):
        us.pop(key, None)
    us.update(us_position)
    return sides


def _load(tmp_path: Path, sides: dict[str, dict[str, Any]]):
    folder = make_dossier(tmp_path, sides=sides)
    dossier, problems = load_dossier(folder)
    errors = [p for p in problems if p.severity == "error"]
    assert errors == [], [p.format() for p in errors]
    return dossier


READINGS = [
    {"label": "Hawkish reading", "accepts": "open-door", "evidence": EV},
    {
        "label": "Dovish reading",
        "accepts": {"from": "no-timetable", "to": "moratorium"},
        "ideal": "no-timetable",
        "evidence": EV,
    },
]


def test_a_contested_position_loads_unplaced_with_its_readings(tmp_path: Path) -> None:
    dossier = _load(tmp_path, _sides(readings=READINGS))
    pos = dossier.position_by_id["us-nato"]
    assert pos.contested and [r.label for r in pos.readings or ()] == [
        "Hawkish reading",
        "Dovish reading",
    ]
    frame = analysis.positions_as_of(dossier, issues=["nato-enlargement"]).set_index("side")
    us = frame.loc["united-states"]
    assert not us.placed and us.contested
    assert us.reading_labels == ("Hawkish reading", "Dovish reading")
    readings = analysis.readings_frame(dossier)
    assert readings["label"].tolist() == ["Hawkish reading", "Dovish reading"]
    assert readings["lo"].tolist() == [0, 1] and readings["hi"].tolist() == [0, 2]
    dovish = pos.as_reading(1)
    assert dovish.reading_label == "Dovish reading" and not dovish.contested
    assert dovish.accepts_range == ("no-timetable", "moratorium")
    assert [k for k, _ in pos.quotes()] == [
        ("evidence", 0),
        ("readings", 0, "evidence", 0),
        ("readings", 1, "evidence", 0),
    ]


def _without_evidence(sides: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    sides["united-states"]["positions"][0].pop("evidence")
    return sides


def test_readings_make_the_positions_own_evidence_optional(tmp_path: Path) -> None:
    dossier = _load(tmp_path, _without_evidence(_sides(readings=READINGS)))
    assert dossier.position_by_id["us-nato"].evidence == []


@pytest.mark.parametrize(
    ("fields", "bounded", "rejects", "opened"),
    [
        ({"rejects": {"from": "moratorium", "to": "binding-ban"}}, True, (2, 3), (0, 1)),
        ({"rejects": "open-door"}, True, (0, 0), (1, 3)),
        ({"accepts": "open-door", "rejects": "no-timetable"}, False, (1, 1), None),
        (
            {"accepts": {"from": "open-door", "to": "no-timetable"}, "rejects": "binding-ban"},
            False,
            (3, 3),
            None,
        ),
    ],
)
def test_rules_out_at_an_end_or_next_to_accepts(
    tmp_path: Path,
    fields: dict[str, Any],
    bounded: bool,
    rejects: tuple[int, int],
    opened: tuple[int, int] | None,
) -> None:
    dossier = _load(tmp_path, _sides(**fields))
    row = analysis.positions_as_of(dossier).set_index(["side", "issue"])
    us = row.loc[("united-states", "nato-enlargement")]
    assert bool(us.bounded) is bounded and bool(us.placed) is not bounded
    assert (us.rejects_lo, us.rejects_hi) == rejects
    got = None if opened is None else (us.open_lo, us.open_hi)
    assert got == opened


def test_basis_defaults_to_reported_and_inferred_keeps_its_notes(tmp_path: Path) -> None:
    sides = copy.deepcopy(SIDES)
    sides["russia"]["positions"][0].update(basis="inferred", notes="from the draft treaty")
    sides["russia"]["positions"][1].update(basis="stated")
    dossier = _load(tmp_path, sides)
    frame = analysis.positions_as_of(dossier).set_index(["side", "issue"])
    assert frame.loc[("russia", "nato-enlargement"), "basis"] == "inferred"
    assert frame.loc[("russia", "missiles"), "basis"] == "stated"
    assert frame.loc[("united-states", "nato-enlargement"), "basis"] == "reported"


def test_a_position_without_the_new_fields_dumps_as_before() -> None:
    pos = Position.model_validate(position("ru-nato"))
    dumped = pos.model_dump(by_alias=True)
    assert not {"readings", "rejects", "basis"} & set(dumped)
    given = Position.model_validate(position("ru-nato", basis="stated"))
    assert given.model_dump()["basis"] == "stated"
