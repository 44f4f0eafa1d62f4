"""Load and validate dossier folders into :class:`Dossier` objects plus :class:`Problem` s.

The loader never raises on bad data and never writes a file. A broken file, or a
broken record inside a good file (one issue, source, characterisation, event or
position), is left out alone and reported with file, line and column; everything
else loads. Records are validated one at a time for that reason: a side's header
first, then each of its positions.

Public API: :func:`load_positions`, :func:`load_dossier`, :func:`files_signature`,
:func:`parse_count` and :data:`MAX_FILE_BYTES`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from negotiation import yamlnodes
from negotiation.dossier import Dossier, LoadResult, Problem, Side
from negotiation.model import (
    ID_PATTERN,
    Camp,
    Characterisation,
    Dimension,
    DossierFile,
    Event,
    Frame,
    Issue,
    IssuesFile,
    Period,
    Position,
    Range,
    ScalePoint,
    SideFile,
    Source,
    SourcesFile,
)

MAX_FILE_BYTES: int = 5 * 1024 * 1024
"""Files larger than this (5 MiB) are rejected without being read."""

YAML_SUFFIXES = (".yaml", ".yml")
_ID_RE = re.compile(ID_PATTERN)
_PARSES = 0
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # as yamlnodes: never unsafe

# list fields validated record by record, per file model
_LIST_FIELDS: dict[type[BaseModel], dict[str, type[BaseModel]]] = {
    DossierFile: {"camps": Camp, "events": Event, "dimensions": Dimension, "frames": Frame},
    IssuesFile: {"issues": Issue},
    SourcesFile: {"sources": Source, "characterisations": Characterisation},
    SideFile: {"positions": Position},
}
_KNOWN_FILES = ("dossier", "issues", "sources")


def parse_count() -> int:
    """Number of YAML files parsed so far in this process."""
    return _PARSES


# =========================================================================== discovery


@dataclass
class _Plan:
    """A dossier folder and the files that will be read from it."""

    folder: Path
    dossier_file: Path | None = None
    issues_file: Path | None = None
    sources_file: Path | None = None
    side_files: list[Path] = field(default_factory=list)
    problems: list[tuple[str, int, int, str, str, str]] = field(default_factory=list)

    def files(self) -> list[Path]:
        out = [p for p in (self.dossier_file, self.issues_file, self.sources_file) if p]
        return out + self.side_files


def rel(path: str | Path) -> str:
    """The path relative to the cwd when it lies below it, with posix separators."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # other drive on Windows
        return Path(absolute).as_posix()
    if relative == ".." or relative.startswith(".." + os.sep):
        return Path(absolute).as_posix()
    return Path(relative).as_posix()


def _is_yaml(name: str) -> bool:
    return name.lower().endswith(YAML_SUFFIXES) and not name.startswith(".")


def _inside(path: Path, boundary: Path) -> bool:
    try:
        path.resolve().relative_to(boundary.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _has_yaml(folder: Path) -> bool:
    try:
        for entry in os.scandir(folder):
            if entry.is_file() and _is_yaml(entry.name):
                return True
    except OSError:
        return False
    return (folder / "sides").is_dir()


def _is_dossier(folder: Path) -> bool:
    return any((folder / f"dossier{s}").is_file() for s in YAML_SUFFIXES)


def _plan(folder: Path) -> _Plan:
    plan = _Plan(folder)
    boundary = folder

    def outside(path: Path) -> bool:
        if path.is_symlink() and not _inside(path, boundary):
            plan.problems.append(
                (
                    rel(path),
                    0,
                    0,
                    "error",
                    "this is a symbolic link pointing outside the dossier folder; it is not "
                    "followed, so the file is not loaded",
                    "symlink",
                )
            )
            return True
        return False

    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        plan.problems.append((rel(folder), 0, 0, "error", f"cannot read folder: {exc}", "io"))
        return plan
    for entry in entries:
        path = Path(entry.path)
        if not _is_yaml(entry.name) or not entry.is_file():
            continue
        if outside(path):
            continue
        stem = entry.name.rsplit(".", 1)[0]
        if stem in _KNOWN_FILES:
            attr = f"{stem}_file"
            if getattr(plan, attr) is not None:
                plan.problems.append(
                    (
                        rel(path),
                        0,
                        0,
                        "error",
                        f"both {getattr(plan, attr).name} and {entry.name} exist; only "
                        f"{getattr(plan, attr).name} is read",
                        "duplicate-file",
                    )
                )
                continue
            setattr(plan, attr, path)
        else:
            plan.problems.append(
                (
                    rel(path),
                    0,
                    0,
                    "warning",
                    f"unknown file '{entry.name}' is ignored: a dossier folder holds "
                    "dossier.yaml, issues.yaml, sources.yaml and sides/*.yaml",
                    "unknown-file",
                )
            )
    sides = folder / "sides"
    if sides.is_dir() and not outside(sides):
        try:
            side_entries = sorted(os.scandir(sides), key=lambda e: e.name)
        except OSError:
            side_entries = []
        for entry in side_entries:
            path = Path(entry.path)
            if _is_yaml(entry.name) and entry.is_file() and not outside(path):
                plan.side_files.append(path)
    if not plan.files() and not plan.problems:
        plan.problems.append(
            (
                rel(folder),
                0,
                0,
                "error",
                "this dossier folder has no YAML files (expected dossier.yaml, issues.yaml, "
                "sources.yaml and sides/*.yaml)",
                "empty-folder",
            )
        )
    return plan


def _discover(
    paths: Iterable[str | Path] | None,
) -> tuple[list[_Plan], list[tuple[str, int, int, str, str, str]]]:
    if paths is None:
        paths = ["positions"]
    elif isinstance(paths, str | Path):
        paths = [paths]
    plans: list[_Plan] = []
    problems: list[tuple[str, int, int, str, str, str]] = []
    seen: set[str] = set()

    def add(folder: Path) -> None:
        key = os.path.realpath(folder)
        if key not in seen:
            seen.add(key)
            plans.append(_plan(folder))

    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.append((rel(path), 0, 0, "error", "this path does not exist", "not-found"))
            continue
        if path.is_file():
            if path.name.rsplit(".", 1)[0] == "dossier" and _is_yaml(path.name):
                add(path.parent)
            else:
                problems.append(
                    (
                        rel(path),
                        0,
                        0,
                        "error",
                        "expected a dossier folder (or a folder of dossier folders), not a file",
                        "not-a-folder",
                    )
                )
            continue
        if _is_dossier(path):
            add(path)
            continue
        try:
            subdirs = sorted(
                Path(e.path)
                for e in os.scandir(path)
                if e.is_dir() and not e.name.startswith((".", "_"))
            )
        except OSError as exc:
            problems.append((rel(path), 0, 0, "error", f"cannot read folder: {exc}", "io"))
            continue
        if _has_yaml(path) or not subdirs:
            add(path)  # a single dossier folder (maybe lacking dossier.yaml), or empty
            continue
        for sub in subdirs:
            if sub.is_symlink() and not _inside(sub, path):
                problems.append(
                    (
                        rel(sub),
                        0,
                        0,
                        "error",
                        "this folder is a symbolic link pointing outside the positions folder; "
                        "it is not followed",
                        "symlink",
                    )
                )
                continue
            add(sub)
    return plans, problems


def files_signature(
    paths: Iterable[str | Path] | None = None,
) -> tuple[tuple[str, int, int], ...]:
    """(path, mtime_ns, size) of every YAML file that would be loaded: a cheap cache key."""
    plans, _ = _discover(paths)
    out: list[tuple[str, int, int]] = []
    for plan in plans:
        for path in plan.files():
            try:
                st = path.stat()
            except OSError:
                out.append((rel(path), -1, -1))
                continue
            out.append((rel(path), st.st_mtime_ns, st.st_size))
    return tuple(sorted(out))


# =========================================================================== problems


class _Ctx:
    """Collects the problems of one dossier (the id is filled in at the end)."""

    def __init__(self) -> None:
        self.raw: list[tuple[str, int, int, str, str, str]] = []
        # ids of records left out for their own errors, per kind ("issues", "sides"...)
        self.dropped: dict[str, set[str]] = {}

    def drop(self, kind: str, raw: object) -> None:
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            self.dropped.setdefault(kind, set()).add(raw["id"])

    def suggest(self, value: str, candidates: Iterable[str], what: str) -> str:
        if value in self.dropped.get(what, ()):
            return " (it exists but was left out because of its own errors, reported elsewhere)"
        return _suggest(value, candidates, what)

    def add(
        self,
        file: str,
        pos: tuple[int, int],
        message: str,
        code: str,
        severity: str = "error",
    ) -> None:
        self.raw.append((file, pos[0], pos[1], severity, message, code))

    def problems(self, dossier: str | None) -> list[Problem]:
        out = {
            Problem(file, line, col, sev, msg, code, dossier)  # type: ignore[arg-type]
            for file, line, col, sev, msg, code in self.raw
        }
        return sorted(out)


def _suggest(value: object, candidates: Iterable[str], what: str = "") -> str:
    cands = sorted(set(candidates))
    text = str(value)
    close = difflib.get_close_matches(text, cands, n=3, cutoff=0.6)
    if close:
        return "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    if not cands:
        return f" (there are no {what} defined)" if what else ""
    shown = ", ".join(cands[:8]) + (", ..." if len(cands) > 8 else "")
    return f"; known {what}: {shown}" if what else f"; allowed: {shown}"


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "my-id"


def _describe(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"


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


def _report_validation(
    exc: ValidationError,
    model: type[BaseModel],
    base: Node,
    file: str,
    ctx: _Ctx,
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
        found = yamlnodes.locate(base, loc)
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
        pos = yamlnodes.mark_of(node)
        if value is None and pos in tagged:
            continue
        if kind == "missing":
            owner = yamlnodes.locate(base, loc[:-1])
            parent = owner.node
            field_name = loc[-1]
            where = _label(tuple(x for x in loc[:-1] if x not in owner.skipped))
            suffix = "" if where == "this entry" else f" in '{where}'"
            msg = f"missing required field '{field_name}'{suffix}"
            ctx.add(file, yamlnodes.mark_of(parent), msg, "missing-field")
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
            ctx.add(file, yamlnodes.mark_of(found.key_node or node), msg, "unknown-field")
            continue
        note = yamlnodes.surprise(node)
        if kind in _DATE_TYPES:
            if value is None:
                msg = f"'{name}' has no value; give a date (expected YYYY-MM-DD)"
            elif isinstance(value, dt.datetime):
                msg = f"'{name}': {value} has a time of day; give only the date (YYYY-MM-DD)"
            else:
                shown = yamlnodes.describe_scalar(node) if isinstance(node, ScalarNode) else value
                msg = f"'{name}': '{shown}' is not a date (expected YYYY-MM-DD)"
            ctx.add(file, pos, msg, "bad-date")
            continue
        if kind == "literal_error":
            allowed = re.findall(r"'([^']*)'", str((err.get("ctx") or {}).get("expected", "")))
            if real_loc and real_loc[-1] == "about":
                msg = (
                    f"'about' must be 'talks' or one of issue: <id>, side: <id>, event: <id>; "
                    f"got {_describe(value)}"
                )
                ctx.add(file, pos, msg, "bad-value")
                continue
            shown = value if isinstance(value, str) else _describe(value)
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
                    f"but it is {_describe(value)}",
                    "wrong-type",
                )
            else:
                ctx.add(
                    file,
                    pos,
                    f"'{name}' should be text, but it is {_describe(value)}",
                    "wrong-type",
                )
            continue
        if kind == "string_pattern_mismatch":
            msg = (
                f"'{value}' is not a valid id for '{name}': use lowercase letters, digits and "
                f"single hyphens, e.g. '{_slug(str(value))}'"
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
                    f"but it is {_describe(value)}"
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
                    f"got {_describe(value)}"
                )
                code = "bad-value"
            elif real_loc and real_loc[-1] == "accepts":
                msg = (
                    "'accepts' should be one scale point id or {from: <id>, to: <id>}, "
                    f"but it is {_describe(value)}"
                )
                code = "wrong-type"
            else:
                msg = (
                    f"'{name}' should be a mapping of fields (key: value lines), "
                    f"but it is {_describe(value)}"
                )
                code = "wrong-type"
            ctx.add(file, pos, msg, code)
            continue
        if kind == "value_error":
            text = str(err["msg"]).removeprefix("Value error, ")
            ctx.add(file, pos, text[0].upper() + text[1:] if text else "invalid value", "invalid")
            continue
        ctx.add(file, pos, f"'{name}': {err['msg']}", "invalid")


# =========================================================================== files


class _Text:
    """The text of one file and, while it is needed, its YAML node graph.

    A node graph takes some 20 times the memory of its text (a node and two marks per
    scalar), so :func:`_load_file` drops it once the file is validated; a later problem
    that must be located (a dangling reference, a duplicate id...) composes the text
    again, once per file. Loading a valid dossier thus holds one file's graph at a time.
    """

    __slots__ = ("_root", "text")

    def __init__(self, text: str, root: Node | None) -> None:
        self.text = text
        self._root = root

    def root(self) -> Node | None:
        if self._root is None:
            with yamlnodes.gc_paused():
                self._root = yaml.compose(self.text, Loader=_COMPOSER)
        return self._root

    def release(self) -> None:
        self._root = None


@dataclass
class _Rec:
    """A validated record with where it came from (its file and its path in that file)."""

    obj: Any
    src: _Text
    path: tuple[str | int, ...]
    file: str

    @property
    def node(self) -> Node | None:
        return yamlnodes.locate(self.src.root(), self.path).node

    def at(self, *keys: str | int) -> tuple[int, int]:
        base = self.node
        found = yamlnodes.locate(base, keys)
        return yamlnodes.mark_of(found.node if found.node is not None else base)


@dataclass
class _FileResult:
    header: Any = None  # validated header model (lists emptied), or None
    raw: dict[str, Any] | None = None  # raw mapping (for fallbacks; None once validated)
    src: _Text | None = None
    records: dict[str, list[_Rec]] = field(default_factory=dict)


def _read(path: Path, file: str, ctx: _Ctx) -> tuple[yamlnodes.ParsedYaml, str] | None:
    global _PARSES
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            ctx.add(
                file,
                (0, 0),
                f"the file is {size:,} bytes ({size / 1024 / 1024:.1f} MiB), larger than the "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MiB limit ({MAX_FILE_BYTES:,} bytes); it is "
                "not loaded (split it, e.g. one side per file)",
                "too-large",
            )
            return None
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        ctx.add(file, (0, 0), f"cannot read the file: {exc.strerror or exc}", "io")
        return None
    if len(data) > MAX_FILE_BYTES:
        ctx.add(
            file,
            (0, 0),
            f"the file is larger than the {MAX_FILE_BYTES // (1024 * 1024)} MiB limit; "
            "it is not loaded",
            "too-large",
        )
        return None
    _PARSES += 1
    text, issue = yamlnodes.decode(data)
    if issue is not None:
        ctx.add(file, (issue.line, issue.column), issue.message, issue.code)
        return None
    assert text is not None
    parsed = yamlnodes.parse(text)
    for it in parsed.issues:
        ctx.add(file, (it.line, it.column), it.message, it.code, it.severity)
    return None if parsed.fatal else (parsed, text)


def _load_file(path: Path, model: type[BaseModel], ctx: _Ctx, what: str) -> _FileResult | None:
    file = rel(path)
    read = _read(path, file, ctx)
    if read is None:
        return None
    parsed, text = read
    root, value = parsed.root, parsed.value
    assert root is not None
    if not isinstance(value, dict):
        ctx.add(
            file,
            yamlnodes.mark_of(root),
            f"{what} should be a mapping of fields (key: value lines) at the top, but it is "
            f"{_describe(value)}",
            "not-a-mapping",
        )
        return None
    src = _Text(text, root)
    result = _FileResult(raw=value, src=src)
    lists = _LIST_FIELDS[model]
    header = {k: v for k, v in value.items() if k not in lists}
    for name in lists:
        if name in value:
            header[name] = []
    try:
        result.header = model.model_validate(header)
    except ValidationError as exc:
        _report_validation(exc, model, root, file, ctx)
    for name, item_model in lists.items():
        if name not in value:
            continue
        items = value[name]
        found = yamlnodes.locate(root, (name,))
        if items is None:
            ctx.add(
                file,
                yamlnodes.mark_of(found.key_node),
                f"'{name}' has no entries; add some or remove the line",
                "empty-list",
                "warning",
            )
            continue
        seq = found.node
        if not isinstance(items, list) or not isinstance(seq, SequenceNode):
            ctx.add(
                file,
                yamlnodes.mark_of(seq),
                f"'{name}' should be a list (lines starting with '- '), but it is "
                f"{_describe(items)}",
                "wrong-type",
            )
            continue
        recs: list[_Rec] = []
        for index, (item, item_node) in enumerate(zip(items, seq.value, strict=False)):
            try:
                obj = item_model.model_validate(item)
            except ValidationError as exc:
                _report_validation(exc, item_model, item_node, file, ctx, (name, index))
                ctx.drop(name, item)
                continue
            recs.append(_Rec(obj, src, (name, index), file))
        result.records[name] = recs
    src.release()  # from here on, problems are located by composing the text again
    if result.header is not None and model is not DossierFile:
        result.raw = None  # only dossier.yaml's raw mapping is used (for a fallback header)
    return result


# =========================================================================== dossier


def _fallback_meta(
    folder: Path, raw: dict[str, Any] | None, dates: list[dt.date]
) -> tuple[DossierFile, bool]:
    """A minimal header when dossier.yaml is missing or broken; True if the period is real."""
    raw = raw or {}
    did = raw.get("id")
    if not (isinstance(did, str) and _ID_RE.match(did)):
        did = _slug(folder.name)
    title = raw.get("title")
    if not (isinstance(title, str) and title.strip()):
        title = folder.name
    summary = raw.get("summary")
    if not (isinstance(summary, str) and summary.strip()):
        summary = "(dossier.yaml is missing or could not be read: see the data health page)"
    period: Period | None = None
    try:
        period = Period.model_validate(raw.get("period"))
    except (ValidationError, TypeError):
        period = None
    real = period is not None
    if period is None:
        today = dt.date.today()
        start, end = (min(dates), max(dates)) if dates else (today, today)
        period = Period.model_construct(start=start, end=end)
    meta = DossierFile.model_construct(
        id=did, title=title.strip(), summary=summary.strip(), period=period
    )
    return meta, real


def _rec_date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def load_dossier(folder: str | Path) -> tuple[Dossier | None, list[Problem]]:
    """Load one dossier folder; returns the dossier (None if nothing loads) and its problems."""
    folder = Path(folder)
    if not folder.is_dir():
        return None, [
            Problem(rel(folder), 0, 0, "error", "this dossier folder does not exist", "not-found")
        ]
    with yamlnodes.gc_paused():
        dossier, problems, _ = _load_plan(_plan(folder))
    return dossier, problems


def _load_plan(plan: _Plan) -> tuple[Dossier | None, list[Problem], _Rec | None]:
    ctx = _Ctx()
    ctx.raw.extend(plan.problems)
    try:
        return _load_plan_inner(plan, ctx)
    except Exception as exc:  # never raise on bad data
        ctx.add(
            rel(plan.folder),
            (0, 0),
            f"unexpected error while loading this dossier ({type(exc).__name__}: {exc}); "
            "please report it",
            "internal",
        )
        return None, ctx.problems(_slug(plan.folder.name)), None


def _safe_load_file(path: Path | None, model: type[BaseModel], ctx: _Ctx, what: str):
    if path is None:
        return None
    try:
        return _load_file(path, model, ctx, what)
    except Exception as exc:
        ctx.add(
            rel(path),
            (0, 0),
            f"unexpected error while reading this file ({type(exc).__name__}: {exc}); "
            "please report it",
            "internal",
        )
        return None


def _load_plan_inner(plan: _Plan, ctx: _Ctx) -> tuple[Dossier | None, list[Problem], _Rec | None]:
    folder = plan.folder
    if not plan.files():
        return None, ctx.problems(_slug(folder.name)), None
    dfile = _safe_load_file(plan.dossier_file, DossierFile, ctx, "dossier.yaml")
    ifile = _safe_load_file(plan.issues_file, IssuesFile, ctx, "issues.yaml")
    sfile = _safe_load_file(plan.sources_file, SourcesFile, ctx, "sources.yaml")
    sides_raw = [(p, _safe_load_file(p, SideFile, ctx, f"sides/{p.name}")) for p in plan.side_files]
    for name, present in (
        ("dossier.yaml", plan.dossier_file),
        ("issues.yaml", plan.issues_file),
        ("sources.yaml", plan.sources_file),
    ):
        if present is None:
            ctx.add(
                rel(folder / name),
                (0, 0),
                f"{name} is missing from this dossier folder",
                "missing-file",
            )
    if not plan.side_files:
        ctx.add(
            rel(folder / "sides"),
            (0, 0),
            "no side files (sides/*.yaml): the dossier has no positions",
            "no-sides",
            "warning",
        )

    d_recs = dfile.records if dfile else {}
    issues = ifile.records.get("issues", []) if ifile else []
    sources = sfile.records.get("sources", []) if sfile else []
    chars = sfile.records.get("characterisations", []) if sfile else []
    camps = d_recs.get("camps", [])
    events = d_recs.get("events", [])
    dims = d_recs.get("dimensions", [])
    frames = d_recs.get("frames", [])

    # -- duplicates ---------------------------------------------------------
    issues = _dedupe(issues, "issue", ctx)
    sources = _dedupe(sources, "source", ctx)
    chars = _dedupe(chars, "characterisation", ctx)
    camps = _dedupe(camps, "camp", ctx)
    events = _dedupe(events, "event", ctx)
    dims = _dedupe(dims, "dimension", ctx)
    frames = _dedupe(frames, "frame", ctx)
    issues = [_dedupe_scale(r, "issue", ctx) for r in issues]
    dims = [_dedupe_scale(r, "dimension", ctx) for r in dims]

    # sides: header + positions
    side_recs: list[tuple[_Rec, list[_Rec], Path]] = []
    for path, res in sides_raw:
        if res is None or res.header is None:
            if res is not None:
                ctx.drop("sides", res.raw)
            continue
        side_recs.append(
            (_Rec(res.header, res.src, (), rel(path)), res.records.get("positions", []), path)
        )
    seen_sides: dict[str, _Rec] = {}
    kept_sides: list[tuple[_Rec, list[_Rec], Path]] = []
    for srec, prs, path in side_recs:
        sid = srec.obj.id
        if sid in seen_sides:
            first = seen_sides[sid]
            ctx.add(
                srec.file,
                srec.at("id"),
                f"duplicate side id '{sid}': already used in {first.file}:{first.at('id')[0]}; "
                "this file is left out",
                "duplicate-id",
            )
            continue
        seen_sides[sid] = srec
        kept_sides.append((srec, prs, path))
    all_positions = _dedupe([p for _, prs, _ in kept_sides for p in prs], "position", ctx)
    kept_pos_ids = {id(p) for p in all_positions}

    # -- meta -----------------------------------------------------------------
    dates: list[dt.date] = []
    for _, prs, _ in kept_sides:
        dates.extend(p.obj.as_of for p in prs)
    dates.extend(s.obj.date for s in sources)
    dates.extend(e.obj.date for e in events)
    header = dfile.header if dfile else None
    if header is not None:
        meta_base, real_period = header, True
    else:
        meta_base, real_period = _fallback_meta(folder, dfile.raw if dfile else None, dates)
    dossier_id = meta_base.id
    period = meta_base.period

    issue_by_id = {r.obj.id: r.obj for r in issues}
    source_ids = {r.obj.id for r in sources}
    side_ids = set(seen_sides)
    camp_ids = {r.obj.id for r in camps}
    event_ids = {r.obj.id for r in events}
    dim_by_id = {r.obj.id: r.obj for r in dims}
    frame_ids = {r.obj.id for r in frames}

    def outside_period(rec: _Rec, day: dt.date | None, what: str, *keys: str | int) -> None:
        if real_period and day is not None and not (period.start <= day <= period.end):
            ctx.add(
                rec.file,
                rec.at(*keys),
                f"{what} {day.isoformat()} is outside the dossier's period "
                f"({period.start.isoformat()} to {period.end.isoformat()})",
                "date-outside-period",
                "warning",
            )

    # -- events ---------------------------------------------------------------
    def known_refs(rec: _Rec, ev: Event, field: str, known: set[str], what: str) -> list[str]:
        """The ids of ``ev.<field>`` that resolve; each unknown one is reported."""
        keep = []
        for i, ref in enumerate(getattr(ev, field)):
            if ref in known:
                keep.append(ref)
            else:
                ctx.add(
                    rec.file,
                    rec.at(field, i),
                    f"unknown {what} '{ref}' in event '{ev.id}'" + ctx.suggest(ref, known, field),
                    "unknown-ref",
                )
        return keep

    event_objs: list[Event] = []
    for rec in events:
        ev: Event = rec.obj
        outside_period(rec, ev.date, f"event '{ev.id}' date", "date")
        keep_sides = known_refs(rec, ev, "sides", side_ids, "side")
        keep_sources = known_refs(rec, ev, "sources", source_ids, "source")
        if keep_sides != ev.sides or keep_sources != ev.sources:
            ev = ev.model_copy(update={"sides": keep_sides, "sources": keep_sources})
        event_objs.append(ev)

    meta = meta_base.model_copy(
        update={
            "camps": [r.obj for r in camps],
            "events": event_objs,
            "dimensions": [r.obj for r in dims],
            "frames": [r.obj for r in frames],
        }
    )

    # -- sources --------------------------------------------------------------
    source_objs: list[Source] = []
    for rec in sources:
        src: Source = rec.obj
        if src.url is not None:
            scheme = src.url.split(":", 1)[0].strip().lower() if ":" in src.url else ""
            if scheme not in ("http", "https"):
                shown = f"'{scheme}:'" if scheme else "no scheme"
                ctx.add(
                    rec.file,
                    rec.at("url"),
                    f"the url of source '{src.id}' must start with http:// or https:// "
                    f"(it has {shown}); the link is left out",
                    "bad-url",
                )
                src = src.model_copy(update={"url": None})
            elif not re.match(r"^https?://[^\s/]+", src.url.strip(), re.IGNORECASE):
                ctx.add(
                    rec.file,
                    rec.at("url"),
                    f"the url of source '{src.id}' is not a valid web address; "
                    "the link is left out",
                    "bad-url",
                )
                src = src.model_copy(update={"url": None})
        source_objs.append(src)

    # -- characterisations ----------------------------------------------------
    char_objs: list[Characterisation] = []
    about_ids = {"issue": set(issue_by_id), "side": side_ids, "event": event_ids}
    for rec in chars:
        ch: Characterisation = rec.obj
        ok = True
        if ch.source not in source_ids:
            ok = False
            ctx.add(
                rec.file,
                rec.at("source"),
                f"unknown source '{ch.source}'" + ctx.suggest(ch.source, source_ids, "sources"),
                "unknown-ref",
            )
        if not isinstance(ch.about, str):
            kind, ref = ch.about.kind, ch.about.ref
            if ref not in about_ids[kind]:
                ok = False
                ctx.add(
                    rec.file,
                    rec.at("about", kind),
                    f"unknown {kind} '{ref}'" + ctx.suggest(ref, about_ids[kind], f"{kind}s"),
                    "unknown-ref",
                )
        dim = dim_by_id.get(ch.dimension)
        if dim is None:
            ok = False
            ctx.add(
                rec.file,
                rec.at("dimension"),
                f"unknown dimension '{ch.dimension}'"
                + ctx.suggest(ch.dimension, dim_by_id, "dimensions"),
                "unknown-ref",
            )
        else:
            points = [p.id for p in dim.scale]
            if ch.value not in points:
                ok = False
                ctx.add(
                    rec.file,
                    rec.at("value"),
                    f"'{ch.value}' is not a value of dimension '{dim.id}'"
                    + ctx.suggest(ch.value, points, "values"),
                    "unknown-ref",
                )
        for i, fr in enumerate(ch.frames):
            if fr not in frame_ids:
                ok = False
                ctx.add(
                    rec.file,
                    rec.at("frames", i),
                    f"unknown frame '{fr}'" + ctx.suggest(fr, frame_ids, "frames"),
                    "unknown-ref",
                )
        outside_period(rec, ch.date, f"characterisation '{ch.id}' date", "date")
        if ok:
            char_objs.append(ch)

    # -- sides and positions --------------------------------------------------
    side_objs: list[Side] = []
    for srec, prs, path in kept_sides:
        sf: SideFile = srec.obj
        stem = path.name.rsplit(".", 1)[0]
        if stem != sf.id:
            ctx.add(
                srec.file,
                srec.at("id"),
                f"the file is named '{path.name}' but the side's id is '{sf.id}'; name the file "
                f"'{sf.id}{path.suffix}' so it is easy to find",
                "file-name",
                "warning",
            )
        if sf.camp is not None and sf.camp not in camp_ids:
            ctx.add(
                srec.file,
                srec.at("camp"),
                f"unknown camp '{sf.camp}'"
                + ctx.suggest(sf.camp, camp_ids, "camps")
                + "; the side is shown without a camp",
                "unknown-ref",
            )
            sf = sf.model_copy(update={"camp": None})
        kept: list[Position] = []
        for prec in prs:
            if id(prec) not in kept_pos_ids:
                continue
            if _check_position(prec, issue_by_id, source_ids, ctx):
                pos: Position = prec.obj
                outside_period(prec, pos.as_of, f"position '{pos.id}' as_of", "as_of")
                for i, ev in enumerate(pos.evidence):
                    outside_period(prec, ev.date, "evidence date", "evidence", i, "date")
                kept.append(pos)
        side_objs.append(Side.from_file(sf, kept, srec.file))

    dossier_rec = _Rec(meta, dfile.src, (), rel(plan.dossier_file)) if dfile and header else None
    problems = ctx.problems(dossier_id)
    dossier = Dossier(
        id=dossier_id,
        path=rel(folder),
        meta=meta,
        issues=tuple(r.obj for r in issues),
        sides=tuple(side_objs),
        sources=tuple(source_objs),
        characterisations=tuple(char_objs),
        problems=tuple(problems),
    )
    return dossier, problems, dossier_rec


def _check_position(
    rec: _Rec, issue_by_id: dict[str, Issue], source_ids: set[str], ctx: _Ctx
) -> bool:
    pos: Position = rec.obj
    ok = True
    issue = issue_by_id.get(pos.issue)
    if issue is None:
        ctx.add(
            rec.file,
            rec.at("issue"),
            f"unknown issue '{pos.issue}' in position '{pos.id}'"
            + ctx.suggest(pos.issue, issue_by_id, "issues"),
            "unknown-ref",
        )
        ok = False
    else:
        points = [p.id for p in issue.scale]
        index = {p: i for i, p in enumerate(points)}

        def check_point(point: str, *keys: str) -> bool:
            if point in index:
                return True
            ctx.add(
                rec.file,
                rec.at(*keys),
                f"'{point}' is not a point on the scale of issue '{issue.id}'"
                + ctx.suggest(point, points, "points"),
                "unknown-ref",
            )
            return False

        if pos.ideal is not None:
            ok &= check_point(pos.ideal, "ideal")
        if isinstance(pos.accepts, str):
            ok &= check_point(pos.accepts, "accepts")
        elif isinstance(pos.accepts, Range):
            good_from = check_point(pos.accepts.from_, "accepts", "from")
            good_to = check_point(pos.accepts.to, "accepts", "to")
            ok &= good_from and good_to
            if good_from and good_to and index[pos.accepts.from_] > index[pos.accepts.to]:
                ok = False
                ctx.add(
                    rec.file,
                    rec.at("accepts"),
                    f"the 'accepts' range of position '{pos.id}' is reversed: "
                    f"'{pos.accepts.from_}' "
                    f"comes after '{pos.accepts.to}' on the scale of issue '{issue.id}'; "
                    "swap 'from' and 'to'",
                    "reversed-range",
                )
    for i, ev in enumerate(pos.evidence):
        if ev.source not in source_ids:
            ok = False
            ctx.add(
                rec.file,
                rec.at("evidence", i, "source"),
                f"unknown source '{ev.source}' in the evidence of position '{pos.id}'"
                + ctx.suggest(ev.source, source_ids, "sources"),
                "unknown-ref",
            )
    # priority_evidence (issue 12): the same source check as for evidence.
    for i, ev in enumerate(pos.priority_evidence):
        if ev.source not in source_ids:
            ok = False
            ctx.add(
                rec.file,
                rec.at("priority_evidence", i, "source"),
                f"unknown source '{ev.source}' in the priority_evidence of position '{pos.id}'"
                + ctx.suggest(ev.source, source_ids, "sources"),
                "unknown-ref",
            )
    return ok


def _dedupe(recs: list[_Rec], kind: str, ctx: _Ctx) -> list[_Rec]:
    seen: dict[str, _Rec] = {}
    out: list[_Rec] = []
    for rec in recs:
        rid = rec.obj.id
        first = seen.get(rid)
        if first is not None:
            ctx.add(
                rec.file,
                rec.at("id"),
                f"duplicate {kind} id '{rid}': already used at {first.file}:{first.at('id')[0]}; "
                f"this {kind} is left out",
                "duplicate-id",
            )
            continue
        seen[rid] = rec
        out.append(rec)
    return out


def _dedupe_scale(rec: _Rec, kind: str, ctx: _Ctx) -> _Rec:
    obj = rec.obj
    seen: dict[str, int] = {}
    keep: list[ScalePoint] = []
    for i, point in enumerate(obj.scale):
        if point.id in seen:
            line = rec.at("scale", seen[point.id], "id")[0]
            ctx.add(
                rec.file,
                rec.at("scale", i, "id"),
                f"duplicate scale point id '{point.id}' in {kind} '{obj.id}': already used at "
                f"{rec.file}:{line}; this point is left out",
                "duplicate-id",
            )
            continue
        seen[point.id] = i
        keep.append(point)
    if len(keep) != len(obj.scale):
        return _Rec(obj.model_copy(update={"scale": keep}), rec.src, rec.path, rec.file)
    return rec


# =========================================================================== all dossiers


def load_positions(paths: Iterable[str | Path] | None = None) -> LoadResult:
    """Load every dossier under ``paths`` (default: ``positions/`` in the cwd).

    Each path is a dossier folder (holding dossier.yaml) or a folder of dossier
    folders. Never raises on bad data; problems are sorted by file, line, column.
    """
    try:
        plans, discovery = _discover(paths)
    except Exception as exc:  # pragma: no cover - defensive
        return LoadResult(
            {},
            [
                Problem(
                    "", 0, 0, "error", f"unexpected error while finding files: {exc}", "internal"
                )
            ],
        )
    problems = [Problem(f, ln, c, s, m, code) for f, ln, c, s, m, code in discovery]  # type: ignore[arg-type]
    dossiers: dict[str, Dossier] = {}
    first_at: dict[str, str] = {}
    for plan in plans:
        with yamlnodes.gc_paused():  # the node graphs are kept alive: no point scanning them
            dossier, dproblems, drec = _load_plan(plan)
        problems.extend(dproblems)
        if dossier is None:
            continue
        if dossier.id in dossiers:
            pos = drec.at("id") if drec else (0, 0)
            file = drec.file if drec else dossier.path
            problems.append(
                Problem(
                    file,
                    pos[0],
                    pos[1],
                    "error",
                    f"two dossiers have the id '{dossier.id}' (the first is in "
                    f"{first_at[dossier.id]}); this one is left out",
                    "duplicate-dossier",
                    dossier.id,
                )
            )
            continue
        dossiers[dossier.id] = dossier
        first_at[dossier.id] = dossier.path
    root = None
    if paths is None:
        root = Path("positions")
    return LoadResult(dossiers=dossiers, problems=sorted(problems), root=root)


__all__ = [
    "MAX_FILE_BYTES",
    "files_signature",
    "load_dossier",
    "load_positions",
    "parse_count",
]
