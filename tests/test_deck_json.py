"""The Map component's payload: the deck as compact JSON, byte for byte what encoding the whole
deck gives, with each layer encoded once however many decks (cameras) share it."""

from __future__ import annotations

import json

import pytest
from conftest import DATA_DIR
from pydeck.bindings.json_tools import default_serialize

from regiondash import maps
from regiondash.data import load_catalog
from regiondash.ui import deck_map
from regiondash.viewstate import MapView


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(DATA_DIR)


def whole(deck) -> str:
    return json.dumps(
        deck, sort_keys=True, default=default_serialize, separators=(",", ":"), ensure_ascii=False
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("layers", [maps.DEFAULT_LAYERS, frozenset(maps.LAYERS)])
def test_the_deck_json_is_the_whole_deck_encoded(catalog, lang, layers):
    options = maps.MapOptions(layers=layers, browser_labels=True)
    deck = maps.partnership_deck(catalog, lang, "/b.json", MapView(30.0, 10.0, 2.5), options)
    assert deck_map.deck_json(deck) == whole(deck)
    assert "\\u0000" not in deck_map.deck_json(deck)  # every layer marker replaced


def test_a_new_camera_encodes_the_camera_not_the_layers_again(catalog, monkeypatch):
    options = maps.MapOptions(browser_labels=True)
    first = maps.partnership_deck(catalog, "en", "/b.json", MapView(30.0, 10.0, 2.5), options)
    deck_map.deck_json(first)
    encoded = []
    original = deck_map._compact
    monkeypatch.setattr(
        deck_map, "_compact", lambda value, *a: encoded.append(value) or original(value, *a)
    )
    moved = maps.partnership_deck(catalog, "en", "/b.json", MapView(31.0, 12.0, 2.7), options)
    spec = json.loads(deck_map.deck_json(moved))
    assert encoded == [moved]  # the deck around its layers; no layer again
    assert spec["initialViewState"]["zoom"] == 2.7
    assert spec == json.loads(whole(moved))
