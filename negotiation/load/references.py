"""Stage 5, references: cross-record rules, one checker per kind of record.

Duplicate ids, references between records (issues, sides, camps, sources, events,
dimensions, frames), scale points and ranges, urls, dates outside the dossier's period.
A record that breaks a rule is left out or repaired (a dangling camp is dropped) and
the problem is located at the offending key.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from negotiation import codebook
from negotiation.dossier import Side
from negotiation.load.codings import reconciled_from_checked
from negotiation.load.nodes import mark_of
from negotiation.load.problems import ProblemLog, rel
from negotiation.load.schema_check import FileResult, Record
from negotiation.model import (
    DEFAULT_LANGUAGE,
    ID_PATTERN,
    Characterisation,
    Decision,
    Dimension,
    Event,
    Evidence,
    Issue,
    Period,
    Position,
    Range,
    Reading,
    ScalePoint,
    SideFile,
    Source,
)

_ID_RE = re.compile(ID_PATTERN)


def check_position(
    rec: Record, issue_by_id: dict[str, Issue], source_ids: set[str], ctx: ProblemLog
) -> bool:
    pos: Position = rec.obj
    ok = True
    issue = issue_by_id.get(pos.issue)
    if issue is None and ctx.follow_on(
        "issues", pos.issue, rec.file, rec.at("issue"), f"position '{pos.id}'"
    ):
        ok = False
    elif issue is None:
        ctx.add(
            rec.file,
            rec.at("issue"),
            f"unknown issue '{pos.issue}' in position '{pos.id}'"
            + ctx.suggest(pos.issue, issue_by_id, "issues"),
            "unknown-ref",
        )
        ok = False
    elif pos.readings is None:
        ok = _check_placement(rec, pos, (), pos.id, issue, ctx)
    else:
        for r, reading in enumerate(pos.readings):
            what = f"{pos.id}' reading '{reading.label}"
            ok &= _check_placement(rec, reading, ("readings", r), what, issue, ctx)
    for keys, ev in pos.quotes():
        if ev.source not in source_ids:
            ok = False
            field = "evidence" if keys[0] == "readings" else str(keys[0])
            if ctx.follow_on(
                "sources", ev.source, rec.file, rec.at(*keys, "source"), f"position '{pos.id}'"
            ):
                continue
            ctx.add(
                rec.file,
                rec.at(*keys, "source"),
                f"unknown source '{ev.source}' in the {field} of position '{pos.id}'"
                + ctx.suggest(ev.source, source_ids, "sources"),
                "unknown-ref",
            )
    return ok


Placement = Position | Reading


def _check_placement(
    rec: Record,
    pos: Placement,
    prefix: tuple[str | int, ...],
    what: str,
    issue: Issue,
    ctx: ProblemLog,
) -> bool:
    """Check ideal, accepts and rejects of a position (or of one reading) against the
    issue's scale; ``what`` names it in messages (``"<id>"`` or a reading of it)."""
    points = [p.id for p in issue.scale]
    index = {p: i for i, p in enumerate(points)}

    def check_point(point: str, *keys: str) -> bool:
        if point in index:
            return True
        ctx.add(
            rec.file,
            rec.at(*prefix, *keys),
            f"'{point}' is not a point on the scale of issue '{issue.id}'"
            + ctx.suggest(point, points, "points"),
            "unknown-ref",
        )
        return False

    def check_range(value: str | Range | None, field: str) -> tuple[int, int] | bool | None:
        """The (lo, hi) indices of a field, None when not given, False when wrong."""
        if value is None:
            return None
        if isinstance(value, str):
            return (index[value], index[value]) if check_point(value, field) else False
        good_from = check_point(value.from_, field, "from")
        good_to = check_point(value.to, field, "to")
        if not (good_from and good_to):
            return False
        lo, hi = index[value.from_], index[value.to]
        if lo > hi:
            ctx.add(
                rec.file,
                rec.at(*prefix, field),
                f"the '{field}' range of position '{what}' is reversed: '{value.from_}' "
                f"comes after '{value.to}' on the scale of issue '{issue.id}'; "
                "swap 'from' and 'to'",
                "reversed-range",
            )
            return False
        return (lo, hi)

    ok = True
    if pos.ideal is not None:
        ok &= check_point(pos.ideal, "ideal")
    accepts = check_range(pos.accepts, "accepts")
    rejects = check_range(pos.rejects, "rejects")
    ok &= accepts is not False and rejects is not False
    if not ok:
        return False
    if pos.ideal is not None and isinstance(accepts, tuple):
        lo, hi = accepts
        if not lo <= index[pos.ideal] <= hi:
            ctx.add(
                rec.file,
                rec.at(*prefix, "ideal"),
                f"the ideal '{pos.ideal}' of position '{what}' lies outside its "
                "'accepts' range: a side accepts its own ideal, so widen 'accepts' "
                "or correct the ideal",
                "ideal-outside-range",
                "warning",
            )
    if isinstance(rejects, tuple):
        problem = _rejects_problem(
            rejects, accepts or None, index.get(pos.ideal or ""), len(points)
        )
        if problem:
            ctx.add(
                rec.file,
                rec.at(*prefix, "rejects"),
                f"the 'rejects' of position '{what}' {problem}",
                "rejects-placement",
            )
            return False
    return True


def _rejects_problem(
    rejects: tuple[int, int], accepts: tuple[int, int] | None, ideal: int | None, n: int
) -> str | None:
    """Why a ruled-out part cannot stand as given (None when it can)."""
    lo, hi = rejects
    if accepts is not None and lo <= accepts[1] and accepts[0] <= hi:
        return (
            "overlaps its 'accepts': a side cannot accept and rule out the same point; "
            "narrow one of them"
        )
    if ideal is not None and lo <= ideal <= hi:
        return "contains its ideal: a side does not rule out what it would most like"
    touches_end = lo == 0 or hi == n - 1
    borders = accepts is not None and (hi + 1 == accepts[0] or accepts[1] + 1 == lo)
    if touches_end or borders:
        return None
    if accepts is None:
        return (
            "lies in the middle of the scale: without 'accepts', a ruled-out part must "
            "reach one end of the scale (the side accepts something on the other side "
            "of it), or give 'accepts' next to it"
        )
    return (
        "neither reaches an end of the scale nor borders 'accepts': extend it to the end "
        "or to 'accepts', or leave it out"
    )


def dedupe(recs: list[Record], kind: str, ctx: ProblemLog) -> list[Record]:
    seen: dict[str, Record] = {}
    out: list[Record] = []
    for rec in recs:
        rid = rec.obj.id
        first = seen.get(rid)
        if first is not None:
            ctx.add(
                rec.file,
                rec.at("id"),
                f"duplicate {kind} id '{rid}': already used at {first.file}:{first.at('id')[0]}; "
                f"this {kind} is left out",
                "duplicate-id",
            )
            continue
        seen[rid] = rec
        out.append(rec)
    return out


def dedupe_scale(rec: Record, kind: str, ctx: ProblemLog) -> Record:
    obj = rec.obj
    seen: dict[str, int] = {}
    keep: list[ScalePoint] = []
    for i, point in enumerate(obj.scale):
        if point.id in seen:
            line = rec.at("scale", seen[point.id], "id")[0]
            ctx.add(
                rec.file,
                rec.at("scale", i, "id"),
                f"duplicate scale point id '{point.id}' in {kind} '{obj.id}': already used at "
                f"{rec.file}:{line}; this point is left out",
                "duplicate-id",
            )
            continue
        seen[point.id] = i
        keep.append(point)
    if len(keep) != len(obj.scale):
        return Record(obj.model_copy(update={"scale": keep}), rec.src, rec.path, rec.file)
    return rec


def check_codebook(dims: list[Record], ctx: ProblemLog) -> None:
    """Warn at each dimension scale point that lacks its codebook entry (definition and
    coding rule): a value a coder cannot look up cannot be coded reliably.

    Only once the dossier has a codebook (some point carries a coding rule, a
    not-this or an example): dossiers written before the codebook fields stay clean."""
    if not any(codebook.has_codebook(p) for rec in dims for p in rec.obj.scale):
        return
    for rec in dims:
        for point in rec.obj.scale:
            missing = codebook.missing_fields(point)
            if missing:
                node = codebook.scale_point_node(rec.node, point.id)
                pos = mark_of(node) if node is not None else rec.at("scale")
                ctx.add(
                    rec.file,
                    pos,
                    codebook.message(rec.obj.id, point.id, missing),
                    codebook.CODE,
                    "warning",
                )


# --------------------------------------------------------------------------- known ids


SideRecords = list[tuple[Record, list[Record], Path]]
"""Per side file: its header record, its position records and its path."""


@dataclass
class Known:
    """The ids that references may point to, and the dossier's period (None if not given)."""

    ctx: ProblemLog
    issue_by_id: dict[str, Issue]
    source_ids: set[str]
    side_ids: set[str]
    camp_ids: set[str]
    event_ids: set[str]
    dim_by_id: dict[str, Dimension]
    frame_ids: set[str]
    period: Period | None
    source_dates: dict[str, dt.date] | None = None
    source_languages: dict[str, str] | None = None

    def english_translation(
        self, rec: Record, translation: str | None, source: str, what: str, *keys: str | int
    ) -> None:
        """Warn when a quote from an English source carries a 'translation' (of what?)."""
        lang = (self.source_languages or {}).get(source, DEFAULT_LANGUAGE)
        if translation is not None and lang.lower().split("-")[0] == "en":
            self.ctx.add(
                rec.file,
                rec.at(*keys),
                f"{what} has a 'translation', but its source '{source}' is in English "
                "(it gives no other 'language'); give the source its language "
                "(e.g. language: fr), or remove the translation",
                "translation-of-english",
                "warning",
            )

    def after_source(
        self, rec: Record, day: dt.date | None, source: str, what: str, *keys: str | int
    ) -> None:
        """Warn when ``day`` is after ``source`` was published (it cannot quote later)."""
        published = (self.source_dates or {}).get(source)
        if day is not None and published is not None and day > published:
            self.ctx.add(
                rec.file,
                rec.at(*keys),
                f"{what}: {day.isoformat()} is after its source '{source}' was published "
                f"({published.isoformat()}); check both dates",
                "date-after-source",
                "warning",
            )

    def outside_period(self, rec: Record, day: dt.date | None, what: str, *keys: str | int) -> None:
        """Warn when ``day`` falls outside the dossier's period."""
        period = self.period
        if period is not None and day is not None and not (period.start <= day <= period.end):
            self.ctx.add(
                rec.file,
                rec.at(*keys),
                f"{what} {day.isoformat()} is outside the dossier's period "
                f"({period.start.isoformat()} to {period.end.isoformat()})",
                "date-outside-period",
                "warning",
            )


def _failed_side_ids(path: Path, res: FileResult | None) -> list[str]:
    """The ids a side file that failed would have had: its name's, and the ``id`` it
    gives when it parsed that far (valid ids only)."""
    out = []
    stem = path.name.rsplit(".", 1)[0]
    if _ID_RE.match(stem):
        out.append(stem)
    raw = res.raw if res is not None else None
    rid = raw.get("id") if isinstance(raw, dict) else None
    if isinstance(rid, str) and _ID_RE.match(rid) and rid not in out:
        out.append(rid)
    return out


def dedupe_sides(
    sides_raw: list[tuple[Path, FileResult | None]], ctx: ProblemLog
) -> tuple[SideRecords, dict[str, Record]]:
    """The side files whose header validated, the first of each side id kept."""
    side_recs: SideRecords = []
    for path, res in sides_raw:
        if res is None or res.header is None:
            # the side is left out; events naming it are told so once (left-out-with),
            # not one "unknown side" each
            for sid in _failed_side_ids(path, res):
                ctx.drop_file("sides", sid, rel(path))
            continue
        side_recs.append(
            (Record(res.header, res.src, (), rel(path)), res.records.get("positions", []), path)
        )
    seen_sides: dict[str, Record] = {}
    kept_sides: SideRecords = []
    for srec, prs, path in side_recs:
        sid = srec.obj.id
        if sid in seen_sides:
            first = seen_sides[sid]
            ctx.add(
                srec.file,
                srec.at("id"),
                f"duplicate side id '{sid}': already used in {first.file}:{first.at('id')[0]}; "
                "this file is left out",
                "duplicate-id",
            )
            continue
        seen_sides[sid] = srec
        kept_sides.append((srec, prs, path))
    return kept_sides, seen_sides


# --------------------------------------------------------------------------- per kind


def check_events(events: list[Record], known: Known) -> list[Event]:
    """Events with their unknown side and source references dropped (each reported)."""
    ctx = known.ctx

    def known_refs(rec: Record, ev: Event, field: str, ids: set[str], what: str) -> list[str]:
        """The ids of ``ev.<field>`` that resolve; each unknown one is reported."""
        keep = []
        for i, ref in enumerate(getattr(ev, field)):
            if ref in ids:
                keep.append(ref)
            elif ctx.follow_on(
                field, ref, rec.file, rec.at(field, i), f"event '{ev.id}'", kept=True
            ):
                continue
            else:
                ctx.add(
                    rec.file,
                    rec.at(field, i),
                    f"unknown {what} '{ref}' in event '{ev.id}'" + ctx.suggest(ref, ids, field),
                    "unknown-ref",
                )
        return keep

    event_objs: list[Event] = []
    for rec in events:
        ev: Event = rec.obj
        known.outside_period(rec, ev.date, f"event '{ev.id}' date", "date")
        keep_sides = known_refs(rec, ev, "sides", known.side_ids, "side")
        keep_sources = known_refs(rec, ev, "sources", known.source_ids, "source")
        if keep_sides != ev.sides or keep_sources != ev.sources:
            ev = ev.model_copy(update={"sides": keep_sides, "sources": keep_sources})
        event_objs.append(ev)
    return event_objs


def check_sources(sources: list[Record], ctx: ProblemLog) -> list[Source]:
    """Sources, a url that is not an http(s) web address left out (and reported)."""
    source_objs: list[Source] = []
    for rec in sources:
        src: Source = rec.obj
        if src.url is not None:
            scheme = src.url.split(":", 1)[0].strip().lower() if ":" in src.url else ""
            if scheme not in ("http", "https"):
                shown = f"'{scheme}:'" if scheme else "no scheme"
                ctx.add(
                    rec.file,
                    rec.at("url"),
                    f"the url of source '{src.id}' must start with http:// or https:// "
                    f"(it has {shown}); the link is left out",
                    "bad-url",
                )
                src = src.model_copy(update={"url": None})
            elif not re.match(r"^https?://[^\s/]+", src.url.strip(), re.IGNORECASE):
                ctx.add(
                    rec.file,
                    rec.at("url"),
                    f"the url of source '{src.id}' is not a valid web address; "
                    "the link is left out",
                    "bad-url",
                )
                src = src.model_copy(update={"url": None})
        for name in src.inferred:
            if src.notes is None:
                ctx.add(
                    rec.file,
                    rec.at(f"{name}_inferred"),
                    f"the {name} of source '{src.id}' is marked as inferred without 'notes' "
                    f"saying from what; add notes (e.g. notes: {name} inferred from the "
                    "article's text)",
                    "inferred-without-notes",
                    "warning",
                )
        source_objs.append(src)
    return source_objs


def check_characterisations(chars: list[Record], known: Known) -> list[Characterisation]:
    """Characterisations whose source, subject, dimension, value and frames all resolve."""
    return [rec.obj for rec in chars if _characterisation_ok(rec, known)]


def _characterisation_ok(rec: Record, known: Known) -> bool:
    ctx = known.ctx
    about_ids = {
        "issue": set(known.issue_by_id),
        "side": known.side_ids,
        "event": known.event_ids,
        "camp": known.camp_ids,
    }
    ch: Characterisation = rec.obj
    ok = True
    if ch.source not in known.source_ids:
        ok = False
        if not ctx.follow_on(
            "sources", ch.source, rec.file, rec.at("source"), f"characterisation '{ch.id}'"
        ):
            ctx.add(
                rec.file,
                rec.at("source"),
                f"unknown source '{ch.source}'"
                + ctx.suggest(ch.source, known.source_ids, "sources"),
                "unknown-ref",
            )
    if not isinstance(ch.about, str):
        kind, ref = ch.about.kind, ch.about.ref
        if ref not in about_ids[kind]:
            ok = False
            if not ctx.follow_on(
                f"{kind}s", ref, rec.file, rec.at("about", kind), f"characterisation '{ch.id}'"
            ):
                ctx.add(
                    rec.file,
                    rec.at("about", kind),
                    f"unknown {kind} '{ref}'" + ctx.suggest(ref, about_ids[kind], f"{kind}s"),
                    "unknown-ref",
                )
    dim = known.dim_by_id.get(ch.dimension)
    if dim is None:
        ok = False
        ctx.add(
            rec.file,
            rec.at("dimension"),
            f"unknown dimension '{ch.dimension}'"
            + ctx.suggest(ch.dimension, known.dim_by_id, "dimensions"),
            "unknown-ref",
        )
    else:
        points = [p.id for p in dim.scale]
        if ch.value not in points:
            ok = False
            ctx.add(
                rec.file,
                rec.at("value"),
                f"'{ch.value}' is not a value of dimension '{dim.id}'"
                + ctx.suggest(ch.value, points, "values"),
                "unknown-ref",
            )
        else:
            rec.obj = reconciled_from_checked(rec, ch, points, ctx)
    for i, fr in enumerate(ch.frames):
        if fr not in known.frame_ids:
            ok = False
            ctx.add(
                rec.file,
                rec.at("frames", i),
                f"unknown frame '{fr}'" + ctx.suggest(fr, known.frame_ids, "frames"),
                "unknown-ref",
            )
    known.outside_period(rec, ch.date, f"characterisation '{ch.id}' date", "date")
    known.english_translation(
        rec, ch.translation, ch.source, f"the quote of characterisation '{ch.id}'", "translation"
    )
    known.after_source(rec, ch.date, ch.source, f"characterisation '{ch.id}' date", "date")
    return ok


def _known_camps(srec: Record, sf: SideFile, known: Known) -> SideFile:
    """``sf`` with its unknown camps dropped (each reported at its key or list item)."""
    ctx = known.ctx
    if sf.camp is not None and sf.camp not in known.camp_ids:
        ctx.add(
            srec.file,
            srec.at("camp"),
            f"unknown camp '{sf.camp}'"
            + ctx.suggest(sf.camp, known.camp_ids, "camps")
            + "; the side is shown without a camp",
            "unknown-ref",
        )
        sf = sf.model_copy(update={"camp": None})
    keep: list[str] = []
    for i, camp in enumerate(sf.camps):
        if camp in known.camp_ids:
            keep.append(camp)
            continue
        ctx.add(
            srec.file,
            srec.at("camps", i),
            f"unknown camp '{camp}' in the camps of side '{sf.id}'"
            + ctx.suggest(camp, known.camp_ids, "camps")
            + "; the side is shown without this camp",
            "unknown-ref",
        )
    if len(keep) != len(sf.camps):
        sf = sf.model_copy(update={"camps": keep})
    return sf


def unknown_evidence_sources(
    rec: Record,
    evidence: list[Evidence],
    what: str,
    known: Known,
    *keys: str | int,
    then: str = "",
) -> bool:
    """Report each evidence entry (at ``keys``, index, ``source``) whose source is not
    known; True when every one resolves. Dates are checked against the period and the
    source's publication too (warnings)."""
    ctx = known.ctx
    ok = True
    for i, ev in enumerate(evidence):
        if ev.source not in known.source_ids:
            ok = False
            if not ctx.follow_on("sources", ev.source, rec.file, rec.at(*keys, i, "source"), what):
                ctx.add(
                    rec.file,
                    rec.at(*keys, i, "source"),
                    f"unknown source '{ev.source}' in the {keys[-1]} of {what}"
                    + ctx.suggest(ev.source, known.source_ids, "sources")
                    + then,
                    "unknown-ref",
                )
            continue
        known.outside_period(rec, ev.date, f"{keys[-1]} date", *keys, i, "date")
        known.english_translation(
            rec,
            ev.translation,
            ev.source,
            f"a quote in the {keys[-1]} of {what}",
            *keys,
            i,
            "translation",
        )
        known.after_source(rec, ev.date, ev.source, f"{keys[-1]} date of {what}", *keys, i, "date")
    return ok


def _backed_weight(srec: Record, sf: SideFile, known: Known) -> SideFile:
    """``sf``, its weight left out (counted 1) when a weight_evidence source is unknown."""
    if sf.weight is None:
        return sf
    then = "; the weight is left out (the side counts 1)"
    if unknown_evidence_sources(
        srec, sf.weight_evidence, f"side '{sf.id}'", known, "weight_evidence", then=then
    ):
        return sf
    return sf.model_copy(update={"weight": None, "weight_evidence": []})


def check_decision(
    rec: Record, decision: Decision | None, what: str, known: Known
) -> Decision | None:
    """``decision`` (of ``rec``, at its ``decision`` key), or None when its evidence
    names an unknown source (the rule is then left out, and reported)."""
    if decision is None:
        return None
    then = "; the decision rule is left out"
    if unknown_evidence_sources(
        rec, decision.evidence, what, known, "decision", "evidence", then=then
    ):
        return decision
    return None


def check_issue_decisions(issues: list[Record], known: Known) -> list[Issue]:
    """The issues, an issue's decision left out when its evidence does not resolve."""
    out: list[Issue] = []
    for rec in issues:
        issue: Issue = rec.obj
        decision = check_decision(rec, issue.decision, f"the decision of issue '{issue.id}'", known)
        if decision is not issue.decision:
            issue = issue.model_copy(update={"decision": decision})
        out.append(issue)
    return out


def _check_quote_dates(prec: Record, pos: Position, known: Known) -> None:
    """Dates and translations of every quote of a position (readings' included)."""
    for keys, ev in pos.quotes():
        field = "priority_evidence" if keys[0] == "priority_evidence" else "evidence"
        known.outside_period(prec, ev.date, f"{field} date", *keys, "date")
        known.english_translation(
            prec,
            ev.translation,
            ev.source,
            f"a quote in the {field} of position '{pos.id}'",
            *keys,
            "translation",
        )
        known.after_source(
            prec, ev.date, ev.source, f"{field} date of position '{pos.id}'", *keys, "date"
        )
        if field == "evidence":
            _after_as_of(prec, pos, ev, keys, known.ctx)


def _after_as_of(
    rec: Record, pos: Position, ev: Evidence, keys: tuple[str | int, ...], ctx: ProblemLog
) -> None:
    """Warn (at the evidence's ``date``) when a quote was said after the position it
    supports took effect: a position cannot rest on words said later."""
    if ev.date is not None and ev.date > pos.as_of:
        ctx.add(
            rec.file,
            rec.at(*keys, "date"),
            f"evidence date of position '{pos.id}': {ev.date.isoformat()} is after the "
            f"position's as_of ({pos.as_of.isoformat()}); a position cannot rest on words "
            "said later: move as_of to the day of the quote, or check the evidence's date",
            "evidence-after-as-of",
            "warning",
        )


def check_sides(kept_sides: SideRecords, kept_pos_ids: set[int], known: Known) -> list[Side]:
    """The sides with their valid positions (file name and camp checked too)."""
    ctx = known.ctx
    side_objs: list[Side] = []
    for srec, prs, path in kept_sides:
        sf: SideFile = srec.obj
        stem = path.name.rsplit(".", 1)[0]
        if stem != sf.id:
            ctx.add(
                srec.file,
                srec.at("id"),
                f"the file is named '{path.name}' but the side's id is '{sf.id}'; name the file "
                f"'{sf.id}{path.suffix}' so it is easy to find",
                "file-name",
                "warning",
            )
        sf = _known_camps(srec, sf, known)
        sf = _backed_weight(srec, sf, known)
        kept: list[Position] = []
        for prec in prs:
            if id(prec) not in kept_pos_ids:
                continue
            if check_position(prec, known.issue_by_id, known.source_ids, ctx):
                pos: Position = prec.obj
                known.outside_period(prec, pos.as_of, f"position '{pos.id}' as_of", "as_of")
                _check_quote_dates(prec, pos, known)
                kept.append(pos)
        side_objs.append(Side.from_file(sf, kept, srec.file))
    return side_objs
