"""Geography helpers: distances, areas, label positions and region look-ups (WGS84 in, km out)."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

WGS84 = "EPSG:4326"
EQUAL_AREA = "EPSG:6933"  # World Cylindrical Equal Area, for areas in km²


def distance_to_shape_km(lat: float, lon: float, shape: BaseGeometry) -> float:
    """Shortest distance in km from a point to a shape (0 when inside)."""
    local = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m"
    projected = gpd.GeoSeries([shape, Point(lon, lat)], crs=WGS84).to_crs(local)
    return float(projected.iloc[0].distance(projected.iloc[1]) / 1000)


def areas_km2(shapes: gpd.GeoSeries) -> pd.Series:
    """Area of each shape in km², measured in an equal-area projection."""
    return shapes.to_crs(EQUAL_AREA).area / 1e6


KM_PER_DEGREE = 111.0


def simplified_by_size(shapes: gpd.GeoSeries, detail: float, finest: float = 0.0):
    """Each outline simplified in proportion to its size (its equal-area square's side over
    `detail`, never finer than `finest` degrees): every region keeps a similar number of
    points whatever its size (Québec alone has 5,000)."""
    sizes = areas_km2(shapes) ** 0.5 / KM_PER_DEGREE  # side of an equal square, in degrees
    return gpd.GeoSeries(
        [
            shape.simplify(max(finest, size / detail))
            for shape, size in zip(shapes, sizes, strict=True)
        ],
        index=shapes.index,
        crs=shapes.crs,
    )


def rings(shapes):
    """Every ring (exterior, then holes) of every polygon of `shapes`."""
    for shape in shapes:
        for polygon in getattr(shape, "geoms", [shape]):
            yield from (polygon.exterior, *polygon.interiors)


def svg_path(shapes, decimals: int = 2) -> str:
    """SVG path data of `shapes` in lon/lat units, y pointing up (SVG y = -lat): one closed
    subpath a ring, for a drawing whose viewBox is "-180 -90 360 180"."""
    return "".join(
        "M" + "L".join(f"{x:.{decimals}f} {-y:.{decimals}f}" for x, y, *_ in ring.coords) + "Z"
        for ring in rings(shapes)
        if not ring.is_empty
    )


def label_points(shapes: gpd.GeoSeries) -> gpd.GeoSeries:
    """A point inside each shape, good for a label (unlike a centroid, never outside)."""
    return shapes.representative_point()


def centroids(shapes: gpd.GeoSeries) -> gpd.GeoSeries:
    """Centroid of each shape, computed in an equal-area projection then back to WGS84."""
    return shapes.to_crs(EQUAL_AREA).centroid.to_crs(WGS84)


def region_anchor(region_id: str, region_shapes: gpd.GeoDataFrame, regions: pd.DataFrame):
    """(lat, lon) where a region is drawn: its label point, else its sourced capital, else None."""
    shape = region_shapes.loc[region_shapes["region_id"] == region_id, "geometry"]
    if len(shape) and shape.iloc[0] is not None and not shape.iloc[0].is_empty:
        point = label_points(gpd.GeoSeries([shape.iloc[0]], crs=WGS84)).iloc[0]
        return point.y, point.x
    row = regions.loc[regions["id"] == region_id]
    if len(row) and pd.notna(row["capital_lat"].iloc[0]) and pd.notna(row["capital_lon"].iloc[0]):
        return float(row["capital_lat"].iloc[0]), float(row["capital_lon"].iloc[0])
    return None


def shared_borders(features: list[dict]) -> list[list[list[float]]]:
    """The land borders of a coverage of GeoJSON polygon features, as lines.

    An edge two countries share is a border; an edge only one country has is a coast. Drawing
    only the borders as lines (the coast shows where land meets ocean) is a sixth of the
    outline's segments: software WebGL spends seconds a frame on every outline segment.
    """
    counts: Counter = Counter()
    for feature in features:
        for polygon in _polygons(feature.get("geometry") or {}):
            for ring in polygon:
                for start, end in pairwise(ring):
                    start, end = tuple(start[:2]), tuple(end[:2])
                    counts[min(start, end), max(start, end)] += 1  # merging drops 0-length
    shared = [[list(start), list(end)] for (start, end), n in counts.items() if n > 1]
    merged = shapely.line_merge(shapely.MultiLineString(shared))
    lines = merged.geoms if hasattr(merged, "geoms") else [merged]
    return [[list(point) for point in line.coords] for line in lines]


def _polygons(geometry: dict) -> list:
    """The polygons (lists of rings) of a GeoJSON Polygon or MultiPolygon; none otherwise."""
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return geometry["coordinates"]
    return []
