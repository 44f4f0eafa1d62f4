"""Problems as every stage reports them: a :class:`ProblemLog` per dossier (file, line,
column, severity, message, code), paths shown relative to the cwd, and the wording
helpers (suggestions, slugs, value descriptions) the messages share.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from negotiation.dossier import Problem


def rel(path: str | Path) -> str:
    """The path relative to the cwd when it lies below it, with posix separators."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # other drive on Windows
        return Path(absolute).as_posix()
    if relative == ".." or relative.startswith(".." + os.sep):
        return Path(absolute).as_posix()
    return Path(relative).as_posix()


# =========================================================================== problems


class ProblemLog:
    """Collects the problems of one dossier (the id is filled in at the end)."""

    def __init__(self) -> None:
        self.raw: list[tuple[str, int, int, str, str, str]] = []
        # ids of records left out for their own errors, per kind ("issues", "sides"...)
        self.dropped: dict[str, set[str]] = {}

    def drop(self, kind: str, raw: object) -> None:
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            self.dropped.setdefault(kind, set()).add(raw["id"])

    def suggest(self, value: str, candidates: Iterable[str], what: str) -> str:
        if value in self.dropped.get(what, ()):
            return " (it exists but was left out because of its own errors, reported elsewhere)"
        return suggest(value, candidates, what)

    def add(
        self,
        file: str,
        pos: tuple[int, int],
        message: str,
        code: str,
        severity: str = "error",
    ) -> None:
        self.raw.append((file, pos[0], pos[1], severity, message, code))

    def problems(self, dossier: str | None) -> list[Problem]:
        out = {
            Problem(file, line, col, sev, msg, code, dossier)  # type: ignore[arg-type]
            for file, line, col, sev, msg, code in self.raw
        }
        return sorted(out)


def suggest(value: object, candidates: Iterable[str], what: str = "") -> str:
    cands = sorted(set(candidates))
    text = str(value)
    close = difflib.get_close_matches(text, cands, n=3, cutoff=0.6)
    if close:
        return "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    if not cands:
        return f" (there are no {what} defined)" if what else ""
    shown = ", ".join(cands[:8]) + (", ..." if len(cands) > 8 else "")
    return f"; known {what}: {shown}" if what else f"; allowed: {shown}"


def slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "my-id"


def describe(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"
