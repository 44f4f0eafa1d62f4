"""What-if hypotheses: a side's accepted range on one issue, replaced for the analysis.

A hypothesis is written ``side:issue:from..to`` (or ``side:issue:point`` for a single
point), with the ids of the dossier: a side id, an issue id and points of that issue's
scale. Several are joined with commas, as in the dashboard's URL
(``whatif=russia:nato:moratorium..binding-ban,us:missiles:moratorium``) and in
``python -m negotiation export --what-if``.

:func:`parse_hypotheses` checks them against a dossier (unknown ids get the closest
valid ids, a reversed range is an error) and :func:`apply_hypotheses` returns a NEW
:class:`~negotiation.dossier.Dossier` in which each hypothesis is a position of its
side in force from the as-of date. Every existing analysis (gaps, overlaps, blockers,
camps, movement, brief, concessions, trades) then runs on that dossier unchanged.

How a hypothetical position is marked
-------------------------------------
* its id is ``whatif:<side>:<issue>`` (the colon cannot occur in a real id, so it
  never collides with the YAML's ids), listed in ``Dossier.hypothetical_ids``;
* ``Dossier.what_if`` holds the hypotheses' canonical texts (empty when none);
* it keeps the stance (else ``proposal``), ideal and priority (with its evidence) of
  the position it replaces, has no evidence of its own, and its ``notes`` say it is
  hypothetical.

Nothing here writes YAML; the loaded dossier is never changed.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from negotiation import analysis
from negotiation.dossier import Dossier
from negotiation.model import Position, Range

__all__ = [
    "HYPOTHETICAL_PREFIX",
    "Hypothesis",
    "HypothesisError",
    "apply_hypotheses",
    "format_hypotheses",
    "hypotheses_frame",
    "hypothetical_position_id",
    "is_hypothetical",
    "parse_hypotheses",
    "parse_hypothesis",
    "require_hypotheses",
    "split_hypotheses",
    "under",
]

HYPOTHETICAL_PREFIX = "whatif:"
"""Prefix of a hypothetical position's id (``whatif:<side>:<issue>``)."""

RANGE_SEPARATOR = ".."
LIST_SEPARATOR = ","
DateLike = dt.date | str | pd.Timestamp | None
DEFAULT_STANCE = "proposal"
"""Stance of a hypothesis for a side that has no position on the issue yet."""


@dataclass(frozen=True)
class Hypothesis:
    """One side's accepted range on one issue, replaced: ``side:issue:lo..hi``.

    ``lo`` and ``hi`` are scale point ids with ``lo`` not after ``hi`` on the scale
    (equal for a single point); ``given`` is the text as written.
    """

    side: str
    issue: str
    lo: str
    hi: str
    given: str = ""

    @property
    def text(self) -> str:
        """Canonical text: ``side:issue:point`` or ``side:issue:from..to``."""
        end = self.lo if self.lo == self.hi else f"{self.lo}{RANGE_SEPARATOR}{self.hi}"
        return f"{self.side}:{self.issue}:{end}"

    @property
    def position_id(self) -> str:
        return hypothetical_position_id(self.side, self.issue)


class HypothesisError(ValueError):
    """A malformed hypothesis: ``given`` is the part as written, ``str(err)`` says why
    (with the closest valid ids), ``suggestions`` lists those ids."""

    def __init__(self, given: str, message: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.given = given
        self.message = message
        self.suggestions = tuple(suggestions)

    def format(self) -> str:
        """``'part': message`` (one line)."""
        return f"'{self.given}': {self.message}"


def hypothetical_position_id(side: str, issue: str) -> str:
    """The id of the hypothetical position of ``side`` on ``issue``."""
    return f"{HYPOTHETICAL_PREFIX}{side}:{issue}"


def is_hypothetical(dossier: Dossier, position_id: str | None) -> bool:
    """Whether a position id (e.g. a ``position`` cell of a frame) is hypothetical."""
    return position_id is not None and position_id in dossier.hypothetical_ids


# --------------------------------------------------------------------------- parsing


def split_hypotheses(value: str | Iterable[str] | None) -> list[str]:
    """The parts of a comma-joined text (or of several such texts), stripped; empty
    parts (``a,,b``, a trailing comma) are dropped."""
    if value is None:
        return []
    texts = [value] if isinstance(value, str) else list(value)
    return [p.strip() for t in texts for p in str(t).split(LIST_SEPARATOR) if p.strip()]


def _closest(value: str, candidates: Sequence[str]) -> tuple[str, list[str]]:
    """A "did you mean" hint (or the list of valid ids) and the suggested ids."""
    close = difflib.get_close_matches(value, list(candidates), n=3, cutoff=0.6)
    if not close and value:  # an abbreviation: 'nato' for 'nato-non-expansion'
        close = [c for c in candidates if c.startswith(value) or value in c][:3]
    if close:
        return "; did you mean " + " or ".join(f"'{c}'" for c in close) + "?", close
    shown = ", ".join(candidates[:8]) + (", ..." if len(candidates) > 8 else "")
    return (f"; valid: {shown}" if candidates else ""), []


def parse_hypothesis(text: str, dossier: Dossier) -> Hypothesis:
    """One hypothesis ``side:issue:from..to`` or ``side:issue:point``, checked against
    ``dossier``; raises :class:`HypothesisError` naming the bad part."""
    given = text.strip()
    parts = given.split(":")
    if parts[0].strip() == "camp" and "camp" not in dossier.side_by_id:
        raise HypothesisError(
            given, "a hypothesis is about one side (a side id), not a camp: name a member"
        )
    if len(parts) != 3 or not all(p.strip() for p in parts):
        raise HypothesisError(
            given,
            "a hypothesis is SIDE:ISSUE:FROM..TO or SIDE:ISSUE:POINT (scale point ids), "
            "e.g. 'russia:nato-enlargement:moratorium..binding-ban'",
        )
    side, issue_id, ends = (p.strip() for p in parts)
    side_ids = [s.id for s in dossier.sides]
    if side not in dossier.side_by_id:
        hint, close = _closest(side, side_ids)
        raise HypothesisError(given, f"unknown side '{side}'{hint}", close)
    issue = dossier.issue_by_id.get(issue_id)
    if issue is None:
        hint, close = _closest(issue_id, [i.id for i in dossier.issues])
        raise HypothesisError(given, f"unknown issue '{issue_id}'{hint}", close)
    if RANGE_SEPARATOR in ends:
        lo, _, hi = ends.partition(RANGE_SEPARATOR)
        lo, hi = lo.strip(), hi.strip()
    else:
        lo = hi = ends
    points = [p.id for p in issue.scale]
    for point in dict.fromkeys((lo, hi)):
        if point not in points:
            hint, close = _closest(point, points)
            what = "an empty point" if not point else f"'{point}'"
            raise HypothesisError(
                given,
                f"{what} is not a point on the scale of issue '{issue.id}'{hint}",
                close,
            )
    if points.index(lo) > points.index(hi):
        raise HypothesisError(
            given,
            f"the range is reversed: '{lo}' comes after '{hi}' on the scale of issue "
            f"'{issue.id}'; write {side}:{issue.id}:{hi}..{lo}",
            [f"{side}:{issue.id}:{hi}{RANGE_SEPARATOR}{lo}"],
        )
    return Hypothesis(side, issue.id, lo, hi, given)


def parse_hypotheses(
    value: str | Iterable[str] | None, dossier: Dossier
) -> tuple[tuple[Hypothesis, ...], tuple[HypothesisError, ...]]:
    """Every valid hypothesis in ``value`` (comma-joined text, or several texts) and an
    error for each bad part, so a view can apply the good ones and warn about the rest.

    A second hypothesis for the same side and issue is an error (the first one stays).
    """
    good: list[Hypothesis] = []
    bad: list[HypothesisError] = []
    seen: dict[tuple[str, str], Hypothesis] = {}
    for part in split_hypotheses(value):
        try:
            h = parse_hypothesis(part, dossier)
        except HypothesisError as exc:
            bad.append(exc)
            continue
        first = seen.get((h.side, h.issue))
        if first is not None:
            bad.append(
                HypothesisError(
                    part,
                    f"a second hypothesis for side '{h.side}' on issue '{h.issue}' "
                    f"(the first one, '{first.given}', is used)",
                )
            )
            continue
        seen[(h.side, h.issue)] = h
        good.append(h)
    return tuple(good), tuple(bad)


def require_hypotheses(
    value: str | Iterable[str] | None, dossier: Dossier
) -> tuple[Hypothesis, ...]:
    """Like :func:`parse_hypotheses` but strict: raises the first
    :class:`HypothesisError` (its message lists every bad part) when any part is bad."""
    good, bad = parse_hypotheses(value, dossier)
    if bad:
        if len(bad) == 1:
            raise bad[0]
        message = "; ".join(e.format() for e in bad)
        raise HypothesisError(", ".join(e.given for e in bad), message)
    return good


def format_hypotheses(hypotheses: Iterable[Hypothesis]) -> str:
    """The canonical comma-joined text (for the URL's ``whatif`` parameter)."""
    return LIST_SEPARATOR.join(h.text for h in hypotheses)


# --------------------------------------------------------------------------- applying


def _day(date: DateLike) -> dt.date | None:
    """A date-like value (date, datetime, Timestamp, ISO text) as a date; None stays."""
    if date is None:
        return None
    if isinstance(date, dt.datetime):
        return date.date()
    if isinstance(date, dt.date):
        return date
    return pd.Timestamp(date).date()


def _as_of(dossier: Dossier, date: dt.date | None) -> dt.date:
    """From when a hypothesis holds: the as-of date, else the dossier's latest
    position date (so it is in force in the 'latest' view), else its start."""
    if date is not None:
        return date
    days = [p.as_of for _, p in dossier.positions()]
    return max(days) if days else dossier.meta.period.start


def _position(h: Hypothesis, current: Position | None, as_of: dt.date) -> Position:
    accepts: str | Range = h.lo if h.lo == h.hi else Range(**{"from": h.lo, "to": h.hi})
    stance = current.stance if current is not None else DEFAULT_STANCE
    # Built without validation: a hypothesis has no evidence (it is not sourced).
    return Position.model_construct(
        id=h.position_id,
        issue=h.issue,
        as_of=as_of,
        stance=stance,
        ideal=current.ideal if current is not None else None,
        accepts=accepts,
        summary=f"Hypothesis (what-if): {h.side} accepts {h.text.split(':', 2)[2]}.",
        evidence=[],
        conditions=list(current.conditions) if current is not None else [],
        notes=(
            "Hypothetical position from a what-if; not in the dossier's files"
            + (f" (replaces '{current.id}')." if current is not None else ".")
        ),
        priority=current.priority if current is not None else None,
        priority_evidence=list(current.priority_evidence) if current is not None else [],
    )


HYPOTHESES_COLUMNS = (
    "text",
    "side",
    "side_name",
    "issue",
    "issue_title",
    "lo",
    "hi",
    "range_label",
    "replaces",
    "was_label",
    "stance",
)


def _range_label(dossier: Dossier, issue_id: str, ends: tuple[str, str] | None) -> str | None:
    issue = dossier.issue_by_id.get(issue_id)
    if issue is None or ends is None:
        return None
    labels = {p.id: p.label for p in issue.scale}
    lo, hi = labels.get(ends[0]), labels.get(ends[1])
    return lo if ends[0] == ends[1] else f"{lo} – {hi}"


def hypotheses_frame(
    dossier: Dossier, hypotheses: Sequence[Hypothesis], date: DateLike = None
) -> pd.DataFrame:
    """The hypotheses in words, for a banner or a list with remove buttons (``dossier``
    is the one *without* them). One row each: text (canonical), side, side_name,
    issue, issue_title, lo, hi (point ids), range_label ('A – B'), replaces (id of
    the position in force it replaces, None when there is none), was_label (that
    position's range, None when not placed), stance (the hypothesis' stance)."""
    as_of = _as_of(dossier, _day(date))
    rows = []
    for h in hypotheses:
        side = dossier.side_by_id.get(h.side)
        issue = dossier.issue_by_id.get(h.issue)
        current = analysis.in_force(dossier, h.side, h.issue, as_of)
        rows.append(
            {
                "text": h.text,
                "side": h.side,
                "side_name": side.name if side is not None else h.side,
                "issue": h.issue,
                "issue_title": issue.title if issue is not None else h.issue,
                "lo": h.lo,
                "hi": h.hi,
                "range_label": _range_label(dossier, h.issue, (h.lo, h.hi)),
                "replaces": current.id if current is not None else None,
                "was_label": (
                    _range_label(dossier, h.issue, current.accepts_range)
                    if current is not None
                    else None
                ),
                "stance": current.stance if current is not None else DEFAULT_STANCE,
            }
        )
    return pd.DataFrame(rows, columns=list(HYPOTHESES_COLUMNS))


def apply_hypotheses(
    dossier: Dossier, hypotheses: Sequence[Hypothesis], date: DateLike = None
) -> Dossier:
    """A new dossier in which each hypothesis is its side's position on its issue, in
    force from ``date`` (None: from the latest position date, i.e. in the latest view).

    The hypothetical position comes after every real one of the same date, so it is the
    one in force at ``date`` and later (until a real position dated after ``date``).
    With no hypotheses the dossier itself is returned. ``dossier`` is not changed.
    """
    if not hypotheses:
        return dossier
    as_of = _as_of(dossier, _day(date))
    added: dict[str, list[Position]] = {}
    for h in hypotheses:
        if h.side not in dossier.side_by_id or h.issue not in dossier.issue_by_id:
            raise HypothesisError(h.given or h.text, "not a hypothesis on this dossier")
        current = analysis.in_force(dossier, h.side, h.issue, as_of)
        added.setdefault(h.side, []).append(_position(h, current, as_of))
    sides = tuple(
        replace(s, positions=s.positions + tuple(added[s.id])) if s.id in added else s
        for s in dossier.sides
    )
    return replace(
        dossier,
        sides=sides,
        what_if=dossier.what_if + tuple(h.text for h in hypotheses),
        hypothetical_ids=dossier.hypothetical_ids | {h.position_id for h in hypotheses},
    )


def under(
    dossier: Dossier,
    hypotheses: Sequence[Hypothesis] | str | Iterable[str] | None,
    date: DateLike = None,
) -> Dossier:
    """The dossier under ``hypotheses``: parsed ones, or texts parsed strictly
    (:func:`require_hypotheses`); None or empty gives the dossier itself."""
    if not hypotheses:
        return dossier
    if isinstance(hypotheses, str):
        hyps: Sequence[Hypothesis] = require_hypotheses(hypotheses, dossier)
    else:
        items = list(hypotheses)
        if all(isinstance(h, Hypothesis) for h in items):
            hyps = items  # type: ignore[assignment]
        else:
            hyps = require_hypotheses([str(h) for h in items], dossier)
    return apply_hypotheses(dossier, hyps, date)
