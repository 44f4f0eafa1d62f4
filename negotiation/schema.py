"""JSON Schema generation for the shipped ``schema/*.schema.json`` files.

The schemas are generated from the pydantic models in :mod:`negotiation.model` and
rewritten into draft-07, the draft the VS Code YAML extension (yaml-language-server)
reads:

* ``$defs`` becomes ``definitions`` and every ``$ref`` points to ``#/definitions/...``;
* a ``$ref`` never has sibling keywords (draft-07 ignores them): a field's description
  next to a reference is kept by wrapping the reference in ``allOf``;
* field aliases are used (``from``, not ``from_``);
* each schema gets ``$schema``, ``$id``, ``title`` and ``description``.

Output is deterministic (sorted keys, 2-space indent, trailing newline) so that
``python -m negotiation schema --check`` can compare the shipped files byte for byte.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from negotiation.model import FILE_MODELS, ID_PATTERN, Record

DRAFT = "http://json-schema.org/draft-07/schema#"
SCHEMA_ID_BASE = "https://negotiation-positions.local/schema/"
"""Base of each schema's ``$id``; only an identifier, nothing is fetched from it."""

DEFAULT_SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"

FILE_NAMES: dict[str, str] = {kind: f"{kind}.schema.json" for kind in FILE_MODELS}
"""Schema file name for each kind of YAML file (dossier, issues, sources, side, coding)."""

TITLES: dict[str, str] = {
    "dossier": "Dossier file (positions/<dossier>/dossier.yaml)",
    "issues": "Issues file (positions/<dossier>/issues.yaml)",
    "sources": "Sources file (positions/<dossier>/sources.yaml)",
    "side": "Side file (positions/<dossier>/sides/<side>.yaml)",
    "coding": "Coding file (positions/<dossier>/codings/<coder>.yaml)",
}

# Keywords that only exist in drafts after 07: the generated schema must not use them.
POST_DRAFT7_KEYWORDS = frozenset(
    {
        "$defs",
        "$anchor",
        "$dynamicRef",
        "$dynamicAnchor",
        "$recursiveRef",
        "$recursiveAnchor",
        "$vocabulary",
        "prefixItems",
        "unevaluatedProperties",
        "unevaluatedItems",
        "dependentRequired",
        "dependentSchemas",
        "minContains",
        "maxContains",
    }
)


def _rewrite(node: Any) -> Any:
    """Recursively turn a pydantic (draft 2020-12) schema node into draft-07."""
    if isinstance(node, list):
        return [_rewrite(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$defs":
            out["definitions"] = {name: _rewrite(d) for name, d in value.items()}
        elif key == "$ref" and isinstance(value, str):
            out["$ref"] = value.replace("#/$defs/", "#/definitions/")
        elif key in ("properties", "definitions", "patternProperties"):
            # Mapping of names to schemas: the names are not keywords.
            out[key] = {name: _rewrite(sub) for name, sub in value.items()}
        else:
            out[key] = _rewrite(value)
    if "$ref" in out and len(out) > 1:
        ref = out.pop("$ref")
        out["allOf"] = [{"$ref": ref}]
    return out


def _refine(schema: dict[str, Any]) -> None:
    """Add what the models check in validators but pydantic cannot express."""
    defs = schema.get("definitions", {})
    about = defs.get("AboutRef")
    if about is not None:
        # The model requires exactly one of issue, side, event or camp.
        about["minProperties"] = 1
        about["maxProperties"] = 1
    position = defs.get("Position")
    if position is not None:
        # A priority needs its evidence, and priority evidence needs a priority.
        position["dependencies"] = {
            "priority": ["priority_evidence"],
            "priority_evidence": ["priority"],
        }
    if schema.get("title") == "SideFile":
        _refine_side(schema)
    decision = defs.get("Decision")
    if decision is not None:
        # A share between 0.5 and 1 (the model says so in plain words).
        for branch in decision["properties"]["threshold"].get("anyOf", []):
            if branch.get("type") == "number":
                branch["minimum"] = 0.5
                branch["maximum"] = 1
    codings = schema.get("properties", {}).get("codings")
    if codings is not None and "patternProperties" in codings:
        # Keys must be characterisation ids: one that is not an id is an error.
        codings["additionalProperties"] = False
    source = defs.get("Source")
    if source is not None:
        for flag in ("date_inferred", "title_inferred"):
            prop = source["properties"].get(flag)
            if prop is not None and "anyOf" in prop:  # true or false; null means false
                prop.pop("anyOf")
                prop["type"] = "boolean"
                prop["default"] = False
        url = source["properties"].get("url")
        if url is not None:
            for branch in url.get("anyOf", [url]):
                if branch.get("type") == "string":
                    branch["pattern"] = "^https?://"
                    branch["format"] = "uri"


def _refine_side(schema: dict[str, Any]) -> None:
    """A side's weight is above 0 and needs its evidence (and the evidence a weight);
    'camp' and 'camps' are not both given; each camp is listed once."""
    props = schema["properties"]
    for branch in props["weight"].get("anyOf", []):
        if branch.get("type") == "number":
            branch["exclusiveMinimum"] = 0
    props["camps"]["uniqueItems"] = True
    schema["dependencies"] = {"weight": ["weight_evidence"], "weight_evidence": ["weight"]}
    schema["not"] = {"required": ["camp", "camps"]}


def schema_for(kind: str) -> dict[str, Any]:
    """The draft-07 JSON Schema of one kind of YAML file (a key of ``FILE_MODELS``)."""
    model: type[Record] = FILE_MODELS[kind]
    raw = model.model_json_schema(by_alias=True, mode="validation")
    schema = _rewrite(raw)
    _refine(schema)
    schema["$schema"] = DRAFT
    schema["$id"] = SCHEMA_ID_BASE + FILE_NAMES[kind]
    schema["title"] = TITLES[kind]
    if not schema.get("description"):
        schema["description"] = (model.__doc__ or TITLES[kind]).strip()
    return schema


def all_schemas() -> dict[str, dict[str, Any]]:
    """Every shipped schema, keyed by file name."""
    return {FILE_NAMES[kind]: schema_for(kind) for kind in FILE_MODELS}


def dumps(schema: dict[str, Any]) -> str:
    """Deterministic serialisation: sorted keys, 2-space indent, trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def rendered() -> dict[str, str]:
    """File name -> exact text of every schema file the project ships."""
    return {name: dumps(schema) for name, schema in all_schemas().items()}


def write_schemas(out_dir: str | Path = DEFAULT_SCHEMA_DIR) -> list[Path]:
    """Write every schema file into ``out_dir`` (created if needed); return the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in rendered().items():
        path = out / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def check_schemas(out_dir: str | Path = DEFAULT_SCHEMA_DIR) -> list[str]:
    """Names of the schema files in ``out_dir`` that are missing or differ from generation."""
    out = Path(out_dir)
    stale = []
    for name, text in rendered().items():
        path = out / name
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            stale.append(name)
            continue
        if current != text:
            stale.append(name)
    return stale


def post_draft7_keywords(node: Any, path: str = "#") -> list[str]:
    """JSON pointers where a keyword newer than draft-07 is used (should be none)."""
    found: list[str] = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            found += post_draft7_keywords(item, f"{path}/{i}")
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in POST_DRAFT7_KEYWORDS:
                found.append(f"{path}/{key}")
            if key in ("properties", "definitions", "patternProperties"):
                for name, sub in value.items():
                    found += post_draft7_keywords(sub, f"{path}/{key}/{name}")
            else:
                found += post_draft7_keywords(value, f"{path}/{key}")
    return found


def schema_comment(kind: str, yaml_path: str | Path, schema_dir: str | Path) -> str:
    """The ``# yaml-language-server: $schema=...`` first line a YAML file should carry.

    The path is relative from the YAML file's folder to the schema file, with ``/``.
    """
    import os

    rel = os.path.relpath(Path(schema_dir) / FILE_NAMES[kind], Path(yaml_path).parent)
    return f"# yaml-language-server: $schema={Path(rel).as_posix()}"


def kind_of(yaml_path: str | Path) -> str | None:
    """Which kind of file a YAML path is, from its name and folder (None if neither)."""
    p = Path(yaml_path)
    if p.suffix not in (".yaml", ".yml"):
        return None
    if p.parent.name == "sides":
        return "side"
    if p.parent.name == "codings":
        return "coding"
    if p.stem in ("dossier", "issues", "sources"):
        return p.stem
    return None


__all__ = [
    "DEFAULT_SCHEMA_DIR",
    "DRAFT",
    "FILE_NAMES",
    "ID_PATTERN",
    "all_schemas",
    "check_schemas",
    "dumps",
    "kind_of",
    "post_draft7_keywords",
    "rendered",
    "schema_comment",
    "schema_for",
    "write_schemas",
]
