"""The YAML examples of docs/format.md's stance vocabulary (draft texts and options
papers) are valid side files, on the shipped example's scales."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from negotiation.loader import load_dossier
from negotiation.model import SideFile

ROOT = Path(__file__).resolve().parents[1]
FORMAT_MD = ROOT / "docs" / "format.md"
EXAMPLE = ROOT / "positions" / "russia-west-2022"


def _section(text: str, heading: str) -> str:
    """The text under ``heading`` up to the next heading of the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    start = text.index(heading + "\n") + len(heading) + 1
    stop = re.compile(rf"^#{{1,{level}}} ", re.MULTILINE).search(text, start)
    return text[start : stop.start() if stop else len(text)]


def _yaml_blocks(section: str) -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```", section, flags=re.MULTILINE | re.DOTALL)


def stance_examples() -> list[dict]:
    text = FORMAT_MD.read_text(encoding="utf-8")
    blocks = _yaml_blocks(_section(text, "#### Draft texts and options papers"))
    return [yaml.safe_load(b) for b in blocks]


def test_the_section_has_a_draft_text_and_an_options_paper() -> None:
    examples = stance_examples()
    assert len(examples) == 2
    draft, options = examples
    assert draft.get("role", "party") == "party"
    assert [p["stance"] for p in draft["positions"]] == ["proposal"]
    assert options["role"] == "mediator"
    assert [p["stance"] for p in options["positions"]] == ["proposal"]
    # the options paper spans options and picks none
    assert isinstance(options["positions"][0]["accepts"], dict)
    assert "ideal" not in options["positions"][0]


@pytest.mark.parametrize("n", [0, 1])
def test_stance_example_validates_as_a_side_file(n: int) -> None:
    side = SideFile.model_validate(stance_examples()[n])
    assert side.positions and all(p.stance == "proposal" for p in side.positions)


@pytest.mark.parametrize("n", [0, 1])
def test_stance_example_is_on_the_example_scales(n: int) -> None:
    if not (EXAMPLE / "dossier.yaml").is_file():
        pytest.skip("the example dossier is not there")
    d, _ = load_dossier(EXAMPLE)
    assert d is not None
    for p in SideFile.model_validate(stance_examples()[n]).positions:
        issue = d.issue_by_id[p.issue]
        ids = [s.id for s in issue.scale]
        lo, hi = p.accepts_range
        assert ids.index(lo) <= ids.index(hi)
        assert p.ideal is None or p.ideal in ids
        assert d.meta.period.start <= p.as_of <= d.meta.period.end


def test_reconciled_from_example_is_the_example_record() -> None:
    """The reconciled_from example of "Reliability and reconciliation" is a valid
    characterisation, and it is the example's own record (value, reconciled_from)."""
    from negotiation.model import Characterisation

    text = FORMAT_MD.read_text(encoding="utf-8")
    (block,) = _yaml_blocks(_section(text, "## Reliability and reconciliation"))
    (record,) = yaml.safe_load(block)
    char = Characterisation.model_validate(record)
    assert char.reconciled_from == "strident" and char.value == "tense"
    if not (EXAMPLE / "sources.yaml").is_file():
        pytest.skip("the example dossier is not there")
    dossier, problems = load_dossier(EXAMPLE)
    assert dossier is not None and problems == []
    shipped = next(c for c in dossier.characterisations if c.id == char.id)
    assert (shipped.value, shipped.reconciled_from, shipped.quote) == (
        char.value,
        char.reconciled_from,
        char.quote,
    )
    scale = [p.id for p in dossier.dimension_by_id[char.dimension].scale]
    assert char.value in scale and char.reconciled_from in scale
