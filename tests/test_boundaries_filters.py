"""Filters at their edges: the first and last year of a range, undated records, single choices."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import DATA_DIR

from regiondash.data import load_catalog
from regiondash.filters import Filters, apply, facet_counts, summary_parts, year_bounds


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(DATA_DIR)


def ids(frame) -> set[str]:
    return set(frame["id"])


# idf-bj-2018 runs 2018-2023, photonet 2015-2023 (see data/agreements.csv, data/projects.csv).


def test_a_record_ending_in_the_first_year_of_the_range_is_kept(catalog):
    assert "idf-bj-2018" in ids(apply(catalog, Filters(years=(2023, 2030))).agreements)
    assert "photonet" in ids(apply(catalog, Filters(years=(2023, 2030))).projects)


def test_a_record_ending_the_year_before_the_range_is_dropped(catalog):
    assert "idf-bj-2018" not in ids(apply(catalog, Filters(years=(2024, 2030))).agreements)
    assert "photonet" not in ids(apply(catalog, Filters(years=(2024, 2030))).projects)


def test_a_record_starting_in_the_last_year_of_the_range_is_kept(catalog):
    assert "idf-bj-2018" in ids(apply(catalog, Filters(years=(2000, 2018))).agreements)
    assert "photonet" in ids(apply(catalog, Filters(years=(2000, 2015))).projects)


def test_a_record_starting_the_year_after_the_range_is_dropped(catalog):
    assert "idf-bj-2018" not in ids(apply(catalog, Filters(years=(2000, 2017))).agreements)
    assert "photonet" not in ids(apply(catalog, Filters(years=(2000, 2014))).projects)


def test_an_agreement_without_start_year_starts_when_signed(catalog):
    # ups-udem-2024: signed 2024, no start or end year: still running afterwards.
    assert "ups-udem-2024" in ids(apply(catalog, Filters(years=(2024, 2024))).agreements)
    assert "ups-udem-2024" in ids(apply(catalog, Filters(years=(2030, 2031))).agreements)
    assert "ups-udem-2024" not in ids(apply(catalog, Filters(years=(2000, 2023))).agreements)


def test_undated_records_are_kept_by_any_year_range(catalog):
    undated = catalog.projects.loc[catalog.projects["start_year"].isna(), "id"]
    assert len(undated) > 0
    assert set(undated) <= ids(apply(catalog, Filters(years=(2000, 2001))).projects)


def test_events_on_the_first_and_last_year_of_the_range_are_kept(catalog):
    view = apply(catalog, Filters(years=(2018, 2018)))
    years = set(view.events["date"].dt.year)
    assert years == {2018}
    expected = catalog.events[catalog.events["date"].dt.year == 2018]
    assert ids(view.events) == ids(expected)


def test_headcounts_of_the_first_and_last_year_are_kept(catalog):
    view = apply(catalog, Filters(years=(2016, 2018)))
    assert set(view.headcounts["year"]) == {2016, 2017, 2018} & set(catalog.headcounts["year"])
    assert 2016 in set(view.headcounts["year"]) and 2018 in set(view.headcounts["year"])
    outside = apply(catalog, Filters(years=(2019, 2019)))
    assert not ({2016, 2017, 2018} & set(outside.headcounts["year"]))


def test_year_bounds_are_the_first_and_last_year_mentioned(catalog):
    low, high = year_bounds(catalog)
    years = [
        *catalog.agreements["signed_year"].dropna(),
        *catalog.agreements["end_year"].dropna(),
        *catalog.projects["start_year"].dropna(),
        *catalog.projects["end_year"].dropna(),
        *catalog.events["date"].dt.year,
    ]
    assert (low, high) == (min(years), max(years))
    whole = apply(catalog, Filters(years=(low, high)))
    assert ids(whole.agreements) == ids(catalog.agreements)
    assert ids(whole.events) == ids(catalog.events)


def test_a_single_region_keeps_its_agreements_events_and_no_other_partner(catalog):
    view = apply(catalog, Filters(regions=("CN-BJ",)))
    assert set(view.regions["id"]) == {"FR-IDF", "CN-BJ"}
    assert "idf-bj-2018" in ids(view.agreements)
    assert "idf-zj-2018" not in ids(view.agreements)
    assert set(view.events["region_id"].dropna()) <= {"FR-IDF", "CN-BJ"}
    assert set(view.agreement_parties["agreement_id"]) <= ids(view.agreements)


def test_unlinked_events_go_when_a_theme_or_kind_narrows_the_view(catalog):
    unlinked = ids(catalog.events[catalog.events["agreement_id"].isna()])
    assert unlinked <= ids(apply(catalog, Filters(regions=tuple(catalog.regions["id"]))).events)
    for narrowing in (
        Filters(themes=("physics",)),
        Filters(agreement_kinds=("framework",)),
        Filters(project_kinds=("chair",)),
        Filters(statuses=("planned",)),
    ):
        assert not unlinked & ids(apply(catalog, narrowing).events), narrowing


def test_a_theme_filter_keeps_only_that_themes_links(catalog):
    view = apply(catalog, Filters(themes=("physics",)))
    assert set(view.agreement_themes["theme_id"]) <= {"physics"}
    assert set(view.project_themes["theme_id"]) <= {"physics"}
    assert set(view.agreement_themes["agreement_id"]) <= ids(view.agreements)


def test_an_empty_catalog_filters_to_an_empty_catalog(catalog):
    empty = replace(
        catalog,
        agreements=catalog.agreements.head(0),
        projects=catalog.projects.head(0),
        events=catalog.events.head(0),
    )
    view = apply(empty, Filters(regions=("CN-ZJ",), years=(2018, 2020)))
    assert view.agreements.empty and view.projects.empty and view.events.empty


def test_facet_counts_of_themes_and_kinds_count_records(catalog):
    themes = facet_counts(catalog, Filters(), "themes")
    expected = (
        catalog.agreement_themes["theme_id"]
        .value_counts()
        .add(catalog.project_themes["theme_id"].value_counts(), fill_value=0)
    )
    assert themes == {k: int(v) for k, v in expected.items()}
    kinds = facet_counts(catalog, Filters(), "project_kinds")
    assert kinds == catalog.projects["kind"].value_counts().to_dict()
    institutions = facet_counts(catalog, Filters(), "institution_kinds")
    assert sum(institutions.values()) == len(catalog.institutions.dropna(subset=["kind"]))


def test_summary_names_each_active_filter_with_its_count(catalog):
    assert summary_parts(catalog, Filters()) == []
    parts = summary_parts(
        catalog, Filters(regions=("CN-ZJ",), themes=("physics", "optics"), years=(2015, 2020))
    )
    keys = [key for key, _ in parts]
    assert keys == ["filters.summary.regions", "filters.summary.themes", "filters.summary.years"]
    assert parts[0][1]["n"] == 1 and parts[0][1]["total"] > 1
    assert parts[1][1] == {"n": 2}
    assert parts[2][1] == {"start": 2015, "end": 2020}
