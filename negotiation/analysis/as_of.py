"""Positions as of a date: :func:`in_force` (one bisect in ``Dossier.position_index``) and
the memoised in-force mapping the frame builders iterate."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from negotiation.analysis.basics import DateLike, _as_date
from negotiation.dossier import Dossier
from negotiation.model import Issue, Position

_LATEST_MEMO_MAX = 16
T = TypeVar("T")


def in_force(dossier: Dossier, side: str, issue: str, date: DateLike = None) -> Position | None:
    """The position of ``side`` on ``issue`` in force at ``date`` (None = latest)."""
    entry = dossier.position_index.get((side, issue))
    if entry is None:
        return None
    days, positions = entry
    day = _as_date(date)
    if day is None:
        return positions[-1]
    i = bisect.bisect_right(days, day)
    return positions[i - 1] if i else None


class _InForce(Mapping[tuple[str, str], Position]):
    """Lazy (side id, issue id) -> position in force at one date (bisect per lookup)."""

    def __init__(self, dossier: Dossier, day: dt.date | None) -> None:
        self._dossier = dossier
        self._day = day

    def __getitem__(self, key: tuple[str, str]) -> Position:
        pos = in_force(self._dossier, key[0], key[1], self._day)
        if pos is None:
            raise KeyError(key)
        return pos

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(_latest(self._dossier, self._day))

    def __len__(self) -> int:
        return len(_latest(self._dossier, self._day))


def _latest(dossier: Dossier, date: DateLike = None) -> Mapping[tuple[str, str], Position]:
    """The position in force per (side id, issue id) at ``date`` (None = latest).

    Built from the dossier's position index (one bisect per pair) and memoised on the
    dossier for the last few dates; treat the mapping as read-only.
    """
    day = _as_date(date)
    memo = dossier.memo
    key = ("latest", day)
    hit = memo.get(key)
    if hit is not None:
        return hit  # type: ignore[return-value]
    out: dict[tuple[str, str], Position] = {}
    for pair, (days, positions) in dossier.position_index.items():
        if day is None:
            out[pair] = positions[-1]
            continue
        i = bisect.bisect_right(days, day)
        if i:
            out[pair] = positions[i - 1]
    stale = [k for k in memo if isinstance(k, tuple) and k and k[0] == "latest"]
    if len(stale) >= _LATEST_MEMO_MAX:
        memo.pop(stale[0], None)
    memo[key] = out
    return out


def _issues(dossier: Dossier, issues: Iterable[str] | None) -> list[Issue]:
    if issues is None:
        return list(dossier.issues)
    wanted = set(issues)
    return [i for i in dossier.issues if i.id in wanted]


NOTHING_YET = dt.date.min
"""What :func:`last_change` returns when no position of the pairs has taken effect."""


def last_change(
    dossier: Dossier,
    parties: Iterable[str],
    issues: Iterable[str] | None,
    date: DateLike = None,
) -> dt.date | None:
    """The latest day on or before ``date`` on which a position of one of ``parties``
    (side ids or ``camp:<id>``: their members) on one of ``issues`` (None: all) took
    effect; :data:`NOTHING_YET` when none has, None when ``date`` is None (latest).

    Everything worked out from the positions in force at ``date`` on those pairs is the
    same at any other date with the same ``last_change``: it names the as-of state, so
    results can be kept per state rather than per day.
    """
    day = _as_date(date)
    if day is None:
        return None
    days = _change_days(dossier, member_sides(dossier, parties), issues)
    i = bisect.bisect_right(days, day)
    return days[i - 1] if i else NOTHING_YET


def _change_days(
    dossier: Dossier, sides: tuple[str, ...], issues: Iterable[str] | None
) -> list[dt.date]:
    """Every day a position of ``sides`` on ``issues`` (None: all) takes effect, sorted
    and once each; worked out once per dossier, sides and issues (a page asks for the
    state of the same pairs on every rerun)."""
    wanted = None if issues is None else tuple(issues)
    memo = dossier.memo.setdefault(("change_days",), {})
    hit = memo.get((sides, wanted))  # type: ignore[union-attr]
    if hit is None:
        index = dossier.position_index
        ids = [i.id for i in dossier.issues] if wanted is None else wanted
        found: set[dt.date] = set()
        for side in sides:
            for issue in ids:
                entry = index.get((side, issue))
                if entry is not None:
                    found.update(entry[0])
        hit = memo[(sides, wanted)] = sorted(found)  # type: ignore[index]
    return hit  # type: ignore[return-value]


def member_sides(dossier: Dossier, parties: Iterable[str]) -> tuple[str, ...]:
    """The side ids behind ``parties`` (sides, and the members of ``camp:<id>``), once
    each; worked out once per dossier and tuple of parties."""
    refs = tuple(parties)
    memo = dossier.memo.setdefault(("member_sides",), {})
    hit = memo.get(refs)  # type: ignore[union-attr]
    if hit is None:
        sides: list[str] = []
        for ref in refs:
            if ref.startswith("camp:"):
                sides.extend(dossier.camp_members(ref[5:]))
            else:
                sides.append(ref)
        hit = memo[refs] = tuple(dict.fromkeys(sides))  # type: ignore[index]
    return hit  # type: ignore[return-value]


def in_force_ids(
    dossier: Dossier, parties: Iterable[str], issue: str, date: DateLike = None
) -> tuple[str | None, ...]:
    """The ids of the positions in force at ``date`` on ``issue`` of every side behind
    ``parties`` (None where a side has none): what a result about those parties on that
    issue is worked out from, so a key to keep it by (same as :func:`in_force` per side)."""
    day = _as_date(date)
    index = dossier.position_index
    out: list[str | None] = []
    for side in member_sides(dossier, parties):
        entry = index.get((side, issue))
        if entry is None:
            out.append(None)
        elif day is None:
            out.append(entry[1][-1].id)
        else:
            i = bisect.bisect_right(entry[0], day)
            out.append(entry[1][i - 1].id if i else None)
    return tuple(out)


def kept(
    dossier: Dossier, kind: str, key: object, build: Callable[[], T], limit: int = 50_000
) -> T:
    """``build()``, kept on the dossier under (``kind``, ``key``); at most ``limit``
    results of one kind (then they are dropped and built again as asked)."""
    memo = dossier.memo.setdefault(("kept", kind), {})
    hit = memo.get(key)  # type: ignore[union-attr]
    if hit is None:
        if len(memo) >= limit:  # type: ignore[arg-type]
            memo.clear()  # type: ignore[union-attr]
        hit = memo[key] = build()  # type: ignore[index]
    return hit  # type: ignore[return-value]
