"""Plain words for a decision under a rule: what carries, who is outvoted, who holds a
deal up, and what the parties not placed could change. One reading of an
:func:`~negotiation.analysis.overlap_table` row, used by the dashboard and the brief."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from negotiation.analysis.rule import parse_rule
from negotiation.model import ScalePoint


def weight_text(value: float) -> str:
    """27.0 -> '27', 1.5 -> '1.5', 0.333.. -> '0.33'."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def share_text(part: float, whole: float) -> str:
    """'29 of 33 (88 %)'."""
    pct = 0 if whole <= 0 else round(100 * part / whole)
    return f"{weight_text(part)} of {weight_text(whole)} ({pct} %)"


def names(refs: Sequence[str], label: Mapping[str, str]) -> str:
    return ", ".join(label.get(r, r) for r in refs)


def _weights(row: Any) -> dict[str, float]:
    return dict(row.party_weights)


def group_text(
    refs: Sequence[str], row: Any, label: Mapping[str, str], point: str | None = None
) -> str:
    """'Saudi Arabia, Russia, Iran, Kuwait (weight 4 of 33)' (of the weight counted at
    ``point``: see :func:`point_total`)."""
    w = sum(_weights(row).get(r, 0.0) for r in refs)
    total = row.total_weight if point is None else point_total(row, point)
    return f"{names(refs, label)} (weight {weight_text(w)} of {weight_text(total)})"


def point_total(row: Any, point: str) -> float:
    """The weight counted at ``point`` (a point id): the placed parties' and that of the
    bounded parties ruling it out (known holdouts there); total_weight without them."""
    ruled = (getattr(row, "ruled_out_by", None) or {}).get(point, ())
    weights = _weights(row)
    return row.total_weight + sum(weights.get(r, 0.0) for r in ruled)


def is_plain(row: Any) -> bool:
    """Whether a row is today's default case: consensus that no file states, every
    counted weight 1 and no party left uncounted (then the classic wording is used)."""
    return (
        row.rule == "consensus"
        and row.rule_source == "default"
        and all(w == 1 for _, w in row.party_weights)
    )


def decision_sentence(row: Any, label: Mapping[str, str], scale: Sequence[ScalePoint]) -> str:
    """What the rule makes of one issue (``scale``: its points), in words, without the
    issue's title."""
    rule = parse_rule(row.rule)
    scale_labels = [p.label for p in scale]
    ids = [p.id for p in scale]
    if row.deal == "not placed":
        placed = [r for r in row.placed if r in set(row.counted)]
        if not placed:
            return "no party that counts is placed on this issue." + _not_placed_text(
                row, label, scale
            )
        return (
            f"only {names(placed, label)} {'is' if len(placed) == 1 else 'are'} placed: too "
            "few parties to decide." + _not_placed_text(row, label, scale)
        )
    if row.deal == "carries":
        if rule.is_consensus:
            text = f"every party counted accepts {_points(row.winning_labels)}"
        else:
            parts = []
            for pid, lab in zip(row.winning_points, row.winning_labels, strict=True):
                support = row.support[ids.index(pid)]
                out = row.outvoted.get(pid, ())
                piece = f"{lab} carries with {share_text(support, point_total(row, pid))}"
                if out:
                    piece += f", outvoting {group_text(out, row, label, pid)}"
                parts.append(piece)
            text = "; ".join(parts)
        return text + "." + _not_placed_text(row, label, scale)
    # held up
    groups = list(zip(row.blocker_sets, row.blocker_points, strict=True))
    if rule.is_consensus:
        if not groups:
            return "no deal." + _not_placed_text(row, label, scale)
        if len(groups) == 1:
            who = group_text(groups[0][0], row, label, _first(groups[0][1]))
            text = f"{who} hold{'s' if len(groups[0][0]) == 1 else ''} a deal up"
        else:
            options = " or ".join(
                "{" + group_text(g, row, label, _first(pts)) + "}" for g, pts in groups
            )
            text = f"any one of these groups holds a deal up: {options}"
        text += " (for a deal, they would have to accept a point every other party accepts)"
    else:
        best = max(range(len(row.support)), key=lambda i: (row.support[i], -i))
        text = (
            f"no point reaches the bar of {weight_text(row.bar)} of "
            f"{weight_text(row.total_weight)}; the most support is "
            f"{share_text(row.support[best], row.total_weight)} for {scale_labels[best]}"
        )
        if groups:
            options = " or ".join(
                "{"
                + group_text(g, row, label, _first(pts))
                + "} for "
                + _points([scale_labels[ids.index(p)] for p in pts])
                for g, pts in groups
            )
            text += f". The lightest holdouts that would carry a point by accepting it: {options}"
            if row.blocker_sets_truncated:
                text += " (and other groups as light)"
    return text + "." + _not_placed_text(row, label, scale)


def _first(points: Sequence[str]) -> str | None:
    return points[0] if points else None


def _not_placed_text(row: Any, label: Mapping[str, str], scale: Sequence[ScalePoint]) -> str:
    counted = set(row.counted)
    missing = [r for r in row.not_placed if r in counted]
    bounded = set(getattr(row, "bounded", ()))
    ruled = getattr(row, "ruled_out_by", {}) or {}
    text = "".join(
        " " + ruled_out_text(label.get(r, r), _indices(scale, ruled, r), scale) + "."
        for r in row.not_placed
        if r in bounded
    )
    if not missing:
        return text
    could = "could change this once placed" if row.could_change else "could not change this"
    return text + (
        f" Not placed: {names(missing, label)} (weight {weight_text(row.not_placed_weight)}); "
        f"they {could}."
    )


def _indices(
    scale: Sequence[ScalePoint], ruled: Mapping[str, Sequence[str]], ref: str
) -> list[int]:
    return [i for i, p in enumerate(scale) if ref in ruled.get(p.id, ())]


def steps_text(n: int, at_least: bool = False) -> str:
    """'1 step', '3 steps'; a lower bound: 'at least 2 steps'."""
    words = f"{n} step" if n == 1 else f"{n} steps"
    return f"at least {words}" if at_least else words


def ruled_out_text(name: str, indices: Sequence[int], scale: Sequence[ScalePoint]) -> str:
    """'Japan has ruled out Uniform caps – Binding caps (bounded, not placed)': what a
    bounded party has ruled out, each run of consecutive points as 'A – B'."""
    pts = sorted(set(indices))
    if not pts:
        return f"{name} is bounded, not placed"
    if len(pts) == len(scale):
        return f"{name} has ruled out every point (bounded, not placed)"
    runs: list[list[int]] = []
    for i in pts:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    spans = [
        scale[r[0]].label if len(r) == 1 else f"{scale[r[0]].label} – {scale[r[-1]].label}"
        for r in runs
    ]
    return f"{name} has ruled out {' and '.join(spans)} (bounded, not placed)"


def _points(labels: Sequence[str]) -> str:
    labels = list(labels)
    if len(labels) <= 2:
        return " and ".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def bounded_party_text(pr: Any, scale: Sequence[ScalePoint]) -> str:
    """:func:`ruled_out_text` of a bounded :class:`~negotiation.analysis.ranges.
    PartyRange`: a side's ruled-out part; a camp's, every point its bounded members do
    not all leave open."""
    if pr.open is None:
        indices = list(range(len(scale)))
    else:
        indices = [i for i in range(len(scale)) if not pr.open[0] <= i <= pr.open[1]]
    return ruled_out_text(pr.label, indices, scale)
