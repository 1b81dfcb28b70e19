"""Completeness figures: each names its pair with a translatable key and counts what is sourced."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import DATA_DIR

from regiondash.completeness import Coverage, map_coverage, overview_coverage
from regiondash.data import load_catalog
from regiondash.i18n import catalog as messages


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(DATA_DIR)


def by_key(coverages: list[Coverage]) -> dict[str, Coverage]:
    return {c.key: c for c in coverages}


def test_each_figure_has_its_own_translated_key(catalog):
    overview = [c.key for c in overview_coverage(catalog)]
    maps = [c.key for c in map_coverage(catalog)]
    assert overview == [
        "coverage.campus_coordinates",
        "coverage.institution_students",
        "coverage.agreement_dates",
        "coverage.region_population",
    ]
    assert maps == ["coverage.campus_coordinates", "coverage.institution_coordinates"]
    for lang in ("en", "fr", "zh"):
        assert set(overview + maps) <= set(messages(lang))


def test_student_coverage_counts_institutions_with_a_students_total(catalog):
    students = by_key(overview_coverage(catalog))["coverage.institution_students"]
    totals = catalog.headcounts[catalog.headcounts["category"] == "students_total"]
    expected = catalog.institutions["id"].isin(totals["institution_id"]).sum()
    assert 0 < students.sourced == expected < students.total == len(catalog.institutions)


def test_other_headcounts_do_not_count_as_a_student_total(catalog):
    doctoral_only = replace(
        catalog, headcounts=catalog.headcounts[catalog.headcounts["category"] != "students_total"]
    )
    students = by_key(overview_coverage(doctoral_only))["coverage.institution_students"]
    assert students.sourced == 0
    assert students.total == len(catalog.institutions)


def test_dates_and_populations_count_rows_with_a_value(catalog):
    figures = by_key(overview_coverage(catalog))
    dates = figures["coverage.agreement_dates"]
    assert (dates.sourced, dates.total) == (
        catalog.agreements["signed_on"].notna().sum(),
        len(catalog.agreements),
    )
    population = figures["coverage.region_population"]
    assert population.sourced == catalog.regions["population"].notna().sum()
    institutions = by_key(map_coverage(catalog))["coverage.institution_coordinates"]
    assert institutions.sourced == catalog.institutions[["lat", "lon"]].notna().all(axis=1).sum()
    assert institutions.total == len(catalog.institutions)


def test_empty_tables_give_zero_of_zero(catalog):
    empty = replace(
        catalog,
        campuses=catalog.campuses.head(0),
        institutions=catalog.institutions.head(0),
        agreements=catalog.agreements.head(0),
        regions=catalog.regions.head(0),
    )
    for coverage in overview_coverage(empty) + map_coverage(empty):
        assert (coverage.sourced, coverage.total) == (0, 0)


def test_a_single_row_missing_one_coordinate_is_not_sourced(catalog):
    one = catalog.campuses.head(1).assign(lon=None)
    coverage = by_key(map_coverage(replace(catalog, campuses=one)))
    assert (coverage["coverage.campus_coordinates"].sourced, len(one)) == (0, 1)
