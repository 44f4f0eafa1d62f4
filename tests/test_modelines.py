"""Schema modelines after a move: ``validate`` warns at line 1, ``fix-modelines`` rewrites.

The shipped example's modelines (``../../schema/...``) are right where it lives; a copy
elsewhere has broken ones.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from negotiation import cli
from negotiation.modelines import broken_modeline

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "positions" / "russia-west-2022"
LINE_RE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>\w+): (?P<msg>.*)$")
RIGHT_RE = re.compile(r"the right relative path is (?P<ref>\S+):")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def kind(path: Path) -> str:
    return {"sides": "side", "codings": "coding"}.get(path.parent.name, path.stem)


@pytest.fixture
def moved(tmp_path: Path) -> Path:
    """A copy of the example in a folder of dossiers two levels deeper than positions/."""
    folder = tmp_path / "a" / "b" / "positions" / EXAMPLE.name
    shutil.copytree(EXAMPLE, folder)
    return folder


def test_validate_warns_at_line_1_with_the_right_relative_path(moved: Path) -> None:
    code, out, _ = run("validate", str(moved.parent))
    assert code == 0  # warnings only
    hits = [m for m in map(LINE_RE.match, out.splitlines()) if m]
    files = sorted(moved.rglob("*.yaml"))
    assert len(files) == 9
    assert sorted(Path(m["file"]).resolve() for m in hits) == [f.resolve() for f in files]
    for m in hits:
        assert (m["line"], m["col"], m["sev"]) == ("1", "1", "warning")
        path = Path(m["file"])
        written = path.read_text(encoding="utf-8").splitlines()[0].split("$schema=")[1]
        assert f"the schema modeline's path {written} leads to no file" in m["msg"]
        ref = RIGHT_RE.search(m["msg"])["ref"]
        assert not Path(ref).is_absolute()
        assert (path.parent / ref).resolve() == ROOT / "schema" / f"{kind(path)}.schema.json"
        assert "fix-modelines" in m["msg"]
    assert out.strip().splitlines()[-1] == "9 warnings in 1 of 1 dossier (9 files)"
    assert run("validate", "--strict", str(moved))[0] == 1
    # the shipped example, where it lives, has none
    assert run("validate", "--strict", str(EXAMPLE))[0] == 0


def test_validate_warns_for_a_modeline_naming_another_kind(tmp_path: Path) -> None:
    positions = tmp_path / "positions"
    shutil.copytree(EXAMPLE, positions / EXAMPLE.name)
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    nato = positions / EXAMPLE.name / "sides" / "nato.yaml"
    text = nato.read_text(encoding="utf-8")
    nato.write_text(text.replace("side.schema.json", "dossier.schema.json", 1), encoding="utf-8")
    code, out, _ = run("validate", str(positions))
    assert code == 0
    (hit,) = [m for m in map(LINE_RE.match, out.splitlines()) if m]
    assert Path(hit["file"]).resolve() == nato.resolve()
    assert "leads to dossier.schema.json, not side.schema.json" in hit["msg"]


@pytest.mark.parametrize(
    "first",
    [
        "# an ordinary comment",
        "# yaml-language-server: $schema=https://example.org/side.schema.json",
        f"# yaml-language-server: $schema={(ROOT / 'schema' / 'side.schema.json').as_posix()}",
    ],
)
def test_no_warning_without_a_relative_modeline(moved: Path, first: str) -> None:
    side = moved / "sides" / "nato.yaml"
    lines = side.read_text(encoding="utf-8").splitlines(keepends=True)
    side.write_text(first + "\n" + "".join(lines[1:]), encoding="utf-8")
    assert broken_modeline(side) is None
    assert broken_modeline(moved / "sides" / "russia.yaml") is not None


def test_fix_modelines_touches_only_the_modeline_and_is_idempotent(moved: Path) -> None:
    russia = moved / "sides" / "russia.yaml"
    russia.write_bytes(russia.read_bytes().replace(b"\n", b"\r\n"))  # CRLF kept
    before = {p: p.read_bytes() for p in moved.rglob("*.yaml")}
    code, out, _ = run("fix-modelines", str(moved.parent))  # a folder of dossiers
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[-1] == "fixed 9 modelines in 9 files"
    nato = moved / "sides" / "nato.yaml"
    right = Path(
        __import__("os").path.relpath(ROOT / "schema" / "side.schema.json", nato.parent)
    ).as_posix()
    assert (
        f"{nato.as_posix()}: $schema=../../../schema/side.schema.json -> $schema={right}" in lines
    )
    for path, old in before.items():
        new = path.read_bytes()
        old_first, _, old_rest = old.partition(b"\n")
        new_first, _, new_rest = new.partition(b"\n")
        assert new_rest == old_rest, path
        assert new_first != old_first
        assert new_first.endswith(b"\r") == old_first.endswith(b"\r")
        ref = new_first.decode().rstrip("\r").split("$schema=")[1]
        assert (path.parent / ref).resolve() == ROOT / "schema" / f"{kind(path)}.schema.json"
    assert run("validate", "--strict", str(moved))[0] == 0
    after = {p: p.read_bytes() for p in moved.rglob("*.yaml")}
    code, out, _ = run("fix-modelines", str(moved))  # a dossier folder; nothing left
    assert code == 0
    assert out == "OK: no modeline to fix in 9 files\n"
    assert {p: p.read_bytes() for p in moved.rglob("*.yaml")} == after


def test_fix_modelines_subprocess_and_bad_folder(moved: Path, tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "negotiation", "fix-modelines"]
    done = subprocess.run([*cmd, str(moved)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("fixed 9 modelines in 9 files")
    code, out, err = run("fix-modelines", str(tmp_path / "nowhere"))
    assert code == 2
    assert "is not a folder" in err and out == ""


def test_no_warning_while_there_is_no_schema_to_point_at(moved: Path, tmp_path: Path) -> None:
    """An installed package without the schema files, before `negotiation schema --out`:
    `new`'s modelines point at ./schema, which does not exist yet; nothing to fix."""
    from negotiation.modelines import fix_modelines, modeline_problems

    empty = tmp_path / "schema"  # no schema files in it
    files = sorted(moved.rglob("*.yaml"))
    assert modeline_problems(files, empty) == []
    assert fix_modelines(files, empty) == []
    assert len(modeline_problems(files)) == 9  # with the shipped schema/ there is
