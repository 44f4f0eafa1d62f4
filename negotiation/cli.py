"""Command line: ``python -m negotiation validate | schema | export | check-quotes | reliability |
new | diff``.

Every command prints problems as compiler-style lines (``path:line:col: severity:
message``) that editors and CI logs turn into links, then a one-line summary, and
exits 1 when anything is wrong (2 for usage errors, as argparse does).
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from negotiation.dossier import Dossier, Problem

YAML_SUFFIXES = (".yaml", ".yml")
DEFAULT_POSITIONS = "positions"
POSITIONS_ENV = "NEGOTIATION_POSITIONS_DIR"
REPO_POSITIONS = Path(__file__).resolve().parents[1] / "positions"


def default_positions_dir() -> str:
    """Where dossiers are read by default: ``$NEGOTIATION_POSITIONS_DIR``, else
    ``positions/`` in the working directory when it exists, else the ``positions/``
    folder beside the package (the repository's), so the commands work from any
    working directory."""
    configured = os.environ.get(POSITIONS_ENV, "").strip()
    if configured:
        return configured
    if Path(DEFAULT_POSITIONS).is_dir() or not REPO_POSITIONS.is_dir():
        return DEFAULT_POSITIONS
    return str(REPO_POSITIONS)


# --------------------------------------------------------------------------- helpers


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _has_yaml(folder: Path) -> bool:
    try:
        if any(f.is_file() and f.suffix.lower() in YAML_SUFFIXES for f in folder.iterdir()):
            return True
    except OSError:
        return False
    return (folder / "sides").is_dir()


def dossier_folders(paths: Iterable[str | Path]) -> list[Path]:
    """The dossier folders the loader reads for ``paths`` (same rules as the loader):
    a ``dossier.yaml`` file's folder, a dossier folder, or each sub-folder of a folder
    of dossiers (like ``positions/``; names starting with '.' or '_' are skipped)."""
    folders: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_file():
            candidates = [p.parent] if p.stem == "dossier" and p.suffix in YAML_SUFFIXES else []
        elif not p.is_dir():
            candidates = []
        elif any((p / f"dossier{s}").is_file() for s in YAML_SUFFIXES):
            candidates = [p]
        else:
            subdirs = sorted(
                c for c in p.iterdir() if c.is_dir() and not c.name.startswith((".", "_"))
            )
            candidates = [p] if _has_yaml(p) or not subdirs else subdirs
        for c in candidates:
            if all(c.resolve() != f.resolve() for f in folders):
                folders.append(c)
    return folders


def count_files(paths: Sequence[str | Path]) -> int:
    """How many YAML files the loader reads for ``paths``."""
    from negotiation.loader import files_signature

    return len(files_signature(list(paths)))


def _folder_of(problem: Problem, folders: Sequence[Path]) -> Path | None:
    try:
        target = Path(problem.file).resolve()
    except (OSError, ValueError):
        return None
    best: Path | None = None
    for folder in folders:
        root = folder.resolve()
        if (target == root or root in target.parents) and (
            best is None or len(root.parts) > len(best.resolve().parts)
        ):
            best = folder
    return best


def _sort_key(p: Problem) -> tuple[str, int, int, int, str]:
    return (p.file, p.line, p.column, 0 if p.severity == "error" else 1, p.message)


def _resolve_dossier(name: str, positions_dir: str) -> Path:
    """A dossier given as a folder or as an id under ``positions_dir``."""
    p = Path(name)
    if p.is_dir():
        return p
    candidate = Path(positions_dir) / name
    if candidate.is_dir():
        return candidate
    known = (
        [c.name for c in dossier_folders([positions_dir])] if Path(positions_dir).is_dir() else []
    )
    hint = ""
    close = difflib.get_close_matches(name, known, n=3)
    if close:
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?"
    elif known:
        hint = f"; dossiers in {positions_dir}: {', '.join(known)}"
    raise SystemExit(f"error: no dossier '{name}' (not a folder, nor in {positions_dir}/){hint}")


def _load(folder: Path) -> tuple[Dossier | None, list[Problem]]:
    from negotiation.loader import load_dossier

    return load_dossier(folder)


def _load_or_exit(name: str, positions_dir: str | None, err: TextIO) -> Dossier:
    folder = _resolve_dossier(name, positions_dir or default_positions_dir())
    dossier, problems = _load(folder)
    errors = [p for p in problems if p.severity == "error"]
    if dossier is None:
        for p in sorted(problems, key=_sort_key):
            print(p.format(), file=err)
        raise SystemExit(f"error: dossier {folder} did not load")
    if errors:
        print(
            f"note: {_plural(len(errors), 'error')} in {folder}; records with errors are left "
            f"out (run `python -m negotiation validate {folder}`)",
            file=err,
        )
    return dossier


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


# --------------------------------------------------------------------------- validate


def validate_summary(
    problems: Sequence[Problem], folders: Sequence[Path], n_files: int
) -> dict[str, object]:
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    affected_count = len({_folder_of(p, folders) for p in problems} - {None})
    n = len(folders)
    if problems:
        counts = [_plural(errors, "error")] if errors else []
        if warnings:
            counts.append(_plural(warnings, "warning"))
        where = _plural(n, "dossier")
        if affected_count:
            where = f"{affected_count} of {where}"
        text = f"{', '.join(counts)} in {where} ({_plural(n_files, 'file')})"
    else:
        text = f"OK: {_plural(n, 'dossier')}, {_plural(n_files, 'file')}, no problems"
    return {
        "errors": errors,
        "warnings": warnings,
        "dossiers": n,
        "dossiers_with_problems": affected_count,
        "files": n_files,
        "text": text,
    }


def cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from negotiation.loader import load_positions

    paths = args.paths or [default_positions_dir()]
    result = load_positions(paths)
    problems = sorted(result.problems, key=_sort_key)
    folders = dossier_folders(paths)
    n_files = count_files(paths)
    summary = validate_summary(problems, folders, n_files)
    failed = summary["errors"] > 0 or (args.strict and summary["warnings"] > 0)  # type: ignore[operator]
    summary["ok"] = not failed
    summary["strict"] = bool(args.strict)
    if args.format == "github":
        from negotiation.annotations import github_annotations

        for line in github_annotations(problems):
            print(line, file=out)
        print(summary["text"], file=out)
    elif args.format == "json":
        json.dump(
            {"problems": [p.as_dict() for p in problems], "summary": summary},
            out,
            indent=2,
            ensure_ascii=False,
        )
        out.write("\n")
    else:
        for p in problems:
            print(p.format(), file=out)
        print(summary["text"], file=out)
    return 1 if failed else 0


# --------------------------------------------------------------------------- schema


def cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from negotiation import schema

    target = Path(args.out) if args.out else schema.DEFAULT_SCHEMA_DIR
    if args.check:
        stale = schema.check_schemas(target)
        for name in stale:
            print(
                f"{target / name}:0:0: error: out of date with negotiation/model.py "
                "(run `python -m negotiation schema`)",
                file=out,
            )
        if stale:
            print(f"{_plural(len(stale), 'schema file')} out of date in {target}", file=out)
            return 1
        print(
            f"OK: {_plural(len(schema.FILE_NAMES), 'schema file')} up to date in {target}", file=out
        )
        return 0
    for path in schema.write_schemas(target):
        print(f"wrote {path}", file=out)
    return 0


# --------------------------------------------------------------------------- export


def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from negotiation import export

    dossier = _load_or_exit(args.dossier, args.positions_dir, err)
    kwargs: dict[str, object] = {"date": args.date}
    if args.compare:
        kwargs["gap_parties"] = tuple(args.compare)
    if args.what_if:
        code = _check_what_if(dossier, args.what_if, err)
        if code:
            return code
        kwargs["what_if"] = whatif_texts(args.what_if)
    if args.format == "json":
        if args.out:
            path = export.write_json(dossier, args.out, **kwargs)
            print(f"wrote {path}", file=err)
        else:
            out.write(export.export_json(dossier, **kwargs))
        return 0
    if not args.out:
        print("error: --format csv needs --out DIR (one CSV file per table)", file=err)
        return 2
    for path in export.write_csvs(dossier, args.out, **kwargs):
        print(f"wrote {path}", file=err)
    return 0


def whatif_texts(values: Sequence[str]) -> list[str]:
    """The hypotheses of repeated ``--what-if`` options (each may hold several, joined
    by commas, as in the dashboard's URL)."""
    from negotiation import whatif

    return whatif.split_hypotheses(values)


def _check_what_if(dossier: Dossier, values: Sequence[str], err: TextIO) -> int:
    """Print one error per malformed hypothesis (with the closest valid ids); 2 if any."""
    from negotiation import whatif

    _, bad = whatif.parse_hypotheses(values, dossier)
    for e in bad:
        print(f"error: --what-if {e.format()}", file=err)
    if bad:
        print(
            f"{_plural(len(bad), 'malformed hypothesis', 'malformed hypotheses')}; "
            "write SIDE:ISSUE:FROM..TO or SIDE:ISSUE:POINT with the dossier's ids",
            file=err,
        )
        return 2
    return 0


# --------------------------------------------------------------------------- check-quotes


def cmd_check_quotes(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from negotiation import quotes

    archive = Path(args.archive)
    if not archive.is_dir():
        print(f"error: archive folder {archive} does not exist", file=err)
        return 2
    mapping = None
    if args.map:
        try:
            mapping = quotes.load_mapping(args.map)
        except (OSError, ValueError) as exc:
            print(f"error: cannot read map file: {exc}", file=err)
            return 2
    dossier = _load_or_exit(args.dossier, args.positions_dir, err)
    problems = quotes.find_missing_quotes(dossier, archive, mapping)
    for p in problems:
        print(p.format(), file=out)
    total = quotes.count_quotes(dossier)
    missing_quotes = sum(1 for p in problems if p.code == "quote-not-found")
    no_archive = sum(1 for p in problems if p.code == "archive-missing")
    if problems:
        parts = [f"{missing_quotes} of {_plural(total, 'quote')} not found"]
        if no_archive:
            parts.append(f"{_plural(no_archive, 'source')} without archive file")
        print(", ".join(parts), file=out)
        return 1
    print(f"OK: all {_plural(total, 'quote')} found in their archived sources", file=out)
    return 0


# --------------------------------------------------------------------------- reliability


def cmd_reliability(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from negotiation import reliability_report

    try:
        dossier = _load_or_exit(args.dossier, args.positions_dir, err)
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=err)
            return 2
        raise
    out.write(reliability_report.render(dossier, args.format))
    return 0


# --------------------------------------------------------------------------- new


def cmd_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from negotiation import scaffold

    try:
        sides = scaffold.parse_ids(args.sides, "side") if args.sides else ["side-a", "side-b"]
        camps = scaffold.parse_ids(args.camps, "camp")
        planned = scaffold.plan(
            args.id, args.positions_dir, title=args.title, sides=sides, camps=camps
        )
        written = scaffold.write(planned)
    except scaffold.ScaffoldError as exc:
        print(f"error: {exc}", file=err)
        return 2
    for path in written:
        print(f"wrote {Path(path).as_posix()}", file=out)
    if scaffold.schema_dir() is None:
        print(
            "note: the JSON Schema files are not installed with the package; the modelines "
            "point at ./schema: write them there with `negotiation schema --out schema`",
            file=err,
        )
    folder = planned.folder.as_posix()
    print(f"next: fill in the TODOs, then `python -m negotiation validate {folder}`", file=out)
    return 0


# --------------------------------------------------------------------------- diff


def cmd_diff(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from negotiation import revdiff, revisions

    try:
        report = revdiff.diff_revisions(
            args.positions_dir,
            args.old,
            args.new,
            parties=tuple(args.compare) if args.compare else None,
            date=args.date,
        )
    except revisions.GitError as exc:
        print(f"error: {exc}", file=err)
        return 2
    out.write(revdiff.render(report, args.format))
    return 0


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m negotiation",
        description=(
            "Validate, export, check, scaffold and diff the hand-curated negotiation dossiers "
            "(YAML under positions/)."
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

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
    p.set_defaults(func=cmd_validate)

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
    p.set_defaults(func=cmd_schema)

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
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "check-quotes",
        help="check every quote is verbatim in its archived source",
        description=(
            "Check that every evidence, priority-evidence and characterisation quote "
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
    p.set_defaults(func=cmd_check_quotes)

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
    p.set_defaults(func=cmd_reliability)

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
    p.set_defaults(func=cmd_new)

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
    p.set_defaults(func=cmd_diff)
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line; return the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args, out, err))
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=err)
            return 1
        raise
    except BrokenPipeError:  # e.g. `... | head`
        return 0
