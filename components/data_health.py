"""Data health: every problem the loader found (file:line:col and message) and the
coverage of the dossier (missing positions, positions without evidence or range)."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pandas as pd
import streamlit as st

from components import data, reliability_view
from components.common import ViewContext, csv_download, md
from components.data import file_count
from components.figures import stance_text
from components.sidebar import page_setup
from negotiation.dossier import Dossier

PROBLEM_COLUMNS = ["location", "severity", "message", "code", "dossier", "file", "line", "column"]


def problems_frame(problems) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    rows = [{**p.as_dict(), "location": f"{p.file}:{p.line}:{p.column}"} for p in problems]
    return pd.DataFrame(rows, columns=PROBLEM_COLUMNS)


def relative_file(file: object, root: Path) -> str:
    """A problem's file relative to the positions root (as the curator knows it)."""
    path = Path(str(file))
    # absolute, but links NOT followed: a problem about a symbolic link names the link
    absolute = path if path.is_absolute() else Path.cwd() / path
    absolute = Path(os.path.normpath(absolute))
    for base in (root, Path.cwd()):
        base_abs = Path(os.path.normpath(base if base.is_absolute() else Path.cwd() / base))
        for candidate in (base_abs, base_abs.resolve()):
            try:
                return absolute.relative_to(candidate).as_posix()
            except ValueError:
                continue
    return path.as_posix()


def problems_table(frame: pd.DataFrame, root: Path) -> pd.DataFrame:
    """The problems for reading: relative location, severity and the whole message (a
    static table wraps its cells, so no message is cut off at 1024 px)."""
    return pd.DataFrame(
        {
            "Where": [
                f"{relative_file(f, root)}:{line}:{col}"
                for f, line, col in zip(frame["file"], frame["line"], frame["column"], strict=True)
            ],
            "Severity": list(frame["severity"]),
            "Message": list(frame["message"]),
        }
    )


def render() -> None:
    ctx = page_setup("Data health")
    result = ctx.result
    errors = sum(1 for p in result.problems if p.severity == "error")
    warnings = len(result.problems) - errors
    cols = st.columns(4)
    cols[0].metric("Dossiers loaded", len(result.dossiers))
    cols[1].metric("Errors", errors)
    cols[2].metric("Warnings", warnings)
    cols[3].metric("YAML files", file_count())

    st.header("Problems found while loading", anchor=False)
    if not result.problems:
        st.success("No problems: every file parsed and validated.", icon=":material/check:")
    else:
        st.caption(
            "Records with errors are left out; everything else is shown. "
            "Fix the file at the line and column given, save, and the app reloads it."
        )
        frame = problems_frame(result.problems)
        shown = problems_table(frame, data.positions_root())
        # st.table renders Markdown in cells: escape the data text
        st.table(shown.map(md), border="horizontal", hide_index=True, alt="Problems found")
        st.caption(
            f"Paths are relative to the positions folder ({md(data.positions_root().name)}/)."
        )
        csv_download(frame, "problems", "Download problems (CSV)")

    d = ctx.real_dossier  # the files as they are, never a what-if
    if d is None:
        return
    health = data.shared("data_health", d)
    theme = st.context.theme.type
    data.section("health-missing", d, (theme,), functools.partial(_missing, d, health))
    if not health["missing"].empty:
        csv_download(health["missing"], f"coverage-{d.id}", "Download missing cells (CSV)")
    data.section("health-unplaced", d, (theme,), functools.partial(_unplaced, ctx, health))
    if not health["unplaced"].empty:
        csv_download(health["unplaced"], f"unplaced-{d.id}", "Download unplaced positions (CSV)")
    st.markdown(
        "**Coding reliability and disagreements left** (main coding against each "
        "independent coding)"
    )
    rel = reliability_view.reliability_of(d)
    data.section(
        "health-disagreements",
        d,
        (theme,),
        functools.partial(reliability_view.data_health_section, d),
    )
    if rel.has_second_coding:
        reliability_view.disagreements_download(d, rel)


def _missing(d: Dossier, health: dict) -> None:
    """The coverage counts and the issue × side cells with no position."""
    st.header(f"Coverage of “{md(d.title)}”", anchor=False)
    missing = health["missing"]
    cols = st.columns(3)
    cols[0].metric(
        "Cells without a position",
        len(missing),
        help="Issue × side cells where the side has no position at any date.",
    )
    cols[1].metric("Positions not placed", health["n_not_placed"])
    cols[2].metric("Positions without evidence", health["n_no_evidence"])

    st.markdown("**Cells with no position** (a side says nothing on an issue, at any date)")
    if missing.empty:
        st.caption("Every side has a position on every issue.")
    else:
        st.dataframe(
            missing[["issue_title", "side_name"]],
            hide_index=True,
            width="stretch",
            column_config={"issue_title": "Issue", "side_name": "Side"},
        )


def _unplaced(ctx: ViewContext, health: dict) -> None:
    """The positions not placed or without evidence."""
    unplaced = health["unplaced"]
    st.markdown("**Positions not placed or without evidence** (shown as statements, never guessed)")
    if unplaced.empty:
        st.caption("Every position has an accepted range and evidence.")
    else:
        shown = unplaced[
            ["side_name", "issue_title", "as_of", "stance", "reason", "position"]
        ].copy()
        shown["side_name"] = (
            [ctx.short(s) for s in unplaced["side"]] if "side" in unplaced else shown["side_name"]
        )
        shown["stance"] = shown["stance"].map(stance_text)
        st.dataframe(
            shown,
            hide_index=True,
            width="stretch",
            column_config={
                "side_name": "Side",
                "issue_title": "Issue",
                "reason": st.column_config.TextColumn("Why", width="medium"),
                "position": "Position id",
                "as_of": st.column_config.DateColumn("As of", format="YYYY-MM-DD"),
                "stance": "Stance",
            },
        )
