"""Baseline for the browser benchmark: a bare Streamlit app, one Plotly chart, one table.

``benchmarks/run.py`` opens it in Chromium exactly as it opens a dashboard page (new
browser context, wait until every chart is drawn and no spinner shows), so the ratio
of the two times is what the dashboard adds over Streamlit and Plotly themselves.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

frame = pd.DataFrame(
    {
        "issue": [f"Issue {i + 1}" for i in range(8)],
        "from": [i % 4 for i in range(8)],
        "to": [i % 4 + 2 for i in range(8)],
    }
)
figure = go.Figure(
    go.Bar(
        x=frame["to"] - frame["from"],
        base=frame["from"],
        y=frame["issue"],
        orientation="h",
        name="accepted range",
    )
)
figure.update_layout(height=360, margin={"l": 10, "r": 10, "t": 30, "b": 10}, title="Ranges")

st.title("Bare app", anchor=False)
st.plotly_chart(figure)
st.dataframe(frame)
