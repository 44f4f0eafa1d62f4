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
            if parts and parts[-1] == "scale":
                # list entries count from 1; steps (as everywhere else) from 0
                parts[-1] = f"scale point {item + 1} (step {item})"
            elif parts:
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
        _report_error(err, model, base, file, ctx, prefix, tagged)


def _report_error(
    err: Any,
    model: type[BaseModel],
    base: Node,
    file: str,
    ctx: ProblemLog,
    prefix: tuple[Any, ...],
    tagged: set[tuple[int, int]],
) -> None:
    """Report one pydantic error (or nothing, for a union branch that was not written)."""
    loc = tuple(err["loc"])
    kind = err["type"]
    found = locate(base, loc)
    real_loc = tuple(x for x in loc if x not in found.skipped)
    union = bool(found.skipped) and kind != "missing" and kind != "extra_forbidden"
    node = found.node
    if union:  # keep only the branch that matches what was written
        if isinstance(node, MappingNode) and kind in _STRING_TYPES:
            return
        if isinstance(node, ScalarNode) and kind in _MAPPING_TYPES:
            return
    name = _label(real_loc) if real_loc or not prefix else _label(prefix)
    value = err.get("input")
    pos = mark_of(node)
    if value is None and pos in tagged:
        return
    if kind == "missing":
        owner = locate(base, loc[:-1])
        where = _label(tuple(x for x in loc[:-1] if x not in owner.skipped))
        suffix = "" if where == "this entry" else f" in '{where}'"
        msg = f"missing required field '{loc[-1]}'{suffix}"
        ctx.add(file, mark_of(owner.node), msg, "missing-field")
        return
    if kind == "extra_forbidden":
        key = str(loc[-1])
        owner_model = _model_at(model, loc[:-1])
        allowed = _field_names(owner_model) if owner_model else []
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        if close:
            msg = f"unknown field '{key}'; did you mean '{close[0]}'?"
        else:
            msg = f"unknown field '{key}'; allowed fields: {', '.join(allowed)}"
        ctx.add(file, mark_of(found.key_node or node), msg, "unknown-field")
        return
    last = real_loc[-1] if real_loc else None
    msg, code = _message(err, kind, name, value, node, last)
    ctx.add(file, pos, msg, code)


_ABOUT = "'about' must be 'talks' or one of issue: <id>, side: <id>, event: <id>, camp: <id>"
_ACCEPTS = "'accepts' should be one scale point id or {from: <id>, to: <id>}"


def _message(
    err: Any, kind: str, name: str, value: object, node: Node | None, last: object
) -> tuple[str, str]:
    """The message and code of an error located at ``node``; ``last`` is its last key."""
    note = surprise(node)
    if kind in _DATE_TYPES:
        return _date_message(name, value, node), "bad-date"
    if kind == "literal_error":
        return _literal_message(err, name, value, last, note)
    if kind == "string_type":
        return _string_message(name, value, node, last, note)
    if kind == "string_pattern_mismatch":
        msg = (
            f"'{value}' is not a valid id for '{name}': use lowercase letters, digits and "
            f"single hyphens, e.g. '{slug(str(value))}'"
        )
        return msg, "bad-id"
    if kind == "string_too_short":
        return f"'{name}' is empty", "empty-value"
    if kind == "string_too_long":
        limit = (err.get("ctx") or {}).get("max_length")
        return f"'{name}' is too long (at most {limit} characters)", "too-long"
    if kind == "list_type":
        if value is None:
            return f"'{name}' has no value; give a list (lines starting with '- ')", "wrong-type"
        msg = f"'{name}' should be a list (lines starting with '- '), but it is {describe(value)}"
        return msg, "wrong-type"
    if kind == "too_short":
        need = (err.get("ctx") or {}).get("min_length")
        plural = "entry" if need == 1 else "entries"
        return f"'{name}' needs at least {need} {plural}", "too-few"
    if kind in _MAPPING_TYPES:
        if last == "about":
            return f"{_ABOUT}; got {describe(value)}", "bad-value"
        if last == "accepts":
            return f"{_ACCEPTS}, but it is {describe(value)}", "wrong-type"
        msg = (
            f"'{name}' should be a mapping of fields (key: value lines), "
            f"but it is {describe(value)}"
        )
        return msg, "wrong-type"
    if kind == "value_error":
        text = str(err["msg"]).removeprefix("Value error, ")
        return (text[0].upper() + text[1:] if text else "invalid value"), "invalid"
    return f"'{name}': {err['msg']}", "invalid"


def _date_message(name: str, value: object, node: Node | None) -> str:
    if value is None:
        return f"'{name}' has no value; give a date (expected YYYY-MM-DD)"
    if isinstance(value, dt.datetime):
        return f"'{name}': {value} has a time of day; give only the date (YYYY-MM-DD)"
    shown = describe_scalar(node) if isinstance(node, ScalarNode) else value
    return f"'{name}': '{shown}' is not a date (expected YYYY-MM-DD)"


def _literal_message(
    err: Any, name: str, value: object, last: object, note: str | None
) -> tuple[str, str]:
    if last == "about":
        return f"{_ABOUT}; got {describe(value)}", "bad-value"
    if note:
        return f"'{name}': {note}", "yaml-type-surprise"
    allowed = re.findall(r"'([^']*)'", str((err.get("ctx") or {}).get("expected", "")))
    shown = value if isinstance(value, str) else describe(value)
    msg = f"'{shown}' is not an allowed value for '{name}'; allowed: {', '.join(allowed)}"
    if isinstance(value, str):
        close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.5)
        if close:
            msg += f"; did you mean '{close[0]}'?"
    return msg, "bad-enum"


def _string_message(
    name: str, value: object, node: Node | None, last: object, note: str | None
) -> tuple[str, str]:
    if value is None and isinstance(node, ScalarNode) and node.value in ("", "~"):
        return f"'{name}' has no value; write it after the colon", "empty-value"
    if note:
        return f"'{name}': {note}", "yaml-type-surprise"
    if value is None:
        return f"'{name}' has no value", "empty-value"
    if last == "accepts":
        return f"{_ACCEPTS}, but it is {describe(value)}", "wrong-type"
    return f"'{name}' should be text, but it is {describe(value)}", "wrong-type"
