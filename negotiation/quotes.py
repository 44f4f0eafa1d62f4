"""Quote checking: every quote in a dossier must be verbatim in its archived source.

The archive is a folder of plain-text (or Markdown, or HTML) copies of the sources,
kept outside the repository (the articles are copyrighted). A mapping file (YAML,
``source id: file name``) says which archive file holds which source; without one,
``<source id>.txt``, ``.md``, ``.html`` or ``.htm`` is looked for. An archive file may
begin with a front matter header between two ``---`` lines (where it was fetched, when):
the header is not searched.

Matching is done on normalised text (:func:`normalise_text`): Unicode NFKC, curly
quotes and dashes made straight, whitespace runs collapsed, Markdown escapes and
markup dropped. Case is kept. An elision in a quote (``...``, ``…`` or ``[...]``)
splits it into fragments that must appear in that order.
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from negotiation.dossier import Dossier, Problem

ARCHIVE_SUFFIXES = (".txt", ".md", ".html", ".htm")

_SINGLE_QUOTES = "‘’‚‛′‹›`´"
_DOUBLE_QUOTES = "“”„‟″«»"
_DASHES = "‐‑‒–—―−⁃"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"

_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys(_SINGLE_QUOTES, "'"),
        **dict.fromkeys(_DOUBLE_QUOTES, '"'),
        **dict.fromkeys(_DASHES, "-"),
        **dict.fromkeys(_INVISIBLE, None),
    }
)
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~\"'])")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")
_SPACES = re.compile(r"\s+")
_SPACED_DASH = re.compile(r" ?- ?")
_ELISION = re.compile(r"\s*(?:\[\s*(?:\.\s*){3}\]|\(\s*(?:\.\s*){3}\)|(?:\.\s*){3}|…)\s*")


def normalise_text(s: str) -> str:
    """Normalise text for quote matching.

    NFKC; curly quotes ‘’“”„‚«»′″ to ' and "; dashes ‐‑‒–—―− to -; soft hyphens and
    zero-width characters dropped; Markdown escapes (``\\(``) unescaped; every
    whitespace run to one space; stripped. Case is kept.
    """
    # Translate before NFKC too: NFKC would turn '″' into two primes.
    s = unicodedata.normalize("NFKC", s.translate(_TRANSLATE)).translate(_TRANSLATE)
    s = _MD_ESCAPE.sub(r"\1", s)
    s = _SPACES.sub(" ", s)
    return s.strip()


def _strip_markup(text: str, suffix: str) -> str:
    """Text of an archive file: HTML tags removed, Markdown links and emphasis unwrapped."""
    if suffix in (".html", ".htm"):
        text = _html_text(text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_EMPHASIS.sub("", text)
    return text


class _TextExtractor(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template"})
    _BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def _html_text(text: str) -> str:
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    return html.unescape("".join(parser.parts))


def _match_form(s: str) -> str:
    """Normalised text with the spacing around dashes made uniform ('a — b' == 'a—b')."""
    return _SPACED_DASH.sub("-", normalise_text(s))


def quote_fragments(quote: str) -> list[str]:
    """The pieces of a quote between elisions (``...``, ``…``, ``[...]``), normalised.

    Quotation marks around the whole quote are dropped (the source's punctuation
    often sits inside them: ``"...demands," said``).
    """
    text = normalise_text(quote).strip('"').strip()
    return [f for f in (_match_form(p) for p in _ELISION.split(text)) if f]


def quote_in_text(quote: str, normalised_archive: str) -> bool:
    """Whether ``quote`` appears (fragments in order) in already normalised archive text."""
    if not quote_fragments(quote):
        return True
    return locate_quote(quote, normalised_archive) is not None


def locate_quote(quote: str, normalised_archive: str) -> tuple[int, int] | None:
    """Span (start, end) of ``quote`` in already normalised archive text: from its first
    fragment's start to its last fragment's end; None when it is not there."""
    fragments = quote_fragments(quote)
    if not fragments:
        return None
    pos, start = 0, -1
    for fragment in fragments:
        found = normalised_archive.find(fragment, pos)
        if found < 0:
            return None
        start = found if start < 0 else start
        pos = found + len(fragment)
    return start, pos


_FRONT_MATTER = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(?:.*?\r?\n)??(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S
)


def strip_front_matter(text: str) -> str:
    """``text`` without a front matter header: a first line ``---`` up to the next line
    ``---`` (or ``...``). Text without both lines is returned as it is."""
    m = _FRONT_MATTER.match(text)
    return text[m.end() :] if m else text


def _read_archive(p: Path) -> str:
    return strip_front_matter(p.read_text(encoding="utf-8", errors="replace"))


def load_archive_text(path: str | Path) -> str:
    """The archive file's text, front matter and markup removed, normalised for matching."""
    p = Path(path)
    return _match_form(_strip_markup(_read_archive(p), p.suffix.lower()))


def load_archive_paragraphs(path: str | Path) -> list[str]:
    """The archive file's paragraphs (split at blank lines), markup removed and each
    normalised as :func:`load_archive_text` normalises the whole file; empty ones dropped."""
    p = Path(path)
    text = _strip_markup(_read_archive(p), p.suffix.lower())
    paragraphs = (_match_form(part) for part in re.split(r"\n\s*\n", text))
    return [part for part in paragraphs if part]


# --------------------------------------------------------------------------- near misses

CLOSE_ENOUGH = 0.5
"""Below this share of words in common, no passage is offered as the closest."""


@dataclass(frozen=True)
class NearMiss:
    """The passage of the archive closest to a quote that is not there."""

    passage: str  # normalised archive words, about as many as the quote's
    ratio: float  # difflib's similarity of the word lists, 0..1
    diff: str  # the passage with what differs marked: [-quote's words-] {+source's words+}


def _missing_fragment(quote: str, normalised_archive: str) -> str:
    """The first fragment of ``quote`` (between elisions) not found in order."""
    pos = 0
    fragments = quote_fragments(quote)
    for fragment in fragments:
        found = normalised_archive.find(fragment, pos)
        if found < 0:
            return fragment
        pos = found + len(fragment)
    return " ".join(fragments)


def word_diff(quote_words: list[str], passage_words: list[str]) -> str:
    """Words of the passage, with the quote's words that differ as ``[-...-]`` and the
    source's as ``{+...+}`` (as ``git diff --word-diff`` marks them).

    Words are aligned without case and surrounding punctuation, then compared exactly:
    ``Ended`` against ``ended`` is marked. The quote may start or stop inside a word of
    the source (``deadlock`` for ``deadlock,``), as the match allows: that is not marked.
    """
    out: list[str] = []
    last = len(quote_words) - 1
    matcher = difflib.SequenceMatcher(
        None, [_key(w) for w in quote_words], [_key(w) for w in passage_words], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                q, p = quote_words[i], passage_words[j]
                same = q == p or (i == 0 and p.endswith(q)) or (i == last and p.startswith(q))
                out.append(p if same else f"[-{q}-]{{+{p}+}}")
            continue
        if i2 > i1:
            out.append("[-" + " ".join(quote_words[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(passage_words[j1:j2]) + "+}")
    return " ".join(out)


def _key(word: str) -> str:
    """A word as windows are compared: case and surrounding punctuation dropped."""
    return word.strip(".,;:!?\"'()[]").lower()


def closest_passage(quote: str, normalised_archive: str) -> NearMiss | None:
    """The window of the archive text most like the quote (its first missing fragment,
    for a quote with elisions), about the quote's length in words, and a word diff of the
    two; None when nothing shares at least :data:`CLOSE_ENOUGH` of the words.

    Windows are compared on words without case and surrounding punctuation; the diff
    shows the exact words, so a difference of case or punctuation is marked too.
    """
    words = _missing_fragment(quote, normalised_archive).split()
    archive = normalised_archive.split()
    if not words or not archive:
        return None
    n = len(words)
    keys, archive_keys = [_key(w) for w in words], [_key(w) for w in archive]
    wanted = set(keys)
    # Rank windows of n words by how many of the quote's words they hold, then compare
    # the best few closely (also one word shorter and longer: a word dropped or added).
    hits = [1 if w in wanted else 0 for w in archive_keys]
    window = sum(hits[:n])
    scores = [(window, 0)]
    for start in range(1, max(1, len(archive) - n + 1)):
        window += hits[start + n - 1] - hits[start - 1]
        scores.append((window, start))
    best: tuple[int, int, int] | None = None
    for _, start in sorted(scores, key=lambda x: (-x[0], x[1]))[:25]:
        for size in (n, n + 1, n + 2):
            part = archive_keys[start : start + size]
            matcher = difflib.SequenceMatcher(None, keys, part, autojunk=False)
            matched = sum(block.size for block in matcher.get_matching_blocks())
            candidate = (matched, -size, -start)
            if best is None or candidate > best:
                best = candidate
    assert best is not None
    start, end = -best[2], -best[2] - best[1]
    # Words of the window beyond the quote's first and last words are not part of it.
    ops = difflib.SequenceMatcher(None, keys, archive_keys[start:end], autojunk=False).get_opcodes()
    if ops and ops[-1][0] == "insert":
        end = start + ops[-1][3]
    if ops and ops[0][0] == "insert":
        start += ops[0][4]
    # Quote words missing at an end stand against the source's words there instead.
    ops = difflib.SequenceMatcher(None, keys, archive_keys[start:end], autojunk=False).get_opcodes()
    if ops and ops[-1][0] == "delete":
        end = min(len(archive), end + ops[-1][2] - ops[-1][1])
    if ops and ops[0][0] == "delete":
        start = max(0, start - (ops[0][2] - ops[0][1]))
    passage = archive[start:end]
    ratio = difflib.SequenceMatcher(None, keys, archive_keys[start:end], autojunk=False).ratio()
    if ratio < CLOSE_ENOUGH:
        return None
    return NearMiss(" ".join(passage), ratio, word_diff(words, passage))


def load_mapping(path: str | Path) -> dict[str, str]:
    """Read a map file: a YAML mapping of source id to archive file name."""
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: the map file must be a mapping of source id to file name")
    return {str(k): str(v) for k, v in data.items() if v is not None}


def archive_file_for(
    source_id: str, archive_dir: str | Path, mapping: Mapping[str, str] | None
) -> Path | None:
    """The archive file of a source, or None when there is none."""
    root = Path(archive_dir)
    if mapping and source_id in mapping:
        candidate = root / mapping[source_id]
        return candidate if candidate.is_file() else None
    for suffix in ARCHIVE_SUFFIXES:
        candidate = root / f"{source_id}{suffix}"
        if candidate.is_file():
            return candidate
    return None


# --------------------------------------------------------------------------- locating quotes


@dataclass(frozen=True)
class QuoteRef:
    """One quote of the dossier and where it comes from."""

    source: str
    quote: str
    file: str
    kind: str
    """"evidence", "priority_evidence", "reading_evidence" (a position's reading),
    "characterisation", "weight_evidence" (of a side), "decision" (the dossier's decision
    evidence) or "issue_decision" (an issue's)."""
    owner: str  # position, characterisation, side or issue id ("" for the dossier)
    index: int = 0  # index within its list of evidence
    path: tuple[str | int, ...] = ()
    """For a position's quotes, the path below the position record to the evidence
    item (``("readings", 0, "evidence", 1)``), as :meth:`Position.quotes` gives it."""


class _Locator:
    """Finds the line and column of quotes in YAML files (1-based), caching composed files."""

    def __init__(self) -> None:
        self._nodes: dict[str, yaml.Node | None] = {}
        self._texts: dict[str, str] = {}

    def _text(self, file: str) -> str:
        if file not in self._texts:
            try:
                self._texts[file] = Path(file).read_text(encoding="utf-8")
            except OSError:
                self._texts[file] = ""
        return self._texts[file]

    def _root(self, file: str) -> yaml.Node | None:
        if file not in self._nodes:
            try:
                self._nodes[file] = yaml.compose(self._text(file), Loader=yaml.SafeLoader)
            except yaml.YAMLError:
                self._nodes[file] = None
        return self._nodes[file]

    @staticmethod
    def _get(node: yaml.Node | None, key: str) -> yaml.Node | None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == key:
                    return v
        return None

    def _record(self, root: yaml.Node | None, list_key: str, record_id: str) -> yaml.Node | None:
        seq = self._get(root, list_key)
        if isinstance(seq, yaml.SequenceNode):
            for item in seq.value:
                ident = self._get(item, "id")
                if isinstance(ident, yaml.ScalarNode) and ident.value == record_id:
                    return item
        return None

    def locate(self, ref: QuoteRef) -> tuple[int, int]:
        root = self._root(ref.file)
        node: yaml.Node | None = None
        evidence: yaml.Node | None = None
        if ref.path:
            item = self._walk(self._record(root, "positions", ref.owner), ref.path)
            node = self._get(item, "quote")
        elif ref.kind in ("evidence", "priority_evidence"):
            evidence = self._get(self._record(root, "positions", ref.owner), ref.kind)
        elif ref.kind == "weight_evidence":
            evidence = self._get(root, "weight_evidence")
        elif ref.kind == "decision":
            evidence = self._get(self._get(root, "decision"), "evidence")
        elif ref.kind == "issue_decision":
            issue = self._record(root, "issues", ref.owner)
            evidence = self._get(self._get(issue, "decision"), "evidence")
        if ref.path:
            pass
        elif ref.kind != "characterisation":
            if isinstance(evidence, yaml.SequenceNode) and ref.index < len(evidence.value):
                node = self._get(evidence.value[ref.index], "quote")
        else:
            node = self._get(self._record(root, "characterisations", ref.owner), "quote")
        if node is None:
            node = self._find_scalar(root, ref.quote)
        if node is not None:
            return node.start_mark.line + 1, node.start_mark.column + 1
        return self._search_text(ref.file, ref.quote)

    def _walk(self, node: yaml.Node | None, path: tuple[str | int, ...]) -> yaml.Node | None:
        """The node at ``path`` (mapping keys and sequence indexes) below ``node``."""
        for step in path:
            if isinstance(step, int):
                if not (isinstance(node, yaml.SequenceNode) and step < len(node.value)):
                    return None
                node = node.value[step]
            else:
                node = self._get(node, step)
        return node

    def _find_scalar(self, root: yaml.Node | None, value: str) -> yaml.Node | None:
        stack, seen = [root], set()
        while stack:
            node = stack.pop()
            if node is None or id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if (
                        isinstance(k, yaml.ScalarNode)
                        and k.value == "quote"
                        and isinstance(v, yaml.ScalarNode)
                        and v.value.strip() == value.strip()
                    ):
                        return v
                    stack.append(v)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
        return None

    def _search_text(self, file: str, quote: str) -> tuple[int, int]:
        text = self._text(file)
        probe = quote.strip()[:30]
        at = text.find(probe) if probe else -1
        if at < 0:
            return 0, 0
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        return line, column


def iter_quotes(dossier: Dossier) -> Iterable[QuoteRef]:
    """Every quote of the dossier: the decision rule's evidence (dossier.yaml, then each
    issue's in issues.yaml), each side's weight evidence, its positions' evidence and
    priority evidence, and the characterisations (hypothetical what-if positions have
    none)."""
    sources_file = str(Path(dossier.path) / "sources.yaml")
    if dossier.meta.decision is not None:
        dossier_file = str(Path(dossier.path) / "dossier.yaml")
        for i, ev in enumerate(dossier.meta.decision.evidence):
            yield QuoteRef(ev.source, ev.quote, dossier_file, "decision", "", i)
    issues_file = str(Path(dossier.path) / "issues.yaml")
    for issue in dossier.issues:
        if issue.decision is not None:
            for i, ev in enumerate(issue.decision.evidence):
                yield QuoteRef(ev.source, ev.quote, issues_file, "issue_decision", issue.id, i)
    for side in dossier.sides:
        side_file = side.file or str(Path(dossier.path) / "sides" / f"{side.id}.yaml")
        for i, ev in enumerate(side.weight_evidence):
            yield QuoteRef(ev.source, ev.quote, side_file, "weight_evidence", side.id, i)
        for position in side.positions:
            for path, ev in position.quotes():
                kind = str(path[0]) if path[0] != "readings" else "reading_evidence"
                index = int(path[-1])
                yield QuoteRef(ev.source, ev.quote, side_file, kind, position.id, index, path)
    for ch in dossier.characterisations:
        yield QuoteRef(ch.source, ch.quote, sources_file, "characterisation", ch.id)


def _excerpt(quote: str, limit: int = 80) -> str:
    q = " ".join(quote.split())
    return q if len(q) <= limit else q[: limit - 1] + "…"


def _source_location(dossier: Dossier, locator: _Locator, source_id: str) -> tuple[str, int, int]:
    file = str(Path(dossier.path) / "sources.yaml")
    record = locator._record(locator._root(file), "sources", source_id)
    if record is not None:
        return file, record.start_mark.line + 1, record.start_mark.column + 1
    return file, 0, 0


def find_missing_quotes(
    dossier: Dossier, archive_dir: str | Path, mapping: Mapping[str, str] | None = None
) -> list[Problem]:
    """Problems for every quote not found in its source's archive file.

    Also one problem per quoted source that has no archive file (or whose mapped
    file does not exist). Returned sorted by file, line and column.
    """
    locator = _Locator()
    archive_dir = Path(archive_dir)
    texts: dict[str, tuple[Path, str] | None] = {}
    problems: list[Problem] = []

    for ref in iter_quotes(dossier):
        if ref.source not in texts:
            path = archive_file_for(ref.source, archive_dir, mapping)
            if path is None:
                texts[ref.source] = None
                file, line, col = _source_location(dossier, locator, ref.source)
                if mapping and ref.source in mapping:
                    message = (
                        f"source '{ref.source}': archive file "
                        f"{archive_dir / mapping[ref.source]} (from the map) does not exist"
                    )
                else:
                    message = (
                        f"source '{ref.source}' has no archive file in {archive_dir} "
                        f"(looked for {ref.source}.txt, .md, .html, .htm)"
                    )
                problems.append(
                    Problem(
                        file,
                        line,
                        col,
                        "error",
                        message,
                        code="archive-missing",
                        dossier=dossier.id,
                    )
                )
            else:
                texts[ref.source] = (path, load_archive_text(path))
        entry = texts[ref.source]
        if entry is None:
            continue
        path, text = entry
        if quote_in_text(ref.quote, text):
            continue
        line, col = locator.locate(ref)
        near = closest_passage(ref.quote, text)
        if near is None:
            hint = "; nothing like it in the archive file"
        else:
            hint = (
                f"; closest passage ({near.ratio:.0%} alike), with what differs "
                f'([-quote-] {{+source+}}): "{near.diff}"'
            )
        problems.append(
            Problem(
                ref.file,
                line,
                col,
                "error",
                f'quote not found in {path}: "{_excerpt(ref.quote)}"{hint}',
                code="quote-not-found",
                dossier=dossier.id,
            )
        )
    return sorted(problems)


def count_quotes(dossier: Dossier) -> int:
    return sum(1 for _ in iter_quotes(dossier))
