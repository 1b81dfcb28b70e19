"""Deck builders: layers, data lengths, arcs only between linked institutions, safe tooltips."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest
from conftest import DATA_DIR

from regiondash import maps
from regiondash.data import load_catalog
from regiondash.details import detail_for, selected_item
from regiondash.filters import Filters, apply
from regiondash.legend import legend_html
from regiondash.links import institution_links
from regiondash.map_data import arc_pairs, institution_sites, search_index

ALL_LAYERS = maps.MapOptions(layers=frozenset(maps.LAYERS))


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(DATA_DIR)


def layer(deck, layer_id):
    return next(item for item in deck.layers if item.id == layer_id)


def test_deck_has_every_switched_on_layer_with_its_type(catalog):
    deck = maps.partnership_deck(catalog, "en", "/basemap.json", options=ALL_LAYERS)
    types = {item.id: item.type for item in deck.layers}
    assert types == {
        "ocean": "PolygonLayer",
        "countries": "GeoJsonLayer",
        "regions": "GeoJsonLayer",
        "region-markers": "ScatterplotLayer",
        "arcs": "ArcLayer",
        "columns": "ColumnLayer",
        "institutions": "ScatterplotLayer",
        "campuses": "ScatterplotLayer",
        "labels": "TextLayer",
    }
    assert deck.initial_view_state.pitch == 45  # 3-D columns tilt the camera


def test_switched_off_layers_are_not_sent(catalog):
    options = maps.MapOptions(layers=frozenset({"regions"}))
    deck = maps.partnership_deck(catalog, "en", "/basemap.json", options=options)
    assert [item.id for item in deck.layers] == ["ocean", "countries", "regions", "region-markers"]


def test_layer_data_follow_the_filtered_rows(catalog):
    view = apply(catalog, Filters(regions=("CN-ZJ",)))
    deck = maps.partnership_deck(view, "en", "/basemap.json", options=ALL_LAYERS)
    campuses = view.campuses.dropna(subset=["lat", "lon"])
    assert len(layer(deck, "campuses").data) == len(campuses)
    regions = {f["properties"]["region_id"] for f in layer(deck, "regions").data["features"]}
    assert regions == {"FR-IDF", "CN-ZJ"}
    assert len(layer(deck, "institutions").data) == len(institution_sites(view, "en"))


def test_arcs_join_only_institutions_that_share_an_agreement_or_project(catalog):
    links = institution_links(catalog)
    linked = set(zip(links["institution_a"], links["institution_b"], strict=True))
    arcs = arc_pairs(catalog, "en")
    for pairs in arcs["pairs"]:
        for pair in pairs:
            a, b = pair.split("|")
            assert (a, b) in linked
    assert not arcs.empty


def test_arc_width_grows_with_the_number_of_links(catalog):
    deck = maps.partnership_deck(catalog, "en", "/basemap.json")
    data = layer(deck, "arcs").data
    widths = {row["links"]: row["width"] for row in data}
    assert widths[max(widths)] > widths[min(widths)]


def test_tooltips_are_plain_text_and_keep_hostile_names_inert(catalog):
    hostile = "<img src=x onerror=alert(1)>"
    institutions = catalog.institutions.copy()
    institutions.loc[institutions["id"] == "zju", "name_en"] = hostile
    deck = maps.partnership_deck(replace(catalog, institutions=institutions), "en", "/b.json")
    assert set(deck._tooltip) == {"text"}  # deck.gl sets innerText, never innerHTML
    spec = json.loads(deck.to_json())
    tooltips = [
        row["tooltip"]
        for lay in spec["layers"]
        if isinstance(lay.get("data"), list)
        for row in lay["data"]
        if "tooltip" in row
    ]
    assert any(hostile in text for text in tooltips)


def test_labels_do_not_overlap_at_the_camera_zoom():
    labels = pd.DataFrame(
        {
            "text": ["Université Paris-Saclay", "CentraleSupélec", "Far away"],
            "lat": [48.71, 48.71, 10.0],
            "lon": [2.17, 2.17, 50.0],
            "priority": [480, 42, 1],
            "size": [12, 12, 12],
        }
    )
    kept = maps.declutter(labels, zoom=8)
    assert list(kept["text"]) == ["Université Paris-Saclay", "Far away"]


def test_region_view_fits_polygon_regions_and_marker_regions(catalog):
    zhejiang = maps.region_view(catalog, "CN-ZJ")
    assert 27 < zhejiang.latitude < 32 and 118 < zhejiang.longitude < 123
    assert 5 < zhejiang.zoom < 8
    casablanca = maps.region_view(catalog, "MA-06")  # no polygon: its sourced capital
    row = catalog.regions.set_index("id").loc["MA-06"]
    assert (casablanca.latitude, casablanca.longitude) == (row["capital_lat"], row["capital_lon"])


def test_search_finds_a_place_by_its_chinese_name(catalog):
    index = search_index(catalog, "en")
    found = index[index["label"].str.contains("浙江大学")]
    assert "institution:zju" in set(found["key"])


def test_a_click_names_the_picked_item_through_its_layers_registry_entry():
    assert selected_item("regions", {"region_id": "CN-ZJ", "fill": [1, 2, 3]}) == (
        "region",
        "CN-ZJ",
    )
    assert selected_item("region-markers", {"region_id": "MA-06"}) == ("region", "MA-06")
    assert selected_item("institutions", {"id": "zju", "lat": 1}) == ("institution", "zju")
    assert selected_item("columns", {"id": "zju"}) == ("institution", "zju")
    assert selected_item("campuses", {"id": "zju-haining"}) == ("campus", "zju-haining")
    assert selected_item("arcs", {"pairs": ["ups|zju", "ups|bjtu"]}) == (
        "pairs",
        "ups|zju,ups|bjtu",
    )


@pytest.mark.parametrize(
    ("layer_id", "fields"),
    [
        ("labels", {"text": "Zhejiang"}),  # not selectable
        ("countries", {"id": "FRA"}),
        ("regions", {}),
        ("regions", {"region_id": 7}),
        ("institutions", {"id": None}),
        ("institutions", {"id": ""}),
        ("arcs", {"pairs": "ups|zju"}),
        ("arcs", {"pairs": []}),
        ("arcs", {"pairs": [1, 2]}),
        ("institutions", "zju"),
    ],
)
def test_a_click_on_an_unselectable_or_malformed_object_selects_nothing(layer_id, fields):
    assert selected_item(layer_id, fields) is None


def test_every_selectable_deck_layer_comes_from_a_registered_map_layer(catalog):
    deck = maps.partnership_deck(catalog, "en", "/b.json", options=ALL_LAYERS)
    drawn = {item.id for item in deck.layers}
    assert set(maps.PICKS) <= drawn
    assert tuple(layer.name for layer in maps.REGISTRY) == maps.LAYERS
    assert frozenset(maps.LAYERS) - {"columns"} == maps.DEFAULT_LAYERS


def test_legend_shows_only_the_switched_on_layers():
    label = str
    full = legend_html(["agreement"], label, "en", frozenset(maps.LAYERS))
    assert "Campus" in full and "Arcs:" in full and "Home region" in full
    regions_only = legend_html(["agreement"], label, "en", frozenset({"regions"}))
    assert "Campus" not in regions_only and "Arcs:" not in regions_only
    assert "Home region" in regions_only and "Partner region, many links" in regions_only


def test_detail_of_an_institution_lists_sourced_facts_partners_and_agreements(catalog):
    detail = detail_for(catalog, "institution", "zju", "en")
    assert detail.title == "Zhejiang University"
    assert "Paris-Saclay University" in detail.partners
    assert not detail.agreements.empty
    facts = detail.facts.set_index("Fact")
    assert facts.loc["Founded", "Value"] == "1897"
    assert facts.loc["Founded", "Link"].startswith("http")


def test_default_map_has_no_tiles_and_configured_tiles_keep_offline_outlines(catalog):
    offline = json.loads(maps.partnership_deck(catalog, "en", "/b.json").to_json())
    assert offline.get("mapStyle") in (None, "__MAP_STYLE__") and not offline.get("mapProvider")
    options = maps.MapOptions(tile_style_url="/app/static/geo/tiles-style.json")
    online = json.loads(maps.partnership_deck(catalog, "en", "/b.json", options=options).to_json())
    assert online["mapStyle"] == "/app/static/geo/tiles-style.json"
    ids = [layer["id"] for layer in online["layers"]]
    assert "ocean" not in ids and "countries" in ids  # outlines stay if the tiles fail


def test_dark_theme_uses_the_dark_basemap_colours(catalog):
    deck = maps.partnership_deck(catalog, "en", "/b.json", options=maps.MapOptions(theme="dark"))
    assert layer(deck, "ocean").get_fill_color == maps.THEMES["dark"]["ocean"]
