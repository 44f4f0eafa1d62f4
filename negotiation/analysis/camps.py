"""The camp table: each camp's common range per issue, or that it is split."""

from __future__ import annotations

import pandas as pd

from negotiation.analysis.as_of import _latest
from negotiation.analysis.basics import CAMP_PREFIX, DateLike, _frame, _label
from negotiation.analysis.comparison import _hi, _lo
from negotiation.analysis.parties import parties
from negotiation.analysis.ranges import _party_range
from negotiation.dossier import Dossier

CAMP_COLUMNS = (
    "issue",
    "issue_title",
    "scale_len",
    "camp",
    "party",
    "camp_name",
    "members",
    "n_members",
    "placed",
    "n_placed",
    "not_placed",
    "lo",
    "hi",
    "from_label",
    "to_label",
    "split",
    "blockers",
    "status",
)
_CAMP_DTYPES = {
    "scale_len": "int64",
    "members": "object",
    "n_members": "int64",
    "placed": "object",
    "n_placed": "int64",
    "not_placed": "object",
    "lo": "Int64",
    "hi": "Int64",
    "split": "bool",
    "blockers": "object",
}


def camp_table(dossier: Dossier, date: DateLike = None) -> pd.DataFrame:
    """Each camp's range on each issue, one row per issue × camp.

    Columns: issue, issue_title, scale_len, camp (camp id), party ('camp:<id>'),
    camp_name, members, placed, not_placed (tuples of side ids), n_members, n_placed,
    lo, hi (Int64: intersection of placed members' ranges), from_label, to_label,
    split (bool: ≥ 2 placed members with no common point), blockers (members whose
    removal would reunite a split camp), status ('placed' | 'split' | 'not placed').
    """
    latest = _latest(dossier, date)
    camp_parties = [p for p in parties(dossier) if p.kind == "camp"]
    rows = []
    for issue in dossier.issues:
        for p in camp_parties:
            r = _party_range(dossier, latest, p, issue)
            rows.append(
                {
                    "issue": issue.id,
                    "issue_title": issue.title,
                    "scale_len": len(issue.scale),
                    "camp": p.ref[len(CAMP_PREFIX) :],
                    "party": p.ref,
                    "camp_name": p.label,
                    "members": p.members,
                    "n_members": len(p.members),
                    "placed": r.placed,
                    "n_placed": len(r.placed),
                    "not_placed": r.not_placed,
                    "lo": _lo(r.interval),
                    "hi": _hi(r.interval),
                    "from_label": _label(issue.scale, _lo(r.interval)),
                    "to_label": _label(issue.scale, _hi(r.interval)),
                    "split": r.split,
                    "blockers": r.blockers,
                    "status": r.status,
                }
            )
    return _frame(rows, CAMP_COLUMNS, _CAMP_DTYPES)
