"""The hostile and broken input corpus (tests/bad_inputs/, described in
tests/test_bad_inputs.py): its cases and how to build one in a folder. Shared by the
tests and by ``benchmarks/hostile.py``."""

from __future__ import annotations

import os
import posixpath
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:  # make `negotiation` importable however this is started
    sys.path.insert(0, _ROOT)

from negotiation import loader  # noqa: E402
from negotiation.dossier import Problem  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
BASE = CORPUS / "_base"
DOSSIER_ID = "harbour-lease-2023"
DOSSIER_DIR = f"positions/{DOSSIER_ID}"
MODES = {
    "replace",
    "add",
    "delete",
    "rename",
    "oversize",
    "symlink-file",
    "symlink-folder",
    "empty-sibling",
}


@dataclass(frozen=True)
class Expected:
    message: str
    file: str  # relative to the cwd, as the loader reports it
    line: int
    column: int
    severity: str
    code: str | None

    def matches(self, p: Problem) -> bool:
        return (
            self.message in p.message
            and p.file == self.file
            and (p.line, p.column) == (self.line, self.column)
            and p.severity == self.severity
            and (self.code is None or p.code == self.code)
        )

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: ...{self.message}..."


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path
    meta: dict[str, Any]

    @property
    def mode(self) -> str:
        return self.meta.get("mode", "replace")

    @property
    def clean(self) -> bool:
        return bool(self.meta.get("clean"))

    @property
    def expected(self) -> list[Expected]:
        if self.clean:
            return []
        items = [self.meta, *self.meta.get("also", [])]
        return [
            Expected(
                str(e["message"]),
                posixpath.normpath(f"{DOSSIER_DIR}/{e['file']}"),
                int(e["line"]),
                int(e["column"]),
                str(e["severity"]),
                e.get("code"),
            )
            for e in items
        ]

    @property
    def files(self) -> dict[str, Path]:
        """Path relative to the dossier folder -> file of the case."""
        out: dict[str, Path] = {}
        for sub, prefix in (("files", ""), ("siblings", "../")):
            root = self.folder / sub
            if root.is_dir():
                for p in sorted(root.rglob("*")):
                    if p.is_file():
                        out[prefix + p.relative_to(root).as_posix()] = p
        return out

    @property
    def touched(self) -> set[str]:
        out = set(self.files)
        if "target" in self.meta:
            out.add(self.meta["target"])
        return out

    @property
    def has_errors(self) -> bool:
        return any(e.severity == "error" for e in self.expected)


def cases() -> list[Case]:
    out = []
    for folder in sorted(CORPUS.iterdir()):
        if folder.is_dir() and not folder.name.startswith(("_", ".")):
            meta = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
            out.append(Case(folder.name, folder, meta))
    return out


CASES = cases()
CASE_IDS = [c.name for c in CASES]


def expand(data: bytes, spec: dict[str, Any]) -> bytes:
    for placeholder, how in spec.items():
        filler = how["text"] * how["times"] + how.get("then", "") * how.get("then_times", 0)
        data = data.replace(placeholder.encode(), filler.encode())
    return data


def build(case: Case, workdir: Path) -> Path:
    """Write the case under ``workdir/positions``; return the dossier folder."""
    positions = workdir / "positions"
    dossier = positions / DOSSIER_ID
    shutil.copytree(BASE, dossier)
    mode, target = case.mode, case.meta.get("target")
    assert mode in MODES, f"{case.name}: unknown mode {mode!r}"
    if mode in ("delete", "rename"):
        (dossier / target).unlink()
    for rel, src in case.files.items():
        dest = Path(os.path.normpath(dossier / rel))
        if mode == "replace":
            assert dest.is_file(), f"{case.name}: {rel} is not a file of the base"
        else:
            assert not dest.exists(), f"{case.name}: {rel} already exists in the base"
        dest.parent.mkdir(parents=True, exist_ok=True)
        data = src.read_bytes()
        if "expand" in case.meta:
            data = expand(data, case.meta["expand"])
        dest.write_bytes(data)
    if mode == "oversize":
        path = dossier / target
        data = path.read_bytes()
        path.write_bytes(data + b"#" * (loader.MAX_FILE_BYTES + 1 - len(data)))
        assert path.stat().st_size == loader.MAX_FILE_BYTES + 1
    elif mode == "symlink-file":
        outside = workdir / "outside" / "leak.yaml"
        outside.parent.mkdir()
        outside.write_bytes((BASE / "sides" / "city.yaml").read_bytes().replace(b"city", b"leak"))
        os.symlink(outside, dossier / target)
    elif mode == "symlink-folder":
        outside = workdir / "outside" / "other-dossier"
        shutil.copytree(BASE, outside)
        os.symlink(outside, Path(os.path.normpath(dossier / target)), target_is_directory=True)
    elif mode == "empty-sibling":
        Path(os.path.normpath(dossier / target)).mkdir()
    return dossier
