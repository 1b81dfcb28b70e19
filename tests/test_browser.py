"""Browser tests: every page in headless Chromium, offline, with screenshots to look at."""

from __future__ import annotations

import pytest
from browser import (
    CHROMIUM_ARGS,
    IDLE,
    ON_PAGE,
    SCREENSHOTS,
    after_run,
    changed_share,
    chromium_or_skip,
    keep_screenshot,
    new_page,
    non_background_share,
    offline_context,
    served_app,
    sidebar_link,
    wait_for_app,
    wait_for_deck,
)

pytestmark = pytest.mark.browser

# The ocean layer covers the whole world view, so a drawn map is mostly non-white; a blank
# canvas is 0 %. Half of the canvas leaves room for white UI overlays and projection edges.
MIN_DRAWN_SHARE = 0.5


@pytest.fixture(scope="module")
def browser_page():
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(exist_ok=True)
    with served_app() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context, external = offline_context(browser, base, {"width": 1440, "height": 1000})
        yield base, new_page(context), external
        browser.close()


# Every page offline in en/fr/zh, without an exception, with full-page screenshots: the walk of
# test_browser_walk.py, which also runs axe-core and checks hostile text on each.


def test_permalink_with_filters_shows_the_filtered_figures(browser_page):
    from regiondash.data import load_catalog
    from regiondash.filters import Filters, apply

    base, page, _ = browser_page
    page.goto(f"{base}/?region=CN-ZJ&years=2015-2020&lang=en")
    wait_for_app(page)
    view = apply(load_catalog(), Filters(regions=("CN-ZJ",), years=(2015, 2020)))
    values = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert values[0] == "1"  # partner regions
    assert values[4] == str(len(view.agreements)) and values[5] == str(len(view.projects))
    assert page.get_by_text("1 of 12 partner regions").count() >= 1
    assert "region=CN-ZJ" in page.url  # the link survives the first run
    keep_screenshot(page, "permalink-zhejiang.png", full_page=True)


# The Map's views drawn offline: tests/test_browser_map.py.


def test_map_camera_stays_where_the_user_left_it_when_a_widget_changes(browser_page):
    base, page, _ = browser_page
    page.goto(f"{base}/map")
    canvas = wait_for_deck(page)
    start = canvas.screenshot()
    box = canvas.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 250, y + 100, steps=3)
    page.mouse.up()
    page.wait_for_function("() => new URLSearchParams(location.search).has('cam')")
    canvas = wait_for_deck(page)
    panned = canvas.screenshot()
    page.get_by_role("button", name="Labels").click()  # another widget: the script reruns
    after = wait_for_deck(page).screenshot()
    # Panning changes most of the picture; hiding labels after it changes little. A camera
    # reset would bring back the starting picture instead.
    assert changed_share(start, panned) > 0.3
    assert changed_share(panned, after) < 0.1


def go_to(page, title: str, path: str) -> None:
    """Open a page from the sidebar and wait until it is shown and idle. The run counted may be
    one the last page had queued (the map reports its camera), so the address is waited for
    too."""
    after_run(page, sidebar_link(page, title).click)
    page.wait_for_function(ON_PAGE, arg=path, timeout=90_000)
    page.wait_for_function(IDLE, timeout=90_000)


def test_coming_back_to_the_map_draws_it_with_the_webgl_device_it_had(browser_page):
    # A device keeps the shaders it compiled: a new one would compile them again, which is most
    # of a first frame (seconds where WebGL is drawn in software, as here and on some laptops).
    base, page, _ = browser_page
    page.goto(f"{base}/map")
    wait_for_deck(page)
    page.locator(".deck-map").evaluate(
        "(map) => { map.regiondash.entry().deck.device.regiondashMark = 'first visit'; }"
    )
    go_to(page, "Timeline", "timeline")
    assert page.locator(".deck-map").count() == 0
    go_to(page, "Map", "map")
    canvas = wait_for_deck(page)
    device_mark = "(map) => map.regiondash.entry().deck.device.regiondashMark"
    assert page.locator(".deck-map").evaluate(device_mark) == "first visit"
    assert page.locator(".deck-map canvas").count() == 1
    box = canvas.bounding_box()
    assert box["width"] > 400 and box["height"] > 300  # sized to its new container
    assert non_background_share(canvas.screenshot()) > MIN_DRAWN_SHARE


def test_filters_survive_page_switches_and_back_returns_to_the_previous_view(browser_page):
    base, page, _ = browser_page
    page.goto(f"{base}/timeline?region=CN-ZJ")
    wait_for_app(page)
    sidebar_link(page, "Sources").click()
    wait_for_app(page)
    assert "/sources" in page.url and "region=CN-ZJ" in page.url
    assert page.get_by_text("1 of 12 partner regions").count() >= 1
    # The page links carry the view: one press of Back returns to the previous page.
    page.go_back()
    wait_for_app(page)
    assert "/timeline" in page.url and "region=CN-ZJ" in page.url
    assert page.locator("h1").first.inner_text() == "Timeline"


def test_the_root_and_the_overview_name_open_the_overview(browser_page):
    base, page, _ = browser_page
    for path in ("/", "/overview?lang=fr"):
        page.goto(base + path)
        wait_for_app(page)
        assert "/overview" in page.url
        assert page.get_by_text("Page not found").count() == 0
        assert page.get_by_text("Page introuvable").count() == 0
    assert "lang=fr" in page.url and page.locator("h1").first.inner_text() != ""
