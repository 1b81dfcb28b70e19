"""Boundaries of "what changed since": the cut-off day itself, year-only items, empty input."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from conftest import DATA_DIR

from regiondash.changes import changes_since, clicked_region, dated_items
from regiondash.data import load_catalog


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(DATA_DIR)


def only(catalog, agreements=(), events=(), projects=()):
    """The catalog with just the named agreements, events and projects."""
    return replace(
        catalog,
        agreements=catalog.agreements[catalog.agreements["id"].isin(agreements)],
        events=catalog.events[catalog.events["id"].isin(events)],
        projects=catalog.projects[catalog.projects["id"].isin(projects)],
    )


def test_an_item_dated_on_the_cutoff_day_counts(catalog):
    # ups-udem-2024 was signed on 2024-11-26, its signing event is dated that day.
    view = only(catalog, agreements=["ups-udem-2024"], events=["2024-11-26-ups-udem-signing"])
    assert changes_since(view, date(2024, 11, 26)) == {"agreement": 1, "event": 1, "project": 0}
    assert changes_since(view, date(2024, 11, 27)) == {"agreement": 0, "event": 0, "project": 0}


def test_a_year_only_item_counts_until_the_end_of_its_year(catalog):
    # idf-bj-1987 has a signing year and no day; the seed fund has a start year only.
    view = only(catalog, agreements=["idf-bj-1987"], projects=["ups-udem-seed-fund"])
    assert changes_since(view, date(1987, 12, 31))["agreement"] == 1
    assert changes_since(view, date(1988, 1, 1))["agreement"] == 0
    assert changes_since(view, date(2024, 12, 31))["project"] == 1
    assert changes_since(view, date(2025, 1, 1))["project"] == 0


def test_a_precise_date_before_the_cutoff_does_not_count_for_its_year(catalog):
    view = only(catalog, agreements=["ups-udem-2024"])
    assert changes_since(view, date(2024, 12, 1))["agreement"] == 0


def test_dated_items_name_every_item_with_its_source(catalog):
    items = dated_items(catalog)
    assert list(items.columns) == ["kind", "id", "when", "precise", "source_id"]
    dated_projects = catalog.projects.dropna(subset=["start_year"])
    assert sorted(items["id"]) == sorted(
        [*catalog.agreements["id"], *catalog.events["id"], *dated_projects["id"]]
    )
    assert items["source_id"].notna().all()
    by_id = items.set_index("id")
    assert (
        by_id.loc["2024-11-26-ups-udem-signing", "source_id"]
        == (catalog.events.set_index("id").loc["2024-11-26-ups-udem-signing", "source_id"])
    )
    assert by_id.loc["photonet", "source_id"] == "cnrs-bj-photonet"


def test_events_have_exact_dates_and_projects_only_years(catalog):
    items = dated_items(catalog)
    assert items.loc[items["kind"] == "event", "precise"].all()
    assert not items.loc[items["kind"] == "project", "precise"].any()


def test_dated_items_run_newest_first_with_a_fresh_index(catalog):
    items = dated_items(catalog)
    assert items["when"].is_monotonic_decreasing
    assert list(items.index) == list(range(len(items)))


def test_no_dated_item_gives_an_empty_typed_frame(catalog):
    items = dated_items(only(catalog))
    assert items.empty
    assert list(items.columns) == ["kind", "id", "when", "precise", "source_id"]
    assert pd.api.types.is_datetime64_any_dtype(items["when"])
    assert items["precise"].dtype == bool


def test_a_single_item_is_its_own_list(catalog):
    items = dated_items(only(catalog, events=["2018-06-14-idf-zj-signing"]))
    assert list(items["id"]) == ["2018-06-14-idf-zj-signing"]
    assert str(items.loc[0, "when"].date()) == "2018-06-14"


@pytest.mark.parametrize(
    "event",
    [{}, {"selection": {}}, {"other": 1}, {"selection": {"points": []}}],
)
def test_a_click_without_points_names_no_region(event):
    assert clicked_region(event, {"CN-ZJ"}) is None


def test_the_first_known_region_of_a_click_wins():
    event = {"selection": {"points": [{"customdata": "XX"}, {"customdata": "CN-BJ"}, {}]}}
    assert clicked_region(event, {"CN-ZJ", "CN-BJ"}) == "CN-BJ"
