"""Paths to agreement per issue: the concessions table and the per-issue detail.

See :mod:`negotiation.paths` for the definitions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from negotiation import analysis, whatif
from negotiation.dossier import Dossier
from negotiation.model import Issue
from negotiation.paths.meeting import (
    DateLike,
    Hypotheses,
    Meeting,
    _weight,
    meeting,
)


def _frame(rows: list[dict[str, Any]], columns: Sequence[str], dtypes: Mapping[str, str]) -> Any:
    df = pd.DataFrame(rows, columns=list(columns))
    for col, dtype in dtypes.items():
        df[col] = df[col].astype(object) if dtype == "object" else df[col].astype(dtype)
    return df


def _ids(issue: Issue, indices: Iterable[int]) -> tuple[str, ...]:
    return tuple(issue.scale[i].id for i in indices)


def _labels(issue: Issue, indices: Iterable[int]) -> tuple[str, ...]:
    return tuple(issue.scale[i].label for i in indices)


def _issues(dossier: Dossier, issues: Iterable[str] | None) -> list[Issue]:
    if issues is None:
        return list(dossier.issues)
    wanted = set(issues)
    return [i for i in dossier.issues if i.id in wanted]


def _status(m: Meeting, n_parties: int) -> str:
    if m.bounded and m.stands and m.weighted_total == 0:
        # a bounded party never makes an overlap (the zero-cost points are the common
        # range): a gap when it rules all of them out
        return "gap" if set(m.points) <= set(m.ruled_out_at) else "not placed"
    if not m.stands or (len(m.stands) == 1 and n_parties > 1):
        return "not placed"
    return "overlap" if m.weighted_total == 0 else "gap"


CONCESSION_COLUMNS = (
    "issue",
    "issue_title",
    "scale_len",
    "parties",
    "placed",
    "not_placed",
    "meeting_points",
    "meeting_indices",
    "meeting_labels",
    "point",
    "point_index",
    "point_label",
    "weighted_total",
    "total_steps",
    "steps",
    "weighted_steps",
    "weights",
    "defaulted",
    "n_defaulted",
    "red_lines_crossed",
    "red_line_members",
    "hypothetical",
    "status",
    "bounded",
    "ruled_out_by",
    "rule",
    "coalition",
    "outvoted",
    "not_counted",
    "by_weight_points",
    "by_weight_labels",
)
_CONCESSION_DTYPES = {
    "scale_len": "int64",
    "parties": "object",
    "placed": "object",
    "not_placed": "object",
    "meeting_points": "object",
    "meeting_indices": "object",
    "meeting_labels": "object",
    "point_index": "Int64",
    "weighted_total": "int64",
    "total_steps": "int64",
    "steps": "object",
    "weighted_steps": "object",
    "weights": "object",
    "defaulted": "object",
    "n_defaulted": "int64",
    "red_lines_crossed": "object",
    "red_line_members": "object",
    "hypothetical": "bool",
    "bounded": "object",
    "ruled_out_by": "object",
    "coalition": "object",
    "outvoted": "object",
    "not_counted": "object",
    "by_weight_points": "object",
    "by_weight_labels": "object",
}


def concessions_table(
    dossier: Dossier,
    parties: Sequence[str],
    date: DateLike = None,
    hypotheses: Hypotheses = None,
    issues: Iterable[str] | None = None,
    by_rule: bool = False,
) -> pd.DataFrame:
    """What it would take for ``parties`` to agree, one row per issue (dossier order).

    Columns: issue, issue_title, scale_len, parties (refs as given), placed,
    not_placed (tuples of refs), meeting_points (tuple of scale ids: every tie),
    meeting_indices, meeting_labels, point / point_index / point_label (the
    representative meeting point; None/<NA> when nothing is placed), weighted_total
    (the minimised Σ w·steps), total_steps (Σ steps at the point), steps and
    weighted_steps (dict ref -> int at the point), weights (dict ref -> weight),
    defaulted (refs whose weight is defaulted), n_defaulted, red_lines_crossed
    (refs that would cross a red line at the point), red_line_members (dict ref ->
    member side ids crossing), hypothetical (a what-if range takes part), status
    ('overlap' when nobody moves, 'gap', or 'not placed' as in the overlap table; with
    a bounded party never 'overlap': 'not placed', or 'gap' when it rules out every
    point nobody has to move to), bounded (refs of the bounded parties: only ruling a
    part out, they get no meeting point of their own), ruled_out_by (meeting point id
    -> the sides ruling it out, only such points),
    rule (the rule the meeting point is computed under: 'consensus' unless
    ``by_rule``), coalition (refs of the parties that move to the point: every placed
    party under consensus, the carrying coalition under a vote), outvoted (refs a vote
    at the point outvotes: they do not move) and not_counted (placed parties that do
    not vote), by_weight_points (under consensus with ``by_rule``, when the dossier gives
    weights: the points of least Σ vote weight × priority × steps, each party's move
    counted for the states it speaks for; empty otherwise). With ``by_rule`` each
    issue's decision rule decides (see
    :func:`~negotiation.paths.meeting.meeting`); ``steps`` and ``weighted_steps`` then
    list the coalition only.
    Raises :class:`~negotiation.analysis.UnknownPartyError`.
    """
    refs = list(dict.fromkeys(parties))
    d = whatif.under(dossier, hypotheses, date)
    for ref in refs:
        analysis.resolve_party(d, ref)
    rows = []
    for issue in _issues(d, issues):
        m = meeting(d, issue.id, refs, date, by_rule=by_rule)
        x = m.point
        crossing = m.red_lines()
        rows.append(
            {
                "issue": issue.id,
                "issue_title": issue.title,
                "scale_len": len(issue.scale),
                "parties": tuple(refs),
                "placed": tuple(s.party for s in m.stands),
                "not_placed": m.not_placed,
                "meeting_points": _ids(issue, m.points),
                "meeting_indices": m.points,
                "meeting_labels": _labels(issue, m.points),
                "point": None if x is None else issue.scale[x].id,
                "point_index": x,
                "point_label": None if x is None else issue.scale[x].label,
                "weighted_total": m.weighted_total,
                "total_steps": m.total_steps(),
                "steps": m.steps(),
                "weighted_steps": {}
                if x is None
                else {s.party: s.weighted_steps(x) for s in m.movers()},
                "weights": {s.party: s.weight.weight for s in m.stands},
                "defaulted": m.defaulted,
                "n_defaulted": len(m.defaulted),
                "red_lines_crossed": tuple(crossing),
                "red_line_members": crossing,
                "hypothetical": any(s.hypothetical for s in m.stands),
                "status": _status(m, len(refs)),
                "bounded": m.bounded,
                "ruled_out_by": {issue.scale[k].id: v for k, v in m.ruled_out_at.items()},
                "rule": m.rule,
                "coalition": tuple(s.party for s in m.movers()),
                "outvoted": m.outvoted(),
                "not_counted": m.not_counted,
                "by_weight_points": _ids(issue, m.by_weight),
                "by_weight_labels": _labels(issue, m.by_weight),
            }
        )
    return _frame(rows, CONCESSION_COLUMNS, _CONCESSION_DTYPES)


@dataclass(frozen=True, eq=False)
class IssuePaths:
    """Everything the paths view draws for one issue.

    * ``parties``: one row per party (placed or not): party, label, kind, placed,
      split, lo, hi (Int64; for a split camp lo > hi), from_label, to_label, weight,
      priority, defaulted, weight_side, weight_position (where the weight comes from),
      stance (a side's), position (a side's in-force position id), hypothetical,
      move_from, move_to (Int64: the arrow to the representative point; equal when
      no move), steps, weighted_steps, red_line (bool), red_line_members (tuple).
    * ``members``: one row per placed member of each party: party, side, lo, hi,
      stance, position, hypothetical, steps, red_line (bool: crosses at the point).
    * ``points``: one row per meeting point (tie): index, id, label, weighted_total,
      total_steps, red_lines_crossed (refs), representative (bool).
    """

    issue: str
    issue_title: str
    scale_ids: tuple[str, ...]
    scale_labels: tuple[str, ...]
    meeting_points: tuple[int, ...]
    point: int | None
    weighted_total: int
    n_defaulted: int
    rule: str
    outvoted: tuple[str, ...]
    parties: pd.DataFrame = field(repr=False)
    members: pd.DataFrame = field(repr=False)
    points: pd.DataFrame = field(repr=False)


def issue_paths(
    dossier: Dossier,
    issue: str,
    parties: Sequence[str],
    date: DateLike = None,
    hypotheses: Hypotheses = None,
    by_rule: bool = False,
) -> IssuePaths:
    """The per-issue detail of the paths to agreement: each party's range and weight,
    the meeting points, and each party's arrow from its range to the point (under a
    vote, with ``by_rule``: the coalition's arrows; the outvoted have none and are
    marked ``outvoted``)."""
    d = whatif.under(dossier, hypotheses, date)
    iss = d.issue_by_id.get(issue)
    if iss is None:
        raise KeyError(f"unknown issue {issue!r}")
    refs = list(dict.fromkeys(parties))
    m = meeting(d, issue, refs, date, by_rule=by_rule)
    x = m.point
    by_ref = {s.party: s for s in m.stands}
    moving = {s.party for s in m.movers()}
    outvoted = set(m.outvoted())
    rows, member_rows = [], []
    for ref in refs:
        party = analysis.resolve_party(d, ref)
        s = by_ref.get(ref)
        w = s.weight if s is not None else _weight(d, party, issue, date)
        pos = analysis.in_force(d, ref, issue, date) if party.kind == "side" else None
        moves = s is not None and x is not None and ref in moving
        move = s.move(x) if moves else (None, None)
        red = s.red_lines(x) if moves else ()
        rows.append(
            {
                "party": ref,
                "label": party.label,
                "kind": party.kind,
                "placed": s is not None,
                "split": bool(s is not None and s.split),
                "lo": None if s is None else s.lo,
                "hi": None if s is None else s.hi,
                "from_label": None if s is None else iss.scale[s.lo].label,
                "to_label": None if s is None else iss.scale[s.hi].label,
                "weight": w.weight,
                "priority": w.priority,
                "defaulted": w.defaulted,
                "weight_side": w.side,
                "weight_position": w.position,
                "stance": None if pos is None else pos.stance,
                "position": None if pos is None else pos.id,
                "hypothetical": bool(s is not None and s.hypothetical)
                or (pos is not None and pos.id in d.hypothetical_ids),
                "move_from": move[0],
                "move_to": move[1],
                "steps": s.steps(x) if moves else None,
                "weighted_steps": s.weighted_steps(x) if moves else None,
                "red_line": bool(red),
                "red_line_members": red,
                "outvoted": ref in outvoted,
            }
        )
        for mem in s.members if s is not None else ():
            member_rows.append(
                {
                    "party": ref,
                    "side": mem.side,
                    "lo": mem.lo,
                    "hi": mem.hi,
                    "stance": mem.stance,
                    "position": mem.position,
                    "hypothetical": mem.hypothetical,
                    "steps": None if x is None else mem.steps(x),
                    "red_line": x is not None and mem.red_line and mem.steps(x) > 0,
                }
            )
    point_rows = [
        {
            "index": p,
            "id": iss.scale[p].id,
            "label": iss.scale[p].label,
            "weighted_total": m.weighted_total,
            "total_steps": m.total_steps(p),
            "red_lines_crossed": tuple(m.red_lines(p)),
            "representative": p == x,
        }
        for p in m.points
    ]
    ints = ("lo", "hi", "move_from", "move_to", "steps", "weighted_steps")
    return IssuePaths(
        issue=iss.id,
        issue_title=iss.title,
        scale_ids=tuple(p.id for p in iss.scale),
        scale_labels=tuple(p.label for p in iss.scale),
        meeting_points=m.points,
        point=x,
        weighted_total=m.weighted_total,
        n_defaulted=sum(1 for r in rows if r["defaulted"] and r["placed"]),
        rule=m.rule,
        outvoted=m.outvoted(),
        parties=_frame(
            rows,
            (
                "party",
                "label",
                "kind",
                "placed",
                "split",
                "lo",
                "hi",
                "from_label",
                "to_label",
                "weight",
                "priority",
                "defaulted",
                "weight_side",
                "weight_position",
                "stance",
                "position",
                "hypothetical",
                "move_from",
                "move_to",
                "steps",
                "weighted_steps",
                "red_line",
                "red_line_members",
                "outvoted",
            ),
            {**dict.fromkeys(ints, "Int64"), "weight": "int64", "red_line_members": "object"},
        ),
        members=_frame(
            member_rows,
            (
                "party",
                "side",
                "lo",
                "hi",
                "stance",
                "position",
                "hypothetical",
                "steps",
                "red_line",
            ),
            {"lo": "int64", "hi": "int64", "steps": "Int64"},
        ),
        points=_frame(
            point_rows,
            (
                "index",
                "id",
                "label",
                "weighted_total",
                "total_steps",
                "red_lines_crossed",
                "representative",
            ),
            {"index": "int64", "total_steps": "int64", "red_lines_crossed": "object"},
        ),
    )


# =========================================================================== trades
