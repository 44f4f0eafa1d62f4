"""scripts/png_optimise.py: screenshots get smaller (or stay), keep their size in pixels
and stay valid PNGs; the committed docs/screenshots fit their 4 MB budget."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import png_optimise  # noqa: E402

Image = pytest.importorskip("PIL.Image")
SCREENSHOTS = ROOT / "docs" / "screenshots"
BUDGET = 4_000_000


def screenshot_like(path: Path, size: tuple[int, int] = (320, 480)) -> Path:
    """An uncompressed PNG with flat panels, text-like noise and a gradient."""
    rng = random.Random(7)
    image = Image.new("RGB", size, (250, 250, 252))
    px = image.load()
    w, h = size
    for y in range(h):
        for x in range(w):
            if y < 60:
                px[x, y] = (30 + x * 200 // w, 60, 120)
            elif 100 < y < 400 and x % 9 < 5 and rng.random() < 0.3:
                px[x, y] = (20, 20, 30)
    image.save(path, compress_level=0)
    return path


@pytest.mark.parametrize(
    "tools",
    [None, {"pngquant": None, "optipng": None}],
    ids=["pngquant+optipng-if-on-path", "pillow-fallback"],
)
def test_optimise_keeps_a_valid_png_of_the_same_dimensions(
    tmp_path: Path, tools: dict[str, str | None] | None
) -> None:
    path = screenshot_like(tmp_path / "shot.png")
    before = path.stat().st_size
    steps = png_optimise.optimise(path, tools)
    assert steps, "nothing made the file smaller"
    assert path.stat().st_size <= before
    assert path.stat().st_size < before / 2  # an uncompressed screenshot shrinks a lot
    assert png_optimise.png_size(path) == (320, 480)
    with Image.open(path) as image:
        image.verify()
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size == (320, 480)


def test_optimise_never_makes_a_file_larger(tmp_path: Path) -> None:
    path = screenshot_like(tmp_path / "shot.png")
    png_optimise.optimise(path)
    once = path.read_bytes()
    png_optimise.optimise(path)  # already optimised: kept or smaller
    assert len(path.read_bytes()) <= len(once)


def test_optimise_rejects_what_is_not_a_png(tmp_path: Path) -> None:
    path = tmp_path / "shot.png"
    path.write_bytes(b"GIF89a" + bytes(100))
    with pytest.raises(ValueError):
        png_optimise.optimise(path)


def test_report_fails_over_the_budget(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = screenshot_like(tmp_path / "shot.png")
    size = path.stat().st_size
    assert png_optimise.report([path], budget_mb=size / 1e6 * 2) == 0
    assert png_optimise.report([path], budget_mb=size / 1e6 / 2) == 1
    assert "total" in capsys.readouterr().out


def test_committed_screenshots_fit_the_budget() -> None:
    pngs = sorted(SCREENSHOTS.glob("*.png"))
    assert pngs
    total = sum(p.stat().st_size for p in pngs)
    assert total <= BUDGET, f"docs/screenshots is {total:,} bytes, over {BUDGET:,}"
