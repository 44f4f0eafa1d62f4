"""Part of stage 4: pydantic validation errors turned into located, plain-language problems."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode

from negotiation.load.nodes import describe_scalar, locate, mark_of, surprise
from negotiation.load.problems import ProblemLog, describe, slug

# --------------------------------------------------------------------------- pydantic


def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = get_origin(annotation)
    if origin is None:
        return None
    for arg in get_args(annotation):
        found = _unwrap_model(arg)
        if found is not None:
            return found
    return None


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for item in loc:
        if current is None:
            return None
        if isinstance(item, int):
            continue
        fields = current.model_fields
        info = fields.get(item)
        if info is None:
            info = next((f for f in fields.values() if f.alias == item), None)
        if info is None:
            continue  # a union tag such as 'Range' or 'function-after[...]'
        current = _unwrap_model(info.annotation)
    return current


def _field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _label(loc: tuple[Any, ...]) -> str:
    keys = [x for x in loc if isinstance(x, str | int)]
    parts: list[str] = []
    for item in keys:
        if isinstance(item, int):
            if parts:
                parts[-1] = f"{parts[-1]}[{item + 1}]"
        else:
            parts.append(item)
    return ".".join(parts) if parts else "this entry"


_STRING_TYPES = {
    "string_type",
    "string_pattern_mismatch",
    "string_too_short",
    "string_too_long",
    "literal_error",
}
_MAPPING_TYPES = {"model_type", "model_attributes_type", "dict_type"}
_DATE_TYPES = {
    "date_type",
    "date_parsing",
    "date_from_datetime_parsing",
    "date_from_datetime_inexact",
    "date_past",
    "date_future",
}


def report_validation(
    exc: ValidationError,
    model: type[BaseModel],
    base: Node,
    file: str,
    ctx: ProblemLog,
    prefix: tuple[Any, ...] = (),
) -> None:
    """Turn pydantic errors into located plain-language problems.

    ``prefix`` is where ``base`` sits in the file (e.g. ``("positions", 1)``), used to
    name a whole record that has the wrong shape. A value whose tag was rejected (it
    became None) is reported once, by the tag problem, not again as 'has no value'.
    """
    tagged = {(ln, col) for f, ln, col, _, _, code in ctx.raw if f == file and code == "yaml-tag"}
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        found = locate(base, loc)
        real_loc = tuple(x for x in loc if x not in found.skipped)
        union = bool(found.skipped) and kind != "missing" and kind != "extra_forbidden"
        node = found.node
        if union:  # keep only the branch that matches what was written
            if isinstance(node, MappingNode) and kind in _STRING_TYPES:
                continue
            if isinstance(node, ScalarNode) and kind in _MAPPING_TYPES:
                continue
        name = _label(real_loc) if real_loc or not prefix else _label(prefix)
        value = err.get("input")
        pos = mark_of(node)
        if value is None and pos in tagged:
            continue
        if kind == "missing":
            owner = locate(base, loc[:-1])
            parent = owner.node
            field_name = loc[-1]
            where = _label(tuple(x for x in loc[:-1] if x not in owner.skipped))
            suffix = "" if where == "this entry" else f" in '{where}'"
            msg = f"missing required field '{field_name}'{suffix}"
            ctx.add(file, mark_of(parent), msg, "missing-field")
            continue
        if kind == "extra_forbidden":
            key = str(loc[-1])
            owner = _model_at(model, loc[:-1])
            allowed = _field_names(owner) if owner else []
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            if close:
                msg = f"unknown field '{key}'; did you mean '{close[0]}'?"
            else:
                msg = f"unknown field '{key}'; allowed fields: {', '.join(allowed)}"
            ctx.add(file, mark_of(found.key_node or node), msg, "unknown-field")
            continue
        note = surprise(node)
        if kind in _DATE_TYPES:
            if value is None:
                msg = f"'{name}' has no value; give a date (expected YYYY-MM-DD)"
            elif isinstance(value, dt.datetime):
                msg = f"'{name}': {value} has a time of day; give only the date (YYYY-MM-DD)"
            else:
                shown = describe_scalar(node) if isinstance(node, ScalarNode) else value
                msg = f"'{name}': '{shown}' is not a date (expected YYYY-MM-DD)"
            ctx.add(file, pos, msg, "bad-date")
            continue
        if kind == "literal_error":
            allowed = re.findall(r"'([^']*)'", str((err.get("ctx") or {}).get("expected", "")))
            if real_loc and real_loc[-1] == "about":
                msg = (
                    f"'about' must be 'talks' or one of issue: <id>, side: <id>, event: <id>; "
                    f"got {describe(value)}"
                )
                ctx.add(file, pos, msg, "bad-value")
                continue
            shown = value if isinstance(value, str) else describe(value)
            msg = f"'{shown}' is not an allowed value for '{name}'; allowed: {', '.join(allowed)}"
            if isinstance(value, str):
                close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.5)
                if close:
                    msg += f"; did you mean '{close[0]}'?"
            if note:
                msg = f"'{name}': {note}"
                code = "yaml-type-surprise"
            else:
                code = "bad-enum"
            ctx.add(file, pos, msg, code)
            continue
        if kind == "string_type":
            if value is None and isinstance(node, ScalarNode) and node.value in ("", "~"):
                ctx.add(
                    file, pos, f"'{name}' has no value; write it after the colon", "empty-value"
                )
            elif note:
                ctx.add(file, pos, f"'{name}': {note}", "yaml-type-surprise")
            elif value is None:
                ctx.add(file, pos, f"'{name}' has no value", "empty-value")
            elif real_loc and real_loc[-1] == "accepts":
                ctx.add(
                    file,
                    pos,
                    f"'accepts' should be one scale point id or {{from: <id>, to: <id>}}, "
                    f"but it is {describe(value)}",
                    "wrong-type",
                )
            else:
                ctx.add(
                    file,
                    pos,
                    f"'{name}' should be text, but it is {describe(value)}",
                    "wrong-type",
                )
            continue
        if kind == "string_pattern_mismatch":
            msg = (
                f"'{value}' is not a valid id for '{name}': use lowercase letters, digits and "
                f"single hyphens, e.g. '{slug(str(value))}'"
            )
            ctx.add(file, pos, msg, "bad-id")
            continue
        if kind == "string_too_short":
            ctx.add(file, pos, f"'{name}' is empty", "empty-value")
            continue
        if kind == "string_too_long":
            limit = (err.get("ctx") or {}).get("max_length")
            ctx.add(file, pos, f"'{name}' is too long (at most {limit} characters)", "too-long")
            continue
        if kind == "list_type":
            if value is None:
                msg = f"'{name}' has no value; give a list (lines starting with '- ')"
            else:
                msg = (
                    f"'{name}' should be a list (lines starting with '- '), "
                    f"but it is {describe(value)}"
                )
            ctx.add(file, pos, msg, "wrong-type")
            continue
        if kind == "too_short":
            need = (err.get("ctx") or {}).get("min_length")
            plural = "entry" if need == 1 else "entries"
            ctx.add(file, pos, f"'{name}' needs at least {need} {plural}", "too-few")
            continue
        if kind in _MAPPING_TYPES:
            if real_loc and real_loc[-1] == "about":
                msg = (
                    "'about' must be 'talks' or one of issue: <id>, side: <id>, event: <id>; "
                    f"got {describe(value)}"
                )
                code = "bad-value"
            elif real_loc and real_loc[-1] == "accepts":
                msg = (
                    "'accepts' should be one scale point id or {from: <id>, to: <id>}, "
                    f"but it is {describe(value)}"
                )
                code = "wrong-type"
            else:
                msg = (
                    f"'{name}' should be a mapping of fields (key: value lines), "
                    f"but it is {describe(value)}"
                )
                code = "wrong-type"
            ctx.add(file, pos, msg, code)
            continue
        if kind == "value_error":
            text = str(err["msg"]).removeprefix("Value error, ")
            ctx.add(file, pos, text[0].upper() + text[1:] if text else "invalid value", "invalid")
            continue
        ctx.add(file, pos, f"'{name}': {err['msg']}", "invalid")
