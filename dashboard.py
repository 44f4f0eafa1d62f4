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

# Streamlit serves the default page at "/" only (its url_path is never served), so
# the default page reserves the empty path and a hidden twin answers at its own path
# ("/overview"): every page is reachable at /<url_path>, the default one included.
pages = []
for page in PAGES:
    pages.append(
        st.Page(
            page.script,
            title=page.title,
            icon=page.icon,
            url_path="" if page.default else page.url_path,
            default=page.default,
        )
    )
    if page.default:
        pages.append(
            st.Page(
                page.script,
                title=page.title,
                icon=page.icon,
                url_path=page.url_path,
                visibility="hidden",
            )
        )
navigation = st.navigation(pages)
navigation.run()
