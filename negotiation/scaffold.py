"""``python -m negotiation new``: write a new dossier folder that validates as written.

The files carry the JSON Schema modeline (relative to where they are written), one
commented example of every record kind and TODO comments where the curator fills in.
Nothing is overwritten: an existing folder is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from negotiation.model import ID_PATTERN

ID_RULE = (
    "ids are lowercase letters and digits in groups joined by single hyphens, "
    "at most 80 characters (e.g. 'wage-talks-2024')"
)
MAX_ID = 80


class ScaffoldError(ValueError):
    """Bad arguments for a new dossier (invalid id, existing folder...)."""


def check_id(value: str, what: str = "id") -> str:
    """``value`` if it is a valid record id, else :class:`ScaffoldError` with the rule."""
    if len(value) > MAX_ID or not re.fullmatch(ID_PATTERN, value):
        raise ScaffoldError(f"{what} {value!r} is not a valid id: {ID_RULE}")
    return value


def parse_ids(text: str | None, what: str) -> list[str]:
    """A comma-separated list of ids (empty items ignored), each checked, no repeats."""
    if not text:
        return []
    ids = [item.strip() for item in text.split(",") if item.strip()]
    for item in ids:
        check_id(item, what)
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ScaffoldError(f"{what} ids given twice: {', '.join(repeated)}")
    return ids


ROLES = ("party", "mediator", "observer")
SMALL_WORDS = frozenset({"the", "and", "for", "of", "on", "in", "at", "to"})
"""Short parts that are words, not acronyms: title-cased like any other word."""
EXAMPLE_EVENT_SIDES = 3
"""How many sides the commented example event lists (the rest are summed up)."""


def _unsure_part(part: str) -> bool:
    """Whether title-casing ``part`` may spell an acronym wrong ('inc', 'un', 'g7', 'ncsc').

    The rule: a part with letters that is 2 or 3 characters long (not one of
    :data:`SMALL_WORDS`), or that has two letters or more and no vowel (a e i o u y).
    One letter ('side-a') and digits alone ('2024') are safe.
    """
    letters = [c for c in part if c.isalpha()]
    if not letters or part in SMALL_WORDS:
        return False
    if 2 <= len(part) <= 3:
        return True
    return len(letters) >= 2 and not any(c in "aeiouy" for c in letters)


def name_for(identifier: str) -> tuple[str, bool]:
    """The display name ``new`` writes for an id, and whether it is a guess to check.

    The id's parts are title-cased ('united-states' -> 'United States') unless a part
    may be an acronym (:func:`_unsure_part`): then the id itself is kept as the name
    ('inc-chair', not 'Inc Chair') and the caller marks it with a TODO.
    """
    parts = identifier.split("-")
    if any(_unsure_part(p) for p in parts):
        return identifier, True
    words = [p if i and p in SMALL_WORDS else p.capitalize() for i, p in enumerate(parts)]
    return " ".join(words), False


def _name_line(identifier: str, indent: str = "") -> str:
    """The ``name:`` line of a side or camp, its TODO saying when the name is the id kept."""
    name, unsure = name_for(identifier)
    todo = "TODO: the name shown in the dashboard"
    if unsure:
        todo += "; kept as the id: a part may be an acronym"
    return f"{indent}name: {_q(name)}  # {todo}\n"


def parse_roles(text: str | None, sides: Sequence[str]) -> dict[str, str]:
    """``--roles id=mediator,id2=observer``: side id -> role, each side among ``sides``.

    Raises :class:`ScaffoldError` for a malformed item, an unknown side id (with the
    closest ids) or a role other than party, mediator or observer.
    """
    import difflib

    roles: dict[str, str] = {}
    for item in (part.strip() for part in (text or "").split(",")):
        if not item:
            continue
        side, sep, role = (x.strip() for x in item.partition("="))
        if not sep or not side or not role:
            raise ScaffoldError(f"--roles item {item!r} is not SIDE=ROLE (e.g. chair=mediator)")
        if side not in sides:
            close = difflib.get_close_matches(side, list(sides), n=3)
            hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise ScaffoldError(
                f"--roles: unknown side {side!r} (the sides are {', '.join(sides)}){hint}"
            )
        if role not in ROLES:
            raise ScaffoldError(
                f"--roles: unknown role {role!r} for side {side!r}; one of {', '.join(ROLES)}"
            )
        if side in roles:
            raise ScaffoldError(f"--roles: side {side!r} given twice")
        roles[side] = role
    return roles


def _role_line(role: str) -> str:
    if role == "party":
        return "# role: party  # party (the default), mediator or observer\n"
    return f"role: {role}  # party (the default), mediator or observer\n"


def _event_sides(sides: Sequence[str]) -> str:
    """The example event's ``sides:`` list: at most :data:`EXAMPLE_EVENT_SIDES` of them."""
    shown = ", ".join(sides[:EXAMPLE_EVENT_SIDES])
    rest = len(sides) - EXAMPLE_EVENT_SIDES
    if rest <= 0:
        return f"[{shown}]"
    return f"[{shown}]  # ... and the other {rest} taking part"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def schema_dir() -> Path | None:
    """The shipped ``schema/`` folder, when this package runs from a checkout."""
    from negotiation.schema import DEFAULT_SCHEMA_DIR

    return DEFAULT_SCHEMA_DIR if (DEFAULT_SCHEMA_DIR / "dossier.schema.json").is_file() else None


def modeline(file: Path, kind: str, schemas: Path) -> str:
    """``# yaml-language-server: $schema=...`` pointing from ``file`` to the schema."""
    target = schemas.resolve() / f"{kind}.schema.json"
    try:
        ref = os.path.relpath(target, file.parent.resolve())
    except ValueError:  # another drive on Windows
        ref = str(target)
    return f"# yaml-language-server: $schema={Path(ref).as_posix()}\n"


# --------------------------------------------------------------------------- templates

_DOSSIER = """\
# The negotiation: what it is about, the period covered, and the vocabularies the
# other files use. Format reference: docs/format.md of the negotiation-positions project.
id: {id}
title: {title}
summary: >-
  TODO: a paragraph in your own words: who negotiates what, since when, and why
  it matters.
period:
  start: {start}  # TODO: first day the dossier covers (YYYY-MM-DD)
  end: {end}  # TODO: last day the dossier covers
{camps}
# TODO: the dated steps of the negotiation (rounds, statements). Example:
# events:
#   - id: first-round
#     date: {start}
#     title: First round of talks
#     venue: Geneva
#     summary: One or two sentences in your own words.
#     sides: {side_list}
#     sources: [example-source]

# Ordered scales on which sources characterise the talks, from one end to the
# other. Example:
# dimensions:
#   - id: outcome
#     label: Outcome of the talks
#     scale:
#       - id: breakdown
#         label: Breakdown
#       - id: deadlock
#         label: Deadlock
#       - id: breakthrough
#         label: Breakthrough

# Metaphors sources use, tagged in a characterisation's 'frames'. Example:
# frames:
#   - id: poker-game
#     label: Poker game
#     description: Each side hides its cards and bluffs.

# How the body decides (optional; leave out for consensus: every party must accept),
# only where a source says so. An issue in issues.yaml may carry its own. Example:
# decision:
#   rule: qualified  # consensus, majority or qualified
#   threshold: 0.667  # qualified only: the share of the weight a point needs
#   counted: weight  # or sides: one side, one vote
#   evidence:
#     - source: example-source
#       quote: A short verbatim excerpt saying how decisions are taken.
"""

_CAMPS_GIVEN = """\
# Groups of sides compared as blocs: a camp's range is what every member accepts.
# Each side names its camp with 'camp:' in its sides/<id>.yaml.
camps:
{items}"""

_CAMP_ITEM = """\
  - id: {id}
{name_line}"""

_CAMPS_EXAMPLE = """\
# Groups of sides compared as blocs (optional). Example:
# camps:
#   - id: the-west
#     name: The West
#     description: Who is in the camp and why they are grouped.
"""

_ISSUES = """\
# The issues under negotiation, each with an ordered scale of possible outcomes
# from one end of the spectrum to the other. Gaps and overlaps are counted in steps
# of these scales, so keep one direction for every issue.
#
# TODO: replace `[]` with your issues, like the example below (remove the '# ' of
# each line).
issues: []
#   - id: example-issue
#     title: Example issue
#     question: What does the issue decide, in one line?
#     scale:
#       - id: status-quo
#         label: Status quo
#       - id: partial-change
#         label: Partial change
#       - id: full-change
#         label: Full change
"""

_SOURCES = """\
# The sources quoted (articles, statements, documents) and how each characterises
# the talks. Quotes are short verbatim excerpts (a sentence or less).
#
# TODO: replace `[]` with your sources, like the example below (remove the '# ' of
# each line).
sources: []
#   - id: example-source
#     outlet: The Example Times
#     title: Title of the article
#     authors: [Jane Doe]
#     date: {start}
#     url: https://example.org/article
#     kind: news  # news, analysis, opinion, think-tank or official

# How sources (and the experts they quote) characterise the talks, on a dimension
# of dossier.yaml. Example:
# characterisations:
#   - id: example-deadlock
#     source: example-source
#     about: talks  # or {{issue: example-issue}}, {{side: ...}}, {{event: ...}}
#     dimension: outcome
#     value: deadlock
#     quote: A short verbatim excerpt of the source.
#     voice: Name of the expert quoted  # leave out for the source's own voice
"""

_SIDE = """\
# One side of the negotiation and its positions, each dated and quoted.
id: {id}
{name_line}{role}{camp}# description: TODO who the side is (delegation, leaders)
# weight: 27  # the votes it casts or the states it speaks for (default 1), with:
# weight_evidence:
#   - source: example-source
#     quote: A short verbatim excerpt saying whom the side speaks for.

# TODO: the side's positions. Example (remove the '# ' of each line):
# positions:
#   - id: {id}-example-issue
#     issue: example-issue
#     as_of: {start}
#     stance: demand  # demand, offer, rejection, red-line, condition, proposal, statement
#     ideal: full-change
#     accepts: {{from: partial-change, to: full-change}}  # or one point id
#     basis: stated  # stated (the side's own words), reported (a source reports it;
#     # the default) or inferred (your reading of indirect evidence: say why in notes)
#     summary: One sentence in your own words.
#     evidence:
#       - source: example-source
#         quote: A short verbatim excerpt of that source.
#         speaker: Who said it
#
# A side that only rules something out is bounded: give `rejects` (a point or range
# touching an end of the scale, or bordering `accepts`) and no `accepts`.
#   - id: {id}-example-issue-ruled-out
#     issue: example-issue
#     as_of: {start}
#     stance: rejection
#     rejects: full-change  # or {{from: ..., to: ...}}
#     basis: reported
#     summary: The side rules out full change; the source does not say what it accepts.
#     evidence:
#       - source: example-source
#         quote: A short verbatim excerpt of that source.
#
# When sources disagree about where the side stands, give two or more `readings`
# (each with a label, its accepts and/or rejects, an optional ideal and its own
# evidence) instead of accepts, ideal and rejects; `evidence` is then for what is
# not contested (optional).
#   - id: {id}-example-issue-contested
#     issue: example-issue
#     as_of: {start}
#     stance: offer
#     summary: Two sources read the side's offer differently.
#     readings:
#       - label: First source's reading
#         accepts: status-quo
#         rejects: {{from: partial-change, to: full-change}}
#         evidence:
#           - source: example-source
#             quote: A short verbatim excerpt of that source.
#       - label: Second source's reading
#         accepts: {{from: status-quo, to: partial-change}}
#         evidence:
#           - source: example-source
#             quote: Another short verbatim excerpt, from the other source.
#         notes: Why this reading differs.
"""


@dataclass(frozen=True)
class Scaffold:
    """What ``new`` wrote (or would write): the folder and each file's text."""

    folder: Path
    files: dict[str, str]


def plan(
    dossier_id: str,
    positions_dir: str | Path,
    title: str | None = None,
    sides: Sequence[str] = ("side-a", "side-b"),
    camps: Sequence[str] = (),
    roles: dict[str, str] | None = None,
    today: dt.date | None = None,
    schemas: Path | None = None,
) -> Scaffold:
    """The files of a new dossier ``dossier_id`` under ``positions_dir`` (nothing written).

    Raises :class:`ScaffoldError` for an invalid id or an existing folder.
    """
    check_id(dossier_id, "dossier")
    for s in sides:
        check_id(s, "side")
    for c in camps:
        check_id(c, "camp")
    if not sides:
        raise ScaffoldError("a dossier needs at least one side (--sides a,b)")
    for s, role in (roles or {}).items():
        if s not in sides or role not in ROLES:
            raise ScaffoldError(f"bad role {role!r} for side {s!r}")
    folder = Path(positions_dir) / dossier_id
    if folder.exists():
        raise ScaffoldError(f"{folder} already exists; nothing was written")
    day = (today or dt.date.today()).isoformat()
    schemas = schemas or schema_dir() or Path.cwd() / "schema"
    camp_block = (
        _CAMPS_GIVEN.format(
            items="".join(_CAMP_ITEM.format(id=c, name_line=_name_line(c, "    ")) for c in camps)
        )
        if camps
        else _CAMPS_EXAMPLE
    )
    texts = {
        "dossier.yaml": _DOSSIER.format(
            id=dossier_id,
            title=_q(title or f"TODO: title of {dossier_id}"),
            start=day,
            end=day,
            camps=camp_block,
            side_list=_event_sides(sides),
        ),
        "issues.yaml": _ISSUES,
        "sources.yaml": _SOURCES.format(start=day),
    }
    camp_hint = (
        f"# camp: {camps[0]}  # TODO: one of {', '.join(camps)}\n"
        if camps
        else "# camp: the-west  # a camp of dossier.yaml (optional)\n"
    )
    for s in sides:
        texts[f"sides/{s}.yaml"] = _SIDE.format(
            id=s,
            name_line=_name_line(s),
            role=_role_line((roles or {}).get(s, "party")),
            camp=camp_hint,
            start=day,
        )
    kinds = {"dossier.yaml": "dossier", "issues.yaml": "issues", "sources.yaml": "sources"}
    files = {
        rel: modeline(folder / rel, kinds.get(rel, "side"), schemas) + text
        for rel, text in texts.items()
    }
    return Scaffold(folder=folder, files=files)


def write(scaffold: Scaffold) -> list[Path]:
    """Write the planned files; refuses if the folder appeared meanwhile."""
    try:
        scaffold.folder.mkdir(parents=True, exist_ok=False)
    except FileExistsError as exc:
        raise ScaffoldError(f"{scaffold.folder} already exists; nothing was written") from exc
    written = []
    for rel, text in scaffold.files.items():
        path = scaffold.folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
