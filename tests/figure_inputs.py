"""Realistic inputs of every figure builder, made from a dossier the way the pages make
them (components/gaps.py, paths_page.py, timeline.py, issue_detail.py, sources.py),
without an app: (builder name, args, kwargs) triples for tests/test_fast_figures.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd

from components.figure_style import party_colours
from negotiation import analysis
from negotiation.dossier import Dossier
from negotiation.paths import issue_paths

Call = tuple[str, tuple[Any, ...], dict[str, Any]]


def _ranges(d: Dossier, issue: str, refs: list[str], date: Any) -> pd.DataFrame:
    """As components.gaps.ranges_frame: one row per party on ``issue`` at ``date``."""
    rows = []
    for ref in refs:
        pr = analysis.party_range(d, ref, issue, date)
        pos = analysis.in_force(d, ref, issue, date) if pr.kind == "side" else None
        ideal = analysis.ideal_index(d.issue_by_id[issue], pos) if pos is not None else None
        hypothetical = any(
            (p := analysis.in_force(d, side, issue, date)) is not None
            and p.id in d.hypothetical_ids
            for side, _ in pr.member_ranges
        )
        rows.append(
            {
                "party": ref,
                "label": ref
                + (" (camp)" if pr.kind == "camp" else "")
                + (" — split" if pr.split else ""),
                "name": pr.label,
                "lo": pr.interval[0] if pr.interval else pd.NA,
                "hi": pr.interval[1] if pr.interval else pd.NA,
                "ideal": ideal if ideal is not None else pd.NA,
                "stance": pr.stance,
                "hypothetical": hypothetical,
            }
        )
    return pd.DataFrame(
        rows, columns=["party", "label", "name", "lo", "hi", "ideal", "stance", "hypothetical"]
    )


def _overlap_or_gap(frame: pd.DataFrame) -> dict[str, Any]:
    placed = frame.dropna(subset=["lo", "hi"])
    if len(placed) < 2:
        return {}
    lo, hi = int(placed["lo"].max()), int(placed["hi"].min())
    return {"overlap": (lo, hi)} if lo <= hi else {"gap": lo - hi}


def figure_calls(d: Dossier, max_issues: int = 12) -> Iterator[Call]:
    """Calls of every builder on ``d``: per issue (the first ``max_issues``) at its
    first, middle and last date, and once per dimension and for the whole dossier."""
    sides = [s.id for s in d.sides]
    camps = sorted({s.camp for s in d.sides if s.camp})
    refs = sides + [f"camp:{c}" for c in camps]
    colours = party_colours(refs, {s.id: s.camp for s in d.sides})
    shorts = {s.id: s.short or s.name for s in d.sides}
    issues = [i.id for i in d.issues][:max_issues]
    events = pd.DataFrame(
        [{"date": e.date, "title": e.title} for e in d.events], columns=["date", "title"]
    )
    positions = analysis.positions_frame(d, issues=issues)
    positions["hypothetical"] = positions["position"].isin(d.hypothetical_ids)
    days = sorted(set(positions["as_of"])) if not positions.empty else []
    dates = [days[0], days[len(days) // 2], None] if days else [None]
    for issue in issues:
        scale = [p.label for p in d.issue_by_id[issue].scale]
        for date in dates:
            for parties in (sides[:2], refs):
                frame = _ranges(d, issue, parties, date)
                yield (
                    "range_figure",
                    (frame, scale),
                    {
                        "title": issue,
                        "colours": colours,
                        **_overlap_or_gap(frame),
                    },
                )
            ip = issue_paths(d, issue, refs, date=date)
            yield (
                "paths_figure",
                (ip.parties, list(ip.scale_labels)),
                {
                    "meeting_points": ip.meeting_points,
                    "point": ip.point,
                    "title": issue,
                    "colours": colours,
                },
            )
        mine = positions[positions["issue"] == issue]
        if not mine.empty:
            yield (
                "history_figure",
                (mine, scale),
                {
                    "party_order": sides,
                    "colours": colours,
                    "events": events,
                    "labels": shorts,
                },
            )
    if len(days) >= 2:
        for a, b in ((None, None), (sides[0], sides[1])) if len(sides) >= 2 else ((None, None),):
            moves = analysis.movement_table(d, days[0], days[-1], a=a, b=b)
            if not moves.empty:
                yield "movement_figure", (moves,), {"colours": colours, "labels": shorts}
    if not positions.empty or not events.empty:
        yield (
            "timeline_figure",
            (positions, events),
            {
                "party_order": sides,
                "colours": colours,
                "labels": shorts,
            },
        )
    chars = analysis.characterisations_frame(d)
    for dim in d.dimensions:
        mine = chars[chars["dimension"] == dim.id] if not chars.empty else chars
        if mine.empty:
            continue
        scale = [p.label for p in dim.scale]
        yield "voices_figure", (mine, scale), {"title": dim.label}
        if mine["value_index"].notna().sum():
            yield "characterisations_over_time_figure", (mine, scale), {"title": dim.label}
    used = analysis.frames_table(d)
    if not used.empty:
        yield "frames_figure", (used[used["count"] > 0],), {"title": "Frames"}
