"""The view context and the helpers every view shares: safe text and links, stance glyphs,
exports, and widgets whose value survives a page switch.

The sidebar and the views import this module; it imports neither of them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st

from components import data, figures
from components.figures import stance_text
from negotiation import analysis, languages
from negotiation.brief import DATE_INFERRED, TITLE_INFERRED
from negotiation.dossier import Dossier, LoadResult
from negotiation.quote_marks import quoted

CANON = "_view"


@dataclass
class ViewContext:
    """What a view needs: the loaded data and the state the sidebar selected."""

    result: LoadResult
    dossier: Dossier | None = None
    date: dt.date | None = None
    dates: list[dt.date] = field(default_factory=list)
    a: str | None = None
    b: str | None = None
    parties: list[str] = field(default_factory=list)
    issue_filter: list[str] = field(default_factory=list)
    colours: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    shorts: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    # what-if: ``dossier`` is ``base`` under ``hypotheses`` while any is active
    base: Dossier | None = None
    hypotheses: tuple[Any, ...] = ()
    rule_what_if: str | None = None  # a hypothetical decision rule's canonical text
    # the day up to which verdicts (characterisations) count instead of the as-of rule
    verdicts_until: dt.date | None = None

    @property
    def hypothetical(self) -> bool:
        """Whether anything on screen is computed under a what-if (ranges or rule)."""
        return bool(self.hypotheses or self.rule_what_if)

    @property
    def real_dossier(self) -> Dossier | None:
        """The dossier as loaded (without the what-if hypotheses)."""
        return self.base if self.base is not None else self.dossier

    @property
    def issues(self) -> list[str] | None:
        """The issue ids to show (None = all issues)."""
        return list(self.issue_filter) or None

    @property
    def issue_ids(self) -> list[str]:
        if self.dossier is None:
            return []
        if self.issue_filter:
            return [i.id for i in self.dossier.issues if i.id in self.issue_filter]
        return [i.id for i in self.dossier.issues]

    @property
    def pair_ok(self) -> bool:
        return bool(self.a and self.b and self.a != self.b)

    def label(self, ref: str) -> str:
        """The full name (sentences, hover, headings)."""
        return self.labels.get(ref, ref)

    def short(self, ref: str) -> str:
        """The side's ``short`` label, else its name (chips, legends, axes, narrow tables)."""
        return self.shorts.get(ref) or self.label(ref)

    def key(self, only: Sequence[str] | None = None) -> tuple[object, ...]:
        """The view state a drawing depends on besides the dossier (whose labels and
        colours follow from it): the key of :func:`section` and :func:`data.memo`, with
        what the caller adds. ``only`` names the parts used (``date``, ``a``, ``b``,
        ``parties``, ``issues``); None: all. The theme is always part of it."""
        parts = {
            "date": self.date,
            "a": self.a,
            "b": self.b,
            "parties": tuple(self.parties),
            "issues": tuple(self.issue_filter),
        }
        return (st.context.theme.type, *(parts[n] for n in (parts if only is None else only)))

    def state(self, parties: Sequence[str], issues: Sequence[str] | None = None) -> object:
        """The as-of state of ``parties`` on ``issues`` (None: the issue filter) at the
        view's date: the last day one of their positions took effect. What is drawn
        from those positions alone is the same for every date with the same state, so
        it is kept per state (see :func:`section`, :func:`data.by_state`)."""
        assert self.dossier is not None
        wanted = self.issues if issues is None else issues
        return ("as-of", analysis.last_change(self.dossier, parties, wanted, self.date))

    def url_state(self) -> dict[str, object]:
        canon = st.session_state.get(CANON, {})
        return {
            "dossier": self.dossier.id if self.dossier else None,
            "date": self.date.isoformat() if self.date else None,
            "a": self.a,
            "b": self.b,
            "parties": list(self.parties),
            "issues": list(self.issue_filter),
            "issue": canon.get("issue"),
            "from": canon["from"].isoformat() if isinstance(canon.get("from"), dt.date) else None,
            "view": canon.get("view"),
            "sort": canon.get("sort") if canon.get("sort") in GAPS_SORTS else None,
            "whatif": ",".join(h.text for h in self.hypotheses) or None,
            "rule": self.rule_what_if,
            "verdicts": self.verdicts_until.isoformat() if self.verdicts_until else None,
        }


# the views of Gaps & overlaps (URL key ``view``), in display order
GAPS_VIEWS = {"two": "Two parties", "several": "Several parties", "movement": "Movement"}
# the order of the gap charts (URL key ``sort``); the first is the default
GAPS_SORTS = {"dossier": "Dossier order", "widest": "Widest gap first"}


def canon() -> dict[str, object]:
    """The view state kept across pages (survives widget clean-up on page switch)."""
    if CANON not in st.session_state:
        st.session_state[CANON] = {}
    return st.session_state[CANON]


def _store(widget_key: str, name: str) -> None:
    """on_change: copy a widget's new value into the canonical view state."""
    canon()[name] = st.session_state[widget_key]


def bound(widget, label: str, name: str, key: str, value: object, **kwargs):  # type: ignore[no-untyped-def]
    """A widget whose value lives in the canonical view state.

    Streamlit forgets a widget's state when the page changes, so the value is set
    from the canonical state before every run and copied back on change.
    """
    canon()[name] = value
    st.session_state[key] = value
    return widget(label, key=key, on_change=_store, args=(key, name), **kwargs)


def csv_download(frame, name: str, label: str = "Download CSV", key: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """A download button for a table as CSV (lists joined by "; "). ``frame`` may be a
    function returning the table: it is called, and the CSV written, only on a click."""
    from negotiation.export import frame_csv

    def payload() -> bytes:
        # written when the button is clicked, not on every rerun
        return frame_csv(frame() if callable(frame) else frame).encode("utf-8")

    st.download_button(
        label,
        data=payload,
        file_name=f"{name}.csv",
        mime="text/csv",
        key=key or f"csv-{name}",
        icon=":material/download:",
        on_click="ignore",
    )


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")
_MD_LINE_START = re.compile(r"^(\s*)([-+>]|\d+)([.)]?)")


def md(text: Any) -> str:
    """Data text made inert for st.markdown: every Markdown/HTML special escaped."""
    if text is None:
        return ""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")
    return _MD_LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(m: re.Match[str]) -> str:
    lead, mark, dot = m.groups()
    if mark.isdigit():
        return f"{lead}{mark}\\{dot}" if dot else m.group(0)
    return f"{lead}\\{mark}{dot}"


def present(value: Any) -> bool:
    """False for None, NaN/NaT and empty strings."""
    if value is None:
        return False
    try:
        if pd.isna(value):
            return False
    except (TypeError, ValueError):
        pass
    return value != ""


def safe_url(url: Any) -> str | None:
    """The URL when it is http(s), else None (never link other schemes)."""
    if not isinstance(url, str):
        return None
    value = url.strip()
    if re.match(r"^https?://[^\s<>\"']+$", value, flags=re.IGNORECASE):
        return value
    return None


def md_link(text: Any, url: Any) -> str:
    """Escaped link text, linked only when the URL is http(s)."""
    target = safe_url(url)
    if target is None:
        return md(text)
    target = target.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{md(text)}]({target})"


def day_text(day: Any) -> str:
    """'6 Apr 2021' ('undated' when there is no date)."""
    if not present(day):
        return "undated"
    return f"{day.day} {day:%b %Y}"


def quote_md(quote: Any, translation: Any = None, language: str | None = None) -> str:
    """A quote as a Markdown blockquote: the original verbatim (data text escaped), its
    language named in words when it is not English ("(Russian original)": st.markdown
    cannot set ``lang`` on an element, so a screen reader is told in words), and the
    curator's translation under it, marked as a translation."""
    head = f"> {quoted(quote, md)}"
    if not languages.is_english(language):
        head += f" *{md(languages.original_label(language))}*"
    if not present(translation):
        return head
    return f"{head}\n>\n> *Translation:* {quoted(translation, md)}"


def source_language(d: Dossier, source: Any) -> str | None:
    """The language tag of source ``source`` (None when unknown or not given)."""
    src = d.source_by_id.get(str(source)) if present(source) else None
    return src.language if src is not None else None


def attribution(
    outlet: Any,
    title: Any,
    day: Any,
    url: Any = None,
    *,
    title_inferred: Any = False,
    date_inferred: Any = False,
) -> str:
    """Markdown source line, each part once: "Outlet, ‘Title’, 6 Apr 2021" (the outlet
    linked when the URL is http(s); the title left out when the source has none). A
    title or date not printed in the source says so: "‘Title’ (title inferred)",
    "6 Apr 2021 (date inferred)" (see :func:`negotiation.brief.source_inferred`)."""
    parts = [md_link(outlet, url)]
    if present(title):
        mark = f" ({TITLE_INFERRED})" if title_inferred is True else ""
        parts.append(f"‘{md(title)}’{mark}")
    parts.append(inferred_day_text(day, date_inferred))
    return ", ".join(parts)


def inferred_day_text(day: Any, date_inferred: Any = False) -> str:
    """:func:`day_text`, with " (date inferred)" when the date is not printed in the
    source."""
    text = day_text(day)
    return f"{text} ({DATE_INFERRED})" if date_inferred is True and present(day) else text


def show_chart(fig: Any, *, key: str, alt: str) -> None:
    """A Plotly chart in the reader's theme, with its text alternative: the chart's
    accessible name (``alt``) and the same finding as a caption right under it."""
    figures.follow_theme(fig, st.context.theme.type)
    st.plotly_chart(fig, width="stretch", key=key, alt=alt)
    st.caption(md(alt))


def section(
    ctx: ViewContext,
    name: str,
    draw: Callable[[], None],
    *key: Hashable,
    state: Sequence[str] | None = None,
) -> None:
    """Draw ``draw()`` (text, charts, tables and containers, no widget) once per view
    state; a rerun in the same state replays the elements without calling it. ``state``
    names the parts of the view state it depends on (see :meth:`ViewContext.key`; None:
    all), ``key`` whatever else (a page of charts, an issue, a widget's value...)."""
    # in a container of its own: what follows keeps its place in the page whatever the
    # number of elements drawn here, so the browser updates it instead of rebuilding it
    with st.container():
        if ctx.dossier is None:
            draw()
        else:
            data.section(name, ctx.dossier, (*ctx.key(state), *key), draw)


def lazy_expander(label: str, key: str, *, expanded: bool = False) -> tuple[Any, bool]:
    """An expander whose content the caller draws only while it is open (Streamlit's
    lazy expander: opening or closing it reruns the script): (container, is open).
    Content drawn only when asked costs nothing on the reruns a control triggers."""
    container = st.expander(label, expanded=expanded, key=key, on_change="rerun")
    return container, bool(container.open)


def require_dossier(ctx: ViewContext) -> bool:
    """True when a dossier is loaded; otherwise explain and return False."""
    if ctx.dossier is not None:
        return True
    st.info(
        "No dossier could be loaded. Check the **Data health** page for the problems "
        "found, and that the positions folder holds one sub-folder per dossier.",
        icon=":material/info:",
    )
    return False


def glyph_cell(text: Any) -> Any:
    """'demand · X' -> '▲ demand · X' (stance legible without colour)."""
    if not isinstance(text, str) or text == analysis.NONE_CELL:
        return text
    stance, sep, rest = text.partition(" · ")
    return f"{stance_text(stance)}{sep}{rest}"


def date_slug(day: dt.date | None) -> str:
    return day.isoformat() if day else "latest"


def headline(ctx: ViewContext) -> dict[str, Any]:
    """Headline counts for the parties compared, restricted to the issue filter."""
    d = ctx.dossier
    assert d is not None and ctx.a and ctx.b
    every = ctx.state([s.id for s in d.sides])  # camp splits count every camp
    return data.by_state(
        "headline_counts", d, every, ctx.a, ctx.b, date=ctx.date, issues=ctx.issues
    )


def _export_json(ctx: ViewContext) -> bytes:
    from negotiation import export

    d = ctx.real_dossier
    assert d is not None
    pair = (ctx.a, ctx.b) if ctx.pair_ok else None
    text = export.export_json(
        d,
        date=ctx.date,
        gap_parties=pair,
        overlap_parties=list(ctx.parties) or None,
        what_if=list(ctx.hypotheses) or None,
        rule=ctx.rule_what_if,
        verdicts_until=ctx.verdicts_until,
    )
    return text.encode("utf-8")


def json_download(ctx: ViewContext, key: str = "json-dossier") -> None:
    """Download the whole dossier (normalised records + comparison tables) as JSON."""
    d = ctx.dossier
    assert d is not None
    st.download_button(
        "Download the whole dossier (JSON)",
        data=functools.partial(_export_json, ctx),
        file_name=f"{d.id}-{date_slug(ctx.date)}.json",
        mime="application/json",
        key=key,
        icon=":material/data_object:",
        on_click="ignore",
    )


def tuple_text(value: Any, labels: dict[str, str] | None = None) -> str:
    """A tuple of ids as readable text (labels when known)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, list | tuple):
        return ", ".join((labels or {}).get(str(v), str(v)) for v in value)
    return str(value)


def page_of(
    rows: pd.DataFrame,
    key: str,
    *,
    per_page: int,
    label: str,
    noun: str,
    rest: str = "the table lists them all",
    help: str | None = None,
) -> pd.DataFrame:
    """At most ``per_page`` of ``rows``, with a page number input (widget key
    ``w_page_{key}``) and a caption "Showing {noun} 1–10 of 300 ({rest})." where
    there is more than one page. A page held from a longer list (the filter shrank)
    goes back to the first."""
    total = len(rows)
    if total <= per_page:
        return rows
    pages = (total + per_page - 1) // per_page
    widget = f"w_page_{key}"
    held = st.session_state.get(widget)
    if isinstance(held, int | float) and not 1 <= held <= pages:
        st.session_state[widget] = 1
    page = st.number_input(
        f"{label} (1–{pages})",
        min_value=1,
        max_value=pages,
        value=1,
        step=1,
        key=widget,
        help=help or f"{per_page} {noun} per page.",
    )
    start = (int(page) - 1) * per_page
    end = min(start + per_page, total)
    st.caption(f"Showing {noun} {start + 1}–{end} of {total} ({rest}).")
    return rows.iloc[start:end]


MISSING_CELL = "—"
"""What a table shows for a missing value (never None, nan or <NA>)."""


def display_frame(
    frame: pd.DataFrame, columns: Sequence[str], blank: Sequence[str] = ()
) -> pd.DataFrame:
    """``frame``'s ``columns`` for a reader: missing values as "—" (as "" in the
    ``blank`` columns, links: no link rather than a link named "—"), dates as
    YYYY-MM-DD text where a column has gaps (a date column cannot hold "—")."""
    shown = frame[list(columns)].copy()
    for col in shown.columns:
        values = shown[col]
        missing = values.map(lambda v: not isinstance(v, list | tuple) and not present(v))
        if not missing.any():
            continue
        fill = "" if col in blank else MISSING_CELL
        shown[col] = [
            fill if gone else _cell_text(v) for v, gone in zip(values, missing, strict=True)
        ]
        shown[col] = shown[col].astype(object)
    return shown


def _cell_text(value: Any) -> str:
    """A cell of a column that also holds "—": as text (Arrow wants one type)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def people_table(
    frame: pd.DataFrame, columns: Mapping[str, Any], *, key: str | None = None
) -> None:
    """A table for people: only ``columns`` (name → header text or st.column_config
    object), in that order, with missing cells as "—". The raw frame belongs in the
    CSV/JSON downloads, not here."""
    links = [
        c
        for c, spec in columns.items()
        if not isinstance(spec, str) and spec.get("type_config", {}).get("type") == "link"
    ]
    shown = display_frame(frame, list(columns), blank=links)
    config: dict[str, Any] = {}
    for col, spec in columns.items():
        if isinstance(spec, str):
            config[col] = spec
        elif (
            shown[col].dtype == object
            and (shown[col] == MISSING_CELL).any()
            and (spec.get("type_config", {}).get("type") in {"date", "number", "datetime"})
        ):
            config[col] = spec.get("label") or col  # a text column now: keep the header
        else:
            config[col] = spec
    st.dataframe(shown, hide_index=True, width="stretch", column_config=config, key=key)
