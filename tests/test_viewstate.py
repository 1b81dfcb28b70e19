"""The view-state codec: every choice round-trips through the query string, and every bad,
out-of-range or hostile value is ignored and named, never raised or half-applied."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import DATA_DIR

from regiondash.data import load_catalog
from regiondash.filters import Filters
from regiondash.i18n import LANGUAGES
from regiondash.themes_view import MODES
from regiondash.viewstate import (
    MAX_PAIRS,
    MAX_SERIES,
    THEMES_MODES,
    MapView,
    ViewState,
    choices_for,
    decode,
    encode,
    parse_camera,
    parse_view_address,
    view_address,
    view_url,
)


@pytest.fixture(scope="module")
def choices():
    return choices_for(load_catalog(DATA_DIR), LANGUAGES)


FULL = ViewState(
    filters=Filters(
        regions=("CN-ZJ", "CA-QC"),
        themes=("physics",),
        agreement_kinds=("framework",),
        statuses=("planned",),
        years=(2015, 2024),
    ),
    lang="zh",
    camera=MapView(30.25, 120.1667, 6.5),
    layers=("regions", "labels"),
    arc_colour="theme",
    selection=("institution", "zju"),
    partners=("CA-QC", "CN-BJ"),
    present_region="CN-BJ",
    slide=3,
    screen="audience",
    deck="k3f9a2x7",
    institution="paris-saclay",
    breakdown_year=2018,
    themes_mode="region",
    themes_search="photonique & co",
    since=date(2020, 2, 29),
    trend_measure="students_master",
    trend_regions=("FR-IDF", "CN-ZJ"),
    trend_institutions=("zju", "paris-saclay"),
    trend_cumulative=True,
)


def test_every_choice_round_trips_through_the_query_string(choices):
    assert decode(encode(FULL), choices) == (FULL, [])


def test_the_default_state_is_an_empty_query(choices):
    assert encode(ViewState()) == {}
    assert decode({}, choices) == (ViewState(), [])


def test_slides_count_from_one_in_the_url(choices):
    assert encode(ViewState(slide=0)) == {}
    assert encode(ViewState(slide=2))["slide"] == ["3"]
    assert decode({"slide": ["1"]}, choices)[0].slide == 0
    assert decode({"slide": ["999"]}, choices)[0].slide == 998


def test_an_audience_screen_names_its_presentation(choices):
    state = ViewState(present_region="CN-ZJ", slide=4, screen="audience", deck="a1b2c3")
    assert encode(state) == {
        "present": ["CN-ZJ"],
        "slide": ["5"],
        "screen": ["audience"],
        "deck": ["a1b2c3"],
    }
    assert decode(encode(state), choices) == (state, [])


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("screen", "presenter"),  # the presenter's view is the default, never named
        ("screen", "AUDIENCE"),
        ("deck", "abc12"),  # 5 characters: too short to be one this app made
        ("deck", "a" * 17),
        ("deck", "ABCDEF"),
        ("deck", "abc-def"),
        ("deck", "<script>"),
    ],
)
def test_an_unknown_screen_or_malformed_presentation_id_is_ignored(choices, name, bad):
    state, ignored = decode({name: [bad]}, choices)
    assert state == ViewState() and ignored == [f"{name}={bad}"]


@pytest.mark.parametrize("deck", ["abc123", "a" * 16])
def test_presentation_ids_of_6_to_16_characters_are_kept(choices, deck):
    assert decode({"deck": [deck]}, choices) == (ViewState(deck=deck), [])


@pytest.mark.parametrize("bad", ["0", "1000", "-1", "²", "1.5", "", "x"])
def test_a_slide_out_of_range_or_malformed_is_ignored(choices, bad):
    state, ignored = decode({"slide": [bad]}, choices)
    assert state.slide == 0 and ignored == [f"slide={bad}"]


def test_a_camera_with_pitch_round_trips(choices):
    state = ViewState(camera=MapView(48.7, 2.25, 8.6, pitch=45.0))
    assert encode(state)["cam"] == ["48.7000,2.2500,8.60,45"]
    assert decode(encode(state), choices)[0] == state


@pytest.mark.parametrize(
    "text",
    ["90,180,20", "-90,-180,0", "0,0,0,60", "48.72,2.25,8.6"],
)
def test_camera_edges_are_accepted(text):
    assert parse_camera(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "90.01,0,1",
        "-90.5,0,1",
        "0,180.5,1",
        "0,-181,1",
        "0,0,20.01",
        "0,0,-0.1",
        "0,0,1,61",
        "0,0,1,-1",
        "nan,0,1",
        "inf,0,1",
        "1e3,0,1",
        "0,0",
        "0,0,1,0,0",
        "",
        "a,b,c",
    ],
)
def test_a_camera_out_of_range_or_malformed_is_ignored(choices, text):
    assert parse_camera(text) is None
    state, ignored = decode({"cam": [text]}, choices)
    assert state.camera is None and ignored == [f"cam={text}"]


def test_years_reaching_past_the_data_are_narrowed_to_it(choices):
    low, high = choices.years
    state, ignored = decode({"years": [f"{low - 30}-{high + 5}"]}, choices)
    assert state.filters.years == (low, high) and ignored == []
    assert decode({"years": [f"{low}-{low}"]}, choices)[0].filters.years == (low, low)
    assert decode({"years": [f"{high}-{high}"]}, choices)[0].filters.years == (high, high)


@pytest.mark.parametrize(
    "text",
    ["2024-2015", "²⁰¹⁵-²⁰²⁰", "2015", "2015-", "15-20", "2015–2020", "0900-0950", "9990-9999"],
)
def test_malformed_or_disjoint_years_are_ignored(choices, text):
    state, ignored = decode({"years": [text]}, choices)
    assert state.filters.years is None and ignored == [f"years={text}"]


def test_unknown_values_are_ignored_and_named_and_known_ones_kept(choices):
    query = {"region": ["CN-ZJ", "XX-NOPE"], "theme": ["<script>"], "lang": ["de"]}
    state, ignored = decode(query, choices)
    assert state.filters == Filters(regions=("CN-ZJ",)) and state.lang is None
    assert ignored == ["region=XX-NOPE", "theme=<script>", "lang=de"]


def test_repeated_keys_keep_each_list_value_once_and_the_last_single_value(choices):
    query = {
        "region": ["CN-ZJ", "CN-ZJ", "CA-QC"],
        "lang": ["fr", "zh"],
        "partner": ["CN-BJ", "CN-ZJ", "CN-BJ"],
        "tmeasure": ["events", "projects"],
        "treg": ["CN-ZJ", "FR-IDF", "CN-ZJ"],
    }
    state, ignored = decode(query, choices)
    assert state.filters.regions == ("CN-ZJ", "CA-QC")
    assert state.lang == "zh" and state.partners == ("CN-BJ", "CN-ZJ")
    assert state.trend_measure == "projects" and state.trend_regions == ("CN-ZJ", "FR-IDF")
    assert ignored == []


def test_the_home_region_is_not_a_partner_choice(choices):
    state, ignored = decode({"partner": ["FR-IDF"], "present": ["FR-IDF"]}, choices)
    assert state.partners is None and state.present_region is None
    assert ignored == ["partner=FR-IDF", "present=FR-IDF"]


def test_very_long_values_are_ignored_without_being_parsed(choices):
    long = "CN-ZJ" + "x" * 100_000
    state, ignored = decode({"region": [long], "cam": ["1" * 100_000]}, choices)
    assert state == ViewState() and len(ignored) == 2


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("region:CN-ZJ", True),
        ("region:FR-IDF", True),
        ("institution:zju", True),
        ("region:XX", False),
        ("institution:", False),
        ("planet:earth", False),
        ("zju", False),
        ("pairs:", False),
        ("pairs:paris-saclay|zju", True),
        ("pairs:paris-saclay|zju|ens-paris-saclay", False),
        ("pairs:zju|zju", False),
        ("pairs:zju|nowhere", False),
    ],
)
def test_a_selection_must_name_an_existing_item(choices, text, kept):
    state, ignored = decode({"sel": [text]}, choices)
    assert (state.selection is not None) is kept
    assert (ignored == []) is kept


def test_a_selection_of_too_many_pairs_is_ignored(choices):
    pair = "paris-saclay|zju"
    assert decode({"sel": ["pairs:" + ",".join([pair] * MAX_PAIRS)]}, choices)[0].selection
    too_many = "pairs:" + ",".join([pair] * (MAX_PAIRS + 1))
    assert decode({"sel": [too_many]}, choices)[0].selection is None


def test_view_url_puts_the_state_after_the_page():
    state = ViewState(filters=Filters(regions=("CN-ZJ",), years=(2018, 2020)), lang="zh")
    url = view_url("http://host/map", state)
    assert url == "http://host/map?region=CN-ZJ&years=2018-2020&lang=zh"
    assert view_url("http://host/map", ViewState()) == "http://host/map"


def test_the_themes_modes_the_codec_accepts_are_the_pages_modes():
    assert THEMES_MODES == MODES


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("since", "2021-02-29"),
        ("since", "2021-13-01"),
        ("since", "1899-12-31"),
        ("since", "2099-01-01"),
        ("since", "2021-1-1"),
        ("since", "２０２１-01-01"),
        ("byear", "1000"),
        ("byear", "9999"),
        ("byear", "20x1"),
        ("tmode", "theme"),
        ("q", "x" * 101),
    ],
)
def test_page_choices_out_of_range_are_ignored(choices, name, text):
    state, ignored = decode({name: [text]}, choices)
    assert state == ViewState() and ignored == [f"{name}={text}"]


def test_page_choice_edges_are_kept(choices):
    low, high = choices.years
    assert decode({"byear": [str(low)]}, choices)[0].breakdown_year == low
    assert decode({"byear": [str(high)]}, choices)[0].breakdown_year == high
    assert decode({"since": ["1900-01-01"]}, choices)[0].since == date(1900, 1, 1)
    as_of = choices.as_of
    assert decode({"since": [as_of.isoformat()]}, choices)[0].since == as_of
    assert decode({"q": ["x" * 100]}, choices)[0].themes_search == "x" * 100


@pytest.mark.parametrize(
    ("text", "layers"),
    [("none", ()), ("labels,regions", ("regions", "labels")), ("arcs", ("arcs",))],
)
def test_map_layers_are_kept_in_drawing_order(choices, text, layers):
    state, ignored = decode({"layers": [text]}, choices)
    assert state.layers == layers and ignored == []
    assert decode(encode(state), choices)[0] == state


@pytest.mark.parametrize("text", ["", "regions,volcanoes", "regions,,arcs", "None"])
def test_unknown_map_layers_are_ignored(choices, text):
    state, ignored = decode({"layers": [text]}, choices)
    assert state.layers is None and ignored == [f"layers={text}"]


# --- Compare partners and Trends series ----------------------------------------------------------


def test_an_old_single_partner_link_still_opens_that_partner(choices):
    state, ignored = decode({"partner": ["CN-ZJ"]}, choices)
    assert state.partners == ("CN-ZJ",) and ignored == []
    assert encode(state) == {"partner": ["CN-ZJ"]}  # and is written the same way


def test_trend_choices_round_trip_and_default_to_an_empty_query(choices):
    state = ViewState(trend_measure="events", trend_regions=("CA-QC",), trend_cumulative=True)
    assert encode(state) == {"tmeasure": ["events"], "treg": ["CA-QC"], "tcum": ["1"]}
    assert decode(encode(state), choices) == (state, [])
    assert decode({}, choices)[0].trend_regions is None  # absent: the page's defaults


def test_an_emptied_list_is_kept_apart_from_the_defaults(choices):
    state = ViewState(partners=(), trend_regions=(), trend_institutions=())
    query = encode(state)
    assert query == {"partner": ["none"], "treg": ["none"], "tinst": ["none"]}
    assert decode(query, choices) == (state, [])


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("partner", "XX-NOPE"),
        ("treg", "XX-NOPE"),
        ("treg", "zju"),  # an institution is not a region
        ("tinst", "CN-ZJ"),
        ("tinst", "nowhere"),
        ("tmeasure", "students"),
        ("tmeasure", "AGREEMENTS"),
        ("tcum", "0"),
        ("tcum", "yes"),
    ],
)
def test_unknown_trend_and_partner_values_are_ignored_and_named(choices, name, bad):
    assert decode({name: [bad]}, choices) == (ViewState(), [f"{name}={bad}"])


def test_known_series_are_kept_beside_unknown_ones(choices):
    state, ignored = decode({"tinst": ["zju", "<script>", "paris-saclay"]}, choices)
    assert state.trend_institutions == ("zju", "paris-saclay")
    assert ignored == ["tinst=<script>"]


def test_more_series_than_the_limit_keep_the_first_and_name_the_rest(choices):
    institutions = sorted(choices.institutions)[: MAX_SERIES + 2]
    state, ignored = decode({"tinst": institutions}, choices)
    assert state.trend_institutions == tuple(institutions[:MAX_SERIES])
    assert ignored == [f"tinst={i}" for i in institutions[MAX_SERIES:]]
    at_limit, ignored = decode({"tinst": institutions[:MAX_SERIES]}, choices)
    assert len(at_limit.trend_institutions) == MAX_SERIES and ignored == []


def test_none_beside_real_ids_is_an_unknown_value(choices):
    state, ignored = decode({"treg": ["none", "CN-ZJ"]}, choices)
    assert state.trend_regions == ("CN-ZJ",) and ignored == ["treg=none"]


def test_only_a_link_the_app_did_not_write_or_the_back_button_decodes_the_url():
    from regiondash.ui.state import changed_outside_app

    first = {"lang": ["en"]}
    panned = {"lang": ["en"], "cam": ["56.9,78.2,0.93"]}
    recent = [first, panned]
    assert not changed_outside_app({}, panned, recent, history_navigation=False)  # page switch
    assert not changed_outside_app(panned, panned, recent, history_navigation=False)
    # A second move sent before the first one's run came back: the old address bar, ours.
    assert not changed_outside_app(first, panned, recent, history_navigation=False)
    assert changed_outside_app(first, panned, recent, history_navigation=True)  # back button
    assert changed_outside_app({"lang": ["fr"]}, panned, recent, history_navigation=False)
    assert changed_outside_app(first, None, [], history_navigation=False)  # first load


def test_the_app_remembers_the_last_queries_it_read_or_wrote_and_no_more():
    """Run bare (Streamlit's session state works without a runtime)."""
    import streamlit as st

    from regiondash.ui import state as view_state

    queries = [{"years": [f"{2000 + n}-2020"]} for n in range(view_state.RECENT_KEPT + 3)]
    for query in [*queries, queries[-2]]:
        view_state._known(query)
    recent = st.session_state[view_state.RECENT]
    assert len(recent) == view_state.RECENT_KEPT
    assert recent[-1] == queries[-2] and recent.count(queries[-2]) == 1
    assert queries[2] not in recent and queries[3] in recent
    assert st.session_state[view_state.WRITTEN] == queries[-2]


PAGE_PATHS = ("overview", "map", "curate")


def test_a_view_address_comes_back_as_the_page_and_query_it_was_made_of():
    query = {"region": ["CN-ZJ", "CA-QC"], "years": ["2018-2024"], "q": ["a&b=c ?#"]}
    address = view_address("map", query)
    assert address.startswith("map?") and "#" not in address
    assert parse_view_address(address, PAGE_PATHS) == ("map", query)
    assert view_address("curate", {}) == "curate"
    assert parse_view_address("curate", PAGE_PATHS) == ("curate", {})
    assert parse_view_address("overview?years=", PAGE_PATHS) == ("overview", {"years": [""]})


@pytest.mark.parametrize(
    "address",
    [
        None,
        42,
        "",
        "home",  # the landing page itself: no loop
        "/map",
        "https://example.org/login",
        "//example.org/map",
        "javascript:alert(1)",
        "map/../../etc",
        "Map",
        "map#x",
        "map?" + "a=1&" * 101,  # more fields than any view
        "map?region=" + "x" * 4000,  # longer than a cookie keeps
    ],
)
def test_only_an_address_of_one_of_the_apps_pages_is_accepted(address):
    assert parse_view_address(address, PAGE_PATHS) is None


def test_a_view_address_as_long_as_a_cookie_keeps_is_accepted_and_one_more_is_not():
    from regiondash.viewstate import MAX_ADDRESS_CHARS

    longest = "map?q=" + "x" * (MAX_ADDRESS_CHARS - len("map?q="))
    assert len(longest) == MAX_ADDRESS_CHARS
    assert parse_view_address(longest, PAGE_PATHS) == ("map", {"q": ["x" * (len(longest) - 6)]})
    assert parse_view_address(longest + "x", PAGE_PATHS) is None
