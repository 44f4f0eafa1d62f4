"""Position, scale, evidence and event frames (the tables behind the issue and timeline views)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pandas as pd

from negotiation.analysis.as_of import _latest
from negotiation.analysis.basics import (
    DateLike,
    _frame,
    _ideal_index,
    _label,
    _range_label,
    _ts,
    is_bounded,
    open_interval,
    position_interval,
    rejects_interval,
)
from negotiation.dossier import Dossier, Side
from negotiation.model import Issue, Position

# =========================================================================== positions

POSITION_COLUMNS = (
    "side",
    "side_name",
    "side_label",
    "camp",
    "issue",
    "issue_title",
    "position",
    "as_of",
    "stance",
    "ideal",
    "ideal_label",
    "ideal_index",
    "accepts_from",
    "accepts_to",
    "accepts_from_label",
    "accepts_to_label",
    "range_label",
    "lo",
    "hi",
    "placed",
    "scale_len",
    "summary",
    "n_evidence",
    "sources",
    "conditions",
    "notes",
    "basis",
    "contested",
    "reading_labels",
    "bounded",
    "rejects_lo",
    "rejects_hi",
    "rejects_label",
    "open_lo",
    "open_hi",
)
_POSITION_DTYPES = {
    "contested": "bool",
    "bounded": "bool",
    "rejects_lo": "Int64",
    "rejects_hi": "Int64",
    "open_lo": "Int64",
    "open_hi": "Int64",
    "as_of": "datetime64[ns]",
    "ideal_index": "Int64",
    "lo": "Int64",
    "hi": "Int64",
    "placed": "bool",
    "scale_len": "Int64",
    "n_evidence": "int64",
    "sources": "object",
}


def _position_row(dossier: Dossier, side: Side, pos: Position) -> dict[str, Any]:
    issue = dossier.issue_by_id.get(pos.issue)
    scale = issue.scale if issue is not None else []
    iv = position_interval(issue, pos) if issue is not None else None
    ends = pos.accepts_range
    ideal_index = _ideal_index(issue, pos)
    return {
        "side": side.id,
        "side_name": side.name,
        "side_label": side.label,
        "camp": side.camp,
        "issue": pos.issue,
        "issue_title": issue.title if issue is not None else pos.issue,
        "position": pos.id,
        "as_of": pd.Timestamp(pos.as_of),
        "stance": pos.stance,
        "ideal": pos.ideal,
        "ideal_label": _label(scale, ideal_index),
        "ideal_index": ideal_index,
        "accepts_from": ends[0] if ends else None,
        "accepts_to": ends[1] if ends else None,
        "accepts_from_label": _label(scale, iv[0]) if iv else None,
        "accepts_to_label": _label(scale, iv[1]) if iv else None,
        "range_label": _range_label(scale, iv),
        "lo": iv[0] if iv else None,
        "hi": iv[1] if iv else None,
        "placed": iv is not None,
        "scale_len": len(scale) if issue is not None else None,
        "summary": pos.summary,
        "n_evidence": len(pos.evidence),
        "sources": tuple(dict.fromkeys(e.source for e in pos.evidence)),
        "conditions": "; ".join(pos.conditions),
        "notes": pos.notes,
        **_certainty_cells(issue, pos),
    }


def _certainty_cells(issue: Issue | None, pos: Position) -> dict[str, Any]:
    """basis, readings and the ruled-out part of a position (how sure its placement is)."""
    scale = issue.scale if issue is not None else []
    rej = rejects_interval(issue, pos) if issue is not None else None
    opened = open_interval(issue, pos) if issue is not None else None
    return {
        "basis": pos.basis_or_default,
        "contested": pos.contested,
        "reading_labels": tuple(r.label for r in pos.readings or ()),
        "bounded": is_bounded(pos),
        "rejects_lo": rej[0] if rej else None,
        "rejects_hi": rej[1] if rej else None,
        "rejects_label": _range_label(scale, rej),
        "open_lo": opened[0] if opened else None,
        "open_hi": opened[1] if opened else None,
    }


def _positions_rows(dossier: Dossier, pairs: Iterable[tuple[Side, Position]]) -> Any:
    issue_order = {i.id: n for n, i in enumerate(dossier.issues)}
    side_order = {s.id: n for n, s in enumerate(dossier.sides)}
    items = sorted(
        pairs,
        key=lambda sp: (
            issue_order.get(sp[1].issue, len(issue_order)),
            sp[1].issue,
            side_order.get(sp[0].id, 0),
            sp[1].as_of,
        ),
    )
    rows = [_position_row(dossier, s, p) for s, p in items]
    return _frame(rows, POSITION_COLUMNS, _POSITION_DTYPES)


def positions_frame(dossier: Dossier, issues: Iterable[str] | None = None) -> pd.DataFrame:
    """Every position, one row each, ordered by issue, side, ``as_of``.

    Columns: side, side_name, side_label (short name), camp, issue, issue_title,
    position (id), as_of (datetime64[ns]), stance, ideal (point id), ideal_label,
    ideal_index (Int64), accepts_from / accepts_to (point ids as written),
    accepts_from_label / accepts_to_label (labels at lo / hi), range_label
    ('A' or 'A – B'), lo, hi (Int64 indices, <NA> = not placed), placed (bool),
    scale_len (Int64), summary, n_evidence (int), sources (tuple of source ids),
    conditions (joined with '; '), notes. ``issues`` keeps only those issue ids
    (None = all).
    """
    wanted = None if issues is None else set(issues)
    pairs = [
        (s, p) for s in dossier.sides for p in s.positions if wanted is None or p.issue in wanted
    ]
    return _positions_rows(dossier, pairs)


def positions_as_of(
    dossier: Dossier, date: DateLike = None, issues: Iterable[str] | None = None
) -> pd.DataFrame:
    """The position in force per (side, issue) at ``date`` (None = latest).

    Same columns as :func:`positions_frame`; (side, issue) pairs without a position
    by that date have no row. ``issues`` keeps only those issue ids (None = all).
    """
    latest = _latest(dossier, date)
    wanted = None if issues is None else set(issues)
    return _positions_rows(
        dossier,
        [
            (dossier.side_by_id[s], p)
            for (s, i), p in latest.items()
            if wanted is None or i in wanted
        ],
    )


READING_COLUMNS = (
    "side",
    "side_label",
    "issue",
    "position",
    "as_of",
    "reading",
    "label",
    "lo",
    "hi",
    "range_label",
    "ideal_index",
    "rejects_lo",
    "rejects_hi",
    "rejects_label",
    "open_lo",
    "open_hi",
    "bounded",
    "n_evidence",
    "sources",
)
_READING_DTYPES = {
    "as_of": "datetime64[ns]",
    "reading": "int64",
    "lo": "Int64",
    "hi": "Int64",
    "ideal_index": "Int64",
    "rejects_lo": "Int64",
    "rejects_hi": "Int64",
    "open_lo": "Int64",
    "open_hi": "Int64",
    "bounded": "bool",
    "n_evidence": "int64",
}


def readings_frame(
    dossier: Dossier, date: DateLike = None, issues: Iterable[str] | None = None
) -> pd.DataFrame:
    """One row per reading of every contested position in force at ``date``.

    Columns: side, side_label, issue, position, as_of, reading (its index), label,
    lo / hi (accepted interval, <NA> when the reading only rules out), range_label,
    ideal_index, rejects_lo / rejects_hi / rejects_label (ruled-out part), open_lo /
    open_hi (what a bounded reading leaves open), bounded, n_evidence (the reading's
    own quotes), sources (source ids of the reading's quotes).
    """
    latest = _latest(dossier, date)
    wanted = None if issues is None else set(issues)
    rows: list[dict[str, Any]] = []
    for row in _positions_rows(
        dossier,
        [
            (dossier.side_by_id[s], p)
            for (s, i), p in latest.items()
            if p.readings is not None and (wanted is None or i in wanted)
        ],
    ).itertuples():
        pos = dossier.position_by_id[row.position]
        issue = dossier.issue_by_id.get(pos.issue)
        for n, reading in enumerate(pos.readings or ()):
            plain = pos.as_reading(n)
            iv = position_interval(issue, plain) if issue is not None else None
            cells = _certainty_cells(issue, plain)
            rows.append(
                {
                    "side": row.side,
                    "side_label": row.side_label,
                    "issue": pos.issue,
                    "position": pos.id,
                    "as_of": pd.Timestamp(pos.as_of),
                    "reading": n,
                    "label": reading.label,
                    "lo": iv[0] if iv else None,
                    "hi": iv[1] if iv else None,
                    "range_label": _range_label(issue.scale, iv) if issue else None,
                    "ideal_index": _ideal_index(issue, plain),
                    **{k: cells[k] for k in READING_COLUMNS if k in cells},
                    "n_evidence": len(reading.evidence),
                    "sources": tuple(dict.fromkeys(e.source for e in reading.evidence)),
                }
            )
    return _frame(rows, READING_COLUMNS, _READING_DTYPES)


def scale_frame(dossier: Dossier, issue: str) -> pd.DataFrame:
    """The scale of an issue: index (int), id, label, description."""
    iss = dossier.issue_by_id.get(issue)
    if iss is None:
        raise KeyError(f"unknown issue {issue!r}")
    rows = [
        {"index": i, "id": p.id, "label": p.label, "description": p.description}
        for i, p in enumerate(iss.scale)
    ]
    return _frame(rows, ("index", "id", "label", "description"), {"index": "int64"})


EVIDENCE_COLUMNS = (
    "side",
    "side_name",
    "issue",
    "issue_title",
    "position",
    "as_of",
    "stance",
    "source",
    "outlet",
    "source_title",
    "source_kind",
    "source_date",
    "url",
    "quote",
    "speaker",
    "date",
    "reading",
)
_EVIDENCE_DTYPES = {
    "as_of": "datetime64[ns]",
    "source_date": "datetime64[ns]",
    "date": "datetime64[ns]",
    "reading": "object",
}


def evidence_frame(dossier: Dossier, issue: str | None = None) -> pd.DataFrame:
    """Every evidence quote of every position (of one issue when ``issue`` is given).

    One row per quote, ordered like :func:`positions_frame`. Columns: side,
    side_name, issue, issue_title, position, as_of, stance, source, outlet,
    source_title, source_kind, source_date, url, quote, speaker, date (when it was
    said, if given; NaT otherwise), reading (the label of the reading the quote backs,
    for a contested position's readings; None for the position's own evidence). A
    position's own evidence comes first, then each reading's in order. Date columns
    are datetime64[ns].
    """
    issue_order = {i.id: n for n, i in enumerate(dossier.issues)}
    side_order = {s.id: n for n, s in enumerate(dossier.sides)}
    pairs = sorted(
        ((s, p) for s in dossier.sides for p in s.positions if issue in (None, p.issue)),
        key=lambda sp: (
            issue_order.get(sp[1].issue, len(issue_order)),
            side_order[sp[0].id],
            sp[1].as_of,
        ),
    )
    rows = []
    for side, p in pairs:
        iss = dossier.issue_by_id.get(p.issue)
        quoted = [(None, ev) for ev in p.evidence]
        quoted += [(r.label, ev) for r in p.readings or () for ev in r.evidence]
        for label, ev in quoted:
            src = dossier.source_by_id.get(ev.source)
            rows.append(
                {
                    "side": side.id,
                    "side_name": side.name,
                    "issue": p.issue,
                    "issue_title": iss.title if iss is not None else p.issue,
                    "position": p.id,
                    "as_of": pd.Timestamp(p.as_of),
                    "stance": p.stance,
                    "source": ev.source,
                    "outlet": src.outlet if src is not None else ev.source,
                    "source_title": src.title if src is not None else None,
                    "source_kind": src.kind if src is not None else None,
                    "source_date": _ts(src.date if src is not None else None),
                    "url": src.url if src is not None else None,
                    "quote": ev.quote,
                    "speaker": ev.speaker,
                    "date": _ts(ev.date),
                    "reading": label,
                }
            )
    df = _frame(rows, EVIDENCE_COLUMNS, _EVIDENCE_DTYPES)
    labels = [r if isinstance(r, str) else None for r in df["reading"]]
    df["reading"] = pd.Series(labels, index=df.index, dtype=object)
    return df


EVENT_COLUMNS = (
    "id",
    "date",
    "title",
    "venue",
    "summary",
    "sides",
    "sources",
    "positions",
    "n_positions",
)


def events_frame(dossier: Dossier) -> pd.DataFrame:
    """The dossier's events by date, with the positions stated on each event's day.

    Columns: id, date (datetime64[ns]), title, venue, summary, sides, sources
    (tuples of ids as listed), positions (tuple of ids of positions whose ``as_of``
    is the event's date), n_positions.
    """
    by_day: dict[dt.date, list[str]] = {}
    for _, p in dossier.positions():
        by_day.setdefault(p.as_of, []).append(p.id)
    rows = [
        {
            "id": e.id,
            "date": pd.Timestamp(e.date),
            "title": e.title,
            "venue": e.venue,
            "summary": e.summary,
            "sides": tuple(e.sides),
            "sources": tuple(e.sources),
            "positions": tuple(by_day.get(e.date, ())),
            "n_positions": len(by_day.get(e.date, ())),
        }
        for e in dossier.events
    ]
    return _frame(
        rows,
        EVENT_COLUMNS,
        {
            "date": "datetime64[ns]",
            "sides": "object",
            "sources": "object",
            "positions": "object",
            "n_positions": "int64",
        },
    )
