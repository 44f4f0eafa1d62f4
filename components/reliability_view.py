"""How reliably the characterisations are coded: Krippendorff's alpha per dimension
between the main coding and each independent coding (codings/*.yaml), measured before
reconciliation (the headline), and the disagreements left. Used by the Sources page (a
caption under each dimension's chart and a section after the charts) and by Data health
(the headline and the disagreements left)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.common import csv_download, md
from negotiation import analysis
from negotiation.dossier import Dossier
from negotiation.model import NOT_A_CHARACTERISATION

ANCHOR = "coding-reliability"
NO_CODING = "No independent coding yet: see docs/format.md (codings/<coder>.yaml)."
MISSING = "—"
ALPHA_COLUMN = "α before reconciliation"
AGREEMENT_COLUMNS = [
    "Dimension",
    ALPHA_COLUMN,
    "Reading",
    "Units",
    "Pairable units",
    "Coders",
    "Disagreed before",
    "Left",
]


def reliability_of(d: Dossier) -> analysis.Reliability:
    """The dossier's reliability, computed once per loaded dossier."""
    key = ("reliability",)
    if key not in d.memo:
        d.memo[key] = analysis.reliability(d)
    return d.memo[key]  # type: ignore[return-value]


def alpha_text(alpha: float | None) -> str:
    return MISSING if alpha is None else f"{alpha:.2f}"


def agreement_frame(rel: analysis.Reliability) -> pd.DataFrame:
    """Alpha before reconciliation per dimension and overall, with labelled columns and
    '—' for no alpha, the disagreements then and left."""
    rows = [
        [
            d.label,
            alpha_text(d.alpha),
            d.reading_text,
            d.units,
            d.pairable,
            d.coders,
            d.disagreements,
            d.disagreements_left,
        ]
        for d in (*rel.dimensions, rel.overall)
    ]
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


def _value_label(d: Dossier, dimension: str, value: str | None) -> str:
    if value is None:
        return MISSING
    if value == NOT_A_CHARACTERISATION:
        return "Not a characterisation"
    dim = d.dimension_by_id.get(dimension)
    point = next((p for p in dim.scale if p.id == value), None) if dim else None
    return point.label if point else value


def disagreements_frame(d: Dossier, rel: analysis.Reliability) -> pd.DataFrame:
    """One row per disagreement: each coder's value (as its label), the quote, who said it."""
    coders = list(zip(rel.coders, rel.coder_labels, strict=True))
    columns = ["Dimension", *[label for _, label in coders], "Quote", "Voice", "Coder notes"]
    columns.append("Id in sources.yaml")
    dim_label = {x.id: x.label for x in d.dimensions}
    rows = []
    for dis in rel.disagreements:
        values = dict(dis.values)
        source = d.source_by_id.get(dis.source)
        voice = dis.voice or (source.outlet if source else MISSING)
        notes = "; ".join(note for _, note in dis.notes) or MISSING
        rows.append(
            [
                dim_label.get(dis.dimension, dis.dimension),
                *[_value_label(d, dis.dimension, values.get(c)) for c, _ in coders],
                dis.quote,
                voice,
                notes,
                dis.characterisation,
            ]
        )
    return pd.DataFrame(rows, columns=columns)


def _left(n: int) -> str:
    return f"{n} disagreement{'' if n == 1 else 's'} left"


def headline_text(rel: analysis.Reliability) -> str:
    """The headline in one line: overall alpha before reconciliation, its reading and the
    disagreements left (no second alpha after reconciliation)."""
    head = rel.overall
    return (
        f"Krippendorff's α before reconciliation: **{alpha_text(head.alpha)}**, "
        f"{head.reading_text}; {_left(len(rel.disagreements))}."
    )


def dimension_caption(d: Dossier, dimension: str) -> None:
    """One line under a dimension's chart: its alpha before reconciliation and reading,
    the disagreements then and left, linked to the details."""
    rel = reliability_of(d)
    if not rel.has_second_coding:
        return
    agreement = next((x for x in rel.dimensions if x.dimension == dimension), None)
    if agreement is None:
        return
    if rel.has_reconciliation:
        when = " before reconciliation"
        counts = (
            f"{agreement.disagreements} disagreements before reconciliation, "
            f"{agreement.disagreements_left} left"
        )
    else:
        when, counts = "", f"{agreement.disagreements} disagreements"
    st.caption(
        f"Coding reliability: α = {alpha_text(agreement.alpha)}{when}, "
        f"{agreement.reading_text}; {agreement.units} quotes coded by {agreement.coders} "
        f"coders, {counts} ([details](#{ANCHOR}))."
    )


def sources_section(d: Dossier) -> None:
    """Sources page: the headline (alpha before reconciliation, disagreements left), alpha
    per dimension with its plain reading, and what reconciling changed."""
    st.header("How reliable the coding is", anchor=ANCHOR)
    rel = reliability_of(d)
    if not rel.has_second_coding:
        st.caption(NO_CODING)
        return
    st.markdown(headline_text(rel))
    st.caption(md(analysis.reconciliation_sentence(rel)))
    others = md(", ".join(rel.coder_labels[1:]))  # data text: made inert
    st.caption(
        f"Krippendorff's α for ordinal data between the main coding (sources.yaml) as it "
        f"was before reconciliation and {others}, over the whole dossier: ≥ 0.8 reliable, "
        "0.667–0.8 tentative, below: treat the chart with caution. A quote a coder judged "
        "not a characterisation counts as missing for α and is listed among the "
        "disagreements; overall is the mean of the dimensions weighted by pairable units."
    )
    st.dataframe(agreement_frame(rel), hide_index=True, width="stretch")
    # the caller puts disagreements_table and disagreements_download in an expander


def data_health_section(d: Dossier) -> None:
    """Data health: the headline and the coding disagreements left (or that there is no
    second coding); the caller adds :func:`disagreements_download` after it."""
    rel = reliability_of(d)
    if not rel.has_second_coding:
        st.caption(NO_CODING)
        return
    st.markdown(headline_text(rel))
    st.caption(md(analysis.reconciliation_sentence(rel)))
    disagreements_table(d, rel)


def disagreements_table(d: Dossier, rel: analysis.Reliability) -> None:
    """The coders' disagreements (or that there are none)."""
    if not rel.disagreements:
        st.caption("No disagreements left: every coder gives every quote the same value.")
        return
    st.dataframe(
        disagreements_frame(d, rel),
        hide_index=True,
        width="stretch",
        column_config={"Quote": st.column_config.TextColumn("Quote", width="large")},
    )


def disagreements_download(d: Dossier, rel: analysis.Reliability) -> None:
    """The disagreements as CSV (no button when there are none)."""
    if rel.disagreements:
        csv_download(
            lambda: disagreements_frame(d, rel),
            f"coding-disagreements-{d.id}",
            "Download disagreements (CSV)",
        )
