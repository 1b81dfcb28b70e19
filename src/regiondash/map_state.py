"""Map page state: camera, selection and year, kept in session state and in the URL.

The camera only moves when a preset, a region jump or a search asks it to: the deck keeps the
user's pan and zoom across reruns as long as its initial view state does not change.
"""

from __future__ import annotations

from dataclasses import asdict

import streamlit as st

from regiondash.data import Catalog
from regiondash.maps import VIEWS, MapView, point_view, region_view
from regiondash.sidebar import url_changed_outside_app

CAMERA, SELECTION = "map_camera", "map_selection"


def _parse_camera(text: str | None) -> MapView | None:
    try:
        lat, lon, zoom = (float(part) for part in (text or "").split(","))
    except ValueError:
        return None
    if -90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= zoom <= 20:
        return MapView(lat, lon, zoom)
    return None


def seed_from_url(catalog: Catalog) -> None:
    """On a pasted link or the back button, take camera and selection from ?cam= and ?sel=."""
    if not url_changed_outside_app():
        return
    st.session_state[CAMERA] = _parse_camera(st.query_params.get("cam")) or VIEWS["world"]
    selection = st.query_params.get("sel", "")
    kind, _, item_id = selection.partition(":")
    st.session_state[SELECTION] = (kind, item_id) if kind and item_id else None


def camera() -> MapView:
    return st.session_state.get(CAMERA, VIEWS["world"])


def selection() -> tuple[str, str] | None:
    return st.session_state.get(SELECTION)


def set_camera(view: MapView) -> None:
    st.session_state[CAMERA] = view


def set_selection(item: tuple[str, str] | None) -> None:
    st.session_state[SELECTION] = item


def on_preset(catalog: Catalog, key: str) -> None:
    """Callback: a preset view button."""
    name = st.session_state.get(key)
    if name in VIEWS:
        set_camera(VIEWS[name])


def on_region_jump(catalog: Catalog, key: str) -> None:
    """Callback: close-up on a partner region (and select it)."""
    region_id = st.session_state.get(key)
    if region_id:
        set_camera(region_view(catalog, region_id))
        set_selection(("region", region_id))


def on_search(index, key: str) -> None:
    """Callback: fly to a found place and select it."""
    found = st.session_state.get(key)
    if not found:
        return
    row = index.set_index("key").loc[found]
    kind, _, item_id = found.partition(":")
    zoom = 6.0 if kind == "region" else 12.0
    set_camera(point_view(row["lat"], row["lon"], zoom))
    set_selection((kind, item_id))


def url_state() -> dict[str, str]:
    """The map's part of a shareable link."""
    view = asdict(camera())
    state = {"cam": f"{view['latitude']:.4f},{view['longitude']:.4f},{view['zoom']:.2f}"}
    if selection():
        state["sel"] = ":".join(selection())
    return state
