"""Timeline: the dossier's events and the positions stated at each."""

from __future__ import annotations

import bisect
import functools
from typing import Any

import pandas as pd
import streamlit as st

from components import alt_text, data, figures
from components.common import (
    ViewContext,
    csv_download,
    md,
    page_of,
    require_dossier,
    section,
    show_chart,
)
from components.sidebar import page_setup

BEFORE = "before the first event"
MAX_ISSUES = 10  # issues charted and listed when the filter selects more
MAX_LISTED = 50  # positions listed under one event
DAYS_PER_PAGE = 10  # event days (expanders) listed at a time


def positions_by_event(positions: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    """For each position, the latest event date on or before its date (or BEFORE)."""
    days = sorted({pd.Timestamp(x) for x in events["date"]}) if not events.empty else []
    out: list[object] = []
    for as_of in positions["as_of"]:
        i = bisect.bisect_right(days, pd.Timestamp(as_of))
        out.append(days[i - 1] if i else BEFORE)
    return pd.Series(out, index=positions.index, dtype=object)


def render() -> None:
    ctx = page_setup("Timeline")
    if not require_dossier(ctx):
        return
    # the page does not follow the as-of date or the compared parties
    section(ctx, "timeline", functools.partial(_draw, ctx), state=("issues",))
    d = ctx.dossier
    assert d is not None
    events, positions = _frames(ctx)
    if positions.empty and events.empty:
        return
    days = event_days(events, positions)
    # a page of days at a time: each is an expander of text the browser lays out
    # again on every rerun, whatever control moved
    shown = page_of(
        pd.DataFrame({"day": days}),
        "timeline",
        per_page=DAYS_PER_PAGE,
        label="Page of events",
        noun="event days",
        rest="the CSV downloads list every event and position",
    )
    draw = functools.partial(_draw_events, events, positions, list(shown["day"]))
    section(ctx, "timeline-events", draw, shown.index[0], state=("issues",))
    c1, c2 = st.columns(2)
    export = positions.assign(
        event_date=[None if e is BEFORE else e.date() for e in positions["event"]]
    ).drop(columns=["event"])
    with c1:
        csv_download(events, f"events-{d.id}", "Download events (CSV)")
    with c2:
        csv_download(export, f"timeline-positions-{d.id}", "Download positions (CSV)")


def _frames(ctx: ViewContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The events and the positions charted (each with the event it is listed under);
    kept per issue filter, shared: read-only."""
    d = ctx.dossier
    assert d is not None
    return data.memo("timeline-frames", d, ctx.key(["issues"]), functools.partial(_build, ctx))


def _build(ctx: ViewContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    d = ctx.dossier
    assert d is not None
    events = pd.DataFrame(
        [
            {
                "id": e.id,
                "date": e.date,
                "title": e.title,
                "venue": e.venue,
                "summary": e.summary,
                "sides": ", ".join(e.sides),
            }
            for e in d.events
        ],
        columns=["id", "date", "title", "venue", "summary", "sides"],
    )
    positions = data.cached("positions_frame", d, issues=ctx.issue_ids[:MAX_ISSUES])
    return events, positions.assign(event=positions_by_event(positions, events))


def _draw(ctx: ViewContext) -> None:
    d = ctx.dossier
    assert d is not None
    events, positions = _frames(ctx)
    issue_ids = ctx.issue_ids
    if len(issue_ids) > MAX_ISSUES:
        st.caption(
            f"Showing issues 1–{MAX_ISSUES} of {len(issue_ids)} (in dossier order): pick "
            "issues in the sidebar to see others."
        )
    if positions.empty and events.empty:
        st.info("No events and no positions yet.")
        return
    fig = figures.timeline_figure(
        positions,
        events,
        party_order=[s.id for s in d.sides],
        colours=ctx.colours,
        labels=ctx.shorts,
    )
    alt = alt_text.timeline_alt_text(positions, events)
    show_chart(fig, key="timeline", alt=alt)
    st.caption(
        "Top row: the events (numbered as in the list below). Other rows: each side's "
        "positions on the day they hold from; the symbol is the stance "
        "(▲ demand, ● offer, ✕ rejection, ■ red line, ◆ condition, ★ proposal, ⬢ statement)."
    )

    st.header("Events and the positions stated at each", anchor=False)
    st.caption("A position is listed under the latest event on or before its date.")


def event_days(events: pd.DataFrame, positions: pd.DataFrame) -> list[object]:
    """The days the list has a group for, in order: BEFORE (when a position precedes
    the first event), then each event date."""
    days = sorted({pd.Timestamp(x) for x in events["date"]}) if not events.empty else []
    before = [BEFORE] if (positions["event"] == BEFORE).any() else []
    return [*before, *days]


def _how_sure_note(p: Any) -> str:
    """' · contested (2 readings: A, B)', ' · rules out X', ' (inferred)' for a
    positions-frame row; '' for a plain one."""
    labels = getattr(p, "reading_labels", ())
    if isinstance(labels, tuple) and labels:
        return f" · contested ({len(labels)} readings: {md(', '.join(labels))})"
    note = ""
    rejects = getattr(p, "rejects_label", None)
    if isinstance(rejects, str):
        note += f" · rules out {md(rejects)}"
    if getattr(p, "basis", None) == "inferred":
        note += " (inferred)"
    return note


def _draw_events(events: pd.DataFrame, positions: pd.DataFrame, days: list[object]) -> None:
    """One expander per day of ``days``: its events and the positions listed under it."""
    number = {eid: n + 1 for n, eid in enumerate(events.sort_values("date")["id"])}
    for day in days:
        mine = positions[positions["event"] == day]
        if day is BEFORE:
            header = "Before the first event"
            todays = events.iloc[0:0]
        else:
            todays = events[[pd.Timestamp(x) == day for x in events["date"]]]
            titles = "; ".join(f"{number[e.id]}. {md(e.title)}" for e in todays.itertuples())
            header = f"{day:%d %b %Y} — {titles}"
        count = f" ({len(mine)} position{'s' if len(mine) != 1 else ''})"
        with st.expander(header + count, expanded=not mine.empty and day is not BEFORE):
            for ev in todays.itertuples(index=False):
                venue = f" ({md(ev.venue)})" if isinstance(ev.venue, str) and ev.venue else ""
                text = md(ev.summary) if isinstance(ev.summary, str) else ""
                st.markdown(f"**{number[ev.id]}. {md(ev.title)}**{venue} {text}")
            lines = []
            for p in mine.head(MAX_LISTED).itertuples(index=False):
                rng = f" · accepts {md(p.range_label)}" if isinstance(p.range_label, str) else ""
                rng += _how_sure_note(p)
                lines.append(
                    f"- **{md(p.side_name)}** on *{md(p.issue_title)}* "
                    f"({p.as_of:%d %b}): {md(figures.stance_text(p.stance))}{rng} — "
                    f"{md(p.summary)}"
                )
            if lines:
                st.markdown("\n".join(lines))
            if len(mine) > MAX_LISTED:
                st.caption(
                    f"Listing {MAX_LISTED} of {len(mine)} positions: the rest are in the "
                    "CSV download below, or narrow the issue filter."
                )
