"""Briefing export: the current view as a one-page brief (Markdown and HTML)."""

from __future__ import annotations

import datetime as dt
import functools

import streamlit as st

from components import data
from components.common import canon, date_slug, json_download, require_dossier, section
from components.sidebar import page_setup
from negotiation import analysis


def render() -> None:
    ctx = page_setup("Briefing export")
    if not require_dossier(ctx):
        return
    d = ctx.dossier
    assert d is not None
    view = canon()
    date_from = view.get("from") if isinstance(view.get("from"), dt.date) else None
    brief = data.shared(
        "brief",
        d,
        date=ctx.date,
        a=ctx.a,
        b=ctx.b,
        parties=list(ctx.parties),
        issues=ctx.issues,
        date_from=date_from if date_from and ctx.date and date_from < ctx.date else None,
        verdicts_until=ctx.verdicts_until,
    )
    st.caption(
        "The brief follows the sidebar: dossier, date, the two parties compared, the "
        "parties of the overlap and the issue filter (and the movement start date set on "
        "Gaps & overlaps). Every claim cites its source: outlet, date and quote."
    )
    if ctx.verdicts_until is not None:
        note = analysis.verdicts_note(ctx.verdicts_until, ctx.date)
        st.info(
            f"{note[0].upper()}{note[1:]}: the brief's characterisations count the verdicts "
            "said by that day (chosen on the Sources page), not those the as-of date counts.",
            icon=":material/event_upcoming:",
        )
    name = f"brief-{d.id}-{date_slug(ctx.date)}"
    formats = (
        ("Markdown", "markdown", "md", "text/markdown"),
        ("HTML", "html", "html", "text/html"),
    )
    # a wrapping row, not three columns: at 1024 px a column cut the labels off
    with st.container(horizontal=True):
        for label, attr, ext, mime in formats:
            st.download_button(
                f"Download brief ({label})",
                data=functools.partial(_encoded, brief, attr),  # written on a click
                file_name=f"{name}.{ext}",
                mime=mime,
                key=f"brief-{ext}",
                icon=":material/download:",
                on_click="ignore",
            )
        json_download(ctx)
    section(ctx, "brief", functools.partial(_show, brief.markdown), date_from)


def _encoded(brief: object, attr: str) -> bytes:
    return str(getattr(brief, attr)).encode("utf-8")


def _show(markdown: str) -> None:
    st.divider()
    with st.container(border=True):
        # the Markdown escapes every data string: nothing in it renders as HTML
        st.markdown(markdown)
