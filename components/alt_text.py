"""Text alternatives for the charts: one sentence or two stating each chart's finding.

Pure functions, no streamlit import: each takes the same frame its figure builder in
:mod:`components.figures` draws, and returns plain text. The views show it as a
caption right under the chart (``st.caption``) and pass it as the chart's ``alt``
(its accessible name), so a reader who cannot see the chart, or cannot tell its
colours apart, gets the same finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from components.figure_style import isna as _isna


def _steps(n: int | float) -> str:
    n = int(n)
    return f"{n} step{'s' if n != 1 else ''}"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _span(labels: Sequence[str], lo: int, hi: int) -> str:
    return f"“{labels[lo]}”" if lo == hi else f"“{labels[lo]}” to “{labels[hi]}”"


def _day(value: Any) -> str:
    return f"{pd.Timestamp(value):%d %b %Y}"


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# =========================================================================== ranges


def pair_summary_alt_text(gaps: pd.DataFrame, label_a: str, label_b: str) -> str:
    """The finding of all the two-party range charts together (a gap_table frame).

    E.g. "Russia vs The West: 0 of 14 issues overlap, 9 have a gap, 5 are not
    compared; widest gap: NATO non-expansion, 3 steps (75% of its scale)."
    """
    n = len(gaps)
    if n == 0:
        return f"{label_a} vs {label_b}: no issue to compare."
    status = gaps["status"]
    n_overlap = int((status == "overlap").sum())
    n_gap = int((status == "gap").sum())
    n_other = n - n_overlap - n_gap
    text = f"{label_a} vs {label_b}: {n_overlap} of {_plural(n, 'issue')} overlap"
    text += f", {n_gap} {'has' if n_gap == 1 else 'have'} a gap"
    if n_other:
        text += f", {n_other} {'is' if n_other == 1 else 'are'} not compared"
    with_gap = gaps[status == "gap"]
    if not with_gap.empty:
        top = (
            with_gap.assign(_n=range(len(with_gap)))
            .sort_values(["gap", "gap_norm", "_n"], ascending=[False, False, True])
            .iloc[0]
        )
        least = "at least " if top.get("gap_at_least", False) is True else ""
        text += f"; widest gap: {top['issue_title']}, {least}{_steps(top['gap'])}"
        if not _isna(top["gap_norm"]):
            text += f" ({float(top['gap_norm']):.0%} of its scale)"
    return text + "."


def range_alt_text(
    ranges: pd.DataFrame,
    scale_labels: Sequence[str],
    *,
    title: str | None = None,
    overlap: tuple[int, int] | None = None,
    gap: int | None = None,
    at_least: bool = False,
) -> str:
    """The finding of one :func:`components.figures.range_figure` (same arguments;
    ``at_least``: the gap is a lower bound, against a bounded party).

    E.g. "NATO non-expansion: no overlap, gap of 3 steps (75% of the scale). Russia
    (camp) accepts “Legally binding end”; The West (camp) accepts “Open door
    unchanged”."
    """
    n_steps = max(len(scale_labels) - 1, 1)
    if overlap is not None:
        finding = f"overlap at {_span(scale_labels, overlap[0], overlap[1])}"
    elif gap is not None and gap > 0:
        least = "at least " if at_least else ""
        finding = f"no overlap, gap of {least}{_steps(gap)} ({gap / n_steps:.0%} of the scale)"
    else:
        finding = "not compared"
    parts = [_party_text(row, scale_labels) for row in ranges.itertuples(index=False)]
    head = f"{title}: {finding}" if title else finding[0].upper() + finding[1:]
    return f"{head}. " + "; ".join(parts) + ("." if parts else "")


NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def _party_text(row: Any, scale_labels: Sequence[str]) -> str:
    """One party of :func:`range_alt_text`: what it accepts, its readings ("two
    readings: …"), what it has ruled out, and "inferred" when the curator inferred it."""
    label = str(row.label)
    readings = getattr(row, "readings", None)
    inferred = getattr(row, "basis", None)
    inferred = not _isna(inferred) and inferred == "inferred"
    tail = " (inferred)" if inferred else ""
    if readings is not None and isinstance(readings, tuple | list) and readings:
        n = len(readings)
        each = [
            f"{name} accepts {_span(scale_labels, int(lo), int(hi))}"
            if not _isna(lo) and not _isna(hi)
            else f"{name} places it nowhere"
            for name, lo, hi in readings
        ]
        return f"{label}: {NUMBER_WORDS.get(n, str(n))} readings: " + ", ".join(each) + tail
    rej_lo, rej_hi = getattr(row, "rejects_lo", None), getattr(row, "rejects_hi", None)
    ruled = (
        None
        if _isna(rej_lo) or _isna(rej_hi)
        else f"has ruled out {_span(scale_labels, int(rej_lo), int(rej_hi))}"
    )
    if _isna(row.lo) or _isna(row.hi):
        if ruled:
            return f"{label} {ruled} (bounded, not placed){tail}"
        return f"{label} is not placed"
    text = f"{label} accepts {_span(scale_labels, int(row.lo), int(row.hi))}"
    ideal = getattr(row, "ideal", None)
    if not _isna(ideal):
        text += f" (ideal “{scale_labels[int(ideal)]}”)"
    if ruled:
        text += f" and {ruled}"
    return text + tail


# =========================================================================== movement


def movement_alt_text(moves: pd.DataFrame) -> str:
    """The finding of :func:`components.figures.movement_figure` (a movement_table).

    Counts the changes by direction and names the largest move in steps.
    """
    if moves.empty:
        return "No side changed its position."
    counts = moves["direction"].value_counts()
    words = {
        "towards": "moved towards the other party",
        "away": "moved away",
        "moved": "moved",
        "unchanged": "kept the distance",
        "new": "stated a first position",
        "not placed": "not placed",
    }
    parts = [
        f"{int(counts[d])} {words.get(str(d), str(d))}" for d in counts.index if int(counts[d])
    ]
    issues = moves["issue"].nunique() if "issue" in moves else moves["issue_title"].nunique()
    text = f"{_plural(len(moves), 'change')} on {_plural(int(issues), 'issue')}: "
    text += _join(parts) + "."
    steps = pd.to_numeric(moves["steps"], errors="coerce")
    if steps.notna().any() and float(steps.abs().max()) > 0:
        top = moves.loc[steps.abs().idxmax()]
        text += (
            f" Largest move: {top['side_name']} on {top['issue_title']}, "
            f"{abs(float(top['steps'])):g} step{'s' if abs(float(top['steps'])) != 1 else ''} "
            f"({top['direction']})."
        )
    return text


# =========================================================================== issue history


def history_alt_text(positions: pd.DataFrame, scale_labels: Sequence[str]) -> str:
    """The finding of :func:`components.figures.history_figure`: per side, its first
    and latest placement on the scale."""
    if positions.empty:
        return "No side has a position on this issue."
    parts = []
    for _side, mine in positions.groupby("side", sort=False):
        mine = mine.sort_values("as_of")
        name = str(mine["side_name"].iloc[0])
        placed = [r for r in mine.itertuples(index=False) if not _isna(r.lo) and not _isna(r.hi)]
        latest = mine.iloc[-1]
        if not placed:
            parts.append(
                f"{name}: {_plural(len(mine), 'position')}, none placed"
                + _latest_note(latest, scale_labels)
            )
            continue
        first, last = placed[0], placed[-1]
        text = f"{name}: {_plural(len(mine), 'position')}"
        now = _span(scale_labels, int(last.lo), int(last.hi))
        moved = len({(r.lo, r.hi) for r in placed}) > 1
        if (first.lo, first.hi) == (last.lo, last.hi) and moved:  # moved and came back
            text += f", accepts {now} again ({_day(last.as_of)}) as on {_day(first.as_of)}"
        elif len(placed) == 1 or (first.lo, first.hi) == (last.lo, last.hi):
            text += f", accepts {now} (since {_day(first.as_of)})"
        else:
            was = _span(scale_labels, int(first.lo), int(first.hi))
            text += f", from {was} ({_day(first.as_of)}) to {now} ({_day(last.as_of)})"
        parts.append(text + _latest_note(latest, scale_labels))
    return "; ".join(parts) + "."


def _latest_note(row: Any, scale_labels: Sequence[str]) -> str:
    """How sure the latest position is, when the frame says (optional columns):
    ", latest contested: two readings (A, B)", ", has ruled out …", ", inferred"."""
    note = ""
    labels = row.get("reading_labels") if hasattr(row, "get") else None
    if isinstance(labels, tuple | list) and labels:
        n = len(labels)
        note += f", latest contested: {NUMBER_WORDS.get(n, str(n))} readings ({_join(labels)})"
    lo, hi = row.get("rejects_lo"), row.get("rejects_hi")
    if not _isna(lo) and not _isna(hi):
        note += f", has ruled out {_span(scale_labels, int(lo), int(hi))}"
    basis = row.get("basis")
    if not _isna(basis) and basis == "inferred":
        note += ", inferred"
    return note


# =========================================================================== timeline


def timeline_alt_text(positions: pd.DataFrame, events: pd.DataFrame) -> str:
    """The finding of :func:`components.figures.timeline_figure`: how many events and
    positions over which days, and the busiest day."""
    parts = []
    if not events.empty:
        days = sorted(pd.Timestamp(d) for d in events["date"])
        parts.append(
            f"{_plural(len(events), 'event')} from {_day(days[0])} to {_day(days[-1])}"
            if len(days) > 1
            else f"1 event on {_day(days[0])}"
        )
    if not positions.empty:
        sides = positions["side_name"].nunique()
        text = f"{_plural(len(positions), 'position')} stated by {_plural(int(sides), 'side')}"
        per_day = positions.groupby(positions["as_of"].map(pd.Timestamp)).size()
        busiest = per_day.idxmax()
        text += f"; most on {_day(busiest)} ({_plural(int(per_day.max()), 'position')})"
        parts.append(text)
    if not parts:
        return "No events and no positions."
    return "; ".join(parts) + "."


# =========================================================================== sources


def voices_alt_text(
    chars: pd.DataFrame, scale_labels: Sequence[str], *, title: str | None = None
) -> str:
    """The finding of :func:`components.figures.voices_figure`: how many voices, the
    value said most often and the range of values."""
    df = chars[chars["value_index"].notna()]
    head = f"{title}: " if title else ""
    if df.empty:
        return head + "no characterisation placed on the scale."
    idx = [int(v) for v in df["value_index"]]
    counts = pd.Series(idx).value_counts()
    top = counts.index[0]
    tied = [i for i in counts.index if counts[i] == counts.iloc[0]]
    most = " and ".join(f"“{scale_labels[i]}”" for i in sorted(tied))
    voices = df["voice"].nunique()
    text = (
        f"{head}{_plural(len(df), 'characterisation')} by {_plural(int(voices), 'voice')}; "
        f"most said {most} ({counts[top]} of {len(df)})"
    )
    lo, hi = min(idx), max(idx)
    text += f"; from “{scale_labels[lo]}” to “{scale_labels[hi]}”" if lo != hi else "; all agree"
    return text + "."


def frames_alt_text(frames: pd.DataFrame, top: int = 3) -> str:
    """The finding of :func:`components.figures.frames_figure`: the ``top`` frames used
    most, and every frame tied with the last of them."""
    used = frames[frames["count"] > 0]
    if used.empty:
        return "No frames used."
    ranked = used.sort_values("count", ascending=False, kind="stable")
    cut = int(ranked["count"].iloc[min(top, len(ranked)) - 1])  # ties at the cut stay in
    best = [
        f"{r.label} ({r.count}, {_plural(int(r.n_sources), 'source')})"
        for r in ranked[ranked["count"] >= cut].itertuples(index=False)
    ]
    return f"{_plural(len(used), 'frame')} used; most often: " + _join(best) + "."


def over_time_alt_text(
    chars: pd.DataFrame, scale_labels: Sequence[str], *, title: str | None = None
) -> str:
    """The finding of :func:`components.figures.characterisations_over_time_figure`:
    how many verdicts by how many sources over which dates, the first and last
    verdicts and the highest one."""
    df = chars[chars["value_index"].notna() & chars["date"].notna()].sort_values(
        "date", kind="stable"
    )
    head = f"{title} over time: " if title else "Over time: "
    if df.empty:
        return head + "no dated characterisation placed on the scale."
    sources = {(o, t) for o, t in zip(df["outlet"], df["source_title"], strict=True)}
    first, last = df.iloc[0], df.iloc[-1]
    text = (
        f"{head}{_plural(len(df), 'verdict')} from {_plural(len(sources), 'source')}, "
        f"{_day(first['date'])} to {_day(last['date'])}; first “{first['value_label']}”, "
        f"last “{last['value_label']}”"
    )
    top = int(df["value_index"].max())
    if len(df) > 2 and top > max(int(first["value_index"]), int(last["value_index"])):
        peak = df[df["value_index"] == top].iloc[0]
        text += f"; highest “{scale_labels[top]}” on {_day(peak['date'])}"
    return text + "."
