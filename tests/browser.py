"""Helpers for browser tests: serve the app on a free port, drive Debian's Chromium offline."""

from __future__ import annotations

import contextlib
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image, ImageChops

from regiondash import settings

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "screenshots"
# `make screenshots` keeps a picture of each page the browser tests see, for a person to look at.
# Off in `make test`: none is checked, and one of a page with a software-rendered map costs seconds.
KEEP_SCREENSHOTS = os.environ.get("REGIONDASH_SCREENSHOTS") == "1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    # Pages are composited in software; WebGL (the maps) still draws with SwiftShader.
    # Compositing with SwiftShader cost the GPU process 2.4x the CPU (a11y walk: 24 s, not 10 s).
    "--disable-gpu-compositing",
    # Offline, as on a projector with no internet: no name but this machine's resolves. Done by
    # the browser, not by intercepting requests in the test (Playwright then turns the HTTP cache
    # off, and each page load fetched and parsed Streamlit's frontend again: twice the CPU).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


def keep_screenshot(target, name: str, png: bytes | None = None, **options) -> None:
    """Save `target`'s screenshot (a page or a locator), or `png` already taken, as
    screenshots/`name` when screenshots are kept."""
    if not KEEP_SCREENSHOTS:
        return
    SCREENSHOTS.mkdir(exist_ok=True)
    if png is None:
        target.screenshot(path=str(SCREENSHOTS / name), **options)
    else:
        (SCREENSHOTS / name).write_bytes(png)


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


def offline_context(browser, base: str, viewport: dict, **options):
    """A browser context that reaches this app only (no internet), and the list where any
    request for another address is recorded. It asks for reduced motion unless told otherwise:
    the maps jump where they would fly, and software WebGL draws each flight's frames slowly."""
    context = browser.new_context(viewport=viewport, **{"reduced_motion": "reduce", **options})
    return context, requests_off_the_machine(context, base)


def requests_off_the_machine(context, base: str) -> list[str]:
    """The addresses, other than the app's, that pages of `context` ask for (recorded, not
    intercepted: the browser's resolver already fails them)."""
    external = []
    context.on("request", lambda request: _record_external(request.url, base, external))
    return external


def _record_external(url: str, base: str, external: list[str]) -> None:
    # data: and blob: addresses are the page's own bytes, not requests to anywhere.
    if not url.startswith((base, "data:", "blob:")):
        external.append(url)


def wait_for_app(page, timeout_ms: int = 90_000, still: bool = True) -> None:
    """Wait until Streamlit has rendered the page and finished running the script, and then
    (unless `still` is False) until charts have drawn and the page has stopped changing."""
    page.wait_for_selector('[data-testid="stMain"]', timeout=timeout_ms)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelectorAll('[data-testid=\"stHeading\"], h1').length > 0",
        timeout=timeout_ms,
    )
    if still:
        wait_until_still(page)


# Resolves once the page looks done: fonts loaded, no skeleton, spinner or stale element, every
# plotly chart has drawn its SVG, and the DOM has not changed for `quiet` ms (a presenter's clock,
# `.present-clock`, ticks forever and is ignored). Returns "" when settled, else what is pending.
SETTLE = """async ([quiet, timeout]) => {
  const pending = () => {
    if (document.fonts.status !== 'loaded') return 'fonts';
    for (const selector of ['[data-testid="stSkeleton"]', '[data-testid="stSpinner"]',
                            '[data-stale="true"]']) {
      if (document.querySelector(selector)) return selector;
    }
    for (const chart of document.querySelectorAll('.js-plotly-plot')) {
      if (!chart.querySelector('.main-svg')) return 'plotly chart';
    }
    return '';
  };
  let last = performance.now();
  const observer = new MutationObserver((records) => {
    if (records.some((r) => !(r.target.parentElement || r.target).closest?.('.present-clock'))) {
      last = performance.now();
    }
  });
  observer.observe(document.body, {subtree: true, childList: true, attributes: true,
                                   characterData: true});
  const end = performance.now() + timeout;
  try {
    while (performance.now() < end) {
      await new Promise((done) => setTimeout(done, 100));
      if (!pending() && performance.now() - last >= quiet) {
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        return '';
      }
    }
    return pending() || 'the page kept changing';
  } finally {
    observer.disconnect();
  }
}"""


def wait_until_still(page, timeout_ms: int = 30_000, quiet_ms: int = 400) -> None:
    """Wait until charts have drawn and the page has stopped changing (see SETTLE). Checked in
    the page's DOM: comparing screenshots cost 0.4–5 s per shot under software WebGL."""
    waiting = page.evaluate(SETTLE, [quiet_ms, timeout_ms])
    if waiting:
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "unsettled.png"))
        raise AssertionError(
            f"not settled after {timeout_ms} ms: {waiting} (screenshots/unsettled.png)"
        )


def wait_for_deck(page, timeout_ms: int = 90_000):
    """Wait until the Map's deck.gl component has drawn a frame; return its canvas."""
    page.locator(".deck-map[data-camera][data-frames]").wait_for(timeout=timeout_ms)
    wait_for_app(page)
    return page.locator(".deck-map canvas").first


# Counts the script runs that ended (Streamlit marks its root "running" while a run is on). The
# old value of each change is read, not the attribute's current one: a run that starts and ends
# before the observer's callback still counts. Installed once per document.
# Runs that ended, per page, counted from the app's websocket (see `watched`).
_RUNS_ENDED: dict = {}
IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-stale="true"]');
}"""


def watched(page):
    """`page`, with the script runs that end in it counted from the app's own messages.

    Call it on a new page, before its first address: the websocket is watched from its start.
    Counting the frontend's `data-test-script-state` changes instead misses fast runs, whose
    'running' React never draws (16 of 60 reruns of a one-button app, on an idle machine): a
    wait for such a run hung until its timeout, then the action done again sent nothing (the
    curate and walk failures of ci29-ci34).
    """
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    _RUNS_ENDED[page] = 0

    def count(payload) -> None:
        message = ForwardMsg.FromString(payload) if isinstance(payload, bytes) else None
        if message is not None and message.WhichOneof("type") == "script_finished":
            _RUNS_ENDED[page] += 1

    page.on("websocket", lambda socket: socket.on("framereceived", count))
    return page


def new_page(owner, **options):
    """A watched new page of a browser or a context."""
    return watched(owner.new_page(**options))


def runs_ended(page) -> int:
    if page not in _RUNS_ENDED:
        raise AssertionError("make the page with browser.new_page or watched() to wait for runs")
    return _RUNS_ENDED[page]


def after_run(page, action, timeout_ms: int = 90_000) -> None:
    """Do `action` (a click, a key, typing) and wait until a script run has ended after it
    and the page is idle."""
    ended = runs_ended(page)
    action()
    deadline = time.monotonic() + timeout_ms / 1000
    while runs_ended(page) <= ended:
        if time.monotonic() > deadline:
            raise TimeoutError(f"no script run ended within {timeout_ms / 1000:.0f} s")
        page.wait_for_timeout(50)  # Playwright delivers the websocket's frames meanwhile
    page.wait_for_function(IDLE, timeout=timeout_ms)


ON_PAGE = "path => location.pathname.replace(/\\/$/, '').endsWith('/' + path)"


def visit_pages(page, base: str, lang: str, specs=None):
    """Open each page in turn as a user does: the first by its address, the others from the
    sidebar (a page not listed there, such as Curate for a visitor, by its address). Yields
    each page's spec once its script has run. A sidebar click costs the browser a fraction of
    a fresh load (no Streamlit frontend to parse and start again)."""
    from regiondash.i18n import t
    from regiondash.pages import PAGES

    for number, spec in enumerate(specs or PAGES):
        link = sidebar_link(page, t(spec.title_key, lang))
        if number and link.count() == 1:
            after_run(page, link.click)
            # A run that was already under way can end first: wait for the page's own.
            page.wait_for_function(ON_PAGE, arg=spec.url_path, timeout=90_000)
            page.wait_for_function(IDLE, timeout=90_000)
        else:
            page.goto(f"{base}/{spec.url_path}?lang={lang}", timeout=90_000)
        page.wait_for_selector('[data-testid="stMain"] h1', timeout=90_000)
        page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000
        )
        path = urlsplit(page.url).path
        assert path.rstrip("/").endswith(spec.url_path), (path, spec.url_path)
        assert parse_qs(urlsplit(page.url).query).get("lang") in (None, [lang]), page.url
        yield spec


def sidebar_link(page, title: str):
    """The sidebar's link to a page, by its title."""
    return page.locator('[data-testid="stSidebar"]').get_by_role("link", name=title, exact=True)


def non_background_share(png: bytes, background=(255, 255, 255), tolerance: int = 8) -> float:
    """Share of pixels of a PNG that differ from the background colour in some channel."""
    image = _image(png).convert("RGB")
    return _share_over(
        ImageChops.difference(image, Image.new("RGB", image.size, background)), tolerance
    )


def changed_share(first: bytes, second: bytes, tolerance: int = 6) -> float:
    """Share of pixels that differ between two same-sized PNG screenshots."""
    a = _image(first).convert("L")
    b = _image(second).convert("L").resize(a.size)
    return _share_over(ImageChops.difference(a, b), tolerance)


def _image(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png))


def _share_over(difference: Image.Image, tolerance: int) -> float:
    """Share of pixels of a difference image with some channel above `tolerance`, counted by
    PIL's histogram (a Python loop over a 1080p screenshot took 0.35-6 s per call)."""
    largest = difference.getchannel(0)
    for band in range(1, len(difference.getbands())):
        largest = ImageChops.lighter(largest, difference.getchannel(band))
    histogram = largest.histogram()
    return sum(histogram[tolerance + 1 :]) / (largest.width * largest.height)


def wait_for_reported_camera(page, timeout_ms: int = 60_000) -> list[float]:
    """After the user moved the map: wait until the link's `cam` is the camera the deck shows
    (a pan and a zoom are reported one after the other, each once the deck has settled) and
    stays so for two polls; return it (latitude, longitude, zoom, pitch)."""
    deadline = time.monotonic() + timeout_ms / 1000
    agreed = 0
    while time.monotonic() < deadline:
        cam = parse_qs(urlsplit(page.url).query).get("cam")
        shown = page.locator(".deck-map").first.get_attribute("data-camera")
        if cam and shown:
            linked, drawn = _camera(cam[0]), _camera(shown)
            same = all(abs(a - b) < 1e-3 for a, b in zip(linked, drawn, strict=True))
            agreed = agreed + 1 if same else 0
            if agreed == 2:
                return linked
        page.wait_for_timeout(300)  # the polling interval
    raise AssertionError(f"the link's camera never matched the map's: {page.url}")


def _camera(text: str) -> list[float]:
    """latitude, longitude, zoom, pitch from "lat,lon,zoom[,pitch[,…]]" (pitch 0 when left out)."""
    values = [float(v) for v in text.split(",")][:4]
    return values + [0.0] * (4 - len(values))


class SlowServer:
    """The app's messages to one page, held back while `held` and then delivered in order: a
    slow network or a busy server, made deterministic. Install before the page opens the app."""

    def __init__(self, page):
        self.held = False
        self.queue: list = []
        self._page_side = None
        page.route_web_socket(lambda url: url.endswith("/_stcore/stream"), self._route)

    def _route(self, page_side) -> None:
        server_side = page_side.connect_to_server()
        self._page_side = page_side

        def from_server(message) -> None:
            if self.held:
                self.queue.append(message)
            else:
                page_side.send(message)

        server_side.on_message(from_server)

    def finished_runs(self) -> int:
        """Script runs the server finished whose messages are held."""
        return sum(map(_finishes_a_run, self.queue))

    def release(self, runs: int | None = None) -> None:
        """Deliver the held messages in order: those of the first `runs` finished runs (and
        keep holding the rest), or all of them and stop holding."""
        if runs is None:
            self.held = False
            count = len(self.queue)
        else:
            ends = [n for n, message in enumerate(self.queue) if _finishes_a_run(message)]
            count = ends[runs - 1] + 1
        delivered, self.queue = self.queue[:count], self.queue[count:]
        for message in delivered:
            self._page_side.send(message)


def _finishes_a_run(message) -> bool:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    return (
        isinstance(message, bytes)
        and ForwardMsg.FromString(message).WhichOneof("type") == "script_finished"
    )
