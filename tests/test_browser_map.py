"""The Map's deck in Chromium, offline: the user's own pan and zoom reach the URL, the link
reopens the same camera in a fresh browser, and world and close-up views draw readable names."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from browser import (
    CHROMIUM_ARGS,
    SCREENSHOTS,
    chromium_or_skip,
    non_background_share,
    served_app,
    wait_for_app,
)

from regiondash import maps
from regiondash.data import load_catalog

pytestmark = pytest.mark.browser
MAP = ".deck-map"  # the component's container (in its shadow root; locators pierce it)


@pytest.fixture(scope="module")
def browser_and_base():
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with served_app() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser, base
        browser.close()


def offline_page(browser, base: str):
    """A page in a fresh context that can reach this app only (no internet)."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.route(lambda url: not url.startswith(base), lambda route: route.abort())
    return context, context.new_page()


def open_map(page, url: str) -> None:
    """Open the Map and wait until the deck has drawn its layers."""
    page.goto(url)
    page.locator(f"{MAP}[data-camera][data-frames]").wait_for(timeout=90_000)  # deck drawn
    wait_for_app(page)  # still: the basemap and fonts have loaded and drawn


def shown_camera(page) -> list[float]:
    """latitude, longitude, zoom, pitch the deck shows now."""
    return [float(v) for v in page.locator(MAP).get_attribute("data-camera").split(",")]


def url_camera(url: str) -> list[float] | None:
    cam = parse_qs(urlsplit(url).query).get("cam")
    if not cam:
        return None
    values = [float(v) for v in cam[0].split(",")]
    return values + [0.0] * (4 - len(values))


def test_pan_and_zoom_reach_the_link_that_reopens_the_same_camera(browser_and_base):
    browser, base = browser_and_base
    context, page = offline_page(browser, base)
    try:
        open_map(page, f"{base}/map")
        before = url_camera(page.url)
        box = page.locator(MAP).bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x - 160, y + 90, steps=12)
        page.mouse.up()
        page.mouse.wheel(0, -400)  # zoom in
        page.wait_for_function(
            "before => { const c = new URLSearchParams(location.search).get('cam');"
            " return c && c !== before; }",
            arg=None if before is None else ",".join(map(str, before)),
        )
        wait_for_app(page)
        panned = url_camera(page.url)
        assert panned != before and panned[2] > maps.VIEWS["world"].zoom
        assert shown_camera(page) == pytest.approx(panned, abs=1e-3)
    finally:
        context.close()

    context, fresh = offline_page(browser, base)
    try:
        open_map(fresh, f"{base}/map?{urlsplit(page.url).query}")
        assert shown_camera(fresh) == pytest.approx(panned, abs=1e-3)
        canvas = fresh.locator(f"{MAP} canvas").first.screenshot()
        assert non_background_share(canvas) > 0.5  # ocean, land and layers, not a blank box
    finally:
        context.close()


@pytest.mark.parametrize("name", ["world", "ile_de_france", "zhejiang"])
def test_views_draw_their_names_offline(browser_and_base, name):
    browser, base = browser_and_base
    view = maps.VIEWS.get(name) or maps.region_view(load_catalog(), "CN-ZJ")
    cam = f"{view.latitude},{view.longitude},{view.zoom}"
    context, page = offline_page(browser, base)
    try:
        open_map(page, f"{base}/map?cam={cam}")
        assert shown_camera(page)[:3] == pytest.approx(
            [view.latitude, view.longitude, view.zoom], abs=1e-3
        )
        SCREENSHOTS.mkdir(exist_ok=True)
        png = page.locator(MAP).screenshot(path=str(SCREENSHOTS / f"map-{name}.png"))
        assert non_background_share(png) > 0.5
    finally:
        context.close()
