"""The figure builders skip Plotly's validation (components.figure_style.fast_figure):
every figure they build on the example dossier, the long fixture and a generated one
must survive validated construction and serialise exactly like the validated copy
(before and after follow_theme), so a misspelt property or a value the validator
would reject or coerce fails here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from components import figures, paths_figures
from components.figure_style import follow_theme
from negotiation.loader import load_positions
from tests.figure_inputs import figure_calls

ROOT = Path(__file__).resolve().parents[1]
BUILDERS = {
    "range_figure",
    "paths_figure",
    "history_figure",
    "movement_figure",
    "timeline_figure",
    "voices_figure",
    "characterisations_over_time_figure",
    "frames_figure",
}


def _build(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> go.Figure:
    module = paths_figures if name == "paths_figure" else figures
    return getattr(module, name)(*args, **kwargs)


def _as_json(fig: go.Figure) -> Any:
    return json.loads(pio.to_json(fig))


def _check(fig: go.Figure, where: str) -> None:
    validated = go.Figure(fig.to_dict())  # raises on an invalid property or value
    assert _as_json(fig) == _as_json(validated), where


def _check_all(root: Path, tmp_theme: str = "dark") -> set[str]:
    seen: set[str] = set()
    for d in load_positions([root]).dossiers.values():
        for n, (name, args, kwargs) in enumerate(figure_calls(d)):
            where = f"{d.id} #{n} {name}"
            fast = _build(name, args, kwargs)
            assert not fast._validate, where  # the builder really skips validation
            _check(fast, where)
            themed = follow_theme(_build(name, args, kwargs), tmp_theme)
            assert _as_json(themed) == _as_json(
                follow_theme(go.Figure(fast.to_dict()), tmp_theme)
            ), where + " (themed)"
            seen.add(name)
    return seen


@pytest.mark.parametrize(
    "root", [ROOT / "positions", ROOT / "tests/fixtures/long-dossier"], ids=["example", "long"]
)
def test_fast_figures_equal_validated(root: Path) -> None:
    assert _check_all(root) == BUILDERS


def test_fast_figures_equal_validated_on_generated(tmp_path: Path) -> None:
    from benchmarks.generate import generate

    generate("S", tmp_path)
    assert _check_all(tmp_path, "light") == BUILDERS


def test_the_check_catches_a_bad_property() -> None:
    """The comparison fails on what the validator rejects or coerces."""
    with pytest.raises(ValueError):
        _check(go.Figure(data=[{"type": "scatter", "markr": {}}], _validate=False), "typo")
    with pytest.raises(AssertionError):
        _check(
            go.Figure(data=[{"type": "scatter", "text": [float("nan")]}], _validate=False), "nan"
        )
