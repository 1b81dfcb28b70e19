"""Headline figures say what they count and as of when, and follow the years filter."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import DATA_DIR

from regiondash.data import load_catalog
from regiondash.filters import Filters, apply
from regiondash.metrics import headline_figures, students_behind_total, students_figure, sum_mark


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(DATA_DIR)


def parts(*rows) -> pd.DataFrame:
    """Student totals: (institution_id, year, count, qualifier) rows."""
    columns = ["institution_id", "year", "count", "qualifier"]
    return pd.DataFrame(rows, columns=columns)


def test_no_count_says_not_sourced_never_zero(catalog):
    assert students_figure(catalog, parts(), "en") == ("Students: no count sourced", "not sourced")
    label, value = students_figure(catalog, parts(), "en", (2011, 2013))
    assert label == "Students: no count sourced for 2011–2013" and value == "not sourced"


def test_one_institution_is_named_with_its_year(catalog):
    label, value = students_figure(catalog, parts(("zju", 2018, 48000, "at_least")), "en")
    assert label == "Students at Zhejiang University, 2018" and value == "≥48,000"


def test_several_institutions_of_one_year_say_how_many(catalog):
    rows = parts(("zju", 2020, 10, "exact"), ("paris-saclay", 2020, 5, "exact"))
    assert students_figure(catalog, rows, "en") == ("Students at 2 institutions, 2020", "15")


def test_several_years_say_latest_first_to_last(catalog):
    rows = parts(("zju", 2023, 10, "exact"), ("paris-saclay", 2021, 5, "at_least"))
    label, value = students_figure(catalog, rows, "en")
    assert label == "Students at 2 institutions, latest 2021–2023" and value == "≥15"


def test_huge_counts_add_up_without_wrapping(catalog):
    big = 2**62
    rows = parts(("zju", 2020, big, "exact"), ("paris-saclay", 2020, big, "exact"))
    rows["count"] = rows["count"].astype("Int64")
    assert students_figure(catalog, rows, "en")[1] == f"{2 * big:,}"


@pytest.mark.parametrize(
    ("qualifiers", "mark"),
    [
        (["exact", "exact"], ""),
        (["exact", "at_least"], "≥"),
        (["at_least", "at_least"], "≥"),
        (["at_most", "exact"], "≤"),
        (["about", "exact"], "≈"),
        (["at_least", "at_most"], "≈"),
        (["at_least", "something_new"], "≈"),
        ([], ""),
    ],
)
def test_a_sum_carries_the_qualifier_of_its_parts(qualifiers, mark):
    assert sum_mark(pd.Series(qualifiers, dtype=object)) == mark


@pytest.mark.parametrize("years", [(2016, 2016), (2018, 2021), (2023, 2023), (2011, 2015)])
def test_the_years_filter_keeps_headcounts_of_those_years_only(catalog, years):
    view = apply(catalog, Filters(years=years))
    assert view.headcounts["year"].between(*years).all()
    inside = catalog.headcounts["year"].between(*years)
    assert len(view.headcounts) == int(inside.sum())  # first and last year included


def test_headline_students_follow_the_years_filter(catalog):
    for year in sorted(set(catalog.headcounts["year"])):
        view = apply(catalog, Filters(years=(year, year)))
        students = students_behind_total(view)
        assert (students["year"] == year).all()
        (headline,) = [
            h for h in headline_figures(view, "en", (year, year)) if "Students" in h.label
        ]
        assert str(year) in headline.label


def test_undated_counts_say_they_ignore_the_years_filter(catalog):
    labels = [h.label for h in headline_figures(catalog, "en", (2015, 2020))]
    assert labels[:3] == [
        "Partner regions (any year)",
        "Institutions (any year)",
        "Campuses (any year)",
    ]
    assert [h.label for h in headline_figures(catalog, "en")][:3] == [
        "Partner regions",
        "Institutions",
        "Campuses",
    ]


def test_headline_labels_are_translated(catalog):
    students = students_behind_total(catalog)
    assert students_figure(catalog, students, "fr")[0].startswith("Étudiants de ")
    assert "学生数" in students_figure(catalog, students, "zh")[0]


def test_an_unknown_qualifier_alone_makes_the_sum_approximate():
    assert sum_mark(pd.Series(["something_new"], dtype=object)) == "≈"


def test_no_count_in_the_chosen_years_is_said_in_the_readers_language(catalog):
    label, value = students_figure(catalog, parts(), "fr", (2011, 2013))
    assert label == "Étudiants : aucun effectif sourcé pour 2011–2013"
    assert value == students_figure(catalog, parts(), "fr")[1] != "not sourced"
