"""Cached loading of the positions (the only place the UI touches the loader).

The positions root is ``positions/`` beside ``dashboard.py``, or the folder named by
the ``NEGOTIATION_POSITIONS_DIR`` environment variable (tests and other deployments
point it elsewhere). The cache is keyed on ``files_signature()`` (path, mtime, size of
every file), so a saved YAML edit shows on the next rerun without a restart.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

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


T = TypeVar("T")


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(root: str, signature: str) -> LoadResult:
    # ``signature`` is only the cache key: any saved edit changes it.
    del signature
    result = loader.load_positions([Path(root)])
    # The loaded dossiers live as long as the cache entry. Streamlit runs a full garbage
    # collection after every script run; frozen objects are left out of it, so a rerun
    # does not walk tens of thousands of loaded records looking for cycles.
    gc.collect()
    gc.freeze()
    return result


# (root, signature digest) of the last ``load()``: the data key every cache below uses,
# so one script run lists and stats the files once, not once per cached call.
_current: tuple[str, str] | None = None


def _digest(signature: tuple) -> str:
    return hashlib.blake2b(repr(signature).encode(), digest_size=16).hexdigest()


def data_key() -> tuple[str, str]:
    root = str(positions_root())
    if _current is not None and _current[0] == root:
        return _current
    return root, _digest(loader.files_signature([Path(root)]))


def load() -> LoadResult:
    """Every dossier under the positions root and the problems found (cached)."""
    global _current
    root = str(positions_root())
    _current = (root, _digest(loader.files_signature([Path(root)])))
    with st.spinner("Loading positions…"):
        return _load(*_current)


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
    from negotiation.brief import build_brief  # late: brief imports nothing from here

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
    "weighted_widest_gap": paths.weighted_widest_gap,
    "meeting_sensitivity": paths.meeting_sensitivity,
    "trade_sensitivity": paths.trade_sensitivity,
    "trades_under_readings": paths.trades_under_readings,
}


# --------------------------------------------------------------------------- what-if
#
# A hypothetical dossier (negotiation.whatif.under) has the same id as the loaded one,
# so it is built once per (dossier, hypotheses, date) and kept (``_under``); the
# analysis cache is keyed on its hypotheses and date too, and ``cached`` only uses the
# cache for a hypothetical dossier that is this kept object.


@st.cache_resource(show_spinner=False, max_entries=16)
def _under(
    root: str, signature: str, dossier_id: str, what_if: tuple, day: Any, rule: str | None = None
) -> Dossier:
    base = _load(root, signature).dossiers[dossier_id]
    return analysis.with_rule(whatif.under(base, list(what_if), day), rule)


def _hypothesis_day(dossier: Dossier) -> Any:
    """The day from which a hypothetical dossier's what-if positions hold."""
    for _, pos in dossier.positions():
        if pos.id in dossier.hypothetical_ids:
            return pos.as_of
    return None


def under(dossier: Dossier, hypotheses: Any, date: Any = None, rule: str | None = None) -> Dossier:
    """``dossier`` (one of the loaded dossiers) under ``hypotheses`` (parsed
    :class:`~negotiation.whatif.Hypothesis` objects) at ``date`` and under the
    hypothetical decision ``rule`` (its canonical text; None: the files' own): the same
    object for the same arguments, so its analysis is cached like the loaded dossier's."""
    if not hypotheses and not rule:
        return dossier
    root, signature = data_key()
    if (
        _load(root, signature).dossiers.get(dossier.id) is not dossier
        or dossier.what_if
        or dossier.rule_what_if
    ):
        return analysis.with_rule(whatif.under(dossier, list(hypotheses), date), rule)
    texts = tuple(h.text for h in hypotheses)
    if not texts:
        date = None
    elif date is None:  # the day the hypotheses hold from when no date is given
        date = _hypothesis_day(whatif.under(dossier, list(hypotheses), None))
    return _under(root, signature, dossier.id, texts, date, rule)


@st.cache_data(show_spinner=False, max_entries=128)
def _cached(
    kind: str,
    root: str,
    signature: str,
    dossier_id: str,
    args: tuple,
    kwargs: tuple,
    what_if: tuple = (),
    what_if_day: Any = None,
    rule: str | None = None,
) -> Any:
    dossier = _load(root, signature).dossiers[dossier_id]
    if what_if or rule:
        dossier = _under(root, signature, dossier_id, what_if, what_if_day, rule)
    return _FUNCS[kind](dossier, *args, **dict(kwargs))


def _frozen(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    return value


def _identity(dossier: Dossier) -> tuple[str, str, str, tuple, Any, str | None] | None:
    """(root, signature, dossier id, hypotheses, their day, hypothetical rule) naming
    ``dossier`` in the caches, or None when it is not a dossier they hold (a test
    building its own, or a hypothetical dossier not built by :func:`under`)."""
    root, signature = data_key()
    loaded = _load(root, signature)
    what_if, day, rule = dossier.what_if, None, dossier.rule_what_if
    if what_if or rule:
        day = _hypothesis_day(dossier) if what_if else None
        if (
            dossier.id not in loaded.dossiers
            or _under(root, signature, dossier.id, what_if, day, rule) is not dossier
        ):
            return None
    elif loaded.dossiers.get(dossier.id) is not dossier:
        return None
    return root, signature, dossier.id, what_if, day, rule


def cached(kind: str, dossier: Dossier, *args: Any, **kwargs: Any) -> Any:
    """``negotiation.analysis`` result ``kind`` for ``dossier`` (one of the loaded
    dossiers), cached on the positions root, its files signature, the dossier id and
    the arguments; for a hypothetical dossier (from :func:`under`) on its hypotheses
    and their day too. Results are copies: changing them does not touch the cache."""
    ident = _identity(dossier)
    if ident is None:
        return _FUNCS[kind](dossier, *args, **kwargs)
    root, signature, dossier_id, what_if, day, rule = ident
    return _cached(
        kind,
        root,
        signature,
        dossier_id,
        tuple(_frozen(a) for a in args),
        tuple(sorted((k, _frozen(v)) for k, v in kwargs.items())),
        what_if,
        day,
        rule,
    )


# --------------------------------------------------------------------------- view caches
#
# What a view builds from the analysis (figures, display tables, option lists) is kept
# per view state too: ``memo`` keeps a value (shared, not copied: treat it as read-only)
# and ``section`` keeps what a drawing function put on the page, which Streamlit
# replays on a later run with the same key instead of calling the function (its element
# replay of cached functions). A section may hold text, charts, tables and containers,
# never a widget. ``key`` must name everything the value or drawing depends on besides
# the dossier: the view state, the theme, the labels and colours in use.


@st.cache_resource(show_spinner=False, max_entries=512)
def _memo(name: str, ident: tuple, key: tuple, _build: Callable[[], Any]) -> Any:
    return _build()


@st.cache_resource(show_spinner=False, max_entries=512)
def _section(name: str, ident: tuple, key: tuple, _draw: Callable[[], None]) -> None:
    _draw()


def memo(name: str, dossier: Dossier, key: tuple[Hashable, ...], build: Callable[[], T]) -> T:
    """``build()``, kept per (data, ``dossier``, ``name``, ``key``); read-only."""
    ident = _identity(dossier)
    if ident is None:
        return build()
    return _memo(name, ident, _frozen(key), build)


def section(
    name: str, dossier: Dossier, key: tuple[Hashable, ...], draw: Callable[[], None]
) -> None:
    """Draw ``draw()``'s elements once per (data, ``dossier``, ``name``, ``key``); later
    runs with the same key replay them without calling ``draw``."""
    ident = _identity(dossier)
    if ident is None:
        draw()
        return
    _section(name, ident, _frozen(key), draw)


def shared(kind: str, dossier: Dossier, *args: Any, **kwargs: Any) -> Any:
    """Like :func:`cached`, but the one kept result itself rather than a copy (no
    unpickling on every rerun): read-only, copy it before changing it."""
    key = (
        tuple(_frozen(a) for a in args),
        tuple(sorted((k, _frozen(v)) for k, v in kwargs.items())),
    )
    return memo(f"analysis:{kind}", dossier, key, lambda: _FUNCS[kind](dossier, *args, **kwargs))


def by_state(
    kind: str, dossier: Dossier, state: Hashable, *args: Any, date: Any, **kwargs: Any
) -> Any:
    """``kind``'s result at ``date``, kept per as-of ``state`` (``ViewContext.state``: the
    last change of the positions the result reads) rather than per day, so a move of the
    as-of date that changes none of them costs nothing. Shared: read-only."""
    key = (
        "state",
        state,
        tuple(_frozen(a) for a in args),
        tuple(sorted((k, _frozen(v)) for k, v in kwargs.items())),
    )
    return memo(
        f"analysis:{kind}", dossier, key, lambda: _FUNCS[kind](dossier, *args, date=date, **kwargs)
    )
