"""Write the blind-coding sheet of a dossier: its codebook and every coding unit, no values.

A second coder codes each characterisation from this sheet alone (issue 15): for each
unit its id, dimension, what it is about, the voice, the quote and, when a seed archive
and a map are given, the sentences around the quote in its source (the quote in bold).
The values already assigned, the curator's notes and the frames are left out.

    .venv/bin/python scripts/coding_units.py positions/russia-west-2022 \\
        --archive ../shared/seeds --map tests/fixtures/seed_map.yaml --out units.md
    .venv/bin/python scripts/coding_units.py positions/russia-west-2022 --mask-ids \\
        --key key.yaml --out units.md      # units as U01, U02...; the key maps them back

Characterisation ids sometimes name their value (``mt-deadlock-headline``): use
``--mask-ids`` for a sheet that gives nothing away, and keep the key from the coder.
The context is shown normalised as the quote check sees it (straight quotes, dashes
without spaces around them). Exits 1 when the dossier does not load.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping, Sequence
from itertools import pairwise
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from negotiation.dossier import Dossier  # noqa: E402
from negotiation.loader import load_dossier  # noqa: E402
from negotiation.model import Characterisation  # noqa: E402
from negotiation.quotes import (  # noqa: E402
    archive_file_for,
    load_archive_paragraphs,
    load_mapping,
    locate_quote,
)

NOT_A_CHARACTERISATION = "not-a-characterisation"
RULES_DOC = ROOT / "docs" / "format.md"
RULES_HEADING = "## Coding characterisations"

# A sentence ends at . ! ? (and any closing quotes or brackets) before a capital, a digit
# or an opening quote; not after an initial ("U.S.") or a short abbreviation ("Jan.").
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
_HEADING = re.compile(r"^#+\s*")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St))\.$"
)


# --------------------------------------------------------------------------- context


def _sentence_spans(paragraphs: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """The paragraphs joined by spaces, and the (start, end) of each sentence in it.

    A paragraph break ends a sentence unless the next paragraph starts in lower case
    (a copy broken mid-sentence)."""
    text, bounds = "", [0]
    for i, para in enumerate(paragraphs):
        if i:
            if not para[:1].islower():
                bounds.append(len(text) + 1)
            text += " "
        offset = len(text)
        text += para
        for m in _SENTENCE_END.finditer(para):
            if not _ABBREVIATION.search(para[: m.start() + 1]):
                bounds.append(offset + m.end())
    bounds.append(len(text))
    spans = [(a, b) for a, b in pairwise(bounds) if b > a]
    return text, spans


def quote_context(quote: str, paragraphs: Sequence[str], around: int = 2) -> str | None:
    """The sentences holding ``quote`` and ``around`` sentences either side, the quote in
    bold; None when the quote is not in the paragraphs."""
    text, spans = _sentence_spans(paragraphs)
    found = locate_quote(quote, text)
    if found is None:
        return None
    start, end = found
    hit = [i for i, (a, b) in enumerate(spans) if a < end and b > start]
    first, last = max(hit[0] - around, 0), min(hit[-1] + around, len(spans) - 1)
    lo, hi = spans[first][0], spans[last][1]
    marked = f"{text[lo:start]}**{text[start:end]}**{text[end:hi]}"
    return " ".join(marked.split())


# --------------------------------------------------------------------------- the sheet


def about_text(dossier: Dossier, ch: Characterisation) -> str:
    """What the unit is about, in words: the talks, an issue, a side or an event."""
    if ch.about == "talks":
        return "the talks as a whole"
    kind, ref = ch.about.kind, ch.about.ref
    if kind == "issue":
        issue = dossier.issue_by_id.get(ref)
        return f"issue: {issue.title if issue else ref}"
    if kind == "side":
        side = dossier.side_by_id.get(ref)
        return f"side: {side.name if side else ref}"
    if kind == "camp":
        camp = dossier.camp_by_id.get(ref)
        return f"camp: {camp.name if camp else ref}"
    event = next((e for e in dossier.events if e.id == ref), None)
    return f"event: {event.title} ({event.date})" if event else f"event: {ref}"


def voice_text(dossier: Dossier, ch: Characterisation) -> str:
    source = dossier.source_by_id.get(ch.source)
    outlet = source.outlet if source else ch.source
    if ch.voice is None:
        return f"the source's own voice ({outlet})"
    role = f", {ch.voice_role}" if ch.voice_role else ""
    how = f" (paraphrased by {outlet})" if ch.paraphrase else ""
    return f"{ch.voice}{role}{how}"


def _rules() -> list[str]:
    """The general coding rules: the 'Coding characterisations' section of docs/format.md."""
    if not RULES_DOC.is_file():
        return []
    text = RULES_DOC.read_text(encoding="utf-8")
    start = text.find(RULES_HEADING)
    if start < 0:
        return []
    body = text[start + len(RULES_HEADING) :]
    end = body.find("\n## ")
    body = body if end < 0 else body[:end]
    return ["## General rules (docs/format.md)", "", body.strip(), ""]


def codebook_lines(dossier: Dossier) -> list[str]:
    out = ["## Codebook", ""]
    for dim in dossier.dimensions:
        out += [f"### Dimension `{dim.id}`: {dim.label}", ""]
        if dim.description:
            out += [dim.description, ""]
        out += ["Ordered from one end of the scale to the other:", ""]
        for point in dim.scale:
            out.append(f"- **`{point.id}`** ({point.label})")
            for name, text in (
                ("Definition", point.description),
                ("Coding rule", getattr(point, "coding_rule", None)),
                ("Not this", getattr(point, "not_this", None)),
                ("Example", getattr(point, "example", None)),
            ):
                if text:
                    out.append(f"  - {name}: {' '.join(text.split())}")
        out.append("")
    return out


def unit_lines(
    dossier: Dossier,
    ch: Characterisation,
    handle: str,
    number: int,
    paragraphs: Sequence[str] | None,
    around: int,
) -> list[str]:
    source = dossier.source_by_id.get(ch.source)
    dim = dossier.dimension_by_id.get(ch.dimension)
    choices = [p.id for p in dim.scale] if dim else []
    out = [f"### {number}. `{handle}`", ""]
    out.append(f"- Dimension: `{ch.dimension}`" + (f" ({dim.label})" if dim else ""))
    out.append(f"- About: {about_text(dossier, ch)}")
    if source is not None:
        out.append(f'- Source: {source.outlet}, "{source.title}" ({source.date})')
    out.append(f"- Voice: {voice_text(dossier, ch)}")
    if ch.date:
        out.append(f"- Said on: {ch.date}")
    out += ["- Quote:", "", f"  > {' '.join(ch.quote.split())}", ""]
    if paragraphs is not None:
        context = quote_context(ch.quote, paragraphs, around)
        text = context if context is not None else "(quote not found in the archive copy)"
        out += ["- In context:", "", f"  > {text}", ""]
    out += [f"- Code (one of {', '.join([*choices, NOT_A_CHARACTERISATION])}):", ""]
    return out


def render(
    dossier: Dossier,
    archive: Path | None = None,
    mapping: Mapping[str, str] | None = None,
    *,
    mask_ids: bool = False,
    around: int = 2,
) -> tuple[str, dict[str, str]]:
    """The sheet as Markdown, and the key (unit handle to characterisation id)."""
    chars = list(dossier.coding_units)  # withdrawn ones too: a new coder codes them all
    width = len(str(len(chars)))
    handles = [f"U{i:0{width}d}" if mask_ids else ch.id for i, ch in enumerate(chars, 1)]
    cache: dict[str, list[str] | None] = {}

    def paragraphs(source_id: str) -> list[str] | None:
        if archive is None:
            return None
        if source_id not in cache:
            path = archive_file_for(source_id, archive, mapping)
            paras = load_archive_paragraphs(path) if path else []
            cache[source_id] = [_HEADING.sub("", para) for para in paras]
        return cache[source_id]

    lines = [
        f"# Coding units: {dossier.title}",
        "",
        f"{len(chars)} units from `{dossier.path}`. For each unit, choose one point of its",
        f"dimension, or `{NOT_A_CHARACTERISATION}`, from the codebook and the quote in its",
        "context alone. If what the unit is said to be about looks wrong, code the value",
        "anyway and say so in a note. The context is the source's text as the quote check",
        "normalises it (straight quotes; dashes as '-' without spaces), the quote in bold.",
        "",
        *_rules(),
        *codebook_lines(dossier),
        "## Units",
        "",
    ]
    for number, (ch, handle) in enumerate(zip(chars, handles, strict=True), 1):
        lines += unit_lines(dossier, ch, handle, number, paragraphs(ch.source), around)
    key = dict(zip(handles, (ch.id for ch in chars), strict=True))
    return "\n".join(lines).rstrip() + "\n", key


# --------------------------------------------------------------------------- command line


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dossier", type=Path, help="dossier folder")
    parser.add_argument("--archive", type=Path, help="folder of the archived source texts")
    parser.add_argument("--map", type=Path, help="YAML map of source id to archive file")
    parser.add_argument("--out", type=Path, help="Markdown file to write (default: stdout)")
    parser.add_argument("--context", type=int, default=2, help="sentences either side (2)")
    parser.add_argument("--mask-ids", action="store_true", help="units as U01, U02...")
    parser.add_argument("--key", type=Path, help="with --mask-ids: write the key (YAML)")
    args = parser.parse_args(argv)

    dossier, problems = load_dossier(args.dossier)
    if dossier is None:
        for p in problems:
            print(p.format(), file=sys.stderr)
        return 1
    mapping = load_mapping(args.map) if args.map else None
    text, key = render(
        dossier, args.archive, mapping, mask_ids=args.mask_ids, around=max(args.context, 0)
    )
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {len(key)} units to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    if args.key:
        args.key.write_text(yaml.safe_dump(key, sort_keys=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
