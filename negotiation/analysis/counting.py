"""Who counts, and by what rule: the decision rule in force on an issue (the dossier's,
the issue's own, or a hypothetical one) and each party's vote weight.

Vote weights (how much a side counts: the votes it casts, the states it speaks for) and
priorities (how much a side cares about an issue) are different things; nothing here
multiplies them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

from negotiation.analysis.parties import resolve_party
from negotiation.analysis.rule import CONSENSUS, Rule, as_fraction, parse_rule
from negotiation.dossier import Dossier
from negotiation.model import Evidence

RuleSource = Literal["default", "dossier", "issue", "what-if"]


@dataclass(frozen=True)
class RuleInForce:
    """The rule an issue is decided under and where it comes from.

    ``sourced`` is the rule the files give (the issue's, else the dossier's, else
    consensus) and ``evidence`` its quotes; ``rule`` is what the analysis uses: the
    hypothetical rule when one is set (``source`` 'what-if'), else ``sourced``.
    """

    rule: Rule
    source: RuleSource
    sourced: Rule
    sourced_from: RuleSource
    evidence: tuple[Evidence, ...] = ()

    @property
    def hypothetical(self) -> bool:
        return self.source == "what-if"

    def describe(self) -> str:
        """'consensus (every party must accept), as the dossier states' and the like."""
        origin = {
            "default": "the default: the files state no rule",
            "dossier": "as the dossier states",
            "issue": "as stated for this issue",
            "what-if": f"hypothetical (what-if); the sources give {self.sourced.describe()}",
        }[self.source]
        return f"{self.rule.describe()}, {origin}"


def rule_in_force(dossier: Dossier, issue: str | None = None) -> RuleInForce:
    """The :class:`RuleInForce` on ``issue`` (None: the dossier's own rule)."""
    sourced, origin, evidence = CONSENSUS, "default", ()
    block = dossier.meta.decision
    if block is not None:
        sourced, origin, evidence = block.as_rule(), "dossier", tuple(block.evidence)
    iss = dossier.issue_by_id.get(issue) if issue is not None else None
    if iss is not None and iss.decision is not None:
        sourced, origin, evidence = iss.decision.as_rule(), "issue", tuple(iss.decision.evidence)
    if dossier.rule_what_if:
        return RuleInForce(parse_rule(dossier.rule_what_if), "what-if", sourced, origin, evidence)
    return RuleInForce(sourced, origin, sourced, origin, evidence)  # type: ignore[arg-type]


def with_rule(dossier: Dossier, rule: Rule | str | None) -> Dossier:
    """A new dossier whose every issue is decided under ``rule`` (hypothetical); None
    gives the dossier without a hypothetical rule. Raises
    :class:`~negotiation.analysis.rule.RuleError` for a rule text that cannot be read."""
    text = None if rule is None else (rule if isinstance(rule, Rule) else parse_rule(rule)).text
    if text == dossier.rule_what_if:
        return dossier
    return replace(dossier, rule_what_if=text)


def rules_in_use(dossier: Dossier, issues: Sequence[str] | None = None) -> dict[str, list[str]]:
    """Rule text -> the issue ids decided under it (dossier order), for saying which rule
    a view computed under."""
    out: dict[str, list[str]] = {}
    for iss in dossier.issues:
        if issues is not None and iss.id not in issues:
            continue
        out.setdefault(rule_in_force(dossier, iss.id).rule.text, []).append(iss.id)
    return out


# --------------------------------------------------------------------------- weights


def counts(dossier: Dossier, side: str) -> bool:
    """Whether a side is counted in a decision: parties only (never mediators or
    observers)."""
    s = dossier.side_by_id.get(side)
    return s is not None and s.role == "party"


def side_weight(dossier: Dossier, side: str) -> Fraction:
    """A side's vote weight as an exact fraction (1 when the file gives none)."""
    s = dossier.side_by_id[side]
    return Fraction(1) if s.weight is None else as_fraction(s.weight)


def counted_members(dossier: Dossier, ref: str) -> tuple[str, ...]:
    """The sides a party reference stands for that count in a decision (a side itself,
    or a camp's members that are parties); kept on the dossier per reference."""
    memo = dossier.memo.setdefault("counted_members", {})
    found = memo.get(ref)  # type: ignore[union-attr]
    if found is None:
        members = resolve_party(dossier, ref).members
        found = memo[ref] = tuple(m for m in members if counts(dossier, m))  # type: ignore[index]
    return found  # type: ignore[return-value]


def party_weight(dossier: Dossier, ref: str) -> Fraction:
    """The vote weight of a party: a side's weight, or the sum of a camp's counted
    members' weights (0 for a mediator or observer); kept on the dossier per reference."""
    memo = dossier.memo.setdefault("party_weight", {})
    found = memo.get(ref)  # type: ignore[union-attr]
    if found is None:
        members = counted_members(dossier, ref)
        found = memo[ref] = sum((side_weight(dossier, m) for m in members), Fraction(0))  # type: ignore[index]
    return found  # type: ignore[return-value]


def defaulted_weights(dossier: Dossier, refs: Sequence[str]) -> tuple[str, ...]:
    """Side ids, among the counted members of ``refs``, whose weight is defaulted (no
    ``weight`` in their file), each once, in order."""
    seen: dict[str, None] = {}
    for ref in refs:
        for m in counted_members(dossier, ref):
            if dossier.side_by_id[m].weight is None:
                seen.setdefault(m, None)
    return tuple(seen)


def shared_members(dossier: Dossier, refs: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Side id -> the parties among ``refs`` that each stand for it, for sides stood for
    more than once (a side in two camps picked together is counted in both: say so)."""
    found: dict[str, list[str]] = {}
    for ref in refs:
        for m in counted_members(dossier, ref):
            found.setdefault(m, []).append(ref)
    return {m: tuple(r) for m, r in found.items() if len(r) > 1}


def has_weights(dossier: Dossier) -> bool:
    """Whether any side of the dossier gives a weight."""
    return any(s.weight is not None for s in dossier.sides)
