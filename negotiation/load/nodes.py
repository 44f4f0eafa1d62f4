"""Stage 3, nodes: a YAML node graph to plain values, and a value back to its node.

PyYAML's ``yaml.load`` hides curator mistakes: a duplicate key silently keeps the
last value, ``no`` becomes ``False``, an unquoted ``2022-01-10`` becomes a date and
tags can ask for arbitrary Python objects. :class:`Converter` therefore converts the
nodes itself:

* mappings become ``dict`` (keys are always the key's text), sequences ``list``
  and scalars ``str``/``int``/``float``/``bool``/``None``/``date``/``datetime``
  following YAML 1.1 as PyYAML's safe loader does, so the model sees the same
  values it would with ``yaml.safe_load``;
* a duplicate key is reported (at the second key, naming the first's line) and the
  *first* value is kept;
* a tag outside the YAML core set (``!!python/...``, ``!foo``, ``!!binary``,
  ``!!set``...) is reported and the value is replaced by ``None``; nothing is ever
  constructed from a tag.

Locations are found lazily: :func:`locate` walks the node graph along a pydantic
error ``loc`` only when there is something to report, so a valid file costs no more
than composing it and converting the nodes once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_P = "tag:yaml.org,2002:"
STR_TAG = _P + "str"
INT_TAG = _P + "int"
FLOAT_TAG = _P + "float"
BOOL_TAG = _P + "bool"
NULL_TAG = _P + "null"
TIMESTAMP_TAG = _P + "timestamp"
MERGE_TAG = _P + "merge"
MAP_TAG = _P + "map"
SEQ_TAG = _P + "seq"
VALUE_TAG = _P + "value"

SURPRISE_TAGS = {BOOL_TAG, INT_TAG, FLOAT_TAG, NULL_TAG, TIMESTAMP_TAG}
_SCALAR_TAGS = {STR_TAG, VALUE_TAG} | SURPRISE_TAGS
_CONSTRUCTOR = SafeConstructor()


@dataclass(frozen=True)
class YamlIssue:
    """A problem found while parsing: 1-based line and column (0 = whole file)."""

    line: int
    column: int
    message: str
    code: str
    severity: str = "error"


@dataclass
class ParsedYaml:
    """A parsed file: the plain value, its root node and the problems found."""

    value: object = None
    root: Node | None = None
    issues: list[YamlIssue] = field(default_factory=list)
    fatal: bool = False  # nothing usable: syntax error, empty file, bomb...

    def locate(self, loc: Sequence[object], base: Node | None = None) -> LocatedNode:
        """Find the node for a pydantic-style ``loc`` (keys and indices) below ``base``."""
        return locate(base if base is not None else self.root, loc)


@dataclass
class LocatedNode:
    """Result of :func:`locate`: the deepest node reached along the path."""

    node: Node | None
    key_node: Node | None  # the key, when the last step was a mapping key
    parent: Node | None  # the mapping/sequence holding ``node``
    complete: bool  # every key/index step of the path was found
    skipped: list[object] = field(default_factory=list)  # path items that matched nothing

    @property
    def position(self) -> tuple[int, int]:
        return mark_of(self.node)


def mark_of(node: Node | None) -> tuple[int, int]:
    """1-based (line, column) of a node's start; (0, 0) when unknown."""
    if node is None or node.start_mark is None:
        return (0, 0)
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def describe_scalar(node: Node) -> str:
    return node.value if isinstance(node, ScalarNode) else ""


def _mapping_get(node: MappingNode, key: str) -> tuple[Node, Node] | None:
    found = None
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.value == key:
            found = (k, v)
            break  # the first occurrence is the one kept by the converter
    if found is None:
        for k, v in node.value:  # merged mappings (<<: *anchor)
            if k.tag == MERGE_TAG:
                for sub in v.value if isinstance(v, SequenceNode) else [v]:
                    if isinstance(sub, MappingNode):
                        hit = _mapping_get(sub, key)
                        if hit is not None:
                            return hit
    return found


def locate(root: Node | None, loc: Sequence[object]) -> LocatedNode:
    """Walk ``loc`` from ``root``; items that match nothing (pydantic union tags) are skipped."""
    node, key_node, parent = root, None, None
    skipped: list[object] = []
    for item in loc:
        if isinstance(node, MappingNode) and isinstance(item, str):
            hit = _mapping_get(node, item)
            if hit is not None:
                parent, (key_node, node) = node, hit
                continue
        elif (
            isinstance(node, SequenceNode) and isinstance(item, int) and 0 <= item < len(node.value)
        ):
            parent, key_node, node = node, None, node.value[item]
            continue
        skipped.append(item)
    return LocatedNode(node, key_node, parent, not skipped, skipped)


class Converter:
    """Node -> plain value, recording duplicate keys and unsupported tags."""

    def __init__(self, issues: list[YamlIssue]) -> None:
        self.issues = issues

    def convert(self, node: Node) -> object:
        cls = node.__class__
        if cls is ScalarNode:
            tag = node.tag
            if tag == STR_TAG:
                return node.value
            return self.scalar(node)
        if cls is MappingNode:
            return self.mapping(node)
        if cls is SequenceNode:
            if node.tag != SEQ_TAG:
                return self.bad_tag(node)
            convert = self.convert
            return [convert(item) for item in node.value]
        return None  # pragma: no cover - no other node kinds exist

    def scalar(self, node: ScalarNode) -> object:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            return self.bad_tag(node)
        try:
            if tag == NULL_TAG:
                return None
            if tag == BOOL_TAG:
                return _CONSTRUCTOR.construct_yaml_bool(node)
            if tag == INT_TAG:
                return _CONSTRUCTOR.construct_yaml_int(node)
            if tag == FLOAT_TAG:
                return _CONSTRUCTOR.construct_yaml_float(node)
            if tag == TIMESTAMP_TAG:
                return _CONSTRUCTOR.construct_yaml_timestamp(node)
        except (ValueError, ConstructorError, KeyError, TypeError, OverflowError):
            if not node.style:  # a plain scalar that only looked like a number/date
                return node.value
            line, col = mark_of(node)
            self.issues.append(
                YamlIssue(
                    line,
                    col,
                    f"'{node.value}' cannot be read as the type its tag asks for ({tag})",
                    "yaml-tag",
                )
            )
            return None
        return node.value  # !!str / !!value

    def bad_tag(self, node: Node) -> None:
        line, col = mark_of(node)
        tag = node.tag
        shown = "!!" + tag[len(_P) :] if tag.startswith(_P) else tag
        self.issues.append(
            YamlIssue(
                line,
                col,
                f"the tag '{shown}' is not allowed; only plain YAML values (text, numbers, "
                "dates, lists and mappings) are read, so this value is rejected",
                "yaml-tag",
            )
        )
        return None

    def mapping(self, node: MappingNode) -> dict[str, object] | None:
        if node.tag != MAP_TAG:
            return self.bad_tag(node)
        out: dict[str, object] = {}
        first: dict[str, Node] = {}
        merges: list[Node] = []
        convert = self.convert
        for key_node, value_node in node.value:
            if key_node.__class__ is not ScalarNode:
                line, col = mark_of(key_node)
                self.issues.append(
                    YamlIssue(
                        line,
                        col,
                        "a key must be plain text, not a list or a mapping",
                        "yaml-key",
                    )
                )
                continue
            if key_node.tag == MERGE_TAG:
                merges.append(value_node)
                continue
            key = key_node.value
            if key in first:
                line, col = mark_of(key_node)
                prev = first[key].start_mark.line + 1
                self.issues.append(
                    YamlIssue(
                        line,
                        col,
                        f"duplicate key '{key}': it already appears at line {prev}; YAML would "
                        "silently keep only the last one, so remove or rename one of them "
                        "(the first is used)",
                        "duplicate-key",
                    )
                )
                continue
            first[key] = key_node
            out[key] = convert(value_node)
        for merge in merges:  # <<: *base or <<: [*a, *b]; explicit keys win
            sources = merge.value if isinstance(merge, SequenceNode) else [merge]
            for sub in sources:
                if not isinstance(sub, MappingNode):
                    line, col = mark_of(sub)
                    self.issues.append(
                        YamlIssue(line, col, "'<<' must merge a mapping", "yaml-merge")
                    )
                    continue
                merged = self.mapping(sub)
                if merged:
                    for k, v in merged.items():
                        out.setdefault(k, v)
        return out


def node_span(node: Node) -> tuple[tuple[int, int], tuple[int, int]]:
    """0-based (line, column) start and end of a node, for containment tests."""
    s, e = node.start_mark, node.end_mark
    return (s.line, s.column), (e.line, e.column)


def contains(node: Node, line: int, column: int) -> bool:
    """Whether the 1-based position (line, column) lies inside ``node``."""
    (sl, sc), (el, ec) = node_span(node)
    pos = (line - 1, column - 1)
    return (sl, sc) <= pos < (el, ec) or (sl, sc) == pos


def surprise(node: Node | None) -> str | None:
    """A plain-language note when YAML 1.1 turned a plain scalar into a non-text value."""
    if not isinstance(node, ScalarNode) or node.style:  # libyaml: '' for plain, PyYAML: None
        return None
    tag, text = node.tag, node.value
    if tag == BOOL_TAG:
        value = _CONSTRUCTOR.construct_yaml_bool(node)
        return (
            f"`{text}` is read by YAML as the boolean {str(value).lower()}; put it in quotes "
            f"('{text}') if you mean the text"
        )
    if tag == NULL_TAG:
        if text in ("", "~"):
            return "the value is empty"
        return (
            f"`{text}` is read by YAML as 'no value'; put it in quotes ('{text}') "
            "if you mean the text"
        )
    if tag == TIMESTAMP_TAG:
        return (
            f"`{text}` is read by YAML as a date; put it in quotes ('{text}') if you mean the text"
        )
    if tag in (INT_TAG, FLOAT_TAG):
        try:
            value = (
                _CONSTRUCTOR.construct_yaml_int(node)
                if tag == INT_TAG
                else _CONSTRUCTOR.construct_yaml_float(node)
            )
        except (ValueError, ConstructorError):
            return None
        kind = "whole number" if tag == INT_TAG else "number"
        return (
            f"`{text}` is read by YAML as the {kind} {value}; put it in quotes ('{text}') "
            "if you mean the text"
        )
    return None


def is_date_value(value: object) -> bool:
    return isinstance(value, dt.date)
