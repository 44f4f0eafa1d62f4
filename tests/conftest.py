"""Shared pytest configuration."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
POSITIONS = ROOT / "positions"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(autouse=True, scope="session")
def _run_from_repo_root() -> None:
    """Tests resolve `positions/` and other relative paths from the repository root."""
    os.chdir(ROOT)
