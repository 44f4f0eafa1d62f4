"""Floor for the interaction benchmark: one slider, one selectbox, one chart, one table.

``benchmarks/interaction.py`` moves this app's "As of" slider and changes its "Compare"
party exactly as it does on a dashboard page (same keys, same wait), so the ratio of
the two times is what the dashboard adds over a Streamlit rerun that redraws one
Plotly chart and one table depending on both widgets.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

DATES = [dt.date(2024, 1, 1) + dt.timedelta(days=14 * i) for i in range(12)]
PARTIES = ["North (camp)", "South (camp)", "Union", "Employers", "Mediator"]

with st.sidebar:
    day = st.select_slider(
        "As of", options=DATES, value=DATES[-1], format_func=lambda d: d.strftime("%d %b %Y")
    )
    party = st.selectbox("Compare", PARTIES, index=1)

step = DATES.index(day)
shift = PARTIES.index(party)
frame = pd.DataFrame(
    {
        "issue": [f"Issue {i + 1}" for i in range(8)],
        "from": [(i + step + shift) % 4 for i in range(8)],
        "to": [(i + step + shift) % 4 + 2 for i in range(8)],
    }
)
figure = go.Figure(
    go.Bar(
        x=frame["to"] - frame["from"],
        base=frame["from"],
        y=frame["issue"],
        orientation="h",
        name=party,
    )
)
figure.update_layout(
    height=360, margin={"l": 10, "r": 10, "t": 30, "b": 10}, title=f"Ranges as of {day}"
)

st.title("Bare interaction app", anchor=False)
st.caption(f"{party} · as of {day:%d %B %Y}")
st.plotly_chart(figure)
st.dataframe(frame)
