"""Geography helpers and completeness figures, on small shapes and the shipped data."""

from __future__ import annotations

from dataclasses import replace

import geopandas as gpd
import pandas as pd
import pytest
from conftest import DATA_DIR
from shapely.geometry import box

from regiondash.completeness import map_coverage, overview_coverage
from regiondash.data import load_catalog
from regiondash.geo import (
    areas_km2,
    centroids,
    distance_to_shape_km,
    label_points,
    shared_borders,
)
from regiondash.places import institution_points

ONE_DEGREE_AT_EQUATOR = gpd.GeoSeries([box(0, 0, 1, 1)], crs="EPSG:4326")


def test_area_of_a_one_degree_square_at_the_equator():
    assert areas_km2(ONE_DEGREE_AT_EQUATOR).iloc[0] == pytest.approx(12_309, rel=0.01)


def test_distance_is_zero_inside_and_grows_outside():
    square = ONE_DEGREE_AT_EQUATOR.iloc[0]
    assert distance_to_shape_km(0.5, 0.5, square) == 0
    assert distance_to_shape_km(0.5, 2.0, square) == pytest.approx(111.3, rel=0.01)


def test_label_point_lies_inside_a_concave_shape():
    u_shape = box(0, 0, 3, 3).difference(box(1, 1, 2, 3))
    shapes = gpd.GeoSeries([u_shape], crs="EPSG:4326")
    assert u_shape.contains(label_points(shapes).iloc[0])
    assert not u_shape.contains(centroids(shapes).iloc[0])  # why labels use label points


def test_members_without_coordinates_are_drawn_at_their_nearest_ancestor():
    points = institution_points(load_catalog(DATA_DIR)).set_index("institution_id")
    assert points.at["lurpa", "position"] == "parent"  # LURPA → ENS Paris-Saclay's point
    assert (points.at["lurpa", "lat"], points.at["lurpa", "lon"]) == (
        points.at["ens-paris-saclay", "lat"],
        points.at["ens-paris-saclay", "lon"],
    )
    assert points.at["ens-paris-saclay", "position"] == "site"  # its own sourced coordinate
    assert points.at["zju", "position"] == "site"


def test_coverage_counts_sourced_values():
    catalog = load_catalog(DATA_DIR)
    campus = next(c for c in overview_coverage(catalog) if c.key == "coverage.campus_coordinates")
    expected = int(catalog.campuses[["lat", "lon"]].notna().all(axis=1).sum())
    assert (campus.sourced, campus.total) == (expected, len(catalog.campuses))
    assert all(c.sourced <= c.total for c in map_coverage(catalog))


def _with_institutions(rows: list[dict]):
    """The shipped catalog with only these institutions (and no campuses)."""
    catalog = load_catalog(DATA_DIR)
    columns = catalog.institutions.columns
    frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=columns)
    frame[["lat", "lon"]] = frame[["lat", "lon"]].astype("Float64")
    return replace(catalog, institutions=frame, campuses=catalog.campuses.iloc[:0])


def test_positions_walk_up_several_parents_and_fall_back_to_the_region():
    catalog = _with_institutions(
        [
            {"id": "top", "region_id": "FR-IDF", "lat": 48.7, "lon": 2.2},
            {"id": "mid", "region_id": "FR-IDF", "parent_id": "top"},
            {"id": "leaf", "region_id": "FR-IDF", "parent_id": "mid"},
            {"id": "alone", "region_id": "CN-ZJ"},
            {"id": "nowhere"},
        ]
    )
    points = institution_points(catalog).set_index("institution_id")
    assert list(points.index) == ["top", "mid", "leaf", "alone"]
    assert list(points["position"]) == ["site", "parent", "parent", "region"]
    assert (points.at["leaf", "lat"], points.at["leaf", "lon"]) == (48.7, 2.2)


def test_a_parent_cycle_without_positions_ends_at_the_region():
    catalog = _with_institutions(
        [
            {"id": "a", "region_id": "CN-ZJ", "parent_id": "b"},
            {"id": "b", "region_id": "CN-ZJ", "parent_id": "a"},
        ]
    )
    points = institution_points(catalog)
    assert list(points["position"]) == ["region", "region"]


def square(x: float) -> list[list[float]]:
    """A closed unit square ring with its lower-left corner at (x, 0)."""
    return [[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]


def polygon(ring: list) -> dict:
    return {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_shared_borders_keep_only_edges_two_countries_share():
    west = polygon(square(0))
    east = polygon(square(1)[::-1])  # the other way round: the shared edge runs backwards
    island = {
        "type": "Feature",
        "geometry": {"type": "MultiPolygon", "coordinates": [[square(5)], [square(7)]]},
    }
    unshaped = [{"type": "Feature", "geometry": None}, {"type": "Feature", "geometry": {}}]
    point = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 0]}}
    lines = shared_borders([west, east, island, *unshaped, point])
    assert len(lines) == 1
    assert sorted(map(tuple, lines[0])) == [(1, 0), (1, 1)]


def test_a_border_of_several_edges_is_one_line():
    # Two triangles of a split square share a diagonal of two edges through its middle.
    lower = polygon([[0, 0], [2, 0], [1, 1], [0, 2], [0, 0]])
    upper = polygon([[2, 0], [2, 2], [0, 2], [1, 1], [2, 0]])
    (line,) = shared_borders([lower, upper])
    assert {tuple(line[0]), tuple(line[-1])} == {(2, 0), (0, 2)}
    assert [1, 1] in line and len(line) == 3


def test_no_shared_edge_no_border_and_repeated_points_are_not_edges():
    assert shared_borders([]) == []
    ring = [[0, 0], [0, 0], [1, 0], [1, 1], [0, 0], [0, 0]]  # a repeated point is no edge
    assert shared_borders([polygon(ring), polygon(square(3))]) == []
