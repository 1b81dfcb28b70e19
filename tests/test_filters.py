"""Filters: pure selection, facet counts, and the round trip through the query string."""

from __future__ import annotations

import pytest
from conftest import DATA_DIR

from regiondash.data import load_catalog
from regiondash.filters import (
    Filters,
    apply,
    facet_counts,
    filter_options,
    from_query,
    to_query,
    view_url,
)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(DATA_DIR)


def test_no_filter_returns_the_catalog_unchanged(catalog):
    assert apply(catalog, Filters()) is catalog


def test_region_filter_keeps_home_region_and_the_chosen_partner(catalog):
    view = apply(catalog, Filters(regions=("CN-ZJ",)))
    assert set(view.regions["id"]) == {"FR-IDF", "CN-ZJ"}
    assert "mcgill-university" not in set(view.institutions["id"])
    assert {"ups-zju-2018", "idf-zj-2018"} <= set(view.agreements["id"])
    assert "ups-mcgill-2018" not in set(view.agreements["id"])
    assert set(view.campuses["institution_id"]) == {"zju", "paris-saclay"}  # home stays


def test_theme_filter_keeps_only_themed_projects_and_agreements(catalog):
    view = apply(catalog, Filters(themes=("optics-and-photonics",)))
    assert list(view.projects["id"]) == ["photonet"]
    assert list(view.agreements["id"]) == ["ups-zju-2018"]


def test_year_range_keeps_what_was_active_in_it(catalog):
    view = apply(catalog, Filters(years=(2020, 2022)))
    # PHOTONET ran 2015-2023; the 2024 Montréal agreement had not started.
    assert "photonet" in set(view.projects["id"])
    assert "ups-udem-2024" not in set(view.agreements["id"])
    assert set(view.events["date"].dt.year) <= set(range(2020, 2023))


def test_filters_can_match_nothing(catalog):
    view = apply(catalog, Filters(regions=("CA-QC",), themes=("agronomics",)))
    assert view.projects.empty and view.agreements.empty


def test_facet_counts_follow_the_other_filters(catalog):
    everything = facet_counts(catalog, Filters(), "agreement_kinds")
    only_zhejiang = facet_counts(catalog, Filters(regions=("CN-ZJ",)), "agreement_kinds")
    assert sum(everything.values()) == len(catalog.agreements)
    assert only_zhejiang == {"framework": 1, "region_cooperation": 1}


def test_filters_round_trip_through_query_string(catalog):
    filters = Filters(
        regions=("CN-ZJ", "CA-QC"),
        themes=("physics",),
        agreement_kinds=("framework",),
        statuses=("planned",),
        years=(2015, 2024),
    )
    assert from_query(to_query(filters), filter_options(catalog)) == (filters, [])


def test_unknown_and_malformed_query_values_are_ignored_and_named(catalog):
    query = {"region": ["CN-ZJ", "XX-NOPE"], "years": ["2024-2015"], "theme": ["<script>"]}
    filters, ignored = from_query(query, filter_options(catalog))
    assert filters == Filters(regions=("CN-ZJ",))
    assert set(ignored) == {"region=XX-NOPE", "years=2024-2015", "theme=<script>"}


def test_view_url_encodes_filters_and_language():
    url = view_url(
        "http://host/map", Filters(regions=("CN-ZJ",), years=(2018, 2020)), {"lang": "zh"}
    )
    assert url == "http://host/map?region=CN-ZJ&years=2018-2020&lang=zh"
