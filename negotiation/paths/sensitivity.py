"""Sensitivity of the paths to agreement: what each meeting point and trade rests on.

A meeting point or a trade is arithmetic on the parties' ranges and priorities. Some of
those inputs are weak: a priority may be the curator's reading, a range may be
``basis: inferred``. This module recomputes each answer

* **with equal priorities** (:func:`with_equal_priorities`: every priority defaulted,
  so every party weighs 2), and
* **without each inferred placement in force** (:func:`without_position`: the side is
  not placed on that issue from that position's date until its next position),

and says what changes. Unchanged answers give no sentence.

As-of semantics of a removed placement
--------------------------------------
Removing a position from the files would bring the side's *earlier* position back into
force, which is not what "without this inferred range" means: the side simply has no
range from that date. :func:`without_position` therefore replaces the position by one
with the same id, date and stance but no ``accepts``, ``ideal``, ``rejects`` or
``readings``: before its date the earlier position holds as before; from its date the
side is not placed; a later position of the side takes over as usual.

Pure functions of a :class:`~negotiation.dossier.Dossier`; results are kept on
``dossier.memo``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from negotiation import analysis, whatif
from negotiation.analysis import readings
from negotiation.analysis.as_of import in_force_ids, kept, member_sides
from negotiation.analysis.basics import _as_date
from negotiation.dossier import Dossier
from negotiation.model import Issue, Position
from negotiation.paths.meeting import DateLike, Hypotheses, Meeting, meeting
from negotiation.paths.trades import trades_table

__all__ = [
    "NOT_PLACED",
    "MeetingSensitivity",
    "TradeSensitivity",
    "every_priority_defaulted",
    "inferred_in_force",
    "meeting_sensitivity",
    "meeting_sentences",
    "points_text",
    "trade_sensitivity",
    "trade_sentences",
    "with_equal_priorities",
    "without_position",
]

NOT_PLACED = "not placed"
"""The result when, without a placement, the parties are no longer both placed (a
meeting) or the trade no longer exists."""

INFERRED = "inferred"


# =========================================================================== dossiers


def with_equal_priorities(dossier: Dossier) -> Dossier:
    """A NEW dossier in which every position's priority is defaulted (no ``priority``,
    no ``priority_evidence``); ids, dates, ranges and everything else kept. Kept on
    ``dossier.memo``."""

    def build() -> Dossier:
        sides = tuple(
            replace(
                s,
                positions=tuple(
                    p.model_copy(update={"priority": None, "priority_evidence": []})
                    if p.priority is not None or p.priority_evidence
                    else p
                    for p in s.positions
                ),
            )
            for s in dossier.sides
        )
        return replace(dossier, sides=sides)

    return kept(dossier, "sensitivity-equal", (), build)


def _unplaced(pos: Position) -> Position:
    return pos.model_copy(
        update={"accepts": None, "ideal": None, "rejects": None, "readings": None}
    )


def without_position(dossier: Dossier, position_id: str) -> Dossier:
    """A NEW dossier in which position ``position_id`` places its side nowhere: same id,
    date, stance and priority, but no accepted range, ideal, ruled-out part or
    readings. Its side's earlier position does NOT come back into force (see the
    module notes). Raises KeyError for an unknown id. Kept on ``dossier.memo``."""
    if position_id not in dossier.position_by_id:
        raise KeyError(f"unknown position {position_id!r}")

    def build() -> Dossier:
        sides = tuple(
            replace(
                s,
                positions=tuple(_unplaced(p) if p.id == position_id else p for p in s.positions),
            )
            if any(p.id == position_id for p in s.positions)
            else s
            for s in dossier.sides
        )
        return replace(dossier, sides=sides)

    return kept(dossier, "sensitivity-without", position_id, build)


def _placed(pos: Position) -> bool:
    return pos.accepts is not None or pos.rejects is not None or bool(pos.readings)


def inferred_in_force(
    dossier: Dossier, parties: Sequence[str], issue: str, date: DateLike = None
) -> tuple[tuple[str, Position], ...]:
    """(side id, position) of every ``basis: inferred`` placement in force at ``date``
    on ``issue`` among the sides behind ``parties`` (dossier side order)."""
    out = []
    for side in member_sides(dossier, tuple(parties)):
        pos = analysis.in_force(dossier, side, issue, date)
        if pos is not None and pos.basis == INFERRED and _placed(pos):
            out.append((side, pos))
    return tuple(out)


# =========================================================================== meetings


@dataclass(frozen=True)
class MeetingSensitivity:
    """What a meeting point rests on.

    ``equal_priorities``: the meeting point in words with every priority defaulted,
    None when unchanged (or when nothing is placed). ``without_inferred``: one
    ``(position id, side id, result)`` per inferred placement in force whose removal
    changes the answer; result is the new meeting point in words or
    :data:`NOT_PLACED`. ``defaulted``: the placed parties whose priority is defaulted
    already; ``all_defaulted``: every placed party's is (equal priorities change
    nothing). ``notes``: position id -> the curator's notes of each inferred
    placement listed.
    """

    issue: str
    issue_title: str
    point_text: str | None
    equal_priorities: str | None
    without_inferred: tuple[tuple[str, str, str], ...]
    defaulted: tuple[str, ...]
    all_defaulted: bool
    notes: tuple[tuple[str, str], ...] = ()
    side_labels: tuple[tuple[str, str], ...] = ()
    by_reading: tuple[tuple[str, str], ...] = ()

    @property
    def changed(self) -> bool:
        return (
            self.equal_priorities is not None
            or bool(self.without_inferred)
            or bool(self.by_reading)
        )

    def issue_title_of(self, position_id: str) -> str:
        """The title of the issue a listed placement is on (this meeting's issue)."""
        return self.issue_title

    def as_dict(self) -> dict[str, Any]:
        return {
            "equal_priorities": self.equal_priorities,
            "without_inferred": [list(t) for t in self.without_inferred],
            "defaulted": list(self.defaulted),
        }


def _placed_meeting(m: Meeting, n_parties: int) -> bool:
    return bool(m.stands) and not (len(m.stands) == 1 and n_parties > 1)


def points_text(issue: Issue, points: Sequence[int], point: int | None) -> str | None:
    """A meeting point in words: “X” for one point; for ties, which points tie."""
    if point is None or not points:
        return None
    labels = [p.label for p in issue.scale]
    if len(points) == 1:
        return f"“{labels[point]}”"
    if len(points) == len(labels):
        return f"any point on the scale (all {len(labels)} tie)"
    return f"any of {len(points)} points from “{labels[points[0]]}” to “{labels[points[-1]]}”"


def _outcome(m: Meeting) -> tuple[tuple[int, ...], int | None]:
    return tuple(m.points), m.point


def meeting_sensitivity(
    dossier: Dossier,
    issue: str,
    parties: Sequence[str],
    date: DateLike = None,
    *,
    by_rule: bool = False,
    hypotheses: Hypotheses = None,
) -> MeetingSensitivity:
    """The :class:`MeetingSensitivity` of the meeting point of ``parties`` on ``issue``
    (as :func:`~negotiation.paths.meeting.meeting`, under ``hypotheses``): recomputed
    with equal priorities and without each inferred placement in force."""
    d = whatif.under(dossier, hypotheses, date)
    iss = d.issue_by_id.get(issue)
    if iss is None:
        raise KeyError(f"unknown issue {issue!r}")
    refs = tuple(dict.fromkeys(parties))
    key = (refs, issue, in_force_ids(d, refs, issue, date), by_rule)
    return kept(d, "sensitivity-meeting", key, lambda: _meeting_sens(d, iss, refs, date, by_rule))


def _meeting_sens(
    d: Dossier, iss: Issue, refs: tuple[str, ...], date: DateLike, by_rule: bool
) -> MeetingSensitivity:
    base = meeting(d, iss.id, refs, date, by_rule=by_rule)
    n = len(refs)
    placed = _placed_meeting(base, n)
    defaulted = base.defaulted
    all_defaulted = bool(base.stands) and len(defaulted) == len(base.stands)
    equal: str | None = None
    rows: list[tuple[str, str, str]] = []
    notes: list[tuple[str, str]] = []
    labels: list[tuple[str, str]] = []
    if placed:
        eq = meeting(with_equal_priorities(d), iss.id, refs, date, by_rule=by_rule)
        if _outcome(eq) != _outcome(base):
            equal = _changed_text(iss, base, eq)
        for side, pos in inferred_in_force(d, refs, iss.id, date):
            alt = meeting(without_position(d, pos.id), iss.id, refs, date, by_rule=by_rule)
            if not _placed_meeting(alt, n):
                result = NOT_PLACED
            elif _outcome(alt) != _outcome(base):
                result = _changed_text(iss, base, alt) or NOT_PLACED
            else:
                continue
            rows.append((pos.id, side, result))
            notes.append((pos.id, (pos.notes or "").strip()))
            labels.append((side, analysis.resolve_party(d, side).label))
    return MeetingSensitivity(
        by_reading=_meeting_by_reading(d, iss, refs, date, by_rule),
        issue=iss.id,
        issue_title=iss.title,
        point_text=points_text(iss, base.points, base.point) if placed else None,
        equal_priorities=equal,
        without_inferred=tuple(rows),
        defaulted=defaulted,
        all_defaulted=all_defaulted,
        notes=tuple(notes),
        side_labels=tuple(labels),
    )


def _meeting_by_reading(
    d: Dossier, iss: Issue, refs: tuple[str, ...], date: DateLike, by_rule: bool
) -> tuple[tuple[str, str], ...]:
    """(readings in words, the meeting point under them) per combination of readings
    of the parties' contested positions; () when none is contested, every reading gives
    the same point, or there are too many combinations to list."""
    combos = readings.combinations(d, iss.id, date, refs)
    if not combos.contested or combos.too_many:
        return ()
    out = []
    for combo in combos.items:
        m = meeting(readings.variant(d, combo.choice), iss.id, refs, date, by_rule=by_rule)
        point = points_text(iss, m.points, m.point) if _placed_meeting(m, len(refs)) else None
        words = "; ".join(
            f"{label} of {analysis.resolve_party(d, side).label}" for side, label in combo.labels
        )
        out.append((words, point or NOT_PLACED))
    return tuple(out) if len({point for _, point in out}) > 1 else ()


def _changed_text(iss: Issue, base: Meeting, alt: Meeting) -> str | None:
    text = points_text(iss, alt.points, alt.point)
    if text is not None and tuple(alt.points) == tuple(base.points) and alt.point is not None:
        # the same tied points, another one shown
        return f"“{iss.scale[alt.point].label}” (of the same tied points)"
    return text


def _inferred_words(n: int) -> str:
    return f"{n} inferred range{'s' if n != 1 else ''}"


def meeting_sentences(s: MeetingSensitivity) -> list[str]:
    """The sensitivity in words; empty when no answer changes."""
    out = []
    if s.equal_priorities is not None:
        out.append(f"With equal priorities the meeting point would be {s.equal_priorities}.")
    if s.without_inferred:
        out.append(
            _rests_on(s, "the meeting point would be", "the parties would not both be placed")
        )
    if s.by_reading:
        out.append(
            "Under each reading: "
            + "; ".join(
                f"{words}: {'not placed' if point == NOT_PLACED else point}"
                for words, point in s.by_reading
            )
            + "."
        )
    return out


NOTES_SHOWN = 140
"""At most this many characters of a placement's notes in a sentence (cut at a word)."""


def _short(text: str, limit: int = NOTES_SHOWN) -> str:
    """``text`` on one line, without its own closing full stop; cut at a word with "…"
    when longer than ``limit``."""
    text = " ".join(text.split()).rstrip(". ")
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:. ")
    return f"{cut} …"


def _rests_on(s: MeetingSensitivity | TradeSensitivity, would: str, gone: str) -> str:
    notes, labels = dict(s.notes), dict(s.side_labels)
    parts = []
    for pid, side, result in s.without_inferred:
        note = _short(notes.get(pid, ""))
        what = f"{labels.get(side, side)} on {s.issue_title_of(pid)}" + (
            f" ({note})" if note else ""
        )
        after = gone if result == NOT_PLACED else f"{would} {result}"
        parts.append(f"{what}; without it {after}")
    n = len(s.without_inferred)
    return f"Rests on {_inferred_words(n)}: " + "; ".join(parts) + "."


def every_priority_defaulted(s: MeetingSensitivity | TradeSensitivity) -> str | None:
    """“Every priority here is defaulted.” when it is (so the priorities cannot change
    the answer, and nothing backs them); None otherwise."""
    return "Every priority here is defaulted." if s.all_defaulted else None


# =========================================================================== trades


@dataclass(frozen=True)
class TradeSensitivity:
    """What one trade (A concedes ``a_concedes``, B concedes ``b_concedes``) rests on.

    ``equal_priorities``: the trade's rank and efficiency in words with every priority
    defaulted, None when both are unchanged. ``without_inferred``: one ``(position id,
    side id, result)`` per inferred placement in force on the trade's two issues whose
    removal changes the trade's terms (targets, steps, efficiency); result is the new
    terms in words or :data:`NOT_PLACED` (no such trade any more).
    """

    a_concedes: str
    b_concedes: str
    equal_priorities: str | None
    without_inferred: tuple[tuple[str, str, str], ...]
    defaulted: int
    all_defaulted: bool
    notes: tuple[tuple[str, str], ...] = ()
    side_labels: tuple[tuple[str, str], ...] = ()
    titles: tuple[tuple[str, str], ...] = ()

    @property
    def changed(self) -> bool:
        return self.equal_priorities is not None or bool(self.without_inferred)

    def issue_title_of(self, position_id: str) -> str:
        return dict(self.titles).get(position_id, "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "equal_priorities": self.equal_priorities,
            "without_inferred": [list(t) for t in self.without_inferred],
            "defaulted": self.defaulted,
        }


TradeKey = tuple[str, str]


def _rank_text(row: Any, total: int) -> str:
    eff = "efficient" if row["efficient"] else "not efficient"
    return f"rank {int(row['rank'])} of {total}, {eff}"


def _terms(row: Any) -> tuple[Any, ...]:
    return (row["a_to"], row["b_to"], int(row["a_steps"]), int(row["b_steps"]), row["efficient"])


def _terms_text(row: Any) -> str:
    def one(who: str, steps: int, to: str) -> str:
        return f"{who} moves {steps} step{'s' if steps != 1 else ''} to “{to}”"

    eff = "efficient" if row["efficient"] else "not efficient"
    return (
        f"{one(row['a_label'], int(row['a_steps']), row['a_to_label'])}, "
        f"{one(row['b_label'], int(row['b_steps']), row['b_to_label'])} ({eff})"
    )


def _by_key(table: pd.DataFrame) -> dict[TradeKey, Any]:
    return {(r["a_concedes"], r["b_concedes"]): r for _, r in table.iterrows()}


def trade_sensitivity(
    dossier: Dossier,
    a: str,
    b: str,
    date: DateLike = None,
    hypotheses: Hypotheses = None,
    issues: Iterable[str] | None = None,
) -> dict[TradeKey, TradeSensitivity]:
    """(a_concedes, b_concedes) -> :class:`TradeSensitivity` for every trade of
    :func:`~negotiation.paths.trades.trades_table` between ``a`` and ``b``."""
    d = whatif.under(dossier, hypotheses, date)
    wanted = None if issues is None else tuple(issues)
    key = (a, b, _as_date(date), wanted)
    return kept(d, "sensitivity-trades", key, lambda: _trade_sens(d, a, b, date, wanted))


def _trade_sens(
    d: Dossier, a: str, b: str, date: DateLike, issues: tuple[str, ...] | None
) -> dict[TradeKey, TradeSensitivity]:
    base = trades_table(d, a, b, date, issues=issues)
    if base.empty:
        return {}
    eq_table = trades_table(with_equal_priorities(d), a, b, date, issues=issues)
    eq = _by_key(eq_table)
    alt_tables: dict[str, dict[TradeKey, Any]] = {}
    out: dict[TradeKey, TradeSensitivity] = {}
    for key, row in _by_key(base).items():
        e = eq.get(key)
        equal = None
        if e is not None and (int(e["rank"]), e["efficient"]) != (
            int(row["rank"]),
            row["efficient"],
        ):
            equal = _rank_text(e, len(eq_table))
        rows, notes, labels, titles = [], [], [], []
        for issue in key:
            for side, pos in inferred_in_force(d, (a, b), issue, date):
                if pos.id not in alt_tables:
                    alt = trades_table(without_position(d, pos.id), a, b, date, issues=issues)
                    alt_tables[pos.id] = _by_key(alt)
                other = alt_tables[pos.id].get(key)
                if other is None:
                    result = NOT_PLACED
                elif _terms(other) != _terms(row):
                    result = _terms_text(other)
                else:
                    continue
                rows.append((pos.id, side, result))
                notes.append((pos.id, (pos.notes or "").strip()))
                labels.append((side, analysis.resolve_party(d, side).label))
                titles.append((pos.id, d.issue_by_id[issue].title))
        n_def = int(row["n_defaulted"])
        out[key] = TradeSensitivity(
            a_concedes=key[0],
            b_concedes=key[1],
            equal_priorities=equal,
            without_inferred=tuple(rows),
            defaulted=n_def,
            all_defaulted=n_def == 4,
            notes=tuple(notes),
            side_labels=tuple(labels),
            titles=tuple(titles),
        )
    return out


def trades_under_readings(
    dossier: Dossier,
    a: str,
    b: str,
    date: DateLike = None,
    hypotheses: Hypotheses = None,
    issues: Iterable[str] | None = None,
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The trades between ``a`` and ``b`` under each combination of readings of their
    contested positions: ``(readings in words, (each trade in words, …))``, best first
    as :func:`~negotiation.paths.trades.trades_table` ranks them.

    A contested side is not placed in the base analysis, so a trade on an issue it is
    contested on exists only under some readings; this lists them. () when nothing is
    contested, no combination has a trade, or there are more than 64 combinations.
    """
    d = whatif.under(dossier, hypotheses, date)
    wanted = None if issues is None else tuple(issues)
    key = (a, b, _as_date(date), wanted)
    return kept(d, "trades-by-reading", key, lambda: _trades_by_reading(d, a, b, date, wanted))


def _trades_by_reading(
    d: Dossier, a: str, b: str, date: DateLike, issues: tuple[str, ...] | None
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    chosen = [i.id for i in d.issues if issues is None or i.id in issues]
    per_issue = [readings.combinations(d, issue, date, (a, b)) for issue in chosen]
    per_issue = [c for c in per_issue if c.contested]
    count = 1
    for c in per_issue:
        count *= c.count
    if not per_issue or count > readings.DEFAULT_LIMIT:
        return ()
    out = []
    for combos in itertools.product(*(c.items for c in per_issue)):
        choice = tuple(pick for combo in combos for pick in combo.choice)
        table = trades_table(readings.variant(d, choice), a, b, date, issues=issues)
        words = "; ".join(
            f"{label} of {analysis.resolve_party(d, side).label}"
            for combo in combos
            for side, label in combo.labels
        )
        out.append((words, tuple(_terms_text(row) for _, row in table.iterrows())))
    return tuple(out) if any(trades for _, trades in out) else ()


def trade_sentences(s: TradeSensitivity) -> list[str]:
    """The trade's sensitivity in words; empty when nothing changes."""
    out = []
    if s.equal_priorities is not None:
        out.append(f"With equal priorities this trade would be {s.equal_priorities}.")
    if s.without_inferred:
        out.append(_rests_on(s, "the trade would be:", "there would be no such trade"))
    return out
