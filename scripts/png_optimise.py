"""Make a screenshot PNG smaller in place, keeping its dimensions.

``pngquant --quality 65-90 --strip --skip-if-larger`` (palette quantisation) then
``optipng -o2`` (lossless recompression) when they are on PATH; without pngquant,
Pillow's quantisation (256 colours) when Pillow is importable. A result is kept only
when it is a valid PNG of the same size in pixels and not larger than the original.

    .venv/bin/python scripts/png_optimise.py docs/screenshots/*.png --budget-mb 4
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(path: Path) -> tuple[int, int] | None:
    """(width, height) from a PNG's header, or None if it is not a PNG."""
    head = path.read_bytes()[:24]
    if len(head) < 24 or not head.startswith(PNG_MAGIC) or head[12:16] != b"IHDR":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _keep_if_better(path: Path, candidate: Path) -> bool:
    """Replace ``path`` by ``candidate`` when it is a same-sized PNG and not larger."""
    if not candidate.is_file() or png_size(candidate) != png_size(path):
        return False
    if candidate.stat().st_size > path.stat().st_size:
        return False
    shutil.move(candidate, path)
    return True


def _pngquant(path: Path, exe: str, tmp: Path) -> bool:
    out = tmp / "quant.png"
    flags = ["--quality", "65-90", "--strip", "--skip-if-larger", "--force"]
    proc = subprocess.run(
        [exe, *flags, "--output", str(out), "--", str(path)],
        capture_output=True,
        check=False,
    )
    # 98/99: skipped (larger, or quality not reachable): the original stays
    return proc.returncode == 0 and _keep_if_better(path, out)


def _optipng(path: Path, exe: str, tmp: Path) -> bool:
    out = tmp / "opti.png"
    proc = subprocess.run(
        [exe, "-o2", "-quiet", "-strip", "all", "-out", str(out), str(path)],
        capture_output=True,
        check=False,
    )
    return proc.returncode == 0 and _keep_if_better(path, out)


def _pillow(path: Path, tmp: Path) -> bool:
    try:
        from PIL import Image
    except ImportError:
        return False
    out = tmp / "pillow.png"
    with Image.open(path) as image:
        rgb = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        method = Image.Quantize.FASTOCTREE if rgb.mode == "RGBA" else Image.Quantize.MEDIANCUT
        rgb.quantize(colors=256, method=method).save(out, optimize=True)
    return _keep_if_better(path, out)


def optimise(path: Path, tools: dict[str, str | None] | None = None) -> list[str]:
    """Optimise ``path`` in place; returns the steps that made it smaller or equal.

    ``tools`` maps ``pngquant`` / ``optipng`` to an executable or None (default: looked
    up on PATH); Pillow is the fallback when pngquant is missing.
    """
    if png_size(path) is None:
        raise ValueError(f"{path} is not a PNG file")
    found = tools if tools is not None else {t: shutil.which(t) for t in ("pngquant", "optipng")}
    done: list[str] = []
    with tempfile.TemporaryDirectory(prefix="png-") as tmp:
        quant = found.get("pngquant")
        if quant:
            if _pngquant(path, quant, Path(tmp)):
                done.append("pngquant")
        elif _pillow(path, Path(tmp)):
            done.append("pillow")
        opti = found.get("optipng")
        if opti and _optipng(path, opti, Path(tmp)):
            done.append("optipng")
    return done


def report(paths: Iterable[Path], budget_mb: float | None = None) -> int:
    """Print each file's size and the total; 1 when the total is over ``budget_mb``."""
    total = 0
    for path in paths:
        size = path.stat().st_size
        total += size
        print(f"{path}  {size / 1e3:,.0f} kB")
    print(f"total  {total / 1e6:.2f} MB" + (f" (budget {budget_mb:g} MB)" if budget_mb else ""))
    if budget_mb is not None and total > budget_mb * 1e6:
        print(f"over the budget of {budget_mb:g} MB", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path, help="PNG files")
    parser.add_argument("--budget-mb", type=float, default=None, help="fail above this total")
    args = parser.parse_args(argv)
    for path in args.paths:
        optimise(path)
    return report(args.paths, args.budget_mb)


if __name__ == "__main__":
    raise SystemExit(main())
