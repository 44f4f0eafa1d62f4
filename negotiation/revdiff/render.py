"""Rendering a diff report (:mod:`negotiation.revdiff.build`) as text, markdown or json."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from negotiation.revdiff.build import gap_words

FORMATS = ("text", "markdown", "json")


# --------------------------------------------------------------------------- rendering


def _value(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, list):
        if all(isinstance(x, str) for x in v):
            return "; ".join(v) if v else "none"
        return f"{len(v)} item" + ("" if len(v) == 1 else "s")
    if isinstance(v, dict):
        return ", ".join(f"{k}: {_value(x)}" for k, x in v.items())
    return str(v)


def field_text(f: dict[str, Any]) -> str:
    if f["field"] == "evidence":
        b, a = f["before"] or [], f["after"] or []
        if len(a) != len(b):
            return f"evidence: {_value(b)} → {_value(a)}"
        return "evidence: quotes edited"
    return f"{f['field']}: {_value(f['before'])} → {_value(f['after'])}"


def _brief_text(p: dict[str, Any]) -> str:
    rng = f", accepts {p['accepts']}" if p["accepts"] else ", not placed"
    return f"{p['id']} ({p['side']}, {p['issue']}, as of {p['as_of']}): {p['stance']}{rng}"


def _counts(d: dict[str, Any]) -> str:
    pos = d["positions"]
    return (
        f"{len(pos['added'])} added, {len(pos['removed'])} removed, {len(pos['changed'])} changed"
    )


def _heading(report: dict[str, Any]) -> str:
    return f"{report['old']} → {report['new']}"


def _compared(d: dict[str, Any], report: dict[str, Any]) -> str:
    names = d["comparison"]["party_names"]
    when = f"as of {report['date']}" if report["date"] else "latest positions"
    return f"{' vs '.join(names)}, {when}" if names else when


def _not_compared(comp: dict[str, Any]) -> str:
    if not comp["parties"]:
        return "fewer than two sides or camps"
    return f"no party {' or '.join(comp['parties'])} in this dossier"


def _problems_note(d: dict[str, Any]) -> str | None:
    b, a = d["problems"]["before"], d["problems"]["after"]
    if b == a or a is None:
        return None
    before = f"{b['errors']} errors, {b['warnings']} warnings" if b else "—"
    return f"problems: {before} → {a['errors']} errors, {a['warnings']} warnings"


def render_text(report: dict[str, Any]) -> str:
    lines = [f"Positions diff: {_heading(report)}"]
    changed = {k: d for k, d in report["dossiers"].items() if d["status"] != "unchanged"}
    if not changed:
        lines.append("No changes to the dossiers.")
    for key, d in changed.items():
        lines += ["", f"{d['title']} ({key}): {d['status']}"]
        comp = d["comparison"]
        if not comp["parties_found"]:
            lines.append(f"  gaps: not compared ({_not_compared(comp)})")
        if comp["gaps"]:
            lines.append(f"  gaps ({_compared(d, report)}):")
            lines += [f"    {c['text']}" for c in comp["gaps"]]
        if comp["overlaps"]:
            lines.append("  overlap of all sides:")
            lines += [f"    {c['text']}" for c in comp["overlaps"]]
        if comp["camps"]:
            lines.append("  camps:")
            lines += [f"    {c['text']}" for c in comp["camps"]]
        pos = d["positions"]
        if any(pos.values()):
            lines.append(f"  positions: {_counts(d)}")
            lines += [f"    + {_brief_text(p)}" for p in pos["added"]]
            lines += [f"    - {_brief_text(p)}" for p in pos["removed"]]
            for c in pos["changed"]:
                what = "; ".join(field_text(f) for f in c["fields"])
                lines.append(f"    ~ {c['id']} ({c['side']}, {c['issue']}): {what}")
        for kind in ("issues", "sides", "sources"):
            part = d[kind]
            bits = [f"+ {i}" for i in part["added"]] + [f"- {i}" for i in part["removed"]]
            if bits:
                lines.append(f"  {kind}: {', '.join(bits)}")
        note = _problems_note(d)
        if note:
            lines.append(f"  {note}")
    unchanged = [k for k, d in report["dossiers"].items() if d["status"] == "unchanged"]
    if unchanged:
        lines += ["", f"Unchanged: {', '.join(unchanged)}"]
    return "\n".join(lines) + "\n"


def _md(text: Any) -> str:
    """Data-derived text safe in a Markdown table cell (no HTML, no table breaks)."""
    s = str(text).replace("\r", " ").replace("\n", " ")
    for ch in "\\`*_[]<>|#":
        s = s.replace(ch, "\\" + ch)
    return s


def _code(text: Any) -> str:
    return "`" + str(text).replace("`", "'") + "`"


def _table(header: Sequence[str], rows: list[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return [*out, ""]


def render_markdown(report: dict[str, Any]) -> str:
    lines = [f"## Positions diff: {_code(report['old'])} → {_md(report['new'])}", ""]
    changed = {k: d for k, d in report["dossiers"].items() if d["status"] != "unchanged"}
    if not changed:
        lines += ["No changes to the dossiers.", ""]
    for key, d in changed.items():
        lines += [f"### {_md(d['title'])} ({_code(key)}): {d['status']}", ""]
        comp = d["comparison"]
        if not comp["parties_found"]:
            lines += [f"**Gaps**: not compared ({_md(_not_compared(comp))})", ""]
        if comp["gaps"]:
            lines += [f"**Gaps** ({_md(_compared(d, report))})", ""]
            lines += _table(
                ["issue", "change", "before", "after"],
                [
                    [
                        _md(c["issue_title"]),
                        c["kind"],
                        _md(gap_words(c["before"])),
                        _md(gap_words(c["after"])),
                    ]
                    for c in comp["gaps"]
                ],
            )
        if comp["overlaps"]:
            lines += ["**Overlap of all sides**", ""]
            lines += _table(
                ["issue", "change", "what"],
                [[_md(c["issue_title"]), c["kind"], _md(c["text"])] for c in comp["overlaps"]],
            )
        if comp["camps"]:
            lines += ["**Camps**", ""]
            lines += _table(
                ["issue", "camp", "change"],
                [[_md(c["issue_title"]), _md(c["camp_name"]), c["kind"]] for c in comp["camps"]],
            )
        pos = d["positions"]
        if any(pos.values()):
            lines += [f"**Positions**: {_counts(d)}", ""]
            rows = [
                ["added", _code(p["id"]), _md(_brief_text(p).split(": ", 1)[1]), ""]
                for p in pos["added"]
            ]
            rows += [
                ["removed", _code(p["id"]), _md(_brief_text(p).split(": ", 1)[1]), ""]
                for p in pos["removed"]
            ]
            rows += [
                [
                    "changed",
                    _code(c["id"]),
                    _md(f"{c['side']}, {c['issue']}"),
                    _md("; ".join(field_text(f) for f in c["fields"])),
                ]
                for c in pos["changed"]
            ]
            lines += _table(["", "position", "side, issue", "what changed"], rows)
        for kind in ("issues", "sides", "sources"):
            part = d[kind]
            bits = [f"added {_code(i)}" for i in part["added"]]
            bits += [f"removed {_code(i)}" for i in part["removed"]]
            if bits:
                lines += [f"**{kind.capitalize()}**: {', '.join(bits)}", ""]
        note = _problems_note(d)
        if note:
            lines += [f"**Validation** {note}", ""]
    unchanged = [k for k, d in report["dossiers"].items() if d["status"] == "unchanged"]
    if unchanged:
        lines += ["Unchanged: " + ", ".join(_code(k) for k in unchanged), ""]
    return "\n".join(lines)


def render(report: dict[str, Any], fmt: str = "text") -> str:
    """The report as ``text``, ``markdown`` or ``json``."""
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "text":
        return render_text(report)
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
