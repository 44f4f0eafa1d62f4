"""What-if in the dashboard: hypotheses from the URL, the banner every page shows while
any is active, and the editor (pick side, issue and range; remove one).

The hypotheses live in the canonical view state (``canon()["whatif"]``: canonical
texts) and in the URL as ``whatif=side:issue:from..to`` (several comma-separated).
They are parsed with :func:`negotiation.whatif.parse_hypotheses` against the loaded
dossier on every run; :func:`apply` then makes the context's dossier the hypothetical
one (:func:`components.data.under`), so every table and chart computes under it.
Nothing is written to the YAML.
"""

from __future__ import annotations

import streamlit as st

from components import data, state
from components.common import ViewContext, canon, md
from negotiation import analysis, whatif

KEY = "whatif"
RULE_KEY = "rule"
PATHS_PAGE = "app_pages/paths.py"
W_SIDE, W_ISSUE, W_RANGE = "w_whatif_side", "w_whatif_issue", "w_whatif_range"
W_RULE = "w_rule"
SOURCED = ""  # the rule picker's option for "as the sources say" (no what-if)
RULE_CHOICES = {
    SOURCED: "As the sources say",
    "consensus": "Consensus (every party must accept)",
    "majority": "Simple majority (more than half of the weight)",
    "qualified:0.667": "Two-thirds majority (66.7 % of the weight)",
    "qualified:0.75": "Three-quarters majority (75 % of the weight)",
    "majority:sides": "Majority of the sides (one side, one vote)",
}


def texts() -> list[str]:
    """The active hypotheses' texts (canonical view state)."""
    value = canon().get(KEY)
    return list(value) if isinstance(value, list | tuple) else []


def set_texts(values: list[str]) -> None:
    canon()[KEY] = list(dict.fromkeys(values))


def apply(ctx: ViewContext, url: state.UrlValues) -> None:
    """Read ``whatif`` from a link (once), parse the active hypotheses against the loaded
    dossier, warn about the bad parts, and put the context under the good ones."""
    d = ctx.dossier
    if d is None:
        return
    raw = url.multi(KEY)
    if raw is not None:
        state.consume(KEY)
        set_texts(raw)
    good, bad = whatif.parse_hypotheses(texts(), d)
    for err in bad:
        ctx.notices.append(
            f"The link's what-if “{state.shown(err.given)}” is left out: {err.message}"
        )
    set_texts([h.text for h in good])
    rule = _rule(ctx, url)
    if not good and not rule:
        return
    ctx.base = d
    ctx.hypotheses = tuple(good)
    ctx.rule_what_if = rule
    ctx.dossier = data.under(d, good, ctx.date, rule)


def rule_text() -> str | None:
    """The hypothetical decision rule's canonical text (canonical view state), or None."""
    value = canon().get(RULE_KEY)
    return value if isinstance(value, str) and value else None


def set_rule(value: str | None) -> None:
    canon()[RULE_KEY] = value or None


def _rule(ctx: ViewContext, url: state.UrlValues) -> str | None:
    """The rule what-if: from a link (once; a bad one is reported and left out), else
    the one kept in the view state; its canonical text."""
    raw = url.single(RULE_KEY)
    if raw is not None:
        state.consume(RULE_KEY)
        try:
            set_rule(analysis.parse_rule(raw).text)
        except analysis.RuleError as err:
            set_rule(None)
            ctx.notices.append(f"The link's rule “{state.shown(raw)}” is left out: {err}")
    return rule_text()


def rule_picker(ctx: ViewContext) -> None:
    """The sidebar's rule what-if: decide every issue under another rule (marked
    hypothetical on every page, kept in the link as ``rule=``)."""
    base = ctx.real_dossier
    if base is None:
        return
    current = rule_text() or SOURCED
    options = list(RULE_CHOICES)
    if current not in options:  # a rule from a link that the list does not offer
        options.append(current)
    sourced = analysis.rule_in_force(base).sourced

    def label(value: str) -> str:
        if value == SOURCED:
            return f"As the sources say: {sourced.describe()}"
        return RULE_CHOICES.get(value) or analysis.parse_rule(value).describe().capitalize()

    st.session_state[W_RULE] = current
    st.selectbox(
        "Decision rule (what-if)",
        options,
        format_func=label,
        key=W_RULE,
        on_change=lambda: set_rule(st.session_state.get(W_RULE)),
        help=(
            "Decide every issue under another rule, e.g. what if the two-thirds vote had "
            "been called. Marked hypothetical on every page; the link keeps it as rule=…; "
            "any share works there (rule=qualified:0.6)."
        ),
    )


def banner(ctx: ViewContext) -> None:
    """The "Hypothetical" banner: shown on every page while a what-if is active."""
    if not ctx.hypothetical or ctx.base is None:
        return
    lines = [
        "**Hypothetical (what-if)**: every table and chart below is computed as if",
    ]
    if ctx.hypotheses:
        frame = whatif.hypotheses_frame(ctx.base, ctx.hypotheses, ctx.date)
        for row in frame.itertuples(index=False):
            was = f" (instead of {md(row.was_label)})" if state_present(row.was_label) else ""
            lines.append(
                f"- {md(row.side_name)} accepted {md(row.range_label)} on "
                f"{md(row.issue_title)}{was} — `{md(row.text)}`"
            )
    if ctx.rule_what_if:
        lines.append(
            f"- {md(rule_banner_text(ctx.base, ctx.rule_what_if))} — `rule={md(ctx.rule_what_if)}`"
        )
    notes = []
    if ctx.hypotheses:
        notes.append("these ranges are not in the sources; hypothetical ranges are drawn hatched")
    if ctx.rule_what_if:
        notes.append("the rule is not the one the sources give")
    lines.append("\n" + "; ".join(notes).capitalize() + ".")
    with st.container():
        st.warning("\n".join(lines), icon=":material/science:")
        st.page_link(PATHS_PAGE, label="Edit or remove the what-if", icon=":material/tune:")


def rule_banner_text(base: object, rule: str) -> str:
    """'every issue were decided by qualified majority (…), not as the sources give:
    consensus (…), as the dossier states'."""
    from components.rule_view import rule_summary  # rule_view imports common only

    sourced = rule_summary(base)  # type: ignore[arg-type] (base: no rule what-if)
    given = sourced.removeprefix("Decided under ").rstrip(".")
    return (
        f"every issue were decided by {analysis.parse_rule(rule).describe()}, not as the "
        f"sources give: {given}"
    )


def state_present(value: object) -> bool:
    return isinstance(value, str) and value != ""


# --------------------------------------------------------------------------- editor


def _add(side: str, issue: str, range_key: str) -> None:
    """on_click of the Add button: the hypothesis from the editor's widgets."""
    rng = st.session_state.get(range_key)
    if not side or not issue or not rng:
        return
    lo, hi = rng if isinstance(rng, list | tuple) else (rng, rng)
    text = f"{side}:{issue}:{lo}" if lo == hi else f"{side}:{issue}:{lo}..{hi}"
    kept = [t for t in texts() if not t.startswith(f"{side}:{issue}:")]
    set_texts([*kept, text])


def _remove(text: str) -> None:
    set_texts([t for t in texts() if t != text])


def _clear() -> None:
    set_texts([])


def editor(ctx: ViewContext) -> None:
    """Pick a side, an issue and a new accepted range; list the active hypotheses with a
    remove button each."""
    base = ctx.real_dossier
    if base is None:
        return
    st.markdown(
        "Try another accepted range for one side on one issue: every page then computes "
        "under it, marked *hypothetical*, and the link (address bar) keeps it."
    )
    sides = [s.id for s in base.sides]
    names = {s.id: s.name for s in base.sides}
    issue_ids = [i.id for i in base.issues]
    titles = {i.id: i.title for i in base.issues}
    cols = st.columns([1, 1, 2])
    side = cols[0].selectbox("Side", sides, format_func=lambda s: names.get(s, s), key=W_SIDE)
    issue = cols[1].selectbox(
        "Issue", issue_ids, format_func=lambda i: titles.get(i, i), key=W_ISSUE
    )
    iss = base.issue_by_id[issue]
    labels = {p.id: p.label for p in iss.scale}
    points = [p.id for p in iss.scale]
    pos = analysis.in_force(base, side, issue, ctx.date)
    ends = pos.accepts_range if pos is not None else None
    # one widget per side and issue, so it starts from that side's sourced range
    range_key = f"{W_RANGE}-{side}-{issue}"
    cols[2].select_slider(
        "Accepted range (from – to)",
        options=points,
        value=tuple(ends) if ends else (points[0], points[-1]),
        format_func=lambda p: labels.get(p, p),
        key=range_key,
        help="Both ends on the same point: the side accepts that point only.",
    )
    st.button(
        "Add the hypothesis",
        on_click=_add,
        args=(side, issue, range_key),
        icon=":material/add:",
        key="whatif-add",
    )
    active = texts()
    if not active:
        st.caption("No hypothesis is active: the views show the dossier as sourced.")
        return
    st.markdown("**Active hypotheses**")
    frame = whatif.hypotheses_frame(base, ctx.hypotheses, ctx.date)
    for n, row in enumerate(frame.itertuples(index=False)):
        left, right = st.columns([3, 2])
        was = row.was_label if state_present(row.was_label) else "not placed"
        left.markdown(
            f"{md(row.side_name)} · {md(row.issue_title)}: {md(row.range_label)} "
            f"(sourced: {md(was)}) — `{md(row.text)}`"
        )
        right.button(
            f"Remove: {md(row.side_name)}, {md(row.issue_title)}",
            key=f"whatif-remove-{n}",
            on_click=_remove,
            args=(row.text,),
            icon=":material/close:",
            help=f"Remove {row.text}",
        )
    if len(active) > 1:
        st.button("Remove all", on_click=_clear, key="whatif-clear", icon=":material/clear_all:")
