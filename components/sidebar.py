"""The sidebar every page shares and the data-problems banner.

:func:`page_setup` is the first call of every view: it loads the positions (cached),
draws the sidebar (dossier, as-of date, the two parties compared, the parties of the
multi-party overlap, the issue filter), restores the state a shared link carries,
writes the state back into the URL and returns a
:class:`~components.common.ViewContext`.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components import data, state, whatif_ui
from components.common import GAPS_SORTS, GAPS_VIEWS, ViewContext, bound, canon, md
from components.figures import party_colours
from negotiation import analysis
from negotiation.dossier import Dossier

HEALTH_PAGE = "app_pages/data_health.py"

# widget keys (session state) and the canonical state kept across pages
W_DOSSIER, W_DATE, W_A, W_B, W_PARTIES, W_ISSUES = (
    "w_dossier",
    "w_date",
    "w_a",
    "w_b",
    "w_parties",
    "w_issues",
)


def _party_label(party: analysis.Party, *, short: bool = False) -> str:
    """A party in a widget: its name (its ``short`` label in chips), camps marked."""
    name = (party.short or party.label) if short else party.label
    return f"{name} (camp)" if party.kind == "camp" else name


def page_setup(title: str | None = None) -> ViewContext:
    """Load data, draw the sidebar and banner, sync the URL; return the context."""
    state.read_url_once()
    result = data.load()
    ctx = ViewContext(result=result)
    url = state.pending()
    view = canon()

    with st.sidebar:
        st.markdown("#### View")
        ids = list(result.dossiers)
        wanted = url.single("dossier")
        if wanted is not None:
            state.consume("dossier")
            if state.valid_id(wanted) and wanted in ids:
                view["dossier"] = wanted
            else:
                ctx.notices.append(
                    f"The link asks for dossier “{state.shown(wanted)}”, which does not exist"
                    + (" here; showing the first dossier instead." if ids else ".")
                )
        if not ids:
            st.caption("No dossier loaded.")
        else:
            current = view.get("dossier") if view.get("dossier") in ids else ids[0]
            chosen = bound(
                st.selectbox,
                "Dossier",
                "dossier",
                W_DOSSIER,
                current,
                options=ids,
                format_func=lambda i: result.dossiers[i].title,
            )
            if view.get("_shown_dossier") not in (None, chosen):
                # another dossier: its parties, dates and issues differ
                for key in (
                    "date",
                    "a",
                    "b",
                    "parties",
                    "issues",
                    "issue",
                    "from",
                    "whatif",
                    "rule",
                    "verdicts",
                ):
                    view.pop(key, None)
            view["_shown_dossier"] = chosen
            ctx.dossier = result.dossiers[chosen]
            _dossier_widgets(ctx, url, view)
            whatif_ui.apply(ctx, url)  # from here on ctx.dossier is under the what-if
            whatif_ui.rule_picker(ctx)

    _banner(ctx)
    whatif_ui.banner(ctx)
    for notice in ctx.notices:
        # notices quote the link's values: escaped, so a link cannot inject Markdown
        st.warning(md(notice), icon=":material/link_off:")
    if title:
        st.title(title)
    if ctx.dossier is not None:
        st.caption(md(ctx.dossier.title) + (f" · as of {ctx.date:%d %B %Y}" if ctx.date else ""))
    state.write_url(ctx.url_state())
    return ctx


def _dossier_widgets(ctx: ViewContext, url: state.UrlValues, view: dict) -> None:
    """The dossier's widgets, in order; values a link carries are read first."""
    dossier = ctx.dossier
    assert dossier is not None
    plist = analysis.parties(dossier)
    refs = [p.ref for p in plist]
    ctx.colours = party_colours(refs, {s.id: s.camp for s in dossier.sides})
    ctx.labels = {p.ref: p.label for p in plist}
    ctx.shorts = {p.ref: p.short or p.label for p in plist}
    shown_labels = {p.ref: _party_label(p) for p in plist}
    chip_labels = {p.ref: _party_label(p, short=True) for p in plist}
    _date_widget(ctx, url, view, dossier)
    _pair_widgets(ctx, url, view, refs, shown_labels)
    _parties_widget(ctx, url, view, plist, chip_labels)
    _issues_widget(ctx, url, view, dossier)
    _other_page_values(ctx, url, view, dossier)


def _date_widget(ctx: ViewContext, url: state.UrlValues, view: dict, dossier: Dossier) -> None:
    """The as-of date."""
    dates = dossier.dates()
    ctx.dates = dates
    raw = url.single("date")
    if raw is not None:
        state.consume("date")
        day = state.parse_date(raw)
        if day is None:
            ctx.notices.append(
                f"The link's date “{state.shown(raw)}” is not a date (YYYY-MM-DD); "
                "showing the latest state."
            )
        elif dates:
            view["date"] = state.snap_date(day, dates)
    if len(dates) >= 2:
        current = view.get("date")
        if isinstance(current, str):
            current = state.parse_date(current)
        current = state.snap_date(current, dates) if current else dates[-1]
        ctx.date = bound(
            st.select_slider,
            "As of",
            "date",
            W_DATE,
            current,
            options=dates,
            format_func=lambda d: d.strftime("%d %b %Y"),
            help="Positions in force on this day (event and position dates).",
        )
    elif dates:
        ctx.date = dates[0]
        st.caption(f"As of {ctx.date:%d %b %Y} (the only date in the dossier)")
    view["date"] = ctx.date


def _pair_widgets(
    ctx: ViewContext,
    url: state.UrlValues,
    view: dict,
    refs: list[str],
    shown_labels: dict[str, str],
) -> None:
    """The two parties compared."""
    dossier = ctx.dossier
    assert dossier is not None
    default_pair = _default_pair(dossier, refs)
    for key, widget, fallback, label in (
        ("a", W_A, default_pair[0], "Compare"),
        ("b", W_B, default_pair[1], "with"),
    ):
        raw = url.single(key)
        if raw is not None:
            state.consume(key)
            if state.valid_party(raw) and raw in refs:
                view[key] = raw
            else:
                ctx.notices.append(
                    f"The link names “{state.shown(raw)}”, which is not a side or camp of "
                    "this dossier; using the default comparison."
                )
        if not refs:
            continue
        start = view.get(key) if view.get(key) in refs else fallback
        value = bound(
            st.selectbox,
            label,
            key,
            widget,
            start,
            options=refs,
            format_func=lambda r: shown_labels.get(r, r),
        )
        setattr(ctx, key, value)
    if ctx.a and ctx.a == ctx.b:
        st.caption(":orange[Pick two different parties to see a gap.]")


def _parties_widget(
    ctx: ViewContext,
    url: state.UrlValues,
    view: dict,
    plist: list[analysis.Party],
    shown_labels: dict[str, str],
) -> None:
    """The parties of the multi-party overlap."""
    refs = [p.ref for p in plist]
    raw_list = url.multi("parties")
    if raw_list is not None:
        state.consume("parties")
        good = [r for r in raw_list if state.valid_party(r) and r in refs]
        bad = [r for r in raw_list if r not in good]
        if bad:
            ctx.notices.append(
                "The link names parties this dossier does not have: "
                + ", ".join(f"“{state.shown(b, 30)}”" for b in bad[:5])
                + "; they are left out."
            )
        view["parties"] = list(dict.fromkeys(good)) or None
    default_parties = analysis.default_parties(ctx.dossier) if ctx.dossier else []
    start = view.get("parties")
    start = default_parties if start is None else start
    ctx.parties = bound(
        st.multiselect,
        "Parties for the overlap",
        "parties",
        W_PARTIES,
        [r for r in start if r in refs],
        options=refs,
        format_func=lambda r: shown_labels.get(r, r),
        help="The overlap of several sides or camps, and who blocks it.",
    )
    if ctx.dossier is not None:
        left_out = analysis.non_parties(ctx.dossier)
        if left_out:
            who = ", ".join(f"{s.label} ({s.role})" for s in left_out)
            st.caption(
                f"By default the overlap leaves out {md(who)}: mediators and observers "
                "are drawn on every chart but are not parties to the deal. Add them above "
                "to include them."
            )


def _issues_widget(ctx: ViewContext, url: state.UrlValues, view: dict, dossier: Dossier) -> None:
    """The issue filter."""
    issue_ids = [i.id for i in dossier.issues]
    raw_list = url.multi("issues")
    if raw_list is not None:
        state.consume("issues")
        good = [r for r in raw_list if state.valid_id(r) and r in issue_ids]
        if len(good) != len(raw_list):
            ctx.notices.append(
                "Some issues in the link do not exist in this dossier; they are left out."
            )
        view["issues"] = list(dict.fromkeys(good))
    titles = {i.id: i.title for i in dossier.issues}
    ctx.issue_filter = bound(
        st.multiselect,
        "Issues",
        "issues",
        W_ISSUES,
        [i for i in view.get("issues") or [] if i in issue_ids],
        options=issue_ids,
        format_func=lambda i: titles.get(i, i),
        placeholder="All issues",
    )


def _other_page_values(
    ctx: ViewContext, url: state.UrlValues, view: dict, dossier: Dossier
) -> None:
    """Values other pages own (kept in the URL from any page): view, issue, from,
    verdicts."""
    issue_ids = [i.id for i in dossier.issues]
    dates = ctx.dates
    raw_view = url.single("view")
    if raw_view is not None:
        state.consume("view")
        if raw_view in GAPS_VIEWS:
            view["view"] = raw_view
        else:
            ctx.notices.append(
                f"The link's view “{state.shown(raw_view)}” does not exist; showing “Two parties”."
            )
    raw_sort = url.single("sort")
    if raw_sort is not None:
        state.consume("sort")
        if raw_sort in GAPS_SORTS:
            view["sort"] = raw_sort
        else:
            ctx.notices.append(
                f"The link's chart order “{state.shown(raw_sort)}” does not exist; "
                "showing dossier order."
            )
    for key in ("issue", "from"):
        raw = url.single(key)
        if raw is not None and key == "issue":
            state.consume(key)
            if state.valid_id(raw) and raw in issue_ids:
                view["issue"] = raw
            else:
                ctx.notices.append(
                    f"The link's issue “{state.shown(raw)}” does not exist in this dossier; "
                    "showing the first issue."
                )
        elif raw is not None:
            state.consume(key)
            day = state.parse_date(raw)
            if day is None or not dates:
                ctx.notices.append(f"The link's start date “{state.shown(raw)}” is not a date.")
            else:
                view["from"] = state.snap_date(day, dates)
    raw_verdicts = url.single("verdicts")
    if raw_verdicts is not None:
        state.consume("verdicts")
        day = state.parse_date(raw_verdicts)
        if day is None:
            ctx.notices.append(
                f"The link's verdicts date “{state.shown(raw_verdicts)}” is not a date "
                "(YYYY-MM-DD); counting the verdicts the as-of date counts."
            )
        else:
            view["verdicts"] = day
    held = view.get("verdicts")
    ctx.verdicts_until = held if isinstance(held, dt.date) else None


def _default_pair(dossier: Dossier, refs: list[str]) -> tuple[str | None, str | None]:
    camps = [r for r in refs if r.startswith(analysis.CAMP_PREFIX)]
    sides = [r for r in refs if not r.startswith(analysis.CAMP_PREFIX)]
    if len(camps) >= 2:
        return camps[0], camps[1]
    if len(sides) >= 2:
        return sides[0], sides[1]
    if refs:
        return refs[0], refs[-1]
    return None, None


def _banner(ctx: ViewContext) -> None:
    problems = ctx.result.problems
    if not problems:
        return
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    with st.container():
        st.warning(
            f"The data files have {' and '.join(parts)}; what loaded is shown. ",
            icon=":material/warning:",
        )
        st.page_link(
            HEALTH_PAGE,
            label="See Data health for file, line and column",
            icon=":material/health_and_safety:",
        )
