"""The YAML examples of docs/format.md are valid: the stance vocabulary's (draft texts
and options papers) on the shipped example's scales, the readings / rejects / basis
examples on the real plastics dossier's, and the reconciled_from example."""

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


REAL = ROOT / "tests" / "fixtures" / "real" / "plastics-inc5-2024"
CERTAINTY = "### Readings, ruled-out ranges and basis"


def certainty_examples() -> dict[str, dict]:
    """The side-file examples of the readings / rejects / basis section, by heading."""
    text = FORMAT_MD.read_text(encoding="utf-8")
    out = {}
    for heading in (
        "#### `readings`: when sources disagree",
        "#### `rejects`: what a side has ruled out",
        "#### `basis`: whose words the placement rests on",
    ):
        assert heading in _section(text, CERTAINTY), heading
        (block,) = _yaml_blocks(_section(text, heading))
        out[heading.split("`")[1]] = yaml.safe_load(block)
    return out


def test_the_certainty_examples_validate_as_side_files() -> None:
    examples = certainty_examples()
    us = SideFile.model_validate(examples["readings"]).positions[0]
    assert us.contested and [r.label for r in us.readings or ()] == [
        "NGO reading",
        "White House reading",
    ]
    japan = SideFile.model_validate(examples["rejects"]).positions[0]
    assert japan.accepts is None and japan.rejects_range == ("global-target", "binding-cap")
    rwanda = SideFile.model_validate(examples["basis"]).positions[0]
    assert rwanda.basis == "inferred" and rwanda.notes


@pytest.mark.parametrize("kind", ["readings", "rejects", "basis"])
def test_each_certainty_example_loads_on_the_real_dossier(kind: str, tmp_path: Path) -> None:
    """Written over the real dossier's side file, the example loads with no problem (the
    loader's placement checks included), and its quotes are the dossier's own words."""
    import shutil

    from negotiation.loader import load_positions

    example = certainty_examples()[kind]
    root = tmp_path / "positions"
    shutil.copytree(REAL, root / REAL.name)
    side = root / REAL.name / "sides" / f"{example['id']}.yaml"
    original = side.read_text(encoding="utf-8")
    side.write_text(yaml.safe_dump(example, allow_unicode=True), encoding="utf-8")
    result = load_positions([root])
    assert [p.format() for p in result.problems] == []
    d = result.dossiers[REAL.name]
    pos = d.position_by_id[example["positions"][0]["id"]]
    assert pos.accepts is None  # contested or bounded: not placed either way
    # every quote of the example is (a verbatim part of) a quote of the real file
    from negotiation.quotes import normalise_text

    quotes = [ev.quote for _, ev in pos.quotes()]
    real_text = normalise_text(" ".join(original.split()))
    for q in quotes:
        assert normalise_text(q) in real_text or "..." in q, q
