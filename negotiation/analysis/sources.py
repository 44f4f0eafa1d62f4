"""Sources: characterisations, the agreement index per topic and the frames table."""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from negotiation.analysis.as_of import NOTHING_YET, kept
from negotiation.analysis.basics import DateLike, _as_date, _frame, _label, _scale_index, _ts
from negotiation.dossier import Dossier

# =========================================================================== characterisations

CHARACTERISATION_COLUMNS = (
    "id",
    "source",
    "outlet",
    "source_title",
    "source_kind",
    "source_date",
    "url",
    "voice",
    "voice_role",
    "own_voice",
    "about_kind",
    "about_id",
    "about_label",
    "topic",
    "topic_label",
    "dimension",
    "dimension_label",
    "value",
    "value_label",
    "value_index",
    "scale_len",
    "quote",
    "frames",
    "date",
    "notes",
)
_CHARACTERISATION_DTYPES = {
    "source_date": "datetime64[ns]",
    "own_voice": "bool",
    "value_index": "Int64",
    "scale_len": "Int64",
    "frames": "object",
    "date": "datetime64[ns]",
}
TALKS_LABEL = "The talks as a whole"


def _about(dossier: Dossier, about: Any) -> tuple[str, str | None, str, str]:
    """(about_kind, about_id, about_label, topic) of a characterisation's ``about``."""
    if about == "talks" or about is None:
        return "talks", None, TALKS_LABEL, "talks"
    kind, ref = about.kind, about.ref
    if kind == "issue":
        rec = dossier.issue_by_id.get(ref)
        label = rec.title if rec is not None else ref
    elif kind == "side":
        side = dossier.side_by_id.get(ref)
        label = side.name if side is not None else ref
    elif kind == "camp":
        camp = dossier.camp_by_id.get(ref)
        label = camp.name if camp is not None else ref
    else:
        ev = next((e for e in dossier.meta.events if e.id == ref), None)
        label = ev.title if ev is not None else ref
    return kind, ref, label, f"{kind}:{ref}"


MIN_AGREEMENT_SOURCES = 2
"""Fewest distinct sources whose verdicts on a topic × dimension give an agreement
index; below it the index is NaN and the reading is "too few to measure"."""


def characterisation_date(dossier: Dossier, c: Any) -> dt.date | None:
    """When a characterisation was said: its own ``date``, else its source's."""
    if c.date is not None:
        return c.date
    src = dossier.source_by_id.get(c.source)
    return src.date if src is not None else None


def _said_by(dossier: Dossier, date: DateLike, withdrawn: bool = False) -> list[Any]:
    """The characterisations said on or before ``date`` (all when None; undated kept);
    with ``withdrawn``, the withdrawn ones too (every coding unit)."""
    chars = dossier.coding_units if withdrawn else dossier.characterisations
    day = _as_date(date)
    if day is None:
        return list(chars)
    out = []
    for c in chars:
        when = characterisation_date(dossier, c)
        if when is None or when <= day:
            out.append(c)
    return out


def characterisation_cutoff(
    dossier: Dossier, date: DateLike, until: DateLike = None
) -> dt.date | None:
    """The date up to which characterisations count for a view as of ``date``.

    None (all of them) when ``date`` is None or on or after the dossier's last
    position or event date: "the latest state" includes verdicts published after the
    last position; otherwise ``date`` itself. ``until`` (the "verdicts until" choice)
    overrides the rule: the characterisations said on or before ``until`` count,
    whatever the as-of date, so a view of the positions on the talks' last day can
    read what was said about them afterwards.
    """
    if until is not None:
        return _as_date(until)
    day = _as_date(date)
    dates = dossier.dates()
    if day is None or (dates and day >= dates[-1]):
        return None
    return day


def verdicts_note(until: DateLike, date: DateLike) -> str:
    """How a "verdicts until" day stands to the as-of date, in words: "verdicts until
    18 Jan 2022, after the as-of date (14 Jan 2022)" (before it, on it; without an
    as-of date: the latest positions)."""
    until, date = _as_date(until), _as_date(date)
    assert until is not None
    head = f"verdicts until {until:%d %b %Y}"
    if date is None:
        return f"{head}, with the latest positions"
    if until == date:
        return f"{head}, the as-of date"
    where = "after" if until > date else "before"
    return f"{head}, {where} the as-of date ({date:%d %b %Y})"


def characterisation_state(
    dossier: Dossier, date: DateLike, until: DateLike = None
) -> dt.date | None:
    """Which characterisations a view as of ``date`` (verdicts ``until``, see
    :func:`characterisation_cutoff`) counts, as one value: None when all count, else
    the latest day on or before the cut-off on which one was said (``NOTHING_YET`` when
    none was). Every frame and table of characterisations at the cut-off is the same
    for dates with the same state."""
    cutoff = characterisation_cutoff(dossier, date, until)
    return None if cutoff is None else _said_state(dossier, cutoff)


def characterisation_counts(dossier: Dossier, date: DateLike = None) -> tuple[int, int]:
    """(counted, later): characterisations said on or before ``date`` and after it."""
    counted = len(_said_by(dossier, date))
    return counted, len(dossier.characterisations) - counted


def characterisations_frame(dossier: Dossier, date: DateLike = None) -> pd.DataFrame:
    """Every characterisation said on or before ``date`` (None: all), one row each,
    in file order; a characterisation's date is its own ``date``, else its source's.

    Columns: id, source, outlet, source_title, source_kind, source_date
    (datetime64[ns]), url, voice (the quoted voice, or the outlet when the source
    speaks in its own voice), voice_role, own_voice (bool), about_kind ('talks' |
    'issue' | 'side' | 'event' | 'camp'), about_id (None for the talks), about_label, topic
    ('talks' or '<kind>:<id>', the grouping key), topic_label, dimension,
    dimension_label, value (point id), value_label, value_index (Int64), scale_len
    (Int64), quote, frames (tuple of frame ids), date (the characterisation's date,
    else the source's; datetime64[ns]), notes.
    """
    rows = []
    for c in _said_by(dossier, date):
        src = dossier.source_by_id.get(c.source)
        dim = dossier.dimension_by_id.get(c.dimension)
        scale = dim.scale if dim is not None else []
        value_index = _scale_index(scale).get(c.value)
        kind, ref, label, topic = _about(dossier, c.about)
        outlet = src.outlet if src is not None else c.source
        rows.append(
            {
                "id": c.id,
                "source": c.source,
                "outlet": outlet,
                "source_title": src.title if src is not None else None,
                "source_kind": src.kind if src is not None else None,
                "source_date": _ts(src.date if src is not None else None),
                "url": src.url if src is not None else None,
                "voice": c.voice or outlet,
                "voice_role": c.voice_role,
                "own_voice": c.voice is None,
                "about_kind": kind,
                "about_id": ref,
                "about_label": label,
                "topic": topic,
                "topic_label": label,
                "dimension": c.dimension,
                "dimension_label": dim.label if dim is not None else c.dimension,
                "value": c.value,
                "value_label": _label(scale, value_index) or c.value,
                "value_index": value_index,
                "scale_len": len(scale) if dim is not None else None,
                "quote": c.quote,
                "frames": tuple(c.frames),
                "date": _ts(c.date or (src.date if src is not None else None)),
                "notes": c.notes,
            }
        )
    return _frame(rows, CHARACTERISATION_COLUMNS, _CHARACTERISATION_DTYPES)


def agreement_index(counts: Sequence[float]) -> float:
    """Van der Eijk's agreement A of a frequency vector over an ordered scale.

    1 when everyone is in one category, 0 for a uniform distribution, −1 when all
    are split equally between the two extreme categories. NaN when the total is 0.

    Algorithm (van der Eijk, C. 2001, "Measuring agreement in ordered rating
    scales", *Quality & Quantity* 35(3): 325–341): the distribution is decomposed
    into *layers*: repeatedly take the smallest non-zero frequency m, the layer is
    the 0/1 pattern of the non-empty categories with weight m·S/N (S = number of
    non-empty categories in the pattern, N = total), and m is subtracted from every
    non-empty category. For each layer, over all ordered triples of categories
    i < j < k, TU counts the patterns 110 and 011 (consistent with unimodality) and
    TDU the pattern 101 (deviating from it); the unimodality is
    U = ((K−2)·TU − (K−1)·TDU) / ((K−2)·(TU+TDU)), and U = 1 when TU + TDU = 0;
    the layer's agreement is A_layer = U·(1 − (S−1)/(K−1)). A = Σ weight·A_layer.
    E.g. (30, 40, 210, 130, 530, 50, 10) gives 0.6113 (the paper's example).
    Counts may be any non-negative numbers (proportions work too: A only depends
    on the shape of the distribution).

    For K = 2 categories no triple exists, so a 50/50 split counts as uniform (0),
    not polarised. A single category gives 1.
    """
    values = [float(c) for c in counts]
    if any(not c >= 0 or math.isinf(c) for c in values):
        raise ValueError(f"counts must be finite and non-negative: {list(counts)!r}")
    n = sum(values)
    if n == 0:
        return math.nan
    k = len(values)
    if k < 2:
        return 1.0
    total = 0.0
    rest = list(values)
    while True:
        nonzero = [c for c in rest if c > 0]
        if not nonzero:
            break
        m = min(nonzero)
        pattern = [1 if c > 0 else 0 for c in rest]
        s = len(nonzero)
        total += (m * s / n) * _pattern_agreement(pattern)
        rest = [c - m if c > 0 else 0 for c in rest]
    return max(-1.0, min(1.0, total))  # clip rounding noise (e.g. -1.0000000000000002)


def _pattern_agreement(pattern: Sequence[int]) -> float:
    """A for one 0/1 layer (see :func:`agreement_index`); O(K) via prefix counts."""
    k = len(pattern)
    s = sum(pattern)
    tu = tdu = 0
    ones_left = 0
    ones_total = s
    for j, p in enumerate(pattern):
        zeros_left = j - ones_left
        ones_right = ones_total - ones_left - p
        zeros_right = (k - j - 1) - ones_right
        if p:
            tu += ones_left * zeros_right + zeros_left * ones_right
        else:
            tdu += ones_left * ones_right
        ones_left += p
    if tu + tdu == 0:
        return 1 - (s - 1) / (k - 1)
    u = ((k - 2) * tu - (k - 1) * tdu) / ((k - 2) * (tu + tdu))
    return u * (1 - (s - 1) / (k - 1))


AGREEMENT_COLUMNS = (
    "topic",
    "topic_label",
    "about_kind",
    "about_id",
    "dimension",
    "dimension_label",
    "scale_len",
    "n",
    "n_sources",
    "n_voices",
    "counts",
    "agreement",
    "too_few",
    "modal_label",
    "min_label",
    "max_label",
    "sources",
)
_AGREEMENT_DTYPES = {
    "scale_len": "int64",
    "n": "int64",
    "n_sources": "int64",
    "n_voices": "int64",
    "counts": "object",
    "agreement": "float64",
    "too_few": "bool",
    "sources": "object",
}


def _topic_order(dossier: Dossier) -> dict[str, tuple[int, int]]:
    order: dict[str, tuple[int, int]] = {"talks": (0, 0)}
    for rank, (kind, records) in enumerate(
        (("issue", dossier.issues), ("side", dossier.sides), ("event", dossier.events)), 1
    ):
        for n, rec in enumerate(records):
            order[f"{kind}:{rec.id}"] = (rank, n)
    return order


def agreement_table(dossier: Dossier, date: DateLike = None) -> pd.DataFrame:
    """How far characterisations agree, one row per topic × dimension.

    Counts every characterisation said on or before ``date`` (None: all; see
    :func:`characterisations_frame`; a source quoting two voices counts twice) whose
    value is on the dimension's scale. Columns: topic, topic_label, about_kind,
    about_id, dimension, dimension_label, scale_len, n (characterisations),
    n_sources, n_voices, counts (tuple, one count per scale point), agreement
    (:func:`agreement_index` of counts; NaN when fewer than
    :data:`MIN_AGREEMENT_SOURCES` distinct sources gave them), too_few (bool: that
    case, "too few to measure"), modal_label (labels of the
    most frequent values joined with ' / '), min_label, max_label (lowest and
    highest values used), sources (tuple of source ids). Ordered by topic (the
    talks, then issues, sides and events, each in dossier order), then dimension
    order. Characterisations whose dimension or value is unknown are left out.
    Worked out once per set of characterisations counted (a copy each call).
    """
    key = _said_state(dossier, date)
    return kept(dossier, "agreement_table", key, lambda: _agreement_table(dossier, date)).copy()


def _said_state(dossier: Dossier, date: DateLike) -> dt.date | None:
    """Which characterisations are said on or before ``date``, as one value: None for
    all (``date`` None), else the latest day on or before it on which one was said."""
    day = _as_date(date)
    if day is None:
        return None
    days = _characterisation_days(dossier)
    i = bisect.bisect_right(days, day)
    return days[i - 1] if i else NOTHING_YET


def _characterisation_days(dossier: Dossier) -> tuple[dt.date, ...]:
    """Every day a characterisation (withdrawn ones too) was said, sorted."""
    days = dossier.memo.get("characterisation_days")
    if days is None:
        found = {characterisation_date(dossier, c) for c in dossier.coding_units}
        found.update(characterisation_date(dossier, c) for c in dossier.characterisations)
        days = dossier.memo["characterisation_days"] = tuple(sorted(d for d in found if d))
    return days  # type: ignore[return-value]


def _agreement_table(dossier: Dossier, date: DateLike) -> pd.DataFrame:
    df = characterisations_frame(dossier, date)
    df = df[df["value_index"].notna()]
    dim_order = {d.id: n for n, d in enumerate(dossier.dimensions)}
    topic_order = _topic_order(dossier)
    rows = []
    if not df.empty:
        groups = df.groupby(["topic", "dimension"], sort=False)
        for (topic, dim_id), g in groups:
            dim = dossier.dimension_by_id.get(dim_id)
            if dim is None:
                continue
            scale = dim.scale
            counts = [0] * len(scale)
            for v in g["value_index"]:
                counts[int(v)] += 1
            top = max(counts)
            used = [i for i, c in enumerate(counts) if c]
            first = g.iloc[0]
            n_sources = int(g["source"].nunique())
            too_few = n_sources < MIN_AGREEMENT_SOURCES
            rows.append(
                {
                    "topic": topic,
                    "topic_label": first["topic_label"],
                    "about_kind": first["about_kind"],
                    "about_id": first["about_id"],
                    "dimension": dim_id,
                    "dimension_label": dim.label,
                    "scale_len": len(scale),
                    "n": int(sum(counts)),
                    "n_sources": n_sources,
                    "n_voices": int(g["voice"].nunique()),
                    "counts": tuple(counts),
                    "agreement": math.nan if too_few else agreement_index(counts),
                    "too_few": too_few,
                    "modal_label": " / ".join(
                        scale[i].label for i, c in enumerate(counts) if c == top
                    ),
                    "min_label": scale[used[0]].label,
                    "max_label": scale[used[-1]].label,
                    "sources": tuple(dict.fromkeys(g["source"])),
                    "_order": (
                        topic_order.get(topic, (9, 0)),
                        dim_order.get(dim_id, len(dim_order)),
                    ),
                }
            )
    rows.sort(key=lambda r: r.pop("_order"))
    return _frame(rows, AGREEMENT_COLUMNS, _AGREEMENT_DTYPES)


FRAMES_COLUMNS = ("frame", "label", "description", "count", "sources", "n_sources", "voices")
_FRAMES_DTYPES = {"count": "int64", "sources": "object", "n_sources": "int64", "voices": "object"}


def frames_table(dossier: Dossier, date: DateLike = None) -> pd.DataFrame:
    """Use of each frame (metaphor) by the characterisations said on or before
    ``date`` (None: all), one row per frame.

    Columns: frame (id), label, description, count (quotes tagging it: withdrawn
    characterisations too, the metaphor is in the quote whatever its coding),
    sources (tuple of source ids), n_sources, voices (tuple of voices, the outlet for
    the source's own voice). Frames defined but unused have count 0; frames used but
    not defined appear with their id as label. Ordered by count (descending), then
    definition order.
    """
    defined = list(dossier.frames)
    order = [f.id for f in defined]
    said = _said_by(dossier, date, withdrawn=True)
    for c in said:
        for f in c.frames:
            if f not in order:
                order.append(f)
    stats: dict[str, dict[str, Any]] = {f: {"count": 0, "sources": {}, "voices": {}} for f in order}
    for c in said:
        src = dossier.source_by_id.get(c.source)
        voice = c.voice or (src.outlet if src is not None else c.source)
        for f in dict.fromkeys(c.frames):
            st = stats[f]
            st["count"] += 1
            st["sources"][c.source] = None
            st["voices"][voice] = None
    rows = []
    for n, f in enumerate(order):
        rec = dossier.frame_by_id.get(f)
        st = stats[f]
        rows.append(
            {
                "frame": f,
                "label": rec.label if rec is not None else f,
                "description": rec.description if rec is not None else None,
                "count": st["count"],
                "sources": tuple(st["sources"]),
                "n_sources": len(st["sources"]),
                "voices": tuple(st["voices"]),
                "_order": (-st["count"], n),
            }
        )
    rows.sort(key=lambda r: r.pop("_order"))
    return _frame(rows, FRAMES_COLUMNS, _FRAMES_DTYPES)
