"""Stage 4, schema check: each file's plain values validated against its pydantic model.

Records are validated one at a time (a file's header first, then each entry of its
lists), so a broken record is left out alone and everything else loads. The result is
a :class:`FileResult` of :class:`Record` s, each remembering its file and its path in
it for later stages to locate problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, SequenceNode

from negotiation.load.explain import report_validation
from negotiation.load.nodes import locate, mark_of
from negotiation.load.problems import ProblemLog, describe, rel
from negotiation.load.yaml_read import YamlText, read_file
from negotiation.model import (
    Camp,
    Characterisation,
    CodingEntry,
    CodingFile,
    Dimension,
    DossierFile,
    Event,
    Frame,
    Issue,
    IssuesFile,
    Position,
    SideFile,
    Source,
    SourcesFile,
)

# list fields validated record by record, per file model
LIST_FIELDS: dict[type[BaseModel], dict[str, type[BaseModel]]] = {
    DossierFile: {"camps": Camp, "events": Event, "dimensions": Dimension, "frames": Frame},
    IssuesFile: {"issues": Issue},
    SourcesFile: {"sources": Source, "characterisations": Characterisation},
    SideFile: {"positions": Position},
}
# mapping fields validated entry by entry (the key is the entry's id), per file model
MAP_FIELDS: dict[type[BaseModel], dict[str, type[BaseModel]]] = {
    CodingFile: {"codings": CodingEntry},
}


@dataclass
class Record:
    """A validated record with where it came from (its file and its path in that file)."""

    obj: Any
    src: YamlText
    path: tuple[str | int, ...]
    file: str

    @property
    def node(self) -> Node | None:
        return locate(self.src.root(), self.path).node

    def at(self, *keys: str | int) -> tuple[int, int]:
        base = self.node
        found = locate(base, keys)
        return mark_of(found.node if found.node is not None else base)


@dataclass
class FileResult:
    header: Any = None  # validated header model (lists emptied), or None
    raw: dict[str, Any] | None = None  # raw mapping (for fallbacks; None once validated)
    src: YamlText | None = None
    records: dict[str, list[Record]] = field(default_factory=dict)


def load_file(path: Path, model: type[BaseModel], ctx: ProblemLog, what: str) -> FileResult | None:
    file = rel(path)
    read = read_file(path, file, ctx)
    if read is None:
        return None
    parsed, text = read
    root, value = parsed.root, parsed.value
    assert root is not None
    if not isinstance(value, dict):
        ctx.add(
            file,
            mark_of(root),
            f"{what} should be a mapping of fields (key: value lines) at the top, but it is "
            f"{describe(value)}",
            "not-a-mapping",
        )
        return None
    src = YamlText(text, root)
    result = FileResult(raw=value, src=src)
    lists = LIST_FIELDS.get(model, {})
    maps = MAP_FIELDS.get(model, {})
    header = {k: v for k, v in value.items() if k not in lists and k not in maps}
    for name in lists:
        if name in value:
            header[name] = []
    for name in maps:
        if name in value:
            header[name] = {}
    try:
        result.header = model.model_validate(header)
    except ValidationError as exc:
        report_validation(exc, model, root, file, ctx)
    for name, item_model in lists.items():
        if name not in value:
            continue
        items = value[name]
        found = locate(root, (name,))
        if items is None:
            ctx.add(
                file,
                mark_of(found.key_node),
                f"'{name}' has no entries; add some or remove the line",
                "empty-list",
                "warning",
            )
            continue
        seq = found.node
        if not isinstance(items, list) or not isinstance(seq, SequenceNode):
            ctx.add(
                file,
                mark_of(seq),
                f"'{name}' should be a list (lines starting with '- '), but it is "
                f"{describe(items)}",
                "wrong-type",
            )
            continue
        recs: list[Record] = []
        for index, (item, item_node) in enumerate(zip(items, seq.value, strict=False)):
            try:
                obj = item_model.model_validate(item)
            except ValidationError as exc:
                report_validation(exc, item_model, item_node, file, ctx, (name, index))
                ctx.drop(name, item)
                continue
            recs.append(Record(obj, src, (name, index), file))
        result.records[name] = recs
    for name, entry_model in maps.items():
        if name in value:
            _load_entries(value[name], name, entry_model, root, src, file, ctx, result)
    src.release()  # from here on, problems are located by composing the text again
    if result.header is not None and model is not DossierFile:
        result.raw = None  # only dossier.yaml's raw mapping is used (for a fallback header)
    return result


def _load_entries(
    entries: object,
    name: str,
    entry_model: type[BaseModel],
    root: Node,
    src: YamlText,
    file: str,
    ctx: ProblemLog,
    result: FileResult,
) -> None:
    """Validate a mapping field entry by entry; a bad entry is left out alone."""
    found = locate(root, (name,))
    if entries is None:
        ctx.add(
            file,
            mark_of(found.key_node),
            f"'{name}' has no entries; add some or remove the line",
            "empty-list",
            "warning",
        )
        return
    if not isinstance(entries, dict) or not isinstance(found.node, MappingNode):
        ctx.add(
            file,
            mark_of(found.node),
            f"'{name}' should be a mapping (id: lines, each with its fields), but it is "
            f"{describe(entries)}",
            "wrong-type",
        )
        return
    recs: list[Record] = []
    for key, item in entries.items():
        item_node = locate(found.node, (key,)).node
        try:
            obj = entry_model.model_validate(item)
        except ValidationError as exc:
            if item_node is not None:
                report_validation(exc, entry_model, item_node, file, ctx, (name, key))
            continue
        recs.append(Record((key, obj), src, (name, key), file))
    result.records[name] = recs


def safe_load_file(path: Path | None, model: type[BaseModel], ctx: ProblemLog, what: str):
    if path is None:
        return None
    try:
        return load_file(path, model, ctx, what)
    except Exception as exc:
        ctx.add(
            rel(path),
            (0, 0),
            f"unexpected error while reading this file ({type(exc).__name__}: {exc}); "
            "please report it",
            "internal",
        )
        return None
