"""Reading the positions as they were at a git revision, without touching the working tree.

The YAML files of a revision are read with ``git ls-tree`` and ``git cat-file`` into a
temporary folder, and the normal loader runs on that copy, so validation is exactly
the same as on the working tree. Git is run as a subprocess; nothing is checked out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from negotiation.dossier import LoadResult

YAML_SUFFIXES = (".yaml", ".yml")
GIT_TIMEOUT = 60


class GitError(RuntimeError):
    """Git is missing, the folder is not in a repository, or a revision is unknown."""


@dataclass(frozen=True)
class Commit:
    sha: str
    short: str
    date: str
    subject: str

    @property
    def label(self) -> str:
        return f"{self.short} · {self.date[:10]} · {self.subject}"


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            env=env,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed (or not on PATH)") from exc
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"git {args[0]} took longer than {GIT_TIMEOUT} s") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def _existing(path: Path) -> Path:
    path = path.resolve()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path if path.is_dir() else path.parent


def repo_root(path: str | Path) -> Path:
    """The top folder of the git repository holding ``path`` (which may not exist yet)."""
    start = _existing(Path(path))
    try:
        out = _git(start, "rev-parse", "--show-toplevel")
    except GitError as exc:
        if "not a git repository" in str(exc).lower():
            raise GitError(f"{Path(path).as_posix()} is not inside a git repository") from exc
        raise
    return Path(out.decode("utf-8").strip()).resolve()


def in_repo(root: Path, path: str | Path) -> str:
    """``path`` relative to the repository ``root``, posix style ('' for the root)."""
    rel = Path(path).resolve().relative_to(root)
    return "" if str(rel) == "." else rel.as_posix()


def resolve(root: Path, rev: str) -> str:
    """The commit sha ``rev`` names; :class:`GitError` for an unknown revision."""
    if not rev or rev.startswith("-"):
        raise GitError(f"unknown revision {rev!r}")
    try:
        out = _git(
            root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"
        )
    except GitError as exc:
        raise GitError(f"unknown revision {rev!r} in {root.as_posix()}") from exc
    return out.decode("ascii").strip()


def _blobs(root: Path, sha: str, rel: str) -> list[tuple[str, str]]:
    """(blob sha, repository path) of each YAML file under ``rel`` at commit ``sha``."""
    args = ["ls-tree", "-r", "-z", "--full-tree", sha]
    if rel:
        args += ["--", rel]
    out = _git(root, *args)
    found = []
    for entry in out.decode("utf-8", "surrogateescape").split("\0"):
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        mode, kind, blob = meta.split()
        if kind != "blob" or mode == "120000" or not path.lower().endswith(YAML_SUFFIXES):
            continue
        if rel and not (path == rel or path.startswith(rel + "/")):
            continue
        found.append((blob, path))
    return found


def _cat(root: Path, blobs: list[str]) -> list[bytes]:
    """The contents of ``blobs``, in one ``git cat-file --batch`` call."""
    if not blobs:
        return []
    out = _git(root, "cat-file", "--batch", stdin=("\n".join(blobs) + "\n").encode("ascii"))
    contents, pos = [], 0
    for _ in blobs:
        header_end = out.index(b"\n", pos)
        size = int(out[pos:header_end].split()[2])
        start = header_end + 1
        contents.append(out[start : start + size])
        pos = start + size + 1  # the newline after each object
    return contents


def materialise(root: Path, rev: str, rel: str, dest: Path) -> Path:
    """Write the YAML files under ``rel`` at ``rev`` below ``dest``; return ``dest/rel``."""
    sha = resolve(root, rev)
    blobs = _blobs(root, sha, rel)
    for (_, path), data in zip(blobs, _cat(root, [b for b, _ in blobs]), strict=True):
        parts = PurePosixPath(path).parts
        if ".." in parts or PurePosixPath(path).is_absolute():
            continue
        target = dest.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return dest / rel if rel else dest


def load_at(positions_dir: str | Path, rev: str | None) -> LoadResult:
    """The dossiers under ``positions_dir`` at git revision ``rev`` (None: the working
    tree as it is, uncommitted edits included). A folder missing at ``rev`` loads as
    no dossiers."""
    from negotiation.loader import load_positions

    if rev is None:
        if not Path(positions_dir).exists():
            return LoadResult(dossiers={}, problems=[])
        return load_positions([positions_dir])
    root = repo_root(positions_dir)
    rel = in_repo(root, positions_dir)
    tmp = Path(tempfile.mkdtemp(prefix="negotiation-rev-"))
    try:
        folder = materialise(root, rev, rel, tmp)
        if not folder.exists():
            return LoadResult(dossiers={}, problems=[])
        return load_positions([folder])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def recent_commits(positions_dir: str | Path, limit: int = 20) -> list[Commit]:
    """The latest commits that touched ``positions_dir``, newest first."""
    root = repo_root(positions_dir)
    rel = in_repo(root, positions_dir) or "."
    out = _git(root, "log", f"-n{limit}", "--format=%H%x1f%h%x1f%cI%x1f%s%x1e", "--", rel)
    commits = []
    for record in out.decode("utf-8", "replace").split("\x1e"):
        fields = record.strip("\n").split("\x1f")
        if len(fields) == 4:
            commits.append(Commit(*fields))
    return commits


def is_shallow(positions_dir: str | Path) -> bool:
    """True when the repository is a shallow clone (its history is cut off)."""
    root = repo_root(positions_dir)
    return _git(root, "rev-parse", "--is-shallow-repository").decode().strip() == "true"


def has_uncommitted(positions_dir: str | Path) -> bool:
    """True when files under ``positions_dir`` differ from the last commit (or are new)."""
    root = repo_root(positions_dir)
    rel = in_repo(root, positions_dir) or "."
    return bool(_git(root, "status", "--porcelain", "--untracked-files=all", "--", rel).strip())
