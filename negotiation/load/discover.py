"""Stage 1, discover: which dossier folders and which files in them will be read.

Nothing is opened here; the result is a :class:`Plan` per folder (its dossier, issues,
sources, side and coding files) plus the problems found on the way (unknown or duplicate files,
symbolic links leaving the folder, missing paths). :func:`files_signature` is the cheap
cache key built from the same plans.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from negotiation.load.problems import rel

YAML_SUFFIXES = (".yaml", ".yml")
KNOWN_FILES = ("dossier", "issues", "sources")


# =========================================================================== discovery


@dataclass
class Plan:
    """A dossier folder and the files that will be read from it."""

    folder: Path
    dossier_file: Path | None = None
    issues_file: Path | None = None
    sources_file: Path | None = None
    side_files: list[Path] = field(default_factory=list)
    coding_files: list[Path] = field(default_factory=list)
    problems: list[tuple[str, int, int, str, str, str]] = field(default_factory=list)

    def add(self, path: Path, message: str, code: str, severity: str = "error") -> None:
        """Report a problem of a whole file or folder (line and column 0)."""
        self.problems.append((rel(path), 0, 0, severity, message, code))

    def files(self) -> list[Path]:
        out = [p for p in (self.dossier_file, self.issues_file, self.sources_file) if p]
        return out + self.side_files + self.coding_files


def is_yaml(name: str) -> bool:
    return name.lower().endswith(YAML_SUFFIXES) and not name.startswith(".")


def is_inside(path: Path, boundary: Path) -> bool:
    try:
        path.resolve().relative_to(boundary.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _has_yaml(folder: Path) -> bool:
    try:
        for entry in os.scandir(folder):
            if entry.is_file() and is_yaml(entry.name):
                return True
    except OSError:
        return False
    return (folder / "sides").is_dir()


def _is_dossier(folder: Path) -> bool:
    return any((folder / f"dossier{s}").is_file() for s in YAML_SUFFIXES)


def plan_folder(folder: Path) -> Plan:
    """The files of one dossier folder that will be read, and the problems found."""
    plan = Plan(folder)
    boundary = folder

    def outside(path: Path) -> bool:
        if path.is_symlink() and not is_inside(path, boundary):
            plan.add(
                path,
                "this is a symbolic link pointing outside the dossier folder; it is not "
                "followed, so the file is not loaded",
                "symlink",
            )
            return True
        return False

    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        plan.add(folder, f"cannot read folder: {exc}", "io")
        return plan
    for entry in entries:
        path = Path(entry.path)
        if not is_yaml(entry.name) or not entry.is_file():
            continue
        if outside(path):
            continue
        stem = entry.name.rsplit(".", 1)[0]
        if stem in KNOWN_FILES:
            attr = f"{stem}_file"
            if getattr(plan, attr) is not None:
                first = getattr(plan, attr).name
                plan.add(
                    path,
                    f"both {first} and {entry.name} exist; only {first} is read",
                    "duplicate-file",
                )
                continue
            setattr(plan, attr, path)
        else:
            plan.add(
                path,
                f"unknown file '{entry.name}' is ignored: a dossier folder holds "
                "dossier.yaml, issues.yaml, sources.yaml, sides/*.yaml and codings/*.yaml",
                "unknown-file",
                "warning",
            )
    for sub, found in (("sides", plan.side_files), ("codings", plan.coding_files)):
        subfolder = folder / sub
        if not subfolder.is_dir() or outside(subfolder):
            continue
        try:
            sub_entries = sorted(os.scandir(subfolder), key=lambda e: e.name)
        except OSError:
            sub_entries = []
        for entry in sub_entries:
            path = Path(entry.path)
            if is_yaml(entry.name) and entry.is_file() and not outside(path):
                found.append(path)
    if not plan.files() and not plan.problems:
        plan.add(
            folder,
            "this dossier folder has no YAML files (expected dossier.yaml, issues.yaml, "
            "sources.yaml and sides/*.yaml)",
            "empty-folder",
        )
    return plan


def discover(
    paths: Iterable[str | Path] | None,
) -> tuple[list[Plan], list[tuple[str, int, int, str, str, str]]]:
    if paths is None:
        paths = ["positions"]
    elif isinstance(paths, str | Path):
        paths = [paths]
    plans: list[Plan] = []
    problems: list[tuple[str, int, int, str, str, str]] = []
    seen: set[str] = set()

    def add(folder: Path) -> None:
        key = os.path.realpath(folder)
        if key not in seen:
            seen.add(key)
            plans.append(plan_folder(folder))

    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.append((rel(path), 0, 0, "error", "this path does not exist", "not-found"))
            continue
        if path.is_file():
            if path.name.rsplit(".", 1)[0] == "dossier" and is_yaml(path.name):
                add(path.parent)
            else:
                problems.append(
                    (
                        rel(path),
                        0,
                        0,
                        "error",
                        "expected a dossier folder (or a folder of dossier folders), not a file",
                        "not-a-folder",
                    )
                )
            continue
        if _is_dossier(path):
            add(path)
            continue
        try:
            subdirs = sorted(
                Path(e.path)
                for e in os.scandir(path)
                if e.is_dir() and not e.name.startswith((".", "_"))
            )
        except OSError as exc:
            problems.append((rel(path), 0, 0, "error", f"cannot read folder: {exc}", "io"))
            continue
        if _has_yaml(path) or not subdirs:
            add(path)  # a single dossier folder (maybe lacking dossier.yaml), or empty
            continue
        for sub in subdirs:
            if sub.is_symlink() and not is_inside(sub, path):
                problems.append(
                    (
                        rel(sub),
                        0,
                        0,
                        "error",
                        "this folder is a symbolic link pointing outside the positions folder; "
                        "it is not followed",
                        "symlink",
                    )
                )
                continue
            add(sub)
    return plans, problems


def files_signature(
    paths: Iterable[str | Path] | None = None,
) -> tuple[tuple[str, int, int], ...]:
    """(path, mtime_ns, size) of every YAML file that would be loaded: a cheap cache key."""
    plans, _ = discover(paths)
    out: list[tuple[str, int, int]] = []
    for plan in plans:
        for path in plan.files():
            try:
                st = path.stat()
            except OSError:
                out.append((rel(path), -1, -1))
                continue
            out.append((rel(path), st.st_mtime_ns, st.st_size))
    return tuple(sorted(out))
