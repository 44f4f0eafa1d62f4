"""Load and validate dossier folders into :class:`Dossier` objects plus :class:`Problem` s.

The loader never raises on bad data and never writes a file. A broken file, or a
broken record inside a good file (one issue, source, characterisation, event or
position), is left out alone and reported with file, line and column; everything
else loads.

Loading is a pipeline of stages, one module each, called in this order (see
docs/architecture.md):

1. :mod:`~negotiation.load.discover` - which folders and files will be read;
2. :mod:`~negotiation.load.yaml_read` - bytes to a YAML node graph, safely bounded;
3. :mod:`~negotiation.load.nodes` - nodes to plain values (duplicate keys, tags, YAML 1.1);
4. :mod:`~negotiation.load.schema_check` - values validated record by record by the
   pydantic models (messages from :mod:`~negotiation.load.explain`);
5. :mod:`~negotiation.load.references` - ids, references, ranges, urls and dates;
6. :mod:`~negotiation.load.assemble` - the ``Dossier`` of one folder.

Every stage reports into the same :class:`~negotiation.load.problems.ProblemLog`.

Public API: :func:`load_positions`, :func:`load_dossier`, :func:`files_signature`,
:func:`parse_count` and :data:`MAX_FILE_BYTES`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from negotiation.dossier import Dossier, LoadResult, Problem
from negotiation.load.assemble import load_dossier, load_plan
from negotiation.load.discover import discover, files_signature
from negotiation.load.yaml_read import MAX_FILE_BYTES, gc_paused, parse_count


def load_positions(paths: Iterable[str | Path] | None = None) -> LoadResult:
    """Load every dossier under ``paths`` (default: ``positions/`` in the cwd).

    Each path is a dossier folder (holding dossier.yaml) or a folder of dossier
    folders. Never raises on bad data; problems are sorted by file, line, column.
    """
    try:
        plans, discovery = discover(paths)
    except Exception as exc:  # pragma: no cover - defensive
        return LoadResult(
            {},
            [
                Problem(
                    "", 0, 0, "error", f"unexpected error while finding files: {exc}", "internal"
                )
            ],
        )
    problems = [Problem(f, ln, c, s, m, code) for f, ln, c, s, m, code in discovery]  # type: ignore[arg-type]
    dossiers: dict[str, Dossier] = {}
    first_at: dict[str, str] = {}
    for plan in plans:
        with gc_paused():  # the node graphs are kept alive: no point scanning them
            dossier, dproblems, drec = load_plan(plan)
        problems.extend(dproblems)
        if dossier is None:
            continue
        if dossier.id in dossiers:
            pos = drec.at("id") if drec else (0, 0)
            file = drec.file if drec else dossier.path
            problems.append(
                Problem(
                    file,
                    pos[0],
                    pos[1],
                    "error",
                    f"two dossiers have the id '{dossier.id}' (the first is in "
                    f"{first_at[dossier.id]}); this one is left out",
                    "duplicate-dossier",
                    dossier.id,
                )
            )
            continue
        dossiers[dossier.id] = dossier
        first_at[dossier.id] = dossier.path
    root = None
    if paths is None:
        root = Path("positions")
    return LoadResult(dossiers=dossiers, problems=sorted(problems), root=root)


__all__ = [
    "MAX_FILE_BYTES",
    "files_signature",
    "load_dossier",
    "load_positions",
    "parse_count",
]
