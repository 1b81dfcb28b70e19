"""Map page controls: camera and selection live in the view state (and so in the URL).

The camera moves when a preset, a region jump or a search asks it to, and when the user pans or
zooms (the deck component reports its view state); the selection follows clicks.
"""

from __future__ import annotations

import streamlit as st

from regiondash.data import Catalog
from regiondash.details import selected_item
from regiondash.map_data import find_place
from regiondash.maps import DEFAULT_LAYERS, LAYERS, VIEWS, point_view, region_view
from regiondash.ui import state
from regiondash.viewstate import MapView

SEARCH_MISSED = "map_search_missed"  # session key: a typed name no place matched


def camera() -> MapView | None:
    """The camera the view state asks for; None: the world view, framed by the deck itself."""
    return state.get().camera


def selection() -> tuple[str, str] | None:
    return state.get().selection


def set_camera(view: MapView) -> None:
    state.update(camera=view)


def set_selection(item: tuple[str, str] | None) -> None:
    state.update(selection=item)


def on_click(layer_id: str, fields: dict) -> None:
    """Callback: the user clicked an object of a deck layer; select it if it is selectable."""
    picked = selected_item(layer_id, fields)
    if picked:
        set_selection(picked)


def set_layers(names) -> None:
    """Callback: the layer pills (None in the view state means the default layers)."""
    chosen = tuple(name for name in LAYERS if name in set(names or ()))
    state.update(layers=None if set(chosen) == DEFAULT_LAYERS else chosen)


def on_preset(catalog: Catalog, key: str) -> None:
    """Callback: a preset view button ("world" frames every region: no fixed camera)."""
    name = st.session_state.get(key)
    if name in VIEWS:
        set_camera(None if name == "world" else VIEWS[name])


def on_region_jump(catalog: Catalog, key: str) -> None:
    """Callback: close-up on a partner region (and select it)."""
    region_id = st.session_state.get(key)
    if region_id:
        state.update(camera=region_view(catalog, region_id), selection=("region", region_id))


def on_search(index, key: str) -> None:
    """Callback: fly to a found place and select it; a typed name nothing matches is kept
    for the page to say so (`SEARCH_MISSED`)."""
    typed = st.session_state.get(key)
    found = find_place(index, typed)
    st.session_state[SEARCH_MISSED] = typed if typed and found is None else None
    if found is None:
        return
    row = index.set_index("key").loc[found]
    kind, _, item_id = found.partition(":")
    zoom = 6.0 if kind == "region" else 12.0
    state.update(camera=point_view(row["lat"], row["lon"], zoom), selection=(kind, item_id))
