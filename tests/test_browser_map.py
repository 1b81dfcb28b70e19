"""The Map's deck in Chromium, offline: the user's own pan and zoom reach the URL, the link
reopens the same camera in a fresh browser, world and close-up views draw readable names, the
world view frames every partner region at three screen sizes with every partner named, and the
map downloads as a PNG with its legend and sources under it."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import (
    CHROMIUM_ARGS,
    SlowServer,
    chromium_or_skip,
    keep_screenshot,
    new_page,
    non_background_share,
    offline_context,
    served_app,
    wait_for_app,
    wait_for_reported_camera,
)

from regiondash import maps
from regiondash.data import load_catalog
from regiondash.places import region_points

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


def offline_page(browser, base: str, width: int = 1440, height: int = 1000):
    """A page in a fresh context that can reach this app only (no internet)."""
    context, _ = offline_context(
        browser,
        base,
        {"width": width, "height": height},
        accept_downloads=True,
        reduced_motion="no-preference",
    )
    return context, new_page(context)


def open_map(page, url: str) -> None:
    """Open the Map and wait until the deck has drawn its layers."""
    page.goto(url)
    page.locator(f"{MAP}[data-camera][data-frames]").wait_for(timeout=90_000)  # deck drawn
    wait_for_app(page)  # still: the basemap and fonts have loaded and drawn


def wait_for_held_runs(page, server: SlowServer, count: int, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while server.finished_runs() < count:
        assert time.monotonic() < deadline, f"{server.finished_runs()} of {count} runs finished"
        page.wait_for_timeout(200)


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
    """The zoom comes before the pan's run is back (the server's messages are held, as on a
    slow network): that run must neither pull the map back to the pan nor undo the zoom."""
    browser, base = browser_and_base
    context, page = offline_page(browser, base)
    server = SlowServer(page)
    try:
        open_map(page, f"{base}/map")
        before = url_camera(page.url)
        assert before is None  # the deck's own framing is not written into the link
        framed = shown_camera(page)
        box = page.locator(MAP).bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        server.held = True
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x - 160, y + 90, steps=3)
        page.mouse.up()
        wait_for_held_runs(page, server, 1)  # the pan's run is done, the page has not seen it
        page.mouse.wheel(0, -400)  # zoom in
        wait_for_held_runs(page, server, 2)  # sent with the address bar before the pan
        zoomed = shown_camera(page)
        server.release(runs=1)  # the pan's run reaches the page: it must not pull the map back
        page.wait_for_timeout(1500)
        assert shown_camera(page)[:4] == pytest.approx(zoomed, abs=1e-3)
        server.release()
        reported = wait_for_reported_camera(page)
        wait_for_app(page)
        assert zoomed[2] > framed[2]
        assert reported == pytest.approx(zoomed, abs=1e-3)
        assert shown_camera(page)[:4] == pytest.approx(zoomed, abs=1e-3)
        panned = reported
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


# The world view: test_the_world_view_frames_and_names_every_partner; Île-de-France with an
# institution picked: test_the_map_downloads_as_a_png_with_legend_and_sources.
@pytest.mark.parametrize(
    ("name", "selection"), [("zhejiang", ""), ("hangzhou", "&sel=institution:zju")]
)
def test_close_up_views_draw_offline(browser_and_base, name, selection):
    browser, base = browser_and_base
    catalog = load_catalog()
    view = maps.region_view(catalog, "CN-ZJ")
    if name == "hangzhou":  # the campus of Zhejiang University, picked, close up
        view = maps.MapView(30.3, 120.25, 9.5)
    cam = f"{view.latitude},{view.longitude},{view.zoom}"
    context, page = offline_page(browser, base)
    try:
        open_map(page, f"{base}/map?cam={cam}{selection}")
        assert shown_camera(page)[:3] == pytest.approx(
            [view.latitude, view.longitude, view.zoom], abs=1e-3
        )
        assert page.locator('[data-testid="stException"]').count() == 0
        png = page.locator(MAP).screenshot()
        keep_screenshot(None, f"map-{name}.png", png)
        assert non_background_share(png) > 0.5
    finally:
        context.close()


# Reads the deck from the component's container: where each point is drawn on the canvas, and
# the names the component placed (text and box, in canvas pixels).
PROJECT = """(el, points) => {
  const entry = el.regiondash.entry();
  const viewport = entry.deck.getViewports()[0];
  return {
    width: viewport.width,
    height: viewport.height,
    points: points.map((p) => viewport.project([p[1], p[0]])),
    labels: entry.labels.map((l) => ({ text: l.text, box: l.box })),
  };
}"""


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1440, 900), (390, 844)])
def test_the_world_view_frames_and_names_every_partner(browser_and_base, width, height):
    browser, base = browser_and_base
    catalog = load_catalog()
    regions = region_points(catalog).merge(
        catalog.regions[["id", "name_en"]], left_on="region_id", right_on="id"
    )
    (west, south), (east, north) = maps.data_bounds(catalog)
    corners = [(south, west), (north, east)]
    context, page = offline_page(browser, base, width, height)
    try:
        open_map(page, f"{base}/map")
        page.locator(MAP).scroll_into_view_if_needed()
        assert page.locator(MAP).get_attribute("data-fitted") == "1"
        seen = page.locator(MAP).evaluate(
            PROJECT, [[r.lat, r.lon] for r in regions.itertuples()] + corners
        )
        w, h = seen["width"], seen["height"]
        for name, (x, y) in zip([*regions["name_en"], "SW", "NE"], seen["points"], strict=True):
            assert 0 <= x <= w and 0 <= y <= h, f"{name} drawn at {x:.0f},{y:.0f} of {w}x{h}"
        boxes = {label["text"]: label["box"] for label in seen["labels"]}
        for name in regions["name_en"]:
            assert name in boxes, f"{name} has no name on the map"
            left, top, right, bottom = boxes[name]
            assert left >= 0 and top >= 0 and right <= w and bottom <= h, (name, boxes[name])
        keep_screenshot(page, f"map-framed-{width}.png")
        png = page.locator(MAP).screenshot()
        keep_screenshot(None, f"map-framed-{width}-deck.png", png)
        assert non_background_share(png) > 0.5
        assert url_camera(page.url) is None
    finally:
        context.close()


def test_the_map_downloads_as_a_png_with_legend_and_sources(browser_and_base):
    from io import BytesIO

    from PIL import Image

    browser, base = browser_and_base
    context, page = offline_page(browser, base)
    try:
        view = maps.VIEWS["ile_de_france"]
        cam = f"{view.latitude},{view.longitude},{view.zoom}"
        open_map(page, f"{base}/map?cam={cam}&sel=institution:paris-saclay")
        assert shown_camera(page)[:3] == pytest.approx(
            [view.latitude, view.longitude, view.zoom], abs=1e-3
        )
        assert page.locator('[data-testid="stException"]').count() == 0
        keep_screenshot(page, "map-ile-de-france-selected.png", full_page=True)
        canvas = page.locator(f"{MAP} canvas").first
        shown = canvas.bounding_box()
        with page.expect_download() as download:
            page.locator(MAP).get_by_role("button", name="Download map image (PNG)").click()
        assert download.value.suggested_filename == "regiondash-map.png"
        path = download.value.path()
        keep_screenshot(None, "map-image-download.png", path.read_bytes())
        image = Image.open(path).convert("RGB")
        ratio = image.width / shown["width"]
        map_height = round(shown["height"] * ratio)
        assert image.height > map_height + 40 * ratio  # a legend and footnote band under it
        band = image.crop((0, map_height, image.width, image.height))
        buffer = BytesIO()
        band.save(buffer, format="PNG")
        assert 0.005 < non_background_share(buffer.getvalue()) < 0.5  # text on white
        top = image.crop((0, 0, image.width, map_height))
        buffer = BytesIO()
        top.save(buffer, format="PNG")
        assert non_background_share(buffer.getvalue()) > 0.5  # the map itself, not blank
    finally:
        context.close()


# Every zoom the deck draws from now on, sampled once per animation frame, and every camera the
# app hands the deck. A software-drawn frame can take longer than the whole flight, so whether the
# app asked for a flight is read from what it handed the deck, not from the frames drawn.
RECORD_ZOOMS = """(map) => {
  window.__zooms = [];
  window.__cameras = [];
  const deck = map.regiondash.entry().deck;
  const setProps = deck.setProps.bind(deck);
  deck.setProps = (props) => {
    const camera = props.initialViewState;
    if (camera) window.__cameras.push({
      zoom: camera.zoom,
      duration: camera.transitionDuration ?? 0,
      flies: camera.transitionInterpolator instanceof globalThis.deck.FlyToInterpolator,
    });
    return setProps(props);
  };
  const sample = () => {
    const viewport = deck.getViewports()[0];
    if (viewport) window.__zooms.push(viewport.zoom);
    requestAnimationFrame(sample);
  };
  sample();
}"""


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_a_preset_flies_there_unless_the_viewer_asked_for_less_motion(browser_and_base, motion):
    browser, base = browser_and_base
    context, _ = offline_context(
        browser, base, {"width": 1280, "height": 900}, reduced_motion=motion
    )
    page = new_page(context)
    try:
        open_map(page, f"{base}/map?lang=en")
        page.locator(MAP).evaluate(RECORD_ZOOMS)  # the deck is in the component's shadow root
        page.get_by_role("radio", name="Île-de-France close-up", exact=True).click()
        view = maps.VIEWS["ile_de_france"]
        wait_for_app(page)
        page.wait_for_function(f"() => window.__zooms.at(-1) === {view.zoom}")
        assert shown_camera(page)[:3] == pytest.approx(
            [view.latitude, view.longitude, view.zoom], abs=1e-3
        )
        (camera,) = page.evaluate("window.__cameras")  # one move, to the preset
        assert camera["zoom"] == view.zoom
        if motion == "reduce":
            assert camera["duration"] == 0 and not camera["flies"], camera
            start = page.evaluate("window.__zooms[0]")
            between = {
                z for z in page.evaluate("window.__zooms") if start + 0.01 < z < view.zoom - 0.01
            }
            assert not between, sorted(between)  # one jump
        else:
            assert camera["duration"] >= 500, camera  # a flight a viewer can follow
            assert camera["flies"], camera
    finally:
        context.close()
