"""The query-string codec at its edges: first and last accepted values, lengths, empty choices."""

from __future__ import annotations

import pytest
from conftest import DATA_DIR

from regiondash.data import load_catalog
from regiondash.filters import Filters
from regiondash.i18n import LANGUAGES
from regiondash.viewstate import (
    MAX_SLIDE,
    MAX_VALUE_CHARS,
    Choices,
    MapView,
    ViewState,
    choices_for,
    decode,
    encode,
    with_filters,
)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(DATA_DIR)


@pytest.fixture(scope="module")
def choices(catalog):
    return choices_for(catalog, LANGUAGES)


def small_choices(**changes) -> Choices:
    values = {
        "filters": {},
        "years": (2000, 2020),
        "languages": ("en",),
        "partners": set(),
        "regions": set(),
        "institutions": set(),
        "campuses": set(),
    }
    return Choices(**{**values, **changes})


@pytest.mark.parametrize("slide", ["1", str(MAX_SLIDE)])
def test_first_and_last_slide_numbers_are_accepted_without_notice(choices, slide):
    state, ignored = decode({"slide": [slide]}, choices)
    assert (state.slide, ignored) == (int(slide) - 1, [])


@pytest.mark.parametrize("slide", ["0", str(MAX_SLIDE + 1), "-1", "1.5"])
def test_slide_numbers_out_of_range_are_ignored_and_named(choices, slide):
    assert decode({"slide": [slide]}, choices) == (ViewState(), [f"slide={slide}"])


def test_a_value_of_exactly_the_length_limit_is_read_not_dropped_unseen(choices):
    at_limit = "x" * MAX_VALUE_CHARS
    # Read (then rejected as unknown), so it is named once, not silently lost.
    assert decode({"region": [at_limit]}, choices) == (ViewState(), [f"region={at_limit}"])
    over = "x" * (MAX_VALUE_CHARS + 1)
    assert decode({"region": [over]}, choices) == (ViewState(), [f"region={over}"])


def test_filters_a_catalog_does_not_offer_are_ignored_not_raised():
    state, ignored = decode({"region": ["CN-ZJ"], "theme": ["physics"]}, small_choices())
    assert state == ViewState()
    assert sorted(ignored) == ["region=CN-ZJ", "theme=physics"]


def test_an_unknown_institution_is_ignored(choices):
    assert decode({"inst": ["nowhere"]}, choices) == (ViewState(), ["inst=nowhere"])
    assert decode({"inst": ["zju"]}, choices) == (ViewState(institution="zju"), [])


def test_a_flat_camera_link_has_three_numbers_and_a_tilted_one_four():
    assert encode(ViewState(camera=MapView(30.25, 120.1667, 6.5)))["cam"] == [
        "30.2500,120.1667,6.50"
    ]
    assert encode(ViewState(camera=MapView(30.25, 120.1667, 6.5, 45)))["cam"] == [
        "30.2500,120.1667,6.50,45"
    ]


def test_a_selected_campus_round_trips(catalog, choices):
    campus = str(catalog.campuses["id"].iloc[0])
    state = ViewState(selection=("campus", campus))
    assert encode(state) == {"sel": [f"campus:{campus}"]}
    assert decode(encode(state), choices) == (state, [])
    assert decode({"sel": ["campus:nowhere"]}, choices)[1] == ["sel=campus:nowhere"]


def test_selected_regions_are_any_region_of_the_catalog(catalog):
    choices = choices_for(catalog, LANGUAGES)  # built here, not in a fixture, so mutmut sees it
    assert choices.regions == set(catalog.regions["id"])
    assert choices.campuses == set(catalog.campuses["id"])
    assert decode({"sel": ["region:FR-IDF"]}, choices) == (
        ViewState(selection=("region", "FR-IDF")),
        [],
    )


def test_a_pair_may_name_the_only_two_institutions_there_are():
    choices = small_choices(institutions={"a", "b"})
    assert decode({"sel": ["pairs:a|b"]}, choices) == (ViewState(selection=("pairs", "a|b")), [])
    assert decode({"sel": ["pairs:a|a"]}, choices)[1] == ["sel=pairs:a|a"]


def test_with_filters_changes_only_the_named_filter_fields():
    state = ViewState(filters=Filters(regions=("CN-ZJ",), years=(2015, 2020)), lang="fr")
    changed = with_filters(state, years=(2016, 2018))
    assert changed == ViewState(filters=Filters(regions=("CN-ZJ",), years=(2016, 2018)), lang="fr")
    assert state.filters.years == (2015, 2020)
