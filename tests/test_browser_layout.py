"""The page layout in Chromium at a phone's size (390×844) and a laptop's (1440×900): on the
phone the sidebar starts collapsed, the six headline figures sit two to a row, and the maps
take the full width; on the laptop the sidebar is open and the figures share one row."""

from __future__ import annotations

import pytest
from browser import (
    CHROMIUM_ARGS,
    chromium_or_skip,
    keep_screenshot,
    new_page,
    offline_context,
    served_app,
    wait_for_app,
)

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1440, "height": 900}
FIGURES = '.st-key-headline_figures [data-testid="stColumn"]'


@pytest.fixture(scope="module")
def browser_and_base():
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with served_app() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser, base
        browser.close()


def open_page(browser, base: str, path: str, viewport: dict, settle: bool = True):
    """A fresh offline context on `path`; `settle` waits until the page stops changing (the
    Map's WebGL deck is only waited for: it is slow to screenshot under load, and the layout is
    known before it draws)."""
    context, _ = offline_context(browser, base, viewport, reduced_motion="no-preference")
    page = new_page(context)
    page.goto(f"{base}{path}")
    if settle:
        wait_for_app(page)
    else:
        page.locator(".deck-map[data-camera][data-frames]").wait_for(timeout=90_000)
    return context, page


def sidebar_right_edge(page) -> float:
    """Where the sidebar ends on screen (≤ 0: collapsed, off to the left)."""
    box = page.locator('[data-testid="stSidebar"]').bounding_box()
    return box["x"] + box["width"]


def figure_boxes(page) -> list[dict]:
    boxes = [column.bounding_box() for column in page.locator(FIGURES).all()]
    assert len(boxes) == 6, "six headline figures"
    return boxes


def test_on_a_phone_the_sidebar_is_collapsed_and_figures_are_two_to_a_row(browser_and_base):
    browser, base = browser_and_base
    context, page = open_page(browser, base, "/overview", PHONE)
    try:
        assert sidebar_right_edge(page) <= 0
        boxes = figure_boxes(page)
        lefts = sorted({round(b["x"]) for b in boxes})
        rows = sorted({round(b["y"]) for b in boxes})
        assert len(lefts) == 2 and len(rows) == 3, (lefts, rows)
        assert all(b["width"] < PHONE["width"] / 2 for b in boxes)
        assert all(b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"] for b in boxes)
        # The Overview's map takes the width of the page (its colour scale sits under it).
        plot = page.locator('[data-testid="stPlotlyChart"]').first
        plot.scroll_into_view_if_needed()
        assert plot.bounding_box()["width"] > PHONE["width"] * 0.9
        keep_screenshot(page, "layout-phone-overview.png")
    finally:
        context.close()


def test_on_a_phone_the_map_takes_the_full_width(browser_and_base):
    browser, base = browser_and_base
    context, page = open_page(browser, base, "/map", PHONE, settle=False)
    try:
        assert sidebar_right_edge(page) <= 0
        deck = page.locator(".deck-map")
        deck.wait_for()
        assert deck.bounding_box()["width"] > PHONE["width"] * 0.9
        pills = page.locator(".st-key-map_layers button")
        assert pills.count() == 6
        for index in range(pills.count()):  # every layer pill on screen, none cut off
            box = pills.nth(index).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], index
        keep_screenshot(page, "layout-phone-map.png", timeout=120_000)
    finally:
        context.close()


def test_on_a_laptop_the_sidebar_is_open_and_figures_share_one_row(browser_and_base):
    browser, base = browser_and_base
    context, page = open_page(browser, base, "/overview", LAPTOP)
    try:
        assert sidebar_right_edge(page) > 200
        boxes = figure_boxes(page)
        assert len({round(b["y"]) for b in boxes}) == 1
    finally:
        context.close()
