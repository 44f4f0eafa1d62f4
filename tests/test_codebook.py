"""negotiation.codebook: a dimension value without its codebook entry is a located warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from negotiation import yamlnodes
from negotiation.codebook import codebook_problems, missing_entries
from negotiation.model import Dimension, DimensionPoint, DossierFile, Issue, ScalePoint

ROOT = Path(__file__).resolve().parents[1]

DOSSIER = """\
id: d
title: D
summary: S
period: {start: 2022-01-01, end: 2022-01-31}
dimensions:
  - id: outcome
    label: Outcome
    scale:
      - id: deadlock
        label: Deadlock
        description: The sides are stuck.
        coding_rule: The quote says deadlock or impasse.
      - id: breakdown
        label: Breakdown
        description: The talks broke off.
      -   id: progress
          label: Progress
issues_are_elsewhere: true
"""


def _load(text: str) -> tuple[DossierFile, yamlnodes.ParsedYaml]:
    parsed = yamlnodes.parse(text)
    assert not parsed.fatal
    data = dict(parsed.value)  # type: ignore[call-overload]
    data.pop("issues_are_elsewhere")
    return DossierFile.model_validate(data), parsed


def test_warns_at_each_point_without_definition_or_rule() -> None:
    meta, parsed = _load(DOSSIER)
    assert list(missing_entries(meta)) == [
        ("outcome", "breakdown", ["coding_rule"]),
        ("outcome", "progress", ["description", "coding_rule"]),
    ]
    problems = codebook_problems(meta, parsed.root, "positions/d/dossier.yaml")
    assert [(p.file, p.line, p.column, p.severity, p.code) for p in problems] == [
        ("positions/d/dossier.yaml", 13, 9, "warning", "codebook-missing"),
        ("positions/d/dossier.yaml", 16, 11, "warning", "codebook-missing"),
    ]
    assert problems[0].format().startswith("positions/d/dossier.yaml:13:9: warning: ")
    assert "a dimension value lacks its codebook entry" in problems[0].message
    assert "'breakdown' of dimension 'outcome' has no coding_rule" in problems[0].message
    assert "has no definition (description) and coding_rule" in problems[1].message


def test_positions_unknown_without_nodes_and_example_is_complete() -> None:
    meta, _ = _load(DOSSIER)
    assert {(p.line, p.column) for p in codebook_problems(meta, None, "f")} == {(0, 0)}
    example = ROOT / "positions" / "russia-west-2022" / "dossier.yaml"
    parsed = yamlnodes.parse(example.read_text(encoding="utf-8"))
    meta = DossierFile.model_validate(parsed.value)
    assert codebook_problems(meta, parsed.root, str(example)) == []


def test_dimension_accepts_plain_scale_points_and_keeps_the_codebook_off_issues() -> None:
    plain = [ScalePoint(id="a", label="A", description="first"), ScalePoint(id="b", label="B")]
    dim = Dimension(id="outcome", label="Outcome", scale=plain)
    assert all(isinstance(p, DimensionPoint) for p in dim.scale)
    assert dim.scale[0].description == "first" and dim.scale[0].coding_rule is None
    with_rule = {"id": "c", "label": "C", "coding_rule": "counts"}
    assert Dimension(id="o", label="O", scale=[*plain, with_rule]).scale[2].coding_rule == "counts"
    with pytest.raises(ValidationError, match="coding_rule"):
        Issue(id="i", title="I", scale=[*plain, with_rule])
