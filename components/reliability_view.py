"""How reliably the characterisations are coded: Krippendorff's alpha per dimension
between the main coding and each independent coding (codings/*.yaml), and the
disagreements. Used by the Sources page (a caption under each dimension's chart and a
section after the charts) and by Data health (the disagreements)."""

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
AGREEMENT_COLUMNS = [
    "Dimension",
    "Krippendorff's α (ordinal)",
    "Reading",
    "Units",
    "Pairable units",
    "Coders",
    "Disagreements",
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
    """Alpha per dimension and overall, with labelled columns and '—' for no alpha."""
    rows = [
        [
            d.label,
            alpha_text(d.alpha),
            d.reading_text,
            d.units,
            d.pairable,
            d.coders,
            d.disagreements,
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


def dimension_caption(d: Dossier, dimension: str) -> None:
    """One line under a dimension's chart: its alpha and reading, linked to the details."""
    rel = reliability_of(d)
    if not rel.has_second_coding:
        return
    agreement = next((x for x in rel.dimensions if x.dimension == dimension), None)
    if agreement is None:
        return
    st.caption(
        f"Coding reliability: α = {alpha_text(agreement.alpha)}, {agreement.reading_text}; "
        f"{agreement.units} quotes coded by {agreement.coders} coders, "
        f"{agreement.disagreements} disagreements ([details](#{ANCHOR}))."
    )


def sources_section(d: Dossier) -> None:
    """Sources page: alpha per dimension with its plain reading, and the disagreements."""
    st.header("How reliable the coding is", anchor=ANCHOR)
    rel = reliability_of(d)
    if not rel.has_second_coding:
        st.caption(NO_CODING)
        return
    others = md(", ".join(rel.coder_labels[1:]))  # data text: made inert
    st.caption(
        f"Krippendorff's α for ordinal data between the main coding (sources.yaml) and "
        f"{others}, over the whole dossier: ≥ 0.8 reliable, 0.667–0.8 tentative, below: "
        "treat the chart with caution. A quote a coder judged not a characterisation "
        "counts as missing for α and is listed among the disagreements; overall is the "
        "mean of the dimensions weighted by pairable units."
    )
    st.dataframe(agreement_frame(rel), hide_index=True, width="stretch")
    # the caller puts disagreements_table and disagreements_download in an expander


def data_health_section(d: Dossier) -> None:
    """Data health: the coding disagreements (or that there is no second coding); the
    caller adds :func:`disagreements_download` after it."""
    rel = reliability_of(d)
    if not rel.has_second_coding:
        st.caption(NO_CODING)
        return
    disagreements_table(d, rel)


def disagreements_table(d: Dossier, rel: analysis.Reliability) -> None:
    """The coders' disagreements (or that there are none)."""
    if not rel.disagreements:
        st.caption("No disagreements: every coder gave every quote the same value.")
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
