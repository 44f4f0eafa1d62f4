"""Entry point of the positions dashboard: page config and navigation, nothing else.

Run with ``streamlit run dashboard.py``. The data is read from ``positions/`` beside
this file, or from the folder named by the ``NEGOTIATION_POSITIONS_DIR`` environment
variable. Each page is a thin script in ``app_pages/``; the views live in
``components/``.
"""

from __future__ import annotations

import streamlit as st

from components.pages import PAGES

st.set_page_config(
    page_title="Negotiation positions",
    page_icon=":material/handshake:",
    layout="wide",
    initial_sidebar_state="auto",  # collapsed on phones, open on desktops
)

navigation = st.navigation(
    [
        st.Page(
            page.script,
            title=page.title,
            icon=page.icon,
            url_path=page.url_path,
            default=page.default,
        )
        for page in PAGES
    ]
)
navigation.run()
