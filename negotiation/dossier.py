"""The loaded, validated dossier and the problems found while loading it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from negotiation.model import (
    Camp,
    Characterisation,
    Dimension,
    DossierFile,
    Event,
    Evidence,
    Frame,
    Issue,
    Position,
    SideFile,
    Source,
)

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located in its file.

    ``line`` and ``column`` are 1-based; 0 means the whole file.
    """

    file: str
    line: int
    column: int
    severity: Severity
    message: str
    code: str = "invalid"
    dossier: str | None = None

    def format(self) -> str:
        """Compiler-style line: ``path:line:col: error: message``."""
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "dossier": self.dossier,
        }


@dataclass(frozen=True)
class Side:
    """A side with its positions (the records of one sides/*.yaml file that validated)."""

    id: str
    name: str
    short: str | None
    camp: str | None
    description: str | None
    positions: tuple[Position, ...]
    file: str = ""
    role: str = "party"  # 'party', 'mediator' or 'observer'
    camps: tuple[str, ...] = ()
    """Every camp the side belongs to (``camp: a`` is ``("a",)``); ``camp`` is the first."""
    weight: float | None = None
    """The votes the side casts or the states it speaks for; None when not given."""
    weight_evidence: tuple[Evidence, ...] = ()

    def __post_init__(self) -> None:
        # ``camp`` and ``camps`` agree however the side was built: ``camp`` is the first
        # of ``camps``, and a side built with ``camp`` only is in that one camp.
        if self.camps:
            object.__setattr__(self, "camps", tuple(self.camps))
            if self.camp != self.camps[0]:
                object.__setattr__(self, "camp", self.camps[0])
        elif self.camp is not None:
            object.__setattr__(self, "camps", (self.camp,))

    @classmethod
    def from_file(cls, data: SideFile, positions: list[Position], file: str = "") -> Side:
        camps = data.all_camps
        return cls(
            id=data.id,
            name=data.name,
            short=data.short,
            camp=camps[0] if camps else None,
            description=data.description,
            positions=tuple(positions),
            file=file,
            role=data.role,
            camps=camps,
            weight=data.weight,
            weight_evidence=tuple(data.weight_evidence),
        )

    @property
    def vote_weight(self) -> float:
        """What the side counts when a body votes: its ``weight``, 1 when not given."""
        return self.weight if self.weight is not None else 1.0

    @property
    def weight_defaulted(self) -> bool:
        """True when the side gives no ``weight`` (it counts 1)."""
        return self.weight is None

    @property
    def is_party(self) -> bool:
        """False for a mediator or an observer (drawn, but not a party to the deal)."""
        return self.role == "party"

    @property
    def label(self) -> str:
        return self.short or self.name


@dataclass(frozen=True)
class CodedValue:
    """One coder's value for one characterisation (a point id or not-a-characterisation)."""

    characterisation: str
    value: str
    note: str | None = None


@dataclass(frozen=True)
class Coding:
    """An independent coding of a dossier's characterisations (one codings/*.yaml file),
    with only the entries that validated."""

    coder: str
    method: str
    name: str | None = None
    values: tuple[CodedValue, ...] = ()
    file: str = ""

    @property
    def label(self) -> str:
        return self.name or self.coder

    def value_of(self, characterisation: str) -> str | None:
        """The value this coder gave ``characterisation`` (None if not coded)."""
        return next((v.value for v in self.values if v.characterisation == characterisation), None)


@dataclass(frozen=True)
class Dossier:
    """Everything that loaded from one dossier folder; records with errors are left out."""

    id: str
    path: str
    meta: DossierFile
    issues: tuple[Issue, ...] = ()
    sides: tuple[Side, ...] = ()
    sources: tuple[Source, ...] = ()
    characterisations: tuple[Characterisation, ...] = ()
    problems: tuple[Problem, ...] = field(default=(), compare=False)
    codings: tuple[Coding, ...] = ()
    """Independent codings of the characterisations (codings/*.yaml), by coder id."""
    all_characterisations: tuple[Characterisation, ...] = ()
    """Every characterisation that loaded, in file order, the ones marked ``withdrawn:
    true`` included (``characterisations`` leaves those out); empty means the same as
    ``characterisations``. See :attr:`coding_units`."""
    what_if: tuple[str, ...] = ()
    """The what-if hypotheses this dossier was built under (``side:issue:from..to``, as
    canonical text); empty for a dossier as loaded. See :mod:`negotiation.whatif`."""
    hypothetical_ids: frozenset[str] = frozenset()
    """Ids of the hypothetical positions added by :func:`negotiation.whatif.apply_hypotheses`
    (never in the YAML); draw them differently."""
    rule_what_if: str | None = None
    """A hypothetical decision rule (``consensus``, ``majority``, ``qualified:0.667`` ...,
    see :mod:`negotiation.analysis.rule`) that every issue is decided under instead of the
    dossier's own; None for the rule the files give. Set by
    :func:`negotiation.analysis.with_rule`."""

    # -- convenient lookups -------------------------------------------------
    @property
    def coding_units(self) -> tuple[Characterisation, ...]:
        """What a coder codes: every characterisation in file order, withdrawn included."""
        return self.all_characterisations or self.characterisations

    @property
    def withdrawn(self) -> tuple[Characterisation, ...]:
        """Characterisations marked ``withdrawn: true`` (not a characterisation after all)."""
        return tuple(c for c in self.coding_units if c.withdrawn)

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def camps(self) -> tuple[Camp, ...]:
        return tuple(self.meta.camps)

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(sorted(self.meta.events, key=lambda e: (e.date, e.id)))

    @property
    def dimensions(self) -> tuple[Dimension, ...]:
        return tuple(self.meta.dimensions)

    @property
    def frames(self) -> tuple[Frame, ...]:
        return tuple(self.meta.frames)

    @cached_property
    def issue_by_id(self) -> dict[str, Issue]:
        return {i.id: i for i in self.issues}

    @cached_property
    def side_by_id(self) -> dict[str, Side]:
        return {s.id: s for s in self.sides}

    @cached_property
    def source_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def camp_by_id(self) -> dict[str, Camp]:
        return {c.id: c for c in self.meta.camps}

    @cached_property
    def dimension_by_id(self) -> dict[str, Dimension]:
        return {d.id: d for d in self.meta.dimensions}

    @cached_property
    def frame_by_id(self) -> dict[str, Frame]:
        return {f.id: f for f in self.meta.frames}

    @cached_property
    def position_index(
        self,
    ) -> dict[tuple[str, str], tuple[tuple[dt.date, ...], tuple[Position, ...]]]:
        """Positions per (side id, issue id), sorted by ``as_of`` (stable: on equal
        dates the later-written position comes last), with their dates for bisecting."""
        grouped: dict[tuple[str, str], list[Position]] = {}
        for side in self.sides:
            for pos in side.positions:
                grouped.setdefault((side.id, pos.issue), []).append(pos)
        out: dict[tuple[str, str], tuple[tuple[dt.date, ...], tuple[Position, ...]]] = {}
        for key, items in grouped.items():
            items.sort(key=lambda p: p.as_of)
            out[key] = (tuple(p.as_of for p in items), tuple(items))
        return out

    @cached_property
    def position_by_id(self) -> dict[str, Position]:
        return {p.id: p for s in self.sides for p in s.positions}

    @cached_property
    def memo(self) -> dict[object, object]:
        """Scratch space for derived, immutable results (e.g. positions in force per
        date); lives and dies with this dossier object."""
        return {}

    def camp_members(self, camp_id: str) -> list[str]:
        """Ids of the sides whose ``camps`` include ``camp_id`` (a side may be in several)."""
        return [s.id for s in self.sides if camp_id in s.camps]

    def positions(self) -> list[tuple[str, Position]]:
        """Every position as (side id, position)."""
        return [(s.id, p) for s in self.sides for p in s.positions]

    def dates(self) -> list[dt.date]:
        """Event dates and position dates, sorted, without repeats (a new list each
        call; worked out once per dossier)."""
        days = self.memo.get("dates")
        if days is None:
            found = {e.date for e in self.meta.events}
            found.update(p.as_of for s in self.sides for p in s.positions)
            days = self.memo["dates"] = tuple(sorted(found))
        return list(days)  # type: ignore[arg-type]


@dataclass
class LoadResult:
    """What ``load_positions`` returns: the dossiers that loaded and every problem found."""

    dossiers: dict[str, Dossier]
    problems: list[Problem]
    root: Path | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]
