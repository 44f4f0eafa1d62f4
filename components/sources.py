"""Sources: how each source and each voice it quotes characterises the talks, the
issues and the sides; how far sources agree; the frames (metaphors) used; quotes."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components import alt_text, data, figures, reliability_view
from components.common import (
    ViewContext,
    attribution,
    bound,
    csv_download,
    lazy_expander,
    md,
    page_of,
    people_table,
    present,
    quote_md,
    require_dossier,
    section,
    show_chart,
    source_language,
    tuple_text,
)
from components.sidebar import page_setup
from negotiation import analysis, brief, languages
from negotiation.dossier import Dossier

QUOTES_PER_PAGE = 25
"""Quotes listed at a time (a pager above them where there are more)."""


def render() -> None:
    ctx = page_setup("Sources")
    if not require_dossier(ctx):
        return
    d = ctx.dossier
    assert d is not None
    _verdicts_widget(ctx)
    # the page follows the characterisations the as-of date (or the verdicts-until
    # day) counts and the issue filter, not the day itself or the parties compared
    state = analysis.characterisation_state(d, ctx.date, ctx.verdicts_until)
    key = (state, tuple(ctx.issue_filter))
    f = data.memo("sources-frames", d, key, functools.partial(_frames, ctx))
    counted = _counted(ctx, f)
    if ctx.verdicts_until is not None:
        note = analysis.verdicts_note(ctx.verdicts_until, ctx.date)
        st.info(
            f"{note[0].upper()}{note[1:]}: the quotes, charts and agreement below count "
            "the verdicts said by that day, not those the as-of date counts. The "
            "positions stay as of the as-of date.",
            icon=":material/event_upcoming:",
        )
    if counted:
        st.caption(f"Characterisations (the quotes, charts and agreement below): {counted}")

    def part(name: str, draw: Callable[[], None], *more: object) -> None:
        section(ctx, f"sources-{name}", draw, *key, *more, state=())

    part("list", functools.partial(_sources_section, d, f))
    csv_download(f.sources, f"sources-{d.id}", "Download sources (CSV)")
    part("voices", functools.partial(_voices_section, d, f.chars))
    rel = reliability_view.reliability_of(d)
    part("reliability", functools.partial(reliability_view.sources_section, d))
    if rel.has_second_coding:
        box, is_open = lazy_expander(
            f"Disagreements left ({len(rel.disagreements)})", "disagreements"
        )
        if is_open:  # drawn only while open
            with box:
                draw = functools.partial(reliability_view.disagreements_table, d, rel)
                part("disagreements", draw)
                reliability_view.disagreements_download(d, rel)
    if not f.chars.empty:
        part("over-time-head", _over_time_head)
        # one chart per dimension: drawn only while open (a move of the date redraws
        # every chart whose verdicts it lets in or out)
        box, is_open = lazy_expander("Charts: each dimension over time", "over-time")
        if is_open:
            with box:
                part("over-time", functools.partial(_over_time_section, d, f.chars))
    part("agreement", functools.partial(_agreement_section, f.agreement))
    if not f.agreement.empty:
        csv_download(f.agreement, f"agreement-{d.id}", "Download agreement (CSV)")
    part("frames", functools.partial(_frames_section, f.frames))
    if not f.frames.empty and int(f.frames["count"].sum()) > 0:
        csv_download(f.frames, f"frames-{d.id}", "Download frames (CSV)")
    part("quotes-head", functools.partial(_quotes_head, f.chars.empty))
    if not f.chars.empty:
        # a page of quotes at a time: every one is a block of text the browser lays
        # out again whenever the date lets a verdict in or out (the CSV has them all)
        shown = page_of(
            f.chars,
            "quotes",
            per_page=QUOTES_PER_PAGE,
            label="Page of quotes",
            noun="quotes",
            rest="the characterisations CSV lists them all",
        )
        part("quotes", functools.partial(_quotes_section, d, shown), shown.index[0])
        csv_download(f.chars, f"characterisations-{d.id}", "Download characterisations (CSV)")


W_VERDICTS = "w_verdicts"


def _verdicts_widget(ctx: ViewContext) -> None:
    """Which verdicts count: those the as-of date counts (the default), or those said
    by a chosen day (kept in the URL as ``verdicts``), e.g. what was said about the
    talks after their last day."""
    d = ctx.dossier
    assert d is not None
    days = sorted(
        {c for c in (analysis.characterisation_date(d, x) for x in d.characterisations) if c}
    )
    if ctx.verdicts_until is not None and ctx.verdicts_until not in days:
        days = sorted({*days, ctx.verdicts_until})
    if not days:
        return
    options: list[dt.date | None] = [None, *days]

    def label(day: dt.date | None) -> str:
        if day is None:
            return "Those the as-of date counts (default)"
        return f"Said until {day:%d %b %Y}"

    ctx.verdicts_until = bound(
        st.selectbox,
        "Verdicts counted",
        "verdicts",
        W_VERDICTS,
        ctx.verdicts_until,
        options=options,
        format_func=label,
        help="By default a view as of a date counts the characterisations said by then "
        "(at the dossier's latest date, all of them). Pick a day to read what was said "
        "up to it instead, e.g. after the talks' last day; the positions stay as of the "
        "as-of date. Also used by the brief and the JSON export.",
    )


@dataclass(frozen=True)
class _Frames:
    """What the page shows, for the characterisations counted and the issue filter."""

    every: pd.DataFrame
    chars: pd.DataFrame
    sources: pd.DataFrame
    agreement: pd.DataFrame
    frames: pd.DataFrame


def _frames(ctx: ViewContext) -> _Frames:
    d = ctx.dossier
    assert d is not None
    every = analysis.characterisations_frame(d)
    if ctx.issues is not None:
        keep = (every["about_kind"] != "issue") | every["about_id"].isin(ctx.issue_ids)
        every = every[keep]
    cutoff = analysis.characterisation_cutoff(d, ctx.date, ctx.verdicts_until)
    chars = every[every["id"].isin(analysis.characterisations_frame(d, cutoff)["id"])]
    agreement = analysis.agreement_table(d, cutoff)
    if ctx.issues is not None and not agreement.empty:
        keep = (agreement["about_kind"] != "issue") | agreement["about_id"].isin(ctx.issue_ids)
        agreement = agreement[keep]
    return _Frames(
        every=every,
        chars=chars,
        sources=_sources_frame(d, chars),
        agreement=agreement,
        frames=analysis.frames_table(d, cutoff),
    )


SOURCE_NOTE_COLUMNS = ("inferred", "notes")
"""Shown (and downloaded) only when some source has notes or an inferred field, so a
dossier without them gets the table it always had."""


def _sources_frame(d: Dossier, chars: pd.DataFrame) -> pd.DataFrame:
    """The sources, with how many characterisations each gave; with their language
    when some source gives one, and what is inferred and the notes when any source has
    them (a dossier without these fields shows, and downloads, the same table as
    before they existed)."""
    frame = pd.DataFrame(
        [
            {
                "outlet": s.outlet,
                "title": s.title,
                "authors": ", ".join(s.authors),
                "date": s.date,
                "kind": s.kind,
                "url": s.url
                if s.url and s.url.lower().startswith(("http://", "https://"))
                else None,
                "characterisations": int((chars["source"] == s.id).sum()),
                "inferred": ", ".join(f"{name} inferred" for name in s.inferred) or None,
                "notes": s.notes,
            }
            for s in d.sources
        ],
        columns=[
            "outlet",
            "title",
            "authors",
            "date",
            "kind",
            "url",
            "characterisations",
            *SOURCE_NOTE_COLUMNS,
        ],
    )
    if any(s.language is not None for s in d.sources):
        frame.insert(5, "language", [languages.language_name(s.lang) for s in d.sources])
    if not any(s.inferred or s.notes for s in d.sources):
        frame = frame.drop(columns=list(SOURCE_NOTE_COLUMNS))
    return frame


def _counted(ctx: ViewContext, f: _Frames) -> str:
    """How many characterisations the as-of date counts, in words (names the day)."""
    d = ctx.dossier
    assert d is not None
    every, chars = f.every, f.chars
    cutoff = analysis.characterisation_cutoff(d, ctx.date, ctx.verdicts_until)
    if cutoff is None and ctx.date is not None:
        later = int((every["date"] > pd.Timestamp(ctx.date)).sum())
        return brief.counted_text(len(every), later, None, ctx.date)
    return brief.counted_text(len(chars), len(every) - len(chars), cutoff)


def _sources_section(d: Dossier, f: _Frames) -> None:
    """The sources, with how many characterisations each gave."""
    st.header("Sources", anchor=False)
    sources = f.sources
    people_table(
        sources,
        {
            "outlet": "Outlet",
            "title": "Article",
            "authors": "Authors",
            "date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
            "kind": "Kind",
            **({"language": "Language"} if "language" in sources.columns else {}),
            "url": st.column_config.LinkColumn("Link"),
            "characterisations": "Characterisations",
            **(
                {"inferred": "Not printed in the source", "notes": "Notes"}
                if "notes" in sources.columns
                else {}
            ),
        },
    )


def _voices_section(d: Dossier, chars: pd.DataFrame) -> None:
    """One chart of the characterisations per dimension."""
    st.header("How they characterise the talks", anchor=False)
    if chars.empty:
        st.info("No characterisations recorded in sources.yaml yet.")
    else:
        st.caption(
            "Each point is one characterisation: a source in its own voice, or a voice it "
            "quotes (‘voice (outlet)’). ● the talks as a whole, ◆ an issue, ■ a side, "
            "▲ an event; hover for the quote."
        )
        for dim in d.dimensions:
            mine = chars[chars["dimension"] == dim.id]
            if mine.empty:
                continue
            scale_labels = [p.label for p in dim.scale]
            fig = figures.voices_figure(mine, scale_labels, title=dim.label)
            alt = alt_text.voices_alt_text(mine, scale_labels, title=dim.label)
            show_chart(fig, key=f"dim-{dim.id}", alt=alt)
            reliability_view.dimension_caption(d, dim.id)


def _over_time_head() -> None:
    st.header("Characterisations over time", anchor=False)
    st.caption(
        "Each row of the legend is one source (outlet and title: two articles of one "
        "outlet are two sources); each point one verdict, at the date it was said. "
        "The dashed line follows the median verdict of each date."
    )


def _over_time_section(d: Dossier, chars: pd.DataFrame) -> None:
    """Per dimension, each source's verdicts by date: the mood shifting."""
    for dim in d.dimensions:
        mine = chars[chars["dimension"] == dim.id]
        if mine["value_index"].notna().sum() == 0:
            continue
        scale_labels = [p.label for p in dim.scale]
        title = f"{dim.label} over time"
        fig = figures.characterisations_over_time_figure(mine, scale_labels, title=title)
        alt = alt_text.over_time_alt_text(mine, scale_labels, title=dim.label)
        show_chart(fig, key=f"over-time-{dim.id}", alt=alt)


def _agreement_section(agreement: pd.DataFrame) -> None:
    """The agreement index per topic and dimension (verdicts up to the cutoff)."""
    st.header("How far the sources agree", anchor=False)
    if agreement.empty:
        st.caption("Nothing to compare yet.")
    else:
        st.caption(
            "Agreement index (van der Eijk's A) per topic and dimension: 1 = every "
            "characterisation says the same, 0 = spread evenly, −1 = split between the "
            f"two extremes. It needs verdicts from at least {analysis.MIN_AGREEMENT_SOURCES} "
            "different sources: below that it reads “too few to measure”."
        )
        shown = agreement.copy()
        shown["reading"] = shown["agreement"].map(figures.agreement_words)
        shown.loc[shown["too_few"], "reading"] = "too few to measure"
        shown["counts"] = shown["counts"].map(tuple_text)
        # A as text: "—" where too few verdicts to measure (never a bare None/NaN)
        shown["agreement"] = shown["agreement"].map(lambda a: "—" if pd.isna(a) else f"{a:.2f}")
        st.dataframe(
            shown[
                [
                    "topic_label",
                    "dimension_label",
                    "n",
                    "n_sources",
                    "agreement",
                    "reading",
                    "modal_label",
                    "min_label",
                    "max_label",
                    "counts",
                ]
            ],
            hide_index=True,
            width="stretch",
            column_config={
                "topic_label": "Topic",
                "dimension_label": "Dimension",
                "n": "Characterisations",
                "n_sources": "Sources",
                "agreement": "Agreement A",
                "reading": "Reading",
                "modal_label": "Most said",
                "min_label": "Lowest",
                "max_label": "Highest",
                "counts": "Counts per scale point",
            },
        )


def _frames_section(frames: pd.DataFrame) -> None:
    """The frames (metaphors) the sources use (verdicts up to the cutoff)."""
    st.header("Frames", anchor=False)
    if frames.empty or int(frames["count"].sum()) == 0:
        st.caption("No frames (metaphors) tagged yet.")
    else:
        used = frames[frames["count"] > 0]
        alt = alt_text.frames_alt_text(used)
        show_chart(figures.frames_figure(used), key="frames", alt=alt)


def _quotes_head(empty: bool) -> None:
    st.header("The quotes", anchor=False)
    if empty:
        st.caption("No quotes yet.")


def _quotes_section(d: Dossier, chars: pd.DataFrame) -> None:
    """The characterisations' quotes (one page of them), attributed."""
    paraphrased = {c.id for c in d.characterisations if c.paraphrase}
    translations = {c.id: c.translation for c in d.characterisations}
    own_date = {c.id: c.date for c in d.characterisations}
    for row in chars.itertuples(index=False):
        voice = md(row.voice)
        if row.id in paraphrased:  # the outlet's words, not the voice's
            voice += f" (paraphrased by {md(row.outlet)})"
        if present(row.voice_role):
            voice += f", {md(row.voice_role)}"
        title_inferred, date_inferred = brief.source_inferred(
            d.source_by_id.get(row.source), own_date.get(row.id)
        )
        source = attribution(
            row.outlet,
            row.source_title,
            row.date,
            row.url,
            title_inferred=title_inferred,
            date_inferred=date_inferred,
        )
        st.markdown(
            f"{quote_md(row.quote, translations.get(row.id), source_language(d, row.source))}\n\n"
            f"— {voice} · {source} · **{md(row.dimension_label)}: "
            f"{md(row.value_label)}** about {md(row.about_label)}"
        )
