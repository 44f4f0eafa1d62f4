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
        # records left out only because they refer to a dropped one: (kind, id) ->
        # [(file, (line, col), what)]; reported once per dropped record, not one by one
        self.follow_ons: dict[tuple[str, str], list[tuple[str, tuple[int, int], str, bool]]] = {}
        # (kind, id) -> file, for whole files left out (their id from the file name)
        self.dropped_files: dict[tuple[str, str], str] = {}

    def drop(self, kind: str, raw: object) -> None:
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            self.dropped.setdefault(kind, set()).add(raw["id"])

    def drop_file(self, kind: str, rid: str, file: str) -> None:
        """A whole file, whose record has the id ``rid``, left out for its errors (a
        side file that does not parse: its id is known from its name)."""
        self.dropped.setdefault(kind, set()).add(rid)
        self.dropped_files[(kind, rid)] = file

    def follow_on(
        self,
        what: str,
        value: str,
        file: str,
        pos: tuple[int, int],
        dependent: str,
        kept: bool = False,
    ) -> bool:
        """True (and noted) when ``value`` names a ``what`` record dropped for its own
        errors: the reference is then a consequence, reported once by
        :meth:`flush_follow_ons` instead of as one more "unknown" error. ``kept``: the
        dependent record is kept, without the reference (an event without the side)."""
        if value not in self.dropped.get(what, ()):
            return False
        self.follow_ons.setdefault((what, value), []).append((file, pos, dependent, kept))
        return True

    def flush_follow_ons(self, limit: int = 12) -> None:
        """One problem per dropped record that others referred to: where the first
        reference is, naming every record left out with it (up to ``limit``)."""
        for (what, value), refs in self.follow_ons.items():
            kind = what[:-1] if what.endswith("s") else what
            file, pos, _, _ = refs[0]
            shown = [
                f"{dep} ({f}:{line}{', kept without it' if kept else ''})"
                for f, (line, _col), dep, kept in refs[:limit]
            ]
            more = f" and {len(refs) - limit} more" if len(refs) > limit else ""
            noun = "record refers" if len(refs) == 1 else "records refer"
            where = self.dropped_files.get((what, value))
            why = (
                f"its file has errors (reported in {where})"
                if where
                else "of its own errors (reported at its definition)"
            )
            if all(not kept for *_, kept in refs):
                with_it = f" and {'is' if len(refs) == 1 else 'are'} left out with it"
            else:
                with_it = ""
            self.add(
                file,
                pos,
                f"{kind} '{value}' was left out because {why}; {len(refs)} {noun} to it"
                f"{with_it}: " + ", ".join(shown) + more + ". Fix that error first",
                "left-out-with",
            )
        self.follow_ons = {}

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
    if len(cands) <= MAX_LISTED:
        shown = ", ".join(cands)
        return f"; known {what}: {shown}" if what else f"; allowed: {shown}"
    where = DEFINED_IN.get(what)
    if not what:
        return f"; {len(cands)} values are allowed"
    return f"; there are {len(cands)} known {what}" + (f", {where}" if where else "")


MAX_LISTED = 12
"""An unknown id with no close match lists every known id up to this many; beyond it
the message says how many there are and where they are defined."""
DEFINED_IN = {
    "issues": "defined in issues.yaml",
    "sources": "defined in sources.yaml",
    "characterisations": "defined in sources.yaml",
    "sides": "one file each in sides/",
    "camps": "defined in dossier.yaml",
    "events": "defined in dossier.yaml",
    "dimensions": "defined in dossier.yaml",
    "frames": "defined in dossier.yaml",
    "points": "the issue's scale in issues.yaml",
    "values": "the dimension's scale in dossier.yaml",
}


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
