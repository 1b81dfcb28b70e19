"""Headline figures, each with the sources it rests on."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from regiondash.data import Catalog
from regiondash.provenance import latest_headcounts


@dataclass(frozen=True)
class Headline:
    """One headline figure: a label key, its value, and the source ids behind it."""

    key: str
    value: int
    source_ids: tuple[str, ...] = field(default_factory=tuple)
    detail: pd.DataFrame | None = None


def _ids(column: pd.Series) -> tuple[str, ...]:
    return tuple(dict.fromkeys(str(v) for v in column.dropna()))


def students_behind_total(catalog: Catalog) -> pd.DataFrame:
    """Latest students_total of top-level, still-open institutions (members would double count)."""
    latest = latest_headcounts(catalog.headcounts, catalog.sources)
    totals = latest[latest["category"] == "students_total"]
    institutions = catalog.institutions.set_index("id")
    top_level = institutions["parent_id"].isna() & institutions["closed"].isna()
    keep = totals["institution_id"].map(top_level).fillna(False).astype(bool)
    return totals[keep].reset_index(drop=True)


def headline_figures(catalog: Catalog) -> list[Headline]:
    """Partner regions, institutions, campuses, students, agreements and projects."""
    regions = catalog.regions[catalog.regions["role"] == "partner"]
    students = students_behind_total(catalog)
    return [
        Headline("metric.partner_regions", len(regions), _ids(regions["source_id"])),
        Headline(
            "metric.institutions",
            len(catalog.institutions),
            _ids(catalog.institutions["source_id"]),
        ),
        Headline("metric.campuses", len(catalog.campuses), _ids(catalog.campuses["source_id"])),
        Headline(
            "metric.students", int(students["count"].sum()), _ids(students["source_id"]), students
        ),
        Headline(
            "metric.agreements", len(catalog.agreements), _ids(catalog.agreements["source_id"])
        ),
        Headline("metric.projects", len(catalog.projects), _ids(catalog.projects["source_id"])),
    ]
