"""docs/tutorial.md, executed: every command run, every file written, every output checked.

The tutorial is followed in a temporary git repository laid out like a fresh clone
(the core, the schema, the shipped example). Its fenced blocks drive the test:

* ```` ```bash ```` runs in bash from the repository root; when the next block follows
  with only blank lines between and is ```` ```text ```` or ```` ```markdown ````, that is
  the expected standard output, compared exactly;
* ```` ```yaml file=PATH ```` is written to PATH (the curator's editor);
* ```` ```diff file=PATH ```` replaces its ``-`` lines by its ``+`` lines in PATH;
* the block that starts the dashboard (``streamlit run``) is replaced by an AppTest
  run of every page on the tutorial's dossier.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from app_helpers import APP
from curate_helpers import GIT_ENV, commit_all, git, init_repo, needs_git
from streamlit.testing.v1 import AppTest

from components.pages import PAGES
from negotiation import quotes
from negotiation.loader import load_positions

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "docs" / "tutorial.md"
DOSSIER = "geneva-week-2022"
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_MAP = ROOT / "tests" / "fixtures" / "seed_map.yaml"
CLONE_PARTS = (
    "negotiation",
    "schema",
    "positions",
    "components",
    "app_pages",
    ".streamlit",
    "dashboard.py",
    "requirements.txt",
    "pyproject.toml",
)
FENCE = re.compile(r"^```(?P<lang>\w*)(?P<attrs>[^\n]*)\n(?P<body>.*?)^```$", re.M | re.S)


@dataclass
class Block:
    lang: str
    attrs: dict[str, str]
    body: str
    start: int
    end: int


def blocks(text: str) -> list[Block]:
    found = []
    for m in FENCE.finditer(text):
        attrs = dict(a.split("=", 1) for a in m["attrs"].split() if "=" in a)
        found.append(Block(m["lang"], attrs, m["body"], m.start(), m.end()))
    return found


def apply_diff(path: Path, body: str) -> None:
    old = [line[1:] for line in body.splitlines() if line[:1] in (" ", "-")]
    new = [line[1:] for line in body.splitlines() if line[:1] in (" ", "+")]
    text = path.read_text(encoding="utf-8")
    before, after = "\n".join(old) + "\n", "\n".join(new) + "\n"
    assert text.count(before) == 1, f"the diff's context is not found once in {path}"
    path.write_text(text.replace(before, after), encoding="utf-8")


def fresh_clone(dest: Path) -> Path:
    """A git repository with what a clone holds that the tutorial uses."""
    init_repo(dest)
    for part in CLONE_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    commit_all(dest, "clone")
    return dest


def python_on_path(bindir: Path) -> None:
    bindir.mkdir(parents=True, exist_ok=True)
    wrapper = bindir / "python"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)


def render_every_page(positions: Path) -> dict[str, str]:
    """Open each page on the tutorial's dossier; return the Overview's metrics."""
    os.environ["NEGOTIATION_POSITIONS_DIR"] = str(positions)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["dossier"] = DOSSIER
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    overview = {m.label: m.value for m in at.metric}
    for page in PAGES:
        at.switch_page(page.script).run()
        assert not at.exception, (page.key, [e.value for e in at.exception])
        assert not at.error, (page.key, [e.value for e in at.error])
        assert [t.value for t in at.title] == [page.title]
        assert at.selectbox(key="w_dossier").value == DOSSIER
    return overview


@needs_git
def test_every_command_of_the_tutorial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = TUTORIAL.read_text(encoding="utf-8")
    repo = fresh_clone(tmp_path / "clone")
    python_on_path(tmp_path / "bin")
    env = {**os.environ, **GIT_ENV, "PATH": f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONPATH", None)  # the clone's own package, as after `git clone`
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(repo / "positions"))
    found = blocks(text)
    ran: list[str] = []
    checked = 0
    overview: dict[str, str] | None = None
    for i, block in enumerate(found):
        if block.lang == "yaml" and "file" in block.attrs:
            target = repo / block.attrs["file"]
            assert target.is_file(), f"the tutorial edits {target}, which `new` did not write"
            target.write_text(block.body, encoding="utf-8")
        elif block.lang == "diff":
            apply_diff(repo / block.attrs["file"], block.body)
        elif block.lang == "bash" and "streamlit run" in block.body:
            overview = render_every_page(repo / "positions")
        elif block.lang == "bash":
            done = subprocess.run(
                ["bash", "-e", "-o", "pipefail", "-c", block.body],
                cwd=repo,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert done.returncode == 0, (block.body, done.stdout, done.stderr)
            ran.append(block.body)
            nxt = found[i + 1] if i + 1 < len(found) else None
            if (
                nxt is not None
                and nxt.lang in ("text", "markdown")
                and not text[block.end : nxt.start].strip()
            ):
                assert done.stdout == nxt.body, (block.body, done.stdout)
                checked += 1
    assert len(ran) >= 7 and checked >= 6, (len(ran), checked)

    # the dossier: zero problems, every page renders, the numbers the tutorial gives
    assert overview is not None, "the tutorial no longer starts the dashboard"
    assert overview["Issues with a gap"] == "2"
    assert overview["Not placed"] == "1"
    assert overview["Widest gap"] == "3 steps"
    result = load_positions([repo / "positions"])
    assert result.problems == []
    dossier = result.dossiers[DOSSIER]
    assert (len(dossier.sides), len(dossier.issues), len(dossier.sources)) == (2, 3, 1)
    assert git(repo, "status", "--porcelain") == "?? geneva-diff.json\n"
    report = json.loads((repo / "geneva-diff.json").read_text(encoding="utf-8"))
    entry = report["dossiers"][DOSSIER]
    assert [c["id"] for c in entry["positions"]["changed"]] == ["us-sanctions"]
    assert [(g["issue"], g["kind"]) for g in entry["comparison"]["gaps"]] == [
        ("sanctions", "narrowed")
    ]

    # the mistake the tutorial shows is reported exactly as shown
    [example] = [b.body.strip() for b in found if "error: unknown issue 'sanction'" in b.body]
    russia = repo / "positions" / DOSSIER / "sides" / "russia.yaml"
    russia.write_text(
        russia.read_text(encoding="utf-8").replace("issue: sanctions", "issue: sanction"),
        encoding="utf-8",
    )
    done = subprocess.run(
        ["bash", "-c", f"python -m negotiation validate positions/{DOSSIER}"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert example in done.stdout.splitlines()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not here")
def test_tutorial_quotes_are_verbatim_in_the_seed_article(tmp_path: Path) -> None:
    folder = tmp_path / "positions" / DOSSIER
    for block in blocks(TUTORIAL.read_text(encoding="utf-8")):
        if block.lang == "yaml" and "file" in block.attrs:
            target = tmp_path / block.attrs["file"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.body, encoding="utf-8")
    result = load_positions([folder])
    assert result.problems == []
    dossier = result.dossiers[DOSSIER]
    missing = quotes.find_missing_quotes(dossier, SEEDS, quotes.load_mapping(SEED_MAP))
    assert [p.message for p in missing] == []
    assert quotes.count_quotes(dossier) == 7
