"""Paths to agreement, what backs the numbers: weights, priority quotes, blockers.

See :mod:`negotiation.paths` for the definitions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from negotiation import analysis, whatif
from negotiation.dossier import Dossier
from negotiation.paths.concessions import (
    _frame,
    _issues,
)
from negotiation.paths.meeting import (
    DateLike,
    Hypotheses,
    _weight,
)

WEIGHT_COLUMNS = (
    "issue",
    "issue_title",
    "party",
    "label",
    "weight",
    "priority",
    "defaulted",
    "side",
    "position",
    "n_evidence",
)


def weights_table(
    dossier: Dossier,
    parties: Sequence[str],
    date: DateLike = None,
    hypotheses: Hypotheses = None,
    issues: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The weights in use, one row per issue × party (dossier order).

    Columns: issue, issue_title, party, label, weight (int), priority, defaulted
    (bool), side and position (whose priority gives the weight; None when
    defaulted), n_evidence (quotes in that position's ``priority_evidence``).
    ``df["defaulted"].sum()`` is the number of defaulted weights.
    """
    d = whatif.under(dossier, hypotheses, date)
    resolved = [analysis.resolve_party(d, r) for r in dict.fromkeys(parties)]
    rows = []
    for issue in _issues(d, issues):
        for p in resolved:
            w = _weight(d, p, issue.id, date)
            pos = d.position_by_id.get(w.position) if w.position else None
            rows.append(
                {
                    "issue": issue.id,
                    "issue_title": issue.title,
                    "party": p.ref,
                    "label": p.label,
                    "weight": w.weight,
                    "priority": w.priority,
                    "defaulted": w.defaulted,
                    "side": w.side,
                    "position": w.position,
                    "n_evidence": len(pos.priority_evidence) if pos is not None else 0,
                }
            )
    return _frame(
        rows, WEIGHT_COLUMNS, {"weight": "int64", "defaulted": "bool", "n_evidence": "int64"}
    )


PRIORITY_EVIDENCE_COLUMNS = (
    "side",
    "side_name",
    "issue",
    "issue_title",
    "position",
    "as_of",
    "priority",
    "weight",
    "source",
    "outlet",
    "source_title",
    "url",
    "quote",
    "translation",
    "speaker",
    "date",
)


def priority_evidence_frame(
    dossier: Dossier, positions: Iterable[str] | None = None
) -> pd.DataFrame:
    """The quotes behind the priorities, one row per quote (``positions`` keeps only
    those position ids, e.g. a trade's ``*_position`` cells; None = all).

    Columns: side, side_name, issue, issue_title, position, as_of (datetime64),
    priority, weight, source, outlet, source_title, url, quote, translation (the
    curator's English, or None), speaker, date.
    """
    wanted = None if positions is None else {p for p in positions if p}
    rows = []
    for side in dossier.sides:
        for pos in side.positions:
            if pos.priority is None or (wanted is not None and pos.id not in wanted):
                continue
            iss = dossier.issue_by_id.get(pos.issue)
            for ev in pos.priority_evidence:
                src = dossier.source_by_id.get(ev.source)
                rows.append(
                    {
                        "side": side.id,
                        "side_name": side.name,
                        "issue": pos.issue,
                        "issue_title": iss.title if iss is not None else pos.issue,
                        "position": pos.id,
                        "as_of": pd.Timestamp(pos.as_of),
                        "priority": pos.priority,
                        "weight": pos.weight,
                        "source": ev.source,
                        "outlet": src.outlet if src is not None else ev.source,
                        "source_title": src.title if src is not None else None,
                        "url": src.url if src is not None else None,
                        "quote": ev.quote,
                        "translation": ev.translation,
                        "speaker": ev.speaker,
                        "date": pd.Timestamp(ev.date) if ev.date else pd.NaT,
                    }
                )
    df = pd.DataFrame(rows, columns=list(PRIORITY_EVIDENCE_COLUMNS))
    for col in ("as_of", "date"):
        df[col] = pd.to_datetime(df[col]).astype("datetime64[ns]")
    df["weight"] = df["weight"].astype("int64")
    return df


# =========================================================================== blockers


def overlap_blocker_sets(
    dossier: Dossier,
    parties: Sequence[str],
    date: DateLike = None,
    hypotheses: Hypotheses = None,
    issues: Iterable[str] | None = None,
) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Issue id -> every minimal set of placed parties whose removal reopens an overlap
    (:func:`~negotiation.analysis.all_minimal_blocker_sets`; empty when they overlap)."""
    d = whatif.under(dossier, hypotheses, date)
    refs = list(dict.fromkeys(parties))
    out = {}
    for issue in _issues(d, issues):
        ranges = {}
        for ref in refs:
            iv = analysis.party_range(d, ref, issue.id, date).interval
            if iv is not None:
                ranges[ref] = iv
        out[issue.id] = analysis.all_minimal_blocker_sets(ranges)
    return out
