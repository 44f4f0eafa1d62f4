"""Overview: the issues × sides matrix of stances and the headline numbers."""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from components import data, rule_view
from components.common import (
    ViewContext,
    csv_download,
    date_slug,
    glyph_cell,
    headline,
    json_download,
    md,
    page_of,
    require_dossier,
    section,
)
from components.sidebar import page_setup
from negotiation import analysis

SIDES_PER_TABLE = 5
"""Columns per stance table: more sides are split over several tables."""
ISSUES_PER_PAGE = 50
"""Rows per page of the stance tables: static tables of hundreds of rows take the
browser seconds to lay out on every change."""


def column_chunks(columns: list[str], size: int = SIDES_PER_TABLE) -> list[list[str]]:
    """``columns`` in runs of ``size`` (a last run of one joins the run before)."""
    chunks = [columns[i : i + size] for i in range(0, len(columns), size)]
    if len(chunks) >= 2 and len(chunks[-1]) == 1:
        last = chunks.pop()
        chunks[-1] += last
    return chunks


def overview_frame(ctx: ViewContext) -> pd.DataFrame:
    """Issues × sides (stance and accepted range), plus the pair comparison column;
    kept per view state, shared: read-only."""
    d = ctx.dossier
    assert d is not None
    key = (*_pair(ctx), _every_side_state(ctx))
    return data.memo("overview-frame", d, key, functools.partial(_overview_frame, ctx))


def _every_side_state(ctx: ViewContext) -> object:
    """The as-of state of every side on the issues of the filter."""
    d = ctx.dossier
    assert d is not None
    return ctx.state([s.id for s in d.sides])


def _pair(ctx: ViewContext) -> tuple[object, ...]:
    """The pair compared and the issue filter (what the view shows besides the date)."""
    return (ctx.a, ctx.b, ctx.pair_ok, tuple(ctx.issue_filter))


def _overview_frame(ctx: ViewContext) -> pd.DataFrame:
    d = ctx.dossier
    assert d is not None
    every = ctx.state([s.id for s in d.sides], [i.id for i in d.issues])
    matrix = data.by_state("overview_matrix", d, every, date=ctx.date)
    titles = [i.title for i in d.issues if i.id in ctx.issue_ids]
    matrix = matrix.loc[[t for t in matrix.index if t in titles]].map(glyph_cell)
    if ctx.pair_ok:
        assert ctx.a and ctx.b
        pair = ctx.state([ctx.a, ctx.b])
        gaps = data.by_state("gap_table", d, pair, ctx.a, ctx.b, date=ctx.date, issues=ctx.issues)
        col = []
        for row in gaps.itertuples(index=False):
            if row.status == "overlap":
                lo, hi = row.overlap_from_label, row.overlap_to_label
                col.append(f"overlap: {lo}" if lo == hi else f"overlap: {lo} – {hi}")
            elif row.status == "gap":
                col.append(f"gap: {row.gap} step{'s' if row.gap != 1 else ''}")
            else:
                col.append(str(row.status))
        matrix[f"{ctx.short(ctx.a)} vs {ctx.short(ctx.b)}"] = col
    matrix[HOW_SURE] = [
        analysis.issue_how_sure(d, i.id, ctx.date) for i in d.issues if i.title in set(matrix.index)
    ]
    return matrix


HOW_SURE = "How sure"
"""Column of the stance table: each side's basis, readings, ruled-out part and
sources on the issue (negotiation.analysis.certainty)."""


def render() -> None:
    ctx = page_setup("Overview")
    if not require_dossier(ctx):
        return
    d = ctx.dossier
    assert d is not None
    # kept per as-of state of the sides shown, not per day
    key = (*_pair(ctx), _every_side_state(ctx))
    section(ctx, "overview", functools.partial(_draw, ctx), *key, tuple(ctx.parties), state=())
    st.header("Stances by issue and side", anchor=False)
    st.caption(
        "Each cell: stance (symbol and word) · accepted range on the issue's scale; "
        f"“{analysis.NONE_CELL}” = no position by this date. How sure: stated (the "
        "side's own words), reported (a source reports it), inferred (the curator's "
        "reading), contested (sources disagree: one reading each), bounded (only what it "
        "rules out is known), single source (every quote from one source)."
    )
    rows = page_of(
        overview_frame(ctx),
        "overview",
        per_page=ISSUES_PER_PAGE,
        label="Page of issues",
        noun="issues",
        rest="the CSV lists them all",
        help=f"{ISSUES_PER_PAGE} issues per page; narrow the issue filter in the sidebar "
        "to see fewer.",
    )
    page = (rows.index[0], len(rows)) if len(rows) else ()
    section(
        ctx, "overview-table", functools.partial(_stance_tables, ctx, rows), *key, *page, state=()
    )
    c1, c2 = st.columns(2)
    with c1:
        csv_download(
            lambda: overview_frame(ctx).reset_index(),
            f"overview-{d.id}-{date_slug(ctx.date)}",
            "Download this table (CSV)",
        )
    with c2:
        json_download(ctx)


def _draw(ctx: ViewContext) -> None:
    d = ctx.dossier
    assert d is not None
    with st.expander("What is negotiated", expanded=False):
        st.markdown(md(d.meta.summary))

    if ctx.pair_ok:
        h = headline(ctx)
        pair = f"{ctx.label(ctx.a)} vs {ctx.label(ctx.b)}"
        st.header(f"Headline: {md(pair)}", anchor=False)
        # two rows of three: at 1024 px a row of five cuts the labels off
        cols = [*st.columns(3), *st.columns(3)]
        cols[0].metric(
            "Issues with an overlap",
            h["issues_with_overlap"],
            help="The two accepted ranges share at least one outcome.",
        )
        cols[1].metric(
            "Issues with a gap",
            h["issues_with_gap"],
            help="The accepted ranges do not meet: steps between the nearest ends.",
        )
        cols[2].metric(
            "Not placed",
            h["issues_not_placed"],
            help="At least one party has no accepted range (never guessed).",
        )
        cols[3].metric(
            "Camp splits",
            h["camp_splits"],
            help="Issue × camp cells where the members' ranges do not intersect.",
        )
        widest = h["widest_gap"]
        if widest:
            steps = widest["steps"]
            cols[4].metric(
                "Widest gap",
                analysis.steps_text(steps, widest.get("at_least", False)),
                help="Largest gap in scale steps between the two parties, every issue "
                "counted the same (not weighted by how much the parties care).",
            )
            cols[4].caption(f"{md(widest['issue_title'])} ({widest['gap_norm']:.0%} of the scale)")
            _weighted_widest(ctx, cols[5])
        else:
            cols[4].metric("Widest gap", "none")
        shaky = analysis.uncertain_gaps_text(h)
        if shaky:
            st.caption(
                f"{md(shaky)}: a source disputes where a side stands, or the curator "
                "inferred it from indirect evidence (the How sure column says which)."
            )
        if h["issues_split"]:
            st.caption(
                f"{h['issues_split']} issue{'s' if h['issues_split'] != 1 else ''} not "
                "compared because a camp is split (its members accept nothing in common)."
            )
    else:
        st.info("Pick two different sides or camps in the sidebar to see gaps and overlaps.")
    if len(ctx.parties) >= 2:
        _decision_headline(ctx)


def _weighted_widest(ctx: ViewContext, col) -> None:  # type: ignore[no-untyped-def]
    """Beside the plain widest gap: the widest gap weighted by the parties' priorities
    (steps × the higher of the two weights). Where neither party states a priority on
    any issue with a gap, every weight is medium and the weighted pick is the plain one:
    no second metric, a caption says so."""
    d = ctx.dossier
    assert d is not None and ctx.a and ctx.b
    w = data.by_state(
        "weighted_widest_gap",
        d,
        ctx.state([ctx.a, ctx.b]),
        ctx.a,
        ctx.b,
        date=ctx.date,
        issues=ctx.issues,
    )
    if w is None:
        return
    if not w["stated"]:
        col.caption(
            "No priority is stated on these gaps, so weighting by priority would pick "
            "the same widest gap."
        )
        return
    steps = w["weighted_steps"]
    col.metric(
        "Widest gap, weighted steps",
        f"at least {steps}" if w.get("at_least") else f"{steps}",
        help="Weighted by priority: the gap in steps × the higher of the two parties' "
        "priority weights on the issue "
        "(core 4, high 3, medium 2, low 1; medium where no priority is stated). "
        "The plain widest gap beside it counts every issue the same.",
    )
    who = max(w["weights"], key=lambda r: w["weights"][r])
    text = (
        f"{md(w['issue_title'])}: {w['steps']} step{'s' if w['steps'] != 1 else ''} × "
        f"{w['weight']} ({md(ctx.short(who))}: {w['priorities'][who]})"
    )
    if w["n_defaulted"]:
        text += f"; {w['n_defaulted']} of the weights on the gaps defaulted to medium"
    col.caption(text)


def _decision_headline(ctx: ViewContext) -> None:
    """How many issues carry under their rule for the parties of the overlap."""
    d = ctx.dossier
    assert d is not None
    parties = list(ctx.parties)
    table = data.by_state(
        "overlap_table", d, ctx.state(parties), parties, date=ctx.date, issues=ctx.issues
    )
    deal = table["deal"].value_counts().to_dict() if len(table) else {}
    st.subheader(f"Under the rule: the {len(parties)} parties of the overlap", anchor=False)
    cols = st.columns(3)
    cols[0].metric(
        "Issues where a deal carries",
        deal.get("carries", 0),
        help="Some point has the support the issue's rule asks for (under consensus: "
        "every party counted accepts it).",
    )
    cols[1].metric(
        "Issues held up",
        deal.get("held up", 0),
        help="No point has the support the rule asks for; Gaps & overlaps (several "
        "parties) names who holds it up.",
    )
    cols[2].metric(
        "Too few placed",
        deal.get("not placed", 0),
        help="Fewer than two of the parties that count have an accepted range on the "
        "issue: nothing to decide yet.",
    )
    rule_view.rule_and_weights(ctx, parties)


def _stance_tables(ctx: ViewContext, frame: pd.DataFrame) -> None:
    """The stance tables of ``frame`` (a page of :func:`overview_frame`'s rows)."""
    d = ctx.dossier
    assert d is not None
    # a static table, not the canvas grid: its cells wrap, so every side fits at
    # 1280 px without scrolling sideways or hovering, and it is a real <table> with
    # row and column headers for screen readers
    # st.table renders Markdown in cells and headers: escape the data text
    # short labels as column headers (nine sides share the width), named in full below
    shorts = {s.name: s.label for s in d.sides}
    if len(set(shorts.values())) < len(shorts):
        shorts = {}  # two sides share a short label: keep the full names
    shown = frame.rename(columns=shorts)
    shown = shown.map(lambda v: md(v) if isinstance(v, str) else v)
    shown = shown.rename(index=md, columns=md).rename_axis("Issue")
    # at most SIDES_PER_TABLE sides a table: nine sides in one table would scroll
    # sideways at 1024 px; the issue column repeats in each
    # How sure rides with the last run of sides: it never makes a table of its own
    sure = md(HOW_SURE)
    parts = column_chunks([c for c in shown.columns if c != sure])
    if sure in shown.columns:
        parts[-1].append(sure)
    for n, part in enumerate(parts):
        alt = "Stances by issue and side" + (f", part {n + 1}" if n else "")
        st.table(shown[part], alt=alt)
    named = [f"{md(short)} = {md(name)}" for name, short in shorts.items() if short != name]
    if named:
        st.caption("Columns: " + "; ".join(named) + ".")
