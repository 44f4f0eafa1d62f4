"""The gap and overlap tables of two parties, issue by issue (blockers included)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from negotiation.analysis.as_of import _issues, _latest
from negotiation.analysis.basics import DateLike, Interval, _frame, _label
from negotiation.analysis.counting import (
    counted_members,
    defaulted_weights,
    party_weight,
    rule_in_force,
)
from negotiation.analysis.decision import Decision, decide
from negotiation.analysis.parties import party_label, resolve_party
from negotiation.analysis.ranges import (
    _party_range,
    compare_parties,
    intersect,
    normalised_gap,
)
from negotiation.analysis.readings import with_gap_readings, with_overlap_readings
from negotiation.dossier import Dossier

# =========================================================================== gaps and overlaps

GAP_COLUMNS = (
    "issue",
    "issue_title",
    "scale_len",
    "a",
    "b",
    "a_lo",
    "a_hi",
    "b_lo",
    "b_hi",
    "a_from_label",
    "a_to_label",
    "b_from_label",
    "b_to_label",
    "a_stance",
    "b_stance",
    "a_split",
    "b_split",
    "a_not_placed",
    "b_not_placed",
    "overlap_lo",
    "overlap_hi",
    "overlap_from_label",
    "overlap_to_label",
    "gap",
    "gap_norm",
    "gap_at_least",
    "bounded",
    "status",
)
_GAP_DTYPES = {
    "scale_len": "int64",
    "a_lo": "Int64",
    "a_hi": "Int64",
    "b_lo": "Int64",
    "b_hi": "Int64",
    "overlap_lo": "Int64",
    "overlap_hi": "Int64",
    "gap": "Int64",
    "gap_norm": "float64",
    "gap_at_least": "bool",
    "bounded": "object",
    "a_split": "bool",
    "b_split": "bool",
    "a_not_placed": "object",
    "b_not_placed": "object",
}


def _lo(iv: Interval | None) -> int | None:
    return None if iv is None else iv[0]


def _hi(iv: Interval | None) -> int | None:
    return None if iv is None else iv[1]


def gap_table(
    dossier: Dossier,
    a: str,
    b: str,
    date: DateLike = None,
    issues: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Gap and overlap between two parties, one row per issue (dossier order).

    Columns: issue, issue_title, scale_len, a, b (the refs), a_lo, a_hi, b_lo, b_hi
    (Int64), a_from_label, a_to_label, b_from_label, b_to_label, a_stance, b_stance
    (a side's stance; None for camps), a_split, b_split (bool), a_not_placed,
    b_not_placed (tuples of member side ids without a range), overlap_lo, overlap_hi
    (Int64), overlap_from_label, overlap_to_label, gap (Int64 steps between nearest
    ends, 0 when overlapping), gap_norm (gap / (scale_len - 1), NaN when not placed),
    gap_at_least (bool: the gap is a lower bound, see below), bounded (tuple of the
    refs of the parties bounded on the issue: only ruling a part out), status: 'split'
    when either party is a split camp, else 'not placed' when either has no range,
    else 'overlap' or 'gap'.

    A bounded party against a placed one (:func:`~negotiation.analysis.ranges.
    compare_parties`): when the placed range lies wholly in the bounded party's
    ruled-out part, status 'gap' and gap the steps to its open part, a lower bound
    (gap_at_least); otherwise 'not placed' (it may still meet the placed range). Two
    bounded parties: 'not placed'.

    ``issues`` restricts to those issue ids. Raises :class:`UnknownPartyError`.
    """
    pa, pb = resolve_party(dossier, a), resolve_party(dossier, b)
    latest = _latest(dossier, date)
    rows = []
    for issue in _issues(dossier, issues):
        ra = _party_range(dossier, latest, pa, issue)
        rb = _party_range(dossier, latest, pb, issue)
        cmp = compare_parties(ra, rb)
        status = "split" if ra.split or rb.split else cmp.status
        scale = issue.scale
        rows.append(
            {
                "issue": issue.id,
                "issue_title": issue.title,
                "scale_len": len(scale),
                "a": pa.ref,
                "b": pb.ref,
                "a_lo": _lo(ra.interval),
                "a_hi": _hi(ra.interval),
                "b_lo": _lo(rb.interval),
                "b_hi": _hi(rb.interval),
                "a_from_label": _label(scale, _lo(ra.interval)),
                "a_to_label": _label(scale, _hi(ra.interval)),
                "b_from_label": _label(scale, _lo(rb.interval)),
                "b_to_label": _label(scale, _hi(rb.interval)),
                "a_stance": ra.stance,
                "b_stance": rb.stance,
                "a_split": ra.split,
                "b_split": rb.split,
                "a_not_placed": ra.not_placed,
                "b_not_placed": rb.not_placed,
                "overlap_lo": _lo(cmp.overlap),
                "overlap_hi": _hi(cmp.overlap),
                "overlap_from_label": _label(scale, _lo(cmp.overlap)),
                "overlap_to_label": _label(scale, _hi(cmp.overlap)),
                "gap": cmp.gap,
                "gap_norm": normalised_gap(cmp.gap, len(scale)),
                "gap_at_least": cmp.at_least and status == "gap",
                "bounded": tuple(r.party for r in (ra, rb) if r.is_bounded),
                "status": status,
            }
        )
    return with_gap_readings(_frame(rows, GAP_COLUMNS, _GAP_DTYPES), dossier, date, gap_table)


OVERLAP_COLUMNS = (
    "issue",
    "issue_title",
    "scale_len",
    "parties",
    "n_parties",
    "n_placed",
    "placed",
    "not_placed",
    "split",
    "overlap_lo",
    "overlap_hi",
    "overlap_from_label",
    "overlap_to_label",
    "spread",
    "blockers",
    "blocker_labels",
    "blocker_sets",
    "blocker_set_labels",
    "status",
    "bounded",
    "ruled_out_by",
    "possible_points",
    "rule",
    "rule_source",
    "rule_hypothetical",
    "counted",
    "not_counted",
    "party_weights",
    "weights_defaulted",
    "total_weight",
    "not_placed_weight",
    "support",
    "bar",
    "winning_indices",
    "winning_points",
    "winning_labels",
    "outvoted",
    "blocker_set_weights",
    "blocker_points",
    "blocker_sets_truncated",
    "could_change",
    "deal",
)
_OVERLAP_DTYPES = {
    "scale_len": "int64",
    "parties": "object",
    "n_parties": "int64",
    "n_placed": "int64",
    "placed": "object",
    "not_placed": "object",
    "split": "object",
    "overlap_lo": "Int64",
    "overlap_hi": "Int64",
    "spread": "Int64",
    "blockers": "object",
    "blocker_labels": "object",
    "blocker_sets": "object",
    "blocker_set_labels": "object",
    "bounded": "object",
    "ruled_out_by": "object",
    "possible_points": "object",
    "rule_hypothetical": "bool",
    "counted": "object",
    "not_counted": "object",
    "party_weights": "object",
    "weights_defaulted": "int64",
    "total_weight": "float64",
    "not_placed_weight": "float64",
    "support": "object",
    "bar": "float64",
    "winning_indices": "object",
    "winning_points": "object",
    "winning_labels": "object",
    "outvoted": "object",
    "blocker_set_weights": "object",
    "blocker_points": "object",
    "blocker_sets_truncated": "bool",
    "could_change": "bool",
}


def overlap_table(
    dossier: Dossier,
    parties: Sequence[str],
    date: DateLike = None,
    issues: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Overlap of several parties at once, and the decision under the rule in force,
    one row per issue (dossier order).

    Only *placed* parties (with a range; a split camp has none) enter the
    intersection. Columns: issue, issue_title, scale_len, parties (tuple of refs as
    given), n_parties, n_placed, placed, not_placed (tuples of party refs), split
    (tuple of split camps, also in not_placed), overlap_lo, overlap_hi (Int64),
    overlap_from_label, overlap_to_label, spread (Int64: max lo − min hi over placed
    parties when positive, the width of the gap; 0 when they overlap), status: 'not
    placed' when no party — or only one of several — is placed, else 'overlap' or
    'gap' (check not_placed: an overlap may leave parties out).

    Bounded parties (only ruling a part out; also in not_placed): bounded (their
    refs), ruled_out_by (point id -> the bounded parties ruling it out, only such
    points), possible_points (the placed parties' common range cut to what every
    bounded party leaves open; empty without one). A bounded party never creates an
    overlap: the status is 'not placed' while some point is possible, else 'gap'. The
    decision counts it as a holdout where it rules out, as not placed elsewhere
    (:func:`~negotiation.analysis.decision.decide`).

    The decision (see :func:`negotiation.analysis.decision.decide`) counts the parties
    that are parties to the deal (mediators and observers never count), each by its
    vote weight (a camp: its members' weights), under the issue's rule
    (:func:`~negotiation.analysis.counting.rule_in_force`): rule (text), rule_source
    ('default', 'dossier', 'issue', 'what-if'), rule_hypothetical, counted and
    not_counted (refs), party_weights (tuple of (ref, weight) for the counted parties),
    weights_defaulted (how many counted sides have no weight in their file),
    total_weight (placed, counted), not_placed_weight, support (weight accepting each
    scale point), bar (the support a point needs: more than it under majority, at least
    it otherwise), winning_indices / winning_points / winning_labels (the points that
    carry), outvoted (point id -> refs of the placed parties it outvotes),
    blocker_sets (the groups that hold a deal up, lightest by weight, every tie listed:
    under consensus the parties that would have to accept a point for an overlap, under
    a vote the lightest holdouts whose acceptance would carry a point; empty when a
    point carries), blocker_set_labels, blocker_set_weights, blocker_points (the point
    ids each group would carry), blocker_sets_truncated (more tied groups exist than
    listed), blockers and blocker_labels (the first group), could_change (whether the
    not-placed parties could change the answer once placed) and deal ('carries', 'held
    up', or 'not placed' when fewer than two of several counted parties are placed: then
    no point is listed as carrying).
    With every weight 1 and the default rule, blocker_sets are exactly the minimal
    sets of :func:`all_minimal_blocker_sets`.
    """
    refs = list(dict.fromkeys(parties))
    resolved = [resolve_party(dossier, r) for r in refs]
    counted = [r for r in refs if counted_members(dossier, r)]
    weights = {r: party_weight(dossier, r) for r in counted}
    defaulted = len(defaulted_weights(dossier, counted))
    latest = _latest(dossier, date)
    rows = []
    for issue in _issues(dossier, issues):
        prs = [_party_range(dossier, latest, p, issue) for p in resolved]
        ranges = {r.party: r.interval for r in prs if r.interval is not None}
        placed = tuple(ranges)
        ov = intersect(ranges.values())
        spread = None
        if ranges:
            spread = max(
                0, max(lo for lo, _ in ranges.values()) - min(h for _, h in ranges.values())
            )
        if not ranges or (len(ranges) == 1 and len(refs) > 1):
            status = "not placed"
        else:
            status = "overlap" if ov is not None else "gap"
        bnd = {r.party: r.open for r in prs if r.is_bounded}
        status, bounded_columns = _bounded_columns(status, issue.scale, ov, bnd)
        scale = issue.scale
        in_force = rule_in_force(dossier, issue.id)
        decision = decide(
            {r: ranges[r] for r in counted if r in ranges},
            weights,
            len(scale),
            in_force.rule,
            {r: weights[r] for r in counted if r not in ranges},
            bounded={r: bnd[r] for r in counted if r in bnd},
        )
        sets = tuple(
            tuple(sorted(h.parties, key=refs.index)) for h in decision.blocker_sets
        )  # bounded parties come last in a decision: each set in the order given
        blk = sets[0] if sets else ()
        rows.append(
            {
                "issue": issue.id,
                "issue_title": issue.title,
                "scale_len": len(scale),
                "parties": tuple(refs),
                "n_parties": len(refs),
                "n_placed": len(placed),
                "placed": placed,
                "not_placed": tuple(r.party for r in prs if r.interval is None),
                "split": tuple(r.party for r in prs if r.split),
                "overlap_lo": _lo(ov),
                "overlap_hi": _hi(ov),
                "overlap_from_label": _label(scale, _lo(ov)),
                "overlap_to_label": _label(scale, _hi(ov)),
                "spread": spread,
                "blockers": blk,
                "blocker_labels": tuple(party_label(dossier, r) for r in blk),
                "blocker_sets": sets,
                "blocker_set_labels": tuple(
                    tuple(party_label(dossier, r) for r in s) for s in sets
                ),
                "status": status,
                **bounded_columns,
                **_decision_columns(dossier, issue.scale, decision, refs, counted, weights),
                "rule": in_force.rule.text,
                "rule_source": in_force.source,
                "rule_hypothetical": in_force.hypothetical,
                "weights_defaulted": defaulted,
            }
        )
    frame = _frame(rows, OVERLAP_COLUMNS, _OVERLAP_DTYPES)
    return with_overlap_readings(frame, dossier, date, overlap_table)


def _bounded_columns(
    status: str, scale: Sequence, ov: Interval | None, bnd: dict[str, Interval | None]
) -> tuple[str, dict[str, object]]:
    """The status with the bounded parties ``bnd`` (ref -> open part) taken in, and the
    columns bounded, ruled_out_by, possible_points (see :func:`overlap_table`)."""
    possible = None
    if bnd and ov is not None and all(op is not None for op in bnd.values()):
        possible = intersect([ov, *bnd.values()])
    if bnd and ov is not None:  # a bounded party never creates an overlap
        status = "not placed" if possible is not None else "gap"
    points = () if possible is None else tuple(p.id for p in scale[possible[0] : possible[1] + 1])
    return status, {
        "bounded": tuple(bnd),
        "ruled_out_by": _ruled_out_by(scale, bnd),
        "possible_points": points,
    }


def _ruled_out_by(scale: Sequence, bnd: dict[str, Interval | None]) -> dict[str, tuple[str, ...]]:
    """Point id -> the bounded parties ruling it out (only points some rule out)."""
    out: dict[str, tuple[str, ...]] = {}
    for x, point in enumerate(scale):
        who = tuple(r for r, op in bnd.items() if op is None or not op[0] <= x <= op[1])
        if who:
            out[point.id] = who
    return out


def _decision_columns(
    dossier: Dossier,
    scale: Sequence,
    decision: Decision,
    refs: Sequence[str],
    counted: Sequence[str],
    weights: dict,
) -> dict[str, object]:
    ids = [p.id for p in scale]
    winning, outvoted = decision.winning, decision.outvoted
    if len(decision.parties) < 2 <= len(counted):
        deal = "not placed"  # one placed party of several: nothing to decide yet
        winning, outvoted = (), {}
    elif decision.winning:
        deal = "carries"
    elif decision.total > 0:
        deal = "held up"
    else:
        deal = "not placed"
    bar, _strict = decision.rule.bar(decision.total)
    return {
        "counted": tuple(counted),
        "not_counted": tuple(r for r in refs if r not in counted),
        "party_weights": tuple((r, float(weights[r])) for r in counted),
        "total_weight": float(decision.total),
        "not_placed_weight": float(decision.not_placed_weight),
        "support": tuple(float(v) for v in decision.support),
        "bar": float(bar),
        "winning_indices": tuple(winning),
        "winning_points": tuple(ids[i] for i in winning),
        "winning_labels": tuple(scale[i].label for i in winning),
        "outvoted": {ids[i]: tuple(v) for i, v in outvoted.items()},
        "blocker_set_weights": tuple(float(h.weight) for h in decision.blocker_sets),
        "blocker_points": tuple(tuple(ids[i] for i in h.points) for h in decision.blocker_sets),
        "blocker_sets_truncated": bool(decision.truncated),
        "could_change": bool(decision.could_change),
        "deal": deal,
    }


def blocker_sets_text(label_sets: Sequence[Sequence[str]]) -> str:
    """Plain words for the minimal blocker sets of one issue (names, not refs).

    One set: "removing A, B reopens an overlap"; several: "removing any one of these
    groups reopens an overlap: {A, B} or {C, D}" (every set, none chosen silently).
    """
    if not label_sets:
        return ""
    if len(label_sets) == 1:
        return f"removing {', '.join(label_sets[0])} reopens an overlap"
    groups = " or ".join("{" + ", ".join(s) + "}" for s in label_sets)
    return f"removing any one of these groups reopens an overlap: {groups}"
