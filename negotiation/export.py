"""JSON and CSV export of a dossier and its comparison tables.

Pure functions: they return dicts, frames, strings or bytes, so the dashboard can
offer the same exports as downloads; only :func:`write_json` and :func:`write_csvs`
touch the file system (and only where they are told to write).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from negotiation import analysis, paths, whatif
from negotiation.dossier import Dossier, Side

EXPORT_FORMAT = "negotiation-positions/export"
EXPORT_VERSION = 1

TABLE_NAMES = (
    "positions",
    "gaps",
    "overlaps",
    "camps",
    "characterisations",
    "agreement",
    "concessions",
    "trades",
)
"""The comparison tables of an export, in the order they are written."""

WhatIf = Sequence[str] | Sequence[whatif.Hypothesis] | str | None


# --------------------------------------------------------------------------- the dossier


def _number(value: float | None) -> float | int | None:
    """A weight as written: 27.0 -> 27, 0.5 -> 0.5, None -> None."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _side_dict(side: Side) -> dict[str, Any]:
    return {
        "id": side.id,
        "name": side.name,
        "short": side.short,
        "camp": side.camp,
        "camps": list(side.camps),
        "role": side.role,
        "weight": _number(side.weight),
        "weight_evidence": [e.model_dump(mode="json", by_alias=True) for e in side.weight_evidence],
        "description": side.description,
        "positions": [p.model_dump(mode="json", by_alias=True) for p in side.positions],
    }


def dossier_dict(dossier: Dossier) -> dict[str, Any]:
    """The normalised dossier: every validated record, JSON-ready, with field aliases."""
    return {
        "id": dossier.id,
        "meta": dossier.meta.model_dump(mode="json", by_alias=True),
        "issues": [i.model_dump(mode="json", by_alias=True) for i in dossier.issues],
        "sides": [_side_dict(s) for s in dossier.sides],
        "sources": [s.model_dump(mode="json", by_alias=True) for s in dossier.sources],
        "characterisations": [
            c.model_dump(mode="json", by_alias=True) for c in dossier.characterisations
        ],
    }


# --------------------------------------------------------------------------- the tables


def default_gap_parties(dossier: Dossier) -> tuple[str, str] | None:
    """The two parties an export compares: the first two camps, else the first two sides."""
    camps = [c.id for c in dossier.camps]
    if len(camps) >= 2:
        return f"camp:{camps[0]}", f"camp:{camps[1]}"
    sides = [s.id for s in dossier.sides]
    if len(sides) >= 2:
        return sides[0], sides[1]
    return None


def _as_frame(obj: Any) -> pd.DataFrame:
    """Whatever an analysis function returned, as a DataFrame."""
    if isinstance(obj, pd.DataFrame):
        return obj
    if obj is None:
        return pd.DataFrame()
    if isinstance(obj, pd.Series):
        return obj.to_frame()
    if isinstance(obj, dict):
        return pd.DataFrame(obj)
    rows = list(obj)
    if rows and is_dataclass(rows[0]):
        rows = [asdict(r) for r in rows]
    return pd.DataFrame(rows)


def _with_blocker_sets(
    frame: pd.DataFrame, dossier: Dossier, parties: list[str], date: dt.date | None
) -> pd.DataFrame:
    """The overlaps table with ``blocker_sets``: every minimal set of blockers."""
    if frame.empty or "issue" not in frame.columns or "blocker_sets" in frame.columns:
        return frame
    sets = paths.overlap_blocker_sets(dossier, parties, date)
    out = frame.copy()
    out["blocker_sets"] = pd.Series([sets.get(i, ()) for i in out["issue"]], dtype=object)
    return out


def concessions_frame(
    dossier: Dossier, date: dt.date | None, pair: tuple[str, str] | None
) -> pd.DataFrame:
    """The export's ``concessions`` table: one row per issue for the compared pair
    (``scope`` 'pair') then one per issue for all sides (``scope`` 'all sides')."""
    frames = []
    if pair:
        frames.append(paths.concessions_table(dossier, list(pair), date).assign(scope="pair"))
    sides = analysis.default_parties(dossier)  # mediators and observers left out
    if sides:  # all the sides together: decided under each issue's rule
        frames.append(
            paths.concessions_table(dossier, sides, date, by_rule=True).assign(scope="all sides")
        )
    if not frames:
        return pd.DataFrame(columns=["scope", *paths.CONCESSION_COLUMNS, *SENSITIVITY_COLUMNS])
    out = pd.concat(frames, ignore_index=True)
    out = out[["scope", *paths.CONCESSION_COLUMNS]]
    equal, without = [], []
    for scope, issue, parties in zip(out["scope"], out["issue"], out["parties"], strict=True):
        sens = paths.meeting_sensitivity(
            dossier, issue, list(parties), date, by_rule=scope != "pair"
        )
        equal.append(sens.equal_priorities)
        without.append([list(t) for t in sens.without_inferred])
    out["sensitivity_equal_priorities"] = pd.Series(equal, dtype=object, index=out.index)
    out["sensitivity_rests_on"] = pd.Series(without, dtype=object, index=out.index)
    return out


SENSITIVITY_COLUMNS = ("sensitivity_equal_priorities", "sensitivity_rests_on")
"""Added after a concessions or trades row's own columns: the answer with every priority
defaulted (None when unchanged) and, per inferred placement whose removal changes it,
[position id, side id, the new answer or 'not placed'] (see
:mod:`negotiation.paths.sensitivity`)."""


def trades_frame(dossier: Dossier, date: dt.date | None, pair: tuple[str, str] | None) -> Any:
    """The export's ``trades`` table (between ``pair``), with the sensitivity columns."""
    if not pair:
        return pd.DataFrame(columns=[*paths.TRADE_COLUMNS, *SENSITIVITY_COLUMNS])
    out = paths.trades_table(dossier, pair[0], pair[1], date)
    sens = paths.trade_sensitivity(dossier, pair[0], pair[1], date)
    keys = list(zip(out["a_concedes"], out["b_concedes"], strict=True))
    out["sensitivity_equal_priorities"] = pd.Series(
        [sens[k].equal_priorities for k in keys], dtype=object, index=out.index
    )
    out["sensitivity_rests_on"] = pd.Series(
        [[list(t) for t in sens[k].without_inferred] for k in keys], dtype=object, index=out.index
    )
    return out


def comparison_tables(
    dossier: Dossier,
    date: dt.date | None = None,
    gap_parties: tuple[str, str] | None = None,
    overlap_parties: list[str] | None = None,
    what_if: WhatIf = None,
    rule: str | None = None,
    verdicts_until: dt.date | None = None,
) -> dict[str, pd.DataFrame]:
    """The comparison tables of a dossier, keyed by :data:`TABLE_NAMES`.

    ``gaps`` compares ``gap_parties`` (default: :func:`default_gap_parties`);
    ``overlaps`` intersects ``overlap_parties`` (default: every side), names blockers
    and lists every minimal blocker set (``blocker_sets``); ``concessions`` (see
    :func:`concessions_frame`) and ``trades`` (between the gap parties) are the paths
    to agreement. With ``what_if`` (hypotheses, or their texts: parsed strictly,
    raising :class:`~negotiation.whatif.HypothesisError`) every table is computed
    under them; with ``rule`` (``consensus``, ``majority``, ``qualified:0.667`` ...;
    a bad one raises :class:`~negotiation.analysis.RuleError`) every issue is decided
    under that hypothetical rule instead of the files' own. ``characterisations`` and
    ``agreement`` count the verdicts said on or before the as-of date (all of them at
    the dossier's latest date), or with ``verdicts_until`` those said on or before that
    day, whatever the as-of date (see :func:`analysis.characterisation_cutoff`).
    """
    dossier = analysis.with_rule(whatif.under(dossier, what_if, date), rule)
    pair = gap_parties or default_gap_parties(dossier)
    parties = overlap_parties if overlap_parties is not None else analysis.default_parties(dossier)
    said_by = analysis.characterisation_cutoff(dossier, date, verdicts_until)
    tables: dict[str, pd.DataFrame] = {
        "positions": _as_frame(analysis.positions_frame(dossier)),
        "gaps": (
            _as_frame(analysis.gap_table(dossier, pair[0], pair[1], date=date))
            if pair
            else pd.DataFrame()
        ),
        "overlaps": (
            _with_blocker_sets(
                _as_frame(analysis.overlap_table(dossier, parties, date=date)),
                dossier,
                parties,
                date,
            )
            if parties
            else pd.DataFrame()
        ),
        "camps": _as_frame(analysis.camp_table(dossier, date=date)),
        "characterisations": _as_frame(analysis.characterisations_frame(dossier, said_by)),
        "agreement": _as_frame(analysis.agreement_table(dossier, said_by)),
        "concessions": concessions_frame(dossier, date, pair),
        "trades": trades_frame(dossier, date, pair),
    }
    return tables


def frame_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame as JSON-ready records (NaN -> null, dates -> ISO strings)."""
    if frame.empty and len(frame.columns) == 0:
        return []
    flat = frame.reset_index(drop=True)
    text = flat.to_json(orient="records", date_format="iso", default_handler=str)
    records = json.loads(text)
    # pandas writes datetime64 as 'YYYY-MM-DDT00:00:00.000'; keep plain dates plain.
    for col in flat.columns:
        if pd.api.types.is_datetime64_any_dtype(flat[col]):
            for rec, value in zip(records, flat[col], strict=True):
                rec[str(col)] = None if pd.isna(value) else value.strftime("%Y-%m-%d")
    return records


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    return str(value)


# --------------------------------------------------------------------------- JSON


def export_dict(
    dossier: Dossier,
    date: dt.date | None = None,
    gap_parties: tuple[str, str] | None = None,
    overlap_parties: list[str] | None = None,
    tables: dict[str, pd.DataFrame] | None = None,
    what_if: WhatIf = None,
    rule: str | None = None,
    verdicts_until: dt.date | None = None,
) -> dict[str, Any]:
    """The whole JSON export: format header, the normalised dossier (as in its files,
    without hypotheses), ``what_if`` (the hypotheses as given; empty without),
    ``rule_what_if`` (the hypothetical decision rule's text, or null) and the tables
    (computed under them). With ``verdicts_until``, ``comparison`` says so
    (``verdicts_until`` and ``verdicts_note``: "verdicts until D, after the as-of date")."""
    pair = gap_parties or default_gap_parties(dossier)
    parties = overlap_parties if overlap_parties is not None else analysis.default_parties(dossier)
    if isinstance(what_if, str):
        what_if = whatif.split_hypotheses(what_if)
    if tables is None:
        tables = comparison_tables(dossier, date, pair, parties, what_if, rule, verdicts_until)
    given = [h.given or h.text if isinstance(h, whatif.Hypothesis) else h for h in what_if or ()]
    comparison: dict[str, Any] = {
        "date": date.isoformat() if date else None,
        "gap_parties": list(pair) if pair else [],
        "overlap_parties": list(parties),
    }
    if verdicts_until is not None:
        comparison["verdicts_until"] = verdicts_until.isoformat()
        comparison["verdicts_note"] = analysis.verdicts_note(verdicts_until, date)
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "what_if": given,
        "rule_what_if": analysis.parse_rule(rule).text if rule else None,
        "dossier": dossier_dict(dossier),
        "comparison": comparison,
        "tables": {name: frame_records(frame) for name, frame in tables.items()},
        "problems": [p.as_dict() for p in dossier.problems],
    }


def export_json(dossier: Dossier, **kwargs: Any) -> str:
    """:func:`export_dict` serialised: 2-space indent, UTF-8 text, trailing newline."""
    data = export_dict(dossier, **kwargs)
    return json.dumps(data, indent=2, ensure_ascii=False, default=_json_default) + "\n"


def write_json(dossier: Dossier, out: str | Path, **kwargs: Any) -> Path:
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(export_json(dossier, **kwargs), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- CSV


LIST_SEPARATOR = "; "
"""Between the items of a list cell in CSV (``iran; kuwait``)."""
INNER_SEPARATOR = ", "
"""Between the items of a list inside a list or mapping cell in CSV."""


def _csv_atom(value: Any) -> str:
    """One value inside a CSV cell: text as is, dates ISO, None empty, else JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bool | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _csv_items(value: Any) -> list[Any]:
    """A list, tuple or set as a list (a set sorted, for a stable file)."""
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    return list(value)


def _csv_inner(value: Any) -> str:
    """A list inside a cell, its items joined by ', ' (deeper nesting as JSON)."""
    if isinstance(value, list | tuple | set | frozenset):
        return INNER_SEPARATOR.join(_csv_atom(v) for v in _csv_items(value))
    return _csv_atom(value)


def csv_cell(value: Any) -> Any:
    """A cell as CSV text for a reader: a list joined by '; ' (``iran; kuwait``; a
    list of lists ``a, b; c, d``), a mapping as ``key: v1, v2; key2: v3``; anything
    else unchanged. The JSON export keeps the lists and mappings as they are."""
    if isinstance(value, dict):
        return LIST_SEPARATOR.join(f"{k}: {_csv_inner(v)}" for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return LIST_SEPARATOR.join(_csv_inner(v) for v in _csv_items(value))
    return value


def frame_csv(frame: pd.DataFrame) -> str:
    """A frame as CSV text (no index; lists and mappings as readable text, see
    :func:`csv_cell`)."""
    flat = frame.reset_index(drop=True).copy()
    for col in flat.columns:
        if flat[col].dtype == object:
            flat[col] = flat[col].map(csv_cell)
    return flat.to_csv(index=False, lineterminator="\n")


def csv_files(dossier: Dossier, **kwargs: Any) -> dict[str, str]:
    """File name -> CSV text, one file per comparison table (``gaps.csv``, ...)."""
    tables = kwargs.pop("tables", None) or comparison_tables(dossier, **kwargs)
    return {f"{name}.csv": frame_csv(frame) for name, frame in tables.items()}


def write_csvs(dossier: Dossier, out_dir: str | Path, **kwargs: Any) -> list[Path]:
    """Write one CSV per table into ``out_dir`` (created if needed); return the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in csv_files(dossier, **kwargs).items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def csv_zip_bytes(dossier: Dossier, **kwargs: Any) -> bytes:
    """Every table's CSV in one zip archive (for a single download button)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in csv_files(dossier, **kwargs).items():
            zf.writestr(f"{dossier.id}/{name}", text)
    return buffer.getvalue()
