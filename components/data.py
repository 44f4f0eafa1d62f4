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

from negotiation import analysis, loader, paths, whatif
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
    "concessions_table": paths.concessions_table,
    "trades_table": paths.trades_table,
    "weights_table": paths.weights_table,
    "issue_paths": paths.issue_paths,
    "priority_evidence_frame": paths.priority_evidence_frame,
}


# --------------------------------------------------------------------------- what-if
#
# A hypothetical dossier (negotiation.whatif.under) has the same id as the loaded one,
# so it is built once per (dossier, hypotheses, date) and kept (``_under``); the
# analysis cache is keyed on its hypotheses and date too, and ``cached`` only uses the
# cache for a hypothetical dossier that is this kept object.


@st.cache_resource(show_spinner=False, max_entries=16)
def _under(root: str, signature: tuple, dossier_id: str, what_if: tuple, day: Any) -> Dossier:
    return whatif.under(_load(root, signature).dossiers[dossier_id], list(what_if), day)


def _hypothesis_day(dossier: Dossier) -> Any:
    """The day from which a hypothetical dossier's what-if positions hold."""
    for _, pos in dossier.positions():
        if pos.id in dossier.hypothetical_ids:
            return pos.as_of
    return None


def under(dossier: Dossier, hypotheses: Any, date: Any = None) -> Dossier:
    """``dossier`` (one of the loaded dossiers) under ``hypotheses`` (parsed
    :class:`~negotiation.whatif.Hypothesis` objects) at ``date``: the same object for
    the same arguments, so its analysis is cached like the loaded dossier's."""
    if not hypotheses:
        return dossier
    root = positions_root()
    signature = loader.files_signature([root])
    if _load(str(root), signature).dossiers.get(dossier.id) is not dossier or dossier.what_if:
        return whatif.under(dossier, list(hypotheses), date)
    texts = tuple(h.text for h in hypotheses)
    if date is None:  # the day the hypotheses hold from when no date is given
        date = _hypothesis_day(whatif.under(dossier, list(hypotheses), None))
    return _under(str(root), signature, dossier.id, texts, date)


@st.cache_data(show_spinner=False, max_entries=128)
def _cached(
    kind: str,
    root: str,
    signature: tuple,
    dossier_id: str,
    args: tuple,
    kwargs: tuple,
    what_if: tuple = (),
    what_if_day: Any = None,
) -> Any:
    dossier = _load(root, signature).dossiers[dossier_id]
    if what_if:
        dossier = _under(root, signature, dossier_id, what_if, what_if_day)
    return _FUNCS[kind](dossier, *args, **dict(kwargs))


def _frozen(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value


def cached(kind: str, dossier: Dossier, *args: Any, **kwargs: Any) -> Any:
    """``negotiation.analysis`` result ``kind`` for ``dossier`` (one of the loaded
    dossiers), cached on the positions root, its files signature, the dossier id and
    the arguments; for a hypothetical dossier (from :func:`under`) on its hypotheses
    and their day too. Results are copies: changing them does not touch the cache."""
    root = positions_root()
    signature = loader.files_signature([root])
    loaded = _load(str(root), signature)
    what_if, day = dossier.what_if, None
    if what_if:
        day = _hypothesis_day(dossier)
        if (
            dossier.id not in loaded.dossiers
            or _under(str(root), signature, dossier.id, what_if, day) is not dossier
        ):
            return _FUNCS[kind](dossier, *args, **kwargs)  # not built by ``under``
    elif loaded.dossiers.get(dossier.id) is not dossier:
        # not the cached dossier (a test building its own): no cache
        return _FUNCS[kind](dossier, *args, **kwargs)
    return _cached(
        kind,
        str(root),
        signature,
        dossier.id,
        tuple(_frozen(a) for a in args),
        tuple(sorted((k, _frozen(v)) for k, v in kwargs.items())),
        what_if,
        day,
    )
