"""Headline figures, each saying what it counts and as of when, with its sources.

A student count adds up only latest totals of distinct top-level institutions, and its label
names how many institutions and which years: counts from different institutions and years are
never shown under a bare "Students".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from regiondash import memo
from regiondash.counts import QUALIFIER_MARKS, actual_counts, count_text
from regiondash.data import Catalog
from regiondash.i18n import format_number, t
from regiondash.institutions_view import institution_names
from regiondash.provenance import latest_headcounts
from regiondash.tables import headcount_rows


@dataclass(frozen=True)
class Headline:
    """One headline figure: its label and shown value (both translated), its source ids, and
    for a sum, the rows it adds up as a table (`tables.headcount_rows`)."""

    label: str
    value: str
    source_ids: tuple[str, ...] = field(default_factory=tuple)
    detail: pd.DataFrame | None = None


def _ids(column: pd.Series) -> tuple[str, ...]:
    return tuple(dict.fromkeys(str(v) for v in column.dropna()))


def students_behind_total(catalog: Catalog, institution_ids=None) -> pd.DataFrame:
    """Latest students_total of top-level, still-open institutions (members would double
    count), optionally only of `institution_ids`; targets are goals, not headcounts. The
    catalog's headcounts are already narrowed to the years filter, so "latest" means latest
    within the chosen years."""
    latest = latest_headcounts(actual_counts(catalog.headcounts), catalog.sources)
    totals = latest[latest["category"] == "students_total"]
    institutions = catalog.institutions.set_index("id")
    top_level = institutions["parent_id"].isna() & institutions["closed"].isna()
    keep = totals["institution_id"].map(top_level).fillna(False).astype(bool)
    if institution_ids is not None:
        keep &= totals["institution_id"].isin(set(institution_ids))
    return totals[keep].reset_index(drop=True)


def sum_mark(qualifiers: pd.Series) -> str:
    """The qualifier of a sum: "≥" when every inexact part is a lower bound, "≤" for upper
    bounds, "≈" when any part is approximate or they mix, nothing when all are exact."""
    marks = {QUALIFIER_MARKS.get(str(q), "≈") for q in qualifiers.dropna()} - {""}
    if not marks:
        return ""
    return marks.pop() if len(marks) == 1 else "≈"


def students_figure(
    catalog: Catalog, parts: pd.DataFrame, lang: str, years: tuple[int, int] | None = None
) -> tuple[str, str]:
    """(label, value) of a student count: one institution's total, or the sum of several
    with how many and which years; "not sourced" (for the chosen `years`) when none."""
    if parts.empty:
        if years is None:
            return t("metric.students.none", lang), t("value.not_sourced", lang)
        label = t("metric.students.none_in", lang, first=years[0], last=years[1])
        return label, t("value.not_sourced", lang)
    first, last = int(parts["year"].min()), int(parts["year"].max())
    if len(parts) == 1:
        row = parts.iloc[0]
        name = institution_names(catalog, lang).get(row["institution_id"], row["institution_id"])
        label = t("metric.students.one", lang, name=name, year=first)
        return label, count_text(row["count"], row["qualifier"], lang)
    if first == last:
        label = t("metric.students.same_year", lang, count=len(parts), year=first)
    else:
        label = t("metric.students.years", lang, count=len(parts), first=first, last=last)
    total = sum(int(c) for c in parts["count"])  # Python ints: no Int64 wrap-around
    return label, sum_mark(parts["qualifier"]) + format_number(total, lang)


@memo.per_catalog(max_entries=16)
def headline_figures(
    catalog: Catalog, lang: str, years: tuple[int, int] | None = None
) -> list[Headline]:
    """Partner regions, institutions, campuses, students, agreements and projects.

    With a years filter, agreements and projects count those active in the years and the
    student count uses values of those years; the counts of places, which have no dates, say
    that they ignore it.
    """
    regions = catalog.regions[catalog.regions["role"] == "partner"]
    students = students_behind_total(catalog)
    students_label, students_value = students_figure(catalog, students, lang, years)

    def undated(key: str) -> str:
        label = t(key, lang)
        return label if years is None else t("metric.any_year", lang, label=label)

    def count(n: int) -> str:
        return format_number(n, lang)

    return [
        Headline(
            undated("metric.partner_regions"), count(len(regions)), _ids(regions["source_id"])
        ),
        Headline(
            undated("metric.institutions"),
            count(len(catalog.institutions)),
            _ids(catalog.institutions["source_id"]),
        ),
        Headline(
            undated("metric.campuses"),
            count(len(catalog.campuses)),
            _ids(catalog.campuses["source_id"]),
        ),
        Headline(
            students_label,
            students_value,
            _ids(students["source_id"]),
            headcount_rows(catalog, students, lang),
        ),
        Headline(
            t("metric.agreements", lang),
            count(len(catalog.agreements)),
            _ids(catalog.agreements["source_id"]),
        ),
        Headline(
            t("metric.projects", lang),
            count(len(catalog.projects)),
            _ids(catalog.projects["source_id"]),
        ),
    ]
