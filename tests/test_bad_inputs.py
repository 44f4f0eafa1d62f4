"""The hostile and broken input corpus (tests/bad_inputs/): every case, through the loader,
the command line and the dashboard.

Layout of the corpus:

* ``_base/`` is a small valid dossier (a made-up harbour lease renegotiation, id
  ``harbour-lease-2023``); the loader skips folders starting with ``_``.
* every other folder ``NN-name/`` is one case: ``case.yaml`` says what to do and what to
  expect, ``files/`` holds the files to drop into (or over) a copy of the base, at their
  path inside the dossier folder, and ``siblings/`` files to write beside the dossier
  folder (other folders of ``positions/``; their paths in ``case.yaml`` start with
  ``../``). Files are stored byte-exact (BOM, CRLF, Latin-1,
  UTF-16 and control characters included).

``case.yaml`` keys:

``description``
    what is wrong, in one sentence;
``message``, ``file``, ``line``, ``column``, ``severity`` (, ``code``)
    the problem expected: a fragment of its message, its file relative to the dossier
    folder, the 1-based line and column (0 = the whole file) and the severity; ``also``
    lists further expected problems in the same form;
``clean: true``
    the case must load with no problem at all (BOM, CRLF, long text, ``1e3``...);
``mode``
    ``replace`` (default: every file of ``files/`` replaces the base's), ``add`` (the files
    are new), ``delete`` / ``rename`` (``target`` is removed; for rename the new file is
    in ``files/``), ``oversize`` (``target`` is padded to one byte over
    ``loader.MAX_FILE_BYTES``), ``symlink-file`` / ``symlink-folder`` (``target`` becomes a
    symbolic link to a file / a dossier outside ``positions/``), ``empty-sibling``
    (``target`` is created as an empty folder): the test builds what git cannot store;
``expand``
    placeholders in ``files/`` replaced by a repeated text (``text`` × ``times``, then
    ``then`` × ``then_times``), so large inputs need not be committed;
``present`` / ``absent``
    ids (``sides``, ``positions``, ``issues``, ``sources``, ``characterisations``) that must
    still load / must be left out;
``bounds``
    ``seconds`` and ``megabytes`` (peak traced allocation) the load must stay within;
``canary``
    a file that a constructed (unsafe) tag would create: it must not exist afterwards.

Besides the per-case ``present`` ids, every case checks that what the case did not touch
still loads: the dossier itself, the side of every untouched side file, and every issue
and source when ``issues.yaml`` / ``sources.yaml`` were left alone.
"""

from __future__ import annotations

import io
import os
import posixpath
import shutil
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from components.common import md
from negotiation import cli, loader
from negotiation.dossier import LoadResult, Problem
from negotiation.load.discover import discover
from negotiation.loader import load_positions

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parent / "bad_inputs"
BASE = CORPUS / "_base"
DOSSIER_ID = "harbour-lease-2023"
DOSSIER_DIR = f"positions/{DOSSIER_ID}"
BASE_SIDES = {
    "sides/city.yaml": "city",
    "sides/port-operator.yaml": "port-operator",
    "sides/dockworkers.yaml": "dockworkers",
}
BASE_ISSUES = ["lease-term", "rent"]
BASE_SOURCES = ["harbour-gazette", "council-minutes"]
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


def _cases() -> list[Case]:
    out = []
    for folder in sorted(CORPUS.iterdir()):
        if folder.is_dir() and not folder.name.startswith(("_", ".")):
            meta = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
            out.append(Case(folder.name, folder, meta))
    return out


CASES = _cases()
CASE_IDS = [c.name for c in CASES]


def _expand(data: bytes, spec: dict[str, Any]) -> bytes:
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
            data = _expand(data, case.meta["expand"])
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


def _load(case: Case) -> tuple[LoadResult, float, float]:
    """Load ``positions`` (cwd); returns the result, seconds and peak traced MiB."""
    traced = "bounds" in case.meta
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    try:
        result = load_positions(["positions"])
    finally:
        seconds = time.perf_counter() - start
        peak = 0.0
        if traced:
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
    return result, seconds, peak


def _ids(result: LoadResult, kind: str) -> set[str]:
    d = result.dossiers.get(DOSSIER_ID)
    if d is None:
        return set()
    if kind == "sides":
        return {s.id for s in d.sides}
    if kind == "positions":
        return {p.id for s in d.sides for p in s.positions}
    return {r.id for r in getattr(d, kind)}


def _listing(problems: list[Problem]) -> str:
    return "\n".join(p.format() + f"  [{p.code}]" for p in problems) or "(no problems)"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# =========================================================================== corpus


def test_corpus_is_large_and_well_formed() -> None:
    assert len(CASES) >= 45
    assert len({c.name.split("-", 1)[1] for c in CASES}) == len(CASES)
    for case in CASES:
        assert case.meta.get("description"), case.name
        assert case.mode in MODES, case.name
        if case.clean:
            assert "message" not in case.meta, case.name
        else:
            for key in ("message", "file", "line", "column", "severity"):
                assert key in case.meta, f"{case.name}: {key} missing"
        assert case.files or case.mode not in ("replace", "add", "rename"), case.name


def test_base_dossier_is_valid(workdir: Path) -> None:
    shutil.copytree(BASE, workdir / "positions" / DOSSIER_ID)
    result = load_positions(["positions"])
    assert result.problems == []
    assert _ids(result, "sides") == set(BASE_SIDES.values())
    assert _ids(result, "issues") == set(BASE_ISSUES)
    assert _ids(result, "sources") == set(BASE_SOURCES)
    assert len(_ids(result, "positions")) == 5


def test_loader_skips_the_base_and_case_folders_under_underscore() -> None:
    assert loader.files_signature([CORPUS / "_base"])  # the base is a real dossier
    plans, _ = discover([CORPUS])
    assert all(not p.folder.name.startswith("_") for p in plans)


# =========================================================================== loader


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_loader_reports_the_problem_and_keeps_the_rest(case: Case, workdir: Path) -> None:
    build(case, workdir)
    result, seconds, peak = _load(case)  # never raises: an exception fails the test here
    problems = list(result.problems)
    if case.clean:
        assert problems == [], _listing(problems)
    for exp in case.expected:
        assert any(exp.matches(p) for p in problems), (
            f"{case.name}: expected {exp}\ngot:\n{_listing(problems)}"
        )
    # every problem is located in a file, with a non-negative position
    for p in problems:
        assert p.file and p.line >= 0 and p.column >= 0 and p.severity in ("error", "warning")
        assert (p.line == 0) == (p.column == 0), p.format()

    # the rest of the dossier still loads
    assert DOSSIER_ID in result.dossiers, _listing(problems)
    touched = case.touched
    sides = _ids(result, "sides")
    for file, side in BASE_SIDES.items():
        if file not in touched:
            assert side in sides, f"{case.name}: side {side} lost"
    if "issues.yaml" not in touched:
        assert set(BASE_ISSUES) <= _ids(result, "issues")
    if "sources.yaml" not in touched:
        assert set(BASE_SOURCES) <= _ids(result, "sources")
    for kind, ids in case.meta.get("present", {}).items():
        assert set(ids) <= _ids(result, kind), f"{case.name}: {kind} {ids} should load"
    for kind, ids in case.meta.get("absent", {}).items():
        assert not set(ids) & _ids(result, kind), f"{case.name}: {kind} {ids} should be left out"

    bounds = case.meta.get("bounds")
    if bounds:
        assert seconds < bounds["seconds"], f"{case.name}: {seconds:.2f} s"
        assert peak < bounds["megabytes"], f"{case.name}: {peak:.1f} MiB"
    canary = case.meta.get("canary")
    if canary:
        assert not list(workdir.rglob(canary)), "an unsafe tag was constructed"


@pytest.mark.parametrize("case", [c for c in CASES if "canary" in c.meta], ids=lambda c: c.name)
def test_unsafe_tags_would_have_fired(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The canaries are real: PyYAML's *unsafe* loader does create the file from the same
    text, so its absence after loading proves the loader never constructed the tag."""
    monkeypatch.chdir(tmp_path)
    (path,) = case.files.values()
    with pytest.raises(Exception):  # noqa: B017 - whatever the model says afterwards
        obj = yaml.unsafe_load(path.read_text(encoding="utf-8"))
        if hasattr(obj, "close"):
            obj.close()
        raise RuntimeError("constructed")
    assert (tmp_path / case.meta["canary"]).exists()


# =========================================================================== command line


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_cli_validate_prints_the_problem(case: Case, workdir: Path) -> None:
    build(case, workdir)
    out, err = io.StringIO(), io.StringIO()
    status = cli.main(["validate", "positions"], out=out, err=err)
    text = out.getvalue()
    assert status == (1 if case.has_errors else 0), text
    for exp in case.expected:
        line = next(
            (
                ln
                for ln in text.splitlines()
                if ln.startswith(f"{exp.file}:{exp.line}:{exp.column}:") and exp.message in ln
            ),
            None,
        )
        assert line is not None, f"{case.name}: expected {exp}\n{text}"
        assert f": {exp.severity}: " in line
    if case.clean:
        assert text.startswith("OK: "), text
    elif not case.has_errors:  # warnings only: --strict fails
        assert cli.main(["validate", "--strict", "positions"], out=io.StringIO()) == 1


@pytest.mark.parametrize(
    "name", ["01-unclosed-quote", "61-non-utf8-latin1", "66-bom-and-crlf", "72-billion-laughs"]
)
def test_cli_validate_in_a_subprocess(name: str, workdir: Path) -> None:
    (case,) = [c for c in CASES if c.name == name]
    build(case, workdir)
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "negotiation", "validate", "positions"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )
    assert proc.returncode == (1 if case.has_errors else 0), proc.stdout + proc.stderr
    for exp in case.expected:
        assert f"{exp.file}:{exp.line}:{exp.column}: {exp.severity}: " in proc.stdout
        assert exp.message in proc.stdout
    assert "Traceback" not in proc.stderr


# =========================================================================== dashboard


def _app(root: Path, monkeypatch: pytest.MonkeyPatch, page: str):  # type: ignore[no-untyped-def]
    """Run the dashboard on ``root``: the overview (the default page, which must render
    without an exception whatever is broken), then ``page``."""
    testing = pytest.importorskip("streamlit.testing.v1")
    app = REPO / "dashboard.py"
    script = REPO / page
    if not app.is_file() or not script.is_file():
        pytest.skip("the dashboard is not there")
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(root))
    at = testing.AppTest.from_file(str(app), default_timeout=60).run()  # the overview
    assert not at.exception, [e.value for e in at.exception]
    if page != "app_pages/overview.py":
        at.switch_page(page).run()
    return at


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_data_health_page_lists_the_problem(
    case: Case, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build(case, workdir)
    at = _app(workdir / "positions", monkeypatch, "app_pages/data_health.py")
    assert not at.exception, [e.value for e in at.exception]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics.get("Dossiers loaded") not in (None, "0")
    if case.clean:
        assert metrics.get("Errors") == "0" and metrics.get("Warnings") == "0"
        assert any("No problems" in s.value for s in at.success)
        return
    # the page lists the problems in a wrapping st.table, paths relative to the
    # positions folder and the text escaped for Markdown
    frame = at.table[0].value
    for exp in case.expected:
        where = exp.file.removeprefix("positions/")
        rows = frame[
            (frame["Where"] == md(f"{where}:{exp.line}:{exp.column}"))
            & frame["Message"].str.contains(md(exp.message), regex=False)
            & (frame["Severity"] == exp.severity)
        ]
        assert not rows.empty, f"{case.name}: {exp} not listed\n{frame.to_string()}"


OVERVIEW_CASES = [
    "01-unclosed-quote",
    "08-empty-file",
    "13-duplicate-key-top",
    "32-missing-title-in-dossier",
    "61-non-utf8-latin1",
    "69-deep-nesting",
    "72-billion-laughs",
    "75-python-object-tag",
    "81-missing-issues-file",
    "87-duplicate-dossier-id",
]


@pytest.mark.parametrize("name", OVERVIEW_CASES)
def test_overview_still_renders_the_rest(
    name: str, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (case,) = [c for c in CASES if c.name == name]
    build(case, workdir)
    at = _app(workdir / "positions", monkeypatch, "app_pages/overview.py")
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="w_dossier").value == DOSSIER_ID
    shown = "\n".join(
        [m.value for m in at.markdown]
        + [str(el.value.to_dict()) for el in at.dataframe]
        + [str(el.value.to_dict()) for el in at.table]
        + [str(w.value) for w in at.warning]
    )
    # the banner points at the data health page, and an untouched side is still shown
    assert any("error" in str(w.value) or "problem" in str(w.value) for w in at.warning)
    assert "Seaport Terminals Ltd" in shown or "Operator" in shown, shown[:2000]
