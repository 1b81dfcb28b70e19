"""One Chromium, kept open, draws every briefing map of this process.

Kaleido's one-shot `calc_fig_sync` starts a Chromium for each image: about 4 s of a 7 s
briefing. Kaleido's own shared server (`start_sync_server`) is not used: two callers at once
can receive each other's image (one queue of results), and a Chromium that fails to start
leaves every later call waiting forever. Here one lock lets one render run at a time, every
wait has a timeout, and a browser that failed is closed and started afresh on the next call.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import threading

import kaleido


class MapRenderer:
    """Draws plotly figures as PNG in one Chromium of `path`, opened on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._browser: kaleido.Kaleido | None = None
        self._path: str | None = None

    def png(self, fig, opts: dict, path: str, timeout_s: float) -> bytes:
        """The figure as PNG bytes; raises whatever the browser raised (and then closes it)."""
        with self._lock:
            try:
                if self._browser is None or self._path != path:
                    self._close()
                    self._open(path, timeout_s)
                return self._run(self._browser.calc_fig(fig, opts=opts), timeout_s)
            except BaseException:
                self._close()  # a browser in doubt is not reused
                raise

    def close(self) -> None:
        with self._lock:
            self._close()

    def _open(self, path: str, timeout_s: float) -> None:
        if self._loop is None:  # the browser's pipes live on this loop, in its own thread
            self._loop = asyncio.new_event_loop()
            threading.Thread(target=self._loop.run_forever, daemon=True).start()
        # `mathjax=False`: the page never asks a CDN for MathJax (plotly.js is read locally).
        browser = kaleido.Kaleido(path=path, mathjax=False, timeout=timeout_s)
        self._browser, self._path = browser, path
        self._run(browser.open(), timeout_s)

    def _close(self) -> None:
        browser, self._browser, self._path = self._browser, None, None
        if browser is not None:
            # One that is already broken has nothing more to release.
            with contextlib.suppress(Exception):
                self._run(browser.close(), 20)

    def _run(self, coroutine, timeout_s: float):
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=timeout_s)


RENDERER = MapRenderer()
atexit.register(RENDERER.close)
