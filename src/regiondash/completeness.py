"""How complete the data behind a page is: sourced values out of possible ones, per field."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from regiondash import memo
from regiondash.data import Catalog


@dataclass(frozen=True)
class Coverage:
    """`sourced` of `total` rows of `table` have `field` (a message key names the pair)."""

    key: str
    sourced: int
    total: int


def _coverage(key: str, frame: pd.DataFrame, columns: list[str]) -> Coverage:
    present = frame[columns].notna().all(axis=1) if len(frame) else pd.Series(dtype=bool)
    return Coverage(key, int(present.sum()), len(frame))


@memo.per_catalog(max_entries=16)
def overview_coverage(catalog: Catalog) -> list[Coverage]:
    """Coordinates of campuses, student totals of institutions, exact dates of agreements,
    populations of regions."""
    totals = catalog.headcounts[catalog.headcounts["category"] == "students_total"]
    with_total = catalog.institutions.assign(
        total=catalog.institutions["id"].isin(totals["institution_id"]).map({True: 1, False: None})
    )
    return [
        _coverage("coverage.campus_coordinates", catalog.campuses, ["lat", "lon"]),
        _coverage("coverage.institution_students", with_total, ["total"]),
        _coverage("coverage.agreement_dates", catalog.agreements, ["signed_on"]),
        _coverage("coverage.region_population", catalog.regions, ["population"]),
    ]


@memo.per_catalog(max_entries=16)
def map_coverage(catalog: Catalog) -> list[Coverage]:
    """Positions the map can draw exactly: campus and institution coordinates."""
    return [
        _coverage("coverage.campus_coordinates", catalog.campuses, ["lat", "lon"]),
        _coverage("coverage.institution_coordinates", catalog.institutions, ["lat", "lon"]),
    ]
