"""Which rule a view computed under, and who counts how much: the sentence every page
that decides shows, and the quotes behind the rule and the weights one click away."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import streamlit as st

from components.common import (
    ViewContext,
    inferred_day_text,
    md,
    md_link,
    present,
    quote_md,
)
from negotiation import analysis
from negotiation.analysis.decision_words import weight_text
from negotiation.brief import source_inferred
from negotiation.dossier import Dossier
from negotiation.model import Evidence


def rule_summary(d: Dossier, issues: Sequence[str] | None = None) -> str:
    """'Decided under consensus (every party must accept), as the dossier states.' —
    the issues that have their own rule named; under a rule what-if, the rule tried
    and then the rules the sources give."""
    wanted = [i.id for i in d.issues if issues is None or i.id in issues]
    if not wanted:
        return ""
    rifs = {i: analysis.rule_in_force(d, i) for i in wanted}
    sourced = _grouped(d, {i: (r.sourced, r.sourced_from) for i, r in rifs.items()})
    first = next(iter(rifs.values()))
    if first.hypothetical:
        return (
            f"Decided under {first.rule.describe()}: hypothetical (what-if); the sources "
            "give another rule (see the banner above)."
        )
    return f"Decided under {sourced}."


def _grouped(d: Dossier, rules: dict[str, tuple[analysis.Rule, str]]) -> str:
    """'consensus (…), as the dossier states, on A, B; qualified majority (…), as
    stated for this issue, on C' (no issue list when one rule holds everywhere)."""
    origin = {
        "default": "the default: the files state no rule",
        "dossier": "as the dossier states",
        "issue": "as stated for the issue",
    }
    groups: dict[tuple[str, str], list[str]] = {}
    for iss, (rule, src) in rules.items():
        groups.setdefault((rule.describe(), origin[src]), []).append(d.issue_by_id[iss].title)
    if len(groups) == 1:
        (words, where), _ = next(iter(groups.items()))
        return f"{words}, {where}"
    return "; ".join(f"{w}, {o}, on {', '.join(t)}" for (w, o), t in groups.items())


def weights_summary(d: Dossier, parties: Sequence[str]) -> str:
    """'Weights: European Union 27 (with evidence); 12 sides count 1 (defaulted).'"""
    counted = [p for p in parties if analysis.counted_members(d, p)]
    if not counted or not analysis.has_weights(d):
        return ""
    defaulted = analysis.defaulted_weights(d, counted)
    given = [
        s
        for s in d.sides
        if s.weight is not None and any(s.id in analysis.counted_members(d, p) for p in counted)
    ]
    parts = [f"{s.name} {weight_text(float(s.weight))}" for s in given]
    text = "Weights (votes cast or states spoken for): " + ", ".join(parts)
    if defaulted:
        text += (
            f"; {len(defaulted)} side{'s' if len(defaulted) != 1 else ''} "
            "count 1 (defaulted: no weight in the file)"
        )
    shared = analysis.shared_members(d, counted)
    if shared:
        who = ", ".join(
            f"{d.side_by_id[m].name} ({' and '.join(analysis.party_label(d, r) for r in refs)})"
            for m, refs in shared.items()
        )
        text += f". Counted more than once, in every party picked that stands for it: {who}"
    return text + "."


def evidence_lines(d: Dossier, evidence: Iterable[Evidence]) -> list[str]:
    """Quote blocks with their attribution (Markdown, data text escaped)."""
    out = []
    for ev in evidence:
        src = d.source_by_id.get(ev.source)
        outlet = src.outlet if src else ev.source
        url = src.url if src else None
        who = f"{md(ev.speaker)}, " if present(ev.speaker) else ""
        day = ev.date or (src.date if src else None)
        quote = quote_md(ev.quote, ev.translation, src.language if src else None)
        when = inferred_day_text(day, source_inferred(src, ev.date)[1])
        out.append(f"{quote}\n\n— {who}{md_link(outlet, url)}, {when}")
    return out


def rule_and_weights(ctx: ViewContext, parties: Sequence[str]) -> None:
    """The rule sentence and the weights sentence, and an expander with the quotes the
    rule and the weights come from."""
    d = ctx.dossier
    assert d is not None
    rule = rule_summary(d, ctx.issues)
    weights = weights_summary(d, parties)
    text = " ".join(t for t in (rule, weights) if t)
    if ctx.rule_what_if:
        st.markdown(f":orange[**Hypothetical rule**] — {md(text)}")
    else:
        st.caption(md(text))
    quotes = _rule_quotes(d, ctx.issues) + _weight_quotes(d, parties)
    if not quotes:
        return
    with st.expander("Where the rule and the weights come from"):
        for heading, lines in quotes:
            st.markdown(f"**{md(heading)}**")
            st.markdown("\n\n".join(lines))


def _rule_quotes(d: Dossier, issues: Sequence[str] | None) -> list[tuple[str, list[str]]]:
    out = []
    if d.meta.decision is not None:
        out.append(
            (
                f"The dossier's rule: {d.meta.decision.as_rule().describe()}",
                evidence_lines(d, d.meta.decision.evidence),
            )
        )
    for iss in d.issues:
        if iss.decision is None or (issues is not None and iss.id not in issues):
            continue
        out.append(
            (
                f"{iss.title}: {iss.decision.as_rule().describe()}",
                evidence_lines(d, iss.decision.evidence),
            )
        )
    return out


def _weight_quotes(d: Dossier, parties: Sequence[str]) -> list[tuple[str, list[str]]]:
    members = {m for p in parties for m in analysis.counted_members(d, p)}
    return [
        (f"{s.name}: weight {weight_text(float(s.weight))}", evidence_lines(d, s.weight_evidence))
        for s in d.sides
        if s.id in members and s.weight is not None
    ]
