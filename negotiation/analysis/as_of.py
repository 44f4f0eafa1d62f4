"""Positions as of a date: :func:`in_force` (one bisect in ``Dossier.position_index``) and
the memoised in-force mapping the frame builders iterate."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping

from negotiation.analysis.basics import DateLike, _as_date
from negotiation.dossier import Dossier
from negotiation.model import Issue, Position

_LATEST_MEMO_MAX = 16


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
