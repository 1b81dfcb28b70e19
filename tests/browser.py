"""Helpers for browser tests: serve the app on a free port, drive Debian's Chromium offline."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from regiondash import settings

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]


def chromium_or_skip() -> str:
    """Path of Chromium; a missing browser fails when required (CI), else skips."""
    path = settings.get("chromium")
    if Path(path).exists():
        return path
    message = f"Chromium not found at {path} (install Debian's chromium)"
    if settings.get("require_browser") == "1":
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def served_app(env: dict | None = None, timeout: float = 60.0, args: tuple[str, ...] = ()):
    """Run `streamlit run app.py` on a free port; yield its base URL; stop it afterwards.

    `args` are more Streamlit options, e.g. ("--secrets.files", path) for a test's own secrets.
    """
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
    command += ["--server.port", str(port), "--server.headless", "true"]
    command += ["--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    command += list(args)
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(process.stderr.read().decode()) from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def wait_for_app(page, timeout_ms: int = 90_000) -> None:
    """Wait until Streamlit has rendered the page and finished running the script."""
    page.wait_for_selector('[data-testid="stMain"]', timeout=timeout_ms)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelectorAll('[data-testid=\"stHeading\"], h1').length > 0",
        timeout=timeout_ms,
    )
    wait_until_still(page)


def wait_until_still(
    page, timeout_ms: int = 30_000, interval_ms: int = 300, tolerance: float = 0.005
) -> None:
    """Wait until charts and WebGL have drawn: two screenshots in a row differ in under
    `tolerance` of their pixels (a plotly chart may keep nudging a few pixels as it settles)."""
    deadline = time.monotonic() + timeout_ms / 1000
    previous = page.screenshot()
    while time.monotonic() < deadline:
        page.wait_for_timeout(interval_ms)  # the polling interval, not a guess at a duration
        current = page.screenshot()
        if changed_share(previous, current) < tolerance:
            return
        previous = current
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "unsettled-a.png").write_bytes(previous)
    (SCREENSHOTS / "unsettled-b.png").write_bytes(page.screenshot())
    raise AssertionError(f"the page kept changing for {timeout_ms} ms (screenshots/unsettled-*)")


def wait_for_deck(page, timeout_ms: int = 90_000):
    """Wait until the Map's deck.gl component has drawn a frame; return its canvas."""
    page.locator(".deck-map[data-camera][data-frames]").wait_for(timeout=timeout_ms)
    wait_for_app(page)
    return page.locator(".deck-map canvas").first


def sidebar_link(page, title: str):
    """The sidebar's link to a page, by its title."""
    return page.locator('[data-testid="stSidebar"]').get_by_role("link", name=title, exact=True)


def non_background_share(png: bytes, background=(255, 255, 255), tolerance: int = 8) -> float:
    """Share of pixels of a PNG that differ from the background colour."""
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(png)).convert("RGB")
    pixels = list(image.get_flattened_data())
    differ = sum(
        1 for p in pixels if max(abs(a - b) for a, b in zip(p, background, strict=True)) > tolerance
    )
    return differ / len(pixels)


def changed_share(first: bytes, second: bytes, tolerance: int = 6) -> float:
    """Share of pixels that differ between two same-sized PNG screenshots."""
    from io import BytesIO

    from PIL import Image, ImageChops

    a = Image.open(BytesIO(first)).convert("L")
    b = Image.open(BytesIO(second)).convert("L").resize(a.size)
    diff = ImageChops.difference(a, b).point(lambda v: 255 if v > tolerance else 0)
    return sum(1 for v in diff.get_flattened_data() if v) / (a.size[0] * a.size[1])
