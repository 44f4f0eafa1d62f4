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
``not_messages``
    message fragments no problem of the case may contain (a consequence reported once
    must not also come back as one error per reference);
``present`` / ``absent``
    ids (``sides``, ``positions``, ``issues``, ``sources``, ``characterisations``) that must
    still load / must be left out;
``bounds``
    ``megabytes``: the peak traced allocation the load must stay within. A case with
    ``bounds`` is hostile (deep nesting, alias bombs): ``benchmarks/hostile.py`` times its
    load against an ordinary file of the same size (no test here is timed);
``canary``
    a file that a constructed (unsafe) tag would create: it must not exist afterwards.

Besides the per-case ``present`` ids, every case checks that what the case did not touch
still loads: the dossier itself, the side of every untouched side file, and every issue
and source when ``issues.yaml`` / ``sources.yaml`` were left alone.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
import yaml
from corpus_helpers import BASE, CASE_IDS, CASES, CORPUS, DOSSIER_ID, MODES, Case, build

from components.common import md
from negotiation import cli, loader
from negotiation.dossier import LoadResult, Problem
from negotiation.load.discover import discover
from negotiation.loader import load_positions

REPO = Path(__file__).resolve().parents[1]
BASE_SIDES = {
    "sides/city.yaml": "city",
    "sides/port-operator.yaml": "port-operator",
    "sides/dockworkers.yaml": "dockworkers",
}
BASE_ISSUES = ["lease-term", "rent"]
BASE_SOURCES = ["harbour-gazette", "council-minutes"]


def _load(case: Case) -> tuple[LoadResult, float]:
    """Load ``positions`` (cwd); returns the result and the peak traced MiB (0 when the
    case has no ``bounds``). How long it takes is measured by ``benchmarks/hostile.py``."""
    traced = "bounds" in case.meta
    if traced:
        tracemalloc.start()
    try:
        result = load_positions(["positions"])
    finally:
        peak = 0.0
        if traced:
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
    return result, peak


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
        assert set(case.meta.get("bounds", {})) <= {"megabytes"}, f"{case.name}: timed"


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
    result, peak = _load(case)  # never raises: an exception fails the test here
    problems = list(result.problems)
    if case.clean:
        assert problems == [], _listing(problems)
    for exp in case.expected:
        assert any(exp.matches(p) for p in problems), (
            f"{case.name}: expected {exp}\ngot:\n{_listing(problems)}"
        )
    for fragment in case.meta.get("not_messages", []):
        extra = [p for p in problems if fragment in p.message]
        assert not extra, f"{case.name}: '{fragment}' reported:\n{_listing(extra)}"
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
