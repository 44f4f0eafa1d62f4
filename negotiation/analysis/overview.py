"""Tables for the overview page: coverage, unplaced positions, the issue x side matrix
and the headline counts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from negotiation.analysis.as_of import _latest
from negotiation.analysis.basics import NONE_CELL, DateLike, _frame, _range_label, position_interval
from negotiation.analysis.camps import camp_table
from negotiation.analysis.certainty import uncertain_gap_counts
from negotiation.analysis.comparison import gap_table
from negotiation.analysis.positions import positions_frame
from negotiation.dossier import Dossier

# =========================================================================== coverage and overview


def coverage_table(dossier: Dossier) -> pd.DataFrame:
    """The issue × side cells with no position at all (at any date).

    Columns: issue, issue_title, side, side_name. Empty when every side has a
    position on every issue.
    """
    have = {(s.id, p.issue) for s in dossier.sides for p in s.positions}
    rows = [
        {"issue": i.id, "issue_title": i.title, "side": s.id, "side_name": s.name}
        for i in dossier.issues
        for s in dossier.sides
        if (s.id, i.id) not in have
    ]
    return _frame(rows, ("issue", "issue_title", "side", "side_name"), {})


def unplaced_positions(dossier: Dossier) -> pd.DataFrame:
    """Positions that cannot be placed or lack evidence (all dates).

    The columns of :func:`positions_frame` plus ``reason``: 'no accepted range',
    'no evidence', or both joined with '; '. (The loader rejects positions without
    evidence, so 'no evidence' only appears for hand-built dossiers.)
    """
    df = positions_frame(dossier)
    reasons = []
    for placed, n_ev in zip(df["placed"], df["n_evidence"], strict=True):
        r = []
        if not placed:
            r.append("no accepted range")
        if n_ev == 0:
            r.append("no evidence")
        reasons.append("; ".join(r))
    df = df.assign(reason=reasons)
    return df[df["reason"] != ""].reset_index(drop=True)


def overview_matrix(dossier: Dossier, date: DateLike = None) -> pd.DataFrame:
    """Issues × sides matrix of stances as of ``date`` (None = latest).

    Index: issue titles (name 'issue'); columns: side names (name 'side'); cell text
    '<stance> · <accepted range>' (range as 'Label' or 'From – To'), just the stance
    when the position has no accepted range, and '—' when the side has no position.
    """
    latest = _latest(dossier, date)
    cells: list[list[str]] = []
    for issue in dossier.issues:
        line = []
        for side in dossier.sides:
            pos = latest.get((side.id, issue.id))
            if pos is None:
                line.append(NONE_CELL)
                continue
            rng = _range_label(issue.scale, position_interval(issue, pos))
            line.append(f"{pos.stance} · {rng}" if rng else pos.stance)
        cells.append(line)
    return pd.DataFrame(
        cells,
        index=pd.Index([i.title for i in dossier.issues], name="issue"),
        columns=pd.Index([s.name for s in dossier.sides], name="side"),
        dtype=object,
    )


def headline_counts(
    dossier: Dossier,
    a: str,
    b: str,
    date: DateLike = None,
    issues: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Headline numbers for the overview, comparing parties ``a`` and ``b``.

    Keys: n_issues; issues_with_overlap, issues_with_gap, issues_not_placed,
    issues_split (counts of :func:`gap_table` statuses); camp_splits (issue × camp
    cells where a camp is split, from :func:`camp_table`); widest_gap: None, or a
    dict with issue, issue_title, steps (int) and gap_norm (float), and at_least
    (True, only when the gap is a lower bound against a bounded party) of the issue
    with the largest gap (ties: larger normalised gap, then first issue). ``issues``
    restricts every count to those issue ids. And how sure the gaps are
    (:func:`negotiation.analysis.certainty.uncertain_gap_counts`): gaps_counted,
    gaps_uncertain (resting on contested or inferred input), uncertain_gap_issues.
    """
    gaps = gap_table(dossier, a, b, date, issues=issues)
    camps = camp_table(dossier, date)
    if issues is not None:
        camps = camps[camps["issue"].isin(list(issues))]
    status = gaps["status"]
    widest = None
    with_gap = gaps[status == "gap"]
    if not with_gap.empty:
        order = with_gap.assign(_n=range(len(with_gap))).sort_values(
            ["gap", "gap_norm", "_n"], ascending=[False, False, True]
        )
        top = order.iloc[0]
        widest = {
            "issue": top["issue"],
            "issue_title": top["issue_title"],
            "steps": int(top["gap"]),
            "gap_norm": float(top["gap_norm"]),
        }
        if top["gap_at_least"]:  # only then: the key is new
            widest["at_least"] = True
    return {
        "n_issues": len(gaps),
        "issues_with_overlap": int((status == "overlap").sum()),
        "issues_with_gap": int((status == "gap").sum()),
        "issues_not_placed": int((status == "not placed").sum()),
        "issues_split": int((status == "split").sum()),
        "camp_splits": int(camps["split"].sum()) if not camps.empty else 0,
        "widest_gap": widest,
        **uncertain_gap_counts(dossier, a, b, date, issues=issues, gaps=gaps),
    }
