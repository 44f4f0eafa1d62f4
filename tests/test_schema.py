"""The shipped JSON Schema files: up to date, draft-07, and they accept the shipped data.

The data is checked with an independent validator (``jsonschema``'s Draft7Validator),
so the schema editors use is known to agree with the data the loader accepts.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator, FormatChecker

from negotiation import schema as schema_mod
from negotiation.model import FILE_MODELS

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DIR = ROOT / "schema"
POSITIONS = ROOT / "positions"
SHIPPED_YAML = sorted(
    p
    for p in POSITIONS.rglob("*")
    if p.suffix in (".yaml", ".yml") and schema_mod.kind_of(p) is not None
)


class IsoDateLoader(yaml.SafeLoader):
    """SafeLoader that keeps unquoted dates as ISO strings, as JSON Schema sees them
    (the VS Code YAML extension reads YAML 1.2, where 2022-01-10 is a string)."""


IsoDateLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=IsoDateLoader)


def shipped(kind: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / schema_mod.FILE_NAMES[kind]).read_text(encoding="utf-8"))


def walk(node: Any, path: str = "#"):
    """(json pointer, schema object) for every subschema."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            if key in ("properties", "definitions", "patternProperties"):
                for name, sub in value.items():
                    yield from walk(sub, f"{path}/{key}/{name}")
            elif isinstance(value, dict | list):
                yield from walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from walk(item, f"{path}/{i}")


# --------------------------------------------------------------------------- shipped files


def test_every_kind_has_a_schema_file() -> None:
    assert set(schema_mod.FILE_NAMES.values()) == {
        "dossier.schema.json",
        "issues.schema.json",
        "sources.schema.json",
        "side.schema.json",
        "coding.schema.json",
    }
    for name in schema_mod.FILE_NAMES.values():
        assert (SCHEMA_DIR / name).is_file(), (
            f"schema/{name} missing: run python -m negotiation schema"
        )


def test_shipped_schemas_equal_generated() -> None:
    stale = schema_mod.check_schemas(SCHEMA_DIR)
    assert not stale, f"out of date (run `python -m negotiation schema`): {stale}"


def test_generation_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    schema_mod.write_schemas(a)
    schema_mod.write_schemas(b)
    for name in schema_mod.FILE_NAMES.values():
        text = (a / name).read_bytes()
        assert text == (b / name).read_bytes()
        assert text.endswith(b"}\n")
        assert b"\r" not in text
        data = json.loads(text)
        assert (
            text.decode() == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        )


@pytest.mark.parametrize("kind", sorted(FILE_MODELS))
def test_schema_is_draft7(kind: str) -> None:
    s = shipped(kind)
    Draft7Validator.check_schema(s)
    assert s["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert s["$id"].endswith(f"/{kind}.schema.json")
    assert s["title"] and s["description"]
    assert schema_mod.post_draft7_keywords(s) == []
    text = json.dumps(s)
    for keyword in ("$defs", "prefixItems", "unevaluatedProperties", "dependentRequired"):
        assert f'"{keyword}"' not in text
    for pointer, node in walk(s):
        ref = node.get("$ref")
        if ref is not None:
            assert ref.startswith("#/definitions/"), pointer
            assert ref.removeprefix("#/definitions/") in s["definitions"], pointer
            # draft-07 ignores keywords next to $ref: there must be none.
            assert set(node) == {"$ref"}, pointer


@pytest.mark.parametrize("kind", sorted(FILE_MODELS))
def test_objects_forbid_unknown_keys_and_properties_are_described(kind: str) -> None:
    s = shipped(kind)
    objects = [(p, n) for p, n in walk(s) if "properties" in n]
    assert objects
    for pointer, node in objects:
        assert node.get("additionalProperties") is False, pointer
        for name, prop in node["properties"].items():
            assert prop.get("description"), f"{pointer}/properties/{name} has no description"


def test_aliases_and_dates() -> None:
    side = shipped("side")
    rng = side["definitions"]["Range"]["properties"]
    assert set(rng) == {"from", "to"}
    assert side["definitions"]["Position"]["properties"]["as_of"]["type"] == "string"
    assert side["definitions"]["Position"]["properties"]["as_of"]["format"] == "date"
    dossier = shipped("dossier")
    period = dossier["definitions"]["Period"]["properties"]
    assert period["start"] == {**period["start"], "type": "string", "format": "date"}
    for pointer, node in walk(side):
        assert "date-time" not in (node.get("format"), None), pointer


# --------------------------------------------------------------------------- validation

POSITION = {
    "id": "ru-moratorium",
    "issue": "nato-enlargement",
    "as_of": "2022-01-10",
    "stance": "demand",
    "accepts": {"from": "moratorium", "to": "binding-ban"},
    "summary": "Russia demands a binding guarantee.",
    "evidence": [{"source": "npr", "quote": "never, never", "date": "2022-01-10"}],
}
SIDE = {"id": "russia", "name": "Russia", "camp": "east", "positions": [POSITION]}


def validator(kind: str) -> Draft7Validator:
    return Draft7Validator(shipped(kind), format_checker=FormatChecker())


def test_validator_accepts_a_minimal_side_and_rejects_mistakes() -> None:
    v = validator("side")
    assert list(v.iter_errors(SIDE)) == []
    assert list(v.iter_errors({**SIDE, "positions": [{**POSITION, "accepts": "moratorium"}]})) == []

    def errors(doc: dict[str, Any]) -> list[str]:
        return [e.message for e in v.iter_errors(doc)]

    bad = copy.deepcopy(SIDE)
    bad["positions"][0]["sumary"] = bad["positions"][0].pop("summary")
    assert any("sumary" in m for m in errors(bad))
    bad = copy.deepcopy(SIDE)
    bad["positions"][0]["accepts"] = {"from_": "moratorium", "to": "binding-ban"}
    assert errors(bad)
    bad = copy.deepcopy(SIDE)
    bad["positions"][0]["stance"] = "wish"
    assert errors(bad)
    bad = copy.deepcopy(SIDE)
    bad["positions"][0]["evidence"] = []
    assert errors(bad)
    bad = copy.deepcopy(SIDE)
    bad["id"] = "Russia Federation"
    assert errors(bad)
    bad = copy.deepcopy(SIDE)
    bad["positions"][0]["as_of"] = "10 January 2022"
    assert errors(bad)
    para = copy.deepcopy(SIDE)
    para["positions"][0]["evidence"][0]["paraphrase"] = True
    assert errors(para) == []
    para["positions"][0]["evidence"][0]["paraphrase"] = "yes"
    assert errors(para)


def test_validator_checks_sources_and_about() -> None:
    v = validator("sources")
    source = {
        "id": "npr",
        "outlet": "NPR",
        "title": "Talks",
        "date": "2022-01-13",
        "kind": "news",
        "url": "https://www.npr.org/x",
    }
    ch = {
        "id": "npr-deadlock",
        "source": "npr",
        "dimension": "outcome",
        "value": "deadlock",
        "quote": "deadlock",
    }
    assert list(v.iter_errors({"sources": [source], "characterisations": [ch]})) == []
    paraphrased = {**ch, "voice": "Georgiy Kunadze", "paraphrase": True}
    assert list(v.iter_errors({"sources": [source], "characterisations": [paraphrased]})) == []
    ok_about = {**ch, "about": {"issue": "nato-enlargement"}}
    assert list(v.iter_errors({"sources": [source], "characterisations": [ok_about]})) == []
    for about in ({"issue": "a", "side": "b"}, {}, "everything"):
        doc = {"sources": [source], "characterisations": [{**ch, "about": about}]}
        assert list(v.iter_errors(doc)), about
    bad_url = {**source, "url": "ftp://example.org/x"}
    assert list(v.iter_errors({"sources": [bad_url]}))


CODEBOOK_FIELDS = ("coding_rule", "not_this", "example")


def test_codebook_fields_on_dimension_points_only() -> None:
    dossier = shipped("dossier")
    dim_scale = dossier["definitions"]["Dimension"]["properties"]["scale"]["items"]
    point = dossier["definitions"][dim_scale["$ref"].removeprefix("#/definitions/")]
    for field in (*CODEBOOK_FIELDS, "description"):
        assert point["properties"][field]["description"].startswith("Codebook:"), field
    assert "required" not in point or not set(CODEBOOK_FIELDS) & set(point["required"])
    issues = shipped("issues")
    issue_scale = issues["definitions"]["Issue"]["properties"]["scale"]["items"]
    issue_point = issues["definitions"][issue_scale["$ref"].removeprefix("#/definitions/")]
    assert not set(CODEBOOK_FIELDS) & set(issue_point["properties"])


def test_validator_accepts_a_codebook_entry_and_rejects_it_on_issues() -> None:
    entry = {
        "id": "deadlock",
        "label": "Deadlock",
        "description": "The sides are stuck.",
        "coding_rule": "The quote says deadlock or impasse.",
        "not_this": "Talks broken off: breakdown.",
        "example": "Russia-West talks at an impasse",
    }
    plain = {"id": "breakdown", "label": "Breakdown"}
    dossier = {
        "id": "d",
        "title": "D",
        "summary": "S",
        "period": {"start": "2022-01-01", "end": "2022-01-31"},
        "dimensions": [{"id": "outcome", "label": "Outcome", "scale": [plain, entry]}],
    }
    v = validator("dossier")
    assert list(v.iter_errors(dossier)) == []
    for field in CODEBOOK_FIELDS:
        bad = copy.deepcopy(dossier)
        bad["dimensions"][0]["scale"][1][field] = ""
        assert list(v.iter_errors(bad)), field
    misspelt = copy.deepcopy(dossier)
    misspelt["dimensions"][0]["scale"][1]["coding_rules"] = "x"
    assert list(v.iter_errors(misspelt))
    issues = {"issues": [{"id": "i", "title": "I", "scale": [plain, entry]}]}
    assert [e.message for e in validator("issues").iter_errors(issues)]
    assert (
        list(
            validator("issues").iter_errors(
                {"issues": [{**issues["issues"][0], "scale": [plain, plain | {"id": "b"}]}]}
            )
        )
        == []
    )


def test_example_dossier_has_a_codebook_entry_for_every_point() -> None:
    data = load_yaml(POSITIONS / "russia-west-2022" / "dossier.yaml")
    assert data["dimensions"]
    for dim in data["dimensions"]:
        for point in dim["scale"]:
            where = f"{dim['id']}/{point['id']}"
            assert point.get("description") and point.get("coding_rule"), where
            assert point.get("not_this"), where


@pytest.mark.skipif(not SHIPPED_YAML, reason="no YAML files under positions/ yet")
@pytest.mark.parametrize("path", SHIPPED_YAML, ids=lambda p: str(p.relative_to(POSITIONS)))
def test_shipped_yaml_validates_against_its_schema(path: Path) -> None:
    kind = schema_mod.kind_of(path)
    assert kind is not None
    data = load_yaml(path)
    errors = sorted(validator(kind).iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors
    )


@pytest.mark.skipif(not SHIPPED_YAML, reason="no YAML files under positions/ yet")
@pytest.mark.parametrize("path", SHIPPED_YAML, ids=lambda p: str(p.relative_to(POSITIONS)))
def test_shipped_yaml_with_misspelt_key_is_rejected(path: Path) -> None:
    kind = schema_mod.kind_of(path)
    assert kind is not None
    text = path.read_text(encoding="utf-8")
    # Misspell a key the file certainly has at top level or in its first record.
    key = {
        "dossier": "summary",
        "issues": "title",
        "sources": "outlet",
        "side": "name",
        "coding": "method",
    }[kind]
    broken = re.sub(rf"^(\s*(?:- )?){key}:", rf"\g<1>{key[:-1]}x:", text, count=1, flags=re.M)
    assert broken != text
    errors = list(validator(kind).iter_errors(yaml.load(broken, Loader=IsoDateLoader)))
    assert any("was unexpected" in e.message for e in errors)


@pytest.mark.skipif(not SHIPPED_YAML, reason="no YAML files under positions/ yet")
@pytest.mark.parametrize("path", SHIPPED_YAML, ids=lambda p: str(p.relative_to(POSITIONS)))
def test_shipped_yaml_names_its_schema_on_the_first_line(path: Path) -> None:
    kind = schema_mod.kind_of(path)
    assert kind is not None
    first = path.read_text(encoding="utf-8").splitlines()[0]
    expected = schema_mod.schema_comment(kind, path, SCHEMA_DIR)
    assert first == expected, f"{path}: first line should be {expected!r}"
    # The relative path resolves to the shipped schema file.
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert target == (SCHEMA_DIR / schema_mod.FILE_NAMES[kind]).resolve()


def test_kind_of_and_schema_comment() -> None:
    assert schema_mod.kind_of("positions/x/dossier.yaml") == "dossier"
    assert schema_mod.kind_of("positions/x/issues.yaml") == "issues"
    assert schema_mod.kind_of("positions/x/sources.yml") == "sources"
    assert schema_mod.kind_of("positions/x/sides/russia.yaml") == "side"
    assert schema_mod.kind_of("positions/x/codings/second-coder.yaml") == "coding"
    assert schema_mod.kind_of("positions/x/notes.yaml") is None
    assert schema_mod.kind_of("positions/x/README.md") is None
    assert (
        schema_mod.schema_comment("side", "positions/x/sides/russia.yaml", "schema")
        == "# yaml-language-server: $schema=../../../schema/side.schema.json"
    )
    assert (
        schema_mod.schema_comment("dossier", "positions/x/dossier.yaml", "schema")
        == "# yaml-language-server: $schema=../../schema/dossier.schema.json"
    )


def test_priority_needs_its_evidence_in_the_schema_too() -> None:
    v = validator("side")
    side = shipped("side")
    props = side["definitions"]["Position"]["properties"]
    assert props["priority"]["description"] and props["priority_evidence"]["description"]
    assert set(props["priority"]["anyOf"][0]["enum"]) == {"core", "high", "medium", "low"}

    def with_position(**extra: Any) -> dict[str, Any]:
        doc = copy.deepcopy(SIDE)
        doc["positions"][0].update(extra)
        return doc

    backed = {"priority": "core", "priority_evidence": [{"source": "npr", "quote": "above all"}]}
    assert list(v.iter_errors(with_position(**backed))) == []
    assert list(v.iter_errors(with_position(priority="core")))  # no evidence
    assert list(v.iter_errors(with_position(priority="core", priority_evidence=[])))
    assert list(v.iter_errors(with_position(priority_evidence=backed["priority_evidence"])))
    assert list(v.iter_errors(with_position(**{**backed, "priority": "top"})))
    # The model agrees with the schema on each of these.
    from pydantic import ValidationError

    from negotiation.model import SideFile

    SideFile.model_validate(with_position(**backed))
    for bad in (
        with_position(priority="core"),
        with_position(priority="core", priority_evidence=[]),
        with_position(priority_evidence=backed["priority_evidence"]),
    ):
        with pytest.raises(ValidationError):
            SideFile.model_validate(bad)


def test_weight_camps_and_decision_in_the_schema_agree_with_the_model() -> None:
    from pydantic import ValidationError

    from negotiation.model import Decision, DossierFile, SideFile

    side_v, dossier_v = validator("side"), validator("dossier")
    props = shipped("side")["properties"]
    for name in ("weight", "weight_evidence", "camps", "camp"):
        assert props[name]["description"], name
    decision = shipped("dossier")["definitions"]["Decision"]["properties"]
    for name in ("rule", "threshold", "counted", "evidence"):
        assert decision[name]["description"], name
    assert set(decision["rule"]["enum"]) == {"consensus", "majority", "qualified"}
    assert "decision" in shipped("issues")["definitions"]["Issue"]["properties"]

    evidence = [{"source": "npr", "quote": "27 member states"}]
    good_sides = [
        {**SIDE, "weight": 27, "weight_evidence": evidence},
        {**SIDE, "weight": 0.5, "weight_evidence": evidence},
        {**{k: v for k, v in SIDE.items() if k != "camp"}, "camps": ["east", "csto"]},
    ]
    bad_sides = [
        {**SIDE, "weight": 27},
        {**SIDE, "weight_evidence": evidence},
        {**SIDE, "weight": 0, "weight_evidence": evidence},
        {**SIDE, "weight": -2, "weight_evidence": evidence},
        {**SIDE, "weight": 27, "weight_evidence": []},
        {**SIDE, "camps": ["csto"]},  # camp and camps
        {**{k: v for k, v in SIDE.items() if k != "camp"}, "camps": ["east", "east"]},
        {**{k: v for k, v in SIDE.items() if k != "camp"}, "camps": []},
    ]
    for doc in good_sides:
        assert list(side_v.iter_errors(doc)) == [], doc
        SideFile.model_validate(doc)
    for doc in bad_sides:
        assert list(side_v.iter_errors(doc)), doc
        with pytest.raises(ValidationError):
            SideFile.model_validate(doc)

    base = {
        "id": "d",
        "title": "D",
        "summary": "S",
        "period": {"start": "2022-01-01", "end": "2022-01-31"},
    }
    good = [
        {"evidence": evidence},
        {"rule": "majority", "counted": "sides", "evidence": evidence},
        {"rule": "qualified", "threshold": 0.667, "evidence": evidence},
        {"rule": "qualified", "threshold": 1, "evidence": evidence},
    ]
    bad_both = [
        {"rule": "unanimity", "evidence": evidence},
        {"rule": "qualified", "threshold": 1.5, "evidence": evidence},
        {"rule": "qualified", "threshold": 0.3, "evidence": evidence},
        {"rule": "majority", "evidence": []},
        {"rule": "majority", "counted": "states", "evidence": evidence},
    ]
    for block in good:
        assert list(dossier_v.iter_errors({**base, "decision": block})) == [], block
        DossierFile.model_validate({**base, "decision": block})
    for block in bad_both:
        assert list(dossier_v.iter_errors({**base, "decision": block})), block
        with pytest.raises(ValidationError):
            Decision.model_validate(block)
    # Checked by the model only (plain-language, located): the schema cannot say it.
    for block in (
        {"rule": "qualified", "evidence": evidence},
        {"rule": "majority", "threshold": 0.6, "evidence": evidence},
    ):
        with pytest.raises(ValidationError):
            Decision.model_validate(block)


def test_about_a_camp_in_the_schema() -> None:
    v = validator("sources")
    source = {"id": "npr", "outlet": "NPR", "title": "T", "date": "2022-01-13", "kind": "news"}
    ch = {"id": "c", "source": "npr", "dimension": "outcome", "value": "deadlock", "quote": "q"}
    doc = {"sources": [source], "characterisations": [{**ch, "about": {"camp": "west"}}]}
    assert list(v.iter_errors(doc)) == []
    both = {"sources": [source], "characterisations": [{**ch, "about": {"camp": "w", "side": "s"}}]}
    assert list(v.iter_errors(both))
