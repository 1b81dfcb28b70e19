"""Recent changes and dated items behind Overview and Timeline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
from conftest import DATA_DIR

from regiondash.changes import changes_since, clicked_region, dated_items
from regiondash.data import load_catalog


def test_changes_since_counts_items_on_or_after_the_date():
    catalog = load_catalog(DATA_DIR)
    # 2024-11-26: the Montréal strategic partnership (exact date) and its seed fund (year only);
    # the fund's two first laureate projects start in 2025 (year only).
    # Events all carry a day: hand count of those dated on or after 2024-06-01 in events.csv
    # (the Montréal signing and the École Centrale de Pékin anniversary of 2025-06-22).
    events = pd.read_csv(DATA_DIR / "events.csv", dtype=str, keep_default_na=False)
    events_since = int((pd.to_datetime(events["date"]) >= pd.Timestamp(2024, 6, 1)).sum())
    assert changes_since(catalog, date(2024, 6, 1)) == {
        "agreement": 1,
        "event": events_since,
        "project": 3,
    }
    everything = changes_since(catalog, date(1900, 1, 1))
    assert everything["agreement"] == len(catalog.agreements)
    assert everything["event"] == len(catalog.events)


def test_year_only_items_sit_on_first_january_and_are_marked_imprecise():
    items = dated_items(load_catalog(DATA_DIR)).set_index("id")
    assert str(items.loc["idf-bj-1987", "when"].date()) == "1987-01-01"
    assert not items.loc["idf-bj-1987", "precise"]
    assert items.loc["ups-zju-2018", "precise"]


def test_empty_catalog_has_no_changes():
    catalog = load_catalog(DATA_DIR)
    empty = replace(
        catalog,
        agreements=catalog.agreements.head(0),
        events=catalog.events.head(0),
        projects=catalog.projects.head(0),
    )
    assert changes_since(empty, date(2000, 1, 1)) == {"agreement": 0, "event": 0, "project": 0}


def test_clicked_region_reads_the_point_customdata():
    event = {"selection": {"points": [{"customdata": "CN-ZJ", "x": 1}]}}
    assert clicked_region(event, {"CN-ZJ"}) == "CN-ZJ"
    assert clicked_region({"selection": {"points": [{"customdata": "XX"}]}}, {"CN-ZJ"}) is None
    assert clicked_region(None, {"CN-ZJ"}) is None
