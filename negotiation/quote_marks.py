"""Wrapping a quote in quotation marks, unless the curator kept the source's own.

docs/format.md asks curators to copy a quote exactly, including the source's own
quotation marks; a quote that already starts and ends with them is shown as it is,
not wrapped again (no ““…””). Pure and import-free: the brief, the pages and the
figures share it.
"""

from __future__ import annotations

from collections.abc import Callable

OPENING_MARKS = "“‘„‚«‹\"'「『"
"""Characters a quotation can open with."""
CLOSING_MARKS = "”’“‘»›\"'」』"
"""Characters a quotation can close with (“ and ‘ close in German and Czech usage)."""


def has_own_marks(quote: object) -> bool:
    """True when ``quote`` (stripped) starts with an opening and ends with a closing
    quotation mark: the source's own marks, kept by the curator."""
    text = str(quote).strip()
    return len(text) >= 2 and text[0] in OPENING_MARKS and text[-1] in CLOSING_MARKS


def quoted(quote: object, escape: Callable[[str], str] = str) -> str:
    """“``quote``” (escaped by ``escape``), or the quote as it is when it carries its
    own quotation marks already."""
    text = str(quote)
    if has_own_marks(text):
        return escape(text.strip())
    return f"“{escape(text)}”"
