"""Per-catalog memo: computed once per catalog object and arguments, forgotten with the object."""

from __future__ import annotations

import gc
from dataclasses import replace

import pandas as pd
from conftest import DATA_DIR

from regiondash import memo
from regiondash.data import load_catalog
from regiondash.filters import Filters, apply, facet_counts, view
from regiondash.places import institution_points


class Thing:
    """Stands for a catalog: any object that can be weakly referenced."""


def counting():
    calls = []

    @memo.per_catalog(max_entries=2)
    def double(thing, value):
        calls.append(value)
        return value * 2

    return double, calls


def test_same_object_and_arguments_are_computed_once():
    double, calls = counting()
    thing = Thing()
    assert double(thing, 2) == 4
    assert double(thing, 2) == 4
    assert double(thing, 3) == 6
    assert calls == [2, 3]


def test_another_object_is_computed_again_even_when_equal():
    double, calls = counting()
    double(Thing(), 2)
    double(Thing(), 2)
    assert calls == [2, 2]


def test_only_the_most_recent_argument_sets_are_kept():
    double, calls = counting()
    thing = Thing()
    for value in (1, 2, 1, 3, 1, 2):  # 2 is dropped when 3 arrives (1 was used more recently)
        double(thing, value)
    assert calls == [1, 2, 3, 2]


def test_results_are_forgotten_with_their_object():
    double, _ = counting()
    thing = Thing()
    double(thing, 1)
    assert id(thing) in memo._STORE
    key = id(thing)
    del thing
    gc.collect()
    assert key not in memo._STORE


def test_clear_forgets_every_result():
    double, calls = counting()
    thing = Thing()
    double(thing, 1)
    memo.clear()
    double(thing, 1)
    assert calls == [1, 1]


def test_tokens_differ_between_objects_and_stay_for_one():
    first, second = Thing(), Thing()
    assert memo.token(first) == memo.token(first)
    assert memo.token(first) != memo.token(second)


def test_cached_views_and_counts_equal_uncached_ones():
    catalog = load_catalog(DATA_DIR)
    filters = Filters(regions=("CN-ZJ",), years=(2015, 2020))
    assert view(catalog, filters) is view(catalog, filters)
    cached, fresh = view(catalog, filters), apply(catalog, filters)
    for name in ("institutions", "agreements", "projects", "events", "headcounts"):
        pd.testing.assert_frame_equal(cached.table(name), fresh.table(name))
    for field in ("regions", "themes", "institution_kinds"):
        assert facet_counts(catalog, filters, field) == facet_counts.uncached(
            catalog, filters, field
        )


def test_a_new_data_version_is_not_served_old_results():
    catalog = load_catalog(DATA_DIR)
    fewer = replace(catalog, institutions=catalog.institutions.iloc[:3])
    assert len(institution_points(fewer)) <= 3 < len(institution_points(catalog))


def test_compare_and_themes_reruns_reuse_their_tables_and_figures():
    """Compare and Themes compute their tables and figures once per view and choice."""
    from regiondash import compare
    from regiondash import themes_view as tv

    catalog = view(load_catalog(DATA_DIR), Filters(years=(2010, 2024)))
    calls = [
        (compare.themes_rows, ("FR-IDF", "CN-ZJ", "fr")),
        (compare.pair_links_rows, ("FR-IDF", "CN-ZJ", "en")),
        (compare.pair_agreements_rows, ("FR-IDF", "CN-ZJ", "zh")),
        (compare.institutions_rows, ("CN-ZJ", "en")),
        (tv.matrix_table, ("region", "en")),
    ]
    for function, args in calls:
        assert function(catalog, *args) is function(catalog, *args), function.__name__
        cached, fresh = function(catalog, *args), function.uncached(catalog, *args)
        rows = getattr(cached, "rows", cached)
        pd.testing.assert_frame_equal(rows, getattr(fresh, "rows", fresh))
    figure = compare.pair_agreements_figure(catalog, "FR-IDF", "CN-ZJ", "title", "en")
    assert figure is compare.pair_agreements_figure(catalog, "FR-IDF", "CN-ZJ", "title", "en")
    assert figure.layout.title.text == "title"
    assert figure.layout.annotations[0].text.startswith("Sources:")  # the footnote is in it
