"""Shareable view state: what lives in the URL query string and how it is validated.

The state a user would share — dossier, as-of date, the two parties compared, the
parties of the multi-party overlap, the issue filter, the issue in detail, the
movement start date, the Gaps view and its chart order, the what-if hypotheses
(``whatif=side:issue:from..to``, several comma-separated) and the hypothetical
decision rule (``rule=qualified:0.667``, ``rule=majority``, ``rule=consensus``) and the
day up to which the Sources page and the brief count verdicts (``verdicts=YYYY-MM-DD``,
instead of the as-of date's rule) — is read from
``st.query_params`` once, when a session opens a link, and written back on every run,
so the address bar always reproduces the view.
The page itself is part of the URL path (``st.navigation`` url_path).

Values are only ever matched against ids of the loaded dossiers (never used as
paths), so ``?dossier=../../etc`` cannot read outside ``positions/``: it is reported
as an unknown dossier and the default is used.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import streamlit as st

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PARTY_RE = re.compile(r"^(?:camp:)?[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

SINGLE_KEYS = ("dossier", "date", "a", "b", "issue", "from", "view", "sort", "rule", "verdicts")
MULTI_KEYS = ("parties", "issues", "whatif")
URL_KEYS = SINGLE_KEYS + MULTI_KEYS

_PENDING = "_url_pending"
_READ = "_url_read"
_MAX_VALUE_LEN = 200
_MAX_LEN = {"whatif": 1000}  # several what-if hypotheses, comma-separated


@dataclass
class UrlValues:
    """Query-string values a link carried, not yet applied to the view."""

    values: dict[str, list[str]] = field(default_factory=dict)

    def single(self, key: str) -> str | None:
        vals = self.values.get(key)
        return vals[-1] if vals else None

    def multi(self, key: str) -> list[str] | None:
        if key not in self.values:
            return None
        out: list[str] = []
        for v in self.values[key]:
            out.extend(part for part in v.split(",") if part)
        return out


def read_url_once() -> None:
    """Copy the query string into session state the first time a session runs."""
    if st.session_state.get(_READ):
        return
    st.session_state[_READ] = True
    values: dict[str, list[str]] = {}
    for key in URL_KEYS:
        if key in st.query_params:
            limit = _MAX_LEN.get(key, _MAX_VALUE_LEN)
            got = [v[:limit] for v in st.query_params.get_all(key)]
            values[key] = got
    st.session_state[_PENDING] = UrlValues(values)


def pending() -> UrlValues:
    return st.session_state.get(_PENDING) or UrlValues()


def consume(key: str) -> None:
    """Forget a URL value once it has been applied (or rejected)."""
    pend = st.session_state.get(_PENDING)
    if pend is not None:
        pend.values.pop(key, None)


def write_url(state: Mapping[str, str | Sequence[str] | None]) -> None:
    """Write the view state into the query string (dropping empty values)."""
    clean: dict[str, str | list[str]] = {}
    for key, value in state.items():
        if value is None or value == "" or (isinstance(value, list | tuple) and not value):
            continue
        clean[key] = list(value) if isinstance(value, list | tuple) else str(value)
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    wanted = {k: v if isinstance(v, list) else [v] for k, v in clean.items()}
    if current != wanted:
        st.query_params.from_dict(clean)


# --------------------------------------------------------------------------- validation


def valid_id(value: str | None) -> bool:
    """A well-formed record id (lowercase, digits, single hyphens; at most 80 chars)."""
    return bool(value) and len(value) <= 80 and ID_RE.match(value) is not None  # type: ignore[arg-type]


def valid_party(value: str | None) -> bool:
    """A side id or 'camp:<id>'."""
    return bool(value) and len(value) <= 85 and PARTY_RE.match(value) is not None  # type: ignore[arg-type]


def parse_date(value: str | None) -> dt.date | None:
    """An ISO date (YYYY-MM-DD) or None when the text is not one."""
    if not value or not DATE_RE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def snap_date(day: dt.date, options: Sequence[dt.date]) -> dt.date:
    """The latest option on or before ``day`` (the first option when ``day`` is earlier)."""
    i = bisect.bisect_right(list(options), day)
    return options[max(i - 1, 0)]


def pick(value: str | None, allowed: Iterable[str]) -> str | None:
    """``value`` when it is one of ``allowed``, else None."""
    allowed = list(allowed)
    return value if value in allowed else None


def shown(value: str, limit: int = 60) -> str:
    """A user-supplied value, shortened for a message (never rendered as HTML)."""
    return value if len(value) <= limit else value[: limit - 1] + "…"
