"""The briefing's map: the partner map zoomed on one region, as a PNG drawn by Kaleido in the
configured Chromium (the only part of the briefing that runs a browser)."""

from __future__ import annotations

import logging

import kaleido
import pandas as pd
import plotly.graph_objects as go

from regiondash import settings
from regiondash.briefing.content import partnership
from regiondash.charts import partner_map_figure
from regiondash.data import Catalog
from regiondash.i18n import localized, t
from regiondash.places import region_points
from regiondash.text import plain

LOGGER = logging.getLogger(__name__)

MAP_SIZE_PX = (1100, 720)
MAP_SCALE = 2  # sharp when printed at the page's text width
MAP_FONT_PX = 17
MAP_TIMEOUT_S = 60
MAP_PAD = 0.25  # share of the region's extent left around it
MAP_MIN_SPAN_DEG = 3.0  # city regions still show their surroundings
MAP_MARKER_SPAN_DEG = 10.0  # a region drawn only at its capital is shown with its country
MARKER_COLOURS = {"institution": "#1f4e79", "campus": "#c8283c"}


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


def _place_trace(frame: pd.DataFrame, kind: str, label: str) -> go.Scatter:
    """Sourced positions of one kind as markers with a legend entry (no labels to overlap)."""
    return go.Scatter(
        x=frame["lon"].astype(float),
        y=frame["lat"].astype(float),
        mode="markers",
        marker={"size": 9, "color": MARKER_COLOURS[kind], "line": {"color": "white", "width": 1}},
        name=plain(label),
        hoverinfo="skip",
        showlegend=True,
    )


def _name_region(fig: go.Figure, catalog: Catalog, region: pd.Series, lang: str) -> None:
    """Label the region at its anchor: a capital marker alone is easy to miss."""
    points = region_points(catalog).set_index("region_id")
    if region["id"] not in points.index:
        return
    anchor = points.loc[region["id"]]
    fig.add_annotation(
        x=float(anchor["lon"]),
        y=float(anchor["lat"]),
        text=plain(localized(region, "name", lang)[0]),
        showarrow=True,
        arrowhead=0,
        ax=0,
        ay=-40,
        bgcolor="rgba(255,255,255,0.85)",
        font={"size": MAP_FONT_PX + 3},
    )


def region_map_figure(catalog: Catalog, region_id: str, lang: str) -> go.Figure:
    """The partner map zoomed on one region, with its institutions and campuses marked."""
    fig = partner_map_figure(catalog, lang)
    window = _map_window(catalog, region_id)
    if window is not None:
        fig.update_layout(xaxis={"range": window[0]}, yaxis={"range": window[1]})
    p = partnership(catalog, region_id)
    _name_region(fig, catalog, p.region, lang)
    institutions = p.institutions.dropna(subset=["lat", "lon"])
    campuses = p.campuses.dropna(subset=["lat", "lon"])
    if len(campuses):
        fig.add_trace(_place_trace(campuses, "campus", t("metric.campuses", lang)))
    if len(institutions):
        fig.add_trace(_place_trace(institutions, "institution", t("metric.institutions", lang)))
    fig.update_layout(
        # Same face as the PDF text, sized for an image printed 18 cm wide.
        font={"family": "Noto Sans CJK SC, sans-serif", "size": MAP_FONT_PX},
        legend={"x": 0.01, "y": 0.99, "bgcolor": "rgba(255,255,255,0.85)"},
    )
    return fig


def map_png(catalog: Catalog, region_id: str, lang: str) -> bytes | None:
    """PNG of the region's map, drawn by Kaleido in the configured Chromium; None on failure.

    Kaleido 1.x drives Chromium through choreographer, which, given no `path`, tries a Chrome
    it downloaded itself, then $BROWSER_PATH, then chrome/chromium names on PATH, then usual
    install paths. Passing `path` pins the configured Chromium (REGIONDASH_CHROMIUM) whatever
    the environment, and `mathjax=False` keeps the page from asking a CDN for MathJax: nothing
    is fetched, plotly.js is read from the installed plotly package.
    """
    fig = region_map_figure(catalog, region_id, lang)
    width, height = MAP_SIZE_PX
    try:
        return kaleido.calc_fig_sync(
            fig,
            opts={"format": "png", "width": width, "height": height, "scale": MAP_SCALE},
            kopts={"path": settings.get("chromium"), "mathjax": False, "timeout": MAP_TIMEOUT_S},
        )
    except Exception:  # any browser failure: the briefing is still useful without its map
        LOGGER.warning("map export failed; the briefing carries a note instead", exc_info=True)
        return None
