"""Paths to agreement: concessions, meeting points, red lines, trades and weights.

Pure functions of a :class:`~negotiation.dossier.Dossier` (no streamlit, no I/O),
built on the public names of :mod:`negotiation.analysis`; the conventions there
(scale indices, intervals, parties ``side`` / ``camp:<id>``, dates) hold here too.
Every table function takes ``hypotheses`` (see :mod:`negotiation.whatif`) and then
computes on the dossier under them. Frames follow the conventions of
:mod:`negotiation.analysis`: index columns are nullable ``Int64``, tuple and dict cells
are plain Python objects, and a missing text may be NaN (test with ``pd.isna``).

Definitions
-----------
* **Weight** of a party on an issue: its in-force position's ``priority``
  (core 4, high 3, medium 2, low 1). Without a priority the weight is 2 and counted
  as **defaulted**. A camp weighs what its most concerned member weighs: the highest
  weight among the members with a position in force on the issue (a member without a
  priority counting 2); the camp's weight is defaulted unless a member that reaches
  that highest weight gives its priority explicitly.
* **Concession** of a party with range ``[lo, hi]`` to reach scale point ``x``:
  ``max(0, lo − x, x − hi)`` steps (:func:`concession`). A camp reaches ``x`` when
  all its placed members do, so it moves as far as its furthest member:
  ``max(0, L − x, x − H)`` with ``L`` the highest member ``lo`` and ``H`` the
  lowest member ``hi`` — the camp's own range when it is not split, and still right
  (``L > H``) when it is.
* **Meeting points** of an issue and a set of parties: every ``x`` minimising
  ``Σ w_i · concession_i(x)`` (a weighted median; :func:`meeting_points`). Only
  placed parties take part. Among the ties the **representative point** (the one
  whose steps a table row shows) crosses the fewest red lines, then needs the fewest
  (unweighted) steps in all, then asks the least of the party that moves most (the
  burden is shared), then comes first on the scale.
* **Red line crossed**: a side whose in-force position has stance ``red-line`` and
  that would have to move (> 0 steps); for a camp, the members that would.
* **Trade** between parties A and B over issues i and j on which they have a gap:
  B moves to A's nearest end on i while A moves to B's nearest end on j. It is
  **efficient** when ``w_A(j) < w_A(i)`` and ``w_B(i) < w_B(j)`` (each gives up what
  it cares less about). Trades are ranked efficient first, then by the weighted steps
  given up (``w_A(j)·steps_A + w_B(i)·steps_B``), then by the larger of the two.
* **Sensitivity** (:mod:`.sensitivity`): each meeting point and trade recomputed with
  every priority defaulted and without each ``basis: inferred`` placement in force;
  what changes is said in words ("with equal priorities the meeting point would be X",
  "rests on 1 inferred range: ...").
* **Widest gap weighted by priority** between two parties: the gap with the most
  ``steps × max(w_A, w_B)`` (the higher of the two weights; :mod:`.widest`).
"""

from __future__ import annotations

from negotiation.model import PRIORITY_WEIGHTS
from negotiation.paths.concessions import (
    CONCESSION_COLUMNS,
    IssuePaths,
    concessions_table,
    issue_paths,
)
from negotiation.paths.evidence import (
    WEIGHT_COLUMNS,
    overlap_blocker_sets,
    priority_evidence_frame,
    weights_table,
)
from negotiation.paths.meeting import (
    DEFAULT_WEIGHT,
    Meeting,
    MemberStand,
    Stand,
    Weight,
    concession,
    meeting,
    meeting_points,
    party_weight,
    stands,
    weighted_concession,
)
from negotiation.paths.sensitivity import (
    MeetingSensitivity,
    TradeSensitivity,
    meeting_sensitivity,
    meeting_sentences,
    trade_sensitivity,
    trade_sentences,
    trades_under_readings,
    with_equal_priorities,
    without_position,
)
from negotiation.paths.trades import (
    TRADE_COLUMNS,
    TradeOption,
    trade_options,
    trades_table,
)
from negotiation.paths.widest import (
    WeightedGap,
    weighted_gap_steps,
    weighted_widest_gap,
    widest_weighted,
)

__all__ = [
    "CONCESSION_COLUMNS",
    "DEFAULT_WEIGHT",
    "PRIORITY_WEIGHTS",
    "TRADE_COLUMNS",
    "WEIGHT_COLUMNS",
    "IssuePaths",
    "Meeting",
    "MeetingSensitivity",
    "MemberStand",
    "Stand",
    "TradeOption",
    "TradeSensitivity",
    "Weight",
    "WeightedGap",
    "concession",
    "concessions_table",
    "issue_paths",
    "meeting",
    "meeting_points",
    "meeting_sensitivity",
    "meeting_sentences",
    "overlap_blocker_sets",
    "party_weight",
    "priority_evidence_frame",
    "stands",
    "trade_options",
    "trade_sensitivity",
    "trade_sentences",
    "trades_table",
    "trades_under_readings",
    "weighted_concession",
    "weighted_gap_steps",
    "weighted_widest_gap",
    "weights_table",
    "widest_weighted",
    "with_equal_priorities",
    "without_position",
]
