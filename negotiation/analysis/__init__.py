"""Analysis of a dossier: positions as of a date, gaps, overlaps, blockers, camps,
movement, how sources characterise the talks (and how reliably they are coded), and data
coverage.

Everything here is a pure function of a :class:`~negotiation.dossier.Dossier` (no
streamlit, no I/O). Results are pandas frames or small frozen dataclasses.

Conventions used throughout
---------------------------
* **Scale index**: a scale point's position in its issue's (or dimension's) ``scale``
  list, 0-based. ``scale_len`` is the number of points.
* **Interval**: ``(lo, hi)`` scale indices with ``lo <= hi``, both ends included.
  A position's accepted interval comes from ``Position.accepts_range``; a position
  without ``accepts`` has no interval and is *not placed* (never guessed).
* **Party**: a side id (``"russia"``) or a camp reference ``"camp:<camp id>"``.
  A camp's members are the sides whose ``camp`` is that id. A camp's range is the
  intersection of its placed members' ranges; when that is empty the camp is *split*.
* **Dates**: functions take ``date`` as a :class:`datetime.date` (a ``datetime``,
  ``pandas.Timestamp`` or ISO string is accepted too); ``None`` means "latest".
  The position in force for a (side, issue) at a date is the one with the greatest
  ``as_of <= date``; on equal ``as_of`` the later one in the side's file wins.
  Date *columns* in the returned frames are ``datetime64[ns]`` (midnight, naive).
* **Index columns** (``lo``, ``hi``, ``ideal_index`` ...) are nullable ``Int64``:
  ``<NA>`` means not placed. Tuple-valued columns (``members``, ``blockers`` ...)
  hold plain Python tuples of ids. Text columns use pandas' default string dtype,
  so a missing text (no camp, no voice role ...) is NaN: test with ``pd.isna``.
* Unknown party references raise :class:`UnknownPartyError` (a ``ValueError``);
  check them against :func:`parties` first.
* Rows follow the dossier's order: issues as in ``issues.yaml``, sides in the
  dossier's side order, camps as in ``dossier.yaml``.

The package is split by concern (see docs/architecture.md); every public name is
re-exported here, so callers import ``negotiation.analysis`` only.
"""

from negotiation.analysis.as_of import NOTHING_YET, in_force, last_change
from negotiation.analysis.basics import (
    CAMP_PREFIX,
    NONE_CELL,
    DateLike,
    Interval,
    UnknownPartyError,
    ideal_index,
    is_bounded,
    open_interval,
    position_interval,
    rejects_interval,
)
from negotiation.analysis.camps import CAMP_COLUMNS, camp_table
from negotiation.analysis.certainty import (
    certainty_sentences,
    combine_texts,
    how_sure,
    issue_how_sure,
    pair_how_sure,
    party_how_sure,
    position_how_sure,
    reading_history,
    uncertain_gap_counts,
    uncertain_gaps_text,
)
from negotiation.analysis.comparison import (
    GAP_COLUMNS,
    OVERLAP_COLUMNS,
    blocker_sets_text,
    gap_table,
    overlap_table,
)
from negotiation.analysis.counting import (
    RuleInForce,
    counted_members,
    defaulted_weights,
    has_weights,
    party_weight,
    rule_in_force,
    rules_in_use,
    shared_members,
    side_weight,
    with_rule,
)
from negotiation.analysis.decision import (
    Decision,
    Holdouts,
    RuleMeeting,
    decide,
    rule_meeting,
)
from negotiation.analysis.decision_words import (
    bounded_party_text,
    decision_sentence,
    is_plain,
    ruled_out_text,
    steps_text,
    weight_text,
)
from negotiation.analysis.movement import (
    MOVEMENT_COLUMNS,
    PathStep,
    describe_path,
    movement_table,
    path_of,
    range_path,
)
from negotiation.analysis.overview import (
    coverage_table,
    headline_counts,
    overview_matrix,
    unplaced_positions,
)
from negotiation.analysis.parties import (
    Party,
    default_parties,
    non_parties,
    parties,
    party_label,
    resolve_party,
)
from negotiation.analysis.positions import (
    EVENT_COLUMNS,
    EVIDENCE_COLUMNS,
    POSITION_COLUMNS,
    events_frame,
    evidence_frame,
    positions_as_of,
    positions_frame,
    readings_frame,
    scale_frame,
)
from negotiation.analysis.ranges import (
    Comparison,
    PartyRange,
    all_minimal_blocker_sets,
    blockers,
    compare,
    compare_parties,
    gap_at_least,
    intersect,
    normalised_gap,
    party_range,
)
from negotiation.analysis.reliability import (
    AGREEMENT_TABLE_COLUMNS,
    READINGS,
    DimensionAgreement,
    Disagreement,
    Reliability,
    agreement_rows,
    disagreement_rows,
    ordinal_alpha,
    reconciliation_sentence,
    reliability,
)
from negotiation.analysis.rule import CONSENSUS, Rule, RuleError, parse_rule
from negotiation.analysis.sources import (
    AGREEMENT_COLUMNS,
    CHARACTERISATION_COLUMNS,
    FRAMES_COLUMNS,
    MIN_AGREEMENT_SOURCES,
    TALKS_LABEL,
    agreement_index,
    agreement_table,
    characterisation_counts,
    characterisation_cutoff,
    characterisation_date,
    characterisation_state,
    characterisations_frame,
    frames_table,
    verdicts_note,
)

__all__ = [  # noqa: RUF022 (grouped: the rule and counting names come first)
    "CONSENSUS",
    "Rule",
    "RuleError",
    "RuleInForce",
    "counted_members",
    "decision_sentence",
    "bounded_party_text",
    "ruled_out_text",
    "steps_text",
    "is_plain",
    "defaulted_weights",
    "has_weights",
    "parse_rule",
    "party_weight",
    "rule_in_force",
    "rules_in_use",
    "shared_members",
    "side_weight",
    "weight_text",
    "with_rule",
    "combine_texts",
    "certainty_sentences",
    "is_bounded",
    "open_interval",
    "rejects_interval",
    "how_sure",
    "issue_how_sure",
    "pair_how_sure",
    "party_how_sure",
    "position_how_sure",
    "reading_history",
    "uncertain_gap_counts",
    "uncertain_gaps_text",
    "AGREEMENT_COLUMNS",
    "AGREEMENT_TABLE_COLUMNS",
    "CAMP_COLUMNS",
    "CAMP_PREFIX",
    "CHARACTERISATION_COLUMNS",
    "EVENT_COLUMNS",
    "EVIDENCE_COLUMNS",
    "FRAMES_COLUMNS",
    "GAP_COLUMNS",
    "MIN_AGREEMENT_SOURCES",
    "MOVEMENT_COLUMNS",
    "NONE_CELL",
    "NOTHING_YET",
    "OVERLAP_COLUMNS",
    "POSITION_COLUMNS",
    "READINGS",
    "TALKS_LABEL",
    "Comparison",
    "DateLike",
    "Decision",
    "DimensionAgreement",
    "Disagreement",
    "Holdouts",
    "Interval",
    "Party",
    "PartyRange",
    "PathStep",
    "Reliability",
    "RuleMeeting",
    "UnknownPartyError",
    "agreement_index",
    "agreement_rows",
    "agreement_table",
    "all_minimal_blocker_sets",
    "blocker_sets_text",
    "blockers",
    "camp_table",
    "characterisation_counts",
    "characterisation_cutoff",
    "characterisation_date",
    "characterisation_state",
    "verdicts_note",
    "characterisations_frame",
    "compare",
    "compare_parties",
    "gap_at_least",
    "coverage_table",
    "decide",
    "default_parties",
    "describe_path",
    "disagreement_rows",
    "events_frame",
    "evidence_frame",
    "frames_table",
    "gap_table",
    "headline_counts",
    "ideal_index",
    "in_force",
    "intersect",
    "last_change",
    "movement_table",
    "non_parties",
    "normalised_gap",
    "ordinal_alpha",
    "overlap_table",
    "overview_matrix",
    "parties",
    "party_label",
    "party_range",
    "path_of",
    "position_interval",
    "positions_as_of",
    "positions_frame",
    "readings_frame",
    "range_path",
    "reconciliation_sentence",
    "reliability",
    "resolve_party",
    "rule_meeting",
    "scale_frame",
    "unplaced_positions",
]
