"""Stage 2, read: bytes to a YAML node graph, safely, never raising on bad input.

A file is read only below :data:`MAX_FILE_BYTES`, decoded as UTF-8, checked for nesting
depth (:mod:`negotiation.load.depth`) before libyaml composes it (``CSafeLoader`` when
available, never an unsafe loader), and its aliases are bounded before anything walks the graph:
the size of the fully expanded tree is computed (each distinct node once, memoised) and
the document is rejected when aliases would add more than :data:`MAX_ALIAS_EXPANSION`
nodes (100,000), or when an alias refers to the collection that contains it. A
"billion laughs" file is thus rejected after one pass over its few distinct nodes.
The composed graph is then handed to :mod:`negotiation.load.nodes` for conversion.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from negotiation.load.depth import depth_issue
from negotiation.load.nodes import NULL_TAG, Converter, ParsedYaml, YamlIssue, mark_of
from negotiation.load.problems import ProblemLog

try:  # libyaml is ~10x faster; fall back to the pure-Python safe loader without it
    from yaml import CSafeLoader as SAFE_LOADER
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as SAFE_LOADER  # type: ignore[assignment]

MAX_ALIAS_EXPANSION = 100_000
"""Most nodes that aliases may add to a document once expanded (see module doc)."""


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


def _parse(text: str) -> ParsedYaml:
    result = ParsedYaml()
    deep = depth_issue(text, SAFE_LOADER)
    if deep is not None:
        result.issues.append(deep)
        result.fatal = True
        return result
    try:
        root = yaml.compose(text, Loader=SAFE_LOADER)
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
    converter = Converter(result.issues)
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


MAX_FILE_BYTES: int = 5 * 1024 * 1024
"""Files larger than this (5 MiB) are rejected without being read."""
_PARSES = 0


def parse_count() -> int:
    """Number of YAML files parsed so far in this process."""
    return _PARSES


# =========================================================================== files


class YamlText:
    """The text of one file and, while it is needed, its YAML node graph.

    A node graph takes some 20 times the memory of its text (a node and two marks per
    scalar), so :func:`~negotiation.load.schema_check.load_file` drops it once the file
    is validated; a later problem that must be located (a dangling reference, a
    duplicate id...) composes the text again, once per file. Loading a valid dossier
    thus holds one file's graph at a time.
    """

    __slots__ = ("_root", "text")

    def __init__(self, text: str, root: Node | None) -> None:
        self.text = text
        self._root = root

    def root(self) -> Node | None:
        if self._root is None:
            with gc_paused():
                self._root = yaml.compose(self.text, Loader=SAFE_LOADER)
        return self._root

    def release(self) -> None:
        self._root = None


def read_file(path: Path, file: str, ctx: ProblemLog) -> tuple[ParsedYaml, str] | None:
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
    text, issue = decode(data)
    if issue is not None:
        ctx.add(file, (issue.line, issue.column), issue.message, issue.code)
        return None
    assert text is not None
    parsed = parse(text)
    for it in parsed.issues:
        ctx.add(file, (it.line, it.column), it.message, it.code, it.severity)
    return None if parsed.fatal else (parsed, text)
