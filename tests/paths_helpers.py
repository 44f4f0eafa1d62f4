"""In-memory dossiers for the paths-to-agreement and what-if tests.

``build`` makes a dossier from plain specs: one issue scale per issue id and, per side,
``{issue: (lo, hi, stance, priority)}`` with scale indices (``None`` range = a position
without ``accepts``). Priorities come with one priority-evidence quote each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from negotiation.dossier import Dossier, Side
from negotiation.model import (
    Camp,
    DossierFile,
    Evidence,
    Issue,
    Period,
    Position,
    Range,
    ScalePoint,
    Source,
)

D0 = dt.date(2022, 1, 10)
SCALE_LEN = 6


def point_id(i: int) -> str:
    return f"p{i}"


def make_issue(iid: str, n: int = SCALE_LEN) -> Issue:
    return Issue(
        id=iid,
        title=iid.replace("-", " ").capitalize(),
        scale=[ScalePoint(id=point_id(k), label=f"Point {k}") for k in range(n)],
    )


def make_position(
    pid: str,
    issue: str,
    rng: tuple[int, int] | None,
    stance: str = "demand",
    priority: str | None = None,
    as_of: dt.date = D0,
) -> Position:
    accepts: Any = None
    if rng is not None:
        lo, hi = rng
        accepts = point_id(lo) if lo == hi else Range(**{"from": point_id(lo), "to": point_id(hi)})
    extra: dict[str, Any] = {}
    if priority is not None:
        extra = {
            "priority": priority,
            "priority_evidence": [Evidence(source="src", quote=f"{pid} matters most")],
        }
    return Position(
        id=pid,
        issue=issue,
        as_of=as_of,
        stance=stance,
        accepts=accepts,
        summary=f"Summary of {pid}.",
        evidence=[Evidence(source="src", quote="A quote.")],
        **extra,
    )


SideSpec = Mapping[str, tuple[Any, ...]]


def build(
    sides: Mapping[str, SideSpec],
    issues: Sequence[str] | Mapping[str, int] = ("i0",),
    camps: Mapping[str, str] | None = None,
) -> Dossier:
    """``sides``: side id -> issue id -> (lo, hi[, stance[, priority]]) or None range
    as ``(None,)``; ``camps``: side id -> camp id."""
    camps = dict(camps or {})
    sizes = dict(issues) if isinstance(issues, Mapping) else dict.fromkeys(issues, SCALE_LEN)
    issue_objs = tuple(make_issue(i, n) for i, n in sizes.items())
    side_objs = []
    for sid, spec in sides.items():
        positions = []
        for iid, entry in spec.items():
            rng = None if entry[0] is None else (entry[0], entry[1])
            rest = entry[2:] if entry[0] is not None else entry[1:]
            stance = rest[0] if len(rest) > 0 else "demand"
            priority = rest[1] if len(rest) > 1 else None
            positions.append(make_position(f"{sid}-{iid}", iid, rng, stance, priority))
        side_objs.append(
            Side(
                id=sid,
                name=sid.upper(),
                short=None,
                camp=camps.get(sid),
                description=None,
                positions=tuple(positions),
            )
        )
    camp_ids = list(dict.fromkeys(camps.values()))
    meta = DossierFile(
        id="paths",
        title="Paths test",
        summary="In-memory test dossier.",
        period=Period(start=dt.date(2022, 1, 1), end=dt.date(2022, 1, 31)),
        camps=[Camp(id=c, name=c.capitalize()) for c in camp_ids],
    )
    return Dossier(
        id="paths",
        path="",
        meta=meta,
        issues=issue_objs,
        sides=tuple(side_objs),
        sources=(Source(id="src", outlet="Src", title="T", date=D0, kind="news"),),
    )
