"""The ``reliability`` command's report: alpha per dimension and overall before
reconciliation (the headline), the disagreements left and what reconciling changed, as
text or JSON (computed by :mod:`negotiation.analysis.reliability`)."""

from __future__ import annotations

import json
from typing import Any

from negotiation.analysis.reliability import (
    Reliability,
    agreement_rows,
    reconciliation_sentence,
    reliability,
)
from negotiation.dossier import Dossier
from negotiation.quote_marks import quoted

NO_CODING = "No independent coding yet: see docs/format.md (codings/<coder>.yaml)."


def _alpha(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def report_dict(dossier: Dossier, rel: Reliability | None = None) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    rel = rel or reliability(dossier)
    rows = agreement_rows(rel)
    return {
        "dossier": dossier.id,
        "coders": [
            {"id": c, "label": label, "method": _method(dossier, c)}
            for c, label in zip(rel.coders, rel.coder_labels, strict=True)
        ],
        "has_second_coding": rel.has_second_coding,
        "alpha_before_reconciliation": rel.overall.alpha,
        "reading": rel.overall.reading_text,
        "disagreements_before_reconciliation": len(rel.disagreements_before),
        "disagreements_left": len(rel.disagreements),
        "reconciled": len(rel.reconciled),
        "reconciled_characterisations": list(rel.reconciled),
        "withdrawn": len(rel.withdrawn),
        "reconciliation": reconciliation_sentence(rel),
        "dimensions": rows[:-1],
        "overall": rows[-1],
        "disagreements": [
            {
                "characterisation": d.characterisation,
                "dimension": d.dimension,
                "values": dict(d.values),
                "quote": d.quote,
                "voice": d.voice,
                "source": d.source,
                "notes": dict(d.notes),
            }
            for d in rel.disagreements
        ],
    }


def _method(dossier: Dossier, coder: str) -> str | None:
    return next((c.method for c in dossier.codings if c.coder == coder), None)


def render_text(dossier: Dossier, rel: Reliability | None = None) -> str:
    rel = rel or reliability(dossier)
    lines = [f"Reliability of the characterisations of {dossier.id}"]
    if not rel.has_second_coding:
        lines.append(NO_CODING)
        return "\n".join(lines) + "\n"
    lines.append(f"Coders ({len(rel.coders)}):")
    for c, label in zip(rel.coders, rel.coder_labels, strict=True):
        method = _method(dossier, c)
        lines.append(f"  {c}: {label}" + (f" — {method}" if method else ""))
    lines.append("")
    head = rel.overall
    lines.append(
        f"Krippendorff's alpha before reconciliation: {_alpha(head.alpha)}, "
        f"{head.reading_text}; disagreements left: {len(rel.disagreements)}"
    )
    lines.append(reconciliation_sentence(rel))
    lines.append("")
    header = ("Dimension", "alpha before", "units", "pairable", "disagreed", "left", "reading")
    rows = [
        (
            str(r["label"]),
            _alpha(r["alpha_before_reconciliation"]),  # type: ignore[arg-type]
            str(r["units"]),
            str(r["pairable"]),
            str(r["disagreements_before_reconciliation"]),
            str(r["disagreements_left"]),
            str(r["reading"]),
        )
        for r in agreement_rows(rel)
    ]
    widths = [max(len(x[i]) for x in (header, *rows)) for i in range(len(header))]
    for row in (header, *rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    lines.append("")
    lines.append(
        "Krippendorff's alpha for ordinal data on the main coding before reconciliation "
        "(reconciled_from where given); 'disagreed' counts the units the coders coded "
        "differently then, 'left' those they still do; 'not-a-characterisation' counts as "
        "missing for alpha and is listed below; overall = the mean weighted by pairable units."
    )
    n_nac = sum(d.not_a_characterisation for d in rel.disagreements)
    lines.append("")
    lines.append(
        f"Disagreements left ({len(rel.disagreements)}"
        + (f"; {n_nac} on whether it is a characterisation" if n_nac else "")
        + "):"
    )
    if not rel.disagreements:
        lines.append("  none")
    for d in rel.disagreements:
        values = ", ".join(f"{c} = {v if v is not None else '—'}" for c, v in d.values)
        lines.append(f"- {d.characterisation} ({d.dimension}): {values}")
        source = dossier.source_by_id.get(d.source)
        who = d.voice or (source.outlet if source else d.source)
        lines.append(f"    {quoted(d.quote)} ({who})")
        for c, note in d.notes:
            lines.append(f"    note of {c}: {note}")
    return "\n".join(lines) + "\n"


def render(dossier: Dossier, fmt: str = "text") -> str:
    """The report in ``fmt`` ('text' or 'json')."""
    rel = reliability(dossier)
    if fmt == "json":
        return json.dumps(report_dict(dossier, rel), indent=2, ensure_ascii=False) + "\n"
    return render_text(dossier, rel)
