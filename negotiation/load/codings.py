"""Stage 5, references (codings): each codings/*.yaml file checked against the dossier.

A coding names a characterisation of sources.yaml and gives it a point of that
characterisation's dimension (or ``not-a-characterisation``). An unknown id or a value
off the scale is an error at its key, with the closest valid ids; the entry is left
out and the rest of the file still counts. A file whose coder id is reserved or
already used is left out; one whose name differs from its coder id gets a warning.

Also here, for sources.yaml: a characterisation's ``reconciled_from`` (its value before
reconciling with the codings) must be another point of its dimension.
"""

from __future__ import annotations

from pathlib import Path

from negotiation.dossier import CodedValue, Coding
from negotiation.load.nodes import locate, mark_of
from negotiation.load.problems import ProblemLog, rel
from negotiation.load.schema_check import FileResult, Record
from negotiation.model import MAIN_CODER, NOT_A_CHARACTERISATION, Characterisation, Dimension


def _key_at(rec: Record) -> tuple[int, int]:
    """Where the entry's key (the characterisation id) is written."""
    found = locate(rec.src.root(), rec.path)
    return mark_of(found.key_node if found.key_node is not None else found.node)


def check_codings(
    files: list[tuple[Path, FileResult | None]],
    chars: list[Characterisation],
    all_char_ids: set[str],
    dim_by_id: dict[str, Dimension],
    ctx: ProblemLog,
) -> list[Coding]:
    """The codings whose header validated, each with the entries that resolve.

    ``chars`` are the characterisations that loaded; ``all_char_ids`` every id written in
    sources.yaml (to tell a typo from a characterisation left out for its own errors).
    """
    by_id = {c.id: c for c in chars}
    out: list[Coding] = []
    first_file: dict[str, str] = {}
    for path, res in files:
        if res is None or res.header is None:
            continue
        file = rel(path)
        head = Record(res.header, res.src, (), file)
        coder = res.header.coder
        if coder == MAIN_CODER:
            ctx.add(
                file,
                head.at("coder"),
                f"the coder id '{MAIN_CODER}' is reserved for the values in sources.yaml; "
                "choose another id (and name the file after it); this file is left out",
                "reserved-id",
            )
            continue
        if coder in first_file:
            ctx.add(
                file,
                head.at("coder"),
                f"duplicate coder id '{coder}': already used in {first_file[coder]}; "
                "this file is left out",
                "duplicate-id",
            )
            continue
        first_file[coder] = file
        stem = path.name.rsplit(".", 1)[0]
        if stem != coder:
            ctx.add(
                file,
                head.at("coder"),
                f"the file is named '{path.name}' but the coder id is '{coder}'; name the "
                f"file '{coder}{path.suffix}' so it is easy to find",
                "file-name",
                "warning",
            )
        values = [
            v
            for rec in res.records.get("codings", [])
            if (v := _entry(rec, by_id, all_char_ids, dim_by_id, ctx))
        ]
        out.append(
            Coding(
                coder=coder,
                method=res.header.method,
                name=res.header.name,
                values=tuple(values),
                file=file,
            )
        )
    return out


def _entry(
    rec: Record,
    by_id: dict[str, Characterisation],
    all_char_ids: set[str],
    dim_by_id: dict[str, Dimension],
    ctx: ProblemLog,
) -> CodedValue | None:
    cid, entry = rec.obj
    char = by_id.get(cid)
    if char is None:
        if cid in all_char_ids:
            hint = " (it exists but was left out because of its own errors, reported elsewhere)"
        else:
            hint = ctx.suggest(cid, by_id, "characterisations")
        ctx.add(
            rec.file,
            _key_at(rec),
            f"unknown characterisation '{cid}' in this coding{hint}",
            "unknown-ref",
        )
        return None
    points = [p.id for p in dim_by_id[char.dimension].scale]
    if entry.value not in points and entry.value != NOT_A_CHARACTERISATION:
        allowed = [*points, NOT_A_CHARACTERISATION]
        ctx.add(
            rec.file,
            rec.at("value"),
            f"'{entry.value}' is not a value of dimension '{char.dimension}' (characterisation "
            f"'{cid}')" + ctx.suggest(entry.value, allowed, "values"),
            "unknown-ref",
        )
        return None
    return CodedValue(cid, entry.value, entry.note)


def reconciled_from_checked(
    rec: Record, ch: Characterisation, points: list[str], ctx: ProblemLog
) -> Characterisation:
    """A characterisation whose ``reconciled_from`` (the value before reconciliation) is
    a point of its dimension other than ``value``; otherwise the error is reported at
    the key and the characterisation is kept without it (its value still counts)."""
    old = ch.reconciled_from
    if old is None:
        return ch
    if old == ch.value:
        message = (
            f"reconciled_from of characterisation '{ch.id}' is '{old}', the same as its "
            "value, so it is ignored: give the value it had before reconciling, or remove "
            "reconciled_from if reconciling did not change it"
        )
    elif old not in points:
        others = [p for p in points if p != ch.value]
        message = (
            f"reconciled_from '{old}' of characterisation '{ch.id}' is not a value of "
            f"dimension '{ch.dimension}', so it is ignored" + ctx.suggest(old, others, "values")
        )
    else:
        return ch
    ctx.add(rec.file, rec.at("reconciled_from"), message, "unknown-ref")
    return ch.model_copy(update={"reconciled_from": None})
