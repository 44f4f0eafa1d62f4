"""Agreement between coders: Krippendorff's alpha for ordinal data, and the disagreements.

Units are the characterisations; coders are the main file (sources.yaml, coder id
``main``) and each codings/*.yaml file. Per dimension, a unit's values are the
0-based ranks of the points the coders chose on that dimension's scale.

Rules (docs/format.md, "Reliability"):

* a characterisation marked ``withdrawn: true`` in sources.yaml is the main coding's
  ``not-a-characterisation``;
* ``not-a-characterisation`` is treated as *missing* for alpha (it is no point on the
  scale, so it has no ordinal distance to one), but a unit where one coder says
  not-a-characterisation and another gives a value is listed as a disagreement and
  counted apart (``not_a_characterisation``), so it is never hidden;
* a unit is *pairable* when at least two coders gave it a point; alpha needs at least
  two pairable units (else: "too few to measure"), and is undefined when every
  pairable value is the same point (no variation: "no variation to measure");
* **overall** alpha is the mean of the per-dimension alphas weighted by each
  dimension's number of pairable units (dimensions without an alpha left out):
  values of different dimensions are on different scales, so pooling them into one
  ordinal alpha would compare points that have no order between them;
* alpha is reported **before reconciliation** (docs/format.md, "Reconciling"): the main
  coding as it was when the codings were compared, i.e. each characterisation's
  ``reconciled_from`` where given (its value before reconciling) and withdrawn ones at
  their value (before reconciling they were coded as it). What reconciling left is
  reported only as the disagreements left, never as a second alpha.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

import krippendorff
import numpy as np

from negotiation.dossier import Dossier
from negotiation.model import MAIN_CODER, NOT_A_CHARACTERISATION, Characterisation

RELIABLE = 0.8
TENTATIVE = 0.667
MIN_UNITS = 2

READINGS = {
    "reliable": "reliable (α ≥ 0.8)",
    "tentative": "tentative (0.667 ≤ α < 0.8)",
    "caution": "treat with caution (α < 0.667)",
    "too-few": "too few to measure",
    "no-variation": "no variation to measure",
}


def reading(alpha: float | None, pairable: int) -> str:
    """The key of the plain-language reading of an alpha (see :data:`READINGS`)."""
    if pairable < MIN_UNITS:
        return "too-few"
    if alpha is None or math.isnan(alpha):
        return "no-variation"
    if alpha >= RELIABLE:
        return "reliable"
    if alpha >= TENTATIVE:
        return "tentative"
    return "caution"


def ordinal_alpha(data: Sequence[Sequence[float | None]], n_points: int) -> float | None:
    """Krippendorff's ordinal alpha of a coders × units matrix of scale ranks
    (0..n_points-1; None or NaN for missing), by the ``krippendorff`` package.

    None when fewer than two units are pairable or the pairable values do not vary."""
    matrix = np.array(
        [[np.nan if v is None else float(v) for v in row] for row in data], dtype=float
    )
    if matrix.ndim != 2 or matrix.shape[0] < 2:
        return None
    pairable = (~np.isnan(matrix)).sum(axis=0) >= 2
    if pairable.sum() < MIN_UNITS:
        return None
    values = matrix[:, pairable]
    if np.unique(values[~np.isnan(values)]).size < 2:
        return None
    return float(
        krippendorff.alpha(
            reliability_data=values,
            value_domain=list(range(n_points)),
            level_of_measurement="ordinal",
        )
    )


@dataclass(frozen=True)
class DimensionAgreement:
    """Alpha of one dimension (or overall, with ``dimension`` 'overall')."""

    dimension: str
    label: str
    alpha: float | None
    units: int  # characterisations of the dimension coded by at least one other coder
    pairable: int  # units with a point from at least two coders
    coders: int
    disagreements: int
    not_a_characterisation: int  # disagreements where a coder said not-a-characterisation
    disagreements_left: int | None = None  # after reconciliation (on a headline row)

    @property
    def reading(self) -> str:
        return reading(self.alpha, self.pairable)

    @property
    def reading_text(self) -> str:
        return READINGS[self.reading]


@dataclass(frozen=True)
class Disagreement:
    """A unit the coders coded differently: each coder's value (None: not coded)."""

    characterisation: str
    dimension: str
    values: tuple[tuple[str, str | None], ...]  # (coder id, value), main first
    quote: str
    voice: str | None
    source: str
    notes: tuple[tuple[str, str], ...] = ()  # (coder id, note) of the other coders

    @property
    def not_a_characterisation(self) -> bool:
        return any(v == NOT_A_CHARACTERISATION for _, v in self.values)


@dataclass(frozen=True)
class Reliability:
    """Agreement of a dossier's codings. ``dimensions`` and ``overall`` are the headline:
    alpha *before reconciliation*, each row with its ``disagreements`` then and its
    ``disagreements_left``; ``disagreements`` lists the units the coders still disagree
    on (after reconciliation), ``disagreements_before`` those they disagreed on before."""

    coders: tuple[str, ...]  # coder ids, 'main' first
    coder_labels: tuple[str, ...]
    dimensions: tuple[DimensionAgreement, ...]
    overall: DimensionAgreement
    disagreements: tuple[Disagreement, ...]
    now: tuple[DimensionAgreement, ...] = ()  # the files as they are (after reconciling)
    overall_now: DimensionAgreement | None = None
    disagreements_before: tuple[Disagreement, ...] = ()
    reconciled: tuple[str, ...] = ()  # characterisations with reconciled_from
    withdrawn: tuple[str, ...] = ()  # characterisations withdrawn when reconciling

    @property
    def has_second_coding(self) -> bool:
        return len(self.coders) > 1

    @property
    def has_reconciliation(self) -> bool:
        """Whether sources.yaml records any reconciliation (reconciled_from or withdrawn)."""
        return bool(self.reconciled or self.withdrawn)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def reconciliation_sentence(rel: Reliability) -> str:
    """In words: what alpha is measured on and what reconciling changed (the
    disagreements left go with the headline)."""
    if not rel.has_reconciliation:
        return (
            "No reconciliation is recorded (no reconciled_from or withdrawn in "
            "sources.yaml), so α is that of the coding as it stands."
        )
    changed = []
    if rel.reconciled:
        changed.append("recoded " + _plural(len(rel.reconciled), "value", "values"))
    if rel.withdrawn:
        changed.append("withdrew " + _plural(len(rel.withdrawn), "quote", "quotes"))
    before = _plural(len(rel.disagreements_before), "quote", "quotes")
    return (
        "α is measured on the main coding before reconciliation, when the coders "
        f"disagreed on {before}; reconciling then {' and '.join(changed)}."
    )


def _coder_values(dossier: Dossier, before: bool) -> list[tuple[str, str, dict[str, str]]]:
    """(coder id, label, {characterisation id: value}), the main file first: as it is,
    or ``before`` reconciliation (``reconciled_from`` where given, withdrawn ones at
    their value)."""
    if before:
        main = {c.id: c.reconciled_from or c.value for c in dossier.coding_units}
    else:
        main = {c.id: c.value for c in dossier.characterisations}
        main.update({c.id: NOT_A_CHARACTERISATION for c in dossier.withdrawn})
    out = [(MAIN_CODER, "Main coding (sources.yaml)", main)]
    for coding in dossier.codings:
        out.append(
            (coding.coder, coding.label, {v.characterisation: v.value for v in coding.values})
        )
    return out


def reliability(dossier: Dossier) -> Reliability:
    """Krippendorff's ordinal alpha per dimension and overall before reconciliation (the
    headline), the disagreements left, and how many values reconciling changed.

    A unit counts for a dimension when some coder besides the main file coded it;
    characterisations no second coder looked at are not units of the comparison."""
    before = _coder_values(dossier, before=True)
    now = _coder_values(dossier, before=False)
    dims_before, dis_before = _agreements(dossier, before)
    dims_now, dis_now = _agreements(dossier, now)
    dims = [
        dataclasses.replace(b, disagreements_left=n.disagreements)
        for b, n in zip(dims_before, dims_now, strict=True)
    ]
    return Reliability(
        coders=tuple(c for c, _, _ in before),
        coder_labels=tuple(lbl for _, lbl, _ in before),
        dimensions=tuple(dims),
        overall=overall(dims, len(before)),
        disagreements=tuple(dis_now),
        now=tuple(dims_now),
        overall_now=overall(dims_now, len(now)),
        disagreements_before=tuple(dis_before),
        reconciled=tuple(c.id for c in dossier.coding_units if c.reconciled_from),
        withdrawn=tuple(c.id for c in dossier.withdrawn),
    )


def _agreements(
    dossier: Dossier, coders: list[tuple[str, str, dict[str, str]]]
) -> tuple[list[DimensionAgreement], list[Disagreement]]:
    """Alpha of each dimension and the disagreements, for the coders' values given."""
    notes = {
        (coding.coder, v.characterisation): v.note
        for coding in dossier.codings
        for v in coding.values
        if v.note
    }
    dims: list[DimensionAgreement] = []
    disagreements: list[Disagreement] = []
    for dim in dossier.dimensions:
        rank = {p.id: i for i, p in enumerate(dim.scale)}
        units = [
            c
            for c in dossier.coding_units
            if c.dimension == dim.id and any(c.id in vals for _, _, vals in coders[1:])
        ]
        matrix: list[list[float | None]] = [
            [float(rank[v]) if (v := vals.get(u.id)) in rank else None for u in units]
            for _, _, vals in coders
        ]
        found = [d for u in units if (d := _disagreement(u, dim.id, coders, notes))]
        disagreements.extend(found)
        pairable = sum(
            1 for j in range(len(units)) if sum(row[j] is not None for row in matrix) >= 2
        )
        dims.append(
            DimensionAgreement(
                dimension=dim.id,
                label=dim.label,
                alpha=ordinal_alpha(matrix, len(dim.scale)) if units else None,
                units=len(units),
                pairable=pairable,
                coders=len(coders),
                disagreements=len(found),
                not_a_characterisation=sum(d.not_a_characterisation for d in found),
            )
        )
    return dims, disagreements


def _disagreement(
    u: Characterisation,
    dimension: str,
    coders: list[tuple[str, str, dict[str, str]]],
    notes: dict[tuple[str, str], str],
) -> Disagreement | None:
    """The unit's disagreement, or None when every coder who coded it agrees."""
    given = [(cid, vals.get(u.id)) for cid, _, vals in coders]
    if len({v for _, v in given if v is not None}) < 2:
        return None
    return Disagreement(
        characterisation=u.id,
        dimension=dimension,
        values=tuple(given),
        quote=u.quote,
        voice=u.voice,
        source=u.source,
        notes=tuple((cid, notes[(cid, u.id)]) for cid, _ in given if (cid, u.id) in notes),
    )


def overall(dims: Sequence[DimensionAgreement], n_coders: int) -> DimensionAgreement:
    """The unit-weighted mean of the per-dimension alphas (weights: pairable units)."""
    measured = [d for d in dims if d.alpha is not None and d.pairable >= MIN_UNITS]
    weight = sum(d.pairable for d in measured)
    alpha = sum(d.alpha * d.pairable for d in measured) / weight if weight else None  # type: ignore[operator]
    return DimensionAgreement(
        dimension="overall",
        label="Overall",
        alpha=alpha,
        units=sum(d.units for d in dims),
        pairable=sum(d.pairable for d in dims),
        coders=n_coders,
        disagreements=sum(d.disagreements for d in dims),
        not_a_characterisation=sum(d.not_a_characterisation for d in dims),
        disagreements_left=(
            None
            if any(d.disagreements_left is None for d in dims)
            else sum(d.disagreements_left or 0 for d in dims)
        ),
    )


AGREEMENT_TABLE_COLUMNS = {
    "label": "Dimension",
    "alpha": "α before reconciliation",
    "reading": "Reading",
    "units": "Units",
    "pairable": "Pairable units",
    "coders": "Coders",
    "disagreements": "Disagreed before",
    "disagreements_left": "Left",
}


def agreement_rows(rel: Reliability) -> list[dict[str, object]]:
    """One plain row per dimension and one for overall (alpha None when not measured):
    ``alpha`` and ``alpha_before_reconciliation`` are the same headline figure (the
    first kept for old readers), ``disagreements`` those before reconciliation."""
    return [
        {
            "dimension": d.dimension,
            "label": d.label,
            "alpha": d.alpha,
            "alpha_before_reconciliation": d.alpha,
            "reading": d.reading_text,
            "units": d.units,
            "pairable": d.pairable,
            "coders": d.coders,
            "disagreements": d.disagreements,
            "disagreements_before_reconciliation": d.disagreements,
            "disagreements_left": d.disagreements_left,
            "not_a_characterisation": d.not_a_characterisation,
        }
        for d in (*rel.dimensions, rel.overall)
    ]


def disagreement_rows(rel: Reliability, dossier: Dossier) -> list[dict[str, object]]:
    """One plain row per disagreement: id, dimension, each coder's value, quote, voice."""
    dim_label = {d.id: d.label for d in dossier.dimensions}
    rows = []
    for d in rel.disagreements:
        row: dict[str, object] = {
            "characterisation": d.characterisation,
            "dimension": d.dimension,
            "dimension_label": dim_label.get(d.dimension, d.dimension),
        }
        for coder, value in d.values:
            row[coder] = value
        row["quote"] = d.quote
        row["voice"] = d.voice
        row["source"] = d.source
        row["notes"] = "; ".join(f"{c}: {n}" for c, n in d.notes) or None
        rows.append(row)
    return rows
