"""Retake every screenshot committed in docs/screenshots, then record which data they
show (docs/screenshots/data-hash.json: a hash of each dossier folder pictured).

    .venv/bin/python scripts/retake_screenshots.py            # every set (~10 min)
    .venv/bin/python scripts/retake_screenshots.py --sets multi long

tests/test_screenshots_data.py fails when a pictured dossier changed after its
screenshots were taken, so the README never shows data from before a correction.
The phone and dark sets come from the accessibility tests (A11Y_SCREENSHOTS).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from png_optimise import optimise  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
HASHES = OUT / "data-hash.json"
PY = sys.executable
SHOTS = [PY, str(ROOT / "scripts" / "screenshots.py"), "--out", str(OUT)]
WHATIF = "russia:nato-non-expansion:moratorium..binding-no-enlargement"
LONG = "tests/fixtures/long-dossier"
MULTI = "tests/fixtures/multilateral"

# set name -> (the positions root pictured, the commands that take its screenshots)
SETS: dict[str, tuple[str, list[list[str]]]] = {
    "example": (
        "positions",
        [
            [*SHOTS, "--pages", "overview", "gaps", "issue", "sources", "timeline",
             "health", "briefing"],
            [*SHOTS, "--pages", "paths", "--query", f"date=2022-01-18&whatif={WHATIF}"],
        ],
    ),
    "a11y": (
        "positions",
        [[PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_accessibility.py",
          "-k", "axe or phone"]],
    ),
    "long": (
        LONG,
        [
            [*SHOTS, "--positions", LONG, "--pages", "gaps", "--width", "1024",
             "--query", "sort=widest", "--prefix", "long-", "--suffix=-1024"],
            [*SHOTS, "--positions", LONG, "--pages", "issue", "sources", "--width", "1024",
             "--prefix", "long-", "--suffix=-1024"],
            [*SHOTS, "--positions", LONG, "--pages", "overview", "--theme", "dark",
             "--prefix", "long-", "--suffix=-1280-dark"],
            [*SHOTS, "--positions", LONG, "--pages", "timeline", "--width", "1024",
             "--theme", "dark", "--prefix", "long-", "--suffix=-1024-dark"],
        ],
    ),
    "multi": (
        MULTI,
        [
            [*SHOTS, "--positions", MULTI, "--pages", "gaps", "--query", "view=several",
             "--max-screens", "3", "--prefix", "multi-", "--suffix=-consensus"],
            [*SHOTS, "--positions", MULTI, "--pages", "gaps", "--max-screens", "3",
             "--query", "view=several&rule=qualified:0.667", "--prefix", "multi-",
             "--suffix=-two-thirds"],
        ],
    ),
}  # fmt: skip


# the accessibility screenshots docs/accessibility.md shows, cut to their first screens
# (a full-height brief on a phone is 12,000 px: the budget of docs/screenshots is 4 MB)
A11Y_PREFIXES = ("phone-light", "phone-dark", "desktop-dark")
A11Y_PAGES = ("overview", "gaps", "issue", "sources", "timeline", "health", "briefing")
A11Y_MAX_HEIGHT = 3400


def crop(png: Path, height: int) -> None:
    """Cut ``png`` to its top ``height`` pixels (no change when shorter)."""
    from PIL import Image

    with Image.open(png) as im:
        if im.height <= height:
            return
        top = im.crop((0, 0, im.width, height))
        top.load()
    top.save(png)


def folder_hash(folder: Path) -> str:
    """SHA-256 over every YAML file below ``folder`` (relative path and bytes, sorted)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.yaml")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def record(roots: list[str]) -> None:
    """Write (update) the hash of each positions root pictured."""
    saved = json.loads(HASHES.read_text(encoding="utf-8")) if HASHES.is_file() else {}
    for root in roots:
        saved[root] = folder_hash(ROOT / root)
    HASHES.write_text(json.dumps(saved, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="*", choices=list(SETS), default=list(SETS))
    args = parser.parse_args(argv)
    env = {**os.environ, "A11Y_SCREENSHOTS": str(OUT)}
    for name in args.sets:
        root, commands = SETS[name]
        for cmd in commands:
            print("$", " ".join(cmd[1:]), flush=True)
            subprocess.run(cmd, cwd=ROOT, env=env, check=True)
        if name == "a11y":  # the tests save them full height, as taken
            keep = {f"{p}-{k}" for p in A11Y_PREFIXES for k in A11Y_PAGES}
            for png in [*OUT.glob("phone-*.png"), *OUT.glob("desktop-dark-*.png")]:
                if png.stem not in keep:  # pages the docs do not show
                    png.unlink()
                    continue
                crop(png, A11Y_MAX_HEIGHT)
                optimise(png)
        record([root])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
