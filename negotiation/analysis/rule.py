"""Decision rules: how a body decides (consensus, majority, qualified majority) and
whether a given support reaches the rule.

A rule is written ``consensus``, ``majority`` or ``qualified:<share>`` (a share
between 0.5 and 1, e.g. ``qualified:0.667``), optionally followed by ``:sides``
when every side casts one vote whatever its weight (``majority:sides``,
``qualified:0.667:sides``). That text is what the dashboard's URL (``rule=``) and
``python -m negotiation export --rule`` take, and what :attr:`Rule.text` gives back.

Shares and weights are compared exactly (:class:`fractions.Fraction`), so a
two-thirds threshold written 0.667 means 667/1000 and never suffers a float's
rounding.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

RuleKind = Literal["consensus", "majority", "qualified"]
Counted = Literal["weight", "sides"]

RULE_KINDS: tuple[str, ...] = ("consensus", "majority", "qualified")
COUNTED: tuple[str, ...] = ("weight", "sides")
MIN_THRESHOLD = Fraction(1, 2)
MAX_THRESHOLD = Fraction(1)


class RuleError(ValueError):
    """A decision rule that cannot be read (unknown kind, bad or missing threshold)."""


def as_fraction(value: float | int | str | Fraction) -> Fraction:
    """``value`` as an exact fraction: a float through its shortest decimal text
    (0.667 is 667/1000, not the binary float's expansion)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise TypeError(f"not a number: {value!r}")
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


@dataclass(frozen=True)
class Rule:
    """A decision rule. ``threshold`` is set for ``qualified`` only."""

    kind: RuleKind = "consensus"
    threshold: Fraction | None = None
    counted: Counted = "weight"

    def __post_init__(self) -> None:
        if self.kind not in RULE_KINDS:
            raise RuleError(f"unknown decision rule {self.kind!r}: use {', '.join(RULE_KINDS)}")
        if self.counted not in COUNTED:
            raise RuleError(f"'counted' is 'weight' or 'sides', not {self.counted!r}")
        if self.kind == "qualified":
            if self.threshold is None:
                raise RuleError("a qualified majority needs a threshold, e.g. qualified:0.667")
            t = as_fraction(self.threshold)
            if not MIN_THRESHOLD <= t <= MAX_THRESHOLD:
                raise RuleError(
                    f"the threshold of a qualified majority is a share between 0.5 and 1, "
                    f"not {_decimal(t)}"
                )
            object.__setattr__(self, "threshold", t)
        elif self.threshold is not None:
            raise RuleError(f"only a qualified majority has a threshold, not {self.kind}")

    # -- reading -----------------------------------------------------------------
    @property
    def is_consensus(self) -> bool:
        return self.kind == "consensus"

    @property
    def text(self) -> str:
        """The canonical text (``qualified:0.667``, ``majority:sides`` ...)."""
        out = self.kind
        if self.threshold is not None:
            out += f":{_decimal(self.threshold)}"
        if self.counted == "sides":
            out += ":sides"
        return out

    def describe(self) -> str:
        """Plain words: 'consensus (every party must accept)', 'qualified majority of
        66.7 % of the weight' ..."""
        unit = "of the sides (one side, one vote)" if self.counted == "sides" else "of the weight"
        if self.kind == "consensus":
            return "consensus (every party must accept)"
        if self.kind == "majority":
            return f"majority (more than half {unit})"
        assert self.threshold is not None
        return f"qualified majority (at least {_percent(self.threshold)} {unit})"

    def reached(self, support: Fraction | int, total: Fraction | int) -> bool:
        """Whether ``support`` (weight accepting) out of ``total`` (weight counted)
        carries a point: all of it under consensus, more than half under majority, at
        least ``threshold`` of it under a qualified majority. Never with ``total`` 0."""
        s, t = Fraction(support), Fraction(total)
        if t <= 0:
            return False
        if self.kind == "consensus":
            return s >= t
        if self.kind == "majority":
            return 2 * s > t
        assert self.threshold is not None
        return s >= self.threshold * t

    def bar(self, total: Fraction | int) -> tuple[Fraction, bool]:
        """``(amount, strict)``: a point carries when its support exceeds ``amount``
        (``strict``, majority) or reaches it (consensus, qualified); same test as
        :meth:`reached` for ``total`` > 0."""
        t = Fraction(total)
        if self.kind == "consensus":
            return t, False
        if self.kind == "majority":
            return t / 2, True
        assert self.threshold is not None
        return self.threshold * t, False


CONSENSUS = Rule()


def parse_rule(text: str) -> Rule:
    """Read ``consensus``, ``majority`` or ``qualified:<share>``, each optionally
    followed by ``:sides``. Raises :class:`RuleError` with a plain-language message."""
    raw = (text or "").strip().lower()
    if not raw:
        raise RuleError("empty decision rule: use consensus, majority or qualified:<share>")
    parts = raw.split(":")
    counted: Counted = "weight"
    if len(parts) > 1 and parts[-1] in COUNTED:
        counted = parts.pop()  # type: ignore[assignment]
    kind, *rest = parts
    if kind not in RULE_KINDS:
        raise RuleError(
            f"unknown decision rule {text.strip()!r}: use consensus, majority or "
            "qualified:<share> (e.g. qualified:0.667), optionally followed by :sides"
        )
    if kind != "qualified":
        if rest:
            raise RuleError(f"{kind} takes no threshold: write {kind!r}, not {text.strip()!r}")
        return Rule(kind, None, counted)  # type: ignore[arg-type]
    if len(rest) != 1 or not rest[0]:
        raise RuleError("a qualified majority needs its threshold, e.g. qualified:0.667")
    try:
        share = Fraction(rest[0])
    except (ValueError, ZeroDivisionError):
        raise RuleError(
            f"the threshold {rest[0]!r} is not a number: write a share such as 0.667"
        ) from None
    return Rule("qualified", share, counted)


def rule_from_fields(
    rule: str, threshold: float | int | str | None = None, counted: str = "weight"
) -> Rule:
    """A :class:`Rule` from the fields of a ``decision`` block."""
    share = None if threshold is None else as_fraction(threshold)
    return Rule(rule, share, counted)  # type: ignore[arg-type]


def _decimal(value: Fraction) -> str:
    """A share as exact text that reads back to the same value: 667/1000 -> '0.667',
    1 -> '1', 2/3 -> '2/3' (no finite decimal)."""
    for places in range(7):
        scaled = value * 10**places
        if scaled.denominator == 1:
            text = f"{value.numerator / value.denominator:.{places}f}"
            return text
    return f"{value.numerator}/{value.denominator}"


def _percent(value: Fraction) -> str:
    text = f"{float(value) * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text} %"
