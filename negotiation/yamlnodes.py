"""Safe YAML parsing that keeps the nodes, so every problem can be located.

PyYAML's ``yaml.load`` hides curator mistakes: a duplicate key silently keeps the
last value, ``no`` becomes ``False``, an unquoted ``2022-01-10`` becomes a date,
tags can ask for arbitrary Python objects and aliases can expand without bound.
This module therefore only *composes* the text into a node graph (with libyaml's
``CSafeLoader`` when available, never an unsafe loader) and converts the nodes to
plain Python values itself:

* mappings become ``dict`` (keys are always the key's text), sequences ``list``
  and scalars ``str``/``int``/``float``/``bool``/``None``/``date``/``datetime``
  following YAML 1.1 as PyYAML's safe loader does, so the model sees the same
  values it would with ``yaml.safe_load``;
* a duplicate key is reported (at the second key, naming the first's line) and the
  *first* value is kept;
* a tag outside the YAML core set (``!!python/...``, ``!foo``, ``!!binary``,
  ``!!set``...) is reported and the value is replaced by ``None``; nothing is ever
  constructed from a tag;
* aliases are allowed, but the expansion is bounded: before converting a document
  that contains anchors, the size of the fully expanded tree is computed (each
  distinct node once, memoised), and the document is rejected when aliases would add
  more than :data:`MAX_ALIAS_EXPANSION` nodes (100,000) to it, or when an alias
  refers to the collection that contains it. A "billion laughs" file is thus rejected
  after one pass over its few distinct nodes, in milliseconds.

Locations are found lazily: :meth:`ParsedYaml.locate` walks the node graph along a
pydantic error ``loc`` only when there is something to report, so a valid file costs
no more than composing it and converting the nodes once.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # libyaml is ~10x faster; fall back to the pure-Python safe loader without it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_ALIAS_EXPANSION = 100_000
"""Most nodes that aliases may add to a document once expanded (see module doc)."""

MAX_DEPTH = 200
"""Most lists/mappings nested inside one another (a dossier needs fewer than 10).

libyaml's composer recurses in C without a limit: some 50,000 nested ``[`` crash the
interpreter (segmentation fault), and the converter below recurses in Python. Deeper
files are therefore rejected before composing, from libyaml's (iterative) event
stream; that extra pass only runs when a cheap upper bound on the depth (see
:func:`depth_bound`) exceeds the limit, so ordinary files cost nothing more.
"""

_BLOCK_PREFIX = re.compile(r"^[ \t?-]*", re.MULTILINE)

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


# --------------------------------------------------------------------------- parsing


def decode(data: bytes) -> tuple[str | None, YamlIssue | None]:
    """Decode UTF-8 (a BOM is allowed); report the first bad byte with its line."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        offset = exc.start
        line = data.count(b"\n", 0, offset) + 1
        column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
        byte = data[offset]
        utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
        how = (
            "it is saved as UTF-16; save it with the UTF-8 encoding instead"
            if utf16
            else "save the file with the UTF-8 encoding"
        )
        return None, YamlIssue(
            line,
            column,
            f"the file is not valid UTF-8 text: byte 0x{byte:02X} at byte offset {offset} "
            f"(line {line}) cannot be read; {how}",
            "encoding",
        )


def _syntax_issue(exc: yaml.YAMLError, text: str) -> YamlIssue:
    if isinstance(exc, yaml.reader.ReaderError):
        pos = exc.position
        line = text.count("\n", 0, pos) + 1
        column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        char = exc.character
        shown = f"0x{char:02X}" if isinstance(char, int) else repr(char)
        return YamlIssue(
            line,
            column,
            f"the file contains a control character ({shown}) that YAML does not allow; delete it",
            "yaml-syntax",
        )
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None) or ""
    mark = getattr(exc, "problem_mark", None)
    cmark = getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    char = _char_at(text, mark)
    if "tab" in problem or (char == "\t" and "cannot start any token" in problem):
        return YamlIssue(
            line,
            column,
            "a tab character is used for indentation here; YAML only allows spaces "
            "(replace the tab with spaces)",
            "yaml-tab",
        )
    if "quoted scalar" in context and cmark is not None:
        qline, qcol = cmark.line + 1, cmark.column + 1
        return YamlIssue(
            qline,
            qcol,
            f"the quote opened at line {qline}, column {qcol} is never closed; "
            "add the closing quote (inside the text, double a ' or escape a \\\")",
            "yaml-quote",
        )
    hint = ""
    if "mapping values are not allowed" in problem and _over_indented(text, mark):
        hint = (
            "this line is indented further than the line before it, which already has a "
            "value; give keys of the same block the same indentation"
        )
    elif "mapping values are not allowed" in problem:
        hint = (
            "a ':' appears where YAML does not expect one; if the text itself contains "
            "': ', put the whole text in quotes"
        )
    elif "expected a single document" in context:
        hint = "the file contains a second document ('---'); keep one document per file"
    elif "could not find expected ':'" in problem:
        hint = "a line is missing its ':' (key: value) or its indentation is off"
    elif "did not find expected" in problem:
        where = f" (the block started at line {cmark.line + 1})" if cmark is not None else ""
        hint = f"the indentation or the brackets do not line up{where}"
    elif "found undefined alias" in problem or "found undefined" in context:
        hint = "an alias (*name) refers to an anchor (&name) that is not defined before it"
    detail = f"{problem}" + (f" ({context})" if context else "")
    message = f"YAML syntax error: {hint}" if hint else "YAML syntax error"
    return YamlIssue(line, column, f"{message} [{detail}]", "yaml-syntax")


_KEY_ONLY = re.compile(r"^( *)(?:- +)?[^\s:#'\"][^:#]*$")
_KEY_VALUE = re.compile(r"^( *)(?:- +)?[^\s:#'\"][^:#]*: +\S")


def _over_indented(text: str, mark: object) -> bool:
    """Whether the ':' at ``mark`` ends a key written deeper than the previous line's
    ``key: value`` (the usual cause of 'mapping values are not allowed here')."""
    if mark is None:
        return False
    lines = text.splitlines()
    row, col = mark.line, mark.column  # type: ignore[attr-defined]
    if not 0 <= row < len(lines):
        return False
    here = _KEY_ONLY.match(lines[row][:col])
    if here is None:
        return False
    for prev in reversed(lines[:row]):
        if not prev.strip() or prev.lstrip().startswith("#"):
            continue
        before = _KEY_VALUE.match(prev)
        return before is not None and len(here.group(1)) > len(before.group(1))
    return False


def _char_at(text: str, mark: object) -> str:
    if mark is None:
        return ""
    lines = text.splitlines()
    line, col = mark.line, mark.column  # type: ignore[attr-defined]
    if 0 <= line < len(lines) and 0 <= col < len(lines[line]):
        return lines[line][col]
    return ""


def parse(text: str) -> ParsedYaml:
    """Compose ``text`` safely and convert it; never raises on bad input.

    The cyclic garbage collector is paused meanwhile: composing creates hundreds of
    thousands of small container objects (none of them garbage), and the collector's
    repeated passes over them would make parsing grow faster than linearly.
    """
    with gc_paused():
        return _parse(text)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (re-enabled on exit if it was on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def depth_bound(text: str) -> int:
    """An upper bound on how deeply collections nest in ``text``, computed without parsing.

    Flow collections each need a ``[`` or ``{``. A block collection starts at the column
    of its first ``-``, ``?`` or key, and a nested block collection starts further right,
    or (a sequence under a mapping key) at the same column: so block nesting is at most
    twice the longest run of spaces, tabs, ``-`` and ``?`` that begins a line, plus 2.
    """
    prefix = max((m.end() - m.start() for m in _BLOCK_PREFIX.finditer(text)), default=0)
    return 2 * prefix + 2 + text.count("[") + text.count("{")


def _depth_issue(text: str) -> YamlIssue | None:
    """Reject a file nested deeper than :data:`MAX_DEPTH`, located at the first level too many."""
    if depth_bound(text) <= MAX_DEPTH:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            cls = event.__class__
            if cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
                    return YamlIssue(
                        line,
                        col,
                        f"the file is nested too deeply: more than {MAX_DEPTH} lists or "
                        f"mappings inside one another (from line {line}, column {col}); a "
                        "dossier needs fewer than 10, so the file is rejected",
                        "yaml-depth",
                    )
            elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                depth -= 1
    except yaml.YAMLError:
        return None  # composing stops at the same error (within the limit) and reports it
    return None


def _parse(text: str) -> ParsedYaml:
    result = ParsedYaml()
    deep = _depth_issue(text)
    if deep is not None:
        result.issues.append(deep)
        result.fatal = True
        return result
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        result.issues.append(_syntax_issue(exc, text))
        result.fatal = True
        return result
    except RecursionError:
        result.issues.append(
            YamlIssue(0, 0, "the file is nested too deeply to be read", "yaml-depth")
        )
        result.fatal = True
        return result
    if root is None or (
        isinstance(root, ScalarNode) and root.tag == NULL_TAG and root.value in ("", "~")
    ):
        result.issues.append(
            YamlIssue(0, 0, "the file is empty (it has no data, only comments or blanks)", "empty")
        )
        result.fatal = True
        return result
    result.root = root
    if "&" in text:  # anchors exist: bound the expansion before walking it
        bomb = _check_expansion(root)
        if bomb is not None:
            result.issues.append(bomb)
            result.fatal = True
            return result
    converter = _Converter(result.issues)
    try:
        result.value = converter.convert(root)
    except RecursionError:
        result.issues.append(
            YamlIssue(0, 0, "the file is nested too deeply to be read", "yaml-depth")
        )
        result.fatal = True
    return result


def _check_expansion(root: Node) -> YamlIssue | None:
    """Compute the expanded size of the graph (memoised per node); reject bombs/cycles."""
    sizes: dict[int, int] = {}
    active: set[int] = set()
    distinct = 0

    def size(node: Node) -> int:
        nonlocal distinct
        key = id(node)
        known = sizes.get(key)
        if known is not None:
            return known
        if key in active:
            raise _Cycle(node)
        distinct += 1
        if isinstance(node, ScalarNode):
            sizes[key] = 1
            return 1
        active.add(key)
        total = 1
        if isinstance(node, MappingNode):
            for k, v in node.value:
                total += size(k) + size(v)
        else:
            for v in node.value:
                total += size(v)
        active.discard(key)
        sizes[key] = total
        return total

    try:
        total = size(root)
    except _Cycle as cyc:
        line, col = mark_of(cyc.node)
        return YamlIssue(
            line,
            col,
            "an alias refers to the block that contains it, so it would repeat forever; "
            "the file is rejected",
            "yaml-alias-cycle",
        )
    except RecursionError:
        return YamlIssue(0, 0, "the file is nested too deeply to be read", "yaml-depth")
    if total - distinct > MAX_ALIAS_EXPANSION:
        return YamlIssue(
            0,
            0,
            f"anchors and aliases (&name / *name) in this file would expand to {total:,} "
            f"values, more than the {MAX_ALIAS_EXPANSION:,} extra values allowed; the file is "
            "rejected (this protects against 'billion laughs' files)",
            "yaml-alias-bomb",
        )
    return None


class _Cycle(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


class _Converter:
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
