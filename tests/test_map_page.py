"""AppTest of the Map page (layer toggles, preset and region views, selection detail panel) and
the deck component's parsing of what the browser reports.

AppTest cannot run the component's JavaScript: it sees the data sent to it (the deck JSON and
the camera); the browser side is tested in test_browser_map.py.
"""

from __future__ import annotations

import pytest
from conftest import open_page
from streamlit.testing.v1 import AppTest

from regiondash import map_data, maps
from regiondash.data import load_catalog
from regiondash.filters import Filters, apply
from regiondash.i18n import t
from regiondash.map_data import institution_sites, search_index
from regiondash.ui import map_controls
from regiondash.ui.deck_map import ASSETS, bundle_name, parse_camera, parse_click, read_data
from regiondash.viewstate import MapView


def map_app(state: dict | None = None, **query) -> AppTest:
    """The Map page in a fresh app, one run, with session state and query parameters set."""
    return open_page("app_pages/map.py", state, **query)


def deck_data(app: AppTest) -> dict:
    """What the page sent to the deck component."""
    (component,) = app.get("bidi_component")
    assert component.proto.component_name == "regiondash.deck_map"
    return read_data(component.proto.json)


def deck_spec(app: AppTest) -> dict:
    return deck_data(app)["deck"]


@pytest.mark.parametrize("switched_on", maps.LAYERS)
def test_each_layer_toggle_draws_only_that_layer(switched_on):
    app = map_app(layers=switched_on)
    ids = [layer["id"] for layer in deck_spec(app)["layers"]]
    expected = {
        "regions": ["regions", "region-markers"],
        "institutions": ["institutions", "institution-counts"],
    }.get(switched_on, [switched_on])
    assert ids == ["ocean", "countries", *expected]


def test_every_preset_view_moves_the_camera():
    for name, view in maps.VIEWS.items():
        cam = f"{view.latitude},{view.longitude},{view.zoom}"
        state = deck_spec(map_app(cam=cam))["initialViewState"]
        assert (state["latitude"], state["longitude"], state["zoom"]) == pytest.approx(
            (view.latitude, view.longitude, view.zoom), abs=1e-3
        ), name


def test_region_close_up_for_every_partner_region_fits_it():
    catalog = load_catalog()
    for region_id in catalog.regions.loc[catalog.regions["role"] == "partner", "id"]:
        view = maps.region_view(catalog, region_id)
        app = map_app(
            cam=f"{view.latitude},{view.longitude},{view.zoom}", sel=f"region:{region_id}"
        )
        assert deck_spec(app)["initialViewState"]["zoom"] == pytest.approx(view.zoom, abs=0.01)
        name = catalog.regions.set_index("id").at[region_id, "name_en"]
        assert any(name in h.value.replace("\\", "") for h in app.subheader), region_id


def test_selecting_an_institution_shows_its_detail_panel_with_sources():
    app = map_app(sel="institution:zju")
    assert any("Zhejiang University" in h.value for h in app.subheader)
    facts = app.dataframe[0].value
    assert "Founded" in set(facts["Fact"]) and facts["Link"].str.startswith("http").any()


def test_malformed_camera_and_selection_are_ignored():
    app = map_app(cam="north,pole", sel="institution:atlantis")
    view = deck_spec(app)["initialViewState"]
    assert view["zoom"] == pytest.approx(maps.VIEWS["world"].zoom)
    assert deck_data(app)["bounds"] == maps.data_bounds(load_catalog())  # the world, framed
    assert any("Click a region" in info.value for info in app.info)


def test_the_component_gets_the_view_state_camera_and_a_plain_text_tooltip():
    data = deck_data(map_app(cam="30.1,120.2,6.5"))
    assert data["camera"] == {"latitude": 30.1, "longitude": 120.2, "zoom": 6.5, "pitch": 0}
    assert data["bounds"] is None  # an explicit camera wins over the framing
    assert data["tooltip"] == "{tooltip}" and data["tiles"] is False
    assert (ASSETS / data["bundle"]).is_file() and data["bundle"] == bundle_name()


def test_without_a_camera_the_component_frames_the_filtered_regions():
    data = deck_data(map_app(region="CN-ZJ"))
    catalog = apply(load_catalog(), Filters(regions=("CN-ZJ",)))
    assert data["camera"] is None and data["pitch"] == 0
    assert data["bounds"] == maps.data_bounds(catalog)
    labels = next(lay for lay in data["deck"]["layers"] if lay["id"] == "labels")["data"]
    assert {row["text"] for row in labels if row["always"]} == {"Île-de-France", "Zhejiang"}


def test_3d_columns_keep_their_tilt_when_the_world_is_framed():
    data = deck_data(map_app(layers="regions,columns"))
    assert data["camera"] is None and data["pitch"] == 45


def test_the_world_preset_clears_the_camera_so_the_map_frames_itself():
    """The preset callback, run bare (Streamlit's session state works without a runtime)."""
    import streamlit as st

    from regiondash.ui import state as view_state

    view_state.update(camera=MapView(30.1, 120.2, 6.5))
    st.session_state["map_preset"] = "world"
    map_controls.on_preset(load_catalog(), "map_preset")
    assert view_state.get().camera is None
    st.session_state["map_preset"] = "ile_de_france"
    map_controls.on_preset(load_catalog(), "map_preset")
    assert view_state.get().camera == maps.VIEWS["ile_de_france"]


def test_the_map_image_carries_title_legend_sources_and_as_of_in_the_language():
    data = deck_data(map_app(lang="fr", region="CN-ZJ"))
    image = data["image"]
    catalog = load_catalog()
    assert image["label"] == t("map.image", "fr") and image["filename"].endswith(".png")
    assert image["title"].startswith(t("map.title", "fr")) and "sur 12" in image["title"]
    assert "2026" in image["footnote"] and "Sources" in image["footnote"]
    labels = [entry["label"] for entry in image["legend"]]
    assert t("legend.institution_commune", "fr") in labels
    assert any(entry["hollow"] for entry in image["legend"])
    assert catalog.as_of in image["footnote"]


def test_a_settled_camera_is_rounded_and_clamped_into_range():
    reported = {"latitude": 48.712345, "longitude": 2.254999, "zoom": 8.6049, "pitch": 12.4}
    assert parse_camera(reported) == MapView(48.7123, 2.255, 8.6, 12.0)
    assert parse_camera({"latitude": 89.9, "longitude": 190.0, "zoom": 25, "pitch": 75}) == (
        MapView(85.0511, -170.0, 20.0, 60.0)
    )
    assert parse_camera({"latitude": 1, "longitude": 2, "zoom": 3}) == MapView(1.0, 2.0, 3.0)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "48,2,8",
        [48, 2, 8],
        {},
        {"latitude": 48, "longitude": 2},
        {"latitude": "48", "longitude": 2, "zoom": 8},
        {"latitude": True, "longitude": 2, "zoom": 8},
        {"latitude": float("nan"), "longitude": 2, "zoom": 8},
        {"latitude": 48, "longitude": float("inf"), "zoom": 8},
        {"latitude": 48, "longitude": 2, "zoom": 8, "pitch": None},
    ],
)
def test_a_malformed_camera_is_ignored(value):
    assert parse_camera(value) is None


def test_a_click_is_a_layer_id_and_the_objects_fields():
    assert parse_click({"layer": "institutions", "object": {"id": "zju"}}) == (
        "institutions",
        {"id": "zju"},
    )


@pytest.mark.parametrize(
    "value",
    [
        None,
        "institutions",
        {"layer": "institutions"},
        {"layer": "", "object": {"id": "zju"}},
        {"layer": 3, "object": {"id": "zju"}},
        {"layer": "institutions", "object": ["zju"]},
    ],
)
def test_a_malformed_click_is_ignored(value):
    assert parse_click(value) is None


def test_the_page_says_when_institutions_are_grouped_and_how_many_points_it_draws(
    monkeypatch,
):
    catalog = load_catalog()
    total = len(institution_sites(catalog, "en"))
    assert not any("institution positions" in c.value for c in map_app().caption)
    monkeypatch.setattr(maps, "MAX_SITE_POINTS", total - 1)
    app = map_app(cam="30,10,1.5")
    layers = {layer["id"]: layer for layer in deck_spec(app)["layers"]}
    shown = len(layers["institutions"]["data"])
    assert shown < total
    note = t("map.sites_grouped", "en", shown=shown, total=total)
    assert note in [c.value for c in app.caption]


def search_box(app: AppTest):
    label = t("map.search", "en")
    return next(box for box in app.selectbox if box.label == label)


def test_the_search_lists_every_place_up_to_the_limit_and_past_it_takes_a_typed_name(
    monkeypatch,
):
    catalog = load_catalog()
    index = search_index(catalog, "en")
    whole = search_box(map_app())
    assert list(whole.options) == [label for label in index["label"]]
    assert whole.placeholder == t("map.search_placeholder", "en")
    assert not whole.proto.accept_new_options
    monkeypatch.setattr(map_data, "MAX_SEARCH_OPTIONS", 3)
    capped = search_box(map_app())
    assert list(capped.options) == list(index["label"].head(3))
    assert capped.placeholder == t("map.search_placeholder_typed", "en")
    assert capped.proto.accept_new_options


def test_a_typed_name_nothing_matches_is_said_as_plain_text():
    typed = "[Sign in again](https://example.org/login) **now**"
    app = map_app({map_controls.SEARCH_MISSED: typed})
    shown = [c for c in app.caption if "is named" in c.value]
    assert len(shown) == 1
    assert "](https://" not in shown[0].value and "\\[" in shown[0].value  # markdown escaped


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("zhejiang university", "institution:zju"),  # any case, part of a name
        ("浙江大学", "institution:zju"),  # any language it has a name in
        ("institution:zju", "institution:zju"),  # a listed option as is
        ("  ", None),
        ("", None),
        (None, None),
        ("no such place anywhere", None),
    ],
)
def test_a_typed_name_finds_the_first_place_it_names(typed, expected):
    index = search_index(load_catalog(), "en")
    assert map_data.find_place(index, typed) == expected
