"""Filters: pure selection and facet counts (the URL form is tested in test_viewstate)."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import DATA_DIR

from regiondash.data import load_catalog
from regiondash.filters import (
    Filters,
    apply,
    facet_counts,
)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(DATA_DIR)


def read(table: str) -> pd.DataFrame:
    """A table of the shipped package as written: strings, empty cells as ""."""
    return pd.read_csv(DATA_DIR / f"{table}.csv", dtype=str, keep_default_na=False)


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
    # Hand count on the CSVs: kinds of the agreements Zhejiang or one of its institutions is a
    # party to (the region's own agreement and ZJU's with French institutions).
    institutions = read("institutions")
    zhejiang = {"CN-ZJ"} | set(institutions.loc[institutions["region_id"] == "CN-ZJ", "id"])
    parties = read("agreement_parties")
    involved = set(parties.loc[parties["party_id"].isin(zhejiang), "agreement_id"])
    agreements = read("agreements")
    kinds = agreements.loc[agreements["id"].isin(involved), "kind"].value_counts().to_dict()
    assert {"framework", "region_cooperation"} <= set(kinds)
    assert only_zhejiang == kinds
    assert sum(only_zhejiang.values()) < sum(everything.values())  # the region filter narrows
