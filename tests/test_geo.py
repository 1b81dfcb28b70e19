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
from regiondash.geo import areas_km2, centroids, distance_to_shape_km, label_points
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
