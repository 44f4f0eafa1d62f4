"""Command line: ``python -m negotiation validate | schema | export | check-quotes |
fix-modelines | reliability | new | diff``.

Every command prints problems as compiler-style lines (``path:line:col: severity:
message``) that editors and CI logs turn into links, then a one-line summary, and
exits 1 when anything is wrong (2 for usage errors, as argparse does).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from negotiation import cli_parser
from negotiation.cli_parser import DEFAULT_POSITIONS
from negotiation.dossier import Dossier, Problem

YAML_SUFFIXES = (".yaml", ".yml")
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
    from negotiation.loader import files_signature, load_positions
    from negotiation.modelines import modeline_problems

    paths = args.paths or [default_positions_dir()]
    result = load_positions(paths)
    files = [file for file, _, _ in files_signature(list(paths))]
    problems = sorted([*result.problems, *modeline_problems(files)], key=_sort_key)
    folders = dossier_folders(paths)
    n_files = len(files)
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
    if args.verdicts_until is not None:
        kwargs["verdicts_until"] = args.verdicts_until
    if args.compare:
        kwargs["gap_parties"] = tuple(args.compare)
    if args.what_if:
        code = _check_what_if(dossier, args.what_if, err)
        if code:
            return code
        kwargs["what_if"] = whatif_texts(args.what_if)
    if args.rule is not None:
        from negotiation import analysis

        try:
            kwargs["rule"] = analysis.parse_rule(args.rule).text
        except analysis.RuleError as e:
            print(f"error: --rule {args.rule!r}: {e}", file=err)
            return 2
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


def cmd_brief(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """The brief of one view, as the Briefing page builds it (same defaults)."""
    from negotiation import analysis, brief, export, whatif

    dossier = _load_or_exit(args.dossier, args.positions_dir, err)
    if args.what_if:
        code = _check_what_if(dossier, args.what_if, err)
        if code:
            return code
    try:
        rule = analysis.parse_rule(args.rule).text if args.rule is not None else None
    except analysis.RuleError as e:
        print(f"error: --rule {args.rule!r}: {e}", file=err)
        return 2
    refs = {p.ref for p in analysis.parties(dossier)}
    pair = tuple(args.compare) if args.compare else export.default_gap_parties(dossier)
    parties = (
        [p for p in args.parties.split(",") if p]
        if args.parties
        else analysis.default_parties(dossier)
    )
    unknown = [p for p in (*(pair or ()), *parties) if p not in refs]
    issue_ids = [i for i in args.issues.split(",") if i] if args.issues else None
    unknown += [i for i in issue_ids or () if i not in dossier.issue_by_id]
    if unknown:
        print(f"error: unknown party or issue: {', '.join(unknown)}", file=err)
        return 2
    dates = dossier.dates()
    date = args.date or (dates[-1] if dates else None)
    d = analysis.with_rule(whatif.under(dossier, whatif_texts(args.what_if or []), date), rule)
    made = brief.build_brief(
        d,
        date=date,
        a=pair[0] if pair else None,
        b=pair[1] if pair else None,
        parties=parties,
        issues=issue_ids,
        date_from=args.date_from if args.date_from and date and args.date_from < date else None,
        verdicts_until=args.verdicts_until,
    )
    text = made.markdown if args.format == "md" else made.html
    if args.out:
        path = Path(args.out)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}", file=err)
    else:
        out.write(text)
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


# --------------------------------------------------------------------------- fix-modelines


def cmd_fix_modelines(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from negotiation import modelines

    folder = Path(args.dir)
    if not folder.is_dir():
        print(f"error: {folder} is not a folder (a dossier or a folder of dossiers)", file=err)
        return 2
    files = modelines.yaml_files(dossier_folders([folder]))
    changed = modelines.fix_modelines(files)
    for c in changed:
        print(f"{Path(c.file).as_posix()}: $schema={c.ref} -> $schema={c.right}", file=out)
    if changed:
        print(
            f"fixed {_plural(len(changed), 'modeline')} in {_plural(len(files), 'file')}", file=out
        )
    else:
        print(f"OK: no modeline to fix in {_plural(len(files), 'file')}", file=out)
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
        roles = scaffold.parse_roles(args.roles, sides)
        planned = scaffold.plan(
            args.id, args.positions_dir, title=args.title, sides=sides, camps=camps, roles=roles
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
    return cli_parser.build_parser(
        {
            "validate": cmd_validate,
            "schema": cmd_schema,
            "export": cmd_export,
            "brief": cmd_brief,
            "check-quotes": cmd_check_quotes,
            "fix-modelines": cmd_fix_modelines,
            "reliability": cmd_reliability,
            "new": cmd_new,
            "diff": cmd_diff,
        }
    )


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
