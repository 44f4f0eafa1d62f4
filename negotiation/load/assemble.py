"""Stage 6, assemble: one dossier folder through the stages into a :class:`Dossier`.

:func:`load_plan` reads the planned files (stages 2-4), applies the reference checks
(stage 5) and builds the immutable ``Dossier`` with its sorted problems; a missing or
broken ``dossier.yaml`` gets a fallback header so the rest still loads.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from negotiation.dossier import Dossier, Problem, Side
from negotiation.load.discover import Plan, plan_folder
from negotiation.load.problems import ProblemLog, rel, slug
from negotiation.load.references import check_position, dedupe, dedupe_scale
from negotiation.load.schema_check import Record, safe_load_file
from negotiation.load.yaml_read import gc_paused
from negotiation.model import (
    ID_PATTERN,
    Characterisation,
    DossierFile,
    Event,
    IssuesFile,
    Period,
    Position,
    SideFile,
    Source,
    SourcesFile,
)

_ID_RE = re.compile(ID_PATTERN)


# =========================================================================== dossier


def fallback_meta(
    folder: Path, raw: dict[str, Any] | None, dates: list[dt.date]
) -> tuple[DossierFile, bool]:
    """A minimal header when dossier.yaml is missing or broken; True if the period is real."""
    raw = raw or {}
    did = raw.get("id")
    if not (isinstance(did, str) and _ID_RE.match(did)):
        did = slug(folder.name)
    title = raw.get("title")
    if not (isinstance(title, str) and title.strip()):
        title = folder.name
    summary = raw.get("summary")
    if not (isinstance(summary, str) and summary.strip()):
        summary = "(dossier.yaml is missing or could not be read: see the data health page)"
    period: Period | None = None
    try:
        period = Period.model_validate(raw.get("period"))
    except (ValidationError, TypeError):
        period = None
    real = period is not None
    if period is None:
        today = dt.date.today()
        start, end = (min(dates), max(dates)) if dates else (today, today)
        period = Period.model_construct(start=start, end=end)
    meta = DossierFile.model_construct(
        id=did, title=title.strip(), summary=summary.strip(), period=period
    )
    return meta, real


def _rec_date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def load_dossier(folder: str | Path) -> tuple[Dossier | None, list[Problem]]:
    """Load one dossier folder; returns the dossier (None if nothing loads) and its problems."""
    folder = Path(folder)
    if not folder.is_dir():
        return None, [
            Problem(rel(folder), 0, 0, "error", "this dossier folder does not exist", "not-found")
        ]
    with gc_paused():
        dossier, problems, _ = load_plan(plan_folder(folder))
    return dossier, problems


def load_plan(plan: Plan) -> tuple[Dossier | None, list[Problem], Record | None]:
    ctx = ProblemLog()
    ctx.raw.extend(plan.problems)
    try:
        return _load_plan_inner(plan, ctx)
    except Exception as exc:  # never raise on bad data
        ctx.add(
            rel(plan.folder),
            (0, 0),
            f"unexpected error while loading this dossier ({type(exc).__name__}: {exc}); "
            "please report it",
            "internal",
        )
        return None, ctx.problems(slug(plan.folder.name)), None


def _load_plan_inner(
    plan: Plan, ctx: ProblemLog
) -> tuple[Dossier | None, list[Problem], Record | None]:
    folder = plan.folder
    if not plan.files():
        return None, ctx.problems(slug(folder.name)), None
    dfile = safe_load_file(plan.dossier_file, DossierFile, ctx, "dossier.yaml")
    ifile = safe_load_file(plan.issues_file, IssuesFile, ctx, "issues.yaml")
    sfile = safe_load_file(plan.sources_file, SourcesFile, ctx, "sources.yaml")
    sides_raw = [(p, safe_load_file(p, SideFile, ctx, f"sides/{p.name}")) for p in plan.side_files]
    for name, present in (
        ("dossier.yaml", plan.dossier_file),
        ("issues.yaml", plan.issues_file),
        ("sources.yaml", plan.sources_file),
    ):
        if present is None:
            ctx.add(
                rel(folder / name),
                (0, 0),
                f"{name} is missing from this dossier folder",
                "missing-file",
            )
    if not plan.side_files:
        ctx.add(
            rel(folder / "sides"),
            (0, 0),
            "no side files (sides/*.yaml): the dossier has no positions",
            "no-sides",
            "warning",
        )

    d_recs = dfile.records if dfile else {}
    issues = ifile.records.get("issues", []) if ifile else []
    sources = sfile.records.get("sources", []) if sfile else []
    chars = sfile.records.get("characterisations", []) if sfile else []
    camps = d_recs.get("camps", [])
    events = d_recs.get("events", [])
    dims = d_recs.get("dimensions", [])
    frames = d_recs.get("frames", [])

    # -- duplicates ---------------------------------------------------------
    issues = dedupe(issues, "issue", ctx)
    sources = dedupe(sources, "source", ctx)
    chars = dedupe(chars, "characterisation", ctx)
    camps = dedupe(camps, "camp", ctx)
    events = dedupe(events, "event", ctx)
    dims = dedupe(dims, "dimension", ctx)
    frames = dedupe(frames, "frame", ctx)
    issues = [dedupe_scale(r, "issue", ctx) for r in issues]
    dims = [dedupe_scale(r, "dimension", ctx) for r in dims]

    # sides: header + positions
    side_recs: list[tuple[Record, list[Record], Path]] = []
    for path, res in sides_raw:
        if res is None or res.header is None:
            if res is not None:
                ctx.drop("sides", res.raw)
            continue
        side_recs.append(
            (Record(res.header, res.src, (), rel(path)), res.records.get("positions", []), path)
        )
    seen_sides: dict[str, Record] = {}
    kept_sides: list[tuple[Record, list[Record], Path]] = []
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
    all_positions = dedupe([p for _, prs, _ in kept_sides for p in prs], "position", ctx)
    kept_pos_ids = {id(p) for p in all_positions}

    # -- meta -----------------------------------------------------------------
    dates: list[dt.date] = []
    for _, prs, _ in kept_sides:
        dates.extend(p.obj.as_of for p in prs)
    dates.extend(s.obj.date for s in sources)
    dates.extend(e.obj.date for e in events)
    header = dfile.header if dfile else None
    if header is not None:
        meta_base, real_period = header, True
    else:
        meta_base, real_period = fallback_meta(folder, dfile.raw if dfile else None, dates)
    dossier_id = meta_base.id
    period = meta_base.period

    issue_by_id = {r.obj.id: r.obj for r in issues}
    source_ids = {r.obj.id for r in sources}
    side_ids = set(seen_sides)
    camp_ids = {r.obj.id for r in camps}
    event_ids = {r.obj.id for r in events}
    dim_by_id = {r.obj.id: r.obj for r in dims}
    frame_ids = {r.obj.id for r in frames}

    def outside_period(rec: Record, day: dt.date | None, what: str, *keys: str | int) -> None:
        if real_period and day is not None and not (period.start <= day <= period.end):
            ctx.add(
                rec.file,
                rec.at(*keys),
                f"{what} {day.isoformat()} is outside the dossier's period "
                f"({period.start.isoformat()} to {period.end.isoformat()})",
                "date-outside-period",
                "warning",
            )

    # -- events ---------------------------------------------------------------
    def known_refs(rec: Record, ev: Event, field: str, known: set[str], what: str) -> list[str]:
        """The ids of ``ev.<field>`` that resolve; each unknown one is reported."""
        keep = []
        for i, ref in enumerate(getattr(ev, field)):
            if ref in known:
                keep.append(ref)
            else:
                ctx.add(
                    rec.file,
                    rec.at(field, i),
                    f"unknown {what} '{ref}' in event '{ev.id}'" + ctx.suggest(ref, known, field),
                    "unknown-ref",
                )
        return keep

    event_objs: list[Event] = []
    for rec in events:
        ev: Event = rec.obj
        outside_period(rec, ev.date, f"event '{ev.id}' date", "date")
        keep_sides = known_refs(rec, ev, "sides", side_ids, "side")
        keep_sources = known_refs(rec, ev, "sources", source_ids, "source")
        if keep_sides != ev.sides or keep_sources != ev.sources:
            ev = ev.model_copy(update={"sides": keep_sides, "sources": keep_sources})
        event_objs.append(ev)

    meta = meta_base.model_copy(
        update={
            "camps": [r.obj for r in camps],
            "events": event_objs,
            "dimensions": [r.obj for r in dims],
            "frames": [r.obj for r in frames],
        }
    )

    # -- sources --------------------------------------------------------------
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
        source_objs.append(src)

    # -- characterisations ----------------------------------------------------
    char_objs: list[Characterisation] = []
    about_ids = {"issue": set(issue_by_id), "side": side_ids, "event": event_ids}
    for rec in chars:
        ch: Characterisation = rec.obj
        ok = True
        if ch.source not in source_ids:
            ok = False
            ctx.add(
                rec.file,
                rec.at("source"),
                f"unknown source '{ch.source}'" + ctx.suggest(ch.source, source_ids, "sources"),
                "unknown-ref",
            )
        if not isinstance(ch.about, str):
            kind, ref = ch.about.kind, ch.about.ref
            if ref not in about_ids[kind]:
                ok = False
                ctx.add(
                    rec.file,
                    rec.at("about", kind),
                    f"unknown {kind} '{ref}'" + ctx.suggest(ref, about_ids[kind], f"{kind}s"),
                    "unknown-ref",
                )
        dim = dim_by_id.get(ch.dimension)
        if dim is None:
            ok = False
            ctx.add(
                rec.file,
                rec.at("dimension"),
                f"unknown dimension '{ch.dimension}'"
                + ctx.suggest(ch.dimension, dim_by_id, "dimensions"),
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
        for i, fr in enumerate(ch.frames):
            if fr not in frame_ids:
                ok = False
                ctx.add(
                    rec.file,
                    rec.at("frames", i),
                    f"unknown frame '{fr}'" + ctx.suggest(fr, frame_ids, "frames"),
                    "unknown-ref",
                )
        outside_period(rec, ch.date, f"characterisation '{ch.id}' date", "date")
        if ok:
            char_objs.append(ch)

    # -- sides and positions --------------------------------------------------
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
        if sf.camp is not None and sf.camp not in camp_ids:
            ctx.add(
                srec.file,
                srec.at("camp"),
                f"unknown camp '{sf.camp}'"
                + ctx.suggest(sf.camp, camp_ids, "camps")
                + "; the side is shown without a camp",
                "unknown-ref",
            )
            sf = sf.model_copy(update={"camp": None})
        kept: list[Position] = []
        for prec in prs:
            if id(prec) not in kept_pos_ids:
                continue
            if check_position(prec, issue_by_id, source_ids, ctx):
                pos: Position = prec.obj
                outside_period(prec, pos.as_of, f"position '{pos.id}' as_of", "as_of")
                for i, ev in enumerate(pos.evidence):
                    outside_period(prec, ev.date, "evidence date", "evidence", i, "date")
                kept.append(pos)
        side_objs.append(Side.from_file(sf, kept, srec.file))

    dossier_rec = Record(meta, dfile.src, (), rel(plan.dossier_file)) if dfile and header else None
    problems = ctx.problems(dossier_id)
    dossier = Dossier(
        id=dossier_id,
        path=rel(folder),
        meta=meta,
        issues=tuple(r.obj for r in issues),
        sides=tuple(side_objs),
        sources=tuple(source_objs),
        characterisations=tuple(char_objs),
        problems=tuple(problems),
    )
    return dossier, problems, dossier_rec
