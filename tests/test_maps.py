"""Deck builders: layers, data lengths, arcs only between linked institutions, safe tooltips."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest
import shapely
from conftest import DATA_DIR

from regiondash import map_data, maps
from regiondash.data import load_catalog
from regiondash.details import detail_for, selected_item
from regiondash.filters import Filters, apply
from regiondash.i18n import t
from regiondash.legend import layer_entries, legend_html
from regiondash.links import institution_links, partner_link_counts
from regiondash.map_data import arc_pairs, grouped_sites, institution_sites, search_index
from regiondash.places import institution_points
from regiondash.viewstate import MapView

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
        "institution-counts": "TextLayer",  # the count in a point holding several
        "campuses": "ScatterplotLayer",
        "labels": "TextLayer",
    }
    assert deck.initial_view_state.pitch == 45  # 3-D columns tilt the camera
    countries = layer(deck, "countries")
    # Filled, with the basemap's border lines: outlining every coast costs seconds a frame
    # in software WebGL.
    assert countries.data == "/basemap.json" and countries.filled and not countries.stroked


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


def test_past_the_cap_the_map_draws_the_most_linked_pairs_and_says_so(catalog, monkeypatch):
    arcs = arc_pairs(catalog, "en")
    assert maps.drawn_arcs(arcs, len(arcs)) is arcs
    assert maps.arcs_cut_text(arcs, "en", len(arcs)) is None
    kept = maps.drawn_arcs(arcs, 3)
    assert len(kept) == 3 and list(kept.index) == sorted(kept.index)  # drawing order kept
    assert kept["links"].min() >= arcs.drop(kept.index)["links"].max()
    text = maps.arcs_cut_text(arcs, "en", len(arcs) - 1)
    assert text.startswith(f"The map draws the {len(arcs) - 1} institution pairs")
    assert f"of {len(arcs)};" in text
    monkeypatch.setattr(maps, "MAX_ARCS", 3)
    fresh = replace(catalog)  # decks are kept per catalog object: not one built before the cap
    deck = maps.partnership_deck(fresh, "en", "/basemap.json")
    drawn = layer(deck, "arcs").data
    pairs = {(row["institution_a"], row["institution_b"]) for row in drawn}
    assert pairs == set(zip(kept["institution_a"], kept["institution_b"], strict=True))


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


# ---- Framing, names, points placed to a commune, clusters -------------------------------


def test_data_bounds_hold_every_drawn_region_and_follow_the_filters(catalog):
    (west, south), (east, north) = maps.data_bounds(catalog)
    shapes = catalog.region_shapes.dropna(subset=["geometry"])
    for shape in shapes.geometry:
        w, s, e, n = shape.bounds
        assert west <= w + 1e-3 and south <= s + 1e-3 and east >= e - 1e-3 and north >= n - 1e-3
    for row in catalog.regions.dropna(subset=["capital_lat"]).itertuples():
        assert west <= row.capital_lon <= east and south <= row.capital_lat <= north
    # Québec's west edge and Gyeonggi's east edge are the extremes of the data.
    quebec = shapes.set_index("region_id").at["CA-QC", "geometry"].bounds
    assert west == pytest.approx(quebec[0], abs=1e-3)
    zhejiang = apply(catalog, Filters(regions=("CN-ZJ",)))
    (w, _), (e, _) = maps.data_bounds(zhejiang)
    assert w > 0 and e < 125  # Île-de-France to Zhejiang only: Québec left out


def test_data_bounds_of_no_region_are_none(catalog):
    empty = replace(catalog, regions=catalog.regions.iloc[0:0])
    assert maps.data_bounds(empty) is None


def test_points_say_how_precise_their_position_is(catalog):
    points = institution_points(catalog).set_index("institution_id")
    assert points.at["zju", "precision"] == "site"
    assert points.at["c2n", "precision"] == "commune"  # location_precision of the data
    assert points.at["iogs", "precision"] == "campus"
    assert points.at["lurpa", "precision"] == "parent"  # no own coordinate


def test_institutions_sharing_a_point_are_one_point_with_their_count(catalog):
    sites = institution_sites(catalog, "en")
    palaiseau = sites[(sites["lat"] == 48.7145) & (sites["lon"] == 2.2457)].iloc[0]
    assert sorted(palaiseau["members"]) == ["agroparistech", "c2n", "onera"]
    assert palaiseau["count"] == 3 and bool(palaiseau["approximate"])
    assert "3 institutions at this point" in palaiseau["tooltip"]
    assert palaiseau["tooltip"].count("Located to its commune only") == 3
    zju = sites.set_index("id").loc["zju"]
    assert zju["count"] == 1 and not zju["approximate"]
    assert "institutions at this point" not in zju["tooltip"]
    assert set(sites["count"]) >= {1, 3} and sites["count"].sum() == len(
        institution_points(catalog)[
            institution_points(catalog)["institution_id"].isin(catalog.institutions["id"])
        ]
    )


def test_commune_points_are_hollow_and_clusters_show_their_count(catalog):
    deck = maps.partnership_deck(catalog, "en", "/b.json")
    points = {(row["lat"], row["lon"]): row for row in layer(deck, "institutions").data}
    commune = points[(48.7145, 2.2457)]
    site = points[(30.2636, 120.1208)]  # Zhejiang University's own site
    assert commune["fill"] == maps.APPROXIMATE_FILL and commune["line"] == maps.INSTITUTION_COLOUR
    assert site["fill"] == maps.INSTITUTION_COLOUR and commune["line_width"] > site["line_width"]
    assert commune["radius"] >= maps.CLUSTER_RADIUS
    counts = {
        (row["lat"], row["lon"]): row["text"] for row in layer(deck, "institution-counts").data
    }
    sites = institution_sites(catalog, "en")
    clusters = sites[sites["count"] > 1]
    assert counts == {(r.lat, r.lon): str(r.count) for r in clusters.itertuples()}


def test_site_radius_makes_room_for_a_count_only_in_clusters():
    assert maps.site_radius(None, 1) == 3.0
    assert maps.site_radius(None, 2) == maps.CLUSTER_RADIUS
    assert maps.site_radius(60000, 1) == pytest.approx(12.0)
    assert maps.site_radius(60000, 5) == pytest.approx(12.0)  # already wide enough


@pytest.mark.parametrize(
    ("zoom", "height"), [(maps.FLAT_ARC_ZOOM - 0.01, 1), (maps.FLAT_ARC_ZOOM, 0), (8.6, 0)]
)
def test_arcs_lie_flat_from_close_up_zooms(catalog, zoom, height):
    deck = maps.partnership_deck(catalog, "en", "/b.json", view=MapView(48.7, 2.2, zoom))
    assert layer(deck, "arcs").get_height == height


def test_the_browser_gets_every_name_and_regions_are_always_named(catalog):
    options = maps.MapOptions(browser_labels=True)
    deck = maps.partnership_deck(catalog, "en", "/b.json", options=options)
    rows = layer(deck, "labels").data
    names = {row["text"] for row in rows if row["always"]}
    assert names == set(catalog.regions["name_en"])
    assert len(rows) == len(catalog.regions) + len(institution_sites(catalog, "en")) + len(
        catalog.campuses.dropna(subset=["lat", "lon"])
    )
    assert all(row["text"].strip() for row in rows)  # English-less names fall back (e.g. IHES)
    assert all(row["gap"] > 0 for row in rows if not row["always"])
    static = layer(maps.partnership_deck(catalog, "en", "/b.json"), "labels").data
    assert len(static) < len(rows)  # without the browser: decluttered for the camera here


def test_region_names_rank_home_first_then_by_links_above_every_other_name(catalog):
    options = maps.MapOptions(browser_labels=True)
    rows = layer(maps.partnership_deck(catalog, "en", "/b.json", options=options), "labels").data
    regions = [row for row in rows if row["always"]]
    others = [row for row in rows if not row["always"]]
    assert min(row["priority"] for row in regions) > max(row["priority"] for row in others)
    by_priority = sorted(regions, key=lambda row: -row["priority"])
    home = catalog.regions.loc[catalog.regions["role"] == "home", "name_en"].item()
    assert by_priority[0]["text"] == home
    assert by_priority[1]["priority"] < by_priority[0]["priority"]
    names = catalog.regions.set_index("name_en")["id"]
    links = partner_link_counts(catalog)
    ranked = [int(links.get(names[row["text"]], 0)) for row in by_priority[1:]]
    assert ranked == sorted(ranked, reverse=True) and ranked[0] > ranked[-1]


def test_names_are_drawn_over_arcs(catalog):
    labels = layer(maps.partnership_deck(catalog, "en", "/b.json"), "labels")
    assert labels.parameters["depthCompare"] == "always"


def test_map_sources_cover_positions_and_links(catalog):
    ids = maps.map_source_ids(catalog)
    assert set(catalog.agreements["source_id"]) <= set(ids)
    assert set(catalog.institutions["location_source_id"].dropna()) <= set(ids)
    assert len(ids) == len(set(ids))


def test_legend_shows_the_hollow_commune_point(catalog):
    entries = layer_entries("fr", frozenset({"institutions"}))
    assert [e["hollow"] for e in entries] == [False, True]
    assert "commune" in entries[1]["label"]
    assert "background:transparent" in legend_html([], str, "en", frozenset({"institutions"}))


def test_a_pan_or_zoom_reuses_the_layers_and_only_a_close_up_changes_the_arcs(catalog):
    options = maps.MapOptions(browser_labels=True)
    far = maps.partnership_deck(catalog, "en", "/b.json", MapView(30.0, 10.0, 2.0), options)
    panned = maps.partnership_deck(catalog, "en", "/b.json", MapView(40.0, 60.0, 3.9), options)
    close = maps.partnership_deck(catalog, "en", "/b.json", MapView(48.7, 2.2, 4.0), options)
    assert panned.initial_view_state.zoom == 3.9
    assert all(a is b for a, b in zip(far.layers, panned.layers, strict=True))
    assert layer(close, "arcs") is not layer(far, "arcs")
    assert layer(close, "arcs").get_height == 0 and layer(far, "arcs").get_height != 0
    # Names decluttered in Python (static decks) follow the zoom itself.
    static = [
        layer(maps.partnership_deck(catalog, "en", "/b.json", MapView(48.7, 2.2, z)), "labels")
        for z in (2.0, 9.0)
    ]
    assert len(static[0].data) < len(static[1].data)


def test_outlines_follow_the_zoom_only_past_many_regions():
    many = maps.DETAILED_REGIONS
    assert maps.outline_zoom(many, 5.7) is None  # up to the limit: full detail, any zoom
    assert maps.outline_zoom(many + 1, 5.7) == 5
    assert maps.outline_zoom(many + 1, 1.0) == 1


def test_an_outline_simplified_for_a_far_zoom_keeps_fewer_points_than_close_up(catalog):
    shapes = catalog.region_shapes.set_index("region_id").geometry
    quebec = shapes.loc[["CA-QC"]]

    def vertices(zoom):
        return shapely.get_num_coordinates(maps.display_shapes(quebec, zoom).iloc[0])

    assert vertices(1) < vertices(6) <= vertices(None)
    assert vertices(12) == vertices(None)  # half a pixel at zoom 12 is finer than the detail kept


def test_past_many_regions_a_pan_keeps_the_outlines_and_a_zoom_level_renews_them(
    catalog, monkeypatch
):
    monkeypatch.setattr(maps, "DETAILED_REGIONS", 2)
    options = maps.MapOptions(browser_labels=True)

    def regions(zoom, latitude=30.0):
        deck = maps.partnership_deck(
            catalog, "en", "/b.json", MapView(latitude, 10.0, zoom), options
        )
        return layer(deck, "regions")

    assert regions(2.2) is regions(2.9, latitude=40.0)
    assert regions(3.0) is not regions(2.9)
    size = [len(json.dumps(regions(zoom).data)) for zoom in (1.0, 6.0)]
    assert size[0] < size[1]


def test_grouped_institutions_keep_every_institution_and_no_added_figure(catalog):
    sites = institution_sites(catalog, "en")
    far = grouped_sites(catalog, "en", 0)  # a whole world in 512 px: close points merge
    close = grouped_sites(catalog, "en", 18)  # ~0.03 m cells: nothing merges
    assert far["count"].sum() == close["count"].sum() == sites["count"].sum()
    every = sorted(m for members in sites["members"] for m in members)
    assert sorted(m for members in far["members"] for m in members) == every
    assert len(far) < len(sites) and not close["grouped"].any()
    assert close.drop(columns="grouped").equals(sites)
    groups = far[far["grouped"]]
    assert len(groups) and (groups["id"] == "").all() and groups["students"].isna().all()
    positions = set(zip(sites["lat"], sites["lon"], strict=True))
    assert all(p in positions for p in zip(far["lat"], far["lon"], strict=True))  # a real site
    for tooltip, count in zip(groups["tooltip"], groups["count"], strict=True):
        lines = tooltip.split("\n")
        assert lines[0] == t("map.tooltip.group", "en", count=count)
        assert len(lines) <= 1 + map_data.GROUP_TOOLTIP_NAMES + 1


def test_a_group_is_the_points_in_one_screen_cell(catalog):
    sites = institution_sites(catalog, "en")
    zoom = 6
    cell = map_data.GROUP_CELL_PX * 360 / (512 * 2**zoom)
    positions = zip(sites["lat"], sites["lon"], strict=True)
    cells = {(int(lon // cell), int(lat // cell)) for lat, lon in positions}
    assert len(grouped_sites(catalog, "en", zoom)) == len(cells)


def test_institutions_are_grouped_only_past_the_limit_and_groups_are_not_named(
    catalog, monkeypatch
):
    count = len(institution_sites(catalog, "en"))
    monkeypatch.setattr(maps, "MAX_SITE_POINTS", count)
    assert maps.point_zoom(catalog, "en", 3.7) is None
    assert maps.sites_grouped_text(catalog, "en", 3.7) == ""
    monkeypatch.setattr(maps, "MAX_SITE_POINTS", count - 1)
    assert maps.point_zoom(catalog, "en", 3.7) == 3
    shown = len(grouped_sites(catalog, "en", 1))
    assert maps.sites_grouped_text(catalog, "en", 1.5) == t(
        "map.sites_grouped", "en", shown=shown, total=count
    )
    options = maps.MapOptions(browser_labels=True)
    deck = maps.partnership_deck(catalog, "en", "/b.json", MapView(30.0, 10.0, 1.5), options)
    assert len(layer(deck, "institutions").data) == shown
    named = {row["text"] for row in layer(deck, "labels").data}
    groups = grouped_sites(catalog, "en", 1)
    assert not any(name in named for name in groups.loc[groups["grouped"], "name"])
