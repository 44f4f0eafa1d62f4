"""What an edit changed: two states of the positions compared, records and analysis.

:func:`diff_results` compares two :class:`LoadResult` (pure); :func:`diff_revisions`
loads two git revisions first (see :mod:`negotiation.revisions`). The report is a
JSON-ready dict::

    {"old": label, "new": label, "parties": [a, b] | None, "date": iso | None,
     "dossiers": {id: {"status": added|removed|changed|unchanged, "title",
                       "problems": {"before": {errors, warnings}, "after": {...}},
                       "positions": {"added": [...], "removed": [...], "changed": [...]},
                       "issues" | "sides" | "sources": {"added": [ids], "removed": [ids]},
                       "comparison": {"parties", "gaps", "overlaps", "camps"}}}}

Each comparison change has ``issue``, ``issue_title``, ``kind``, ``before``, ``after``
and ``text`` (one plain sentence). Gap kinds: opened, closed, widened, narrowed,
changed (any other change of status, e.g. now split). Overlap kinds (all sides of the
dossier at once): gained, lost, moved, blockers. Camp kinds: split, reunited.
:func:`render` turns the report into text, markdown or json.

The report is built in :mod:`negotiation.revdiff.build` and rendered in
:mod:`negotiation.revdiff.render`; this module re-exports the public API of both.
"""

from negotiation.revdiff.build import (
    WORKING_TREE,
    camp_changes,
    default_parties,
    diff_dossier,
    diff_results,
    diff_revisions,
    gap_changes,
    gap_words,
    overlap_changes,
    party_names,
    position_changes,
)
from negotiation.revdiff.render import (
    FORMATS,
    field_text,
    render,
    render_markdown,
    render_text,
)

__all__ = [
    "FORMATS",
    "WORKING_TREE",
    "camp_changes",
    "default_parties",
    "diff_dossier",
    "diff_results",
    "diff_revisions",
    "field_text",
    "gap_changes",
    "gap_words",
    "overlap_changes",
    "party_names",
    "position_changes",
    "render",
    "render_markdown",
    "render_text",
]
