"""Shared pytest configuration."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import launch_chromium, require_browser
from hypothesis import settings

# No timing in tests: machines here are shared and noisy, so hypothesis gets no deadline.
settings.register_profile("project", deadline=None)
settings.load_profile("project")

ROOT = Path(__file__).resolve().parents[1]
POSITIONS = ROOT / "positions"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(autouse=True, scope="session")
def _run_from_repo_root() -> None:
    """Tests resolve `positions/` and other relative paths from the repository root."""
    os.chdir(ROOT)


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """Debian's Chromium under Playwright, one per test module (skips without a browser)."""
    path = require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw, path)
        try:
            yield browser
        finally:
            browser.close()
