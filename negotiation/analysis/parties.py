"""Parties (a side id or ``camp:<id>``): listing, resolving and labelling them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from negotiation.analysis.basics import CAMP_PREFIX, UnknownPartyError
from negotiation.dossier import Dossier, Side

# =========================================================================== parties


@dataclass(frozen=True)
class Party:
    """A side or a camp that can be compared.

    ``ref`` is what analysis functions take (``"russia"`` or ``"camp:west"``);
    ``members`` are side ids (a side's members are itself).
    """

    ref: str
    label: str
    kind: Literal["side", "camp"]
    members: tuple[str, ...]
    short: str = ""


def parties(dossier: Dossier) -> list[Party]:
    """Every party of the dossier: the sides in order, then the camps in order."""
    out = [Party(s.id, s.name, "side", (s.id,), s.label) for s in dossier.sides]
    out += [
        Party(CAMP_PREFIX + c.id, c.name, "camp", tuple(dossier.camp_members(c.id)), c.name)
        for c in dossier.camps
    ]
    return out


def default_parties(dossier: Dossier) -> list[str]:
    """The sides a several-parties overlap (and its blockers) is computed over by
    default: every side whose ``role`` is 'party' (mediators and observers are drawn
    but left out), in dossier order. Every side when none is a party."""
    parties = [s.id for s in dossier.sides if s.role == "party"]
    return parties or [s.id for s in dossier.sides]


def non_parties(dossier: Dossier) -> list[Side]:
    """The mediators and observers of the dossier, in dossier order."""
    return [s for s in dossier.sides if s.role != "party"]


def resolve_party(dossier: Dossier, ref: str) -> Party:
    """The :class:`Party` for a reference; raises :class:`UnknownPartyError`."""
    if ref.startswith(CAMP_PREFIX):
        camp_id = ref[len(CAMP_PREFIX) :]
        camp = dossier.camp_by_id.get(camp_id)
        if camp is None:
            raise UnknownPartyError(f"unknown camp {camp_id!r} in party {ref!r}")
        return Party(ref, camp.name, "camp", tuple(dossier.camp_members(camp_id)), camp.name)
    side = dossier.side_by_id.get(ref)
    if side is None:
        raise UnknownPartyError(f"unknown party {ref!r}: not a side id nor 'camp:<id>'")
    return Party(side.id, side.name, "side", (side.id,), side.label)


def party_label(dossier: Dossier, ref: str) -> str:
    """Display name of a party; the reference itself when it does not resolve."""
    try:
        return resolve_party(dossier, ref).label
    except UnknownPartyError:
        return ref
