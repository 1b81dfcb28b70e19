"""AppTest of the Map page: layer toggles, preset and region views, selection detail panel."""

from __future__ import annotations

import json

import pytest
from conftest import open_page
from streamlit.testing.v1 import AppTest

from regiondash import maps
from regiondash.data import load_catalog


def map_app(state: dict | None = None, **query) -> AppTest:
    """The Map page in a fresh app, one run, with session state and query parameters set."""
    return open_page("app_pages/map.py", state, **query)


def deck_spec(app: AppTest) -> dict:
    return json.loads(app.get("deck_gl_json_chart")[0].proto.json)


@pytest.mark.parametrize("switched_on", maps.LAYERS)
def test_each_layer_toggle_draws_only_that_layer(switched_on):
    app = map_app({"map_layers": [switched_on]})
    ids = [layer["id"] for layer in deck_spec(app)["layers"]]
    expected = {"regions": ["regions", "region-markers"]}.get(switched_on, [switched_on])
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
    assert any("Click a region" in info.value for info in app.info)
