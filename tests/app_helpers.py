"""Helpers for the AppTest page tests: a second, small dossier written to a temp folder
(a wage negotiation: 2 camps, 3 sides, 3 issues, nothing like the shipped example) and
shortcuts to run the dashboard on a positions root.

Expected numbers of the wage dossier (worked out by hand from the data below):

as of 2024-04-02 (latest), labour camp vs management camp:
  wage-increase   labour = union [2..4] ∩ council [2..3] = [2..3]; management [1..2]
                  -> overlap at index 2 ("4 %")
  working-time    labour split: union [2..3] vs council [1..1]   -> status 'split'
  one-off-payment labour = union [2..3] (council has no position); management [1..1]
                  -> gap of 1 step
  headline: overlap 1, gap 1, not placed 0, camp splits 1, widest gap one-off 1 step
  overlap of all three sides: wage [2..2]; working time blocked by the union;
  one-off: no overlap, blocker union (first of two equal choices)

as of 2024-03-01:
  wage-increase   labour [3..3], management [0..1] -> gap 2
  working-time    split
  one-off-payment union states without a range -> not placed
  headline: overlap 0, gap 1, not placed 1, camp splits 1, widest gap wage 2 steps
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard.py"
EXAMPLE_ID = "russia-west-2022"
WAGE_ID = "wage-round-2024"

D1, D2, D3 = dt.date(2024, 3, 1), dt.date(2024, 3, 15), dt.date(2024, 4, 2)
SCRIPT_QUOTE = "Talks were <script>alert('x')</script> going nowhere fast"

WAGE_DOSSIER: dict[str, Any] = {
    "id": WAGE_ID,
    "title": "Metalworkers' wage round 2024",
    "summary": "The metalworkers' union and the employers negotiate pay and hours.",
    "period": {"start": dt.date(2024, 2, 1), "end": dt.date(2024, 4, 30)},
    "camps": [
        {"id": "labour", "name": "Labour"},
        {"id": "management", "name": "Management"},
    ],
    "events": [
        {"id": "round-1", "date": D1, "title": "First bargaining round", "venue": "Rheinstadt"},
        {"id": "round-2", "date": D2, "title": "Second bargaining round"},
        {"id": "mediation", "date": D3, "title": "Mediation session"},
    ],
    "dimensions": [
        {
            "id": "outcome",
            "label": "Outcome",
            "scale": [
                {"id": "breakdown", "label": "Breakdown"},
                {"id": "stalemate", "label": "Stalemate"},
                {"id": "progress", "label": "Progress"},
                {"id": "agreement", "label": "Agreement"},
            ],
        }
    ],
    "frames": [
        {"id": "poker", "label": "Poker game"},
        {"id": "marathon", "label": "Marathon"},
    ],
}

WAGE_ISSUES: dict[str, Any] = {
    "issues": [
        {
            "id": "wage-increase",
            "title": "Wage increase",
            "scale": [
                {"id": "pct-0", "label": "No increase"},
                {"id": "pct-2", "label": "2 %"},
                {"id": "pct-4", "label": "4 %"},
                {"id": "pct-6", "label": "6 %"},
                {"id": "pct-8", "label": "8 %"},
            ],
        },
        {
            "id": "working-time",
            "title": "Working time",
            "scale": [
                {"id": "longer", "label": "Longer week"},
                {"id": "unchanged", "label": "Unchanged"},
                {"id": "hours-35", "label": "35-hour week"},
                {"id": "hours-32", "label": "32-hour week"},
            ],
        },
        {
            "id": "one-off-payment",
            "title": "One-off payment",
            "scale": [
                {"id": "none", "label": "None"},
                {"id": "eur-500", "label": "500 EUR"},
                {"id": "eur-1000", "label": "1000 EUR"},
                {"id": "eur-1500", "label": "1500 EUR"},
            ],
        },
    ]
}

WAGE_SOURCES: dict[str, Any] = {
    "sources": [
        {
            "id": "courier",
            "outlet": "Rheinstadt Courier",
            "title": "Metal talks stall",
            "date": D2,
            "url": "https://example.org/courier/metal-talks",
            "kind": "news",
        },
        {
            "id": "econ-blog",
            "outlet": "Labour Economics Blog",
            "title": "Why the metal round will settle",
            "date": D3,
            "url": "https://example.org/blog/metal-round",
            "kind": "analysis",
        },
    ],
    "characterisations": [
        {
            "id": "courier-stalemate",
            "source": "courier",
            "dimension": "outcome",
            "value": "stalemate",
            "quote": SCRIPT_QUOTE,
            "frames": ["poker"],
        },
        {
            "id": "blog-progress",
            "source": "econ-blog",
            "dimension": "outcome",
            "value": "progress",
            "voice": "Dr. Erika Example",
            "voice_role": "labour economist",
            "quote": "Both sides are closer than they admit.",
            "frames": ["marathon", "poker"],
        },
        {
            "id": "blog-wage",
            "source": "econ-blog",
            "about": {"issue": "wage-increase"},
            "dimension": "outcome",
            "value": "progress",
            "quote": "Four per cent is within reach.",
        },
    ],
}


def _ev(source: str, quote: str, speaker: str | None = None, date: dt.date | None = None):
    out: dict[str, Any] = {"source": source, "quote": quote}
    if speaker:
        out["speaker"] = speaker
    if date:
        out["date"] = date
    return out


WAGE_SIDES: dict[str, dict[str, Any]] = {
    "union": {
        "id": "union",
        "name": "Metalworkers' Union",
        "short": "Union",
        "camp": "labour",
        "positions": [
            {
                "id": "union-wage-1",
                "issue": "wage-increase",
                "as_of": D1,
                "stance": "demand",
                "ideal": "pct-8",
                "accepts": {"from": "pct-6", "to": "pct-8"},
                "summary": "The union demands 8 per cent and will not go below 6.",
                "evidence": [_ev("courier", "We want eight per cent", "Union chair", D1)],
            },
            {
                "id": "union-wage-2",
                "issue": "wage-increase",
                "as_of": D2,
                "stance": "demand",
                "ideal": "pct-8",
                "accepts": {"from": "pct-4", "to": "pct-8"},
                "summary": "The union signals it could settle at 4 per cent.",
                "evidence": [_ev("courier", "Four is the floor", "Union chair", D2)],
            },
            {
                "id": "union-hours",
                "issue": "working-time",
                "as_of": D1,
                "stance": "demand",
                "accepts": {"from": "hours-35", "to": "hours-32"},
                "summary": "The union wants a shorter week.",
                "evidence": [_ev("courier", "A shorter week for all")],
            },
            {
                "id": "union-bonus-1",
                "issue": "one-off-payment",
                "as_of": D1,
                "stance": "statement",
                "summary": "The union mentions a one-off payment without a figure.",
                "evidence": [_ev("courier", "A payment would help")],
            },
            {
                "id": "union-bonus-2",
                "issue": "one-off-payment",
                "as_of": D2,
                "stance": "demand",
                "accepts": {"from": "eur-1000", "to": "eur-1500"},
                "summary": "The union asks for at least 1000 EUR.",
                "evidence": [_ev("econ-blog", "At least a thousand euros")],
            },
        ],
    },
    "works-council": {
        "id": "works-council",
        "name": "Central Works Council",
        "short": "Works council",
        "camp": "labour",
        "positions": [
            {
                "id": "council-wage",
                "issue": "wage-increase",
                "as_of": D1,
                "stance": "proposal",
                "accepts": {"from": "pct-4", "to": "pct-6"},
                "summary": "The works council proposes 4 to 6 per cent.",
                "evidence": [_ev("courier", "Four to six is realistic")],
            },
            {
                "id": "council-hours",
                "issue": "working-time",
                "as_of": D1,
                "stance": "red-line",
                "accepts": "unchanged",
                "summary": "The works council puts job security first: hours unchanged.",
                "evidence": [_ev("courier", "Jobs before hours")],
            },
        ],
    },
    "employers": {
        "id": "employers",
        "name": "Employers' Association",
        "short": "Employers",
        "camp": "management",
        "positions": [
            {
                "id": "employers-wage-1",
                "issue": "wage-increase",
                "as_of": D1,
                "stance": "offer",
                "accepts": {"from": "pct-0", "to": "pct-2"},
                "summary": "The employers offer up to 2 per cent.",
                "evidence": [_ev("courier", "Two per cent is all we can do")],
            },
            {
                "id": "employers-wage-2",
                "issue": "wage-increase",
                "as_of": D2,
                "stance": "offer",
                "accepts": {"from": "pct-2", "to": "pct-4"},
                "summary": "The employers raise their offer to 4 per cent.",
                "evidence": [_ev("econ-blog", "Four per cent is on the table")],
            },
            {
                "id": "employers-hours",
                "issue": "working-time",
                "as_of": D1,
                "stance": "rejection",
                "accepts": {"from": "longer", "to": "unchanged"},
                "summary": "The employers reject a shorter week.",
                "evidence": [_ev("courier", "No shorter week")],
            },
            {
                "id": "employers-bonus",
                "issue": "one-off-payment",
                "as_of": D1,
                "stance": "offer",
                "accepts": "eur-500",
                "summary": "The employers offer a 500 EUR one-off payment.",
                "evidence": [_ev("courier", "Five hundred euros, once")],
            },
        ],
    },
}


def dump(data: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def write_wage_dossier(root: Path) -> Path:
    """Write the wage dossier under ``root/wage-round-2024``; return the folder."""
    folder = root / WAGE_ID
    dump(WAGE_DOSSIER, folder / "dossier.yaml")
    dump(WAGE_ISSUES, folder / "issues.yaml")
    dump(WAGE_SOURCES, folder / "sources.yaml")
    for name, side in WAGE_SIDES.items():
        dump(side, folder / "sides" / f"{name}.yaml")
    return folder


def touch_later(path: Path) -> None:
    """Move a file's mtime forward so the cache key changes even within one tick."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
