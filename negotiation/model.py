"""The position format: pydantic models for every YAML file of a dossier.

Every field carries a description: the shipped JSON Schema is generated from
these models, and editors show the descriptions as hover help.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

if TYPE_CHECKING:
    from negotiation.analysis.rule import Rule

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=80),
    Field(description="A stable identifier: lowercase letters, digits and single hyphens."),
]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]

Stance = Literal["demand", "offer", "rejection", "red-line", "condition", "proposal", "statement"]
Priority = Literal["core", "high", "medium", "low"]
SourceKind = Literal["news", "analysis", "opinion", "think-tank", "official"]
Role = Literal["party", "mediator", "observer"]
DecisionRule = Literal["consensus", "majority", "qualified"]
Counted = Literal["weight", "sides"]
Basis = Literal["stated", "reported", "inferred"]

STANCES: tuple[str, ...] = Stance.__args__  # type: ignore[attr-defined]
PRIORITIES: tuple[str, ...] = Priority.__args__  # type: ignore[attr-defined]
PRIORITY_WEIGHTS: dict[str, int] = {"core": 4, "high": 3, "medium": 2, "low": 1}
"""Weight of each priority in the paths-to-agreement analysis."""
DEFAULT_PRIORITY = "medium"
"""The priority a position without one is counted at (its weight is *defaulted*)."""
SOURCE_KINDS: tuple[str, ...] = SourceKind.__args__  # type: ignore[attr-defined]
BASES: tuple[str, ...] = Basis.__args__  # type: ignore[attr-defined]
DEFAULT_BASIS = "reported"
"""The basis of a position that gives none: a source reports the stance."""


class Record(BaseModel):
    """Base of every record: unknown keys are errors, values are not coerced silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class GrownRecord(Record):
    """A record that gained optional fields after dossiers were written with it."""

    _dump_only_when_given: ClassVar[tuple[str, ...]] = ()
    """Fields added to the format later, left out of a dump while they are None, so a
    record written before they existed dumps (and exports) exactly as it did."""

    @model_serializer(mode="wrap")
    def _leave_out_new_fields_not_given(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            for name in self._dump_only_when_given:
                if getattr(self, name, None) is None:
                    data.pop(name, None)
        return data


# --------------------------------------------------------------------------- scales


class ScalePoint(Record):
    id: Id = Field(description="Identifier of this point, unique within its scale.")
    label: Text = Field(
        description="Short label shown on charts, e.g. 'Moratorium on enlargement'."
    )
    description: Text | None = Field(
        default=None, description="Optional longer explanation of what this outcome means."
    )


class DimensionPoint(ScalePoint):
    """A point of a characterisation dimension, with its codebook entry.

    The description is the point's definition; the other fields tell a coder how
    to apply it. All are optional so older dossiers stay valid; the validator
    warns when a point lacks a definition or a coding rule.
    """

    description: Text | None = Field(
        default=None,
        description=(
            "Codebook: the definition of this point, what a source placing the talks here says."
        ),
    )

    coding_rule: Text | None = Field(
        default=None,
        description=(
            "Codebook: what counts as this point, in words a coder can apply to one quote "
            "(e.g. 'the talks are said to be over, broken off or collapsed')."
        ),
    )
    not_this: Text | None = Field(
        default=None,
        description=(
            "Codebook: what does not count, and where the boundary with the neighbouring "
            "points lies (e.g. 'no result but talks continue: no-breakthrough')."
        ),
    )
    example: Text | None = Field(
        default=None,
        description=(
            "Codebook: one short example of a quote coded on this point, verbatim from a "
            "source (a sentence or less)."
        ),
    )


class Dimension(Record):
    """A characterisation dimension: an ordered scale sources are placed on."""

    id: Id = Field(description="Identifier of the dimension, e.g. 'outcome' or 'outlook'.")
    label: Text = Field(description="Name shown in the dashboard.")
    description: Text | None = Field(default=None, description="What this dimension measures.")
    scale: list[DimensionPoint] = Field(
        min_length=2,
        description=(
            "Ordered values from one end to the other (e.g. breakdown ... breakthrough), "
            "each with its codebook entry."
        ),
    )

    @field_validator("scale", mode="before")
    @classmethod
    def _plain_points(cls, value: object) -> object:
        """Accept plain ScalePoint objects (code written before the codebook fields)."""
        if isinstance(value, list | tuple):
            return [
                p.model_dump(exclude_unset=True)
                if isinstance(p, ScalePoint) and not isinstance(p, DimensionPoint)
                else p
                for p in value
            ]
        return value


# --------------------------------------------------------------------------- evidence


TRANSLATION_DESCRIPTION = (
    "The curator's English translation of the quote, when the source is in another "
    "language ('language' of the source); the quote itself stays in the original, verbatim."
)


class Evidence(GrownRecord):
    source: Id = Field(description="Id of the source quoted.")
    quote: Text = Field(
        description=(
            "Short verbatim excerpt (a sentence or less) of that source, in the "
            "source's own language."
        )
    )
    translation: Text | None = Field(default=None, description=TRANSLATION_DESCRIPTION)
    speaker: Text | None = Field(default=None, description="Who said it, if quoted.")
    paraphrase: bool = Field(
        default=False,
        description=(
            "true when the quote is the source's own paraphrase of the speaker, "
            "not the speaker's own words; shown as 'paraphrased by <outlet>'."
        ),
    )
    date: dt.date | None = Field(default=None, description="When it was said (YYYY-MM-DD).")

    _dump_only_when_given = ("translation",)


def _located(
    model: str, field: str | tuple[str | int, ...], value: object, message: str
) -> ValidationError:
    """A plain-language error located at ``field`` (a key, or a path of keys and list
    indices): the loader reports its line and column."""
    return ValidationError.from_exception_data(
        model,
        [
            InitErrorDetails(
                type=PydanticCustomError("value_error", message),
                loc=field if isinstance(field, tuple) else (field,),
                input=value,
            )
        ],
    )


def _plain_number(value: object, what: str) -> float:
    """``value`` as a finite number, or a plain-language ValueError (no bool, no text)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        shown = f"'{value}'" if isinstance(value, str) else repr(value)
        raise ValueError(f"{what} should be a number, not {shown}")
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"{what} should be a finite number, not {value}")
    return float(value)


# --------------------------------------------------------------------------- decision rules


class Decision(Record):
    """How a body decides: consensus (the default), majority or qualified majority."""

    rule: DecisionRule = Field(
        default="consensus",
        description=(
            "consensus (every party must accept; the default), majority (more than half "
            "of the weight of the parties placed on the issue) or qualified (at least "
            "'threshold' of it)."
        ),
    )
    threshold: float | None = Field(
        default=None,
        description=(
            "The share that must accept under a qualified majority, between 0.5 and 1 "
            "(e.g. 0.667 for two thirds, 0.55); required with rule: qualified, and only then."
        ),
    )
    counted: Counted = Field(
        default="weight",
        description=(
            "'weight' (default: each party counts its 'weight', 1 when not given) or "
            "'sides' (one side, one vote, whatever its weight)."
        ),
    )
    evidence: list[Evidence] = Field(
        min_length=1,
        description=(
            "One or more quotes (source, quote) showing where the rule comes from: "
            "the treaty, rules of procedure or report that says how the body decides."
        ),
    )

    @field_validator("threshold", mode="before")
    @classmethod
    def _threshold_share(cls, value: object) -> object:
        if value is None:
            return value
        from negotiation.analysis.rule import MAX_THRESHOLD, MIN_THRESHOLD

        share = _plain_number(value, "the 'threshold' of a qualified majority")
        if not float(MIN_THRESHOLD) <= share <= float(MAX_THRESHOLD):
            raise ValueError(
                f"the 'threshold' of a qualified majority is a share between 0.5 and 1 "
                f"(e.g. 0.667 for two thirds), not {value}"
            )
        return value

    @model_validator(mode="after")
    def _threshold_iff_qualified(self) -> Decision:
        """A qualified majority needs its threshold; no other rule takes one."""
        if self.rule == "qualified" and self.threshold is None:
            raise _located(
                type(self).__name__,
                "rule",
                self.rule,
                "a qualified majority needs a 'threshold': the share that must accept, "
                "between 0.5 and 1 (e.g. threshold: 0.667 for two thirds)",
            )
        if self.rule != "qualified" and self.threshold is not None:
            raise _located(
                type(self).__name__,
                "threshold",
                self.threshold,
                f"only a qualified majority has a 'threshold', not {self.rule}; remove "
                "the threshold, or write rule: qualified",
            )
        return self

    def as_rule(self) -> Rule:
        """This decision block as an :class:`negotiation.analysis.rule.Rule`."""
        from negotiation.analysis.rule import rule_from_fields

        return rule_from_fields(self.rule, self.threshold, self.counted)


# --------------------------------------------------------------------------- dossier.yaml


class Period(Record):
    start: dt.date = Field(description="First day the dossier covers (YYYY-MM-DD).")
    end: dt.date = Field(description="Last day the dossier covers (YYYY-MM-DD).")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        return self


class Camp(Record):
    id: Id = Field(
        description="Identifier of the camp, referenced by each side's 'camp' or 'camps'."
    )
    name: Text = Field(description="Name shown in the dashboard, e.g. 'The West'.")
    description: Text | None = Field(default=None, description="Who the camp is and why grouped.")


class Event(Record):
    id: Id = Field(description="Identifier of the event.")
    date: dt.date = Field(description="Day of the event (YYYY-MM-DD).")
    title: Text = Field(description="Short title, e.g. 'US-Russia Strategic Stability Dialogue'.")
    venue: Text | None = Field(default=None, description="Place or forum, e.g. 'Geneva'.")
    summary: Text | None = Field(
        default=None, description="One or two sentences in your own words."
    )
    sides: list[Id] = Field(
        default_factory=list, description="Ids of the sides taking part (optional)."
    )
    sources: list[Id] = Field(
        default_factory=list, description="Ids of sources that report the event (optional)."
    )


class Frame(Record):
    id: Id = Field(description="Identifier of the frame (metaphor), used in 'frames'.")
    label: Text = Field(description="Name shown in the dashboard, e.g. 'Hostage negotiation'.")
    description: Text | None = Field(default=None, description="What the metaphor suggests.")


class DossierFile(GrownRecord):
    """dossier.yaml: what the negotiation is and the vocabularies the other files use."""

    id: Id = Field(description="Identifier of the dossier, unique across 'positions/'.")
    title: Text = Field(description="Title shown in the dashboard.")
    summary: Text = Field(description="A paragraph in your own words on what is being negotiated.")
    period: Period = Field(description="The dates the dossier covers.")
    camps: list[Camp] = Field(
        default_factory=list, description="Groups of sides compared as blocs (optional)."
    )
    events: list[Event] = Field(
        default_factory=list, description="Dated steps of the negotiation: rounds, statements."
    )
    dimensions: list[Dimension] = Field(
        default_factory=list,
        description="Ordered scales on which sources characterise the talks (outcome, outlook...).",
    )
    frames: list[Frame] = Field(
        default_factory=list,
        description="Metaphors sources use (hostage negotiation, divorce...), tagged in 'frames'.",
    )
    decision: Decision | None = Field(
        default=None,
        description=(
            "How the body decides (rule, threshold, counted, evidence); leave out for "
            "consensus. An issue's own 'decision' overrides it."
        ),
    )

    _dump_only_when_given = ("decision",)


# --------------------------------------------------------------------------- issues.yaml


class Issue(GrownRecord):
    id: Id = Field(description="Identifier of the issue, referenced by positions.")
    title: Text = Field(description="Short title, e.g. 'NATO non-expansion'.")
    question: Text | None = Field(
        default=None, description="The question the issue answers, in your own words."
    )
    description: Text | None = Field(default=None, description="Background in your own words.")
    scale: list[ScalePoint] = Field(
        min_length=2,
        description="Ordered possible outcomes, from one end of the spectrum to the other.",
    )
    decision: Decision | None = Field(
        default=None,
        description=(
            "How this issue is decided, when it differs from the dossier's 'decision' "
            "(rule, threshold, counted, evidence); leave out otherwise."
        ),
    )

    _dump_only_when_given = ("decision",)


class IssuesFile(Record):
    """issues.yaml: the issues under negotiation."""

    issues: list[Issue] = Field(description="The issues, each with its ordered scale.")


# --------------------------------------------------------------------------- sources.yaml


LANGUAGE_PATTERN = (
    r"^[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
)
"""The shape of a BCP 47 language tag: language (2-3 letters, optional extended
subtags), optional script (4 letters), region (2 letters or 3 digits) and variants.
Only the shape is checked, not that the subtags are registered."""
DEFAULT_LANGUAGE = "en"
"""The language of a source that gives none."""


class Source(GrownRecord):
    id: Id = Field(description="Identifier of the source, referenced by evidence.")
    outlet: Text = Field(description="Publisher, e.g. 'The Moscow Times'.")
    title: Text = Field(description="Title of the article or document.")
    authors: list[Text] = Field(default_factory=list, description="Author name(s), if given.")
    date: dt.date = Field(description="Publication date (YYYY-MM-DD).")
    url: str | None = Field(
        default=None, description="Web address of the source; http or https only."
    )
    kind: SourceKind = Field(description="news, analysis, opinion, think-tank or official.")
    language: str | None = Field(
        default=None,
        description=(
            "The language the source is written in, as a BCP 47 tag: 'fr', 'ru', 'ar', "
            "'zh-Hans', 'pt-BR'. Leave out for English ('en'). Quotes from it stay in "
            "this language, with an optional 'translation'."
        ),
        json_schema_extra={"pattern": LANGUAGE_PATTERN},
    )

    @field_validator("language", mode="before")
    @classmethod
    def _language_tag(cls, value: object) -> object:
        if value is None:
            return value
        if not isinstance(value, str) or not re.match(LANGUAGE_PATTERN, value.strip()):
            shown = f"'{value}'" if isinstance(value, str) else repr(value)
            raise ValueError(
                f"the 'language' of a source is a BCP 47 language tag such as 'fr', 'ru', "
                f"'ar', 'zh-Hans' or 'pt-BR', not {shown}"
            )
        return value.strip()

    @property
    def lang(self) -> str:
        """The source's language tag: 'en' when it gives none."""
        return self.language or DEFAULT_LANGUAGE

    date_inferred: bool | None = Field(
        default=None,
        description=(
            "true when the date is not printed in the source but inferred (from its text, "
            "its address, an archive...): say from what in 'notes'. Shown as "
            "'(date inferred)' wherever the source is cited."
        ),
    )
    title_inferred: bool | None = Field(
        default=None,
        description=(
            "true when the title is not printed in the source but given by the curator "
            "(e.g. a statement without a headline): say from what in 'notes'. Shown as "
            "'(title inferred)' wherever the source is cited."
        ),
    )
    notes: Text | None = Field(
        default=None,
        description=(
            "Curator's notes on the source; when its date or title is inferred, say from "
            "what (the validator warns otherwise)."
        ),
    )

    _dump_only_when_given = ("language", "date_inferred", "title_inferred", "notes")

    @property
    def inferred(self) -> tuple[str, ...]:
        """The fields marked as inferred, of ('title', 'date')."""
        return tuple(
            name for name in ("title", "date") if getattr(self, f"{name}_inferred") is True
        )


class AboutRef(GrownRecord):
    """What a characterisation is about, when it is not the talks as a whole."""

    issue: Id | None = Field(default=None, description="Id of an issue.")
    side: Id | None = Field(default=None, description="Id of a side.")
    event: Id | None = Field(default=None, description="Id of an event.")
    camp: Id | None = Field(default=None, description="Id of a camp (dossier.yaml).")

    _dump_only_when_given = ("camp",)

    @model_validator(mode="after")
    def _exactly_one(self) -> AboutRef:
        given = [k for k in ABOUT_KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("'about' names exactly one of issue, side, event or camp")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in ABOUT_KINDS if getattr(self, k) is not None)

    @property
    def ref(self) -> str:
        return str(getattr(self, self.kind))


ABOUT_KINDS: tuple[str, ...] = ("issue", "side", "event", "camp")
"""What a characterisation can be about besides the talks as a whole."""


class Characterisation(GrownRecord):
    id: Id = Field(description="Identifier of the characterisation.")
    source: Id = Field(description="Id of the source that carries it.")
    about: Literal["talks"] | AboutRef = Field(
        default="talks",
        description="'talks' for the negotiation as a whole, or {issue|side|event|camp: id}.",
    )
    dimension: Id = Field(description="Id of a dimension defined in dossier.yaml.")
    value: Id = Field(description="Id of a point on that dimension's scale.")
    quote: Text = Field(
        description=(
            "Short verbatim excerpt (a sentence or less) from the source, in the "
            "source's own language."
        )
    )
    translation: Text | None = Field(default=None, description=TRANSLATION_DESCRIPTION)
    voice: Text | None = Field(
        default=None,
        description="The expert or official quoted; leave out for the source's own voice.",
    )
    voice_role: Text | None = Field(
        default=None, description="Who the voice is, e.g. 'head of RIAC'."
    )
    paraphrase: bool = Field(
        default=False,
        description=(
            "true when the quote is the source's own paraphrase of the voice, "
            "not the voice's own words; shown as 'paraphrased by <outlet>'."
        ),
    )
    date: dt.date | None = Field(
        default=None, description="When it was said, if not the source's date."
    )
    frames: list[Id] = Field(
        default_factory=list, description="Ids of frames (metaphors) the quote uses."
    )
    notes: Text | None = Field(default=None, description="Curator's notes.")
    withdrawn: bool = Field(
        default=False,
        description=(
            "true when reconciling the codings found the quote is not a characterisation "
            "at all (say why in 'notes'): kept so independent codings (codings/*.yaml) "
            "still refer to it, counted as 'not-a-characterisation' in the main coding, "
            "and left out of every chart and table."
        ),
    )
    reconciled_from: Id | None = Field(
        default=None,
        description=(
            "When reconciling the codings changed 'value': the point of the same "
            "dimension it had before (the main coding as it was when the codings were "
            "compared), so that alpha before reconciliation can be computed from the "
            "files alone. Must differ from 'value'."
        ),
    )

    _dump_only_when_given = ("translation", "reconciled_from")


class SourcesFile(Record):
    """sources.yaml: the sources and how each characterises the talks."""

    sources: list[Source] = Field(description="Articles, statements and documents quoted.")
    characterisations: list[Characterisation] = Field(
        default_factory=list, description="How sources and their voices characterise the talks."
    )


# --------------------------------------------------------------------------- sides/*.yaml


class Range(Record):
    from_: Id = Field(alias="from", description="Scale point at one end of the accepted range.")
    to: Id = Field(description="Scale point at the other end (later on the scale than 'from').")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _custom_error(model: str, field: tuple[str | int, ...], value: object, message: str):
    return ValidationError.from_exception_data(
        model,
        [
            InitErrorDetails(
                type=PydanticCustomError("value_error", message), loc=field, input=value
            )
        ],
    )


def _ends(value: str | Range | None) -> tuple[str, str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return (value, value)
    return (value.from_, value.to)


ACCEPTS_DESCRIPTION = (
    "Scale points the side would accept: a single point id or {from, to}. "
    "Leave out when the sources do not say."
)
REJECTS_DESCRIPTION = (
    "Scale points the side has ruled out: a single point id or {from, to}. It must touch "
    "one end of the scale or border 'accepts', and never overlap it. Given without "
    "'accepts', the position is bounded: the side accepts something in the rest of the "
    "scale, but the sources do not say what."
)


class Reading(GrownRecord):
    """One of two or more readings of a contested position (sources disagree)."""

    label: Text = Field(
        description="Short name of the reading, e.g. 'NGO reading' or 'White House reading'."
    )
    accepts: Id | Range | None = Field(default=None, description=ACCEPTS_DESCRIPTION)
    ideal: Id | None = Field(
        default=None, description="Scale point the side would most like, on this reading."
    )
    rejects: Id | Range | None = Field(default=None, description=REJECTS_DESCRIPTION)
    evidence: list[Evidence] = Field(
        min_length=1, description="One or more quotes supporting this reading."
    )
    notes: Text | None = Field(default=None, description="Curator's notes on this reading.")

    @model_validator(mode="after")
    def _placed_or_bounded(self) -> Reading:
        if self.accepts is None and self.rejects is None:
            raise _custom_error(
                type(self).__name__,
                ("label",),
                self.label,
                f"reading '{self.label}' gives neither 'accepts' nor 'rejects': a reading "
                "says where the side stands, so give one (or both)",
            )
        return self

    @property
    def accepts_range(self) -> tuple[str, str] | None:
        return _ends(self.accepts)

    @property
    def rejects_range(self) -> tuple[str, str] | None:
        return _ends(self.rejects)


def _position_schema_rules(schema: dict[str, Any]) -> None:
    """Rules across fields, for editors: evidence (or readings) required, readings
    instead of accepts/ideal/rejects (the loader checks the rest)."""
    schema["anyOf"] = [
        {"required": ["readings"]},
        {"required": ["evidence"]},
    ]
    schema["not"] = {
        "anyOf": [{"required": ["readings", f]} for f in ("accepts", "ideal", "rejects")]
    }


class Position(GrownRecord):
    model_config = ConfigDict(json_schema_extra=_position_schema_rules)

    id: Id = Field(description="Identifier of the position, unique within the dossier.")
    issue: Id = Field(description="Id of the issue (issues.yaml).")
    as_of: dt.date = Field(description="Date from which this position holds (YYYY-MM-DD).")
    stance: Stance = Field(
        description="demand, offer, rejection, red-line, condition, proposal or statement."
    )
    ideal: Id | None = Field(
        default=None, description="Scale point the side would most like (optional)."
    )
    accepts: Id | Range | None = Field(default=None, description=ACCEPTS_DESCRIPTION)
    rejects: Id | Range | None = Field(default=None, description=REJECTS_DESCRIPTION)
    readings: list[Reading] | None = Field(
        default=None,
        min_length=2,
        description=(
            "Two or more readings of where the side stands, when sources disagree: each "
            "with its own label, accepts/rejects, optional ideal and evidence. Given "
            "instead of accepts, ideal and rejects; every comparison is then made under "
            "each reading."
        ),
    )
    basis: Basis | None = Field(
        default=None,
        description=(
            "What the placement rests on: 'stated' (the side's own words), 'reported' (a "
            "source reports the stance; the default) or 'inferred' (the curator's reading "
            "of indirect evidence; 'notes' must say why)."
        ),
    )
    summary: Text = Field(description="One sentence in your own words.")
    evidence: list[Evidence] = Field(
        default_factory=list,
        min_length=1,
        description=(
            "One or more quotes supporting the position (optional when 'readings' carry their own)."
        ),
    )
    conditions: list[Text] = Field(
        default_factory=list, description="Conditions the side attaches (optional)."
    )
    notes: Text | None = Field(default=None, description="Curator's notes.")
    priority: Priority | None = Field(
        default=None,
        description=(
            "How much the side cares about this issue relative to its other issues: core, "
            "high, medium or low (weights 4/3/2/1). Only where a source says so, with "
            "'priority_evidence'; leave out otherwise (counted as medium, 'defaulted')."
        ),
    )
    priority_evidence: list[Evidence] = Field(
        default_factory=list,
        min_length=1,
        description=(
            "One or more quotes showing how much the side cares about the issue; "
            "required when 'priority' is given."
        ),
    )

    _dump_only_when_given = ("rejects", "readings", "basis")

    @model_validator(mode="after")
    def _priority_backed(self) -> Position:
        """A priority needs its own evidence (and evidence for a priority needs one).

        Raised as a located error on the offending field, so the loader reports the
        line and column of ``priority`` (or ``priority_evidence``).
        """
        if self.priority is not None and not self.priority_evidence:
            field, value = "priority", self.priority
            message = (
                f"position '{self.id}' gives priority '{self.priority}' without "
                "'priority_evidence'; add one or more quotes (source, quote) that show how "
                "much the side cares, or leave the priority out"
            )
        elif self.priority is None and self.priority_evidence:
            field, value = "priority_evidence", "..."
            message = (
                f"position '{self.id}' has 'priority_evidence' but no 'priority'; add "
                f"priority: {' | '.join(PRIORITIES)}, or remove the evidence"
            )
        else:
            return self
        raise _custom_error(type(self).__name__, (field,), value, message)

    @model_validator(mode="after")
    def _readings_evidence_basis(self) -> Position:
        """Readings replace accepts/ideal/rejects; evidence is needed somewhere; an
        inferred basis says why."""
        name = type(self).__name__
        if self.readings is not None:
            given = [f for f in ("accepts", "ideal", "rejects") if getattr(self, f) is not None]
            if given:
                raise _custom_error(
                    name,
                    (given[0],),
                    getattr(self, given[0]),
                    f"position '{self.id}' gives both 'readings' and '{given[0]}': with "
                    "readings, put accepts, ideal and rejects inside each reading",
                )
        elif not self.evidence:
            raise _custom_error(
                name,
                ("evidence",),
                [],
                f"position '{self.id}' has no evidence: add one or more quotes "
                "(source, quote), or give 'readings' with their own evidence",
            )
        if self.basis == "inferred" and self.notes is None:
            raise _custom_error(
                name,
                ("basis",),
                self.basis,
                f"position '{self.id}' is 'inferred' but has no 'notes': say in notes what "
                "the placement is inferred from and why",
            )
        return self

    @property
    def weight(self) -> int:
        """The priority's weight (4/3/2/1); 2 (medium) when no priority is given."""
        return PRIORITY_WEIGHTS[self.priority or DEFAULT_PRIORITY]

    @property
    def accepts_range(self) -> tuple[str, str] | None:
        return _ends(self.accepts)

    @property
    def rejects_range(self) -> tuple[str, str] | None:
        return _ends(self.rejects)

    @property
    def contested(self) -> bool:
        """True when the position gives two or more readings."""
        return self.readings is not None

    @property
    def basis_or_default(self) -> str:
        return self.basis or DEFAULT_BASIS

    def quotes(self) -> list[tuple[tuple[str | int, ...], Evidence]]:
        """Every quote of the position with its path in the YAML: evidence,
        priority_evidence and each reading's evidence."""
        out: list[tuple[tuple[str | int, ...], Evidence]] = [
            (("evidence", i), ev) for i, ev in enumerate(self.evidence)
        ]
        out += [(("priority_evidence", i), ev) for i, ev in enumerate(self.priority_evidence)]
        for r, reading in enumerate(self.readings or ()):
            out += [(("readings", r, "evidence", i), ev) for i, ev in enumerate(reading.evidence)]
        return out

    def as_reading(self, index: int) -> Position:
        """The position as its ``index``-th reading says: a plain (uncontested) position
        with the reading's accepts, ideal and rejects, and evidence of both."""
        assert self.readings is not None
        reading = self.readings[index]
        out = self.model_copy(
            update={
                "accepts": reading.accepts,
                "ideal": reading.ideal,
                "rejects": reading.rejects,
                "readings": None,
                "evidence": [*self.evidence, *reading.evidence],
            }
        )
        out._reading_label = reading.label
        return out

    _reading_label: str | None = None

    @property
    def reading_label(self) -> str | None:
        """The label of the reading this position was made from (:meth:`as_reading`)."""
        return self._reading_label


class SideFile(Record):
    """sides/<side>.yaml: one side of the negotiation and its positions."""

    id: Id = Field(description="Identifier of the side, e.g. 'russia'.")
    name: Text = Field(description="Name shown in the dashboard.")
    short: Text | None = Field(default=None, description="Short label for narrow charts.")
    camp: Id | None = Field(
        default=None,
        description=(
            "Id of the camp (dossier.yaml) it belongs to; shorthand for a one-item "
            "'camps'. Give 'camp' or 'camps', not both."
        ),
    )
    camps: list[Id] = Field(
        default_factory=list,
        min_length=1,
        description=(
            "Ids of the camps (dossier.yaml) it belongs to, when it belongs to several "
            "(overlapping coalitions), each once; the first one gives its colour."
        ),
    )
    role: Role = Field(
        default="party",
        description=(
            "'party' (default), 'mediator' (chairs or brokers the talks) or 'observer' "
            "(attends without being a party). Mediators and observers are drawn but "
            "left out of the several-parties overlap and its blockers by default."
        ),
    )
    weight: float | None = Field(
        default=None,
        description=(
            "How much the side counts when the body votes: the votes it casts, or the "
            "number of states it speaks for (a number above 0). Only where a source says "
            "so, with 'weight_evidence'; leave out otherwise (counted as 1, 'defaulted'). "
            "Not a priority: weights and priorities are never multiplied."
        ),
    )
    weight_evidence: list[Evidence] = Field(
        default_factory=list,
        min_length=1,
        description=(
            "One or more quotes showing how many votes the side casts or how many "
            "states it speaks for; required when 'weight' is given."
        ),
    )
    description: Text | None = Field(default=None, description="Who the side is.")
    positions: list[Position] = Field(
        default_factory=list, description="The side's positions, each dated."
    )

    @field_validator("weight", mode="before")
    @classmethod
    def _positive_weight(cls, value: object, info: ValidationInfo) -> object:
        if value is None:
            return value
        who = f"side '{info.data['id']}'" if info.data.get("id") else "the side"
        weight = _plain_number(value, f"the 'weight' of {who}")
        if weight <= 0:
            raise ValueError(
                f"the 'weight' of {who} is {value}, but a weight is the votes a side casts "
                "or the number of states it speaks for: more than 0; leave the weight out "
                "for 1"
            )
        return value

    @model_validator(mode="after")
    def _weight_backed_one_camp_field(self) -> SideFile:
        """A weight needs its own evidence (and evidence for a weight needs one); 'camp'
        and 'camps' are not both given. Located at the offending field, like
        :meth:`Position._priority_backed`."""
        if self.camp is not None and "camps" in self.model_fields_set:
            raise _located(
                type(self).__name__,
                "camps",
                self.camps,
                f"side '{self.id}' gives both 'camp' and 'camps'; write every camp in "
                f"'camps' (camps: [{', '.join([self.camp, *self.camps])}]) and remove 'camp'",
            )
        for i, camp in enumerate(self.camps):
            if camp in self.camps[:i]:
                raise _located(
                    type(self).__name__,
                    ("camps", i),
                    camp,
                    f"camp '{camp}' is listed twice in the 'camps' of side '{self.id}'; "
                    "list each camp once",
                )
        if self.weight is not None and not self.weight_evidence:
            raise _located(
                type(self).__name__,
                "weight",
                self.weight,
                f"side '{self.id}' gives weight {_number_text(self.weight)} without "
                "'weight_evidence'; add one or more quotes (source, quote) that show how "
                "many votes or states it speaks for, or leave the weight out",
            )
        if self.weight is None and self.weight_evidence:
            raise _located(
                type(self).__name__,
                "weight_evidence",
                "...",
                f"side '{self.id}' has 'weight_evidence' but no 'weight'; add weight: "
                "<the votes it casts or the states it speaks for>, or remove the evidence",
            )
        return self

    @property
    def all_camps(self) -> tuple[str, ...]:
        """The camps the side belongs to: 'camps' as given, or ('camp',), or ()."""
        if self.camps:
            return tuple(self.camps)
        return (self.camp,) if self.camp is not None else ()


def _number_text(value: float) -> str:
    """27.0 -> '27', 0.5 -> '0.5'."""
    return str(int(value)) if float(value).is_integer() else str(value)


# --------------------------------------------------------------------------- codings/*.yaml

NOT_A_CHARACTERISATION = "not-a-characterisation"
"""The value a coder gives a quote that is not a characterisation at all."""
MAIN_CODER = "main"
"""Coder id of the main coding (the values in sources.yaml); no codings file may use it."""


class CodingEntry(Record):
    """One coder's verdict on one characterisation."""

    value: Id = Field(
        description=(
            "A point of the characterisation's dimension, or 'not-a-characterisation' when "
            "the quote is no verdict on that dimension at all (docs/format.md)."
        )
    )
    note: Text | None = Field(
        default=None, description="The coder's reason, doubt or remark (optional)."
    )


class CodingFile(Record):
    """codings/<coder>.yaml: an independent coding of the dossier's characterisations."""

    coder: Id = Field(description="Identifier of the coder; the file is named '<coder>.yaml'.")
    name: Text | None = Field(
        default=None, description="Name of the coder shown in reports (optional)."
    )
    method: Text = Field(
        description=(
            "How the coding was made: from what material (e.g. the blind coding sheet of "
            "scripts/coding_units.py --mask-ids), without seeing which values."
        )
    )
    codings: dict[Id, CodingEntry] = Field(
        description=(
            "For each characterisation id (sources.yaml), the value this coder assigned. "
            "Characterisations left out count as not coded by this coder."
        )
    )


FILE_MODELS: dict[str, type[Record]] = {
    "dossier": DossierFile,
    "issues": IssuesFile,
    "sources": SourcesFile,
    "side": SideFile,
    "coding": CodingFile,
}
