"""Take a screenshot of every dashboard page in headless Chromium.

Starts ``streamlit run dashboard.py`` on a free loopback port (tests/browser_support),
opens each page at the given width, grows the viewport to the content height (Streamlit
scrolls inside its own container, so a "full page" screenshot needs a tall viewport;
capped at --max-screens viewport heights and --max-height) and saves
``<out>/<page>.png``, named after the page script (overview.png, gaps.png,
issue_detail.png, ...). Each PNG is optimised as soon as it is taken
(scripts/png_optimise.py: pngquant then optipng when on PATH, else Pillow), and the
size of each file and the total of ``<out>`` are printed; with --budget-mb the script
exits with status 1 when that total is over the budget (docs/screenshots: 4 MB).

    .venv/bin/python scripts/screenshots.py --budget-mb 4    # docs/screenshots, 1280x800
    .venv/bin/python scripts/screenshots.py --width 390 --height 844 --out /tmp/phone
    .venv/bin/python scripts/screenshots.py --theme dark --out /tmp/dark --pages gaps issue
    .venv/bin/python scripts/screenshots.py --positions tests/fixtures/long-dossier \
        --width 1024 --prefix long- --suffix=-1024 --out /tmp/long   # the 9-sided dossier

The positions root is NEGOTIATION_POSITIONS_DIR when set (else positions/), or
--positions.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import (  # noqa: E402
    chromium_path,
    launch_chromium,
    streamlit_server,
    wait_for_app,
)
from png_optimise import optimise, report  # noqa: E402

from components.pages import PAGES  # noqa: E402

# the content height is measured on Streamlit's scroll container
CONTENT_HEIGHT_JS = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const side = document.querySelector('[data-testid="stSidebarContent"]');
    return Math.max(main ? main.scrollHeight : 0, side ? side.scrollHeight : 0,
                    document.documentElement.scrollHeight);
}"""
CHARTS_DRAWN_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .filter(c => c.checkVisibility()).every(c => c.querySelector('.main-svg'))"""


def page_url(base: str, url_path: str, default: bool, query: str) -> str:
    path = "/" if default else f"/{url_path}"
    return base + path + (f"?{query}" if query else "")


def settle(page) -> None:  # type: ignore[no-untyped-def]
    """Wait for the run to finish and every visible chart to be drawn."""
    wait_for_app(page)
    page.wait_for_function(CHARTS_DRAWN_JS, timeout=60_000)
    page.evaluate("document.fonts.ready")
    page.wait_for_timeout(400)  # Plotly's resize transition after a viewport change


def shoot(args: argparse.Namespace) -> list[Path]:
    from playwright.sync_api import sync_playwright

    browser_path = chromium_path()
    if browser_path is None:
        sys.exit("Chromium not found at /usr/bin/chromium (apt-get install chromium)")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    env = {}
    if args.positions:
        env["NEGOTIATION_POSITIONS_DIR"] = str(Path(args.positions).resolve())
    # minimal toolbar: no "Deploy" button in the pictures
    flags = [f"--theme.base={args.theme}", "--client.toolbarMode=minimal"]
    pages = [p for p in PAGES if not args.pages or p.key in args.pages]
    saved: list[Path] = []
    cap = min(args.max_height, args.max_screens * args.height)
    with streamlit_server(env=env, args=flags) as base, sync_playwright() as pw:
        browser = launch_chromium(pw, browser_path)
        try:
            for spec in pages:
                started = time.monotonic()
                context = browser.new_context(
                    viewport={"width": args.width, "height": args.height},
                    device_scale_factor=args.scale,
                    color_scheme=args.theme,
                )
                page = context.new_page()
                page.goto(page_url(base, spec.url_path, spec.default, args.query))
                settle(page)
                height = min(max(page.evaluate(CONTENT_HEIGHT_JS), args.height), cap)
                if height > args.height:
                    page.set_viewport_size({"width": args.width, "height": height})
                    settle(page)
                    # charts may have reflowed: measure once more
                    again = min(page.evaluate(CONTENT_HEIGHT_JS), cap)
                    if again > height:
                        page.set_viewport_size({"width": args.width, "height": again})
                        settle(page)
                target = out / f"{args.prefix}{Path(spec.script).stem}{args.suffix}.png"
                page.screenshot(path=str(target))
                context.close()
                steps = [] if args.no_optimise else optimise(target)
                saved.append(target)
                size = page.viewport_size or {}
                print(
                    f"{target}  {size.get('width')}x{size.get('height')}  "
                    f"{target.stat().st_size / 1e3:,.0f} kB ({'+'.join(steps) or 'as taken'})  "
                    f"{time.monotonic() - started:.1f}s"
                )
        finally:
            browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--width", type=int, default=1280, help="viewport width (px)")
    parser.add_argument("--height", type=int, default=800, help="minimum viewport height (px)")
    parser.add_argument(
        "--max-height", type=int, default=8000, help="cap on the full-page height (px)"
    )
    parser.add_argument(
        "--max-screens", type=int, default=4, help="cap on the height in viewport heights (4)"
    )
    parser.add_argument("--theme", choices=("light", "dark"), default="light")
    parser.add_argument("--scale", type=float, default=1.0, help="device scale factor")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument(
        "--pages",
        nargs="*",
        choices=[p.key for p in PAGES],
        help="page keys to take (default: all)",
    )
    parser.add_argument("--query", default="", help="query string for every page, e.g. a=russia")
    parser.add_argument("--prefix", default="", help="file name prefix, e.g. long-")
    parser.add_argument("--suffix", default="", help="file name suffix, e.g. -1024-dark")
    parser.add_argument(
        "--positions",
        default=os.environ.get("NEGOTIATION_POSITIONS_DIR"),
        help="positions root (default: NEGOTIATION_POSITIONS_DIR or positions/)",
    )
    parser.add_argument(
        "--budget-mb", type=float, default=None, help="exit 1 when <out> holds more PNG MB"
    )
    parser.add_argument("--no-optimise", action="store_true", help="keep the PNGs as taken")
    args = parser.parse_args(argv)
    shoot(args)
    return report(sorted(Path(args.out).glob("*.png")), args.budget_mb)


if __name__ == "__main__":
    raise SystemExit(main())
