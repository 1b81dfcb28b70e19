"""Browser benchmark: time from a click on the sidebar's Map link to a drawn deck, in Chromium.

    python scripts/bench_browser.py [--scale 1|10|100|1000] [--repeats 5]

Serves the app (on the scale's package: data/ or .bench/x<scale>), opens the Overview in headless
Chromium, visits the Map once (the server's caches are then warm, as after any first visitor),
then repeats: back to the Overview, click "Map" in the sidebar, wait until deck.gl has drawn a
frame (the component's data-frames attribute). Prints min / median / max. Asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM_ARGS, served_app, sidebar_link  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from regiondash import settings  # noqa: E402

DRAWN = ".deck-map[data-camera][data-frames]"
IDLE = (
    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
    " && document.querySelectorAll('h1').length > 0"
)


def wait_for_app(page, timeout_ms: int) -> None:
    """The script run has finished (no screenshot comparison: timings only)."""
    page.wait_for_selector('[data-testid="stMain"]', timeout=timeout_ms)
    page.wait_for_function(IDLE, timeout=timeout_ms)


def drawn_after_click(page, title: str) -> float:
    start = time.perf_counter()
    sidebar_link(page, title).click()
    page.locator(DRAWN).wait_for(timeout=300_000)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    folder = ROOT / "data" if args.scale == 1 else ROOT / ".bench" / f"x{args.scale:g}"
    served = served_app({"REGIONDASH_DATA_DIR": str(folder)}, timeout=600)
    with served as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=settings.get("chromium"), args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{base}/overview", timeout=600_000)
        wait_for_app(page, timeout_ms=600_000)
        first = drawn_after_click(page, "Map")  # warms the server's caches for the Map
        times = []
        for _ in range(args.repeats):
            sidebar_link(page, "Overview").click()
            page.locator(DRAWN).wait_for(state="detached", timeout=300_000)
            wait_for_app(page, timeout_ms=600_000)
            times.append(drawn_after_click(page, "Map"))
        browser.close()
    print(
        f"x{args.scale:g} Map drawn after a click on its sidebar link: first {first:.2f} s; "
        f"warm min {min(times):.2f} / median {statistics.median(times):.2f} / "
        f"max {max(times):.2f} s ({len(times)} runs)"
    )


if __name__ == "__main__":
    main()
