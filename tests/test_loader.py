"""Unit tests of negotiation.loader: every rule, with its message and exact location."""

from __future__ import annotations

import copy
import os
import time
from pathlib import Path

import pytest
from loader_helpers import DOSSIER, ISSUES, SIDES, SOURCES, col_of, find, line_of, make_dossier

from negotiation import loader
from negotiation.load import references, schema_check, yaml_read
from negotiation.loader import files_signature, load_dossier, load_positions, parse_count

RUSSIA = """\
id: russia
name: Russia
positions:
  - id: ru-nato
    issue: nato-enlargement
    as_of: 2022-01-10
    stance: demand
    ideal: binding-ban
    accepts: binding-ban
    summary: Russia demands a legal guarantee.
    evidence:
      - source: tass
        quote: a guarantee
        date: 2022-01-10
  - id: ru-missiles
    issue: missiles
    as_of: 2022-01-12
    stance: offer
    accepts: moratorium
    summary: Russia offers a moratorium.
    evidence:
      - source: tass
        quote: a moratorium
"""

REL = "positions/talks"
SIDE_FILE = f"{REL}/sides/russia.yaml"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def build(**kwargs):
    sides = kwargs.pop("sides", None)
    if sides is None:
        sides = {"russia": RUSSIA, "united-states": SIDES["united-states"]}
    return make_dossier(Path("positions"), sides=sides, **kwargs)


def load_with_side(text: str):
    build(sides={"russia": text, "united-states": SIDES["united-states"]})
    return load_positions()


def at(problem) -> tuple[int, int]:
    return (problem.line, problem.column)


def russia(result):
    return result.dossiers["talks"].side_by_id["russia"]


# =========================================================================== happy path


def test_valid_dossier_loads_without_problems():
    build()
    result = load_positions()
    assert result.problems == []
    dossier = result.dossiers["talks"]
    assert dossier.path == "positions/talks"
    assert [i.id for i in dossier.issues] == ["nato-enlargement", "missiles"]
    assert {s.id for s in dossier.sides} == {"russia", "united-states"}
    assert len(russia(result).positions) == 2
    assert russia(result).file == SIDE_FILE
    assert len(dossier.sources) == 2 and len(dossier.characterisations) == 2
    assert dossier.meta.events[0].sides == ["russia", "united-states"]
    assert dossier.problems == ()


def test_single_dossier_folder_path_and_load_dossier():
    build()
    result = load_positions([REL])
    assert list(result.dossiers) == ["talks"] and result.problems == []
    dossier, problems = load_dossier(REL)
    assert dossier is not None and dossier.id == "talks" and problems == []


def test_bom_and_crlf_load_fine():
    build()
    data = ("\ufeff" + RUSSIA).replace("\n", "\r\n").encode("utf-8")
    Path(SIDE_FILE).write_bytes(data)
    result = load_positions()
    assert result.problems == []
    assert len(russia(result).positions) == 2


def test_unquoted_dates_where_dates_belong_are_fine():
    result = load_with_side(RUSSIA)
    pos = russia(result).positions[0]
    assert str(pos.as_of) == "2022-01-10"
    assert result.problems == []


def test_anchors_and_small_aliases_are_allowed():
    text = RUSSIA.replace(
        "      - source: tass\n        quote: a guarantee\n        date: 2022-01-10\n",
        "      - &ev\n        source: tass\n        quote: a guarantee\n",
    ).replace("      - source: tass\n        quote: a moratorium\n", "      - *ev\n")
    result = load_with_side(text)
    assert result.problems == []
    assert russia(result).positions[1].evidence[0].quote == "a guarantee"


# =========================================================================== YAML level


def test_yaml_syntax_error_located():
    text = RUSSIA.replace("    stance: offer\n", "    stance: offer: now\n")
    result = load_with_side(text)
    p = find(result.problems, "YAML syntax error")
    assert p.code == "yaml-syntax" and p.file == SIDE_FILE
    assert at(p) == (line_of(text, "stance: offer"), col_of(text, ": now") + 0)
    # the rest of the dossier still loads
    assert "united-states" in result.dossiers["talks"].side_by_id
    assert "russia" not in result.dossiers["talks"].side_by_id


def test_tab_indentation():
    text = RUSSIA.replace("    stance: demand\n", "\tstance: demand\n")
    p = find(load_with_side(text).problems, "tab character")
    assert p.code == "yaml-tab"
    assert at(p) == (line_of(text, "stance: demand"), 1)


def test_unclosed_quote_points_at_the_opening_quote():
    text = RUSSIA.replace("summary: Russia offers a moratorium.", 'summary: "Russia offers')
    p = find(load_with_side(text).problems, "never closed")
    assert p.code == "yaml-quote"
    assert at(p) == (line_of(text, '"Russia offers'), col_of(text, '"Russia offers'))


def test_non_utf8_bytes_report_offset_and_line():
    build()
    data = RUSSIA.replace("name: Russia", "name: Russi\xe9").encode("latin-1")
    Path(SIDE_FILE).write_bytes(data)
    p = find(load_positions().problems, "not valid UTF-8")
    offset = data.index(b"\xe9")
    assert f"byte offset {offset}" in p.message and "0xE9" in p.message
    assert at(p) == (2, len("name: Russi") + 1)
    assert p.code == "encoding"


def test_control_character_is_a_syntax_error():
    text = RUSSIA.replace("name: Russia", "name: Rus\x07sia")
    p = find(load_with_side(text).problems, "control character")
    assert at(p) == (2, len("name: Rus") + 1)


@pytest.mark.parametrize("text", ["", "# just a comment\n\n", "---\n"])
def test_empty_file(text):
    p = find(load_with_side(text).problems, "file is empty")
    assert p.code == "empty" and at(p) == (0, 0) and p.severity == "error"


@pytest.mark.parametrize(("text", "what"), [("- a\n- b\n", "a list"), ("hello\n", "'hello'")])
def test_top_level_must_be_a_mapping(text, what):
    p = find(load_with_side(text).problems, "should be a mapping")
    assert what in p.message and at(p) == (1, 1) and p.code == "not-a-mapping"


def test_wrong_shape_record_list_item():
    text = RUSSIA.replace("    evidence:\n      - source: tass\n        quote: a moratorium\n", "")
    text = text.replace("  - id: ru-missiles", "  - just text\n  - id: ru-missiles")
    result = load_with_side(text)
    p = find(result.problems, "should be a mapping")
    assert at(p) == (line_of(text, "- just text"), 5)


def test_duplicate_key_at_depth():
    text = RUSSIA.replace(
        "        quote: a guarantee\n", "        quote: a guarantee\n        quote: second\n"
    )
    result = load_with_side(text)
    p = find(result.problems, "duplicate key 'quote'")
    first = line_of(text, "quote: a guarantee")
    assert f"line {first}" in p.message
    assert at(p) == (line_of(text, "quote: second"), 9)
    assert p.code == "duplicate-key" and p.severity == "error"
    # the first value is the one kept (PyYAML would have kept the last)
    assert russia(result).positions[0].evidence[0].quote == "a guarantee"


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("no", "boolean false"),
        ("off", "boolean false"),
        ("yes", "boolean true"),
        ("on", "boolean true"),
        ("2022-01-10", "a date"),
        ("0x1F", "whole number 31"),
        ("3.5", "number 3.5"),
        ("1.5e+3", "number 1500.0"),
        ("12", "whole number 12"),
    ],
)
def test_yaml_11_type_surprises_in_text_fields(raw, kind):
    text = RUSSIA.replace("summary: Russia demands a legal guarantee.", f"summary: {raw}")
    result = load_with_side(text)
    p = find(result.problems, f"`{raw}` is read by YAML as")
    assert kind in p.message and f"('{raw}')" in p.message
    assert p.code == "yaml-type-surprise"
    assert at(p) == (line_of(text, f"summary: {raw}"), 14)
    # the bad position is dropped alone
    assert [x.id for x in russia(result).positions] == ["ru-missiles"]


def test_type_surprise_in_an_id_and_an_enum():
    text = RUSSIA.replace("ideal: binding-ban", "ideal: no").replace("stance: offer", "stance: yes")
    problems = load_with_side(text).problems
    p = find(problems, "'ideal': `no` is read by YAML as the boolean false")
    assert at(p) == (line_of(text, "ideal: no"), 12)
    p = find(problems, "'stance': `yes` is read by YAML as the boolean true")
    assert at(p) == (line_of(text, "stance: yes"), 13)


def test_quoted_no_is_text():
    text = RUSSIA.replace("summary: Russia demands a legal guarantee.", "summary: 'no'")
    result = load_with_side(text)
    assert result.problems == []
    assert russia(result).positions[0].summary == "no"


def test_bad_date_string():
    text = RUSSIA.replace("as_of: 2022-01-12", "as_of: 12 January 2022")
    p = find(load_with_side(text).problems, "not a date (expected YYYY-MM-DD)")
    assert "'12 January 2022'" in p.message and p.code == "bad-date"
    assert at(p) == (line_of(text, "as_of: 12 January"), 12)


def test_impossible_date():
    text = RUSSIA.replace("as_of: 2022-01-12", "as_of: 2022-13-45")
    p = find(load_with_side(text).problems, "'2022-13-45' is not a date")
    assert at(p) == (line_of(text, "as_of: 2022-13-45"), 12)


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!foo", "!!python/name:os.system"])
def test_unsafe_or_unknown_tags_are_rejected(tag):
    text = RUSSIA.replace("    notes_placeholder", "").replace(
        "summary: Russia offers a moratorium.", f"summary: {tag} echo"
    )
    result = load_with_side(text)
    p = find(result.problems, "is not allowed")
    assert tag.removeprefix("!!") in p.message and p.code == "yaml-tag"
    assert at(p) == (line_of(text, f"summary: {tag}"), 14)
    assert [x.id for x in russia(result).positions] == ["ru-nato"]


def test_billion_laughs_rejected_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    result = load_with_side("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 2
    p = find(result.problems, "billion laughs")
    assert p.code == "yaml-alias-bomb" and "100,000" in p.message


def test_recursive_alias_rejected():
    p = find(load_with_side("id: &a [*a]\n").problems, "repeat forever")
    assert p.code == "yaml-alias-cycle" and at(p) == (1, 5)


def test_file_too_large(monkeypatch):
    monkeypatch.setattr(yaml_read, "MAX_FILE_BYTES", 1024 * 1024)
    build()
    Path(SIDE_FILE).write_text(RUSSIA + "#" * (1024 * 1024) + "\n", encoding="utf-8")
    result = load_positions()
    p = find(result.problems, "larger than the 1 MiB limit")
    assert p.code == "too-large" and p.file == SIDE_FILE and at(p) == (0, 0)
    assert "united-states" in result.dossiers["talks"].side_by_id


def test_max_file_bytes_default():
    assert loader.MAX_FILE_BYTES == 5 * 1024 * 1024


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_symlink_outside_dossier_not_followed(tmp_path):
    build()
    secret = tmp_path / "secret.yaml"
    secret.write_text(RUSSIA.replace("id: russia", "id: secret"), encoding="utf-8")
    os.symlink(secret, Path(REL) / "sides" / "secret.yaml")
    result = load_positions()
    p = find(result.problems, "symbolic link pointing outside the dossier folder")
    assert p.file == f"{REL}/sides/secret.yaml" and p.code == "symlink"
    assert "secret" not in result.dossiers["talks"].side_by_id


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_symlinked_dossier_outside_root_not_followed(tmp_path):
    build()
    outside = make_dossier(tmp_path / "elsewhere", "other")
    os.symlink(outside, Path("positions") / "other")
    result = load_positions()
    p = find(result.problems, "outside the positions folder")
    assert p.file == "positions/other"
    assert list(result.dossiers) == ["talks"]


def test_folder_without_yaml_files():
    build()
    Path("positions/empty").mkdir()
    p = find(load_positions().problems, "has no YAML files")
    assert p.file == "positions/empty" and p.code == "empty-folder"


def test_two_dossiers_with_the_same_id():
    build()
    make_dossier(Path("positions"), "talks-copy")
    result = load_positions()
    p = find(result.problems, "two dossiers have the id 'talks'")
    assert p.file == "positions/talks-copy/dossier.yaml" and at(p) == (1, 5)
    assert result.dossiers["talks"].path == "positions/talks"


def test_unknown_extra_yaml_file_is_a_warning():
    build()
    Path(REL, "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    p = find(load_positions().problems, "unknown file 'notes.yaml'")
    assert p.severity == "warning" and p.code == "unknown-file"


def test_folder_lacking_dossier_yaml_still_loads():
    build(omit=("dossier.yaml",))
    result = load_positions([REL])
    p = find(result.problems, "dossier.yaml is missing")
    assert p.code == "missing-file"
    dossier = result.dossiers["talks"]
    assert len(dossier.sides) == 2
    assert dossier.meta.period.start <= dossier.meta.period.end


# =========================================================================== pydantic


def test_missing_required_field_points_at_the_mapping():
    text = RUSSIA.replace("    summary: Russia offers a moratorium.\n", "")
    p = find(load_with_side(text).problems, "missing required field 'summary'")
    assert at(p) == (line_of(text, "- id: ru-missiles"), 5) and p.code == "missing-field"


def test_missing_field_in_nested_record():
    text = RUSSIA.replace("        quote: a moratorium\n", "")
    p = find(load_with_side(text).problems, "missing required field 'quote' in 'evidence[1]'")
    assert at(p) == (line_of(text, "source: tass", 2), 9)


def test_wrong_type_list_expected():
    text = RUSSIA.replace(
        "    evidence:\n      - source: tass\n        quote: a moratorium\n",
        "    evidence: tass said so\n",
    )
    p = find(load_with_side(text).problems, "'evidence' should be a list")
    assert at(p) == (line_of(text, "evidence: tass said so"), 15) and p.code == "wrong-type"


def test_unknown_field_with_suggestion():
    text = RUSSIA.replace("summary: Russia offers", "sumary: Russia offers")
    result = load_with_side(text)
    p = find(result.problems, "unknown field 'sumary'; did you mean 'summary'?")
    assert at(p) == (line_of(text, "sumary:"), 5) and p.code == "unknown-field"


def test_unknown_field_in_header_and_range():
    text = RUSSIA.replace("name: Russia", "name: Russia\ncolour: red").replace(
        "accepts: moratorium", "accepts: {from: none, too: moratorium}"
    )
    problems = load_with_side(text).problems
    p = find(problems, "unknown field 'colour'")
    assert "allowed fields:" in p.message and at(p) == (3, 1)
    p = find(problems, "unknown field 'too'; did you mean 'to'?")
    assert at(p) == (line_of(text, "too:"), col_of(text, "too:"))


def test_bad_id_pattern():
    text = RUSSIA.replace("- id: ru-missiles", "- id: RU Missiles")
    p = find(load_with_side(text).problems, "'RU Missiles' is not a valid id for 'id'")
    assert "'ru-missiles'" in p.message and p.code == "bad-id"
    assert at(p) == (line_of(text, "RU Missiles"), 9)


def test_bad_enum_value_lists_allowed_and_suggests():
    text = RUSSIA.replace("stance: offer", "stance: ofer")
    p = find(load_with_side(text).problems, "'ofer' is not an allowed value for 'stance'")
    assert "allowed: demand, offer, rejection" in p.message
    assert "did you mean 'offer'?" in p.message and p.code == "bad-enum"
    assert at(p) == (line_of(text, "stance: ofer"), 13)


def test_about_must_name_one_thing():
    sources = (
        "sources:\n"
        "  - id: tass\n    outlet: TASS\n    title: T\n    date: 2022-01-10\n    kind: news\n"
        "characterisations:\n"
        "  - id: c1\n    source: tass\n    about: {issue: missiles, side: russia}\n"
        "    dimension: outcome\n    value: deadlock\n    quote: q\n"
    )
    build(sources=sources)
    p = find(load_positions().problems, "names exactly one of issue, side, event or camp")
    assert at(p) == (line_of(sources, "about:"), 12)


# =========================================================================== semantic


def test_unknown_issue_with_suggestion():
    text = RUSSIA.replace("issue: nato-enlargement", "issue: nato-enlargment")
    result = load_with_side(text)
    p = find(result.problems, "unknown issue 'nato-enlargment'")
    assert "did you mean 'nato-enlargement'?" in p.message and p.code == "unknown-ref"
    assert at(p) == (line_of(text, "issue: nato-enlargment"), 12)
    assert [x.id for x in russia(result).positions] == ["ru-missiles"]


def test_scale_points_must_be_on_the_issue_scale():
    text = RUSSIA.replace("ideal: binding-ban", "ideal: binding-bann").replace(
        "accepts: moratorium", "accepts: {from: none, to: moratorum}"
    )
    problems = load_with_side(text).problems
    p = find(problems, "'binding-bann' is not a point on the scale of issue 'nato-enlargement'")
    assert "did you mean 'binding-ban'?" in p.message
    assert at(p) == (line_of(text, "ideal: binding-bann"), 12)
    p = find(problems, "'moratorum' is not a point on the scale of issue 'missiles'")
    assert at(p) == (line_of(text, "moratorum"), col_of(text, "moratorum"))


def test_evidence_source_unknown():
    text = RUSSIA.replace(
        "source: tass\n        quote: a moratorium", "source: tas\n        quote: x"
    )
    result = load_with_side(text)
    p = find(result.problems, "unknown source 'tas' in the evidence of position 'ru-missiles'")
    assert "did you mean 'tass'?" in p.message
    assert at(p) == (text.splitlines().index("      - source: tas") + 1, 17)
    assert [x.id for x in russia(result).positions] == ["ru-nato"]


def test_text_that_only_looks_like_a_number_stays_text():
    text = RUSSIA.replace("summary: Russia demands a legal guarantee.", "summary: 1e3")
    result = load_with_side(text)
    assert result.problems == []  # PyYAML's YAML 1.1 float needs a dot: 1e3 is text
    assert russia(result).positions[0].summary == "1e3"


def test_reversed_range():
    text = RUSSIA.replace("accepts: moratorium", "accepts: {from: moratorium, to: none}")
    result = load_with_side(text)
    p = find(result.problems, "range of position 'ru-missiles' is reversed")
    assert "swap 'from' and 'to'" in p.message and p.code == "reversed-range"
    assert at(p) == (line_of(text, "accepts: {from"), 14)
    assert [x.id for x in russia(result).positions] == ["ru-nato"]


def test_side_camp_unknown_keeps_side():
    text = RUSSIA.replace("name: Russia", "name: Russia\ncamp: eest")
    result = load_with_side(text)
    p = find(result.problems, "unknown camp 'eest'; did you mean 'west'?")
    assert at(p) == (3, 7)
    assert russia(result).camp is None and len(russia(result).positions) == 2


def test_side_file_name_should_match_id():
    build(sides={"rusia": RUSSIA, "united-states": SIDES["united-states"]})
    p = find(load_positions().problems, "named 'rusia.yaml' but the side's id is 'russia'")
    assert p.severity == "warning" and at(p) == (1, 5) and p.code == "file-name"


def test_duplicate_position_ids_across_side_files():
    us = RUSSIA.replace("id: russia", "id: united-states").replace("- id: ru-nato", "- id: us-x")
    build(sides={"russia": RUSSIA, "united-states": us})
    result = load_positions()
    p = find(result.problems, "duplicate position id 'ru-missiles'")
    assert f"already used at {SIDE_FILE}:{line_of(RUSSIA, '- id: ru-missiles')}" in p.message
    assert p.file == f"{REL}/sides/united-states.yaml"
    assert at(p) == (line_of(us, "- id: ru-missiles"), 9)
    assert [x.id for x in result.dossiers["talks"].side_by_id["united-states"].positions] == [
        "us-x"
    ]


def test_duplicate_side_ids_across_files():
    build(sides={"russia": RUSSIA, "russia-2": RUSSIA.replace("ru-", "rx-")})
    p = find(load_positions().problems, "duplicate side id 'russia'")
    assert p.file == f"{REL}/sides/russia.yaml" or p.file == f"{REL}/sides/russia-2.yaml"
    assert at(p) == (1, 5)


ISSUES_TEXT = """\
issues:
  - id: nato-enlargement
    title: NATO enlargement
    scale:
      - id: open-door
        label: Open door
      - id: no-timetable
        label: No timetable
      - id: moratorium
        label: Moratorium
      - id: binding-ban
        label: Binding ban
  - id: missiles
    title: Missiles
    scale:
      - id: none
        label: No limits
      - id: moratorium
        label: Moratorium
"""


def test_duplicate_issue_id_and_scale_point():
    text = (
        ISSUES_TEXT.replace("      - id: binding-ban", "      - id: open-door")
        + "  - id: missiles\n    title: Again\n    scale:\n"
        + "      - id: a\n        label: A\n      - id: b\n        label: B\n"
    )
    build(issues=text)
    result = load_positions()
    p = find(result.problems, "duplicate issue id 'missiles'")
    assert f"issues.yaml:{line_of(text, '- id: missiles')}" in p.message
    assert at(p) == (line_of(text, "- id: missiles", 2), 9)
    p = find(result.problems, "duplicate scale point id 'open-door' in issue 'nato-enlargement'")
    assert at(p) == (line_of(text, "- id: open-door", 2), 13)
    assert result.dossiers["talks"].issue_by_id["missiles"].title == "Missiles"


def test_duplicate_source_and_characterisation_ids():
    sources = dict(SOURCES)
    sources["sources"] = [*SOURCES["sources"], {**SOURCES["sources"][0], "title": "Again"}]
    sources["characterisations"] = [
        *SOURCES["characterisations"],
        SOURCES["characterisations"][0],
    ]
    build(sources=sources)
    problems = load_positions().problems
    p = find(problems, "duplicate source id 'tass'")
    assert p.file == f"{REL}/sources.yaml" and p.line > 1
    p = find(problems, "duplicate characterisation id 'c-deadlock'")
    assert p.code == "duplicate-id"


DOSSIER_TEXT = """\
id: talks
title: Security talks
summary: A small test dossier.
period:
  start: 2022-01-01
  end: 2022-01-31
camps:
  - id: west
    name: The West
  - id: west
    name: Again
events:
  - id: geneva
    date: 2022-01-10
    title: Geneva round
    sides: [russia, unitedstates]
    sources: [tas]
  - id: geneva
    date: 2022-01-11
    title: Again
  - id: brussels
    date: 2022-02-20
    title: Late
dimensions:
  - id: outcome
    label: Outcome
    scale:
      - id: breakdown
        label: Breakdown
      - id: deadlock
        label: Deadlock
      - id: breakthrough
        label: Breakthrough
frames:
  - id: divorce
    label: Divorce
"""


def test_dossier_yaml_rules():
    build(dossier=DOSSIER_TEXT)
    result = load_positions()
    problems = result.problems
    p = find(problems, "duplicate camp id 'west'")
    assert at(p) == (line_of(DOSSIER_TEXT, "- id: west", 2), 9)
    p = find(problems, "duplicate event id 'geneva'")
    assert at(p) == (line_of(DOSSIER_TEXT, "- id: geneva", 2), 9)
    p = find(problems, "unknown side 'unitedstates' in event 'geneva'")
    assert "did you mean 'united-states'?" in p.message
    assert at(p) == (line_of(DOSSIER_TEXT, "unitedstates"), col_of(DOSSIER_TEXT, "unitedstates"))
    p = find(problems, "unknown source 'tas' in event 'geneva'")
    assert at(p) == (line_of(DOSSIER_TEXT, "[tas]"), col_of(DOSSIER_TEXT, "tas]"))
    p = find(problems, "event 'brussels' date 2022-02-20 is outside the dossier's period")
    assert p.severity == "warning" and at(p) == (line_of(DOSSIER_TEXT, "2022-02-20"), 11)
    dossier = result.dossiers["talks"]
    assert [e.id for e in dossier.events] == ["geneva", "brussels"]  # kept
    assert dossier.events[0].sides == ["russia"]


def test_dates_outside_period_are_warnings_and_kept():
    text = RUSSIA.replace("as_of: 2022-01-12", "as_of: 2021-12-01").replace(
        "        date: 2022-01-10", "        date: 2022-03-01"
    )
    result = load_with_side(text)
    p = find(result.problems, "position 'ru-missiles' as_of 2021-12-01 is outside")
    assert p.severity == "warning" and at(p) == (line_of(text, "2021-12-01"), 12)
    p = find(result.problems, "evidence date 2022-03-01 is outside")
    assert at(p) == (line_of(text, "2022-03-01"), 15)
    assert len(russia(result).positions) == 2
    assert not result.errors


CHARS = """\
sources:
  - id: tass
    outlet: TASS
    title: T
    date: 2022-01-10
    url: javascript:alert(1)
    kind: news
  - id: reuters
    outlet: Reuters
    title: R
    date: 2022-01-10
    url: https://reuters.com/x
    kind: news
characterisations:
  - id: c1
    source: reuter
    dimension: outcome
    value: deadlock
    quote: q
  - id: c2
    source: reuters
    about: {side: rusia}
    dimension: outcom
    value: deadlock
    quote: q
  - id: c3
    source: reuters
    about: {event: genva}
    dimension: outcome
    value: deadlok
    quote: q
    frames: [divorse]
  - id: c4
    source: reuters
    about: {issue: missiles}
    dimension: outcome
    value: breakthrough
    quote: q
    date: 2022-05-01
"""


def test_characterisation_references_and_urls():
    build(sources=CHARS)
    result = load_positions()
    problems = result.problems
    p = find(problems, "unknown source 'reuter'; did you mean 'reuters'?")
    assert at(p) == (CHARS.splitlines().index("    source: reuter") + 1, 13)
    p = find(problems, "unknown side 'rusia'; did you mean 'russia'?")
    assert at(p) == (line_of(CHARS, "rusia"), col_of(CHARS, "rusia"))
    p = find(problems, "unknown dimension 'outcom'; did you mean 'outcome'?")
    assert at(p) == (CHARS.splitlines().index("    dimension: outcom") + 1, 16)
    p = find(problems, "unknown event 'genva'; did you mean 'geneva'?")
    assert at(p) == (line_of(CHARS, "genva"), col_of(CHARS, "genva"))
    p = find(problems, "'deadlok' is not a value of dimension 'outcome'; did you mean 'deadlock'?")
    assert at(p) == (line_of(CHARS, "value: deadlok"), 12)
    p = find(problems, "unknown frame 'divorse'; did you mean 'divorce'?")
    assert at(p) == (line_of(CHARS, "divorse"), col_of(CHARS, "divorse"))
    p = find(problems, "characterisation 'c4' date 2022-05-01 is outside")
    assert p.severity == "warning"
    p = find(problems, "url of source 'tass' must start with http:// or https://")
    assert "'javascript:'" in p.message and p.code == "bad-url"
    assert at(p) == (line_of(CHARS, "javascript"), 10)
    dossier = result.dossiers["talks"]
    assert [c.id for c in dossier.characterisations] == ["c4"]
    assert dossier.source_by_id["tass"].url is None


@pytest.mark.parametrize("url", ["file:///etc/passwd", "data:text/html,x", "ftp://x.org/a"])
def test_non_http_urls(url):
    text = CHARS.replace("javascript:alert(1)", f"'{url}'")
    build(sources=text)
    p = find(load_positions().problems, "must start with http:// or https://")
    assert p.line == line_of(text, url)


# =========================================================================== partial loading


def test_partial_loading_keeps_other_records():
    text = RUSSIA.replace("stance: offer", "stance: 42")
    issues = ISSUES_TEXT.replace("    title: Missiles\n", "")
    build(sides={"russia": text, "united-states": SIDES["united-states"]}, issues=issues)
    result = load_positions()
    dossier = result.dossiers["talks"]
    assert list(dossier.issue_by_id) == ["nato-enlargement"]
    assert [p.id for p in dossier.side_by_id["russia"].positions] == ["ru-nato"]
    assert len(dossier.side_by_id["united-states"].positions) == 1
    assert len(result.errors) == 2
    assert all(p.dossier == "talks" for p in result.problems)
    assert list(dossier.problems) == result.problems


def test_broken_side_header_drops_only_that_side():
    text = RUSSIA.replace("name: Russia\n", "")
    result = load_with_side(text)
    p = find(result.problems, "missing required field 'name'")
    assert at(p) == (1, 1)
    assert list(result.dossiers["talks"].side_by_id) == ["united-states"]


def test_broken_dossier_yaml_still_shows_the_rest():
    build(dossier="id: talks\ntitle: [unclosed\n")
    result = load_positions()
    find(result.problems, "YAML syntax error")
    dossier = result.dossiers["talks"]  # folder name used as id
    assert dossier.title == "talks"
    assert len(dossier.sides) == 2 and len(dossier.issues) == 2
    assert dossier.meta.period.start <= dossier.meta.period.end


def test_invalid_dossier_header_keeps_valid_id_and_records():
    text = DOSSIER_TEXT.replace("title: Security talks\n", "").replace(
        "id: talks", "id: talks-x", 1
    )
    build(dossier=text)
    result = load_positions()
    p = find(result.problems, "missing required field 'title'")
    assert at(p) == (1, 1)
    dossier = result.dossiers["talks-x"]
    assert dossier.title == "talks"
    assert [c.id for c in dossier.camps] == ["west"]
    assert str(dossier.meta.period.start) == "2022-01-01"


def test_period_reversed():
    text = DOSSIER_TEXT.replace("end: 2022-01-31", "end: 2021-01-31")
    build(dossier=text)
    p = find(load_positions().problems, "The period ends (2021-01-31) before it starts")
    assert at(p) == (5, 3)


def test_never_raises_on_unexpected_errors(monkeypatch):
    build()

    def boom(*args, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(references, "check_position", boom)
    result = load_positions()
    p = find(result.problems, "kaboom")
    assert p.code == "internal"


def test_never_raises_per_file(monkeypatch):
    build()
    real = schema_check.load_file

    def flaky(path, *args):
        if path.name == "russia.yaml":
            raise RuntimeError("oops")
        return real(path, *args)

    monkeypatch.setattr(schema_check, "load_file", flaky)
    result = load_positions()
    p = find(result.problems, "oops")
    assert p.code == "internal" and p.file == SIDE_FILE
    assert "united-states" in result.dossiers["talks"].side_by_id


@pytest.mark.parametrize(
    "garbage",
    ["{{{", ": : :", "- - - -", "id: [", "\x00\x01", "a: *missing", "? [a]\n: b\n", "!!set {a}"],
)
def test_garbage_never_raises(garbage):
    result = load_with_side(garbage)
    assert result.errors
    assert "talks" in result.dossiers


# =========================================================================== cache helpers


def test_parse_count_and_signature():
    build()
    before = parse_count()
    load_positions()
    assert parse_count() - before == 5
    sig = files_signature()
    assert [s[0] for s in sig] == sorted(
        [
            f"{REL}/dossier.yaml",
            f"{REL}/issues.yaml",
            f"{REL}/sources.yaml",
            f"{REL}/sides/russia.yaml",
            f"{REL}/sides/united-states.yaml",
        ]
    )
    assert parse_count() - before == 5  # the signature parses nothing
    Path(SIDE_FILE).write_text(RUSSIA + "\n# edit\n", encoding="utf-8")
    assert files_signature() != sig


def test_nonexistent_path():
    result = load_positions(["nowhere"])
    p = find(result.problems, "does not exist")
    assert p.file == "nowhere" and result.dossiers == {}


def test_loader_never_writes(tmp_path):
    build()
    before = {p: p.stat().st_mtime_ns for p in Path("positions").rglob("*")}
    load_positions()
    after = {p: p.stat().st_mtime_ns for p in Path("positions").rglob("*")}
    assert before == after


def test_header_list_field_of_wrong_type():
    p = find(
        load_with_side("id: russia\nname: Russia\npositions: none yet\n").problems, "'positions'"
    )
    assert "should be a list" in p.message and at(p) == (3, 12) and p.code == "wrong-type"


def test_empty_positions_is_a_warning():
    result = load_with_side("id: russia\nname: Russia\npositions:\n")
    p = find(result.problems, "'positions' has no entries")
    assert p.severity == "warning" and at(p) == (3, 1)
    assert russia(result).positions == ()


def test_about_with_a_wrong_word():
    text = CHARS.replace("about: {issue: missiles}", "about: discussion")
    build(sources=text)
    p = find(load_positions().problems, "'about' must be 'talks' or one of issue")
    assert at(p) == (line_of(text, "about: discussion"), 12)


def test_range_missing_end():
    text = RUSSIA.replace("accepts: moratorium", "accepts: {from: none}")
    p = find(load_with_side(text).problems, "missing required field 'to' in 'accepts'")
    assert at(p) == (line_of(text, "accepts: {from"), 14)


def test_merge_keys_are_supported():
    text = RUSSIA.replace("  - id: ru-nato\n", "  - &base\n    notes: shared\n    id: ru-nato\n")
    text = text.replace(
        "  - id: ru-missiles\n    issue: missiles\n",
        "  - <<: *base\n    id: ru-missiles\n    issue: missiles\n    ideal: none\n",
    )
    result = load_with_side(text)
    # the merged-in ideal 'none' lies outside accepts 'moratorium': only that warning
    assert [(p.code, p.severity) for p in result.problems] == [("ideal-outside-range", "warning")]
    missiles = russia(result).positions[1]
    assert missiles.notes == "shared" and missiles.ideal == "none"  # merged, explicit keys win


def test_both_yaml_and_yml():
    build()
    Path(REL, "issues.yml").write_text("issues: []\n", encoding="utf-8")
    p = find(load_positions().problems, "both issues.yaml and issues.yml exist")
    assert p.file == f"{REL}/issues.yml"


def test_dependent_reference_to_dropped_record_says_so():
    issues = ISSUES_TEXT.replace("    title: Missiles\n", "")
    build(issues=issues)
    problems = load_positions().problems
    p = find(problems, "issue 'missiles' was left out because of its own errors")
    assert "position 'ru-missiles'" in p.message and p.code == "left-out-with"
    assert not any("unknown issue" in q.message for q in problems)  # no cascade


# =========================================================================== who counts


def _three_camps() -> dict:
    dossier = copy.deepcopy(DOSSIER)
    dossier["camps"] = [
        {"id": "west", "name": "The West"},
        {"id": "nato", "name": "NATO"},
        {"id": "eu", "name": "European Union"},
    ]
    return dossier


def test_a_side_in_two_camps_is_a_member_of_both():
    us = {**SIDES["united-states"], "camps": ["west", "nato"]}
    us.pop("camp")
    build(dossier=_three_camps(), sides={"russia": RUSSIA, "united-states": us})
    result = load_positions()
    assert result.problems == []
    d = result.dossiers["talks"]
    side = d.side_by_id["united-states"]
    assert side.camps == ("west", "nato") and side.camp == "west"  # camp: the first
    assert d.camp_members("west") == ["united-states"]
    assert d.camp_members("nato") == ["united-states"]
    assert d.camp_members("eu") == []
    assert russia(result).camps == () and russia(result).camp is None


def test_camp_is_shorthand_for_a_one_item_camps():
    build()
    shorthand = load_positions().dossiers["talks"].side_by_id["united-states"]
    us = {**SIDES["united-states"], "camps": ["west"]}
    us.pop("camp")
    build(sides={"russia": RUSSIA, "united-states": us})
    listed = load_positions().dossiers["talks"].side_by_id["united-states"]
    assert shorthand == listed
    assert listed.camps == ("west",) and listed.camp == "west"


def test_unknown_camp_in_camps_is_dropped_and_the_others_kept():
    us = {**SIDES["united-states"], "camps": ["west", "nat0"]}
    us.pop("camp")
    build(dossier=_three_camps(), sides={"russia": RUSSIA, "united-states": us})
    result = load_positions()
    p = find(result.problems, "unknown camp 'nat0' in the camps of side 'united-states'")
    assert "did you mean 'nato'?" in p.message and p.code == "unknown-ref"
    assert result.dossiers["talks"].side_by_id["united-states"].camps == ("west",)


def test_weight_loads_with_its_evidence():
    us = {
        **SIDES["united-states"],
        "weight": 27,
        "weight_evidence": [{"source": "reuters", "quote": "speaks for 27 states"}],
    }
    build(sides={"russia": RUSSIA, "united-states": us})
    result = load_positions()
    assert result.problems == []
    side = result.dossiers["talks"].side_by_id["united-states"]
    assert side.weight == 27 and side.vote_weight == 27 and not side.weight_defaulted
    assert [e.quote for e in side.weight_evidence] == ["speaks for 27 states"]
    ru = russia(result)
    assert ru.weight is None and ru.vote_weight == 1 and ru.weight_defaulted
    assert ru.weight_evidence == ()


def test_weight_evidence_with_unknown_source_leaves_the_weight_out():
    us = {
        **SIDES["united-states"],
        "weight": 2.5,
        "weight_evidence": [{"source": "reuter", "quote": "two and a half votes"}],
    }
    build(sides={"russia": RUSSIA, "united-states": us})
    result = load_positions()
    p = find(result.problems, "unknown source 'reuter' in the weight_evidence of side")
    assert "did you mean 'reuters'?" in p.message
    assert "the weight is left out (the side counts 1)" in p.message
    side = result.dossiers["talks"].side_by_id["united-states"]
    assert side.weight is None and side.positions  # the side and its positions stay


@pytest.mark.parametrize("bad", [True, "27", 0, -1, float("inf")])
def test_weight_must_be_a_positive_number(bad):
    us = {
        **SIDES["united-states"],
        "weight": bad,
        "weight_evidence": [{"source": "reuters", "quote": "votes"}],
    }
    build(sides={"russia": RUSSIA, "united-states": us})
    problems = load_positions().problems
    p = find(problems, "'weight' of side 'united-states'")
    assert p.file == f"{REL}/sides/united-states.yaml" and p.severity == "error"


DECISION = {
    "rule": "qualified",
    "threshold": 0.667,
    "evidence": [{"source": "tass", "quote": "two thirds of the votes"}],
}


def test_decision_loads_on_the_dossier_and_on_an_issue():
    from fractions import Fraction

    dossier = {**copy.deepcopy(DOSSIER), "decision": DECISION}
    issues = copy.deepcopy(ISSUES)
    issues["issues"][1]["decision"] = {
        "rule": "majority",
        "counted": "sides",
        "evidence": [{"source": "reuters", "quote": "one state, one vote"}],
    }
    build(dossier=dossier, issues=issues)
    result = load_positions()
    assert result.problems == []
    d = result.dossiers["talks"]
    rule = d.meta.decision.as_rule()
    assert (rule.kind, rule.threshold, rule.counted) == ("qualified", Fraction(667, 1000), "weight")
    assert d.issue_by_id["nato-enlargement"].decision is None
    missiles = d.issue_by_id["missiles"].decision
    assert missiles is not None and missiles.as_rule().text == "majority:sides"


def test_no_decision_is_consensus_and_is_not_dumped():
    build()
    d = load_positions().dossiers["talks"]
    assert d.meta.decision is None
    assert "decision" not in d.meta.model_dump()
    assert all("decision" not in i.model_dump() for i in d.issues)
    from negotiation.model import Decision

    default = Decision(evidence=[{"source": "tass", "quote": "q"}])
    assert default.as_rule().is_consensus and default.counted == "weight"


def test_decision_evidence_with_unknown_source_leaves_the_rule_out():
    bad = {**DECISION, "evidence": [{"source": "tas", "quote": "two thirds"}]}
    dossier = {**copy.deepcopy(DOSSIER), "decision": bad}
    build(dossier=dossier)
    result = load_positions()
    p = find(result.problems, "unknown source 'tas' in the evidence of the dossier's decision")
    assert p.file == f"{REL}/dossier.yaml" and "did you mean 'tass'?" in p.message
    assert result.dossiers["talks"].meta.decision is None


def test_about_a_camp_resolves():
    sources = copy.deepcopy(SOURCES)
    sources["characterisations"][0]["about"] = {"camp": "west"}
    build(sources=sources)
    result = load_positions()
    assert result.problems == []
    ch = result.dossiers["talks"].characterisations[0]
    assert (ch.about.kind, ch.about.ref) == ("camp", "west")
    from negotiation.analysis.sources import characterisations_frame

    table = characterisations_frame(result.dossiers["talks"])
    row = table[table["id"] == ch.id].iloc[0]
    assert (row["about_kind"], row["about_id"], row["about_label"]) == ("camp", "west", "The West")


# =========================================================================== old dossiers


@pytest.mark.parametrize(
    "folder",
    ["positions/russia-west-2022", "tests/fixtures/long-dossier/river-basin-treaty"],
)
def test_shipped_dossiers_load_as_before_the_new_fields(folder):
    """No shipped dossier or fixture uses the new fields: every side is in its one
    ``camp`` (or none), weighs the default 1, and no rule is stated; the export's side
    dict carries the new keys with those values and nothing else changes shape."""
    from negotiation import export

    root = Path(__file__).resolve().parents[1]
    d, problems = load_dossier(root / folder)
    assert d is not None and [p for p in problems if p.severity == "error"] == []
    assert d.meta.decision is None and all(i.decision is None for i in d.issues)
    out = export.dossier_dict(d)
    assert "decision" not in out["meta"]
    assert all("decision" not in i for i in out["issues"])
    for c in out["characterisations"]:
        assert not isinstance(c["about"], dict) or set(c["about"]) == {"issue", "side", "event"}
    for side, row in zip(d.sides, out["sides"], strict=True):
        assert side.camps == ((side.camp,) if side.camp else ())
        assert side.weight_defaulted and side.vote_weight == 1
        assert list(row) == [
            "id",
            "name",
            "short",
            "camp",
            "camps",
            "role",
            "weight",
            "weight_evidence",
            "description",
            "positions",
        ]
        assert (row["camps"], row["role"], row["weight"], row["weight_evidence"]) == (
            list(side.camps),
            side.role,
            None,
            [],
        )
