"""The codebook rule: a dimension value without its codebook entry is a located warning."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from loader_helpers import DOSSIER, dump, line_of, make_dossier
from pydantic import ValidationError

from negotiation.codebook import has_codebook, missing_fields
from negotiation.loader import load_dossier
from negotiation.model import Dimension, DimensionPoint, Issue, ScalePoint

ROOT = Path(__file__).resolve().parents[1]


def test_warns_at_each_point_without_definition_or_rule(tmp_path: Path) -> None:
    dossier = copy.deepcopy(DOSSIER)
    scale = dossier["dimensions"][0]["scale"]
    scale[0].update(description="The talks broke off.", coding_rule="Said to be over.")
    scale[1].update(description="The sides are stuck.")  # deadlock: a definition only
    text = dump(dossier)
    folder = make_dossier(tmp_path, dossier=text)
    loaded, problems = load_dossier(folder)
    assert loaded is not None
    found = [p for p in problems if p.code == "codebook-missing"]
    assert [(p.line, p.column, p.severity) for p in found] == [
        (line_of(text, "id: deadlock"), 5, "warning"),
        (line_of(text, "id: breakthrough"), 5, "warning"),
    ]
    assert all(p.file.endswith("talks/dossier.yaml") for p in found)
    assert "a dimension value lacks its codebook entry" in found[0].message
    assert "'deadlock' of dimension 'outcome' has no coding_rule" in found[0].message
    assert "has no definition (description) and coding_rule" in found[1].message
    assert [p.format() for p in problems if p.severity == "error"] == []


def test_no_warning_without_a_codebook_or_with_a_complete_one(tmp_path: Path) -> None:
    _, problems = load_dossier(make_dossier(tmp_path))  # no codebook field anywhere
    assert [p for p in problems if p.code == "codebook-missing"] == []
    dossier = copy.deepcopy(DOSSIER)
    for point in dossier["dimensions"][0]["scale"]:
        point.update(description="Definition.", coding_rule="Rule.")
    _, problems = load_dossier(make_dossier(tmp_path, "full", dossier=dossier))
    assert [p for p in problems if p.code == "codebook-missing"] == []
    _, problems = load_dossier(ROOT / "positions" / "russia-west-2022")
    assert [p.format() for p in problems if p.code == "codebook-missing"] == []


def test_missing_fields() -> None:
    assert missing_fields(ScalePoint(id="a", label="A")) == ["description", "coding_rule"]
    full = DimensionPoint(id="a", label="A", description="d", coding_rule="r")
    assert missing_fields(full) == []
    assert not has_codebook(ScalePoint(id="a", label="A", description="d"))
    assert has_codebook(DimensionPoint(id="a", label="A", example="e"))


def test_dimension_accepts_plain_scale_points_and_keeps_the_codebook_off_issues() -> None:
    plain = [ScalePoint(id="a", label="A", description="first"), ScalePoint(id="b", label="B")]
    dim = Dimension(id="outcome", label="Outcome", scale=plain)
    assert all(isinstance(p, DimensionPoint) for p in dim.scale)
    assert dim.scale[0].description == "first" and dim.scale[0].coding_rule is None
    with_rule = {"id": "c", "label": "C", "coding_rule": "counts"}
    assert Dimension(id="o", label="O", scale=[*plain, with_rule]).scale[2].coding_rule == "counts"
    with pytest.raises(ValidationError, match="coding_rule"):
        Issue(id="i", title="I", scale=[*plain, with_rule])
