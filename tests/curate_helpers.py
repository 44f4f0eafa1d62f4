"""Helpers for the curating tests: temporary git repositories and scaffold examples."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Curator",
    "GIT_AUTHOR_EMAIL": "curator@example.org",
    "GIT_COMMITTER_NAME": "Test Curator",
    "GIT_COMMITTER_EMAIL": "curator@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
}

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, **GIT_ENV},
    )
    return done.stdout


def init_repo(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q")
    git(repo, "config", "commit.gpgsign", "false")
    return repo


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EXAMPLE_LINE = re.compile(r"^# +(- )?[a-z_]+:( |$)")


def uncomment_examples(text: str) -> str:
    """A scaffolded file with its commented examples switched on (what a curator does
    following the file's instructions): example lines lose their '# ', and the empty
    lists they replace (`issues: []`, `sources: []`) open."""
    out = []
    for line in text.splitlines():
        if EXAMPLE_LINE.match(line):
            line = line[2:]
        out.append(line)
    joined = "\n".join(out) + "\n"
    return joined.replace("issues: []\n", "issues:\n").replace("sources: []\n", "sources:\n")
