"""The support chart (components.decision_figures): pure, valid Plotly, and it says what
it shows — the weight behind each point, the bar the rule sets, the winners marked in
text as well as colour."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio

from components.decision_figures import CARRIES, support_alt_text, support_figure
from components.figure_style import follow_theme

LABELS = ["No limits", "Voluntary", "Quotas", "Global cap", "Moratorium"]
SUPPORT = [10.0, 7.0, 6.0, 48.0, 17.0]


def _fig(**kw) -> go.Figure:  # type: ignore[no-untyped-def]
    args = {"strict": False, "winning": [3], "title": "Production limits: support"}
    args.update(kw)
    return support_figure(LABELS, SUPPORT, 52.0, 34.684, **args)


def test_bars_bar_line_and_winners() -> None:
    fig = _fig()
    (trace,) = fig.data
    assert trace.name == "support" and list(trace.x) == SUPPORT
    assert list(trace.y) == LABELS
    assert trace.text[3].startswith(CARRIES) and "48 of 52 (92 %)" in trace.text[3]
    assert not any(CARRIES in t for i, t in enumerate(trace.text) if i != 3)
    assert len(set(trace.marker.color)) == 2  # winners shaded apart, not colour alone
    (line,) = fig.layout.shapes
    assert line.x0 == line.x1 == 34.684 and line.line.dash == "dash"
    (note,) = fig.layout.annotations
    assert note.text == "needed: at least 34.68"
    assert fig.layout.meta["winning"] == [3]


def test_majority_bar_is_strict_and_the_label_stays_on_the_chart() -> None:
    fig = _fig(strict=True, winning=[])
    (note,) = fig.layout.annotations
    assert note.text == "needed: more than 34.68"
    assert note.xanchor == "right"  # the bar is right of the middle: label to its left
    low = support_figure(LABELS, SUPPORT, 52.0, 5.0, strict=False, winning=[])
    assert low.layout.annotations[0].xanchor == "left"
    assert not any(CARRIES in t for t in fig.data[0].text)


def test_valid_plotly_light_and_dark() -> None:
    for theme in ("light", "dark"):
        fig = follow_theme(_fig(), theme)
        validated = go.Figure(fig.to_dict())
        assert json.loads(pio.to_json(fig)) == json.loads(pio.to_json(validated))


def test_alt_text_lists_every_point_and_the_bar() -> None:
    text = support_alt_text(LABELS, SUPPORT, 52.0, 34.684, strict=False)
    assert text.startswith("Weight accepting each point: No limits 10 of 52 (19 %);")
    assert text.endswith("A point needs at least 34.68.")
