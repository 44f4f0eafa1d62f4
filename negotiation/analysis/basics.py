"""Shared vocabulary of the analysis: intervals, party prefix, date coercion, scale indices,
position intervals and the typed-frame helper. Imports nothing else from the package."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from negotiation.model import Issue, Position, ScalePoint

Interval = tuple[int, int]
"""``(lo, hi)`` scale indices, ``lo <= hi``, both included."""

CAMP_PREFIX = "camp:"
NONE_CELL = "—"
"""Cell text of :func:`overview_matrix` where a side has no position on an issue."""

DateLike = dt.date | str | pd.Timestamp | None


class UnknownPartyError(ValueError):
    """A party reference that is neither a side id nor ``camp:<known camp id>``."""


# =========================================================================== helpers


def _as_date(value: DateLike) -> dt.date | None:
    """Normalise a date-like value (date, datetime, Timestamp, ISO string) to a date."""
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            return None
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return pd.Timestamp(value).date()
    raise TypeError(f"not a date: {value!r}")


def _ts(value: dt.date | None) -> pd.Timestamp | Any:
    return pd.NaT if value is None else pd.Timestamp(value)


def _check(interval: Interval) -> Interval:
    lo, hi = interval
    if lo > hi:
        raise ValueError(f"interval ends are in the wrong order: {interval!r}")
    return (int(lo), int(hi))


def _scale_index(scale: Sequence[ScalePoint]) -> dict[str, int]:
    return {p.id: i for i, p in enumerate(scale)}


def _label(scale: Sequence[ScalePoint], index: int | None) -> str | None:
    if index is None or not 0 <= index < len(scale):
        return None
    return scale[index].label


def _range_label(scale: Sequence[ScalePoint], interval: Interval | None) -> str | None:
    """'Label' for a single point, 'From – To' for a range, None when not placed."""
    if interval is None:
        return None
    lo, hi = interval
    if lo == hi:
        return _label(scale, lo)
    return f"{_label(scale, lo)} – {_label(scale, hi)}"


def position_interval(issue: Issue, position: Position) -> Interval | None:
    """The accepted interval of ``position`` on ``issue``'s scale, or None (not placed).

    Ends given in the wrong order are put in order; an unknown point id (which the
    loader reports) leaves the position not placed.
    """
    ends = position.accepts_range
    if ends is None:
        return None
    index = _scale_index(issue.scale)
    a, b = index.get(ends[0]), index.get(ends[1])
    if a is None or b is None:
        return None
    return (min(a, b), max(a, b))


def _ends_interval(issue: Issue, ends: tuple[str, str] | None) -> Interval | None:
    if ends is None:
        return None
    index = _scale_index(issue.scale)
    a, b = index.get(ends[0]), index.get(ends[1])
    if a is None or b is None:
        return None
    return (min(a, b), max(a, b))


def rejects_interval(issue: Issue, position: Position) -> Interval | None:
    """The ruled-out interval of ``position`` (its ``rejects``), or None."""
    return _ends_interval(issue, position.rejects_range)


def open_interval(issue: Issue, position: Position) -> Interval | None:
    """What a *bounded* position (``rejects`` without ``accepts``) leaves open: the
    rest of the scale, one interval because the ruled-out part reaches an end.

    None when the position is not bounded, or rules out the whole scale.
    """
    if position.accepts is not None or position.readings is not None:
        return None
    rej = rejects_interval(issue, position)
    if rej is None:
        return None
    last = len(issue.scale) - 1
    if rej[0] == 0 and rej[1] < last:
        return (rej[1] + 1, last)
    if rej[1] == last and rej[0] > 0:
        return (0, rej[0] - 1)
    return None


def is_bounded(position: Position) -> bool:
    """True when the position only rules something out (``rejects`` without
    ``accepts``): bounded, not placed."""
    return position.readings is None and position.accepts is None and position.rejects is not None


def _ideal_index(issue: Issue | None, position: Position) -> int | None:
    if issue is None or position.ideal is None:
        return None
    return _scale_index(issue.scale).get(position.ideal)


def ideal_index(issue: Issue, position: Position) -> int | None:
    """The scale index of a position's ideal outcome (None when it names none)."""
    return _ideal_index(issue, position)


def _frame(rows: list[dict[str, Any]], columns: Sequence[str], dtypes: Mapping[str, str]) -> Any:
    """A frame with exactly ``columns`` (also when empty) and the given dtypes."""
    df = pd.DataFrame(rows, columns=list(columns))
    for col, dtype in dtypes.items():
        if col not in df.columns:
            continue
        if dtype == "datetime64[ns]":
            df[col] = pd.to_datetime(df[col]).astype("datetime64[ns]")
        elif dtype == "object":
            df[col] = df[col].astype(object)
        else:
            df[col] = df[col].astype(dtype)
    return df
