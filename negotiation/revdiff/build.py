"""Building the diff report: two states of the positions compared, records and analysis
(the report's shape is in :mod:`negotiation.revdiff`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from negotiation import analysis
from negotiation.dossier import Dossier, LoadResult
from negotiation.model import Issue, Position

WORKING_TREE = "working tree"


# --------------------------------------------------------------------------- records


def _range_text(issue: Issue | None, pos: Position) -> str | None:
    if issue is None:
        return None
    iv = analysis.position_interval(issue, pos)
    if iv is None:
        return None
    lo, hi = (issue.scale[iv[0]].label, issue.scale[iv[1]].label)
    return lo if iv[0] == iv[1] else f"{lo} – {hi}"


def _position_brief(d: Dossier, side: str, pos: Position) -> dict[str, Any]:
    return {
        "id": pos.id,
        "side": side,
        "issue": pos.issue,
        "as_of": pos.as_of.isoformat(),
        "stance": pos.stance,
        "accepts": _range_text(d.issue_by_id.get(pos.issue), pos),
        "summary": pos.summary,
    }


def _fields(d: Dossier, side: str, pos: Position) -> dict[str, Any]:
    out = {"side": side, **pos.model_dump(mode="json", by_alias=True)}
    if out.get("accepts") is not None:  # ranges as the labels a reader sees
        out["accepts"] = _range_text(d.issue_by_id.get(pos.issue), pos) or out["accepts"]
    return out


def position_changes(old: Dossier | None, new: Dossier | None) -> dict[str, list[Any]]:
    """Positions added, removed and changed (field by field), matched by id."""
    before = {p.id: (s, p) for s, p in old.positions()} if old else {}
    after = {p.id: (s, p) for s, p in new.positions()} if new else {}
    added = [_position_brief(new, *after[i]) for i in after if i not in before] if new else []
    removed = [_position_brief(old, *before[i]) for i in before if i not in after] if old else []
    changed = []
    for pid in after:
        if pid not in before or old is None or new is None:
            continue
        fa, fb = _fields(old, *before[pid]), _fields(new, *after[pid])
        diffs = [
            {"field": k, "before": fa.get(k), "after": fb.get(k)}
            for k in dict.fromkeys([*fa, *fb])
            if fa.get(k) != fb.get(k)
        ]
        if diffs:
            side, pos = after[pid]
            changed.append({"id": pid, "side": side, "issue": pos.issue, "fields": diffs})
    return {"added": added, "removed": removed, "changed": changed}


def _ids_changes(old: Iterable[str], new: Iterable[str]) -> dict[str, list[str]]:
    a, b = list(old), list(new)
    return {"added": [i for i in b if i not in a], "removed": [i for i in a if i not in b]}


# --------------------------------------------------------------------------- comparison


def _steps(n: Any) -> str:
    return f"{n} step" if n == 1 else f"{n} steps"


def _span(lo: Any, hi: Any) -> str | None:
    if lo is None or pd.isna(lo):
        return None
    return str(lo) if lo == hi else f"{lo} – {hi}"


def _gap_state(row: pd.Series) -> dict[str, Any]:
    gap = row["gap"]
    return {
        "status": row["status"],
        "gap": None if pd.isna(gap) else int(gap),
        "a_range": _span(row["a_from_label"], row["a_to_label"]),
        "b_range": _span(row["b_from_label"], row["b_to_label"]),
        "overlap": _span(row["overlap_from_label"], row["overlap_to_label"]),
        **({"at_least": True} if row.get("gap_at_least", False) else {}),
    }


def gap_words(state: dict[str, Any] | None) -> str:
    if state is None:
        return "not compared"
    if state["status"] == "gap":
        return f"gap of {'at least ' if state.get('at_least') else ''}{_steps(state['gap'])}"
    if state["status"] == "overlap":
        return f"overlap at {state['overlap']}"
    return str(state["status"])


def _gap_rows(d: Dossier | None, parties: Sequence[str] | None, date: Any) -> dict[str, Any]:
    if d is None or not parties:
        return {}
    try:
        table = analysis.gap_table(d, parties[0], parties[1], date)
    except analysis.UnknownPartyError:
        return {}
    return {r["issue"]: (r["issue_title"], _gap_state(r)) for _, r in table.iterrows()}


def gap_changes(
    old: Dossier | None, new: Dossier | None, parties: Sequence[str] | None, date: Any = None
) -> list[dict[str, Any]]:
    """How the gap between ``parties`` changed, issue by issue."""
    before, after = _gap_rows(old, parties, date), _gap_rows(new, parties, date)
    out = []
    for issue in dict.fromkeys([*after, *before]):
        title = (after.get(issue) or before[issue])[0]
        b = before.get(issue, (None, None))[1]
        a = after.get(issue, (None, None))[1]
        if b == a:
            continue
        was_gap, is_gap = bool(b and b["status"] == "gap"), bool(a and a["status"] == "gap")
        if is_gap and not was_gap:
            kind = "opened"
        elif was_gap and a is not None and a["status"] == "overlap":
            kind = "closed"
        elif was_gap and is_gap and a["gap"] != b["gap"]:
            kind = "widened" if a["gap"] > b["gap"] else "narrowed"
        elif (b and b["status"]) != (a and a["status"]) or (
            b and a and b["status"] == "overlap" and b["overlap"] != a["overlap"]
        ):
            kind = "changed"
        else:
            continue  # same status and size; the ranges moved (see the positions)
        text = f"gap {kind} on {title}: {gap_words(b)} → {gap_words(a)}"
        if kind == "changed":
            text = f"{title}: {gap_words(b)} → {gap_words(a)}"
        out.append(
            {
                "issue": issue,
                "issue_title": title,
                "kind": kind,
                "before": b,
                "after": a,
                "text": text,
            }
        )
    return out


def _overlap_rows(d: Dossier | None, date: Any) -> dict[str, Any]:
    if d is None or len(d.sides) < 2:
        return {}
    table = analysis.overlap_table(d, analysis.default_parties(d), date)  # no mediators
    rows = {}
    for _, r in table.iterrows():
        rows[r["issue"]] = (
            r["issue_title"],
            {
                "status": r["status"],
                "overlap": _span(r["overlap_from_label"], r["overlap_to_label"]),
                "blockers": list(r["blockers"]),
                "blocker_labels": list(r["blocker_labels"]),
                "not_placed": list(r["not_placed"]),
            },
        )
    return rows


def _names(labels: Sequence[str]) -> str:
    return ", ".join(labels) if labels else "none"


def overlap_changes(
    old: Dossier | None, new: Dossier | None, date: Any = None
) -> list[dict[str, Any]]:
    """How the overlap of all sides at once, and who blocks it, changed per issue."""
    before, after = _overlap_rows(old, date), _overlap_rows(new, date)
    out = []
    for issue in dict.fromkeys([*after, *before]):
        title = (after.get(issue) or before[issue])[0]
        b = before.get(issue, (None, None))[1]
        a = after.get(issue, (None, None))[1]
        had = bool(b and b["status"] == "overlap")
        has = bool(a and a["status"] == "overlap")
        if has and not had:
            kind, text = "gained", f"overlap of all sides gained on {title}: {a['overlap']}"
        elif had and not has:
            blk = _names(a["blocker_labels"]) if a else "none"
            kind, text = "lost", f"overlap of all sides lost on {title} (blocked by {blk})"
        elif had and has and b["overlap"] != a["overlap"]:
            kind = "moved"
            text = f"overlap of all sides moved on {title}: {b['overlap']} → {a['overlap']}"
        elif b and a and b["blockers"] != a["blockers"]:
            kind = "blockers"
            text = (
                f"blockers changed on {title}: {_names(b['blocker_labels'])} → "
                f"{_names(a['blocker_labels'])}"
            )
        else:
            continue
        out.append(
            {
                "issue": issue,
                "issue_title": title,
                "kind": kind,
                "before": b,
                "after": a,
                "text": text,
            }
        )
    return out


def _camp_rows(d: Dossier | None, date: Any) -> dict[tuple[str, str], Any]:
    if d is None or not d.camps:
        return {}
    table = analysis.camp_table(d, date)
    return {
        (r["issue"], r["camp"]): (r["issue_title"], r["camp_name"], r) for _, r in table.iterrows()
    }


def camp_changes(
    old: Dossier | None, new: Dossier | None, date: Any = None
) -> list[dict[str, Any]]:
    """Camps that split (members' ranges no longer meet) or reunited, per issue."""
    before, after = _camp_rows(old, date), _camp_rows(new, date)
    out = []
    for key in dict.fromkeys([*after, *before]):
        if key not in before or key not in after:
            continue
        rb, ra = before[key][2], after[key][2]
        if bool(rb["split"]) == bool(ra["split"]):
            continue
        kind = "split" if ra["split"] else "reunited"
        state = {
            r_name: {"split": bool(r["split"]), "range": _span(r["from_label"], r["to_label"])}
            for r_name, r in (("before", rb), ("after", ra))
        }
        text = f"{after[key][1]} {kind} on {after[key][0]}"
        if kind == "split":
            text += f" (blocking members: {', '.join(ra['blockers']) or 'none'})"
        out.append(
            {
                "issue": key[0],
                "issue_title": after[key][0],
                "camp": key[1],
                "camp_name": after[key][1],
                "kind": kind,
                "before": state["before"],
                "after": state["after"],
                "text": text,
            }
        )
    return out


# --------------------------------------------------------------------------- dossiers


def _problem_counts(d: Dossier | None) -> dict[str, int] | None:
    if d is None:
        return None
    errors = sum(1 for p in d.problems if p.severity == "error")
    return {"errors": errors, "warnings": len(d.problems) - errors}


def default_parties(old: Dossier | None, new: Dossier | None) -> tuple[str, str] | None:
    from negotiation.export import default_gap_parties

    for d in (new, old):
        if d is not None:
            found = default_gap_parties(d)
            if found:
                return found
    return None


def party_names(d: Dossier | None, parties: Sequence[str] | None) -> list[str] | None:
    if not parties:
        return None
    if d is None:
        return list(parties)
    try:
        return [analysis.party_label(d, p) for p in parties]
    except analysis.UnknownPartyError:
        return list(parties)


def _resolves(d: Dossier | None, parties: Sequence[str]) -> bool:
    if d is None:
        return False
    try:
        for p in parties:
            analysis.resolve_party(d, p)
    except analysis.UnknownPartyError:
        return False
    return True


def diff_dossier(
    old: Dossier | None,
    new: Dossier | None,
    parties: Sequence[str] | None = None,
    date: dt.date | None = None,
) -> dict[str, Any]:
    """Every change between two states of one dossier (either may be None)."""
    parties = tuple(parties) if parties else default_parties(old, new)
    comparison = {
        "parties": list(parties) if parties else None,
        "party_names": party_names(new or old, parties),
        "parties_found": bool(parties) and (_resolves(old, parties) or _resolves(new, parties)),
        "gaps": gap_changes(old, new, parties, date),
        "overlaps": overlap_changes(old, new, date),
        "camps": camp_changes(old, new, date),
    }
    report = {
        "title": (new or old).title if (new or old) else "",
        "problems": {"before": _problem_counts(old), "after": _problem_counts(new)},
        "positions": position_changes(old, new),
        "issues": _ids_changes(
            [i.id for i in old.issues] if old else [], [i.id for i in new.issues] if new else []
        ),
        "sides": _ids_changes(
            [s.id for s in old.sides] if old else [], [s.id for s in new.sides] if new else []
        ),
        "sources": _ids_changes(
            [s.id for s in old.sources] if old else [], [s.id for s in new.sources] if new else []
        ),
        "comparison": comparison,
    }
    if old is None:
        status = "added"
    elif new is None:
        status = "removed"
    else:
        lists = [report["positions"], report["issues"], report["sides"], report["sources"]]
        touched = any(v for part in lists for v in part.values())
        touched = touched or any(comparison[k] for k in ("gaps", "overlaps", "camps"))
        touched = touched or report["problems"]["before"] != report["problems"]["after"]
        status = "changed" if touched else "unchanged"
    return {"status": status, **report}


def diff_results(
    old: LoadResult,
    new: LoadResult,
    old_label: str = "old",
    new_label: str = "new",
    parties: Sequence[str] | None = None,
    date: dt.date | None = None,
) -> dict[str, Any]:
    """The report comparing every dossier present in ``old`` or ``new``."""
    ids = list(dict.fromkeys([*new.dossiers, *old.dossiers]))
    return {
        "old": old_label,
        "new": new_label,
        "parties": list(parties) if parties else None,
        "date": date.isoformat() if date else None,
        "dossiers": {
            i: diff_dossier(old.dossiers.get(i), new.dossiers.get(i), parties, date) for i in ids
        },
    }


def diff_revisions(
    positions_dir: str | Path,
    old_rev: str,
    new_rev: str | None = None,
    parties: Sequence[str] | None = None,
    date: dt.date | None = None,
) -> dict[str, Any]:
    """Compare ``positions_dir`` at git revision ``old_rev`` with ``new_rev`` (None: the
    working tree). Raises :class:`negotiation.revisions.GitError`."""
    from negotiation import revisions

    root = revisions.repo_root(positions_dir)
    revisions.resolve(root, old_rev)
    if new_rev is not None:
        revisions.resolve(root, new_rev)
    old = revisions.load_at(positions_dir, old_rev)
    new = revisions.load_at(positions_dir, new_rev)
    return diff_results(old, new, old_rev, new_rev or WORKING_TREE, parties, date)
