"""The briefing's map renderer: one Chromium shared by every caller, each of whom gets their own
image, and a browser that failed to start does not stop the next call."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import plotly.graph_objects as go
import pytest
from browser import chromium_or_skip
from PIL import Image

from regiondash.briefing.renderer import MapRenderer


def size_of(png: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(png)).size


def render(renderer: MapRenderer, path: str, width: int) -> bytes:
    figure = go.Figure(go.Scatter(x=[0, 1], y=[0, width]))
    return renderer.png(figure, {"format": "png", "width": width, "height": 60}, path, 60)


def test_one_browser_serves_callers_at_once_and_a_failed_start_does_not_stick():
    path = chromium_or_skip()
    renderer = MapRenderer()
    try:
        with pytest.raises(Exception, match="/nonexistent/chromium"):
            render(renderer, "/nonexistent/chromium", 100)
        assert renderer._browser is None
        widths = [120, 160, 200, 240]
        with ThreadPoolExecutor(len(widths)) as pool:
            images = list(pool.map(lambda w: render(renderer, path, w), widths))
        assert [size_of(png) for png in images] == [(w, 60) for w in widths]
        browser = renderer._browser
        assert size_of(render(renderer, path, 100)) == (100, 60)
        assert renderer._browser is browser  # kept open, not started again
    finally:
        renderer.close()
    assert renderer._browser is None
