"""pydeck map of the partnerships on an offline basemap drawn from data/geo (no tiles).

Pure builders: frames in, `pydeck.Deck` out. Tooltips are plain text ({"text": ...}), which
deck.gl renders as text, never HTML, so data values cannot inject markup.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import geopandas as gpd
import pandas as pd
import pydeck as pdk

from regiondash import memo
from regiondash.data import Catalog
from regiondash.geo import label_points, region_anchor, simplified_by_size
from regiondash.i18n import localized_label, t
from regiondash.map_data import (
    MAX_SITE_POINTS,
    arc_pairs,
    grouped_sites,
    institution_sites,
    region_frame,
)
from regiondash.places import drawn_region_shapes, region_points
from regiondash.viewstate import MapView

HOME_FILL = [31, 78, 121, 70]
CAMPUS_COLOUR = [200, 40, 60, 230]
INSTITUTION_COLOUR = [31, 78, 121, 220]
APPROXIMATE_FILL = [255, 255, 255, 150]  # hollow: a commune's point, not the site
CLUSTER_RADIUS = 9.0  # px: a point holding several institutions shows their count inside
MARKER_REGION_ZOOM = 7.0
# From this zoom on, arcs lie flat on the map: a tall great-circle arc seen from close up is
# drawn as a wide wedge (deck.gl's perspective) that hides what it starts from.
FLAT_ARC_ZOOM = 4.0
# More arcs than this are a tangle no one reads, and each one is sent with its tooltip: the map
# draws the pairs with the most links and says how many it leaves out (filters narrow them).
MAX_ARCS = 500
REGION_MARKER_PX = 8  # radius of a region drawn as a marker (no polygon)
REGION_PRIORITY = 1000  # above every institution's name (theirs are 0-999)
DETAIL_PER_REGION = 300  # a region's outline keeps about 1/300 of its size as detail
DETAILED_REGIONS = 60  # past this many regions, outlines keep only what the zoom shows
# Colour-blind-safe palette (Okabe-Ito) for arc categories, in a stable order.
PALETTE = [
    [0, 114, 178],
    [230, 159, 0],
    [0, 158, 115],
    [204, 121, 167],
    [86, 180, 233],
    [213, 94, 0],
    [240, 228, 66],
    [120, 120, 120],
]
PARTNER_SCALE = [[253, 208, 162], [253, 141, 60], [217, 72, 1], [127, 39, 4]]
THEMES = {
    "light": {
        "ocean": [210, 226, 240],  # coasts are where land meets it: no outline
        "land": [246, 244, 239],
        "line": [180, 180, 180],
        "text": [28, 39, 51],
        "halo": [255, 255, 255],
    },
    "dark": {
        "ocean": [22, 30, 42],
        "land": [48, 52, 60],
        "line": [90, 96, 106],
        "text": [235, 238, 242],
        "halo": [14, 17, 23],
    },
}


@dataclass(frozen=True)
class MapOptions:
    """What the map shows: switched-on layers, arc colouring, and light or dark basemap."""

    layers: frozenset[str] = field(default_factory=lambda: DEFAULT_LAYERS)  # of REGISTRY
    arc_colour: str = "kind"  # "kind" or "theme"
    theme: str = "light"
    tile_style_url: str = ""  # optional online tiles (configured); empty = fully offline
    categories: tuple[str, ...] = field(default_factory=tuple)
    # True when the deck is drawn by ui.deck_map, which places names for the size and zoom it
    # shows: every candidate name is sent. False (static decks): decluttered here for `camera`.
    browser_labels: bool = False


@dataclass(frozen=True)
class LayerInputs:
    """What every layer builder may draw from (computed once per set of layers). Of the camera,
    only what layers read: a pan or a zoom that changes neither reuses the layers."""

    catalog: Catalog
    lang: str
    options: MapOptions
    flat_arcs: bool  # the camera is close up (FLAT_ARC_ZOOM): arcs lie flat
    label_zoom: float | None  # names decluttered for this zoom; None: placed in the browser
    outline_zoom: int | None  # region outlines simplified for this zoom (see `outline_zoom`)
    point_zoom: int | None  # institutions grouped for this zoom (map_data.grouped_sites)
    sites: pd.DataFrame  # map_data.institution_sites
    arcs: pd.DataFrame  # map_data.arc_pairs


VIEWS = {
    "world": MapView(35.0, 40.0, 1.1),
    "ile_de_france": MapView(48.72, 2.25, 8.6),
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


@memo.per_catalog(max_entries=8)
def data_bounds(catalog: Catalog) -> list[list[float]] | None:
    """[[west, south], [east, north]] around every drawn region (home and partners): what the
    world view frames. None when no region can be drawn. Once per view (the Map asks on every
    run without a camera): read it, never change it."""
    shapes = drawn_region_shapes(catalog)
    boxes = [shape.bounds for shape in shapes.geometry]
    points = region_points(catalog)
    points = points[~points["has_polygon"].astype(bool)]
    boxes += [(lon, lat, lon, lat) for lat, lon in zip(points["lat"], points["lon"], strict=True)]
    if not boxes:
        return None
    west, south, east, north = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    return [[round(west, 4), round(south, 4)], [round(east, 4), round(north, 4)]]


@memo.per_catalog(max_entries=8)
def map_source_ids(catalog: Catalog) -> list[str]:
    """Sources of what the map draws: regions, institutions' and campuses' positions, and the
    agreements and projects behind the arcs (once per view: read it, never change it)."""
    columns = (
        catalog.regions["source_id"],
        catalog.institutions["location_source_id"],
        catalog.campuses["location_source_id"],
        catalog.agreements["source_id"],
        catalog.projects["source_id"],
    )
    return list(dict.fromkeys(v for column in columns for v in column.dropna()))


def point_view(lat: float, lon: float, zoom: float = 11.0) -> MapView:
    """A close-up camera on one place (search results)."""
    return MapView(float(lat), float(lon), zoom)


def literal(text: str) -> str:
    """A string prop pydeck must pass as text: unquoted strings become JS expressions."""
    return "`" + text.replace("`", "") + "`"


def _records(frame: pd.DataFrame) -> list[dict]:
    """JSON-safe records (pandas NA becomes None) for deck layers."""
    return json.loads(frame.to_json(orient="records"))


def basemap_layers(basemap_url: str, theme: str = "light", tiles: bool = False) -> list[pdk.Layer]:
    """Ocean, land and land borders (fetched from this app's server): a world with no internet.

    Under online tiles the ocean is left out and land is half transparent: the tiles show, and
    if they fail to load the outlines still make the map readable.
    """
    colours = THEMES[theme]
    land = [*colours["land"], 110] if tiles else colours["land"]
    ocean = pdk.Layer(
        "PolygonLayer",
        data=[{"polygon": [[-180, -85], [180, -85], [180, 85], [-180, 85]]}],
        get_polygon="polygon",
        get_fill_color=colours["ocean"],
        stroked=False,
        id="ocean",
    )
    countries = pdk.Layer(
        "GeoJsonLayer",
        data=basemap_url,
        filled=True,
        stroked=False,  # the file's border lines are drawn instead: coasts need no outline
        get_fill_color=land,
        get_line_color=colours["line"],
        line_width_min_pixels=0.5,
        id="countries",
    )
    return [countries] if tiles else [ocean, countries]


def point_zoom(catalog: Catalog, lang: str, zoom: float) -> int | None:
    """The zoom institutions are grouped for: None (every point drawn) up to
    map_data.MAX_SITE_POINTS points; past them, the camera's whole zoom level."""
    many = len(institution_sites(catalog, lang)) > MAX_SITE_POINTS
    return math.floor(zoom) if many else None


def drawn_sites(catalog: Catalog, lang: str, zoom: int | None) -> pd.DataFrame:
    """The institution points the map draws: each one, or grouped for `zoom`."""
    if zoom is None:
        return institution_sites(catalog, lang).assign(grouped=False)
    return grouped_sites(catalog, lang, zoom)


def sites_grouped_text(catalog: Catalog, lang: str, zoom: float) -> str:
    """The page's note when institutions are grouped at this zoom; "" when each is drawn."""
    grouped_for = point_zoom(catalog, lang, zoom)
    if grouped_for is None:
        return ""
    shown = len(grouped_sites(catalog, lang, grouped_for))
    total = len(institution_sites(catalog, lang))
    return t("map.sites_grouped", lang, shown=shown, total=total)


def display_shapes(shapes, outline_zoom: int | None = None):
    """Outlines simplified in proportion to their size, so the deck JSON stays small; with an
    `outline_zoom`, also to half a screen pixel at that zoom (what can be seen of them)."""
    finest = 0.0 if outline_zoom is None else 360 / (512 * 2**outline_zoom) / 2
    return simplified_by_size(shapes, DETAIL_PER_REGION, finest).set_precision(1e-4)


def outline_zoom(region_count: int, zoom: float) -> int | None:
    """The zoom region outlines are simplified for: None (full detail) up to DETAILED_REGIONS
    regions; past them, the camera's whole zoom level, so the outlines sent follow what the
    screen can show (a pan keeps them, zooming in a level sends finer ones)."""
    return None if region_count <= DETAILED_REGIONS else math.floor(zoom)


def partner_fill(links: int, peak: int) -> list[int]:
    """Orange shade of a partner region: darker with more agreements and projects."""
    step = (
        0
        if peak <= 0
        else min(len(PARTNER_SCALE) - 1, round(links / peak * (len(PARTNER_SCALE) - 1)))
    )
    return [*PARTNER_SCALE[step], 120]


def region_layers(inputs: LayerInputs) -> list[pdk.Layer]:
    """Region polygons shaded by links, and points for regions without an exact polygon."""
    catalog, lang = inputs.catalog, inputs.lang
    regions = region_frame(catalog, lang).set_index("region_id")
    peak = int(regions.loc[regions["role"] == "partner", "links"].max() or 0) if len(regions) else 0
    shapes = drawn_region_shapes(catalog).copy()
    shapes["geometry"] = display_shapes(shapes.geometry, inputs.outline_zoom)
    shapes["fill"] = [
        HOME_FILL if regions.at[r, "role"] == "home" else partner_fill(regions.at[r, "links"], peak)
        for r in shapes["region_id"]
    ]
    shapes["tooltip"] = [regions.at[r, "tooltip"] for r in shapes["region_id"]]
    polygons = pdk.Layer(
        "GeoJsonLayer",
        data=json.loads(shapes[["region_id", "fill", "tooltip", "geometry"]].to_json(drop_id=True)),
        filled=True,
        stroked=True,
        get_fill_color="properties.fill",
        get_line_color=[90, 90, 90],
        line_width_min_pixels=1,
        pickable=True,
        auto_highlight=True,
        id="regions",
    )
    markers = regions[~regions["has_polygon"] & regions["lat"].notna()].reset_index()
    markers["fill"] = [partner_fill(links, peak) for links in markers["links"]]
    marker_layer = pdk.Layer(
        "ScatterplotLayer",
        data=_records(markers[["region_id", "lat", "lon", "fill", "tooltip"]]),
        get_position=["lon", "lat"],
        get_fill_color="fill",
        get_line_color=[90, 90, 90],
        stroked=True,
        line_width_min_pixels=1.5,
        radius_min_pixels=REGION_MARKER_PX,
        get_radius=25000,
        pickable=True,
        auto_highlight=True,
        id="region-markers",
    )
    return [polygons, marker_layer]


def institution_layer(inputs: LayerInputs) -> list[pdk.Layer]:
    """Institutions as points, area proportional to their latest student total. A point placed
    only to a commune (or a region) is hollow; several institutions at one point are one point
    with their count in it."""
    sites = inputs.sites
    data = sites.assign(
        radius=[site_radius(s, n) for s, n in zip(sites["students"], sites["count"], strict=True)],
        fill=[APPROXIMATE_FILL if a else INSTITUTION_COLOUR for a in sites["approximate"]],
        line=[INSTITUTION_COLOUR if a else [255, 255, 255] for a in sites["approximate"]],
        line_width=[2.5 if a else 1.0 for a in sites["approximate"]],
    )
    layer = pdk.Layer(
        "ScatterplotLayer",
        data=_records(
            data[["id", "lat", "lon", "radius", "fill", "line", "line_width", "tooltip"]]
        ),
        get_position=["lon", "lat"],
        get_radius="radius",
        radius_units=literal("pixels"),
        get_fill_color="fill",
        get_line_color="line",
        get_line_width="line_width",
        line_width_units=literal("pixels"),
        stroked=True,
        pickable=True,
        auto_highlight=True,
        id="institutions",
    )
    clusters = data[data["count"] > 1]
    counts = pdk.Layer(
        "TextLayer",
        data=_records(
            clusters.assign(
                text=clusters["count"].astype(str),
                colour=[
                    INSTITUTION_COLOUR if a else [255, 255, 255] for a in clusters["approximate"]
                ],
            )[["lat", "lon", "text", "colour"]]
        ),
        get_position=["lon", "lat"],
        get_text="text",
        get_size=12,
        get_color="colour",
        font_weight=literal("bold"),
        font_family=literal("Source Sans Pro, sans-serif"),
        character_set=literal("0123456789"),
        parameters={"depthCompare": "always"},
        id="institution-counts",
    )
    return [layer, counts] if len(clusters) else [layer]


def site_radius(students, count: int = 1) -> float:
    """Pixels of an institution point: by students, and wide enough to hold a cluster's count."""
    radius = _student_radius(students)
    return max(radius, CLUSTER_RADIUS) if count > 1 else radius


def _student_radius(students) -> float:
    """Pixels: 3 without a sourced headcount, then area ∝ students (60,000 → 12 px)."""
    if students is None or pd.isna(students):
        return 3.0
    return 3.0 + 9.0 * math.sqrt(float(students) / 60000)


def column_layer(inputs: LayerInputs) -> list[pdk.Layer]:
    """3-D columns of student counts at each institution site with a sourced headcount."""
    data = inputs.sites.dropna(subset=["students"])
    layer = pdk.Layer(
        "ColumnLayer",
        data=_records(data[["id", "lat", "lon", "students", "tooltip"]]),
        get_position=["lon", "lat"],
        get_elevation="students",
        elevation_scale=2,
        radius=1500,
        get_fill_color=[31, 78, 121, 200],
        extruded=True,
        pickable=True,
        id="columns",
    )
    return [layer]


def campus_layer(inputs: LayerInputs) -> list[pdk.Layer]:
    """Campuses with a sourced coordinate (no campus-level headcount is sourced: equal size)."""
    catalog, lang = inputs.catalog, inputs.lang
    campuses = catalog.campuses.dropna(subset=["lat", "lon"]).copy()
    institutions = catalog.institutions.set_index("id")
    campuses["tooltip"] = [
        "\n".join(
            str(v)
            for v in (
                localized_label(row, "name", lang),
                localized_label(institutions.loc[row["institution_id"]], "name", lang),
                row["city"],
                t("map.campus", lang),
            )
            if pd.notna(v)
        )
        for _, row in campuses.iterrows()
    ]
    layer = pdk.Layer(
        "ScatterplotLayer",
        data=_records(campuses[["id", "name_en", "lat", "lon", "tooltip"]]),
        get_position=["lon", "lat"],
        get_fill_color=CAMPUS_COLOUR,
        get_radius=400,
        radius_min_pixels=3,
        radius_max_pixels=9,
        pickable=True,
        auto_highlight=True,
        id="campuses",
    )
    return [layer]


def category_colours(categories) -> dict[str, list[int]]:
    """A stable colour per arc category (sorted), 'none' always grey."""
    named = sorted(c for c in set(categories) if c != "none")
    colours = {c: PALETTE[i % (len(PALETTE) - 1)] for i, c in enumerate(named)}
    colours["none"] = PALETTE[-1]
    return colours


def drawn_arcs(arcs: pd.DataFrame, max_arcs: int = MAX_ARCS) -> pd.DataFrame:
    """The `max_arcs` arcs with the most links (ties in pair order), or every arc."""
    if len(arcs) <= max_arcs:
        return arcs
    return arcs.sort_values("links", ascending=False, kind="stable").head(max_arcs).sort_index()


def arcs_cut_text(arcs: pd.DataFrame, lang: str, max_arcs: int = MAX_ARCS) -> str | None:
    """What the map leaves out of `arcs` (map_data.arc_pairs), or None when it draws them all."""
    if len(arcs) <= max_arcs:
        return None
    return t("map.arcs_cut", lang, shown=max_arcs, total=len(arcs))


def arc_layer(inputs: LayerInputs) -> list[pdk.Layer]:
    """Great-circle arcs between linked institutions (the most linked MAX_ARCS pairs); width
    grows with the number of links."""
    arcs = drawn_arcs(inputs.arcs, MAX_ARCS)
    colours = category_colours(arcs["category"])
    data = arcs.assign(
        colour=[colours[c] for c in arcs["category"]],
        width=[1.5 + min(n, 6) for n in arcs["links"]],
    )
    columns = ["institution_a", "institution_b", "pairs", "links", "category", "colour", "width"]
    columns += ["lat_a", "lon_a", "lat_b", "lon_b", "tooltip"]
    flat = inputs.flat_arcs
    layer = pdk.Layer(
        "ArcLayer",
        data=_records(data[columns]) if len(data) else [],
        get_source_position=["lon_a", "lat_a"],
        get_target_position=["lon_b", "lat_b"],
        get_source_color="colour",
        get_target_color="colour",
        get_width="width",
        width_units=literal("pixels"),
        get_height=0 if flat else 1,
        great_circle=True,
        pickable=True,
        auto_highlight=True,
        id="arcs",
    )
    return [layer]


def declutter(labels: pd.DataFrame, zoom: float) -> pd.DataFrame:
    """Labels that don't overlap on screen at `zoom`, higher priority first.

    Resolved here for the camera's zoom, which follows the user's own zoom on the Map page
    (ui.deck_map reports it). deck.gl's CollisionFilterExtension (not in Streamlit's deck.gl,
    but in ui/deck_map's bundle) was tried instead: in Chromium it hid every label drawn with a
    pixel offset and filtered none of the others, so names are still placed here.
    """
    scale = 512 * 2**zoom / 360  # Web Mercator pixels per degree of longitude at this zoom
    kept, boxes = [], []
    for row in labels.sort_values("priority", ascending=False).itertuples():
        x = row.lon * scale
        y = math.degrees(math.log(math.tan(math.radians(45 + row.lat / 2)))) * scale
        half_w, half_h = len(row.text) * row.size * 0.3 + 4, row.size * 0.7 + 2
        box = (x - half_w, y - half_h, x + half_w, y + half_h)
        if all(box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in boxes):
            kept.append(row.Index)
            boxes.append(box)
    return labels.loc[kept]


def label_rows(inputs: LayerInputs) -> pd.DataFrame:
    """Every name the map may show: text, position, priority (higher first), font size, whether
    it is always shown (regions) and its distance in px from its point (0: centred on it)."""
    catalog, lang = inputs.catalog, inputs.lang
    regions = region_frame(catalog, lang)
    shapes = catalog.region_shapes.set_index("region_id")["geometry"]
    rows = []
    # Region names come first, the home region then the most linked: where hundreds of regions
    # are on screen, ui.deck_map keeps those that fit in this order.
    top = int(regions["links"].max()) + 1 if len(regions) else 0
    for region in regions.itertuples():
        priority = REGION_PRIORITY + (top if region.role == "home" else region.links)
        shape = shapes.get(region.region_id)
        if shape is not None and not shape.is_empty:
            point = label_points(gpd.GeoSeries([shape], crs="EPSG:4326")).iloc[0]
            rows.append((region.name, point.y, point.x, priority, 15, True, 0))
        elif pd.notna(region.lat):
            gap = REGION_MARKER_PX + 3
            rows.append((region.name, region.lat, region.lon, priority, 15, True, gap))
    for site in inputs.sites.itertuples():
        if site.grouped:  # a group shows its count, not one of its names
            continue
        has_count = site.students is not None and not pd.isna(site.students)
        # Without browser placement only institutions with a headcount are named (as before).
        if has_count or inputs.options.browser_labels:
            priority = min(999, int(site.students) // 100) if has_count else 1
            gap = round(site_radius(site.students, site.count)) + 3
            rows.append((site.name, site.lat, site.lon, priority, 12, False, gap))
    for campus in catalog.campuses.dropna(subset=["lat", "lon"]).itertuples():
        name = localized_label(pd.Series(campus._asdict()), "name", lang)
        rows.append((name, campus.lat, campus.lon, 0, 11, False, 8))
    columns = ["text", "lat", "lon", "priority", "size", "always", "gap"]
    return pd.DataFrame(rows, columns=columns)


def label_layer(inputs: LayerInputs) -> list[pdk.Layer]:
    """Region and institution names: all of them for ui.deck_map, which places them for what
    it shows (MapOptions.browser_labels), else decluttered here for the camera's zoom."""
    labels = label_rows(inputs)
    if inputs.label_zoom is not None:
        labels = declutter(labels, inputs.label_zoom)
    colours = THEMES[inputs.options.theme]
    text_layer = pdk.Layer(
        "TextLayer",
        data=_records(labels),
        get_position=["lon", "lat"],
        get_text="text",
        get_size="size",
        get_color=colours["text"],
        # A soft box behind each name keeps it legible over fills, arcs and points.
        background=True,
        get_background_color=[*colours["halo"], 200],
        background_padding=[4, 2],
        font_family=literal("Noto Sans CJK SC, Noto Sans SC, Source Sans Pro, sans-serif"),
        # Every glyph the labels use (Chinese included): deck.gl builds its font atlas from it.
        character_set=literal("".join(sorted(set("".join(labels["text"])) | set(" ()-·")))),
        get_pixel_offset=[0, -14],
        # Drawn over arcs and columns whatever their height (no depth test).
        parameters={"depthCompare": "always", "depthWriteEnabled": False},
        id="labels",
    )
    return [text_layer]


@dataclass(frozen=True)
class Swatch:
    """One legend entry: a colour and the translation key of its label."""

    colour: list[int]
    label_key: str
    round_: bool = False  # a point (round) rather than an area
    hollow: bool = False  # a ring: a point placed only approximately


Pick = Callable[[dict], tuple[str, str] | None]  # a clicked object's fields -> (kind, id)


def _pick_region(fields: dict) -> tuple[str, str] | None:
    region_id = fields.get("region_id")
    return ("region", region_id) if isinstance(region_id, str) and region_id else None


def _pick_id(kind: str) -> Pick:
    def pick(fields: dict) -> tuple[str, str] | None:
        item_id = fields.get("id")
        return (kind, item_id) if isinstance(item_id, str) and item_id else None

    return pick


def _pick_pairs(fields: dict) -> tuple[str, str] | None:
    pairs = fields.get("pairs")
    if not isinstance(pairs, list) or not pairs or not all(isinstance(p, str) for p in pairs):
        return None
    return "pairs", ",".join(pairs)


@dataclass(frozen=True)
class MapLayer:
    """One switchable map layer, all in one place: its toggle name (label key
    `map.layer.<name>`), builder, legend entries and, per deck layer id it draws, how a
    click on it names the selected item."""

    name: str
    build: Callable[[LayerInputs], list[pdk.Layer]]
    legend: tuple[Swatch, ...] = ()
    picks: dict[str, Pick] = field(default_factory=dict)
    default: bool = True


# Draw order, bottom to top. A new layer is one entry here (plus its label key).
REGISTRY = (
    MapLayer(
        "regions",
        region_layers,
        legend=(
            Swatch(HOME_FILL, "map.role.home"),
            Swatch(PARTNER_SCALE[0], "legend.partner_few"),
            Swatch(PARTNER_SCALE[-1], "legend.partner_many"),
        ),
        picks={"regions": _pick_region, "region-markers": _pick_region},
    ),
    MapLayer("arcs", arc_layer, picks={"arcs": _pick_pairs}),  # legend: arc categories
    MapLayer("columns", column_layer, picks={"columns": _pick_id("institution")}, default=False),
    MapLayer(
        "institutions",
        institution_layer,
        legend=(
            Swatch(INSTITUTION_COLOUR, "legend.institution", round_=True),
            Swatch(INSTITUTION_COLOUR, "legend.institution_commune", round_=True, hollow=True),
        ),
        picks={"institutions": _pick_id("institution")},
    ),
    MapLayer(
        "campuses",
        campus_layer,
        legend=(Swatch(CAMPUS_COLOUR, "legend.campus", round_=True),),
        picks={"campuses": _pick_id("campus")},
    ),
    MapLayer("labels", label_layer),
)
LAYERS = tuple(layer.name for layer in REGISTRY)
DEFAULT_LAYERS = frozenset(layer.name for layer in REGISTRY if layer.default)
PICKS: dict[str, Pick] = {
    deck_id: pick for layer in REGISTRY for deck_id, pick in layer.picks.items()
}


@memo.per_catalog(max_entries=8)  # a pan or zoom on the Map page changes only the camera
def deck_layers(
    catalog: Catalog,
    lang: str,
    basemap_url: str,
    options: MapOptions,
    flat_arcs: bool,
    label_zoom: float | None,
    outline_zoom: int | None = None,
    point_zoom: int | None = None,
) -> list[pdk.Layer]:
    """The basemap, then every switched-on layer of REGISTRY (see LayerInputs)."""
    inputs = LayerInputs(
        catalog,
        lang,
        options,
        flat_arcs,
        label_zoom,
        outline_zoom,
        point_zoom,
        sites=drawn_sites(catalog, lang, point_zoom),
        arcs=arc_pairs(catalog, lang, options.arc_colour),
    )
    layers = basemap_layers(basemap_url, options.theme, tiles=bool(options.tile_style_url))
    for layer in REGISTRY:
        if layer.name in options.layers:
            layers += layer.build(inputs)
    return layers


@memo.per_catalog(max_entries=16)  # reruns without a camera/option change reuse the deck
def partnership_deck(
    catalog: Catalog,
    lang: str,
    basemap_url: str,
    view: str | MapView = "world",
    options: MapOptions | None = None,
) -> pdk.Deck:
    """The partnership map: basemap, then every switched-on layer of REGISTRY.

    `view` is a preset name of VIEWS or a MapView (e.g. from `region_view`).
    """
    options = options or MapOptions()
    camera = VIEWS[view] if isinstance(view, str) else view
    if "columns" in options.layers and camera.pitch == 0:
        camera = MapView(camera.latitude, camera.longitude, camera.zoom, pitch=45.0)
    flat_arcs = camera.zoom >= FLAT_ARC_ZOOM
    label_zoom = None if options.browser_labels else camera.zoom
    outlines = outline_zoom(len(catalog.regions), camera.zoom)
    points = point_zoom(catalog, lang, camera.zoom)
    return pdk.Deck(
        layers=deck_layers(
            catalog, lang, basemap_url, options, flat_arcs, label_zoom, outlines, points
        ),
        initial_view_state=pdk.ViewState(
            latitude=camera.latitude,
            longitude=camera.longitude,
            zoom=camera.zoom,
            pitch=camera.pitch,
        ),
        tooltip={"text": "{tooltip}"},
        **basemap_style(options.tile_style_url),
    )


def basemap_style(tile_style_url: str) -> dict:
    """Deck keywords for the basemap: none by default, the configured tiles' style otherwise.

    No provider plus pydeck's default style sentinel makes Streamlit draw no tiles at all
    (map_style=None would make it fall back to CARTO's online style, which now needs a key).
    """
    if tile_style_url:
        return {"map_provider": "carto", "map_style": tile_style_url}
    return {"map_provider": None}
