"""Issue detail: the scale, every side's positions over time, the evidence quotes."""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from components import alt_text, data, figures
from components.common import (
    ViewContext,
    attribution,
    bound,
    canon,
    csv_download,
    day_text,
    md,
    people_table,
    present,
    quote_md,
    require_dossier,
    safe_url,
    section,
    show_chart,
)
from components.sidebar import page_setup
from components.state import write_url
from negotiation import analysis
from negotiation.brief import source_inferred
from negotiation.dossier import Dossier
from negotiation.model import Issue

W_ISSUE = "w_issue"


INFERRED_COLUMNS = ("title_inferred", "date_inferred")
"""Whether the title and date shown for a quote are not printed in its source (drawn,
not part of the evidence CSV)."""


def evidence_frame(dossier, issue: str) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """Every evidence quote of every position on ``issue``: one row per quote."""
    rows = []
    order = {s.id: n for n, s in enumerate(dossier.sides)}
    for side in sorted(dossier.sides, key=lambda s: order[s.id]):
        for pos in side.positions:
            if pos.issue != issue:
                continue
            for ev in pos.evidence:
                src = dossier.source_by_id.get(ev.source)
                rows.append(
                    {
                        "side": side.id,
                        "side_name": side.name,
                        "position": pos.id,
                        "as_of": pos.as_of,
                        "stance": pos.stance,
                        "quote": ev.quote,
                        "translation": ev.translation,
                        "language": src.lang if src else None,
                        "speaker": ev.speaker,
                        "paraphrase": ev.paraphrase,
                        "date": ev.date or (src.date if src else None),
                        "source": ev.source,
                        "outlet": src.outlet if src else ev.source,
                        "title": src.title if src else None,
                        "url": safe_url(src.url) if src else None,
                        **dict(zip(INFERRED_COLUMNS, source_inferred(src, ev.date), strict=True)),
                    }
                )
    return pd.DataFrame(
        rows,
        columns=[
            "side",
            "side_name",
            "position",
            "as_of",
            "stance",
            "quote",
            "translation",
            "language",
            "speaker",
            "paraphrase",
            "date",
            "source",
            "outlet",
            "title",
            "url",
            *INFERRED_COLUMNS,
        ],
    )


def render() -> None:
    ctx = page_setup("Issue detail")
    if not require_dossier(ctx):
        return
    d = ctx.dossier
    assert d is not None
    view = canon()
    ids = ctx.issue_ids or [i.id for i in d.issues]
    if not ids:
        st.info("This dossier has no issues yet.")
        return
    issue_id = bound(
        st.selectbox,
        "Issue",
        "issue",
        W_ISSUE,
        view.get("issue") if view.get("issue") in ids else ids[0],
        options=ids,
        format_func=lambda i: d.issue_by_id[i].title,
    )
    write_url(ctx.url_state())
    issue = d.issue_by_id[issue_id]
    # the page follows the issue picked, not the as-of date or the parties compared
    section(ctx, "issue-history", functools.partial(_top, ctx, d, issue), issue_id, state=())
    positions = _positions(d, issue_id)
    if not positions.empty:
        csv_download(positions, f"positions-{d.id}-{issue.id}", "Download positions (CSV)")
    section(
        ctx, "issue-evidence", functools.partial(_evidence_section, d, issue_id), issue_id, state=()
    )
    evidence = issue_evidence(d, issue_id)
    if not evidence.empty:
        csv_download(
            evidence.drop(columns=list(INFERRED_COLUMNS)),
            f"evidence-{d.id}-{issue_id}",
            "Download evidence (CSV)",
        )


def _positions(d: Dossier, issue_id: str) -> pd.DataFrame:
    """The positions on one issue (hypothetical ones marked); shared: read-only."""

    def build() -> pd.DataFrame:
        positions = data.cached("positions_frame", d, issues=[issue_id])
        positions["hypothetical"] = positions["position"].isin(d.hypothetical_ids)
        return positions

    return data.memo("issue-positions", d, (issue_id,), build)


def issue_evidence(d: Dossier, issue_id: str) -> pd.DataFrame:
    """:func:`evidence_frame`, kept per issue; shared: read-only."""
    return data.memo("issue-evidence", d, (issue_id,), lambda: evidence_frame(d, issue_id))


def _top(ctx: ViewContext, d: Dossier, issue: Issue) -> None:
    """The question, the scale and the positions over time."""
    issue_id = issue.id
    if issue.question:
        st.markdown(f"**{md(issue.question)}**")
    if issue.description:
        st.markdown(md(issue.description))

    st.header("The scale", anchor=False)
    scale = analysis.scale_frame(d, issue_id)
    people_table(scale, {"index": "Step", "label": "Outcome", "description": "Meaning"})

    _history_section(ctx, d, issue)


def _history_section(ctx: ViewContext, d: Dossier, issue: Issue) -> None:
    """The positions on one issue over time: chart and table."""
    st.header("Positions over time", anchor=False)
    positions = _positions(d, issue.id)
    if positions.empty:
        st.info("No side has a position on this issue yet.")
    else:
        events = pd.DataFrame(
            [{"date": e.date, "title": e.title} for e in d.events], columns=["date", "title"]
        )
        scale_labels = [p.label for p in issue.scale]
        fig = figures.history_figure(
            positions,
            scale_labels,
            party_order=[s.id for s in d.sides],
            colours=ctx.colours,
            events=events,
            labels=ctx.shorts,
        )
        alt = alt_text.history_alt_text(positions, scale_labels)
        show_chart(fig, key="history", alt=alt)
        st.caption(
            "Marker = stance (▲ demand, ● offer, ✕ rejection, ■ red line, ◆ condition, "
            "★ proposal, ⬢ statement); bar = accepted range; ○ = ideal only. Sides on the "
            "same point are drawn slightly apart vertically. Dotted lines: events. "
            "Positions with no range and no ideal are listed below."
        )
        paths = path_sentences(d, issue)
        if paths:
            st.caption("How the accepted ranges moved, step by step:")
            for sentence in paths:
                st.caption(md(sentence + "."))
        shown = positions[
            ["as_of", "side_name", "stance", "range_label", "ideal_label", "summary", "conditions"]
        ].copy()
        shown["stance"] = shown["stance"].map(figures.stance_text)
        shown["side_name"] = [ctx.short(s) for s in positions["side"]]  # a narrow table
        people_table(
            shown,
            {
                "as_of": st.column_config.DateColumn("As of", format="YYYY-MM-DD"),
                "side_name": "Side",
                "stance": "Stance",
                "range_label": "Accepts",
                "ideal_label": "Ideal",
                "summary": "Summary",
                "conditions": "Conditions",
            },
        )


def _evidence_section(d: Dossier, issue_id: str) -> None:
    """The evidence quotes of every position on one issue, by side."""
    st.header("Evidence", anchor=False)
    evidence = issue_evidence(d, issue_id)
    if evidence.empty:
        st.caption("No evidence quoted yet.")
        return
    for _side_id, group in evidence.groupby("side", sort=False):
        st.markdown(f"**{md(group['side_name'].iloc[0])}**")
        quotes = []  # one element per side, not one per quote
        for ev in group.itertuples(index=False):
            who = f"{md(ev.speaker)}, " if present(ev.speaker) else ""
            if who and ev.paraphrase:  # the outlet's words, not the speaker's
                who = f"{md(ev.speaker)} (paraphrased by {md(ev.outlet)}), "
            source = attribution(
                ev.outlet,
                ev.title,
                ev.date,
                ev.url,
                title_inferred=ev.title_inferred,
                date_inferred=ev.date_inferred,
            )
            quotes.append(
                f"{quote_md(ev.quote, ev.translation, ev.language)}\n\n"
                f"— {who}{source} · {md(figures.stance_text(ev.stance))} "
                f"as of {day_text(ev.as_of)}"
            )
        st.markdown("\n\n".join(quotes))
    shown = evidence.copy()
    shown["stance"] = shown["stance"].map(figures.stance_text)
    shown["paraphrase"] = shown["paraphrase"].map(lambda p: "paraphrase" if p else "verbatim")
    people_table(
        shown,
        {
            "side_name": "Side",
            "as_of": st.column_config.DateColumn("Position as of", format="YYYY-MM-DD"),
            "stance": "Stance",
            "quote": "Quote",
            "translation": "Translation",
            "language": "Language",
            "paraphrase": "Wording",
            "speaker": "Speaker",
            "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
            "outlet": "Outlet",
            "title": "Article",
            "url": st.column_config.LinkColumn("Link"),
        },
    )


def path_sentences(d: Dossier, issue: Issue) -> list[str]:
    """'Side: path' for every side whose accepted range changed on ``issue``: the
    whole path, so a side that moved and came back does not read "unchanged"."""
    labels = [p.label for p in issue.scale]
    out = []
    for side in d.sides:
        steps = analysis.range_path(d, side.id, issue.id)
        if len(steps) > 1:
            out.append(f"{side.name}: {analysis.describe_path(steps, labels)}")
    return out
