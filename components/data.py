"""Cached loading of the positions (the only place the UI touches the loader).

The positions root is ``positions/`` beside ``dashboard.py``, or the folder named by
the ``NEGOTIATION_POSITIONS_DIR`` environment variable (tests and other deployments
point it elsewhere). The cache is keyed on ``files_signature()`` (path, mtime, size of
every file), so a saved YAML edit shows on the next rerun without a restart.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from negotiation import analysis, loader
from negotiation.dossier import Dossier, LoadResult

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


# --------------------------------------------------------------------------- analysis cache
#
# The analysis results are cached per (positions root, files signature, dossier id,
# arguments): never on the Dossier object's value (hashing 30,000 positions would cost
# more than it saves). The dossier itself comes from ``_load``'s cache, so a saved edit
# (a new signature) recomputes everything.


def _brief(d: Dossier, **kwargs: Any) -> Any:
    from components.brief import build_brief  # late: brief imports nothing from here

    return build_brief(d, **kwargs)


def _data_health(d: Dossier) -> dict[str, Any]:
    positions = analysis.positions_frame(d)
    return {
        "missing": analysis.coverage_table(d),
        "unplaced": analysis.unplaced_positions(d),
        "n_not_placed": int((~positions["placed"]).sum()) if len(positions) else 0,
        "n_no_evidence": int((positions["n_evidence"] == 0).sum()) if len(positions) else 0,
    }


_FUNCS: dict[str, Callable[..., Any]] = {
    "gap_table": analysis.gap_table,
    "overlap_table": analysis.overlap_table,
    "movement_table": analysis.movement_table,
    "positions_frame": analysis.positions_frame,
    "positions_as_of": analysis.positions_as_of,
    "overview_matrix": analysis.overview_matrix,
    "headline_counts": analysis.headline_counts,
    "camp_table": analysis.camp_table,
    "brief": _brief,
    "data_health": _data_health,
}


@st.cache_data(show_spinner=False, max_entries=128)
def _cached(
    kind: str,
    root: str,
    signature: tuple,
    dossier_id: str,
    args: tuple,
    kwargs: tuple,
) -> Any:
    dossier = _load(root, signature).dossiers[dossier_id]
    return _FUNCS[kind](dossier, *args, **dict(kwargs))


def _frozen(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value


def cached(kind: str, dossier: Dossier, *args: Any, **kwargs: Any) -> Any:
    """``negotiation.analysis`` result ``kind`` for ``dossier`` (one of the loaded
    dossiers), cached on the positions root, its files signature, the dossier id and
    the arguments. Results are copies: changing them does not touch the cache."""
    root = positions_root()
    signature = loader.files_signature([root])
    loaded = _load(str(root), signature)
    if loaded.dossiers.get(dossier.id) is not dossier:
        # not the cached dossier (a test building its own): no cache
        return _FUNCS[kind](dossier, *args, **kwargs)
    return _cached(
        kind,
        str(root),
        signature,
        dossier.id,
        tuple(_frozen(a) for a in args),
        tuple(sorted((k, _frozen(v)) for k, v in kwargs.items())),
    )
