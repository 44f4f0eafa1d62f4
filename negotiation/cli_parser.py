"""The arguments of ``python -m negotiation``: one subcommand each, declared here, run by
the handlers :mod:`negotiation.cli` passes in (``args, out, err -> exit status``)."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, TextIO

DEFAULT_POSITIONS = "positions"

Handler = Callable[[argparse.Namespace, TextIO, TextIO], int]


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def _add_validate(sub: Any, handler: Handler) -> None:
    """The ``validate`` command."""
    p = sub.add_parser(
        "validate",
        help="check dossiers; print path:line:col problems",
        description=(
            "Load and validate dossiers. Prints every problem as "
            "'path:line:col: severity: message', then a summary. Exits 1 on any error "
            "(with --strict, on any warning too), 0 otherwise."
        ),
    )
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="a folder of dossiers, a dossier folder or a YAML file (default: "
        "$NEGOTIATION_POSITIONS_DIR, else positions/ in the working directory, else the "
        "repository's positions/)",
    )
    p.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (compiler-style lines, default), json (one object: problems, summary) or "
        "github (GitHub Actions ::error/::warning annotations)",
    )
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.set_defaults(func=handler)


def _add_schema(sub: Any, handler: Handler) -> None:
    """The ``schema`` command."""
    p = sub.add_parser(
        "schema",
        help="write (or check) the JSON Schema files in schema/",
        description=(
            "Generate the draft-07 JSON Schema of each kind of YAML file (dossier, issues, "
            "sources, side) from the pydantic models. Editors use them for completion and "
            "hover help."
        ),
    )
    p.add_argument("--out", metavar="DIR", help="folder to write to (default: schema/)")
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the files differ from what would be generated",
    )
    p.set_defaults(func=handler)


def _add_export(sub: Any, handler: Handler) -> None:
    """The ``export`` command."""
    p = sub.add_parser(
        "export",
        help="export a dossier and its comparison tables as JSON or CSV",
        description=(
            "Export the normalised dossier (meta, issues, sides with positions, sources, "
            "characterisations) and its comparison tables (positions, gaps, overlaps with "
            "blockers, camps, characterisations, agreement, concessions, trades), optionally "
            "under what-if hypotheses."
        ),
    )
    p.add_argument(
        "dossier", metavar="DOSSIER", help="dossier id (under --positions-dir) or folder"
    )
    p.add_argument(
        "--format", choices=("json", "csv"), default="json", help="json (default) or csv"
    )
    p.add_argument(
        "--out",
        metavar="PATH",
        help="json: file to write (default: standard output); csv: folder, one file per table",
    )
    p.add_argument(
        "--positions-dir",
        default=None,
        metavar="DIR",
        help=(
            "where dossier ids are looked up (default: $NEGOTIATION_POSITIONS_DIR, else "
            "positions/ in the working directory, else the repository's positions/); "
            "DOSSIER may also be a folder path"
        ),
    )
    p.add_argument(
        "--date", type=_parse_date, metavar="YYYY-MM-DD", help="compare positions as of this date"
    )
    p.add_argument(
        "--verdicts-until",
        type=_parse_date,
        metavar="YYYY-MM-DD",
        help="count the characterisations (and the agreement) said on or before this day, "
        "whatever --date (default: those said by the as-of date; at the dossier's latest "
        "date, all): e.g. what was said about the talks after their last day",
    )
    p.add_argument(
        "--compare",
        nargs=2,
        metavar=("A", "B"),
        help="parties for the gap table: side ids or camp:<id> (default: the first two camps, "
        "else the first two sides)",
    )
    p.add_argument(
        "--what-if",
        action="append",
        metavar="SIDE:ISSUE:FROM..TO",
        help="compute every table as if SIDE accepted FROM..TO (scale point ids; a single "
        "POINT too) on ISSUE; repeatable, or several joined by commas. Nothing is written "
        "to the YAML",
    )
    p.add_argument(
        "--rule",
        metavar="RULE",
        help="decide every issue under this hypothetical rule instead of the dossier's: "
        "consensus, majority or qualified:SHARE (e.g. qualified:0.667), optionally "
        "followed by :sides (one side, one vote)",
    )
    p.set_defaults(func=handler)


def _add_brief(sub: Any, handler: Handler) -> None:
    """The ``brief`` command."""
    p = sub.add_parser(
        "brief",
        help="write the one-page brief (Markdown or HTML), as the Briefing page does",
        description=(
            "Write the brief of one view of a dossier, the same Markdown (or HTML) the "
            "dashboard's Briefing page downloads: gaps and overlaps of two parties, the "
            "overlap of several and who holds a deal up under the rule, movement, and how "
            "sources characterise the talks, every claim cited. The defaults are the "
            "dashboard's: the latest date, the first two camps (else sides), every party."
        ),
    )
    p.add_argument(
        "dossier", metavar="DOSSIER", help="dossier id (under --positions-dir) or folder"
    )
    p.add_argument("--format", choices=("md", "html"), default="md", help="md (default) or html")
    p.add_argument("--out", metavar="FILE", help="file to write (default: standard output)")
    p.add_argument(
        "--positions-dir",
        default=None,
        metavar="DIR",
        help="where dossier ids are looked up (as for export); DOSSIER may be a folder",
    )
    p.add_argument(
        "--date", type=_parse_date, metavar="YYYY-MM-DD", help="as of this date (default: latest)"
    )
    p.add_argument(
        "--from",
        dest="date_from",
        type=_parse_date,
        metavar="YYYY-MM-DD",
        help="movement from this date (default: the first date)",
    )
    p.add_argument(
        "--compare",
        nargs=2,
        metavar=("A", "B"),
        help="the two parties compared (default: the first two camps, else sides)",
    )
    p.add_argument(
        "--parties",
        metavar="P,P,...",
        help="the parties of the overlap, comma-separated (default: every party)",
    )
    p.add_argument("--issues", metavar="I,I,...", help="only these issues, comma-separated")
    p.add_argument(
        "--verdicts-until",
        type=_parse_date,
        metavar="YYYY-MM-DD",
        help="count the characterisations said by this day (as export)",
    )
    p.add_argument(
        "--what-if",
        action="append",
        metavar="SIDE:ISSUE:FROM..TO",
        help="as export: the brief computed under these hypotheses, marked hypothetical",
    )
    p.add_argument("--rule", metavar="RULE", help="as export: a hypothetical decision rule")
    p.set_defaults(func=handler)


def _add_check_quotes(sub: Any, handler: Handler) -> None:
    """The ``check-quotes`` command."""
    p = sub.add_parser(
        "check-quotes",
        help="check every quote is verbatim in its archived source",
        description=(
            "Check that every evidence (a reading's too), priority-evidence and "
            "characterisation quote "
            "appears in the archived text of its source, after normalising Unicode, "
            "whitespace, quotes, "
            "dashes and Markdown escapes. Exits 1 when a quote is not found or a quoted "
            "source has no archive file."
        ),
    )
    p.add_argument(
        "dossier", metavar="DOSSIER", help="dossier id (under --positions-dir) or folder"
    )
    p.add_argument(
        "--archive",
        required=True,
        metavar="DIR",
        help="folder of archived source texts (.txt, .md or .html)",
    )
    p.add_argument(
        "--map",
        metavar="FILE",
        help="YAML mapping of source id to archive file name (relative to --archive); "
        "default: <source id>.txt/.md/.html",
    )
    p.add_argument(
        "--positions-dir",
        default=None,
        metavar="DIR",
        help=(
            "where dossier ids are looked up (default: $NEGOTIATION_POSITIONS_DIR, else "
            "positions/ in the working directory, else the repository's positions/); "
            "DOSSIER may also be a folder path"
        ),
    )
    p.set_defaults(func=handler)


def _add_fix_modelines(sub: Any, handler: Handler) -> None:
    """The ``fix-modelines`` command."""
    p = sub.add_parser(
        "fix-modelines",
        help="rewrite schema modelines that a moved folder broke",
        description=(
            "Rewrite the '# yaml-language-server: $schema=...' first line of each YAML file "
            "of DIR (a dossier folder, or a folder of dossiers) whose relative path no longer "
            "leads to its schema, to the right relative path. Touches only that line; prints "
            "each change; running it again changes nothing."
        ),
    )
    p.add_argument("dir", metavar="DIR", help="a dossier folder, or a folder of dossiers")
    p.set_defaults(func=handler)


def _add_reliability(sub: Any, handler: Handler) -> None:
    """The ``reliability`` command."""
    p = sub.add_parser(
        "reliability",
        help="agreement between the main coding and independent codings (Krippendorff's alpha)",
        description=(
            "Compare the characterisation values of sources.yaml with each independent coding "
            "in codings/*.yaml: Krippendorff's alpha for ordinal data per dimension and "
            "overall, the number of units and coders, a plain-language reading (>= 0.8 "
            "reliable, 0.667-0.8 tentative, below: treat with caution) and every "
            "disagreement with each coder's value and the quote. Exit 2 for an unknown dossier."
        ),
    )
    p.add_argument(
        "dossier", metavar="DOSSIER", help="dossier id (under --positions-dir) or folder"
    )
    p.add_argument(
        "--positions-dir",
        default=DEFAULT_POSITIONS,
        metavar="DIR",
        help=f"where dossier ids are looked up (default: {DEFAULT_POSITIONS})",
    )
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or json"
    )
    p.set_defaults(func=handler)


def _add_new(sub: Any, handler: Handler) -> None:
    """The ``new`` command."""
    p = sub.add_parser(
        "new",
        help="scaffold a new dossier folder that validates as written",
        description=(
            "Write positions-dir/ID/ with dossier.yaml, issues.yaml, sources.yaml and "
            "sides/<id>.yaml per side: schema modelines, a commented example of every "
            "record kind and TODO comments. Refuses to overwrite (exit 2)."
        ),
    )
    p.add_argument("id", metavar="ID", help="the dossier id, e.g. wage-talks-2024")
    p.add_argument(
        "--positions-dir",
        default=DEFAULT_POSITIONS,
        metavar="DIR",
        help=f"where the folder is written (default: {DEFAULT_POSITIONS})",
    )
    p.add_argument("--title", metavar="TEXT", help="title shown in the dashboard")
    p.add_argument(
        "--sides", metavar="ID,ID,...", help="side ids, one file each (default: side-a,side-b)"
    )
    p.add_argument("--camps", metavar="ID,ID,...", help="camp ids (optional)")
    p.add_argument(
        "--roles",
        metavar="ID=ROLE,...",
        help="roles of sides that are not parties, e.g. chair=mediator,press=observer "
        "(party, mediator or observer; default: party)",
    )
    p.set_defaults(func=handler)


def _add_diff(sub: Any, handler: Handler) -> None:
    """The ``diff`` command."""
    p = sub.add_parser(
        "diff",
        help="what changed between two git revisions of the positions, gaps included",
        description=(
            "Compare the dossiers at git revision OLD with revision NEW (default: the "
            "working tree, uncommitted edits included): positions added, removed and "
            "changed field by field, issues, sides and sources added or removed, and how "
            "the comparison changed (gaps opened, closed, widened or narrowed; overlaps "
            "gained or lost; blockers; camps split or reunited). Reads old revisions with "
            "git, never touching the working tree. Exit 2 outside a git repository or for "
            "an unknown revision."
        ),
    )
    p.add_argument("old", metavar="OLD", help="git revision, e.g. HEAD, main, HEAD~3, a sha")
    p.add_argument("new", metavar="NEW", nargs="?", help="git revision (default: the working tree)")
    p.add_argument(
        "--positions-dir",
        default=DEFAULT_POSITIONS,
        metavar="DIR",
        help=f"the folder of dossiers inside the repository (default: {DEFAULT_POSITIONS})",
    )
    p.add_argument(
        "--compare",
        nargs=2,
        metavar=("A", "B"),
        help="parties for the gaps: side ids or camp:<id> (default: the first two camps, "
        "else the first two sides)",
    )
    p.add_argument(
        "--date", type=_parse_date, metavar="YYYY-MM-DD", help="compare positions as of this date"
    )
    p.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="text (default), markdown (for a pull-request comment) or json",
    )
    p.set_defaults(func=handler)


COMMANDS: dict[str, Callable[[Any, Handler], None]] = {
    "validate": _add_validate,
    "schema": _add_schema,
    "export": _add_export,
    "brief": _add_brief,
    "check-quotes": _add_check_quotes,
    "fix-modelines": _add_fix_modelines,
    "reliability": _add_reliability,
    "new": _add_new,
    "diff": _add_diff,
}
"""Each command's builder, in the order ``--help`` lists them."""


def build_parser(handlers: Mapping[str, Handler]) -> argparse.ArgumentParser:
    """The command line's arguments; each command runs ``handlers[name]``."""
    parser = argparse.ArgumentParser(
        prog="python -m negotiation",
        description=(
            "Validate, export, check, scaffold and diff the hand-curated negotiation dossiers "
            "(YAML under positions/)."
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, add in COMMANDS.items():
        add(sub, handlers[name])
    return parser
