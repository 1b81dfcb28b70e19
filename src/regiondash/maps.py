"""pydeck map of the partnerships on an offline basemap drawn from data/geo (no tiles)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import pydeck as pdk

from regiondash.data import Catalog
from regiondash.geo import areas_km2, region_anchor
from regiondash.i18n import t
from regiondash.links import institution_links
from regiondash.places import institution_points, region_points

OCEAN = [225, 236, 244]
LAND = [246, 244, 239]
COUNTRY_LINE = [180, 180, 180]
HOME_FILL = [31, 78, 121, 150]
PARTNER_FILL = [214, 124, 38, 140]
CAMPUS_COLOUR = [200, 40, 60, 230]
INSTITUTION_COLOUR = [31, 78, 121, 230]
KM_PER_DEGREE = 111.0
MARKER_REGION_ZOOM = 7.0
DETAIL_PER_REGION = 300  # a region's outline keeps about 1/300 of its size as detail
ARC_COLOURS = {"agreement": [31, 78, 121], "project": [214, 124, 38]}


@dataclass(frozen=True)
class MapView:
    """A named camera position."""

    latitude: float
    longitude: float
    zoom: float


VIEWS = {
    "world": MapView(35.0, 60.0, 1.1),
    "ile_de_france": MapView(48.72, 2.25, 8.0),
    "hangzhou": MapView(30.3, 120.3, 8.0),
}


def region_view(catalog: Catalog, region_id: str) -> MapView:
    """A camera that fits one region (its polygon's bounds, or its capital for marker regions)."""
    shapes = catalog.region_shapes
    shape = shapes.loc[shapes["region_id"] == region_id, "geometry"]
    if len(shape) and shape.iloc[0] is not None:
        west, south, east, north = shape.iloc[0].bounds
        span = max(east - west, (north - south) * 1.4, 0.05)
        zoom = max(1.0, min(11.0, math.log2(360 / span) - 0.3))
        return MapView((south + north) / 2, (west + east) / 2, round(zoom, 2))
    anchor = region_anchor(region_id, shapes, catalog.regions)
    if anchor is None:
        return VIEWS["world"]
    return MapView(anchor[0], anchor[1], MARKER_REGION_ZOOM)


def _records(frame: pd.DataFrame) -> list[dict]:
    """JSON-safe records (pandas NA becomes None) for deck layers."""
    return json.loads(frame.to_json(orient="records"))


def _geojson(frame) -> dict:
    return json.loads(frame.to_json(drop_id=True))


def basemap_layers(basemap_url: str) -> list[pdk.Layer]:
    """Ocean and country outlines (fetched from this app's server): a world with no internet."""
    ocean = pdk.Layer(
        "PolygonLayer",
        data=[{"polygon": [[-180, -85], [180, -85], [180, 85], [-180, 85]]}],
        get_polygon="polygon",
        get_fill_color=OCEAN,
        stroked=False,
        id="ocean",
    )
    countries = pdk.Layer(
        "GeoJsonLayer",
        data=basemap_url,
        filled=True,
        stroked=True,
        get_fill_color=LAND,
        get_line_color=COUNTRY_LINE,
        line_width_min_pixels=0.5,
        id="countries",
    )
    return [ocean, countries]


def region_layers(catalog: Catalog, lang: str) -> list[pdk.Layer]:
    """Region polygons (home and partners) and markers for regions without a polygon."""
    regions = catalog.regions.set_index("id")
    shapes = catalog.region_shapes[
        catalog.region_shapes.geometry.notna()
        & catalog.region_shapes["region_id"].isin(catalog.regions["id"])
    ].copy()
    shapes["geometry"] = display_shapes(shapes.geometry)
    shapes["fill"] = [
        HOME_FILL if regions.at[r, "role"] == "home" else PARTNER_FILL for r in shapes["region_id"]
    ]
    shapes["tooltip"] = [region_tooltip(regions.loc[r], lang) for r in shapes["region_id"]]
    polygons = pdk.Layer(
        "GeoJsonLayer",
        data=_geojson(shapes[["region_id", "fill", "tooltip", "geometry"]]),
        filled=True,
        stroked=True,
        get_fill_color="properties.fill",
        get_line_color=[90, 90, 90],
        line_width_min_pixels=1,
        pickable=True,
        id="regions",
    )
    points = region_points(catalog)
    markers = points[~points["has_polygon"]].copy()
    markers["tooltip"] = [region_tooltip(regions.loc[r], lang) for r in markers["region_id"]]
    marker_layer = pdk.Layer(
        "ScatterplotLayer",
        data=_records(markers),
        get_position=["lon", "lat"],
        get_fill_color=PARTNER_FILL[:3],
        get_line_color=[90, 90, 90],
        stroked=True,
        radius_min_pixels=7,
        get_radius=20000,
        pickable=True,
        id="region-markers",
    )
    return [polygons, marker_layer]


def display_shapes(shapes):
    """Outlines simplified in proportion to their size: every region keeps a similar number of
    points when zoomed to fit, and the deck JSON stays small (Québec alone has 5,000 points)."""
    sizes = areas_km2(shapes) ** 0.5 / KM_PER_DEGREE  # side of an equal square, in degrees
    return gpd.GeoSeries(
        [
            shape.simplify(size / DETAIL_PER_REGION)
            for shape, size in zip(shapes, sizes, strict=True)
        ],
        index=shapes.index,
        crs=shapes.crs,
    ).set_precision(1e-4)


def region_tooltip(region: pd.Series, lang: str) -> str:
    """Plain-text tooltip of a region (deck renders it as text, never HTML)."""
    return f"{region['name_en']}\n{t('map.role.' + str(region['role']), lang)}"


def campus_layer(catalog: Catalog, lang: str) -> pdk.Layer:
    """Campuses with a sourced coordinate, as points."""
    campuses = catalog.campuses.dropna(subset=["lat", "lon"]).copy()
    names = catalog.institutions.set_index("id")["name_en"]
    campuses["tooltip"] = [
        "\n".join(
            str(v) for v in (row.name_en, names.get(row.institution_id), row.city) if pd.notna(v)
        )
        for row in campuses.itertuples()
    ]
    return pdk.Layer(
        "ScatterplotLayer",
        data=_records(campuses[["id", "name_en", "lat", "lon", "tooltip"]]),
        get_position=["lon", "lat"],
        get_fill_color=CAMPUS_COLOUR,
        get_radius=600,
        radius_min_pixels=4,
        pickable=True,
        id="campuses",
    )


def arc_frame(catalog: Catalog) -> pd.DataFrame:
    """Cross-region links with both ends placed; one row per institution pair and link."""
    links = institution_links(catalog)
    links = links[links["cross_region"]]
    points = institution_points(catalog).set_index("institution_id")
    placed = links["institution_a"].isin(points.index) & links["institution_b"].isin(points.index)
    links = links[placed].copy()
    for end in ("a", "b"):
        position = points.loc[links[f"institution_{end}"]]
        links[f"lat_{end}"] = position["lat"].to_numpy()
        links[f"lon_{end}"] = position["lon"].to_numpy()
    names = catalog.institutions.set_index("id")["name_en"]
    links["colour"] = [ARC_COLOURS[via] for via in links["via"]]
    links["tooltip"] = [
        f"{names[a]} ↔ {names[b]}\n{via}: {via_id}"
        for a, b, via, via_id in links[
            ["institution_a", "institution_b", "via", "via_id"]
        ].itertuples(index=False)
    ]
    return links.reset_index(drop=True)


def arc_layer(catalog: Catalog) -> pdk.Layer:
    """Great-circle arcs between linked institutions in different regions."""
    arcs = arc_frame(catalog)
    columns = ["institution_a", "institution_b", "via", "via_id", "colour", "tooltip"]
    columns += ["lat_a", "lon_a", "lat_b", "lon_b"]
    return pdk.Layer(
        "ArcLayer",
        data=_records(arcs[columns]),
        get_source_position=["lon_a", "lat_a"],
        get_target_position=["lon_b", "lat_b"],
        get_source_color="colour",
        get_target_color="colour",
        get_width=3,
        great_circle=True,
        pickable=True,
        id="arcs",
    )


def partnership_deck(
    catalog: Catalog, lang: str, basemap_url: str, view: str | MapView = "world"
) -> pdk.Deck:
    """The partnership map: basemap, regions, campuses and arcs, with a plain-text tooltip.

    `view` is a preset name of VIEWS or a MapView (e.g. from `region_view`).
    """
    camera = VIEWS[view] if isinstance(view, str) else view
    layers = [
        *basemap_layers(basemap_url),
        *region_layers(catalog, lang),
        arc_layer(catalog),
        campus_layer(catalog, lang),
    ]
    return pdk.Deck(
        layers=layers,
        initial_view_state=pdk.ViewState(
            latitude=camera.latitude, longitude=camera.longitude, zoom=camera.zoom
        ),
        # No provider and pydeck's default style sentinel: Streamlit then draws no tiles at all
        # (map_style=None would make it fall back to CARTO's online style).
        map_provider=None,
        tooltip={"text": "{tooltip}"},
    )
