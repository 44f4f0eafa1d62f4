"""scripts/coding_units.py: the blind-coding sheet lists every unit and leaks no value."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
import yaml

from negotiation.loader import load_dossier

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "positions" / "russia-west-2022"
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_MAP = ROOT / "tests" / "fixtures" / "seed_map.yaml"


def _script():
    spec = importlib.util.spec_from_file_location(
        "coding_units", ROOT / "scripts" / "coding_units.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["coding_units"] = module
    spec.loader.exec_module(module)
    return module


cu = _script()


@pytest.fixture(scope="module")
def example():
    dossier, problems = load_dossier(EXAMPLE)
    assert dossier is not None, problems
    return dossier


def _assert_blind(text: str, dossier) -> None:
    assert not re.search(r"(?m)^\s*(?:[-*]\s*)?value\s*:", text), "a value: line leaked"
    for ch in dossier.coding_units:
        assert f"value: {ch.value}" not in text
        if ch.notes:
            assert " ".join(ch.notes.split()) not in text, f"{ch.id}: notes leaked"
    assert "withdrawn" not in text.lower(), "which units were withdrawn leaked"


def test_sheet_lists_every_unit_with_codebook_and_no_values(example, tmp_path: Path) -> None:
    out = tmp_path / "units.md"
    assert cu.main([str(EXAMPLE), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    for ch in example.coding_units:
        assert f"`{ch.id}`" in text, ch.id
    assert text.count("\n### ") - len(example.dimensions) == len(example.coding_units)
    assert "## Codebook" in text and "Coding rule: " in text and "## General rules" in text
    for dim in example.dimensions:
        assert f"### Dimension `{dim.id}`" in text
    assert "In context:" not in text  # no archive given
    _assert_blind(text, example)


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not available at {SEEDS}")
def test_sheet_with_seeds_gives_every_quote_its_context(example) -> None:
    mapping = yaml.safe_load(SEED_MAP.read_text(encoding="utf-8"))
    text, key = cu.render(example, SEEDS, mapping)
    assert text.count("- In context:") == len(example.coding_units)
    assert "quote not found" not in text
    assert "**These talks aren't over**" in text
    # Fried's remark comes with the sentence that says what it is about.
    fried = text[text.index("terrified of him**") - 400 :]
    assert "aren't endowed with much decision-making power" in fried
    assert list(key) == [ch.id for ch in example.coding_units]
    # withdrawn characterisations are coding units too, in file order (nothing marks them)
    assert "fp-fried-bottom-line" in key and example.withdrawn
    _assert_blind(text, example)


def test_masked_ids_and_key(example, tmp_path: Path) -> None:
    out, key_file = tmp_path / "units.md", tmp_path / "key.yaml"
    assert cu.main([str(EXAMPLE), "--mask-ids", "--out", str(out), "--key", str(key_file)]) == 0
    text = out.read_text(encoding="utf-8")
    key = yaml.safe_load(key_file.read_text(encoding="utf-8"))
    assert sorted(key.values()) == sorted(ch.id for ch in example.coding_units)
    for handle, cid in key.items():
        assert f"`{handle}`" in text
        assert f"`{cid}`" not in text
    _assert_blind(text, example)


def test_context_sentences() -> None:
    paragraphs = [
        "Talks and flexing of muscles",
        "The U.S. side met on Jan. 12 in Brussels. The door is",
        "still open, he said. Nothing else happened! A last one.",
    ]
    got = cu.quote_context("door is still open", paragraphs, 0)
    assert got == "The **door is still open**, he said."
    got = cu.quote_context("Brussels", paragraphs, 1)
    assert got == (
        "Talks and flexing of muscles The U.S. side met on Jan. 12 in **Brussels**. "
        "The door is still open, he said."
    )
    assert cu.quote_context("not there", paragraphs) is None
    assert cu.quote_context("A last one.", paragraphs, 5).endswith("**A last one.**")
