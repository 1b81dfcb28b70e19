"""The briefing's map: the partner map zoomed on one region, as a PNG drawn by Kaleido in the
configured Chromium (the only part of the briefing that runs a browser)."""

from __future__ import annotations

import logging

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from regiondash import settings
from regiondash.briefing.content import partnership
from regiondash.briefing.renderer import RENDERER
from regiondash.charts import _outline_xy, world_trace
from regiondash.data import Catalog
from regiondash.i18n import audience_name, t
from regiondash.links import partner_link_table
from regiondash.places import drawn_region_shapes, institution_points, region_points
from regiondash.text import plain

LOGGER = logging.getLogger(__name__)

MAP_SIZE_PX = (1200, 440)
MAP_SCALE = 2  # sharp when printed at the page's text width
MAP_FONT_PX = 20
MAP_TIMEOUT_S = 60
MAP_PAD = 0.25  # share of the region's extent left around it
MAP_MIN_SPAN_DEG = 3.0  # city regions still show their surroundings
MAP_MARKER_SPAN_DEG = 10.0  # a region drawn only at its capital is shown with its country
LAND, SEA = "#f3f1ec", "#e1ecf4"
HOME_COLOUR, HOME_FILL = "#1f4e79", "rgba(31, 78, 121, 0.55)"
LINK_COLOUR, PARTNER_COLOUR = "#c05a12", "rgba(214, 124, 38, 0.45)"
PANEL_ASPECT = 1.45  # width / height of each panel in lon/lat degrees (MAP_SIZE_PX halves)


def _map_window(catalog: Catalog, region_id: str) -> tuple[list[float], list[float]] | None:
    """Lon and lat ranges framing the region's polygon, or its capital marker."""
    shapes = catalog.region_shapes
    shape = shapes.loc[shapes["region_id"] == region_id, "geometry"]
    if len(shape) and shape.iloc[0] is not None and not shape.iloc[0].is_empty:
        west, south, east, north = shape.iloc[0].bounds
        min_span = MAP_MIN_SPAN_DEG
    else:
        points = region_points(catalog).set_index("region_id")
        if region_id not in points.index:
            return None
        west = east = float(points.loc[region_id, "lon"])
        south = north = float(points.loc[region_id, "lat"])
        min_span = MAP_MARKER_SPAN_DEG
    lon_pad = max((east - west) * MAP_PAD, (min_span - (east - west)) / 2)
    lat_pad = max((north - south) * MAP_PAD, (min_span - (north - south)) / 2)
    return [west - lon_pad, east + lon_pad], [south - lat_pad, north + lat_pad]


def _outlines(fig: go.Figure, catalog: Catalog, col: int) -> None:
    """Country outlines as the basemap of one panel (drawn from data/geo, no tiles)."""
    fig.add_trace(world_trace(catalog.countries, fill=LAND, width=0.6), row=1, col=col)


def _region_fill(fig: go.Figure, catalog: Catalog, region_id: str, colour: str, col: int) -> None:
    """A region's polygon, filled (marker-only regions have none: their anchor is marked)."""
    shapes = drawn_region_shapes(catalog)
    shape = shapes.loc[shapes["region_id"] == region_id, "geometry"]
    if not len(shape):
        return
    lons, lats = _outline_xy([shape.iloc[0].simplify(0.01)])
    fig.add_trace(
        go.Scatter(
            x=lons,
            y=lats,
            mode="lines",
            fill="toself",
            fillcolor=colour,
            line={"color": "#555555", "width": 0.8},
            hoverinfo="skip",
            showlegend=False,
        ),
        row=1,
        col=col,
    )


def _arc(start: tuple[float, float], end: tuple[float, float], bend: float = 0.18):
    """Lon and lat of a curved line between two (lon, lat) points (a quadratic Bézier)."""
    (x0, y0), (x1, y1) = start, end
    cx, cy = (x0 + x1) / 2 - (y1 - y0) * bend, (y0 + y1) / 2 + (x1 - x0) * bend
    steps = [i / 40 for i in range(41)]
    xs = [(1 - s) ** 2 * x0 + 2 * (1 - s) * s * cx + s**2 * x1 for s in steps]
    ys = [(1 - s) ** 2 * y0 + 2 * (1 - s) * s * cy + s**2 * y1 for s in steps]
    return xs, ys


def _frame(
    points: list[tuple[float, float]], pad: float, aspect: float, minimum: float = 4.0
) -> tuple[list, list]:
    """Lon and lat ranges around points, padded, at least `minimum` degrees, widened to the
    panel's aspect (width / height)."""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    width = max(east - west, minimum) * (1 + 2 * pad)
    height = max(north - south, minimum) * (1 + 2 * pad)
    width, height = max(width, height * aspect), max(height, width / aspect)
    mid_x, mid_y = (west + east) / 2, (south + north) / 2
    return [mid_x - width / 2, mid_x + width / 2], [mid_y - height / 2, mid_y + height / 2]


def _label(fig, x, y, text, col, size=MAP_FONT_PX, ay=-34, bold=False) -> None:
    fig.add_annotation(
        x=x,
        y=y,
        text=f"<b>{plain(text)}</b>" if bold else plain(text),
        showarrow=True,
        arrowhead=0,
        arrowcolor="#555555",
        ax=0,
        ay=ay,
        bgcolor="rgba(255,255,255,0.9)",
        font={"size": size},
        row=1,
        col=col,
    )


def _links_panel(fig: go.Figure, catalog: Catalog, p, lang: str) -> None:
    """Left panel: the two regions and one line between them, as thick as their links, with
    the number of agreements and projects written on it."""
    anchors = region_points(catalog).set_index("region_id")
    region_id, home_id = p.region["id"], p.home.get("id")
    _outlines(fig, catalog, 1)
    _region_fill(fig, catalog, region_id, PARTNER_COLOUR, 1)
    if home_id is not None:
        _region_fill(fig, catalog, home_id, HOME_FILL, 1)
    if region_id not in anchors.index or home_id not in anchors.index:
        return
    here = (float(anchors.at[region_id, "lon"]), float(anchors.at[region_id, "lat"]))
    home = (float(anchors.at[home_id, "lon"]), float(anchors.at[home_id, "lat"]))
    counts = partner_link_table(catalog)
    links = counts.loc[region_id] if region_id in counts.index else None
    total = 0 if links is None else int(links["links"])
    xs, ys = _arc(home, here)
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": LINK_COLOUR, "width": 2 + min(total, 20) * 0.6},
            hoverinfo="skip",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
    for point, colour in ((home, HOME_COLOUR), (here, LINK_COLOUR)):
        fig.add_trace(
            go.Scatter(
                x=[point[0]],
                y=[point[1]],
                mode="markers",
                marker={"size": 12, "color": colour, "line": {"color": "white", "width": 2}},
                hoverinfo="skip",
                showlegend=False,
            ),
            row=1,
            col=1,
        )
    _label(fig, *home, audience_name(p.home, "name", lang), 1, bold=True)
    _label(fig, *here, audience_name(p.region, "name", lang), 1, bold=True)
    if links is not None:
        middle = len(xs) // 2
        text = t(
            "briefing.map.link_count",
            lang,
            agreements=int(links["agreements"]),
            projects=int(links["projects"]),
        )
        _label(fig, xs[middle], ys[middle], text, 1, size=MAP_FONT_PX - 1, ay=40)
    x_range, y_range = _frame([home, here], 0.15, PANEL_ASPECT)
    fig.update_xaxes(range=x_range, row=1, col=1)
    fig.update_yaxes(range=y_range, row=1, col=1)


def _close_up_panel(fig: go.Figure, catalog: Catalog, p, lang: str) -> None:
    """Right panel: the partner region with each institution that has a position, labelled
    with its name and how many agreements and projects link it to the home region."""
    region_id = p.region["id"]
    _outlines(fig, catalog, 2)
    _region_fill(fig, catalog, region_id, PARTNER_COLOUR, 2)
    points = institution_points(catalog).set_index("institution_id")
    institutions = p.institutions.set_index("id")
    placed = [i for i in institutions.index if i in points.index]
    per_institution = _links_per_institution(catalog, p)
    for index, institution_id in enumerate(
        sorted(placed, key=lambda i: -per_institution.get(i, 0))
    ):
        lon, lat = float(points.at[institution_id, "lon"]), float(points.at[institution_id, "lat"])
        count = int(per_institution.get(institution_id, 0))
        fig.add_trace(
            go.Scatter(
                x=[lon],
                y=[lat],
                mode="markers",
                marker={
                    "size": 10 + min(count, 10) * 2,
                    "color": LINK_COLOUR,
                    "line": {"color": "white", "width": 1.5},
                },
                hoverinfo="skip",
                showlegend=False,
            ),
            row=1,
            col=2,
        )
        name = audience_name(institutions.loc[institution_id], "name", lang) or str(institution_id)
        text = f"{name} · {count}" if count else name
        _label(fig, lon, lat, text, 2, size=MAP_FONT_PX - 2, ay=-30 - 26 * (index % 3))
    window = _map_window(catalog, region_id)
    if window is not None:
        x_range, y_range = _frame(
            [(window[0][0], window[1][0]), (window[0][1], window[1][1])], 0.0, PANEL_ASPECT, 1.0
        )
        fig.update_xaxes(range=x_range, row=1, col=2)
        fig.update_yaxes(range=y_range, row=1, col=2)
    if not placed:
        _name_region(fig, catalog, p.region, lang)


def _name_region(fig: go.Figure, catalog: Catalog, region, lang: str) -> None:
    """Label the region at its anchor (close-up panel) when no institution is placed in it."""
    points = region_points(catalog).set_index("region_id")
    if region["id"] not in points.index:
        return
    anchor = points.loc[region["id"]]
    lon, lat = float(anchor["lon"]), float(anchor["lat"])
    _label(fig, lon, lat, audience_name(region, "name", lang), 2, size=MAP_FONT_PX + 2, bold=True)


def _links_per_institution(catalog: Catalog, p) -> dict[str, int]:
    """Per institution of the partner region: agreements and projects shared with home
    institutions (distinct records)."""
    from regiondash.compare import cross_links

    if p.home.get("id") is None:
        return {}
    links = cross_links(catalog, p.home["id"], p.region["id"])
    return links.groupby("partner_institution")["via_id"].nunique().to_dict()


def region_map_figure(catalog: Catalog, region_id: str, lang: str) -> go.Figure:
    """Two panels: the line between the home region and this one, as thick as the
    agreements and projects linking them; and the region close up with its institutions."""
    p = partnership(catalog, region_id)
    home = audience_name(p.home, "name", lang) if len(p.home) else ""
    region = audience_name(p.region, "name", lang)
    fig = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.5, 0.5],
        horizontal_spacing=0.03,
        subplot_titles=[
            t("briefing.map.links_title", lang, home=home, region=region),
            t("briefing.map.close_up", lang, region=region),
        ],
    )
    _links_panel(fig, catalog, p, lang)
    _close_up_panel(fig, catalog, p, lang)
    for col in (1, 2):
        fig.update_xaxes(visible=False, row=1, col=col)
        fig.update_yaxes(
            visible=False, scaleanchor="x" if col == 1 else "x2", scaleratio=1, row=1, col=col
        )
    fig.update_layout(
        # Same face as the PDF text, sized for an image printed 18 cm wide.
        font={"family": "Noto Sans CJK SC, sans-serif", "size": MAP_FONT_PX},
        plot_bgcolor=SEA,
        margin={"l": 4, "r": 4, "t": 44, "b": 4},
        showlegend=False,
    )
    for annotation in fig.layout.annotations[:2]:  # the panel titles
        annotation.font = {"size": MAP_FONT_PX + 1, "color": "#1f4e79"}
    return fig


def map_png(catalog: Catalog, region_id: str, lang: str) -> bytes | None:
    """PNG of the region's map, drawn by Kaleido in the configured Chromium; None on failure.

    Kaleido 1.x drives Chromium through choreographer, which, given no `path`, tries a Chrome
    it downloaded itself, then $BROWSER_PATH, then chrome/chromium names on PATH, then usual
    install paths. Passing `path` pins the configured Chromium (REGIONDASH_CHROMIUM) whatever
    the environment. Nothing is fetched: plotly.js is read from the installed plotly package.
    The browser stays open for the next briefing (briefing.renderer).
    """
    fig = region_map_figure(catalog, region_id, lang)
    width, height = MAP_SIZE_PX
    opts = {"format": "png", "width": width, "height": height, "scale": MAP_SCALE}
    try:
        return RENDERER.png(fig, opts, settings.get("chromium"), MAP_TIMEOUT_S)
    except Exception:  # any browser failure: the briefing is still useful without its map
        LOGGER.warning("map export failed; the briefing carries a note instead", exc_info=True)
        return None
