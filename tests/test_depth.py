"""The nesting guard (negotiation/load/depth.py): its text-only bound never under-estimates
the nesting libyaml and PyYAML see, stays tight for ordinary files, and deep files still
get a located 'yaml-depth' issue."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiation.load import depth, yaml_read

EXAMPLE = Path(__file__).resolve().parents[1] / "positions"
LOADERS = [yaml.SafeLoader, yaml_read.SAFE_LOADER]


def deepest(text: str, loader: type) -> int:
    """How deeply collections nest in ``text`` by the parser's events (up to an error)."""
    level = most = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                level += 1
                most = max(most, level)
            elif isinstance(event, yaml.CollectionEndEvent):
                level -= 1
    except yaml.YAMLError:
        pass  # the bound must hold up to the error too
    return most


# Pieces that make brackets mean something else: quotes, comments, tags, anchors,
# escapes, block scalars, keys, plain scalars with colons, every kind of line break.
_PIECES = [
    *"[]{}[]{}",
    "- ", "? ", ": ", ":", "a: ", ", ", ",", "x", "-1", "a:b", " ", "  ", "\t",
    "'", "''", '"', '\\"', "\\", "#", " #", "!", "!t ", "!<a]> ", "&a ", "*a", "|", ">",
    "\n", "\r", "\r\n", "\x85", "\u2028", "---\n", "%",
]  # fmt: skip


@settings(
    max_examples=600,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(_PIECES), max_size=80))
def test_bound_is_never_an_underestimate(pieces: list[str]) -> None:
    text = "".join(pieces)
    bound = depth.depth_bound(text)
    for loader in LOADERS:
        assert deepest(text, loader) <= bound, loader
    assert depth.within_depth(text) == (bound <= depth.MAX_DEPTH)


@pytest.mark.parametrize(
    "fake",
    [
        '"' + "]" * 150 + '", ',  # closing brackets in a double-quoted string
        "'it''s " + "]" * 150 + "', ",  # ... in a single-quoted one
        "x, # " + "]" * 150 + "\n  ",  # in a comment
        "!<t" + "]" * 150 + "> x, ",  # in a verbatim tag
        'x"y, "' + "]" * 150 + '", ',  # a quote inside a plain scalar starts no string
    ],
)
def test_fake_closing_brackets_do_not_hide_real_nesting(fake: str) -> None:
    """150 open lists, 150 closing brackets that close nothing, 100 more lists."""
    text = "a: " + "[" * 150 + fake + "[" * 100 + "x" + "]" * 250 + "\n"
    for loader in LOADERS:
        assert deepest(text, loader) == 251, loader
    assert depth.depth_bound(text) > depth.MAX_DEPTH
    assert not depth.within_depth(text)
    assert [i.code for i in yaml_read.parse(text).issues] == ["yaml-depth"]


def test_ordinary_flow_lists_are_cleared_without_the_exact_pass() -> None:
    """One-line lists of quoted text (colons, '#', escaped quotes), plain words, numbers,
    urls and small mappings close again, so a large file's bound stays small."""
    line = (
        '  conditions: ["Steps: by the other camp # 2", "a \\"quoted\\" word", '
        "'single ''quoted'''] \n"
        "  authors: [Felix Light, -1, https://example.org/a?b=c, {id: x, at: [1, 2]}]\n"
    )
    text = "positions:\n" + line * 2000
    assert depth.flow_bound(text) == 3
    assert depth.depth_bound(text) < 30
    assert depth.within_depth(text)


def test_the_example_dossier_is_well_within_the_bound() -> None:
    for path in EXAMPLE.rglob("*.yaml"):
        assert depth.depth_bound(path.read_text(encoding="utf-8")) < 40, path


@pytest.mark.parametrize("brk", ["\n", "\r", "\r\n", "\x85", "\u2028", "\u2029"])
def test_block_nesting_by_indentation_with_any_line_break(brk: str) -> None:
    """Every YAML line break counts: lines split by a lone CR once escaped the bound."""
    text = brk.join("  " * i + "-" for i in range(260)) + " x" + brk
    assert deepest(text, yaml_read.SAFE_LOADER) == 260
    parsed = yaml_read.parse(text)
    assert [(i.code, i.line, i.column) for i in parsed.issues] == [("yaml-depth", 201, 401)]


def test_deep_flow_nesting_is_located_at_the_first_level_too_many() -> None:
    text = "a:\n  b: " + "[" * 250 + "]" * 250 + "\n"
    issue = depth.depth_issue(text, yaml_read.SAFE_LOADER)
    assert issue is not None and issue.code == "yaml-depth"
    assert (issue.line, issue.column) == (2, 6 + depth.MAX_DEPTH - 2)
