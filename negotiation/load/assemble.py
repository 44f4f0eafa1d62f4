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

from negotiation.dossier import Dossier, Problem
from negotiation.load.codings import check_codings
from negotiation.load.discover import Plan, plan_folder
from negotiation.load.problems import ProblemLog, rel, slug
from negotiation.load.references import (
    Known,
    check_characterisations,
    check_codebook,
    check_decision,
    check_events,
    check_issue_decisions,
    check_sides,
    check_sources,
    dedupe,
    dedupe_scale,
    dedupe_sides,
)
from negotiation.load.schema_check import Record, safe_load_file
from negotiation.load.yaml_read import gc_paused
from negotiation.model import (
    ID_PATTERN,
    CodingFile,
    DossierFile,
    IssuesFile,
    Period,
    SideFile,
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
    codings_raw = [
        (p, safe_load_file(p, CodingFile, ctx, f"codings/{p.name}")) for p in plan.coding_files
    ]
    _report_missing_files(plan, ctx)

    d_recs = dfile.records if dfile else {}
    issues = dedupe(ifile.records.get("issues", []) if ifile else [], "issue", ctx)
    sources = dedupe(sfile.records.get("sources", []) if sfile else [], "source", ctx)
    chars = dedupe(
        sfile.records.get("characterisations", []) if sfile else [], "characterisation", ctx
    )
    camps = dedupe(d_recs.get("camps", []), "camp", ctx)
    events = dedupe(d_recs.get("events", []), "event", ctx)
    dims = dedupe(d_recs.get("dimensions", []), "dimension", ctx)
    frames = dedupe(d_recs.get("frames", []), "frame", ctx)
    issues = [dedupe_scale(r, "issue", ctx) for r in issues]
    dims = [dedupe_scale(r, "dimension", ctx) for r in dims]
    check_codebook(dims, ctx)
    kept_sides, seen_sides = dedupe_sides(sides_raw, ctx)
    all_positions = dedupe([p for _, prs, _ in kept_sides for p in prs], "position", ctx)

    dates = [p.obj.as_of for _, prs, _ in kept_sides for p in prs]
    dates.extend(s.obj.date for s in sources)
    dates.extend(e.obj.date for e in events)
    header = dfile.header if dfile else None
    if header is not None:
        meta_base, real_period = header, True
    else:
        meta_base, real_period = fallback_meta(folder, dfile.raw if dfile else None, dates)

    known = Known(
        ctx,
        issue_by_id={r.obj.id: r.obj for r in issues},
        source_ids={r.obj.id for r in sources},
        side_ids=set(seen_sides),
        camp_ids={r.obj.id for r in camps},
        event_ids={r.obj.id for r in events},
        dim_by_id={r.obj.id: r.obj for r in dims},
        frame_ids={r.obj.id for r in frames},
        period=meta_base.period if real_period else None,
        source_dates={r.obj.id: r.obj.date for r in sources if r.obj.date is not None},
        source_languages={r.obj.id: r.obj.lang for r in sources},
    )
    dossier_rec = (
        Record(meta_base, dfile.src, (), rel(plan.dossier_file)) if dfile and header else None
    )
    decision = (
        check_decision(dossier_rec, meta_base.decision, "the dossier's decision", known)
        if dossier_rec is not None
        else None
    )
    meta = meta_base.model_copy(
        update={
            "decision": decision,
            "camps": [r.obj for r in camps],
            "events": check_events(events, known),
            "dimensions": [r.obj for r in dims],
            "frames": [r.obj for r in frames],
        }
    )
    issue_objs = check_issue_decisions(issues, known)
    source_objs = check_sources(sources, ctx)
    checked = check_characterisations(chars, known)
    char_objs = [c for c in checked if not c.withdrawn]
    side_objs = check_sides(kept_sides, {id(p) for p in all_positions}, known)
    all_char_ids = {str(r.obj.id) for r in chars} | ctx.dropped.get("characterisations", set())
    coding_objs = check_codings(codings_raw, checked, all_char_ids, known.dim_by_id, ctx)
    ctx.flush_follow_ons()  # one message per dropped record, not one per reference

    if dossier_rec is not None:
        dossier_rec = Record(meta, dossier_rec.src, (), dossier_rec.file)
    problems = ctx.problems(meta_base.id)
    dossier = Dossier(
        id=meta_base.id,
        path=rel(folder),
        meta=meta,
        issues=tuple(issue_objs),
        sides=tuple(side_objs),
        sources=tuple(source_objs),
        characterisations=tuple(char_objs),
        problems=tuple(problems),
        codings=tuple(coding_objs),
        all_characterisations=tuple(checked),
    )
    return dossier, problems, dossier_rec


def _report_missing_files(plan: Plan, ctx: ProblemLog) -> None:
    for name, present in (
        ("dossier.yaml", plan.dossier_file),
        ("issues.yaml", plan.issues_file),
        ("sources.yaml", plan.sources_file),
    ):
        if present is None:
            ctx.add(
                rel(plan.folder / name),
                (0, 0),
                f"{name} is missing from this dossier folder",
                "missing-file",
            )
    if not plan.side_files:
        ctx.add(
            rel(plan.folder / "sides"),
            (0, 0),
            "no side files (sides/*.yaml): the dossier has no positions",
            "no-sides",
            "warning",
        )
