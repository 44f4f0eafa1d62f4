"""Shared machinery for real-browser tests: a `streamlit run` server on a free
loopback port and Debian's Chromium driven by Playwright.

Where no browser is found the tests skip with the reason, except in CI
(``CI=true``), where a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")


def chromium_path() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def require_browser() -> str:
    """Return Chromium's path, or skip (fail in CI) with the reason."""
    path = chromium_path()
    reason = None
    if path is None:
        reason = "Chromium not found at /usr/bin/chromium (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the playwright package is not installed (pip install -r requirements-dev.txt)"
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    assert path is not None
    return path


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_serving(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not start serving {url} within {timeout:.0f}s")


@contextlib.contextmanager
def streamlit_server(
    script: Path | str = ROOT / "dashboard.py",
    env: dict[str, str] | None = None,
    cwd: Path = ROOT,
    args: Sequence[str] = (),
) -> Iterator[str]:
    """Run `streamlit run SCRIPT` on a free loopback port; yield its base URL.

    ``args`` are extra command-line flags for ``streamlit run`` (e.g.
    ``["--theme.base=dark"]``); ``env`` is added to the environment.
    """
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless=true",
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
        *args,
    ]
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()


def launch_chromium(playwright, executable_path: str):  # type: ignore[no-untyped-def]
    return playwright.chromium.launch(
        executable_path=executable_path, headless=True, args=CHROMIUM_ARGS
    )


# --------------------------------------------------------------------------- page helpers

# the dashboard's URL paths (components/pages.py): the default page is served at "/"
PAGE_PATHS = {
    "overview": "/",
    "gaps": "/gaps",
    "issue": "/issue",
    "sources": "/sources",
    "timeline": "/timeline",
    "paths": "/paths",
    "health": "/health",
    "briefing": "/briefing",
}
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
STATUS_WIDGET = '[data-testid="stStatusWidget"]'


def wait_for_app(page, timeout: float = 90_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until the script run is over and the status widget ("Running…") is gone.

    Streamlit marks its root ``data-test-script-state`` as ``notRunning`` once a run
    has finished; after an interaction, first wait for something the new run
    produces (the URL, a text), then call this.
    """
    page.wait_for_selector(APP_IDLE, timeout=timeout)
    page.locator(STATUS_WIDGET).wait_for(state="hidden", timeout=timeout)


def wait_for_charts(page, minimum: int = 0, timeout: float = 60_000) -> int:  # type: ignore[no-untyped-def]
    """Wait for at least ``minimum`` visible Plotly charts, each with a drawn SVG."""
    charts = page.locator('[data-testid="stPlotlyChart"]:visible')
    if minimum:
        page.wait_for_function(
            """n => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                .filter(c => c.checkVisibility() && c.querySelector('.main-svg')).length >= n""",
            arg=minimum,
            timeout=timeout,
        )
    return charts.count()
