"""Floor for the rerun benchmark: draw a page's final elements from a prepared pickle.

``benchmarks/rerun.py`` runs a dashboard page under AppTest, records every element it
drew (kind and data: the DataFrames, the Plotly figures, metric values, texts, widget
options) and pickles that list. This script draws the same elements, of the same kind
and in the same order, with the same data, and nothing else: no YAML, no analysis, no
layout logic. Its rerun time is what drawing the page costs at the least.

The pickle path comes from the ``NEGOTIATION_FLOOR_PICKLE`` environment variable; the
unpickled list is cached like the dashboard caches its loaded positions.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import streamlit as st

ENV_VAR = "NEGOTIATION_FLOOR_PICKLE"

TEXT = {
    "title": lambda v, k: st.title(v, anchor=False),
    "header": lambda v, k: st.header(v, anchor=False),
    "subheader": lambda v, k: st.subheader(v, anchor=False),
    "markdown": lambda v, k: st.markdown(v),
    "caption": lambda v, k: st.caption(v),
    "latex": lambda v, k: st.latex(v),
    "code": lambda v, k: st.code(v),
    "text": lambda v, k: st.text(v),
    "divider": lambda v, k: st.divider(),
    "info": lambda v, k: st.info(v),
    "warning": lambda v, k: st.warning(v),
    "error": lambda v, k: st.error(v),
    "success": lambda v, k: st.success(v),
}


@st.cache_resource(show_spinner=False, max_entries=4)
def _elements(path: str, mtime_ns: int) -> list[tuple[str, str, Any]]:
    del mtime_ns  # cache key only
    with open(path, "rb") as fh:
        return pickle.load(fh)


def draw(kind: str, value: Any, key: str) -> None:
    """Draw one recorded element (see ``benchmarks.rerun.capture``)."""
    if kind in TEXT:
        TEXT[kind](value, key)
    elif kind == "metric":
        label, body, delta = value
        st.metric(label, body, delta or None)
    elif kind == "dataframe":
        st.dataframe(value, key=key)
    elif kind == "table":
        st.table(value)
    elif kind == "plotly_chart":
        st.plotly_chart(value, key=key)
    elif kind == "selectbox":
        label, options, index = value
        st.selectbox(label, options, index=index, key=key)
    elif kind == "multiselect":
        label, options, default = value
        st.multiselect(label, options, default=default, key=key)
    elif kind == "select_slider":
        label, options, current = value
        st.select_slider(label, options, value=current, key=key)
    elif kind == "radio":
        label, options, index = value
        st.radio(label, options, index=index, key=key)
    elif kind in ("checkbox", "toggle"):
        label, current = value
        (st.checkbox if kind == "checkbox" else st.toggle)(label, value=current, key=key)
    elif kind == "text_input":
        label, current = value
        st.text_input(label, value=current, key=key)
    elif kind == "date_input":
        label, current = value
        st.date_input(label, value=current, key=key)
    elif kind == "button":
        st.button(value, key=key)
    elif kind == "download_button":
        st.download_button(value, data=b"", key=key, on_click="ignore")


def main() -> None:
    path = os.environ.get(ENV_VAR, "")
    if not path or not Path(path).is_file():
        st.error(f"set {ENV_VAR} to a pickle written by benchmarks/run.py")
        return
    elements = _elements(path, Path(path).stat().st_mtime_ns)
    for i, (where, kind, value) in enumerate(elements):
        if where == "sidebar":
            with st.sidebar:
                draw(kind, value, f"e{i}")
        else:
            draw(kind, value, f"e{i}")


main()
