"""The committed screenshots show the data as it is: docs/screenshots/data-hash.json
records a hash of each dossier folder pictured when its screenshots were taken
(scripts/retake_screenshots.py); a change to that data without retaking them fails
here, naming the set to retake."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from retake_screenshots import HASHES, SETS, folder_hash  # noqa: E402


def test_every_pictured_dossier_is_recorded() -> None:
    saved = json.loads(HASHES.read_text(encoding="utf-8"))
    assert {root for root, _ in SETS.values()} <= set(saved)


def test_screenshots_show_the_current_data() -> None:
    saved = json.loads(HASHES.read_text(encoding="utf-8"))
    stale = [
        f"{root} (retake: scripts/retake_screenshots.py --sets "
        + " ".join(n for n, (r, _) in SETS.items() if r == root)
        + ")"
        for root, digest in saved.items()
        if folder_hash(ROOT / root) != digest
    ]
    assert not stale, "screenshots show older data: " + "; ".join(stale)


def test_the_hash_sees_a_changed_file(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("id: a\n", encoding="utf-8")
    before = folder_hash(tmp_path)
    (tmp_path / "a.yaml").write_text("id: b\n", encoding="utf-8")
    assert folder_hash(tmp_path) != before
