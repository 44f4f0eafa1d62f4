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
from components.gaps import ranges_frame
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
    # the current stand and how sure it is follow the as-of date too
    section(
        ctx,
        "issue-how-sure",
        functools.partial(_how_sure_section, ctx, d, issue),
        issue_id,
        ctx.state([s.id for s in d.sides], [issue_id]),
        state=(),
    )
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
            readings=analysis.reading_history(d, issue.id),
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
        shown["range_label"] = _accepts_cells(positions)
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


def _accepts_cells(positions: pd.DataFrame) -> list[object]:
    """The Accepts column: the range, or for a position without one what it is
    instead ("contested: 2 readings", "rules out X – Y"); plain rows unchanged."""
    cells: list[object] = []
    for row in positions.itertuples(index=False):
        cell: object = row.range_label
        if bool(getattr(row, "contested", False)):
            cell = f"contested: {len(row.reading_labels)} readings"
        elif not present(row.range_label) and present(getattr(row, "rejects_label", None)):
            cell = f"rules out {row.rejects_label}"
        cells.append(cell)
    return cells


def _how_sure_section(ctx: ViewContext, d: Dossier, issue: Issue) -> None:
    """Where some placement on the issue is contested, bounded or inferred: every
    side's range as of the date (readings outlined, ruled-out parts hatched, inferred
    ranges dashed) and, for each uncertain placement, its readings with their
    quotes, what it rules out and why an inferred one was inferred."""
    refs = [s.id for s in d.sides if analysis.in_force(d, s.id, issue.id, ctx.date) is not None]
    shaky = [
        pos
        for ref in refs
        if (pos := analysis.in_force(d, ref, issue.id, ctx.date)) is not None
        and (pos.contested or pos.rejects is not None or pos.basis_or_default == "inferred")
    ]
    if not shaky:  # every placement plain: the page as it always was
        return
    st.header(
        f"Where each side stands, {day_text(ctx.date) if ctx.date else 'latest'}", anchor=False
    )
    frame = ranges_frame(ctx, issue.id, refs)
    scale = [p.label for p in issue.scale]
    fig = figures.range_figure(frame, scale, colours=ctx.colours)
    show_chart(
        fig, key="issue-ranges", alt=alt_text.range_alt_text(frame, scale, title=issue.title)
    )
    st.caption(
        "Bar = accepted range; an outlined range per reading where the sources disagree; "
        "cross-hatched = ruled out (a bounded side, not placed); dashed = inferred by the "
        "curator from indirect evidence."
    )
    for ref in refs:
        pos = analysis.in_force(d, ref, issue.id, ctx.date)
        assert pos is not None
        sure = analysis.position_how_sure(pos)
        if not (pos.contested or pos.rejects or pos.basis_or_default == "inferred"):
            continue
        st.markdown(f"**{md(ctx.short(ref))}** — how sure: {md(sure)}")
        lines = []
        if pos.rejects is not None:
            rej = analysis.rejects_interval(issue, pos)
            if rej is not None:
                lines.append(f"Has ruled out {md(_span(scale, rej))}.")
        if pos.basis_or_default == "inferred" and pos.notes:
            lines.append(f"Inferred: {md(pos.notes)}")
        if lines:
            st.markdown("\n\n".join(lines))
        for n, reading in enumerate(pos.readings or ()):
            iv = analysis.position_interval(issue, pos.as_reading(n))
            accepts = f"accepts {md(_span(scale, iv))}" if iv else "places it nowhere"
            quotes = [f"*{md(reading.label)}*: {accepts}"]
            if reading.notes:
                quotes.append(md(reading.notes))
            quotes += [_quote_line(d, ev) for ev in reading.evidence]
            st.markdown("\n\n".join(quotes))


def _span(scale: list[str], iv: tuple[int, int]) -> str:
    return scale[iv[0]] if iv[0] == iv[1] else f"{scale[iv[0]]} – {scale[iv[1]]}"


def _quote_line(d: Dossier, ev) -> str:  # type: ignore[no-untyped-def]
    """One quote as a blockquote with its source line."""
    src = d.source_by_id.get(ev.source)
    title_inf, date_inf = source_inferred(src, ev.date)
    source = attribution(
        src.outlet if src else ev.source,
        src.title if src else None,
        ev.date or (src.date if src else None),
        safe_url(src.url) if src else None,
        title_inferred=title_inf,
        date_inferred=date_inf,
    )
    who = f"{md(ev.speaker)}, " if present(ev.speaker) else ""
    language = src.lang if src else None
    return f"{quote_md(ev.quote, ev.translation, language)}\n\n— {who}{source}"


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
