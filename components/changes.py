"""Changes: the loaded data compared with a recent commit that touched the positions
folder, with the same diff as ``python -m negotiation diff`` (gaps opened, closed,
widened or narrowed; overlaps; camps; positions added, removed, changed).

Without git history (not a checkout, git missing, no commit touching the folder) the
page says so and stops; a shallow checkout is named as such.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from components import data, rule_view
from components.common import md, require_dossier
from components.sidebar import page_setup
from negotiation import loader, revdiff, revisions

W_COMMIT = "w_changes_commit"
COMMITS_SHOWN = 20
LOADED = "loaded data"


@st.cache_data(show_spinner=False, max_entries=8)
def _history_at(root: str, head: str, signature: tuple) -> dict[str, Any]:
    del head, signature  # only the cache key: a new commit or a saved edit reloads
    try:
        return {
            "commits": revisions.recent_commits(root, COMMITS_SHOWN),
            "shallow": revisions.is_shallow(root),
            "dirty": revisions.has_uncommitted(root),
            "reason": None,
        }
    except revisions.GitError as exc:
        return {"commits": [], "shallow": False, "dirty": False, "reason": str(exc)}


def _history(root: str, signature: tuple) -> dict[str, Any]:
    """Recent commits touching ``root``, whether the clone is shallow and whether the
    folder has uncommitted edits; or the reason there is no history."""
    none = {"commits": [], "shallow": False, "dirty": False}
    try:
        repo = revisions.repo_root(root)
    except revisions.GitError as exc:
        return {**none, "reason": str(exc)}
    try:
        head = revisions.resolve(repo, "HEAD")
    except revisions.GitError:
        return {**none, "reason": "the repository has no commits yet"}
    return _history_at(root, head, signature)


@st.cache_data(show_spinner=False, max_entries=16)
def _report(
    root: str,
    sha: str,
    signature: tuple,
    parties: tuple[str, ...] | None,
    date: dt.date | None,
) -> dict[str, Any]:
    del signature  # only the cache key: a saved edit recomputes
    old = revisions.load_at(root, sha)
    return revdiff.diff_results(old, data.load(), sha[:7], LOADED, parties, date)


def _state_words(kind: str, state: dict[str, Any] | None) -> str:
    if state is None:
        return "—"
    if kind == "gaps":
        if state["status"] == "gap":
            return f"gap of {state['gap']} step" + ("" if state["gap"] == 1 else "s")
        if state["status"] == "overlap":
            return f"overlap at {state['overlap']}"
        return str(state["status"])
    if kind == "overlaps":
        if state["status"] == "overlap":
            return f"overlap at {state['overlap']}"
        blockers = ", ".join(state["blocker_labels"]) or "none"
        return f"{state['status']} (blockers: {blockers})"
    return f"split (range: {state['range'] or 'none'})" if state["split"] else "united"


def changes_frame(entry: dict[str, Any], kind: str) -> pd.DataFrame:
    """One comparison list of a dossier's diff as a table."""
    rows = [
        {
            "issue": c["issue_title"],
            "change": c["kind"] if kind != "camps" else f"{c['camp_name']} {c['kind']}",
            "before": _state_words(kind, c["before"]),
            "after": _state_words(kind, c["after"]),
        }
        for c in entry["comparison"][kind]
    ]
    return pd.DataFrame(rows, columns=["issue", "change", "before", "after"])


def positions_frame(entry: dict[str, Any]) -> pd.DataFrame:
    """Positions added, removed and changed (with the fields that changed)."""
    pos = entry["positions"]
    rows = []
    for change in ("added", "removed"):
        for p in pos[change]:
            what = f"{p['stance']}, " + (
                f"accepts {p['accepts']}" if p["accepts"] else "not placed"
            )
            rows.append(
                {"change": change, "position": p["id"], "side": p["side"], "issue": p["issue"]}
                | {"what": what}
            )
    for c in pos["changed"]:
        what = "; ".join(revdiff.field_text(f) for f in c["fields"])
        rows.append(
            {"change": "changed", "position": c["id"], "side": c["side"], "issue": c["issue"]}
            | {"what": what}
        )
    return pd.DataFrame(rows, columns=["change", "position", "side", "issue", "what"])


def _no_history(reason: str | None) -> None:
    st.info(
        "**No git history to compare with.** This view compares the loaded data with "
        "earlier commits of the positions folder, so it needs a git checkout with its "
        "history; here there is none"
        + (f" ({md(reason)})." if reason else ".")
        + " Everything else works as usual; to review an edit, run "
        "`python -m negotiation diff HEAD` in a clone.",
        icon=":material/history_toggle_off:",
    )


def render() -> None:
    ctx = page_setup("Changes")
    if not require_dossier(ctx):
        return
    d = ctx.dossier
    assert d is not None
    root = data.positions_root()
    signature = loader.files_signature([root])
    history = _history(str(root), signature)
    commits: list[revisions.Commit] = history["commits"]
    if history["reason"] is not None or not commits:
        _no_history(history["reason"] or "no commit has touched the positions folder yet")
        return
    if history["shallow"]:
        st.warning(
            f"This is a shallow checkout: only {len(commits)} "
            f"commit{'s' if len(commits) != 1 else ''} of the positions' history "
            "are available here, so older states cannot be compared.",
            icon=":material/content_cut:",
        )
    default = 0 if history["dirty"] or len(commits) == 1 else 1
    by_sha = {c.sha: c for c in commits}
    sha = st.selectbox(
        "Compare the loaded data with the commit",
        options=list(by_sha),
        index=default,
        format_func=lambda s: by_sha[s].label,
        key=W_COMMIT,
        help="Recent commits that touched the positions folder, newest first. The loaded "
        "data is the folder as it is now, uncommitted edits included.",
    )
    parties = (ctx.a, ctx.b) if ctx.pair_ok and ctx.a and ctx.b else None
    with st.spinner("Reading the commit…"):
        report = _report(str(root), sha, signature, parties, ctx.date)
    entry = report["dossiers"].get(d.id)
    commit = by_sha[sha]
    st.caption(
        f"Commit {md(commit.short)} of {md(commit.date[:10])} ({md(commit.subject)}) → the "
        "loaded data" + (", with uncommitted edits" if history["dirty"] else "") + "."
    )
    base = ctx.real_dossier
    assert base is not None
    st.caption(
        md(rule_view.rule_summary(base))
        + " Blockers are compared under each revision's own rule and weights"
        + (" (the what-if is not applied to the history)." if ctx.hypothetical else ".")
    )
    others = [k for k, e in report["dossiers"].items() if k != d.id and e["status"] != "unchanged"]
    if others:
        st.caption("Other dossiers changed too: " + ", ".join(md(k) for k in others) + ".")
    if entry is None or entry["status"] == "unchanged":
        st.success(
            f"No changes to this dossier since commit {md(commit.short)}.",
            icon=":material/check:",
        )
        return
    if entry["status"] == "added":
        st.info(
            f"This dossier did not exist at commit {md(commit.short)}: all of it is new.",
            icon=":material/fiber_new:",
        )
    pos = entry["positions"]
    comp = entry["comparison"]
    cols = st.columns(4)
    cols[0].metric("Positions added", len(pos["added"]))
    cols[1].metric("Positions removed", len(pos["removed"]))
    cols[2].metric("Positions changed", len(pos["changed"]))
    cols[3].metric("Gap changes", len(comp["gaps"]))

    names = comp["party_names"]
    when = f"as of {ctx.date:%d %B %Y}" if ctx.date else "latest positions"
    sections = (
        ("gaps", f"Gaps: {' vs '.join(names)}" if names else "Gaps", when),
        ("overlaps", "Overlap of all parties", "who blocks a deal"),
        ("camps", "Camps", "split or reunited"),
    )
    for kind, title, note in sections:
        st.subheader(md(title), anchor=False)
        frame = changes_frame(entry, kind)
        if frame.empty:
            st.caption(f"No change ({md(note)}).")
        else:
            st.caption(md(note))
            st.dataframe(
                frame,
                hide_index=True,
                width="stretch",
                column_config={
                    "issue": "Issue",
                    "change": "Change",
                    "before": "Before",
                    "after": "After",
                },
            )

    st.subheader("Positions", anchor=False)
    frame = positions_frame(entry)
    if not frame.empty:  # names where the loaded dossier knows the id
        frame["side"] = frame["side"].map(
            lambda s: d.side_by_id[s].name if s in d.side_by_id else s
        )
        frame["issue"] = frame["issue"].map(
            lambda i: d.issue_by_id[i].title if i in d.issue_by_id else i
        )
    if frame.empty:
        st.caption("No position added, removed or changed.")
    else:
        st.dataframe(
            frame,
            hide_index=True,
            width="stretch",
            column_config={
                "change": "Change",
                "position": "Position",
                "side": "Side",
                "issue": "Issue",
                "what": st.column_config.TextColumn("What changed", width="large"),
            },
        )
    for kind in ("issues", "sides", "sources"):
        part = entry[kind]
        bits = [f"added {md(i)}" for i in part["added"]] + [
            f"removed {md(i)}" for i in part["removed"]
        ]
        if bits:
            st.markdown(f"**{kind.capitalize()}**: " + ", ".join(bits))

    single = {**report, "dossiers": {d.id: entry}}
    name = f"changes-{d.id}-{commit.short}"
    left, right = st.columns(2)
    left.download_button(
        "Download the diff (Markdown)",
        data=revdiff.render(single, "markdown").encode("utf-8"),
        file_name=f"{name}.md",
        mime="text/markdown",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        "Download the diff (JSON)",
        data=revdiff.render(single, "json").encode("utf-8"),
        file_name=f"{name}.json",
        mime="application/json",
        icon=":material/download:",
        on_click="ignore",
    )
