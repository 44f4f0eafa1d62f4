"""Gaps & overlaps: accepted ranges per issue, the overlap shaded and the gap in steps;
which party blocks the overlap of several; movement between two dates."""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd
import streamlit as st

from components import alt_text, data, decision_figures, figures, rule_view
from components.common import (
    GAPS_SORTS,
    GAPS_VIEWS,
    ViewContext,
    bound,
    canon,
    csv_download,
    date_slug,
    lazy_expander,
    md,
    page_of,
    people_table,
    present,
    require_dossier,
    section,
    show_chart,
    tuple_text,
)
from components.sidebar import page_setup
from components.state import write_url
from negotiation import analysis


def ranges_frame(ctx: ViewContext, issue: str, refs: list[str]) -> pd.DataFrame:
    """One row per party: its accepted interval on ``issue`` as of the context date
    (``hypothetical``: a what-if range takes part)."""
    d = ctx.dossier
    assert d is not None
    rows = []
    for ref in refs:
        pr = analysis.party_range(d, ref, issue, ctx.date)
        ideal = None
        if pr.kind == "side":
            pos = analysis.in_force(d, ref, issue, ctx.date)
            if pos is not None and pos.ideal is not None:
                ideal = analysis.ideal_index(d.issue_by_id[issue], pos)
        hypothetical = any(
            (pos := analysis.in_force(d, side, issue, ctx.date)) is not None
            and pos.id in d.hypothetical_ids
            for side, _ in pr.member_ranges
        )
        label = ctx.short(ref) + (" (camp)" if pr.kind == "camp" else "")
        sure = certainty_cells(d, ref, issue, ctx.date)
        if pr.split:
            label += " — split"
        rows.append(
            {
                "party": ref,
                "label": label,
                "name": pr.label,
                "lo": pr.interval[0] if pr.interval else pd.NA,
                "hi": pr.interval[1] if pr.interval else pd.NA,
                "ideal": ideal if ideal is not None else pd.NA,
                "stance": pr.stance,
                "hypothetical": hypothetical,
                **sure,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "party",
            "label",
            "name",
            "lo",
            "hi",
            "ideal",
            "stance",
            "hypothetical",
            *CERTAINTY_CELLS,
        ],
    )


CERTAINTY_CELLS = ("basis", "readings", "rejects_lo", "rejects_hi", "notes")
"""How sure a party's placement is, for the range figures: see
:func:`components.range_figures.range_figure`."""


def certainty_cells(d: Any, ref: str, issue: str, date: Any) -> dict[str, Any]:
    """basis ('inferred' when a member's placement is), readings ((label, lo, hi) of
    a side's contested position), rejects_lo/hi (a side's ruled-out part) and notes."""
    members = analysis.resolve_party(d, ref).members
    positions = [p for m in members if (p := analysis.in_force(d, m, issue, date)) is not None]
    iss = d.issue_by_id[issue]
    cells: dict[str, Any] = {
        "basis": "inferred" if any(p.basis == "inferred" for p in positions) else pd.NA,
        "readings": pd.NA,
        "rejects_lo": pd.NA,
        "rejects_hi": pd.NA,
        "notes": pd.NA,
    }
    if len(members) != 1 or not positions:
        return cells
    pos = positions[0]
    cells["basis"] = pos.basis_or_default
    cells["notes"] = pos.notes if pos.notes else pd.NA
    if pos.contested:
        cells["readings"] = tuple(
            (r.label, *(analysis.position_interval(iss, pos.as_reading(n)) or (None, None)))
            for n, r in enumerate(pos.readings or ())
        )
    rej = analysis.rejects_interval(iss, pos)
    if rej is not None:
        cells["rejects_lo"], cells["rejects_hi"] = rej
    return cells


CHARTS_PER_PAGE = 10
MOVES_PER_PAGE = 40
"""Arrows per page of the movement chart: thousands of arrows in one chart take
seconds to draw in the browser and cannot be read."""


def chart_page(rows: pd.DataFrame, key: str, noun: str = "issues") -> pd.DataFrame:
    """The rows whose charts this screen draws: at most CHARTS_PER_PAGE, with a pager."""
    return page_of(
        rows,
        key,
        per_page=CHARTS_PER_PAGE,
        label="Page of charts",
        noun=noun,
        help=f"{CHARTS_PER_PAGE} charts per page; narrow the issue filter in the sidebar "
        "to see fewer.",
    )


def sort_rows(rows: pd.DataFrame, order: str, width: str) -> pd.DataFrame:
    """The gap rows in the chosen order: ``"dossier"`` keeps the issues' order,
    ``"widest"`` puts the gaps first, widest (column ``width``, in steps) first, then the
    other rows in dossier order (a stable sort: ties keep dossier order)."""
    if order != "widest" or rows.empty:
        return rows
    is_gap = rows["status"] == "gap"
    steps = pd.to_numeric(rows[width], errors="coerce").where(is_gap).fillna(-1)
    key = pd.DataFrame({"gap": ~is_gap, "steps": -steps}, index=rows.index)
    return rows.loc[key.sort_values(["gap", "steps"], kind="stable").index]


def _sort_choice() -> str:
    """The order of the gap charts, bound to the URL key ``sort``."""
    view = canon()
    current = view.get("sort") if view.get("sort") in GAPS_SORTS else "dossier"
    chosen = bound(
        st.radio,
        "Order of the charts",
        "sort",
        "w_sort",
        current,
        options=list(GAPS_SORTS),
        format_func=lambda v: GAPS_SORTS[v],
        horizontal=True,
    )
    if chosen not in GAPS_SORTS:
        chosen = "dossier"
    view["sort"] = chosen
    return str(chosen)


def _scale_labels(ctx: ViewContext, issue: str) -> list[str]:
    d = ctx.dossier
    assert d is not None
    return [p.label for p in d.issue_by_id[issue].scale]


def _pairwise(ctx: ViewContext) -> None:
    d = ctx.dossier
    assert d is not None
    if not ctx.pair_ok:
        st.info("Pick two different sides or camps in the sidebar (Compare … with …).")
        return
    a, b = ctx.a, ctx.b
    assert a and b
    order = _sort_choice()
    # kept per as-of state of the pair, not per day: a move of the date that changes
    # none of their positions redraws nothing
    asof = ctx.state([a, b])
    gaps = sort_rows(
        data.by_state("gap_table", d, asof, a, b, date=ctx.date, issues=ctx.issues), order, "gap"
    )
    write_url(ctx.url_state())
    pair = (a, b, tuple(ctx.issue_filter), asof)
    section(
        ctx, "gaps-two-head", functools.partial(_pairwise_head, ctx, gaps), *pair, order, state=()
    )
    for row in chart_page(gaps, "two").itertuples(index=False):
        section(
            ctx,
            "gaps-two-chart",
            functools.partial(_pair_chart, ctx, row),
            a,
            b,
            row.issue,
            ctx.state([a, b], [row.issue]),
            state=(),
        )
    table, is_open = lazy_expander("Gap table", "gap-table")
    if is_open:  # drawn only while open
        with table:
            draw = functools.partial(_pair_table, ctx, gaps)
            section(ctx, "gaps-two-table", draw, *pair, order, state=())
    csv_download(
        gaps,
        f"gaps-{d.id}-{a}-{b}-{date_slug(ctx.date)}".replace(":", "_"),
        "Download the gap table (CSV)",
    )


def _pairwise_head(ctx: ViewContext, gaps: pd.DataFrame) -> None:
    a, b = ctx.a, ctx.b
    assert a and b
    st.caption(
        f"{md(ctx.label(a))} and {md(ctx.label(b))}: each accepted range on the issue's scale. "
        "A shaded band is the overlap (a zone both could accept); a dashed line is the "
        "gap between the nearest ends, in scale steps. ○ marks a side's ideal outcome."
    )
    st.markdown(md(alt_text.pair_summary_alt_text(gaps, ctx.label(a), ctx.label(b))))


def _pair_chart(ctx: ViewContext, row: Any) -> None:
    """One issue's ranges of the two parties, the overlap or the gap."""
    a, b = ctx.a, ctx.b
    assert a and b
    frame = ranges_frame(ctx, row.issue, [a, b])
    overlap = (int(row.overlap_lo), int(row.overlap_hi)) if row.status == "overlap" else None
    gap = int(row.gap) if row.status == "gap" else None
    scale = _scale_labels(ctx, row.issue)
    fig = figures.range_figure(
        frame, scale, title=row.issue_title, overlap=overlap, gap=gap, colours=ctx.colours
    )
    alt = alt_text.range_alt_text(
        frame, scale, title=row.issue_title, overlap=overlap, gap=gap, at_least=row.gap_at_least
    )
    show_chart(fig, key=f"pair-{row.issue}", alt=alt)
    bounded = "; ".join(bounded_words(ctx, p, row.issue) for p in row.bounded)
    if row.status == "split":
        split = [ctx.label(p) for p, s in ((a, row.a_split), (b, row.b_split)) if s]
        st.caption(f"Not compared: {md(', '.join(split))} is split on this issue.")
    elif row.status == "gap" and row.gap_at_least:
        steps = analysis.steps_text(int(row.gap), True)
        st.caption(md(f"Gap of {steps}: {bounded}."))
    elif row.status == "not placed" and bounded:
        st.caption(md(f"Not compared: {bounded}."))
    elif row.status == "not placed":
        st.caption("Not compared: at least one party has no accepted range by this date.")
        _certainty_caption(frame)
    _readings_line(row)


def _readings_line(row: Any) -> None:
    """What the comparison gives under each reading of a contested party (nothing when
    no party compared is contested)."""
    text = getattr(row, "span_text", "")
    if text:
        st.markdown(f"**Depends on the reading** — {md(text)}")


def _certainty_caption(frame: pd.DataFrame) -> None:
    """Why a party drawn on the chart is not placed: its readings or what it rules out."""
    notes = []
    for r in frame.itertuples(index=False):
        readings = r.readings if isinstance(r.readings, tuple) else ()
        if readings:
            labels = ", ".join(str(x[0]) for x in readings)
            notes.append(f"{r.label}: the sources disagree ({len(readings)} readings: {labels})")
        elif present(r.rejects_lo) and (not present(r.lo)):
            notes.append(f"{r.label}: bounded (only what it rules out is known)")
    if notes:
        st.caption(md("; ".join(notes) + "."))


def bounded_words(ctx: ViewContext, party: str, issue: str) -> str:
    """'Japan has ruled out A – B (bounded, not placed)'."""
    d = ctx.dossier
    assert d is not None
    pr = analysis.party_range(d, party, issue, ctx.date)
    return analysis.bounded_party_text(pr, d.issue_by_id[issue].scale)


def _pair_table(ctx: ViewContext, gaps: pd.DataFrame) -> None:
    a, b = ctx.a, ctx.b
    assert a and b
    table = gaps.copy()
    labels = ctx.labels
    table["a_not_placed"] = table["a_not_placed"].map(lambda v: tuple_text(v, labels))
    table["b_not_placed"] = table["b_not_placed"].map(lambda v: tuple_text(v, labels))
    if table["gap_at_least"].any():  # a lower bound against a bounded party
        table["gap"] = [
            f"at least {g}" if least else g
            for g, least in zip(table["gap"].astype(object), table["gap_at_least"], strict=True)
        ]
    for side in ("a", "b", "overlap"):
        table[f"{side}_range"] = [
            span_text(lo, hi)
            for lo, hi in zip(table[f"{side}_from_label"], table[f"{side}_to_label"], strict=True)
        ]
    d = ctx.dossier
    assert d is not None
    names = {a: ctx.short(a), b: ctx.short(b)}
    table["how_sure"] = [
        analysis.pair_how_sure(d, a, b, issue, ctx.date, labels=names) for issue in table["issue"]
    ]
    columns = {
        "issue_title": "Issue",
        "status": "Status",
        "how_sure": "How sure",
        "a_range": f"{ctx.short(a)} accepts",
        "b_range": f"{ctx.short(b)} accepts",
        "overlap_range": "Overlap",
        "gap": "Gap (steps)",
        "a_not_placed": f"Not placed ({ctx.short(a)})",
        "b_not_placed": f"Not placed ({ctx.short(b)})",
    }
    if table["span_text"].astype(bool).any():
        columns["span_text"] = "Under each reading"
    people_table(table, columns)


def span_text(lo: object, hi: object) -> str | None:
    """'X' or 'X – Y' from two scale labels (None when there is no range)."""
    if not present(lo):
        return None
    return str(lo) if lo == hi or not present(hi) else f"{lo} – {hi}"


def blocker_sentence(row, label) -> str:  # type: ignore[no-untyped-def]
    """Plain-language reading of one overlap_table row."""
    title = row.issue_title
    if row.status == "overlap":
        lo, hi = row.overlap_from_label, row.overlap_to_label
        zone = lo if lo == hi else f"{lo} – {hi}"
        text = f"{title}: the parties overlap at {zone}."
        if row.not_placed:
            text += f" Not placed (left out): {tuple_text(row.not_placed, label)}."
        return text
    if row.status == "gap":
        text = f"{title}: no overlap (spread {row.spread} step{'s' if row.spread != 1 else ''}). "
        if len(row.blocker_sets) > 1:
            text += f"Blocking — {analysis.blocker_sets_text(row.blocker_set_labels)}."
        else:
            who = ", ".join(row.blocker_labels)
            text += (
                f"Blocking: {who} — without {'it' if len(row.blockers) == 1 else 'them'} "
                "the others' ranges meet."
            )
        if row.not_placed:
            text += f" Not placed: {tuple_text(row.not_placed, label)}."
        return text
    return f"{title}: not enough parties placed to compare."


def _several(ctx: ViewContext) -> None:
    d = ctx.dossier
    assert d is not None
    if len(ctx.parties) < 2:
        st.info("Pick at least two parties in the sidebar (Parties for the overlap).")
        return
    order = _sort_choice()
    parties = list(ctx.parties)
    asof = ctx.state(parties)
    table = sort_rows(
        data.by_state("overlap_table", d, asof, parties, date=ctx.date, issues=ctx.issues),
        order,
        "spread",
    )
    write_url(ctx.url_state())
    plain = table.empty or all(analysis.is_plain(r) for r in table.itertuples(index=False))
    if plain:
        st.caption(
            "The overlap of all the parties picked is the intersection of their ranges. "
            "When it is empty, the blocking parties are the smallest set whose removal "
            "reopens an overlap; when several sets are equally small, every one is named."
        )
    else:
        st.caption(
            "Each issue is decided under its rule, counting each party by its weight (the "
            "votes it casts or the states it speaks for); mediators and observers never "
            "count, and a party that is not placed never counts as accepting. The bars show "
            "the weight behind each point against the bar the rule sets; the groups that "
            "hold a deal up are the lightest by weight, every tie named."
        )
    rule_view.rule_and_weights(ctx, parties)
    for row in chart_page(table, "several").itertuples(index=False):
        section(
            ctx,
            "gaps-several-chart",
            functools.partial(_several_chart, ctx, row),
            tuple(parties),
            row.issue,
            ctx.state(parties, [row.issue]),
            state=(),
        )
    section(
        ctx,
        "gaps-several-table",
        functools.partial(_several_table, ctx, table),
        tuple(parties),
        tuple(ctx.issue_filter),
        asof,
        order,
        state=(),
    )
    csv_download(
        table, f"overlaps-{d.id}-{date_slug(ctx.date)}", "Download the overlap table (CSV)"
    )


def _several_chart(ctx: ViewContext, row: Any) -> None:
    """One issue's ranges of every party picked, the overlap or who blocks it."""
    frame = ranges_frame(ctx, row.issue, list(ctx.parties))
    overlap = (int(row.overlap_lo), int(row.overlap_hi)) if row.status == "overlap" else None
    gap = int(row.spread) if row.status == "gap" else None
    scale = _scale_labels(ctx, row.issue)
    fig = figures.range_figure(
        frame, scale, title=row.issue_title, overlap=overlap, gap=gap, colours=ctx.colours
    )
    alt = alt_text.range_alt_text(frame, scale, title=row.issue_title, overlap=overlap, gap=gap)
    show_chart(fig, key=f"multi-{row.issue}", alt=alt)
    if analysis.is_plain(row):
        text = blocker_sentence(row, ctx.labels) + _bounded_sentence(ctx, row)
        if row.status == "gap":
            st.markdown(f":red[**Blocked**] — {md(text)}")
        else:
            st.markdown(md(text))
    else:
        _support_chart(ctx, row)
    _readings_line(row)


def _bounded_sentence(ctx: ViewContext, row: Any) -> str:
    """' Japan has ruled out A – B (bounded, not placed). An overlap is still possible
    at C.' ('' without a bounded party)."""
    if not row.bounded:
        return ""
    text = " " + "; ".join(bounded_words(ctx, p, row.issue) for p in row.bounded) + "."
    if row.possible_points:
        d = ctx.dossier
        assert d is not None
        labels = [p.label for p in d.issue_by_id[row.issue].scale if p.id in row.possible_points]
        where = labels[0] if len(labels) == 1 else f"{labels[0]} – {labels[-1]}"
        text += f" An overlap is still possible at {where}."
    return text


def _support_chart(ctx: ViewContext, row: Any) -> None:
    """The weight behind each point against the rule's bar, and the decision in words."""
    d = ctx.dossier
    assert d is not None
    scale = d.issue_by_id[row.issue].scale
    rule = analysis.parse_rule(row.rule)
    bar, strict = rule.bar(row.total_weight) if row.total_weight else (0, False)
    labels = [p.label for p in scale]
    fig = decision_figures.support_figure(
        labels,
        row.support,
        row.total_weight,
        float(bar),
        strict=strict,
        winning=row.winning_indices,
        title=f"{row.issue_title}: support behind each point",
    )
    alt = decision_figures.support_alt_text(
        labels, row.support, row.total_weight, float(bar), strict=strict
    )
    show_chart(fig, key=f"support-{row.issue}", alt=f"{row.issue_title}. {alt}")
    sentence = analysis.decision_sentence(row, ctx.labels, scale)
    flag = {
        "carries": ":green[**Carries**]",
        "held up": ":red[**Held up**]",
        "not placed": "**Not placed**",
    }[row.deal]
    where = " (this issue's own rule)" if row.rule_source == "issue" else ""
    st.markdown(f"{flag}{md(where)} — {md(sentence)}")


def _several_table(ctx: ViewContext, table: pd.DataFrame) -> None:
    label = ctx.labels
    shown = table.copy()
    for col in ("parties", "placed", "not_placed", "split", "blockers"):
        shown[col] = shown[col].map(lambda v: tuple_text(v))
    shown["blocker_labels"] = table["blocker_set_labels"].map(
        lambda sets: " or ".join(", ".join(s) for s in sets) if sets else ""
    )
    shown["not_placed"] = table["not_placed"].map(lambda v: tuple_text(v, label))
    columns = {
        "issue_title": "Issue",
        "status": "Status",
        "overlap_from_label": "Overlap from",
        "overlap_to_label": "Overlap to",
        "spread": "Spread (steps)",
        "blocker_labels": "Blocking",
        "not_placed": "Not placed",
    }
    if not all(analysis.is_plain(r) for r in table.itertuples(index=False)):
        shown["rule"] = table["rule"].map(lambda t: analysis.parse_rule(t).describe())
        shown["winning_labels"] = table["winning_labels"].map(lambda v: ", ".join(v))
        shown["outvoted"] = table["outvoted"].map(
            lambda o: "; ".join(tuple_text(v, label) for v in o.values() if v)
        )
        shown["blocker_labels"] = table["blocker_set_labels"].map(
            lambda sets: " or ".join(", ".join(s) for s in sets) if sets else ""
        )
        columns = {
            "issue_title": "Issue",
            "rule": "Rule",
            "deal": "Deal",
            "winning_labels": "Carries",
            "outvoted": "Outvoted",
            "blocker_labels": "Holding a deal up",
            "not_placed": "Not placed",
        }
    if table["span_text"].astype(bool).any():
        columns["span_text"] = "Under each reading"
    people_table(shown, columns)


def _movement(ctx: ViewContext) -> None:
    d = ctx.dossier
    assert d is not None
    dates = ctx.dates
    if len(dates) < 2 or ctx.date is None:
        st.info("Movement needs at least two dates in the dossier.")
        return
    view = canon()
    earlier = [x for x in dates if x < ctx.date] or dates[:1]
    start = view.get("from")
    if start not in earlier:
        start = earlier[0]
    date_from = bound(
        st.selectbox,
        "From",
        "from",
        "w_from",
        start,
        options=earlier,
        format_func=lambda x: x.strftime("%d %b %Y"),
        help="Movement from this date to the sidebar's 'As of' date.",
    )
    write_url(ctx.url_state())
    a, b = (ctx.a, ctx.b) if ctx.pair_ok else (None, None)
    moves = data.shared("movement_table", d, date_from, ctx.date, a=a, b=b)
    if ctx.issues is not None:
        moves = moves[moves["issue"].isin(ctx.issue_ids)]
    st.caption(
        f"Changes between {date_from:%d %b %Y} and {ctx.date:%d %b %Y}: arrows go from the "
        "old placement (grey tick │) to the new one. x is the share of the issue's scale "
        "(each issue has its own scale). Direction is judged against "
        + (f"{md(ctx.label(b))} / {md(ctx.label(a))}." if a else "the other camp or side.")
    )
    if moves.empty:
        st.info("No side changed its position between these dates.")
        return
    charted = page_of(
        moves,
        "movement",
        per_page=MOVES_PER_PAGE,
        label="Page of the chart",
        noun="moves",
        rest="the table below lists them all",
        help=f"{MOVES_PER_PAGE} arrows per page; narrow the issue filter in the sidebar "
        "to see fewer.",
    )
    section(
        ctx,
        "gaps-movement",
        functools.partial(_movement_body, ctx, moves, charted),
        date_from,
        len(moves),
        charted.index[0],
    )
    csv_download(
        moves,
        f"movement-{d.id}-{date_from}-{date_slug(ctx.date)}",
        "Download the movement table (CSV)",
    )


def _movement_body(ctx: ViewContext, moves: pd.DataFrame, charted: pd.DataFrame) -> None:
    """The movement chart (the moves of this page) and the table of every move."""
    fig = figures.movement_figure(charted, colours=ctx.colours, labels=ctx.shorts)
    alt = alt_text.movement_alt_text(charted)
    show_chart(fig, key="movement", alt=alt)
    shown = moves.copy()
    shown["side_name"] = (
        [ctx.label(s) for s in moves["side"]] if "side" in moves else moves["side_name"]
    )
    shown["steps"] = [f"{v:+.1f}" if present(v) else None for v in moves["steps"]]
    for col in ("old_stance", "new_stance"):
        shown[col] = shown[col].map(figures.stance_text)
    people_table(
        shown,
        {
            "issue_title": "Issue",
            "side_name": "Side",
            "old_range_label": "Before",
            "new_range_label": "After",
            "old_stance": "Stance before",
            "new_stance": "Stance after",
            "steps": "Steps",
            "direction": "Direction",
        },
    )


def _view_choice() -> str:
    """The active view, bound to the URL key ``view``: only that view renders.

    A horizontal radio rather than st.tabs (which would render every view on every
    run) or st.segmented_control (its selected label fails the colour-contrast check
    with the primary colour of the theme)."""
    view = canon()
    current = view.get("view") if view.get("view") in GAPS_VIEWS else "two"
    chosen = bound(
        st.radio,
        "View",
        "view",
        "w_view",
        current,
        options=list(GAPS_VIEWS),
        format_func=lambda v: GAPS_VIEWS[v],
        horizontal=True,
        label_visibility="collapsed",
    )
    if chosen not in GAPS_VIEWS:
        chosen = "two"
    view["view"] = chosen
    return str(chosen)


def render() -> None:
    ctx = page_setup("Gaps & overlaps")
    if not require_dossier(ctx):
        return
    chosen = _view_choice()
    write_url(ctx.url_state())
    if chosen == "two":
        _pairwise(ctx)
    elif chosen == "several":
        _several(ctx)
    else:
        _movement(ctx)
