"""Timeline: the dossier's events and the positions stated at each."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import alt_text, figures
from components.common import md, require_dossier, show_chart
from components.sidebar import csv_download, page_setup
from negotiation import analysis

BEFORE = "before the first event"


def positions_by_event(positions: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    """For each position, the latest event date on or before its date (or BEFORE)."""
    days = sorted({pd.Timestamp(x) for x in events["date"]}) if not events.empty else []
    out = []
    for as_of in positions["as_of"]:
        chosen: object = BEFORE
        for day in days:
            if day <= pd.Timestamp(as_of):
                chosen = day
        out.append(chosen)
    return pd.Series(out, index=positions.index, dtype=object)


def render() -> None:
    ctx = page_setup("Timeline")
    if not require_dossier(ctx):
        return
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
    positions = analysis.positions_frame(d)
    if ctx.issues is not None:
        positions = positions[positions["issue"].isin(ctx.issue_ids)]
    if positions.empty and events.empty:
        st.info("No events and no positions yet.")
        return
    fig = figures.timeline_figure(
        positions, events, party_order=[s.id for s in d.sides], colours=ctx.colours
    )
    alt = alt_text.timeline_alt_text(positions, events)
    show_chart(fig, key="timeline", alt=alt)
    st.caption(
        "Top row: the events (numbered as in the list below). Other rows: each side's "
        "positions on the day they hold from; the symbol is the stance "
        "(▲ demand, ● offer, ✕ rejection, ■ red line, ◆ condition, ★ proposal, ○ statement)."
    )

    positions = positions.assign(event=positions_by_event(positions, events))
    export = positions.assign(
        event_date=[None if e is BEFORE else e.date() for e in positions["event"]]
    ).drop(columns=["event"])
    st.header("Events and the positions stated at each", anchor=False)
    st.caption("A position is listed under the latest event on or before its date.")
    days = sorted({pd.Timestamp(x) for x in events["date"]}) if not events.empty else []
    number = {eid: n + 1 for n, eid in enumerate(events.sort_values("date")["id"])}
    for day in [BEFORE, *days]:
        mine = positions[positions["event"] == day]
        if day is BEFORE:
            if mine.empty:
                continue
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
            for p in mine.itertuples(index=False):
                rng = f" · accepts {md(p.range_label)}" if isinstance(p.range_label, str) else ""
                st.markdown(
                    f"- **{md(p.side_name)}** on *{md(p.issue_title)}* "
                    f"({p.as_of:%d %b}): {md(figures.stance_text(p.stance))}{rng} — "
                    f"{md(p.summary)}"
                )
    c1, c2 = st.columns(2)
    with c1:
        csv_download(events, f"events-{d.id}", "Download events (CSV)")
    with c2:
        csv_download(export, f"timeline-positions-{d.id}", "Download positions (CSV)")
