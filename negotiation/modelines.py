"""Schema modelines: the ``# yaml-language-server: $schema=...`` first line of each file.

The path in a modeline is relative to the file, so moving a dossier folder breaks it.
:func:`modeline_problems` finds the broken ones (a warning at line 1 with the right
path, for ``validate``); :func:`fix_modelines` rewrites them (``fix-modelines``),
touching only that line.

A modeline is *broken* when its relative path does not lead to an existing file named
like the schema of the file's kind (``side.schema.json`` for ``sides/*.yaml``...). The
*right* path leads from the file's folder to the schema folder ``new`` uses: the
shipped ``schema/`` beside the package, else ``schema/`` in the working directory.
Modelines with an absolute path or a URL are left alone, as are files without one, and
every modeline while that schema folder has no schema files (an installed package
without them, before ``negotiation schema --out schema``): there is no right path yet.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from negotiation.dossier import Problem
from negotiation.schema import FILE_NAMES, kind_of

MODELINE = re.compile(r"^(?P<head>#\s*yaml-language-server:\s*\$schema=)(?P<ref>\S+)(?P<tail>.*)$")
CODE = "schema-modeline"


def schemas_folder() -> Path:
    """Where modelines should point: the shipped ``schema/``, else ``./schema``."""
    from negotiation.scaffold import schema_dir

    return schema_dir() or Path.cwd() / "schema"


@dataclass(frozen=True)
class Modeline:
    """A file's broken modeline and the path it should have."""

    file: Path
    kind: str
    ref: str  # as written
    right: str  # relative path from the file's folder to its schema, with '/'


def right_ref(file: Path, kind: str, schemas: Path | None = None) -> str:
    """The relative path from ``file``'s folder to the schema of ``kind``."""
    target = (schemas or schemas_folder()).resolve() / FILE_NAMES[kind]
    try:
        ref = os.path.relpath(target, file.parent.resolve())
    except ValueError:  # another drive on Windows
        return target.as_posix()
    return Path(ref).as_posix()


def _first_line(file: Path) -> str | None:
    try:
        with open(file, encoding="utf-8", errors="replace", newline="") as fh:
            line = fh.readline()
    except OSError:
        return None
    return line.lstrip("\ufeff").rstrip("\r\n")


def _is_relative(ref: str) -> bool:
    return "://" not in ref and not ref.startswith("/") and not re.match(r"^[A-Za-z]:", ref)


def broken_modeline(file: str | Path, schemas: Path | None = None) -> Modeline | None:
    """The file's modeline when its relative path does not lead to its schema."""
    path = Path(file)
    kind = kind_of(path)
    line = _first_line(path) if kind else None
    m = MODELINE.match(line) if line else None
    if kind is None or m is None or not _is_relative(m["ref"]):
        return None
    target = path.parent / m["ref"]
    if target.name == FILE_NAMES[kind] and target.is_file():
        return None
    right = right_ref(path, kind, schemas)
    if not (path.parent / right).is_file():
        return None  # no schema to point at yet (`negotiation schema --out schema`)
    return Modeline(path, kind, m["ref"], right)


def yaml_files(folders: Iterable[Path]) -> list[Path]:
    """The YAML files of dossier folders whose modelines are checked: the top-level
    files, ``sides/*`` and ``codings/*``."""
    found: list[Path] = []
    for folder in folders:
        for sub in (folder, folder / "sides", folder / "codings"):
            if sub.is_dir():
                found += sorted(p for p in sub.iterdir() if p.is_file() and kind_of(p))
    return found


def _what(bad: Modeline) -> str:
    target = bad.file.parent / bad.ref
    if target.is_file():
        return (
            f"the schema modeline's path {bad.ref} leads to {target.name}, "
            f"not {FILE_NAMES[bad.kind]}"
        )
    return f"the schema modeline's path {bad.ref} leads to no file"


def modeline_problems(files: Iterable[str | Path], schemas: Path | None = None) -> list[Problem]:
    """A warning at line 1 for each file whose modeline does not lead to its schema."""
    problems = []
    for file in files:
        bad = broken_modeline(file, schemas)
        if bad is None:
            continue
        problems.append(
            Problem(
                str(file),
                1,
                1,
                "warning",
                f"{_what(bad)} (was the folder moved?); the right relative path is "
                f"{bad.right}: `python -m negotiation fix-modelines` rewrites it",
                code=CODE,
            )
        )
    return problems


def fix_modelines(files: Iterable[str | Path], schemas: Path | None = None) -> list[Modeline]:
    """Rewrite every broken modeline of ``files`` to the right path; return what changed.

    Only the first line is rewritten (its line ending kept); running it again changes
    nothing.
    """
    changed = []
    for file in files:
        bad = broken_modeline(file, schemas)
        if bad is None:
            continue
        raw = bad.file.read_bytes()
        bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
        body = raw[len(bom) :]
        end = body.find(b"\n")
        first, rest = (body, b"") if end < 0 else (body[:end], body[end:])
        cr = b"\r" if first.endswith(b"\r") else b""
        m = MODELINE.match(first.rstrip(b"\r").decode("utf-8", errors="surrogateescape"))
        if m is None:  # pragma: no cover - broken_modeline matched the same line
            continue
        line = (m["head"] + bad.right + m["tail"]).encode("utf-8", errors="surrogateescape")
        bad.file.write_bytes(bom + line + cr + rest)
        changed.append(bad)
    return changed
