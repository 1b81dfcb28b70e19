"""The Map's deck as a Streamlit Components v2 component that reports the user's camera.

`st.pydeck_chart` draws a deck but never says where the user panned or zoomed, so no link could
reproduce what they see. This component draws the same pydeck `Deck` (its `to_json()`, read by
deck.gl's JSONConverter) with deck.gl's own UMD bundle, served by this app from ui/deck_map/
(built by scripts/build_deck_bundle.py; no network), and reports to Python:

- `camera`: the camera ~300 ms after the user's pan, zoom or rotation ends (rounded), with a
  report id that Python sends back as `seen`, so a run started before Python saw a move cannot
  pull the map back to an older camera;
- `click`: the clicked object's layer id and fields.

A different camera sent from Python (preset, region jump, search) flies the map there; new
layers alone leave the camera where the user left it. Without a camera (`fit_bounds` given) the
component frames those bounds for its own size and does not report that framing, so the URL
keeps no camera until the user moves. It also places the names of the "labels" layer for the
size and zoom it shows, and offers the map as a PNG image with the legend and a footnote.
"""

from __future__ import annotations

import functools
import json
import math
import weakref
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import pydeck as pdk
import streamlit as st
from pydeck.bindings.json_tools import default_serialize

from regiondash.viewstate import MAX_PITCH, MAX_ZOOM, MIN_ZOOM, MapView, valid_camera

NAME = "regiondash.deck_map"  # <project>.<component> of src/regiondash/pyproject.toml
ASSETS = Path(__file__).with_name("deck_map")
MAX_LATITUDE = 85.0511  # Web Mercator's edge
CSS = """
.deck-map { position: relative; width: 100%; overflow: hidden; border-radius: 4px; }
.deck-map-image {
  position: absolute; top: 8px; right: 8px; z-index: 2; padding: 4px 10px; cursor: pointer;
  font: 13px "Source Sans Pro", sans-serif; color: #1c2733; background: rgba(255,255,255,0.9);
  border: 1px solid rgba(49,51,63,0.3); border-radius: 6px;
}
.deck-map-image:hover { border-color: #1f4e79; color: #1f4e79; }
"""


_DECK_JSON: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LAYER_JSON: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _compact(value, default=default_serialize) -> str:
    return json.dumps(
        value, sort_keys=True, default=default, separators=(",", ":"), ensure_ascii=False
    )


def _layer_json(layer: pdk.Layer) -> str:
    """One layer's JSON, once per Layer object: a pan or zoom makes a new Deck around the same
    layers (maps.deck_layers), so only the camera is encoded again."""
    found = _LAYER_JSON.get(layer)
    if found is None:
        found = _LAYER_JSON[layer] = _compact(layer)
    return found


def deck_json(deck: pdk.Deck) -> str:
    """The deck as deck.gl's JSONConverter reads it, as compact JSON, once per Deck object
    (decks are reused across reruns, `maps.partnership_deck`). `Deck.to_json()` indents (~5x
    bigger); and given as an object, Streamlit would encode it twice a run (once sorted, for
    the element's identity): 120 ms a rerun with 2.7 MB of layers at 100x the data. A string
    is escaped, not encoded: a few ms."""
    found = _DECK_JSON.get(deck)
    if found is None:
        layers: dict[str, str] = {}

        def placeholder(value):
            # Each layer is written as a marker string, then replaced by its cached JSON (a
            # NUL, escaped as \u0000, never occurs in the rest of the deck).
            if isinstance(value, pdk.Layer):
                marker = f"\0layer{len(layers)}\0"
                layers[json.dumps(marker)] = _layer_json(value)
                return marker
            return default_serialize(value)

        found = _compact(deck, placeholder)
        for marker, layer in layers.items():
            found = found.replace(marker, layer, 1)
        _DECK_JSON[deck] = found
    return found


def read_data(text: str) -> dict:
    """The component's data as the browser reads it, its deck parsed (tests)."""
    data = json.loads(text)
    return {**data, "deck": json.loads(data["deck"])}


@functools.cache
def _component():
    """The registered component (on first use: its asset_dir is known once Streamlit's
    runtime has read the manifest, so importing this module needs no runtime)."""
    return st.components.v2.component(NAME, js="deck_map.js", css=CSS)


@dataclass(frozen=True)
class MapImage:
    """What the downloadable PNG carries under the map: a title line, legend entries
    (legend.layer_entries) and the sources / as-of footnote; all drawn as canvas text."""

    label: str  # the button's text
    filename: str
    title: str
    footnote: str
    legend: tuple[dict, ...] = ()


@dataclass(frozen=True)
class DeckMapResult:
    """What the user did on the map in this run: a settled camera and/or a click."""

    camera: MapView | None = None
    click: tuple[str, dict] | None = None  # (deck layer id, the object's fields)


def _number(value) -> float | None:
    """A finite float from a JSON number (not a bool, a string or NaN)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def parse_camera(value) -> MapView | None:
    """The camera the component reported, rounded and clamped into range; None if malformed."""
    if not isinstance(value, dict):
        return None
    numbers = [_number(value.get(name)) for name in ("latitude", "longitude", "zoom")]
    pitch = _number(value.get("pitch", 0))
    if None in numbers or pitch is None:
        return None
    latitude, longitude, zoom = numbers
    longitude = (longitude + 180) % 360 - 180  # deck.gl lets a pan run past the antimeridian
    view = MapView(
        round(max(-MAX_LATITUDE, min(MAX_LATITUDE, latitude)), 4),
        round(longitude, 4),
        round(max(MIN_ZOOM, min(MAX_ZOOM, zoom)), 2),
        float(round(max(0.0, min(MAX_PITCH, pitch)))),
    )
    return view if valid_camera(view) else None


def parse_click(value) -> tuple[str, dict] | None:
    """(layer id, object fields) of a reported click; None if malformed."""
    if not isinstance(value, dict):
        return None
    layer, fields = value.get("layer"), value.get("object")
    if not isinstance(layer, str) or not layer or not isinstance(fields, dict):
        return None
    return layer, fields


def bundle_name() -> str:
    """File name of the committed deck.gl bundle (its version is in the name)."""
    return next(ASSETS.glob("deckgl-*.min.js")).name


def deck_map(
    deck: pdk.Deck,
    key: str,
    height: int = 600,
    on_camera: Callable[[MapView], None] | None = None,
    on_click: Callable[[str, dict], None] | None = None,
    fit_bounds: list[list[float]] | None = None,
    image: MapImage | None = None,
) -> DeckMapResult:
    """Draw `deck` (its initial view state is the camera Python wants); return what the user did.

    With `fit_bounds` ([[west, south], [east, north]]) the deck's camera is ignored (its pitch
    kept): the component frames the bounds for its size. `image` adds the PNG download.
    `on_camera` and `on_click` run as callbacks, before the rerun the event causes, with the
    parsed values (malformed ones are dropped), so the whole run sees the change.
    """
    view = deck.initial_view_state
    camera = {
        "latitude": view.latitude,
        "longitude": view.longitude,
        "zoom": view.zoom,
        "pitch": view.pitch or 0,
    }
    tooltip = deck._tooltip if isinstance(deck._tooltip, dict) else {}
    data = {
        "deck": deck_json(deck),  # a string: Streamlit escapes it instead of encoding a tree
        "tooltip": str(tooltip.get("text", "")),
        "camera": None if fit_bounds else camera,
        "bounds": fit_bounds,
        "pitch": camera["pitch"],
        "minZoom": MIN_ZOOM,
        "image": None if image is None else {**asdict(image), "legend": list(image.legend)},
        "height": height,
        "bundle": bundle_name(),
        "tiles": deck.map_provider is not None,
        "seen": st.session_state.get(_seen_key(key)),
    }
    result = _component()(
        key=key,
        data=data,
        height=height,
        on_camera_change=lambda: _dispatch(key, "camera", parse_camera, on_camera),
        on_click_change=lambda: _dispatch(key, "click", parse_click, on_click),
    )
    return DeckMapResult(parse_camera(result.get("camera")), parse_click(result.get("click")))


def _seen_key(key: str) -> str:
    return f"{key}.seen"


def report_id(value) -> str | None:
    """The id the component gave a camera report (echoed back so it can tell the runs that
    saw it from older ones); None unless a short string."""
    report = value.get("report") if isinstance(value, dict) else None
    return report if isinstance(report, str) and len(report) <= 64 else None


def _dispatch(key: str, event: str, parse, handler) -> None:
    """Callback: hand a parsed event value to `handler` (nothing when malformed); remember
    which camera report this session has handled."""
    raw = (st.session_state.get(key) or {}).get(event)
    if event == "camera":
        st.session_state[_seen_key(key)] = report_id(raw)
    value = parse(raw)
    if value is not None and handler is not None:
        handler(*value) if isinstance(value, tuple) else handler(value)
