"""Paths to agreement: per issue, the meeting point(s) and each party's required move;
the concessions (for the compared pair and for all the overlap's parties); the ranked
trades with the quotes behind both sides' priorities; the weights in use; and the
what-if editor. Every number is arithmetic on the ranges and priorities, and the
quotes behind them are one click away (an expander next to each chart and trade)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from components import data, paths_alt_text, paths_figures, rule_view, whatif_ui
from components.common import (
    ViewContext,
    csv_download,
    date_slug,
    lazy_expander,
    md,
    md_link,
    present,
    quote_md,
    require_dossier,
    section,
    show_chart,
    source_language,
    tuple_text,
)
from components.gaps import CERTAINTY_CELLS, certainty_cells, chart_page
from components.issue_detail import issue_evidence
from components.sidebar import page_setup
from negotiation import analysis, paths
from negotiation.brief import DATE_INFERRED
from negotiation.dossier import Dossier

TOP_TRADES = 10
TRADES_WITH_QUOTES = 5


def steps_text(steps: Any, labels: dict[str, str]) -> str:
    """{'camp:russia': 0, 'camp:west': 4} -> 'Russia 0 · The West 4'."""
    if not isinstance(steps, dict):
        return ""
    return " · ".join(f"{labels.get(r, r)} {int(k)}" for r, k in steps.items())


def concessions_view(table: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """The concessions table in words, one row per issue (for st.dataframe)."""
    # A meeting point is only meaningful where every party is placed: elsewhere the
    # "point" would merely repeat the placed party's own range, so it is shown as "—".
    placed = table["status"] != "not placed"

    def when_placed(values: pd.Series) -> pd.Series:
        text = values.map(lambda v: "—" if v is None or v is pd.NA or v == "" else str(v))
        return text.where(placed, "—")

    view = pd.DataFrame(
        {
            "Issue": table["issue_title"],
            "Status": table["status"],
            "Meeting point": when_placed(table["point_label"]),
            "All tied points": when_placed(
                table["meeting_labels"].map(lambda v: " / ".join(v or ()) or "—")
            ),
            "Steps in all": when_placed(table["total_steps"].astype(object)),
            "Steps per party": when_placed(table["steps"].map(lambda v: steps_text(v, labels))),
            "Weights": table["weights"].map(lambda v: steps_text(v, labels) or "—"),
            "Weights defaulted": table["n_defaulted"],
            "Red lines crossed": table["red_lines_crossed"].map(
                lambda v: tuple_text(v, labels) or "—"
            ),
            "What-if": table["hypothetical"].map(lambda v: "hypothetical" if v else "—"),
        }
    )
    if "by_weight_points" in table.columns and any(len(v) for v in table["by_weight_points"]):
        view.insert(
            3,
            "Counting each party's weight",
            when_placed(table.apply(_by_weight_text, axis=1)),
        )
    if "ruled_out_by" in table.columns and any(len(v) for v in table["ruled_out_by"]):
        view.insert(  # a meeting point inside a bounded party's ruled-out part is flagged
            4,
            "Meeting point ruled out by",
            [
                tuple_text(ruled.get(pt, ()), labels) or "—" if pt is not None else "—"
                for pt, ruled in zip(table["point"], table["ruled_out_by"], strict=True)
            ],
        )
    if "rule" in table.columns and any(r != "consensus" for r in table["rule"]):
        view.insert(1, "Rule", table["rule"].map(lambda r: analysis.parse_rule(r).describe()))
        view.insert(
            5,
            "Outvoted (do not move)",
            table["outvoted"].map(lambda v: tuple_text(v, labels) or "—"),
        )
    return view


def _by_weight_text(row: Any) -> str:
    """The meeting point counting each party's move for the states it speaks for
    (vote weight × priority × steps); "same" when it is the meeting point."""
    points = tuple(row["by_weight_points"] or ())
    if not points:
        return "—"
    if points == tuple(row["meeting_points"] or ()):
        return "same"
    return " / ".join(row["by_weight_labels"])


def _slug(*parts: object) -> str:
    return "-".join(str(p) for p in parts if p).replace(":", "_")


# --------------------------------------------------------------------------- quotes


def _quote_lines(d: Dossier, rows: Iterable[Any]) -> list[str]:
    out = []
    for ev in rows:
        quote = quote_md(ev.quote, getattr(ev, "translation", None), source_language(d, ev.source))
        who = f"{md(ev.speaker)}, " if present(ev.speaker) else ""
        if who and getattr(ev, "paraphrase", False):
            who = f"{md(ev.speaker)} (paraphrased by {md(ev.outlet)}), "
        when = f"{pd.Timestamp(ev.date):%d %b %Y}" if present(ev.date) else "undated"
        if present(ev.date) and getattr(ev, "date_inferred", False) is True:
            when += f" ({DATE_INFERRED})"
        out.append(f"{quote}\n\n— {who}{md_link(ev.outlet, ev.url)}, {when}")
    return out


def _quotes_by_position(d: Dossier, issue: str) -> dict[str, tuple[str, str, list[str]]]:
    """Position id -> (side id, side name, its quote lines) for every position on
    ``issue``, in the dossier's side order; kept per issue, shared: read-only."""

    def build() -> dict[str, tuple[str, str, list[str]]]:
        ev = issue_evidence(d, issue)
        out: dict[str, tuple[str, str, list[str]]] = {}
        for (side, position), group in ev.groupby(["side", "position"], sort=False):
            lines = _quote_lines(d, group.itertuples(index=False))
            out[str(position)] = (str(side), str(group["side_name"].iloc[0]), lines)
        return out

    return data.memo("paths-range-quotes", d, (issue,), build)


def range_quotes(d: Dossier, issue: str, positions: Sequence[str]) -> None:
    """The evidence quotes of the in-force positions behind the ranges drawn."""
    wanted = set(p for p in positions if present(p))
    if any(p in d.hypothetical_ids for p in wanted):
        st.markdown("*A what-if range has no quote: it is a hypothesis, not in the sources.*")
    by_side: dict[str, tuple[str, list[str]]] = {}
    for position, (side, name, lines) in _quotes_by_position(d, issue).items():
        if position in wanted:
            by_side.setdefault(side, (name, []))[1].extend(lines)
    if not by_side:
        st.caption("No evidence quoted for these ranges.")
        return
    for name, lines in by_side.values():
        st.markdown(f"**{md(name)}** (range)")
        st.markdown("\n\n".join(lines))


def priority_quotes(d: Dossier, positions: Sequence[Any]) -> int:
    """The quotes behind the priorities of ``positions`` (ids; None skipped); returns
    how many quotes were shown."""
    wanted = [p for p in positions if present(p)]
    if not wanted:
        return 0
    frame = data.cached("priority_evidence_frame", d, positions=tuple(dict.fromkeys(wanted)))
    for _, group in frame.groupby(["side", "issue"], sort=False):
        first = group.iloc[0]
        st.markdown(
            f"**{md(first['side_name'])}** — {md(first['issue_title'])}: priority "
            f"*{md(first['priority'])}* (weight {int(first['weight'])})"
        )
        st.markdown("\n\n".join(_quote_lines(d, group.itertuples(index=False))))
    return len(frame)


# --------------------------------------------------------------------------- sections


def _issue_charts(
    ctx: ViewContext, table: pd.DataFrame, refs: list[str], key: str, by_rule: bool = False
) -> None:
    rows = table[table["status"] != "not placed"]
    if rows.empty:
        st.caption("No issue on which two of these parties are placed.")
        return
    for row in chart_page(rows, key).itertuples(index=False):
        # kept per as-of state of these parties on the issue, not per day
        cache_key = (row.issue, tuple(refs), key, ctx.state(refs, [row.issue]), by_rule)
        section(
            ctx,
            "paths-issue",
            functools.partial(_issue_chart, ctx, row.issue, row.issue_title, refs, key, by_rule),
            *cache_key,
            state=(),
        )
        # the quotes are drawn only while their expander is open
        quotes, is_open = lazy_expander(
            f"Quotes behind {md(row.issue_title)}: ranges and priorities",
            f"quotes-{key}-{row.issue}",
        )
        if is_open:
            with quotes:
                section(
                    ctx,
                    "paths-issue-quotes",
                    functools.partial(_issue_quotes, ctx, row.issue, refs, by_rule),
                    *cache_key,
                    state=(),
                )


def _issue_chart(
    ctx: ViewContext, issue: str, title: str, refs: list[str], key: str, by_rule: bool = False
) -> None:
    """One issue's chart of moves to the meeting point."""
    d = ctx.dossier
    assert d is not None
    ip = data.by_state(
        "issue_paths", d, ctx.state(refs, [issue]), issue, refs, date=ctx.date, by_rule=by_rule
    )
    scale = list(ip.scale_labels)
    parties = with_certainty(ctx, ip.parties, issue)
    fig = paths_figures.paths_figure(
        parties,
        scale,
        meeting_points=ip.meeting_points,
        point=ip.point,
        title=title,
        colours=ctx.colours,
    )
    alt = paths_alt_text.paths_alt_text(
        parties,
        scale,
        meeting_points=ip.meeting_points,
        point=ip.point,
        title=title,
    )
    show_chart(fig, key=f"paths-{key}-{issue}", alt=alt)
    depends_on(ctx, issue, refs, by_rule)


def depends_on(ctx: ViewContext, issue: str, refs: list[str], by_rule: bool = False) -> None:
    """What the meeting point on ``issue`` depends on, in words, when an answer changes
    with equal priorities or without an inferred range (nothing when none does)."""
    d = ctx.dossier
    assert d is not None
    sens = data.by_state(
        "meeting_sensitivity",
        d,
        ctx.state(refs, [issue]),
        issue,
        refs,
        date=ctx.date,
        by_rule=by_rule,
    )
    sentences = paths.meeting_sentences(sens)
    if sentences:
        st.caption(_lead(sens) + " ".join(md(t) for t in sentences))


def _lead(sens: Any) -> str:
    """The bold words before a sensitivity: what the answer depends on."""
    if sens.equal_priorities is not None:
        return "**Depends on the priorities.** "
    if sens.without_inferred:
        return "**Depends on an inferred range.** "
    return "**Depends on the reading.** "


def _depends_list(ctx: ViewContext, table: pd.DataFrame, refs: list[str], by_rule: bool) -> None:
    """Under a concessions table: each issue whose meeting point changes with equal
    priorities or without an inferred range, in words."""
    d = ctx.dossier
    assert d is not None
    lines = []
    for row in table[table["status"] != "not placed"].itertuples(index=False):
        sens = data.by_state(
            "meeting_sensitivity",
            d,
            ctx.state(refs, [row.issue]),
            row.issue,
            refs,
            date=ctx.date,
            by_rule=by_rule,
        )
        sentences = paths.meeting_sentences(sens)
        if sentences:
            lines.append(f"- **{md(row.issue_title)}**: " + " ".join(md(t) for t in sentences))
    if lines:
        st.caption("What these meeting points depend on:\n\n" + "\n".join(lines))


def with_certainty(ctx: ViewContext, parties: pd.DataFrame, issue: str) -> pd.DataFrame:
    """The parties frame with how sure each placement is (basis, readings, rejects_lo /
    rejects_hi, notes: :func:`components.gaps.certainty_cells`), for the figure."""
    d = ctx.dossier
    assert d is not None
    cells = [certainty_cells(d, str(ref), issue, ctx.date) for ref in parties["party"]]
    extra = pd.DataFrame(cells, index=parties.index, columns=list(CERTAINTY_CELLS))
    return pd.concat([parties.drop(columns=list(CERTAINTY_CELLS), errors="ignore"), extra], axis=1)


def _issue_quotes(ctx: ViewContext, issue: str, refs: list[str], by_rule: bool = False) -> None:
    """The quotes behind one issue's chart: the ranges and the priorities."""
    d = ctx.dossier
    assert d is not None
    ip = data.by_state(
        "issue_paths", d, ctx.state(refs, [issue]), issue, refs, date=ctx.date, by_rule=by_rule
    )
    range_quotes(d, issue, list(ip.members["position"]))
    shown = priority_quotes(d, list(ip.parties["weight_position"]))
    n_def = int(ip.n_defaulted)
    if n_def:
        st.caption(
            f"{n_def} of the weights on this issue {'is' if n_def == 1 else 'are'} "
            "defaulted (no source says how much the party cares): weight 2."
        )
    elif not shown:
        st.caption("No priority quoted.")


def _concessions(
    ctx: ViewContext, refs: list[str], key: str, name: str, by_rule: bool = False
) -> pd.DataFrame:
    d = ctx.dossier
    assert d is not None
    asof = ctx.state(refs)
    table = data.by_state(
        "concessions_table", d, asof, refs, date=ctx.date, issues=ctx.issues, by_rule=by_rule
    )

    def draw() -> None:
        st.markdown(md(paths_alt_text.concessions_summary(table, ctx.labels)))
        st.dataframe(concessions_view(table, ctx.labels), width="stretch", hide_index=True)
        if by_rule:  # the pair's charts are drawn open and say it under each chart
            _depends_list(ctx, table, refs, by_rule)

    section(
        ctx, "paths-concessions", draw, tuple(refs), asof, ctx.key(["issues"]), by_rule, state=()
    )
    csv_download(
        table,
        _slug("concessions", d.id, name, date_slug(ctx.date)),
        "Download the concessions table (CSV)",
        key=f"csv-concessions-{key}",
    )
    return table


def _trade_title(t: Any) -> str:
    text = (
        f"{t.rank}. {t.a_label} moves on {t.a_concedes_title} "
        f"({t.a_steps} step{'s' if t.a_steps != 1 else ''} to “{t.a_to_label}”), "
        f"{t.b_label} on {t.b_concedes_title} "
        f"({t.b_steps} step{'s' if t.b_steps != 1 else ''} to “{t.b_to_label}”)"
    )
    if t.red_lines_crossed:
        text += " — crosses a red line"
    return text


def trades_view(
    trades: pd.DataFrame,
    a_label: str = "A",
    b_label: str = "B",
    sensitivity: dict[tuple[str, str], Any] | None = None,
) -> pd.DataFrame:
    """The ranked trades in words (for st.dataframe), columns named by the parties; with
    ``sensitivity`` (:func:`negotiation.paths.trade_sensitivity`), a column saying what
    each trade depends on when it changes with equal priorities or without an inferred
    range."""
    view = pd.DataFrame(
        {
            "Rank": trades["rank"],
            f"{a_label} moves on": trades["a_concedes_title"],
            f"{a_label} moves to": trades["a_to_label"],
            f"{a_label}: steps × weight": [
                f"{s} × {w} = {g}"
                for s, w, g in zip(
                    trades["a_steps"], trades["a_weight"], trades["a_given_up"], strict=True
                )
            ],
            f"{b_label} moves on": trades["b_concedes_title"],
            f"{b_label} moves to": trades["b_to_label"],
            f"{b_label}: steps × weight": [
                f"{s} × {w} = {g}"
                for s, w, g in zip(
                    trades["b_steps"], trades["b_weight"], trades["b_given_up"], strict=True
                )
            ],
            "Given up (weighted)": trades["given_up"],
            "Efficient": trades["efficient"].map(lambda v: "yes" if v else "no"),
            "Weights defaulted (of 4)": trades["n_defaulted"],
            "Red lines crossed": trades["red_lines_crossed"].map(tuple_text),
            "What-if": trades["hypothetical"].map(lambda v: "hypothetical" if v else ""),
        }
    )
    if sensitivity:
        words = [
            " ".join(paths.trade_sentences(s)) if (s := sensitivity.get(k)) is not None else ""
            for k in zip(trades["a_concedes"], trades["b_concedes"], strict=True)
        ]
        if any(words):
            view["Depends on"] = [w or "—" for w in words]
    return view


def _trades(ctx: ViewContext) -> None:
    d = ctx.dossier
    assert d is not None and ctx.a and ctx.b
    asof = ctx.state([ctx.a, ctx.b])
    trades = data.by_state("trades_table", d, asof, ctx.a, ctx.b, date=ctx.date, issues=ctx.issues)
    top = trades.head(TOP_TRADES)
    key = (ctx.a, ctx.b, asof, ctx.key(["issues"]))
    section(ctx, "paths-trades", functools.partial(_trades_table, ctx, trades), *key, state=())
    if trades.empty:
        return
    csv_download(
        trades,
        _slug("trades", d.id, ctx.a, ctx.b, date_slug(ctx.date)),
        "Download all the trades (CSV)",
        key="csv-trades",
    )
    section(ctx, "paths-trade-quotes", functools.partial(_trade_quotes, ctx, top), *key, state=())


def _trades_table(ctx: ViewContext, trades: pd.DataFrame) -> None:
    assert ctx.a and ctx.b
    st.header("Trades", anchor=False)
    st.caption(
        f"Two issues on which {md(ctx.label(ctx.a))} and {md(ctx.label(ctx.b))} have a gap: "
        "each moves to the other's nearest end on one of them. A trade is *efficient* "
        "when each gives up the issue it weighs less. Ranked efficient first, then by the "
        "weighted steps given up (steps × weight, both sides)."
    )
    if trades.empty:
        contested = " where no party is contested" if _trades_by_reading_found(ctx) else ""
        st.info(f"No trade: the two parties have a gap on fewer than two issues{contested}.")
        _trades_by_reading(ctx)
        return
    top = trades.head(TOP_TRADES)
    st.markdown(
        f"{len(trades)} possible trades; {int(trades['efficient'].sum())} efficient. "
        f"The top {len(top)}:"
    )
    sens = _trade_sens(ctx)
    st.dataframe(
        trades_view(top, ctx.label(ctx.a), ctx.label(ctx.b), sens),
        width="stretch",
        hide_index=True,
    )
    if (top["n_defaulted"] == 4).all():
        st.caption(
            f"Every priority here is defaulted: the top {len(top)} trades weigh every issue 2, "
            "so they are ranked by steps alone and none can be efficient."
        )
    _trades_by_reading(ctx)


def _trades_by_reading(ctx: ViewContext) -> None:
    """The trades that exist under each reading of a contested party (a contested side
    is not placed, so its trades are in no table above)."""
    found = _trades_by_reading_found(ctx)
    if not found:
        return
    lines = [
        f"- **{md(words)}**: " + ("; ".join(md(t) for t in trades) if trades else "no trade")
        for words, trades in found
    ]
    st.caption(
        "**Depends on the reading.** Trades on an issue where a party is contested, under "
        "each reading:\n\n" + "\n".join(lines)
    )


def _trades_by_reading_found(ctx: ViewContext) -> Any:
    return _pair_result(ctx, "trades_under_readings")


def _trade_sens(ctx: ViewContext) -> dict[tuple[str, str], Any]:
    return _pair_result(ctx, "trade_sensitivity")


def _pair_result(ctx: ViewContext, name: str) -> Any:
    """A cached pair analysis (``name`` in components/data.py) of the two parties
    compared, at the sidebar's date and issues."""
    d = ctx.dossier
    assert d is not None and ctx.a and ctx.b
    return data.by_state(
        name, d, ctx.state([ctx.a, ctx.b]), ctx.a, ctx.b, date=ctx.date, issues=ctx.issues
    )


def _trade_quotes(ctx: ViewContext, top: pd.DataFrame) -> None:
    d = ctx.dossier
    assert d is not None
    st.markdown("**The quotes behind both sides' priorities**")
    sens = _trade_sens(ctx)
    for t in top.head(TRADES_WITH_QUOTES).itertuples(index=False):
        with st.expander(md(_trade_title(t))):
            s = sens.get((t.a_concedes, t.b_concedes))
            sentences = paths.trade_sentences(s) if s is not None else []
            if sentences:
                st.caption(_lead(s) + " ".join(md(x) for x in sentences))
            positions = [
                t.a_weight_position,
                t.a_gain_position,
                t.b_weight_position,
                t.b_gain_position,
            ]
            shown = priority_quotes(d, positions)
            if t.n_defaulted:
                st.caption(
                    f"{t.n_defaulted} of the 4 weights of this trade "
                    f"{'is' if t.n_defaulted == 1 else 'are'} defaulted: no source says "
                    "how much the party cares, so it weighs 2."
                )
            if not shown and not t.n_defaulted:
                st.caption("No priority quoted.")
            if t.red_lines_crossed:
                st.markdown(
                    ":red[**Crosses a red line**] of "
                    + md(tuple_text(t.red_line_members, ctx.labels))
                )


def _party_label(ctx: ViewContext):  # type: ignore[no-untyped-def]
    """ref -> label, camps marked "(camp)" (a camp and a side may share a name)."""

    def label(ref: str) -> str:
        return ctx.label(ref) + (" (camp)" if str(ref).startswith("camp:") else "")

    return label


def _weights(ctx: ViewContext, refs: list[str]) -> None:
    d = ctx.dossier
    assert d is not None
    asof = ctx.state(refs)
    weights = data.by_state("weights_table", d, asof, refs, date=ctx.date, issues=ctx.issues)
    section(
        ctx,
        "paths-weights",
        functools.partial(_weights_table, ctx, weights),
        tuple(refs),
        asof,
        ctx.key(["issues"]),
        state=(),
    )
    csv_download(
        weights,
        _slug("weights", d.id, date_slug(ctx.date)),
        "Download every weight, defaulted ones too (CSV)",
        key="csv-weights",
    )


def _weights_table(ctx: ViewContext, weights: pd.DataFrame) -> None:
    d = ctx.dossier
    assert d is not None
    st.header("Weights in use", anchor=False)
    n, n_def = len(weights), int(weights["defaulted"].sum())
    st.markdown(
        f"{n_def} of {n} weights are defaulted (the sources do not say how much the party "
        "cares: weight 2, *medium*); the others come from a quoted priority "
        "(core 4, high 3, medium 2, low 1)."
    )
    shown = weights[~weights["defaulted"]]
    view = pd.DataFrame(
        {
            "Issue": shown["issue_title"],
            "Party": shown["party"].map(_party_label(ctx)),
            "Priority": shown["priority"],
            "Weight": shown["weight"],
            "From the position of": shown["side"].map(lambda s: ctx.label(s) if s else ""),
            "Quotes": shown["n_evidence"],
        }
    )
    if not view.empty:
        st.dataframe(view, width="stretch", hide_index=True)
        with st.expander("Quotes behind these priorities"):
            priority_quotes(d, list(shown["position"]))


def render() -> None:
    ctx = page_setup("Paths to agreement")
    if not require_dossier(ctx):
        return
    st.caption(
        "What would it take to agree? For each issue, the meeting point is the scale point "
        "that needs the least movement, each party's steps weighted by how much it cares "
        "(its quoted priority). Arrows show who has to move and how far; a move off a "
        "red-line position is named."
    )
    with st.expander("What-if: try another range", expanded=bool(ctx.hypotheses)):
        whatif_ui.editor(ctx)
    if not ctx.pair_ok:
        st.info("Pick two different sides or camps in the sidebar (Compare … with …).")
    else:
        a, b = ctx.a, ctx.b
        assert a and b
        st.header(f"{md(ctx.label(a))} and {md(ctx.label(b))}", anchor=False)
        st.caption(
            "A deal between two parties needs both: their meeting point is computed by "
            "agreement, whatever the body's rule (it decides all the overlap's parties "
            "below)."
        )
        pair_table = _concessions(ctx, [a, b], "pair", f"{a}-{b}")
        _issue_charts(ctx, pair_table, [a, b], "pair")
        _trades(ctx)
    refs = list(ctx.parties)
    if len(refs) >= 2:
        st.header("All the overlap's parties", anchor=False)
        st.caption(
            "The parties picked under *Parties for the overlap* in the sidebar, together: "
            "the meeting point of all of them on each issue, under each issue's decision "
            "rule. Under a vote, the point and the coalition that carry it with the least "
            "movement (weighted by priority); the outvoted are named apart and do not move. "
            "Where the dossier gives weights, *Counting each party's weight* shows the "
            "meeting point when each party's move counts for the states it speaks for "
            "(weight × priority × steps), beside the one that counts every party once."
        )
        rule_view.rule_and_weights(ctx, refs)
        table = _concessions(ctx, refs, "all", "all", by_rule=True)
        charts, is_open = lazy_expander("Charts for all these parties", "charts-all")
        if is_open:  # drawn only while open
            with charts:
                _issue_charts(ctx, table, refs, "all", by_rule=True)
    weight_refs = list(dict.fromkeys([*([ctx.a, ctx.b] if ctx.pair_ok else []), *refs]))
    if weight_refs:
        _weights(ctx, [r for r in weight_refs if r])
