"""Streamlit UI of the positions dashboard: one module per view, shared widgets and
pure Plotly figure builders (``figures``) and the brief builder (``brief``), which
never import streamlit."""
