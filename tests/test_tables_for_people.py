"""Tables for people: every st.dataframe / st.table on every page (and every view of
Gaps & overlaps) shows labelled columns in sentence case, names rather than ids and
"—" rather than None / nan / <NA>. Raw frames stay in the CSV/JSON downloads.

Runs on the shipped example dossier and on the long many-sided test dossier.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from app_helpers import APP, ROOT
from streamlit.testing.v1 import AppTest

from components.pages import PAGES

LONG_ROOT = ROOT / "tests" / "fixtures" / "long-dossier"
EXAMPLE_ROOT = ROOT / "positions"
ROOTS = {"example": EXAMPLE_ROOT, "long": LONG_ROOT}
# page script and query: every page, every Gaps view, an issue in detail
VISITS: list[tuple[str, dict[str, object]]] = [
    *[(p.script, {}) for p in PAGES],
    ("app_pages/gaps.py", {"view": "several"}),
    ("app_pages/gaps.py", {"view": "movement"}),
]
INTERNAL = re.compile(r"_|^camp:|^(as_of|lo|hi|id|ref|n|kind)$")
MISSING = {"none", "nan", "<na>", "nat", "null"}


def _labels(df) -> list[str]:  # type: ignore[no-untyped-def]
    """The header a reader sees per shown column (column_config label or the name)."""
    raw = getattr(df.proto, "columns", "") if df.type == "dataframe" else ""
    config = json.loads(raw) if raw else {}
    order = [str(c) for c in _cells(df).columns]
    shown = []
    for name in order:
        cfg = config.get(f"name:{name}") or config.get(name) or {}
        if cfg.get("hidden"):
            continue
        shown.append(str(cfg.get("label") or name))
    return shown


def _cells(df) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    frame = df.value
    order = list(getattr(df.proto, "column_order", [])) if df.type == "dataframe" else []
    if not order:
        return frame
    return frame[[c for c in order if c in frame.columns]]


SYMBOLS = {"α"}
"""Letters that are symbols (Krippendorff's α) and so start a header in lower case."""


def _problems(at: AppTest, where: str) -> list[str]:
    out = []
    tables = [*at.dataframe, *at.table]
    for df in tables:
        for label in _labels(df):
            if INTERNAL.search(label):
                out.append(f"{where}: internal column name {label!r}")
            elif label[:1].isalpha() and not label[:1].isupper() and label[:1] not in SYMBOLS:
                out.append(f"{where}: header not in sentence case {label!r}")
        frame = _cells(df)
        for col in frame.columns:
            for value in frame[col]:
                if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
                    out.append(f"{where}: empty cell shown as None/NaN in {col!r}")
                    break
                if str(value).strip().lower() in MISSING:
                    out.append(f"{where}: cell {value!r} in {col!r}")
                    break
    return out


@pytest.mark.parametrize("dossier", list(ROOTS))
def test_every_table_is_written_for_people(dossier: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEGOTIATION_POSITIONS_DIR", str(ROOTS[dossier]))
    problems: list[str] = []
    seen = 0
    for script, query in VISITS:
        at = AppTest.from_file(str(APP), default_timeout=90)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        at.switch_page(script).run()
        assert not at.exception, [e.value for e in at.exception]
        seen += len(at.dataframe) + len(at.table)
        problems += _problems(at, f"{script} {query}")
    assert seen >= 8, "the pages show tables"
    assert not problems, "\n".join(problems)
