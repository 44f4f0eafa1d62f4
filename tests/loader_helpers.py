"""Build small dossier folders in a temporary directory for the loader tests."""

from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import yaml

_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:  # make `negotiation` importable however pytest is started
    sys.path.insert(0, _ROOT)

DOSSIER: dict[str, Any] = {
    "id": "talks",
    "title": "Security talks",
    "summary": "A small test dossier.",
    "period": {"start": "2022-01-01", "end": "2022-01-31"},
    "camps": [{"id": "west", "name": "The West"}],
    "events": [
        {
            "id": "geneva",
            "date": "2022-01-10",
            "title": "Geneva round",
            "sides": ["russia", "united-states"],
            "sources": ["tass"],
        }
    ],
    "dimensions": [
        {
            "id": "outcome",
            "label": "Outcome",
            "scale": [
                {"id": "breakdown", "label": "Breakdown"},
                {"id": "deadlock", "label": "Deadlock"},
                {"id": "breakthrough", "label": "Breakthrough"},
            ],
        }
    ],
    "frames": [{"id": "divorce", "label": "Divorce"}],
}

ISSUES: dict[str, Any] = {
    "issues": [
        {
            "id": "nato-enlargement",
            "title": "NATO enlargement",
            "scale": [
                {"id": "open-door", "label": "Open door"},
                {"id": "no-timetable", "label": "No timetable"},
                {"id": "moratorium", "label": "Moratorium"},
                {"id": "binding-ban", "label": "Binding ban"},
            ],
        },
        {
            "id": "missiles",
            "title": "Intermediate-range missiles",
            "scale": [
                {"id": "none", "label": "No limits"},
                {"id": "moratorium", "label": "Moratorium"},
            ],
        },
    ]
}

SOURCES: dict[str, Any] = {
    "sources": [
        {
            "id": "tass",
            "outlet": "TASS",
            "title": "Ryabkov on the talks",
            "date": "2022-01-10",
            "url": "https://tass.com/x",
            "kind": "news",
        },
        {
            "id": "reuters",
            "outlet": "Reuters",
            "title": "Talks end",
            "date": "2022-01-12",
            "kind": "news",
        },
    ],
    "characterisations": [
        {
            "id": "c-deadlock",
            "source": "reuters",
            "about": "talks",
            "dimension": "outcome",
            "value": "deadlock",
            "quote": "deadlock",
            "frames": ["divorce"],
        },
        {
            "id": "c-issue",
            "source": "tass",
            "about": {"issue": "nato-enlargement"},
            "dimension": "outcome",
            "value": "breakdown",
            "quote": "no progress",
        },
    ],
}


def position(pid: str, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": pid,
        "issue": "nato-enlargement",
        "as_of": "2022-01-10",
        "stance": "demand",
        "ideal": "binding-ban",
        "accepts": "binding-ban",
        "summary": "Russia demands a legal guarantee.",
        "evidence": [{"source": "tass", "quote": "a guarantee"}],
    }
    data.update(extra)
    return data


SIDES: dict[str, dict[str, Any]] = {
    "russia": {
        "id": "russia",
        "name": "Russia",
        "positions": [
            position("ru-nato"),
            position("ru-missiles", issue="missiles", ideal="moratorium", accepts="moratorium"),
        ],
    },
    "united-states": {
        "id": "united-states",
        "name": "United States",
        "camp": "west",
        "positions": [
            position(
                "us-nato",
                stance="rejection",
                ideal="open-door",
                accepts={"from": "open-door", "to": "no-timetable"},
            )
        ],
    },
}


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def make_dossier(
    root: Path,
    name: str = "talks",
    *,
    dossier: dict[str, Any] | str | None = None,
    issues: dict[str, Any] | str | None = None,
    sources: dict[str, Any] | str | None = None,
    sides: dict[str, dict[str, Any] | str] | None = None,
    omit: tuple[str, ...] = (),
) -> Path:
    """Write a valid dossier folder; any file can be replaced by a dict or raw text."""
    folder = root / name
    (folder / "sides").mkdir(parents=True, exist_ok=True)
    files = {
        "dossier.yaml": copy.deepcopy(DOSSIER) if dossier is None else dossier,
        "issues.yaml": copy.deepcopy(ISSUES) if issues is None else issues,
        "sources.yaml": copy.deepcopy(SOURCES) if sources is None else sources,
    }
    for fname, content in files.items():
        if fname in omit:
            continue
        text = content if isinstance(content, str) else dump(content)
        (folder / fname).write_text(text, encoding="utf-8")
    side_map = copy.deepcopy(SIDES) if sides is None else sides
    for sname, content in side_map.items():
        text = content if isinstance(content, str) else dump(content)
        (folder / "sides" / f"{sname}.yaml").write_text(text, encoding="utf-8")
    return folder


def find(problems: list[Any], fragment: str) -> Any:
    """The single problem whose message contains ``fragment`` (fails helpfully otherwise)."""
    hits = [p for p in problems if fragment in p.message]
    assert hits, f"no problem mentions {fragment!r}; got:\n" + "\n".join(
        p.format() for p in problems
    )
    return hits[0]


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the ``occurrence``-th line containing ``needle``."""
    count = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            count += 1
            if count == occurrence:
                return number
    raise AssertionError(f"{needle!r} not found")


def col_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based column where ``needle`` starts on its line."""
    line = text.splitlines()[line_of(text, needle, occurrence) - 1]
    return line.index(needle) + 1
