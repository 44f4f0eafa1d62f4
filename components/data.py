"""Cached loading of the positions (the only place the UI touches the loader).

The positions root is ``positions/`` beside ``dashboard.py``, or the folder named by
the ``NEGOTIATION_POSITIONS_DIR`` environment variable (tests and other deployments
point it elsewhere). The cache is keyed on ``files_signature()`` (path, mtime, size of
every file), so a saved YAML edit shows on the next rerun without a restart.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from negotiation import loader
from negotiation.dossier import LoadResult

APP_DIR = Path(__file__).resolve().parents[1]
ENV_VAR = "NEGOTIATION_POSITIONS_DIR"


def positions_root() -> Path:
    """The folder holding one sub-folder per dossier."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        root = Path(configured)
        if not root.is_absolute():
            root = APP_DIR / root
        return root
    return APP_DIR / "positions"


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(root: str, signature: tuple) -> LoadResult:
    # ``signature`` is only the cache key: any saved edit changes it.
    del signature
    return loader.load_positions([Path(root)])


def load() -> LoadResult:
    """Every dossier under the positions root and the problems found (cached)."""
    root = positions_root()
    signature = loader.files_signature([root])
    with st.spinner("Loading positions…"):
        return _load(str(root), signature)


def file_count() -> int:
    """Number of YAML files the loader reads under the positions root."""
    return len(loader.files_signature([positions_root()]))
