"""Stage 5, references: cross-record rules, one checker per kind of record.

Duplicate ids, references between records (issues, sides, camps, sources, events,
dimensions, frames), scale points and ranges, urls, dates outside the dossier's period.
A record that breaks a rule is left out or repaired (a dangling camp is dropped) and
the problem is located at the offending key.
"""

from __future__ import annotations

from negotiation.load.problems import ProblemLog
from negotiation.load.schema_check import Record
from negotiation.model import (
    Issue,
    Position,
    Range,
    ScalePoint,
)


def check_position(
    rec: Record, issue_by_id: dict[str, Issue], source_ids: set[str], ctx: ProblemLog
) -> bool:
    pos: Position = rec.obj
    ok = True
    issue = issue_by_id.get(pos.issue)
    if issue is None:
        ctx.add(
            rec.file,
            rec.at("issue"),
            f"unknown issue '{pos.issue}' in position '{pos.id}'"
            + ctx.suggest(pos.issue, issue_by_id, "issues"),
            "unknown-ref",
        )
        ok = False
    else:
        points = [p.id for p in issue.scale]
        index = {p: i for i, p in enumerate(points)}

        def check_point(point: str, *keys: str) -> bool:
            if point in index:
                return True
            ctx.add(
                rec.file,
                rec.at(*keys),
                f"'{point}' is not a point on the scale of issue '{issue.id}'"
                + ctx.suggest(point, points, "points"),
                "unknown-ref",
            )
            return False

        if pos.ideal is not None:
            ok &= check_point(pos.ideal, "ideal")
        if isinstance(pos.accepts, str):
            ok &= check_point(pos.accepts, "accepts")
        elif isinstance(pos.accepts, Range):
            good_from = check_point(pos.accepts.from_, "accepts", "from")
            good_to = check_point(pos.accepts.to, "accepts", "to")
            ok &= good_from and good_to
            if good_from and good_to and index[pos.accepts.from_] > index[pos.accepts.to]:
                ok = False
                ctx.add(
                    rec.file,
                    rec.at("accepts"),
                    f"the 'accepts' range of position '{pos.id}' is reversed: "
                    f"'{pos.accepts.from_}' "
                    f"comes after '{pos.accepts.to}' on the scale of issue '{issue.id}'; "
                    "swap 'from' and 'to'",
                    "reversed-range",
                )
    for i, ev in enumerate(pos.evidence):
        if ev.source not in source_ids:
            ok = False
            ctx.add(
                rec.file,
                rec.at("evidence", i, "source"),
                f"unknown source '{ev.source}' in the evidence of position '{pos.id}'"
                + ctx.suggest(ev.source, source_ids, "sources"),
                "unknown-ref",
            )
    return ok


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
