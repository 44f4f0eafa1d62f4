"""Packaging and CI for curators: `pip install .`, the GitHub workflow, pre-commit hooks.

The workflow's own `run:` lines are executed (on temporary git repositories), so the
file cannot drift from the command line it calls.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest
import yaml
from app_helpers import WAGE_ID, write_wage_dossier
from curate_helpers import GIT_ENV, commit_all, init_repo, needs_git, replace_in

from negotiation import cli

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
WORKFLOW = ROOT / ".github" / "workflows" / "validate.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def requirement_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_core_dependencies_match_requirements_txt() -> None:
    runtime = requirement_lines(ROOT / "requirements.txt")
    # requirements.txt keeps its meaning for Streamlit Community Cloud: plain pins only
    assert all(re.match(r"^[A-Za-z][\w.-]*[<>=!~]", line) for line in runtime), runtime
    deps = PYPROJECT["project"]["dependencies"]
    extras = PYPROJECT["project"]["optional-dependencies"]["dashboard"]
    assert set(deps) <= set(runtime)
    assert set(deps) | set(extras) == set(runtime)


def test_console_script_points_at_the_cli() -> None:
    assert PYPROJECT["project"]["scripts"] == {"negotiation": "negotiation.cli:main"}
    assert PYPROJECT["build-system"]["build-backend"] == "setuptools.build_meta"


def _site_packages() -> str:
    import pandas

    return str(Path(pandas.__file__).resolve().parents[1])


@pytest.mark.slow
def test_pip_install_gives_a_negotiation_command(tmp_path: Path) -> None:
    """Build the wheel (offline, with the dev tools' setuptools), install it into a fresh
    virtual environment and run the `negotiation` command from another folder."""
    pytest.importorskip("setuptools")
    src = tmp_path / "src"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(".git", ".venv", "*.egg-info", "build", "__pycache__"),
    )
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    subprocess.run(
        [*pip, "wheel", "--no-build-isolation", "--no-deps", "-q", "-w", str(tmp_path), str(src)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = tmp_path.glob("negotiation_positions-*.whl")
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [*pip, "install", "--no-deps", "-q", "--prefix", str(env_dir), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    script = bindir / "negotiation"
    assert script.is_file()
    work = tmp_path / "curator"
    work.mkdir()
    # the dependencies come from the test environment; the package only from the wheel
    env = {**os.environ, "PYTHONPATH": _site_packages()}
    done = subprocess.run(
        [str(bindir / "python"), str(script), "new", "talks", "--sides", "a,b"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "negotiation schema --out schema" in done.stderr  # schemas are not in the wheel
    first = (work / "positions" / "talks" / "dossier.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/dossier.schema.json"
    done = subprocess.run(
        [str(bindir / "python"), str(script), "validate", "--strict"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "OK: 1 dossier, 5 files, no problems"
    loaded = subprocess.run(
        [str(bindir / "python"), "-c", "import negotiation.cli as c; print(c.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert str(env_dir) in loaded.stdout  # not the checkout


# --------------------------------------------------------------------------- the workflow


def workflow_steps(job: str) -> dict[str, dict]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return {s.get("name", s.get("uses")): s for s in data["jobs"][job]["steps"]}


def test_workflow_runs_on_push_and_pull_request() -> None:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = data[True] if True in data else data["on"]  # YAML 1.1 reads `on` as True
    assert set(triggers) == {"push", "pull_request"}
    for job in ("validate", "diff"):
        runs = [s.get("run", "") for s in workflow_steps(job).values()]
        assert "python -m pip install -r requirements.txt" in runs
    assert data["jobs"]["diff"]["if"] == "github.event_name == 'pull_request'"
    checkout = workflow_steps("diff")["actions/checkout@v4"]
    assert checkout["with"]["fetch-depth"] == 0


def run_step(step: dict, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """A workflow `run:` step in bash, `python` being this interpreter, the package
    importable from the checkout (as in the repository's root)."""
    bindir = cwd.parent / "bin"
    bindir.mkdir(exist_ok=True)
    wrapper = bindir / "python"
    if not wrapper.exists():  # a wrapper, not a symlink: a venv's python needs its path
        wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
        wrapper.chmod(0o755)
    full = {**os.environ, **GIT_ENV, **env, "PYTHONPATH": str(ROOT)}
    full["PATH"] = f"{bindir}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_workflow_validate_step_annotates_a_broken_file(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    write_wage_dossier(repo / "positions")
    side = repo / "positions" / WAGE_ID / "sides" / "union.yaml"
    replace_in(side, "issue: working-time", "issue: working-tme")
    step = workflow_steps("validate")["Validate (annotations on the changed lines)"]
    done = run_step(step, repo, {})
    assert done.returncode == 1
    [line] = [x for x in done.stdout.splitlines() if x.startswith("::")]
    lineno = next(n for n, t in enumerate(side.read_text().splitlines(), 1) if "working-tme" in t)
    assert line.startswith(f"::error file=positions/{WAGE_ID}/sides/union.yaml,line={lineno},col=")
    assert "unknown issue 'working-tme'" in line


@needs_git
def test_workflow_diff_step_writes_the_markdown_summary(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    write_wage_dossier(repo / "positions")
    base = commit_all(repo, "base")
    employers = repo / "positions" / WAGE_ID / "sides" / "employers.yaml"
    replace_in(employers, "accepts: eur-500", "accepts: eur-1000")
    head = commit_all(repo, "employers offer 1000 EUR")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier steps' summary\n", encoding="utf-8")
    step = workflow_steps("diff")["What the pull request changes in the positions"]
    env = {"BASE_SHA": base, "HEAD_SHA": head, "GITHUB_STEP_SUMMARY": str(summary)}
    done = run_step(step, repo, env)
    assert done.returncode == 0, done.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier steps' summary\n## Positions diff: `")
    assert "| One-off payment | closed | gap of 1 step | overlap at 1000 EUR |" in text
    assert "`employers-bonus`" in text


# --------------------------------------------------------------------------- pre-commit


def test_pre_commit_hooks_run_the_validator() -> None:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["negotiation-validate", "negotiation-validate-strict"]
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"  # pre-commit pip-installs this repository
        command, *argv = hook["entry"].split()
        assert command in PYPROJECT["project"]["scripts"]
        assert re.search(hook["files"], "positions/x/sides/a.yaml")
        assert re.search(hook["files"], "positions/x/dossier.yml")
        assert not re.search(hook["files"], "README.md")
        out, err = io.StringIO(), io.StringIO()
        code = cli.main([*argv, *hook["args"]], out=out, err=err)
        assert code == 0, out.getvalue()
        assert out.getvalue().startswith("OK:")
