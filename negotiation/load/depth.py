"""Stage 2, the nesting guard: reject YAML nested deeper than :data:`MAX_DEPTH` before
libyaml composes it.

libyaml's composer recurses in C without a limit (libyaml 0.2.5 and later stop at 1,000
levels, older ones not at all: some 50,000 nested ``[`` crash the interpreter), and the
converter (:mod:`negotiation.load.nodes`) recurses in Python. :func:`within_depth` is a
text-only upper bound on the nesting, cheap enough for every file and tight for
ordinary ones; only a file it cannot clear gets the exact check, a pass over libyaml's
(iterative) event stream that locates the first level too deep (:func:`depth_issue`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import yaml

from negotiation.load.nodes import YamlIssue

MAX_DEPTH = 200
"""Most lists/mappings nested inside one another (a dossier needs fewer than 10)."""

_BREAKS = "\n\r\x85\u2028\u2029"  # every character YAML takes as a line break
_BLOCK_PREFIX = re.compile(rf"(?:^|[{_BREAKS}])([ \t?-]*)")
_OPEN = {"]": "[", "}": "{"}
_BRACKET = re.compile(r"[\[\]{}]")

# What a flow collection whose brackets are certainly its own may hold, between them:
# items ``value`` or ``value: value`` separated by commas, where a value is a one-line
# double- or single-quoted scalar, a plain scalar without any character that could
# start a comment, a quote, a tag, an anchor, a key or a value indicator (a ``:`` only
# inside it and before another such character), or ``\0``
# (an inner collection already cleared the same way). No line break, no comment.
_NO = rf"\[\]{{}}\"'#!,:\0{_BREAKS}"
_DQ_CHAR = rf'[^"\\{_BREAKS}\0]'
_SQ_CHAR = rf"[^'{_BREAKS}\0]"
_VALUE = (  # each repeat is of a single character class: little memory on long lines
    rf'"{_DQ_CHAR}*+(?:\\[^{_BREAKS}\0]{_DQ_CHAR}*+)*+"'
    rf"|'{_SQ_CHAR}*+(?:''{_SQ_CHAR}*+)*+'"
    rf"|(?:[^\s{_NO}&*?|>@%`-]|-(?=[^\s{_NO}]))[^{_NO}]*+(?::(?=[^\s{_NO}])[^{_NO}]*+)*+"
    r"|\0"
)
# atomic groups and possessive quantifiers: no backtracking, so matching stays linear
# (a plain scalar's trailing spaces against the spaces before a comma were quadratic)
_ITEM = rf" *+(?>{_VALUE}) *+(?:: ++(?>{_VALUE}) *+)?+"
_CONTENT = re.compile(rf" *+(?:{_ITEM}(?:,{_ITEM})*+(?:, *+)?+)?+")


class _Open:
    """An opening bracket still open in :func:`flow_bound`."""

    __slots__ = ("at", "char", "clean", "pieces", "rest")

    def __init__(self, char: str, at: int) -> None:
        self.char, self.at, self.rest = char, at, at + 1
        self.clean = True  # nothing so far prevents its closing bracket from counting
        self.pieces: list[str] = []  # the text between inner collections closed so far


def flow_bound(text: str) -> int:
    """An upper bound on how deeply flow collections (``[...]``, ``{...}``) nest in ``text``.

    Every ``[`` and ``{`` counts as an opening bracket; a ``]`` or ``}`` closes the
    innermost one still open only when everything between the two is on one line and
    matches :data:`_CONTENT` (with inner collections it closed replaced by ``\\0``).
    If that opening bracket really opens a collection, libyaml reads what follows it
    exactly as that grammar does, so the closing bracket is really its end: no bracket
    that is truly open is ever closed here (one in a quoted string or a comment just
    stays open), and the most brackets open at once bound the true nesting.
    """
    if "\0" in text:  # YAML forbids NUL; it would pass for an inner collection
        return text.count("[") + text.count("{")
    stack: list[_Open] = []
    deepest = 0
    for at, char in _brackets(text):
        if char in "[{":
            stack.append(_Open(char, at))
            deepest = max(deepest, len(stack))
            continue
        if not stack:
            continue
        top = stack[-1]
        if top.clean and top.char == _OPEN[char]:
            top.pieces.append(text[top.rest : at])
            top.clean = _CONTENT.fullmatch("\0".join(top.pieces)) is not None
        else:
            top.clean = False
        if top.clean:
            stack.pop()
            if stack:
                parent = stack[-1]
                parent.pieces.append(text[parent.rest : top.at])
                parent.rest = at + 1
    return deepest


def _brackets(text: str) -> Iterable[tuple[int, str]]:
    """Every ``[``, ``]``, ``{`` and ``}`` with its offset, in order: found with
    ``str.find`` (several times faster than a regular expression over a large file with
    few brackets), or streamed from a regular expression when there are very many."""
    if sum(text.count(c) for c in "[]{}") > 50_000:
        return ((m.start(), m.group()) for m in _BRACKET.finditer(text))
    found = []
    for char in "[]{}":
        at = text.find(char)
        while at >= 0:
            found.append((at, char))
            at = text.find(char, at + 1)
    found.sort()
    return found


def _block_prefix(text: str) -> int:
    """The longest run of spaces, tabs, ``-`` and ``?`` that begins a line."""
    return max(map(len, _BLOCK_PREFIX.findall(text)), default=0)


def depth_bound(text: str) -> int:
    """An upper bound on how deeply collections nest in ``text``, computed without parsing.

    A block collection starts at the column of its first ``-``, ``?`` or key, and a
    nested block collection starts further right, or (a sequence under a mapping key) at
    the same column: so block nesting is at most twice the longest run of spaces, tabs,
    ``-`` and ``?`` that begins a line, plus 2. Flow nesting is bounded by
    :func:`flow_bound`, and block collections never sit inside flow ones.
    """
    return 2 * _block_prefix(text) + 2 + flow_bound(text)


def within_depth(text: str) -> bool:
    """``depth_bound(text) <= MAX_DEPTH``, with one regular-expression search for the
    block part instead of measuring every line."""
    room = (MAX_DEPTH - 2 - flow_bound(text)) // 2  # the longest line prefix allowed
    if room < 0:
        return False
    if len(text) - len(text.lstrip(" \t?-")) > room:  # the first line
        return False
    breaks = _BREAKS if any(b in text for b in _BREAKS[1:]) else "\n"  # fast when only \n
    return re.search(f"[{breaks}][ \t?-]{{{room + 1}}}", text) is None


def depth_issue(text: str, loader: type) -> YamlIssue | None:
    """Reject a file nested deeper than :data:`MAX_DEPTH`, located at the first level too
    many; ``loader`` is the (libyaml) loader that will compose the file."""
    if within_depth(text):
        return None
    try:
        return _first_too_deep(text, loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark is not None and "maximum nesting depth" in str(exc):
            # libyaml's scanner reads ahead of its parser and stops at its own limit
            # (1,000 levels) before the 201st level's event is out: find that level with
            # the pure-Python parser in the text up to where libyaml stopped (the same
            # marks; the Python scanner is quadratic in the nesting, so never all of it)
            return _first_too_deep_in_prefixes(text[: mark.index])
        return None  # composing stops at the same error (within the limit) and reports it


def _first_too_deep_in_prefixes(text: str) -> YamlIssue | None:
    """:func:`_first_too_deep` with the pure-Python parser, on ever longer prefixes of
    ``text``: the level that is too deep starts before the 2·MAX_DEPTH-th ``[``/``{`` in
    all but pathological block-nested files, so the (quadratic) Python scanner rarely
    reads more than a few hundred levels. A prefix cut mid-collection ends in a YAML
    error after the events before the cut, which is all this needs."""
    openers = [m.start() for m in re.finditer(r"[\[{]", text)]
    cuts = [openers[k] + 1 for k in (2 * MAX_DEPTH, 4 * MAX_DEPTH) if k < len(openers)]
    for cut in [*cuts, len(text)]:
        try:
            found = _first_too_deep(text[:cut], yaml.SafeLoader)
        except yaml.YAMLError:
            found = None
        if found is not None:
            return found
    return None


def _first_too_deep(text: str, loader: type) -> YamlIssue | None:
    """The issue at the first collection nested deeper than :data:`MAX_DEPTH`, if any."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
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
    return None
