"""A whole session in Chromium: after every step the address bar holds every choice made so
far, "Copy link to this view" gives the same link, and that link opened in a fresh browser
shows the same figures."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from browser import (
    CHROMIUM_ARGS,
    chromium_or_skip,
    new_page,
    offline_context,
    served_app,
    sidebar_link,
    wait_for_app,
    wait_for_reported_camera,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def session():
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with served_app() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context, _ = offline_context(browser, base, {"width": 1440, "height": 1000})
        yield base, browser, new_page(context)
        browser.close()


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def copied_link(page) -> str:
    """The text of the "Copy link to this view" box (the popover is opened, then closed)."""
    button = page.get_by_role("button", name="Copy link to this view")
    box = page.locator('[data-testid="stPopoverBody"] [data-testid="stCode"]')
    for _ in range(3):  # a first click may only close a dropdown left open
        if box.is_visible():
            break
        button.click()
        try:
            box.wait_for(timeout=3000)
        except PlaywrightTimeout:
            continue
    link = box.inner_text().strip()
    page.locator("h1").first.click()  # a click outside closes the popover
    box.wait_for(state="hidden")
    return link


def shown_figures(page) -> list[str]:
    """What the page says: its title, headline metrics and subheaders."""
    parts = page.locator('h1, [data-testid="stMetric"], h3').all_inner_texts()
    return [" ".join(text.split()) for text in parts]


def check_link(browser, page, expected: dict[str, list[str]]) -> None:
    """The address bar keeps `expected`; the copied link equals it; a fresh browser shows
    the same figures from it."""
    url = page.url
    assert {k: v for k, v in query(url).items() if k in expected} == expected, url
    link = copied_link(page)
    assert urlsplit(link).path == urlsplit(url).path
    assert query(link) == query(url)
    fresh = browser.new_context(viewport={"width": 1440, "height": 1000}, reduced_motion="reduce")
    other = new_page(fresh)
    try:
        other.goto(link)
        wait_for_app(other)
        assert query(other.url) == query(url)
        assert shown_figures(other) == shown_figures(page)
        if "/map" in url:  # the reopened map shows the same camera
            deck = other.locator(".deck-map[data-camera][data-frames]")
            deck.wait_for(timeout=90_000)
            shown = [float(v) for v in deck.get_attribute("data-camera").split(",")[:3]]
            camera = [float(v) for v in expected["cam"][0].split(",")[:3]]
            assert shown == pytest.approx(camera, abs=1e-3)
    finally:
        fresh.close()


def pick(page, label: str, option: str, area: str = "stSidebar") -> None:
    """Choose an option of a multiselect or selectbox in `area` (sidebar or main) by typing."""
    box = page.locator(f'[data-testid="{area}"]').get_by_label(label, exact=True)
    box.first.click()
    page.keyboard.type(option)
    page.get_by_role("option").filter(has_text=option).first.click()
    page.keyboard.press("Escape")
    wait_for_app(page)


def step_years_slider(page) -> list[str]:
    """Press ArrowRight on the years slider's first handle and return the years the address bar then
    holds. The slider sends its value after a short debounce, so the rerun may not have begun
    when the key press returns: wait for the address bar to change, not for an idle page."""
    before = (query(page.url).get("years") or [None])[0]
    page.locator('[data-testid="stSidebar"] [data-testid="stSlider"] input').first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "(before) => { const years = new URLSearchParams(location.search).get('years');"
        " return years !== null && years !== before; }",
        arg=before,
        timeout=30_000,
    )
    wait_for_app(page)
    return query(page.url)["years"]


def test_every_step_of_a_session_is_in_the_link(session):
    base, browser, page = session
    page.goto(f"{base}/overview")
    wait_for_app(page)

    pick(page, "Partner regions", "Zhejiang")
    pick(page, "Partner regions", "Québec")
    expected = {"region": ["CN-ZJ", "CA-QC"]}
    check_link(browser, page, expected)

    pick(page, "Themes", "optics and photonics")
    expected["theme"] = ["optics-and-photonics"]
    check_link(browser, page, expected)

    # One arrow-key step of the years slider keeps the other filters (it used to drop them).
    expected["years"] = step_years_slider(page)
    check_link(browser, page, expected)
    expected["years"] = step_years_slider(page)
    assert query(page.url)["region"] == ["CN-ZJ", "CA-QC"]

    sidebar_link(page, "Compare").click()
    wait_for_app(page)
    assert "/compare" in page.url
    pick(page, "Partner regions", "Québec", area="stMain")  # beside Zhejiang, the default
    expected["partner"] = ["CN-ZJ", "CA-QC"]
    check_link(browser, page, expected)
    assert any(text.endswith("Zhejiang, Québec") for text in shown_figures(page))

    # The user's own pan and zoom on the Map reach the address bar and the link.
    sidebar_link(page, "Map").click()
    deck = page.locator(".deck-map")
    page.locator(".deck-map[data-camera][data-frames]").wait_for(timeout=90_000)
    wait_for_app(page)
    box = deck.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 120, y - 60, steps=3)
    page.mouse.up()
    page.mouse.wheel(0, -300)
    wait_for_reported_camera(page)
    wait_for_app(page)
    assert query(page.url)["region"] == ["CN-ZJ", "CA-QC"]
    expected["cam"] = query(page.url)["cam"]
    camera = [float(v) for v in expected["cam"][0].split(",")]
    shown = [float(v) for v in deck.get_attribute("data-camera").split(",")[:3]]
    assert shown == pytest.approx(camera[:3], abs=1e-3)
    check_link(browser, page, expected)

    sidebar_link(page, "Present").click()
    wait_for_app(page)
    page.get_by_role("button", name="Next").click()
    wait_for_app(page)
    expected["slide"] = ["2"]
    check_link(browser, page, expected)
