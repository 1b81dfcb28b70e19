"""Checks on the committed boundary files in data/geo/ (built by scripts/build_geo.py)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point

DATA = Path(__file__).resolve().parents[1] / "data"
GEO = DATA / "geo"
EQUAL_AREA = "EPSG:6933"  # the projection build-report.json's areas are measured in
POLYGON_REGIONS = {"FR-IDF", "CN-ZJ", "CN-BJ", "KR-41", "CA-QC", "DZ-16", "AM-ER", "LB-BA", "ES-CT"}
MARKER_REGIONS = {"MA-06", "TN-11", "CI-AB", "IQ-KRD"}
REGION_PROPERTIES = {"region_id", "boundary", "ne_features", "note"}
IDF_OFFICIAL_KM2 = 12012  # Île-de-France's official area (source wp-idf)


@pytest.fixture(scope="module")
def regions() -> gpd.GeoDataFrame:
    """regions.geojson, indexed by region_id (unique)."""
    frame = gpd.read_file(GEO / "regions.geojson").set_index("region_id")
    assert frame.index.is_unique, "duplicate region_id in regions.geojson"
    return frame


@pytest.fixture(scope="module")
def countries() -> gpd.GeoDataFrame:
    """countries.geojson."""
    return gpd.read_file(GEO / "countries.geojson")


@pytest.fixture(scope="module")
def report() -> dict:
    """build-report.json."""
    return json.loads((GEO / "build-report.json").read_text(encoding="utf-8"))


def area_km2(shape) -> float:
    """Area of one WGS84 shape in km², in the same equal-area projection as the build report."""
    return float(gpd.GeoSeries([shape], crs="EPSG:4326").to_crs(EQUAL_AREA).area.iloc[0] / 1e6)


def test_geo_folder_is_under_3_mb():
    """All of data/geo/ stays under 3 MB."""
    total = sum(f.stat().st_size for f in GEO.rglob("*") if f.is_file())
    assert total < 3_000_000, f"data/geo totals {total:,} bytes"


def test_files_are_wgs84(regions, countries):
    """Both GeoJSON files read back as EPSG:4326."""
    assert regions.crs == "EPSG:4326"
    assert countries.crs == "EPSG:4326"


def test_regions_are_the_curated_ones(regions):
    """regions.geojson has exactly the polygon and marker regions, with the agreed properties."""
    assert set(regions.index) == POLYGON_REGIONS | MARKER_REGIONS
    assert set(regions.columns) - {"geometry"} == REGION_PROPERTIES - {"region_id"}


def test_polygon_regions_are_valid(regions):
    """Every polygon region has a valid, non-empty (multi)polygon and names its NE features."""
    for region_id in sorted(POLYGON_REGIONS):
        row = regions.loc[region_id]
        assert row["boundary"] == "polygon", region_id
        assert row.geometry is not None and not row.geometry.is_empty, region_id
        assert row.geometry.geom_type in {"Polygon", "MultiPolygon"}, region_id
        assert row.geometry.is_valid, region_id
        assert row["ne_features"] and row["note"], region_id


def test_marker_regions_have_no_geometry(regions):
    """Marker regions have a null geometry, no NE features and a note saying why."""
    for region_id in sorted(MARKER_REGIONS):
        row = regions.loc[region_id]
        assert row["boundary"] == "marker", region_id
        assert row.geometry is None, region_id
        assert not row["ne_features"], region_id
        assert len(row["note"].strip()) > 20, region_id


def test_areas_match_build_report(regions, report):
    """Each polygon's area equals the report's simplified area (0.1 %), off by ≤ 2 % in all."""
    for region_id in sorted(POLYGON_REGIONS):
        entry = report["regions"][region_id]
        measured = area_km2(regions.loc[region_id].geometry)
        assert measured == pytest.approx(entry["area_km2_simplified"], rel=1e-3), region_id
        assert abs(entry["area_ratio"] - 1) <= 0.02, region_id
        ratio = entry["area_km2_simplified"] / entry["area_km2_unsimplified"]
        assert ratio == pytest.approx(entry["area_ratio"], rel=1e-4), region_id


def test_idf_area_is_close_to_official(regions):
    """Île-de-France's polygon is within 3 % of its official 12,012 km²."""
    measured = area_km2(regions.loc["FR-IDF"].geometry)
    assert measured == pytest.approx(IDF_OFFICIAL_KM2, rel=0.03), f"{measured:.0f} km²"


@pytest.mark.parametrize(
    ("region_id", "lat", "lon"),
    [
        ("FR-IDF", 48.8566, 2.3522),  # Paris
        ("CN-ZJ", 30.27, 120.15),  # Hangzhou
        ("ES-CT", 41.39, 2.17),  # Barcelona
    ],
)
def test_known_city_is_inside_its_region(regions, region_id, lat, lon):
    """A region's capital lies inside its polygon."""
    assert regions.loc[region_id].geometry.contains(Point(lon, lat))


@pytest.mark.parametrize(
    ("iso_a2", "lat", "lon"),
    [("FR", 48.8566, 2.3522), ("FR", 45.76, 4.84), ("CN", 30.27, 120.15), ("CN", 39.9, 116.4)],
)
def test_countries_cover_france_and_china(countries, iso_a2, lat, lon):
    """The basemap has France and China, covering Paris, Lyon, Hangzhou and Beijing."""
    shapes = countries.loc[countries["iso_a2"] == iso_a2, "geometry"]
    assert len(shapes) == 1, iso_a2
    assert shapes.iloc[0].contains(Point(lon, lat)), (iso_a2, lat, lon)


def test_countries_are_valid(countries):
    """Country outlines are valid, non-empty and uniquely keyed by adm0_a3."""
    assert countries["adm0_a3"].is_unique
    assert countries.geometry.notna().all() and not countries.geometry.is_empty.any()
    assert countries.geometry.is_valid.all()
    assert countries["name_en"].notna().all()


def test_region_ids_match_curated_regions(regions):
    """regions.geojson has one feature per row of data/regions.csv, once that table exists."""
    table = DATA / "regions.csv"
    if not table.exists():
        pytest.skip("data/regions.csv not written yet")
    with table.open(encoding="utf-8", newline="") as handle:
        ids = {row["id"] for row in csv.DictReader(handle)}
    assert set(regions.index) == ids
