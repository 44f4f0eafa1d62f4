"""The briefing export: the current view as a one-page brief in Markdown and HTML.

Pure: no streamlit import, so it is unit-tested directly. Every claim carries its
citation (source outlet, date, verbatim quote). In the HTML every data string goes
through :func:`html.escape`, and only http(s) URLs become links.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from negotiation import analysis, languages, paths
from negotiation.dossier import Dossier
from negotiation.model import Position, Source
from negotiation.quote_marks import has_own_marks, quoted

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_URL_RE = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


@dataclass(frozen=True)
class Citation:
    outlet: str
    date: dt.date | None
    quote: str
    speaker: str | None = None
    url: str | None = None
    paraphrase: bool = False  # the quote is the outlet's paraphrase of the speaker
    title: str | None = None  # the article's title
    translation: str | None = None  # the curator's English, for a quote in another language
    language: str | None = None  # the source's language tag (None: English)
    title_inferred: bool = False  # the source's title is not printed in it (see notes)
    date_inferred: bool = False  # the date shown is the source's, inferred (see notes)


@dataclass
class Item:
    """One claim of the brief and the quotes that support it."""

    text: str
    citations: list[Citation] = field(default_factory=list)


@dataclass
class Section:
    title: str
    intro: str = ""
    items: list[Item] = field(default_factory=list)


@dataclass
class Brief:
    title: str
    subtitle: str
    sections: list[Section]

    # written once per brief (a brief is not changed once built)
    @functools.cached_property
    def markdown(self) -> str:
        return to_markdown(self)

    @functools.cached_property
    def html(self) -> str:
        return to_html(self)


# --------------------------------------------------------------------------- helpers


def md_escape(text: object) -> str:
    """Data text made literal in Markdown (no emphasis, links or raw HTML)."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def safe_url(url: object) -> str | None:
    if isinstance(url, str) and _URL_RE.match(url.strip()):
        return url.strip()
    return None


def plural(n: int, noun: str, many: str | None = None) -> str:
    """'1 issue', '2 issues' ('1 topic–dimension pair', '3 changes')."""
    return f"{n} {noun if n == 1 else (many or noun + 's')}"


def _steps(n: int) -> str:
    return plural(n, "step")


def _all_of(labels: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C' (every tied value named)."""
    labels = list(labels)
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def most_said(values: Sequence[str]) -> str:
    """The value(s) said most often, every tie listed: "“X” (3)" or "“X” and “Y” (2 each)"."""
    counts = pd.Series(list(values), dtype=object).value_counts(sort=False)
    top = int(counts.max())
    tied = [f"“{v}”" for v in dict.fromkeys(values) if counts[v] == top]
    return f"{_all_of(tied)} ({top}{' each' if len(tied) > 1 else ''})"


def _day(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def _positions_by_id(dossier: Dossier) -> dict[str, Position]:
    return dossier.position_by_id


def _cite_position(dossier: Dossier, pos: Position | None, limit: int = 1) -> list[Citation]:
    if pos is None:
        return []
    return _cite_quotes(dossier, pos.evidence[:limit])


def _cite_quotes(dossier: Dossier, quotes: Sequence[Any]) -> list[Citation]:
    """A citation per evidence quote."""
    out = []
    for ev in quotes:
        src = dossier.source_by_id.get(ev.source)
        title_inferred, date_inferred = source_inferred(src, ev.date)
        out.append(
            Citation(
                outlet=src.outlet if src else ev.source,
                date=ev.date or (src.date if src else None),
                quote=ev.quote,
                speaker=ev.speaker,
                url=safe_url(src.url) if src else None,
                paraphrase=ev.paraphrase,
                title=src.title if src else None,
                translation=ev.translation,
                language=src.language if src else None,
                title_inferred=title_inferred,
                date_inferred=date_inferred,
            )
        )
    return out


DATE_INFERRED = "date inferred"
"""Said after a date that is not printed in its source (``date_inferred``)."""
TITLE_INFERRED = "title inferred"
"""Said after a title that is not printed in its source (``title_inferred``)."""


def source_inferred(src: Source | None, own_date: object = None) -> tuple[bool, bool]:
    """(title inferred, date inferred) of a quote from ``src``: its date counts as
    inferred only when the quote has no date of its own (``own_date``) and the
    source's date is marked ``date_inferred``."""
    if src is None:
        return False, False
    own = own_date is not None and not (isinstance(own_date, float) and pd.isna(own_date))
    return src.title_inferred is True, src.date_inferred is True and not own


def _party_citations(
    dossier: Dossier, ref: str, issue: str, date: dt.date | None
) -> list[Citation]:
    """The quotes behind a party's range: its own position, or each member's."""
    pr = analysis.party_range(dossier, ref, issue, date)
    members = set(pr.members)
    out: list[Citation] = []
    for side in dossier.sides:  # dossier order, like positions_as_of
        if side.id in members:
            out.extend(_cite_position(dossier, analysis.in_force(dossier, side.id, issue, date)))
    return out


def _range_text(lo_label: object, hi_label: object) -> str:
    if lo_label is None or (isinstance(lo_label, float) and pd.isna(lo_label)):
        return "no accepted range"
    return str(lo_label) if lo_label == hi_label else f"{lo_label} – {hi_label}"


def _accepts(name: str, range_text: str) -> str:
    if range_text == "no accepted range":
        return f"{name} has no accepted range"
    return f"{name} accepts {range_text}"


def _cap(frame: pd.DataFrame, limit: int, by: list[pd.Series]) -> tuple[pd.DataFrame, int]:
    """At most ``limit`` rows of ``frame``: the highest by ``by`` (keys in order),
    kept in their original order; and how many rows were left out."""
    if len(frame) <= limit:
        return frame, 0
    keys = pd.DataFrame({f"k{n}": col.to_numpy() for n, col in enumerate(by)})
    keys["pos"] = range(len(frame))
    top = keys.sort_values(
        [*(f"k{n}" for n in range(len(by))), "pos"],
        ascending=[*(False for _ in by), True],
        kind="stable",
    ).head(limit)
    return frame.iloc[sorted(top["pos"])], len(frame) - limit


def _left_out(left: int, limit: int, which: str, noun: str) -> str:
    if not left:
        return ""
    return (
        f"This brief lists {which} only ({limit}); {plural(left, 'more ' + noun)} left out "
        "— narrow the issue filter in the sidebar to include them."
    )


def _note(sec: Section, text: str) -> None:
    if text:
        sec.intro = f"{sec.intro} {text}".strip()


# --------------------------------------------------------------------------- build


def build_brief(
    dossier: Dossier,
    *,
    date: dt.date | None = None,
    a: str | None = None,
    b: str | None = None,
    parties: Sequence[str] = (),
    issues: Sequence[str] | None = None,
    date_from: dt.date | None = None,
    max_quotes: int = 8,
    max_items: int = 25,
    verdicts_until: dt.date | None = None,
) -> Brief:
    """The brief of one view: gaps, overlaps, blockers, movements, characterisations.

    Each section lists at most ``max_items`` items (the widest gaps, the largest
    spreads, the biggest moves, the topics with most characterisations first) and says
    in its intro what was left out. The characterisations are those the as-of date
    counts, or with ``verdicts_until`` those said by that day (labelled as such).
    """
    issue_ids = [i.id for i in dossier.issues if issues is None or i.id in set(issues)]
    label = {p.ref: p.label for p in analysis.parties(dossier)}
    when = f"as of {date:%d %B %Y}" if date else "latest positions"
    scope = "all issues" if issues is None else plural(len(issue_ids), "issue")
    candidates = [
        _pair_section(dossier, a, b, date, issue_ids, label, max_items)
        if a and b and a != b
        else None,
        _overlap_section(dossier, parties, date, issue_ids, label, max_items)
        if len(parties) >= 2
        else None,
        _certainty_section(dossier, [a, b, *parties], date, issue_ids, label),
        _movement_section(dossier, a, b, date, date_from, issue_ids, max_items),
        _sensitivity_section(dossier, a, b, date, issue_ids, label, max_items)
        if a and b and a != b
        else None,
        _characterisation_section(
            dossier, issue_ids, max_items, max_quotes, date, until=verdicts_until
        ),
    ]
    sections = [sec for sec in candidates if sec is not None]
    if dossier.what_if or dossier.rule_what_if:
        sections.insert(0, _what_if_section(dossier))

    parts = [when, scope]
    if verdicts_until is not None:
        parts.insert(1, analysis.verdicts_note(verdicts_until, date))
    if a and b and a != b:
        parts.insert(1, f"{label.get(a, a)} vs {label.get(b, b)}")
    if dossier.what_if or dossier.rule_what_if:
        parts.insert(0, "HYPOTHETICAL (what-if)")
    return Brief(title=f"Brief: {dossier.title}", subtitle=" · ".join(parts), sections=sections)


def _what_if_section(dossier: Dossier) -> Section:
    """The hypotheses a what-if dossier was built under, stated first."""
    from negotiation import whatif

    intro = []
    if dossier.what_if:
        intro.append(
            "This brief is computed as if the ranges below were the sides' positions. "
            "They are hypotheses, not in the sources, and carry no citation."
        )
    if dossier.rule_what_if:
        intro.append(
            "Every issue is decided under a hypothetical rule, not the one the sources give."
        )
    sec = Section(title="Hypothetical (what-if)", intro=" ".join(intro))
    if dossier.rule_what_if:
        rif = analysis.rule_in_force(dossier)
        sec.items.append(
            Item(
                f"Decision rule: {rif.rule.describe()} instead of {rif.sourced.describe()} "
                f"(rule={dossier.rule_what_if})."
            )
        )
    for text in dossier.what_if:
        try:
            h = whatif.parse_hypothesis(text, dossier)
        except whatif.HypothesisError:
            sec.items.append(Item(text))
            continue
        side = dossier.side_by_id[h.side].name
        issue = dossier.issue_by_id[h.issue]
        labels = {pt.id: pt.label for pt in issue.scale}
        rng = labels[h.lo] if h.lo == h.hi else f"{labels[h.lo]} – {labels[h.hi]}"
        sec.items.append(Item(f"{side} accepts {rng} on {issue.title} ({text})."))
    return sec


def _pair_section(
    dossier: Dossier,
    a: str,
    b: str,
    date: dt.date | None,
    issue_ids: list[str],
    label: dict[str, str],
    max_items: int,
) -> Section:
    """Gaps and overlaps of the two parties compared."""
    gaps = analysis.gap_table(dossier, a, b, date, issues=issue_ids)
    sec = Section(f"Gaps and overlaps: {label.get(a, a)} and {label.get(b, b)}")
    counts = gaps["status"].value_counts().to_dict()
    sec.intro = (
        f"{plural(len(gaps), 'issue')}: {counts.get('overlap', 0)} with an overlap, "
        f"{counts.get('gap', 0)} with a gap, {counts.get('not placed', 0)} not placed, "
        f"{counts.get('split', 0)} where a camp is split."
    )
    gaps, left = _cap(
        gaps,
        max_items,
        by=[gaps["status"] == "gap", gaps["gap"].astype("Float64").fillna(-1)],
    )
    _note(sec, _left_out(left, max_items, "the widest gaps", "issue"))
    for row in gaps.itertuples(index=False):
        ra = _range_text(row.a_from_label, row.a_to_label)
        rb = _range_text(row.b_from_label, row.b_to_label)
        if row.status == "overlap":
            zone = _range_text(row.overlap_from_label, row.overlap_to_label)
            verdict = f"overlap at {zone}"
        elif row.status == "gap":
            steps = analysis.steps_text(int(row.gap), bool(row.gap_at_least))
            verdict = f"gap of {steps} ({float(row.gap_norm):.0%} of the scale)"
        elif row.status == "split":
            verdict = "not compared: a camp is split"
        else:
            verdict = "not compared: a party has no accepted range"
        if row.bounded:
            verdict += "; " + "; ".join(
                _bounded_words(dossier, p, row.issue, date) for p in row.bounded
            )
        text = (
            f"{row.issue_title}: {verdict}. {_accepts(label.get(a, a), ra)}"
            f"{_inferred_mark(dossier, a, row.issue, date)}; "
            f"{_accepts(label.get(b, b), rb)}{_inferred_mark(dossier, b, row.issue, date)}."
        )
        cites = _party_citations(dossier, a, row.issue, date) + _party_citations(
            dossier, b, row.issue, date
        )
        sec.items.append(Item(text, list(dict.fromkeys(cites))))
    return sec


def _inferred_mark(dossier: Dossier, ref: str, issue: str, date: dt.date | None) -> str:
    """' (inferred)' when a side behind ``ref`` has an inferred position on ``issue``."""
    members = analysis.resolve_party(dossier, ref).members
    for side in members:
        pos = analysis.in_force(dossier, side, issue, date)
        if pos is not None and pos.basis_or_default == "inferred":
            return " (inferred)"
    return ""


def _certainty_section(
    dossier: Dossier,
    refs: Sequence[str | None],
    date: dt.date | None,
    issue_ids: list[str],
    label: dict[str, str],
) -> Section | None:
    """How sure the placements in view are: readings, ruled-out parts and inferred
    ranges in words, each with its quotes (every reading's first quote). None when
    every placement is plain (a dossier without readings, rejects or inferred
    positions gets the brief it always got)."""
    sides: list[str] = []
    for ref in dict.fromkeys(r for r in refs if r):
        try:
            sides += analysis.resolve_party(dossier, ref).members
        except analysis.UnknownPartyError:
            continue
    if not sides:
        sides = [s.id for s in dossier.sides]
    sentences = analysis.certainty_sentences(dossier, sides, issue_ids, date)
    if not sentences:
        return None
    sec = Section(
        "How sure",
        intro="Where the sources disagree about a side (one reading each), what a side "
        "has only ruled out (bounded: not placed), and ranges the curator inferred.",
    )
    for text, pos in sentences:
        quotes = [*pos.evidence[:1], *(r.evidence[0] for r in pos.readings or ())]
        sec.items.append(Item(text, _cite_quotes(dossier, quotes)))
    return sec


def _bounded_words(dossier: Dossier, party: str, issue: str, date: dt.date | None) -> str:
    """'Japan has ruled out A – B (bounded, not placed)'."""
    pr = analysis.party_range(dossier, party, issue, date)
    return analysis.bounded_party_text(pr, dossier.issue_by_id[issue].scale)


def _sensitivity_section(
    dossier: Dossier,
    a: str,
    b: str,
    date: dt.date | None,
    issue_ids: list[str],
    label: dict[str, str],
    max_items: int,
) -> Section | None:
    """The meeting points of the pair that change with equal priorities or without an
    inferred range (:mod:`negotiation.paths.sensitivity`); None when none does."""
    items = []
    for issue in issue_ids:
        sens = paths.meeting_sensitivity(dossier, issue, [a, b], date)
        sentences = paths.meeting_sentences(sens)
        if not sentences:
            continue
        now = f" (now {sens.point_text})" if sens.point_text else ""
        text = f"{sens.issue_title}: the meeting point{now} depends on the inputs. " + " ".join(
            sentences
        )
        cites = _party_citations(dossier, a, issue, date) + _party_citations(
            dossier, b, issue, date
        )
        items.append(Item(text, list(dict.fromkeys(cites))))
    if not items:
        return None
    sec = Section(f"What the meeting points of {label.get(a, a)} and {label.get(b, b)} rest on")
    sec.intro = (
        f"{plural(len(items), 'meeting point')} would change with equal priorities (every "
        "priority defaulted) or without an inferred range."
    )
    shown = items[:max_items]
    _note(sec, _left_out(len(items) - len(shown), max_items, "the first", "issue"))
    sec.items.extend(shown)
    return sec


def _overlap_section(
    dossier: Dossier,
    parties: Sequence[str],
    date: dt.date | None,
    issue_ids: list[str],
    label: dict[str, str],
    max_items: int,
) -> Section:
    """The overlap of several parties and who blocks it."""
    table = analysis.overlap_table(dossier, list(parties), date, issues=issue_ids)
    names = ", ".join(label.get(p, p) for p in parties)
    plain = all(analysis.is_plain(r) for r in table.itertuples(index=False))
    intro = "Who blocks a deal on each issue."
    if not plain:
        intro = (
            "What each issue's decision rule makes of the parties' ranges, each party "
            f"counted by its weight. {_rule_words(dossier, issue_ids)}"
            f"{_weight_words(dossier, parties)}"
        )
    sec = Section(f"Overlap of {names}", intro)
    table, left = _cap(
        table,
        max_items,
        by=[table["status"] == "gap", table["spread"].astype("Float64").fillna(-1)],
    )
    _note(sec, _left_out(left, max_items, "the widest spreads", "issue"))
    for row in table.itertuples(index=False):
        if not plain:
            sec.items.append(_decision_item(dossier, row, label, date))
            continue
        if row.status == "overlap":
            zone = _range_text(row.overlap_from_label, row.overlap_to_label)
            text = f"{row.issue_title}: all placed parties overlap at {zone}."
            cites: list[Citation] = []
        elif row.status == "gap":
            if len(row.blocker_sets) > 1:
                sets_text = analysis.blocker_sets_text(row.blocker_set_labels)
                text = f"{row.issue_title}: no overlap; {sets_text}."
            else:
                who = ", ".join(row.blocker_labels)
                text = (
                    f"{row.issue_title}: no overlap; blocking: {who} "
                    f"(removing {'it' if len(row.blockers) == 1 else 'them'} reopens an "
                    "overlap)."
                )
            cites = []
            for ref in dict.fromkeys(r for s in row.blocker_sets for r in s):
                cites.extend(_party_citations(dossier, ref, row.issue, date))
        else:
            text = f"{row.issue_title}: too few parties placed to compare."
            if row.possible_points:
                text = (
                    f"{row.issue_title}: no overlap yet; still possible at "
                    f"{_possible_words(dossier, row)}."
                )
            cites = []
        if row.bounded:
            text += (
                " "
                + "; ".join(_bounded_words(dossier, p, row.issue, date) for p in row.bounded)
                + "."
            )
        if row.not_placed:
            text += " Not placed: " + ", ".join(label.get(p, p) for p in row.not_placed) + "."
        sec.items.append(Item(text, list(dict.fromkeys(cites))))
    return sec


def _possible_words(dossier: Dossier, row: Any) -> str:
    """The points where an overlap is still possible, as 'A – B'."""
    scale = dossier.issue_by_id[row.issue].scale
    labels = [p.label for p in scale if p.id in set(row.possible_points)]
    return labels[0] if len(labels) == 1 else f"{labels[0]} – {labels[-1]}"


def _rule_words(dossier: Dossier, issue_ids: Sequence[str]) -> str:
    """'Decided under …, as the dossier states.' (issues with their own rule named)."""
    groups: dict[str, list[str]] = {}
    for iss in issue_ids:
        rif = analysis.rule_in_force(dossier, iss)
        groups.setdefault(rif.describe(), []).append(dossier.issue_by_id[iss].title)
    if len(groups) == 1:
        return f"Decided under {next(iter(groups))}."
    return "Decided under " + "; ".join(f"{k} ({', '.join(v)})" for k, v in groups.items()) + "."


def _weight_words(dossier: Dossier, parties: Sequence[str]) -> str:
    counted = [p for p in parties if analysis.counted_members(dossier, p)]
    if not analysis.has_weights(dossier):
        return ""
    defaulted = analysis.defaulted_weights(dossier, counted)
    given = [s for s in dossier.sides if s.weight is not None]
    text = " Weights: " + ", ".join(
        f"{s.name} {analysis.weight_text(float(s.weight))}" for s in given
    )
    if defaulted:
        text += f"; {plural(len(defaulted), 'side')} defaulted to 1"
    return text + "."


def _decision_item(dossier: Dossier, row: Any, label: dict[str, str], date: Any) -> Item:
    """One issue's decision under its rule, cited: the quotes of the parties named (the
    holdouts or the outvoted) and, for a weighted party named, its weight's quotes."""
    scale = dossier.issue_by_id[row.issue].scale
    text = f"{row.issue_title}: {analysis.decision_sentence(row, label, scale)}"
    if row.rule_source == "issue":
        text += f" (This issue's own rule: {analysis.parse_rule(row.rule).describe()}.)"
    named = [r for s in row.blocker_sets for r in s] + [
        r for refs in row.outvoted.values() for r in refs
    ]
    cites: list[Citation] = []
    for ref in dict.fromkeys(named):
        cites.extend(_party_citations(dossier, ref, row.issue, date))
    return Item(text, list(dict.fromkeys(cites)))


def _movement_section(
    dossier: Dossier,
    a: str | None,
    b: str | None,
    date: dt.date | None,
    date_from: dt.date | None,
    issue_ids: list[str],
    max_items: int,
) -> Section | None:
    """Who moved between ``date_from`` (default: the first date) and ``date``."""
    dates = dossier.dates()
    start = date_from
    if start is None and dates:
        start = dates[0]
    end = date or (dates[-1] if dates else None)
    if start is None or end is None or start >= end:
        return None
    pair = (a, b) if a and b and a != b else (None, None)
    moves = analysis.movement_table(dossier, start, end, a=pair[0], b=pair[1])
    moves = moves[moves["issue"].isin(issue_ids) & (moves["direction"] != "new")]
    sec = Section(
        f"Movement from {start:%d %b %Y} to {end:%d %b %Y}",
        "" if not moves.empty else "No side changed its position in this period.",
    )
    moves, left = _cap(moves, max_items, by=[moves["steps"].astype("Float64").abs().fillna(-1)])
    _note(sec, _left_out(left, max_items, "the largest moves", "change"))
    by_id = _positions_by_id(dossier)
    for row in moves.itertuples(index=False):
        old = _placed_text(row.old_range_label, row.old_stance, "—")
        new = _placed_text(row.new_range_label, row.new_stance, "not placed")
        steps = "" if pd.isna(row.steps) else f", {float(row.steps):+.1f} steps"
        text = f"{row.side_name} on {row.issue_title}: {old} → {new} ({row.direction}{steps})."
        path = analysis.range_path(dossier, row.side, row.issue, start, end)
        if len(path) > 2 or any(p.returns_to for p in path):
            labels = [p.label for p in dossier.issue_by_id[row.issue].scale]
            text += f" Path: {analysis.describe_path(path, labels)}."
        sec.items.append(Item(text, _cite_position(dossier, by_id.get(row.new_position))))
    return sec


def _text(value: object) -> str | None:
    """``value`` as text, or None when missing (None, NaN: pandas turns a missing
    string into NaN, which is truthy)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    return str(value) or None


def _placed_text(range_label: object, stance: object, nothing: str) -> str:
    """A movement's end: its range, else 'not placed (stance)', else ``nothing``."""
    label, said = _text(range_label), _text(stance)
    if label:
        return label
    if said:
        return f"not placed ({said})"
    return nothing


def counted_text(
    counted: int, later: int, date: dt.date | None, latest: dt.date | None = None
) -> str:
    """What the as-of date lets in: "N characterisations published on or before D;
    M later ones are not counted". With no cut-off (``date`` None: the latest state),
    says that all count, and how many were published after ``latest``."""
    noun = "characterisation" if counted == 1 else "characterisations"
    if date is None:
        if latest is None or not later:
            return f"All {counted} {noun} are counted." if counted != 1 else ""
        return (
            f"At the latest date all {counted} {noun} are counted, {later} of them "
            f"published after {latest:%d %b %Y}."
        )
    text = f"{counted} {noun} published on or before {date:%d %b %Y}; "
    if later == 0:
        return text + "none is later."
    return text + (
        "1 later one is not counted." if later == 1 else f"{later} later ones are not counted."
    )


def _counted(
    dossier: Dossier, every: pd.DataFrame, cutoff: dt.date | None, view_date: dt.date | None
) -> str:
    """:func:`counted_text` for a frame of every characterisation of the view."""
    if cutoff is not None:
        counted = int((every["date"].isna() | (every["date"] <= pd.Timestamp(cutoff))).sum())
        return counted_text(counted, len(every) - counted, cutoff)
    if view_date is None:
        return ""
    later = int((every["date"] > pd.Timestamp(view_date)).sum())
    return counted_text(len(every), later, None, view_date)


def agreement_text(row: object) -> str:
    """'agreement A = 0.67', or 'too few to measure' below the minimum of sources."""
    if bool(getattr(row, "too_few", False)) or pd.isna(getattr(row, "agreement", None)):
        return (
            f"agreement: too few to measure (fewer than {analysis.MIN_AGREEMENT_SOURCES} sources)"
        )
    return f"agreement A = {float(row.agreement):.2f}"


def _characterisation_section(
    dossier: Dossier,
    issue_ids: list[str],
    max_items: int,
    max_quotes: int,
    date: dt.date | None = None,
    until: dt.date | None = None,
) -> Section | None:
    """How sources characterise the talks as of ``date``, or said by ``until`` (the
    "verdicts until" choice; None when nothing to say)."""
    view_date = date
    date = analysis.characterisation_cutoff(dossier, date, until)
    chars = analysis.characterisations_frame(dossier, date)
    chars = chars[(chars["about_kind"] != "issue") | chars["about_id"].isin(issue_ids)]
    if chars.empty:
        return None
    agreement = analysis.agreement_table(dossier, date)
    agreement = agreement[
        (agreement["about_kind"] != "issue") | agreement["about_id"].isin(issue_ids)
    ]
    every = analysis.characterisations_frame(dossier)
    every = every[(every["about_kind"] != "issue") | every["about_id"].isin(issue_ids)]
    intro = _counted(dossier, every, date, view_date)
    if until is not None:
        note = analysis.verdicts_note(until, view_date)
        intro = f"{note[0].upper()}{note[1:]}: {intro}"
    sec = Section("How sources characterise them", intro)
    paraphrased = {c.id for c in dossier.characterisations if c.paraphrase}
    translations = {c.id: c.translation for c in dossier.characterisations}
    own_date = {c.id: c.date for c in dossier.characterisations}
    agreement, left = _cap(agreement, max_items, by=[agreement["n"].astype("Float64")])
    _note(
        sec,
        _left_out(left, max_items, "the most characterised topics", "topic–dimension pair"),
    )
    for row in agreement.itertuples(index=False):
        mine = chars[(chars["topic"] == row.topic) & (chars["dimension"] == row.dimension)]
        said = [str(v) for v in mine["value_label"] if isinstance(v, str)]
        most = most_said(said) if said else f"“{row.modal_label}”"
        text = (
            f"{row.topic_label} — {row.dimension_label}: most say {most}; "
            f"{plural(int(row.n), 'characterisation')} from "
            f"{plural(int(row.n_sources), 'source')}; "
            f"{agreement_text(row)}."
        )
        cites = [
            Citation(
                outlet=str(c.outlet),
                date=_day(c.date),
                quote=str(c.quote),
                speaker=None if c.own_voice else str(c.voice),
                url=safe_url(c.url),
                paraphrase=str(c.id) in paraphrased,
                title=str(c.source_title) if isinstance(c.source_title, str) else None,
                translation=translations.get(str(c.id)),
                language=_source_language(dossier, c.source),
                title_inferred=inferred[0],
                date_inferred=inferred[1],
            )
            for c in mine.head(max_quotes).itertuples(index=False)
            for inferred in [
                source_inferred(dossier.source_by_id.get(str(c.source)), own_date.get(c.id))
            ]
        ]
        sec.items.append(Item(text, cites))
    return sec


def _source_language(dossier: Dossier, source: object) -> str | None:
    src = dossier.source_by_id.get(str(source))
    return src.language if src is not None else None


# --------------------------------------------------------------------------- render


def _who(c: Citation, escape: Callable[[str], str]) -> str:
    """'Speaker, ' or, for a paraphrase, 'Speaker (paraphrased by Outlet), '."""
    if not c.speaker:
        return ""
    if c.paraphrase:
        return f"{escape(c.speaker)} (paraphrased by {escape(c.outlet)}), "
    return f"{escape(c.speaker)}, "


def _when(c: Citation) -> str:
    """'6 Apr 2021' (or 'undated'); '6 Apr 2021 (date inferred)' when the date is not
    printed in the source."""
    if not c.date:
        return "undated"
    day = f"{c.date.day} {c.date:%b %Y}"
    return f"{day} ({DATE_INFERRED})" if c.date_inferred else day


def _title_mark(c: Citation) -> str:
    return f" ({TITLE_INFERRED})" if c.title_inferred else ""


def _cite_md(c: Citation) -> str:
    who = _who(c, md_escape)
    outlet = md_escape(c.outlet)
    if c.url:
        target = c.url.replace("(", "%28").replace(")", "%29")
        outlet = f"[{outlet}]({target})"
    title = f"‘{md_escape(c.title)}’{_title_mark(c)}, " if c.title else ""
    return f"{quoted(c.quote, md_escape)}{_original_md(c)} — {who}{outlet}, {title}{_when(c)}"


def _original_md(c: Citation) -> str:
    """' (Russian original; translation: “…”)' after a quote not in English ('' after
    an English one)."""
    parts = []
    if not languages.is_english(c.language):
        parts.append(md_escape(f"{languages.language_name(c.language)} original"))
    if c.translation:
        parts.append(f"translation: {quoted(c.translation, md_escape)}")
    return f" ({'; '.join(parts)})" if parts else ""


def to_markdown(brief: Brief) -> str:
    lines = [f"# {md_escape(brief.title)}", "", f"*{md_escape(brief.subtitle)}*", ""]
    for sec in brief.sections:
        lines += [f"## {md_escape(sec.title)}", ""]
        if sec.intro:
            lines += [md_escape(sec.intro), ""]
        for item in sec.items:
            lines.append(f"- {md_escape(item.text)}")
            for c in item.citations:
                lines.append(f"  - {_cite_md(c)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; max-width: 52rem;
       margin: 2rem auto; padding: 0 1rem; color: #1f2933; line-height: 1.45; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
h2 { font-size: 1.15rem; margin-top: 1.6rem; border-bottom: 1px solid #d1d5db; }
.sub { color: #52606d; margin-top: 0; }
li { margin: .35rem 0; }
ul.cites { list-style: none; padding-left: 1rem; margin: .2rem 0; }
ul.cites li { font-size: .9rem; color: #3e4c59; }
q { font-style: italic; }
.original, .translation { color: #52606d; }
q.own-marks::before, q.own-marks::after { content: none; }
@media print { body { margin: 0; } }
"""


def _cite_html(c: Citation) -> str:
    e = html.escape
    who = _who(c, e)
    outlet = e(c.outlet)
    if c.url:
        outlet = f'<a href="{e(c.url, quote=True)}" rel="noopener noreferrer">{outlet}</a>'
    title = f"‘{e(c.title)}’{e(_title_mark(c))}, " if c.title else ""
    if c.title and not languages.is_english(c.language):  # the title in its own language
        title = (
            f'‘<span lang="{e(str(c.language), quote=True)}">{e(c.title)}</span>’'
            f"{e(_title_mark(c))}, "
        )
    return f"{_quote_html(c)} — {who}<cite>{outlet}</cite>, {title}{e(_when(c))}"


def _quote_html(c: Citation) -> str:
    """The quote in ``<q>`` (which adds the marks itself: none of its own when the quote
    keeps the source's); one not in English marked with its ``lang`` (and ``dir`` when
    written right to left) for screen readers and fonts, its language named, and the
    translation after it, marked as one."""
    e = html.escape
    own = ' class="own-marks"' if has_own_marks(c.quote) else ""
    if languages.is_english(c.language):
        out = f"<q{own}>{e(c.quote.strip())}</q>"
    else:
        tag = e(str(c.language), quote=True)
        rtl = ' dir="rtl"' if languages.direction(c.language) == "rtl" else ""
        name = e(languages.language_name(c.language))
        out = (
            f'<q lang="{tag}"{rtl}{own}>{e(c.quote.strip())}</q> '
            f'<span class="original">({name} original)</span>'
        )
    if c.translation:
        t_own = ' class="own-marks"' if has_own_marks(c.translation) else ""
        out += (
            f' <span class="translation">translation: <q{t_own}>{e(c.translation.strip())}'
            "</q></span>"
        )
    return out


def to_html(brief: Brief) -> str:
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(brief.title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{e(brief.title)}</h1>",
        f'<p class="sub">{e(brief.subtitle)}</p>',
    ]
    for sec in brief.sections:
        out.append(f"<h2>{e(sec.title)}</h2>")
        if sec.intro:
            out.append(f"<p>{e(sec.intro)}</p>")
        if sec.items:
            out.append("<ul>")
            for item in sec.items:
                out.append(f"<li>{e(item.text)}")
                if item.citations:
                    out.append('<ul class="cites">')
                    out.extend(f"<li>{_cite_html(c)}</li>" for c in item.citations)
                    out.append("</ul>")
                out.append("</li>")
            out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
