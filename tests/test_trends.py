"""Trends: counts per year for regions and headcounts by year for institutions, on small
hand-built tables and on the shipped catalog; then the page in each state (one AppTest each)."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest
from conftest import open_page

from regiondash import trends
from regiondash.data import Catalog, load_catalog
from regiondash.filters import Filters, apply
from regiondash.i18n import t
from regiondash.viewstate import TREND_MEASURES

SHIPPED = load_catalog()
PAGE = "app_pages/trends.py"


def frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns, dtype=object)


def small_catalog() -> Catalog:
    """HOME (institution h1) and partners P1 (institution i1) and P2; items dated 2010–2013."""
    return replace(
        SHIPPED,
        regions=frame(
            [("HOME", "home", "Home"), ("P1", "partner", "One"), ("P2", "partner", "Two")],
            ["id", "role", "name_en"],
        ),
        institutions=frame(
            [("h1", "HOME", "Home University"), ("i1", "P1", "One University")],
            ["id", "region_id", "name_en"],
        ),
        agreements=frame(
            [
                ("a-2010", "Regions 2010", 2010, "s1"),
                ("a-2012-inst", "Institutions 2012", 2012, "s2"),
                ("a-2012-p2", "Home and Two 2012", 2012, "s1"),
                ("a-undated", "Undated", None, "s2"),
            ],
            ["id", "title_en", "signed_year", "source_id"],
        ).astype({"signed_year": "Int64"}),
        agreement_parties=frame(
            [
                ("a-2010", "HOME", "region"),
                ("a-2010", "P1", "region"),
                ("a-2012-inst", "h1", "institution"),
                ("a-2012-inst", "i1", "institution"),
                ("a-2012-p2", "HOME", "region"),
                ("a-2012-p2", "P2", "region"),
                ("a-undated", "h1", "institution"),
                ("a-undated", "i1", "institution"),
            ],
            ["agreement_id", "party_id", "party_kind"],
        ),
        projects=frame(
            [("pr-2011", "Joint 2011", 2011, "s1"), ("pr-undated", "Home only", None, "s2")],
            ["id", "title_en", "start_year", "source_id"],
        ).astype({"start_year": "Int64"}),
        project_partners=frame(
            [("pr-2011", "h1"), ("pr-2011", "i1"), ("pr-undated", "h1")],
            ["project_id", "institution_id"],
        ),
        events=frame(
            [
                ("e-p1", "Visit in One", "P1", None, "s1"),
                ("e-about", "About the 2010 agreement", "HOME", "a-2010", "s2"),
            ],
            ["id", "title_en", "region_id", "agreement_id", "source_id"],
        ).assign(date=pd.to_datetime(["2010-05-01", "2013-01-15"])),
        sources=frame(
            [
                ("s1", "Source one", "2010-01-01"),
                ("s2", "Source two", "2012-01-01"),
                ("june", "June release", "2018-06-01"),
                ("december", "December release", "2018-12-01"),
            ],
            ["id", "title", "published_on"],
        ),
        headcounts=frame(
            [
                ("i1", 2016, "students_total", 100, "exact", "s1"),
                ("i1", 2018, "students_total", 120, "at_least", "june"),
                ("i1", 2018, "students_total", 130, "about", "december"),
                ("i1", 2017, "students_doctoral", 10, "exact", "s1"),  # another category
                ("h1", 2019, "students_total", 50, "exact", "s2"),  # one observation
                ("h1", 2020, "students_total", 500, "target", "s2"),  # a goal, not a count
            ],
            ["institution_id", "year", "category", "count", "qualifier", "source_id"],
        ).astype({"year": "Int64", "count": "Int64"}),
    )


SMALL = small_catalog()


def per_year(counts: pd.DataFrame, region_id: str, column: str = "count") -> dict[int, int]:
    rows = counts[counts["region_id"] == region_id]
    return dict(zip(rows["year"], rows[column], strict=True))


# --- regions ------------------------------------------------------------------------------------


def test_the_measures_the_codec_accepts_are_the_pages_measures():
    assert TREND_MEASURES == trends.MEASURES


def test_agreements_count_for_a_region_reached_directly_or_through_its_institutions():
    counts = trends.region_counts(SMALL, ["HOME", "P1", "P2"], "agreements", (2010, 2012))
    assert per_year(counts, "HOME") == {2010: 1, 2011: 0, 2012: 2}
    assert per_year(counts, "P1") == {2010: 1, 2011: 0, 2012: 1}  # 2012: through i1
    assert per_year(counts, "P2") == {2010: 0, 2011: 0, 2012: 1}
    (row,) = counts[(counts["region_id"] == "HOME") & (counts["year"] == 2012)].itertuples()
    assert set(row.titles) == {"Institutions 2012", "Home and Two 2012"}
    assert set(row.source_ids) == {"s1", "s2"}


def test_events_and_projects_are_counted_by_their_own_year():
    events = trends.region_counts(SMALL, ["HOME", "P1"], "events", (2010, 2013))
    assert per_year(events, "P1") == {2010: 1, 2011: 0, 2012: 0, 2013: 1}  # held in / about
    assert per_year(events, "HOME") == {2010: 0, 2011: 0, 2012: 0, 2013: 1}
    projects = trends.region_counts(SMALL, ["HOME"], "projects", (2010, 2013))
    assert per_year(projects, "HOME") == {2010: 0, 2011: 1, 2012: 0, 2013: 0}


def test_the_first_and_last_year_of_the_span_are_counted_and_nothing_outside():
    counts = trends.region_counts(SMALL, ["HOME"], "agreements", (2010, 2010))
    assert per_year(counts, "HOME") == {2010: 1}
    counts = trends.region_counts(SMALL, ["HOME"], "agreements", (2012, 2012))
    assert per_year(counts, "HOME") == {2012: 2}
    counts = trends.region_counts(SMALL, ["HOME"], "agreements", (2011, 2011))
    assert per_year(counts, "HOME") == {2011: 0}


def test_cumulative_counts_are_running_sums_from_the_first_shown_year():
    counts = trends.region_counts(SMALL, ["HOME"], "agreements", (2010, 2012), cumulative=True)
    assert per_year(counts, "HOME") == {2010: 1, 2011: 1, 2012: 3}
    assert per_year(counts, "HOME", "added") == {2010: 1, 2011: 0, 2012: 2}
    later = trends.region_counts(SMALL, ["HOME"], "agreements", (2011, 2012), cumulative=True)
    assert per_year(later, "HOME") == {2011: 0, 2012: 2}  # 2010 is before the span


def test_item_titles_are_in_the_reader_language_with_the_fallback_marked():
    counts = trends.region_counts(SMALL, ["HOME"], "agreements", (2010, 2010), lang="zh")
    assert counts["titles"].iloc[0] == ("Regions 2010 ⁽ᴱᴺ⁾",)


def test_no_region_or_no_years_gives_an_empty_table():
    assert trends.region_counts(SMALL, [], "agreements", (2010, 2012)).empty
    assert trends.region_counts(SMALL, ["HOME"], "agreements", None).empty


def test_covered_years_and_the_years_filter_make_the_span():
    assert trends.covered_years(SMALL, "agreements") == (2010, 2012)
    assert trends.covered_years(SMALL, "projects") == (2011, 2011)
    assert trends.covered_years(replace(SMALL, events=SMALL.events.iloc[0:0]), "events") is None
    assert trends.shown_years((2010, 2012), None) == (2010, 2012)
    assert trends.shown_years((2010, 2012), (2012, 2030)) == (2012, 2012)
    assert trends.shown_years((2010, 2012), (1990, 2010)) == (2010, 2010)
    assert trends.shown_years((2010, 2012), (2013, 2030)) is None
    assert trends.shown_years(None, (2010, 2012)) is None


def test_undated_items_are_counted_apart():
    assert trends.undated_counts(SMALL, ["HOME", "P1", "P2"], "agreements") == {
        "HOME": 1,
        "P1": 1,
        "P2": 0,
    }
    names = {"HOME": "Home", "P1": "One"}
    assert trends.undated_text({"HOME": 1, "P1": 0}, names) == "Home 1"


def test_default_regions_are_home_and_zhejiang_else_the_first_partner():
    assert trends.default_regions(SHIPPED) == ["FR-IDF", "CN-ZJ"]
    assert trends.default_regions(SMALL) == ["HOME", "P1"]
    assert trends.region_options(SMALL) == ["HOME", "P1", "P2"]


def test_the_years_filter_keeps_only_counts_of_its_years():
    full = trends.region_counts(SHIPPED, ["FR-IDF"], "agreements", (2015, 2019))
    view = apply(SHIPPED, Filters(years=(2016, 2018)))
    span = trends.shown_years(trends.covered_years(SHIPPED, "agreements"), (2016, 2018))
    filtered = trends.region_counts(view, ["FR-IDF"], "agreements", span)
    assert list(filtered["year"]) == [2016, 2017, 2018]
    assert per_year(filtered, "FR-IDF") == {
        y: c for y, c in per_year(full, "FR-IDF").items() if 2016 <= y <= 2018
    }
    assert sum(per_year(full, "FR-IDF").values()) > sum(per_year(filtered, "FR-IDF").values())


def test_a_kind_filter_counts_only_that_kind():
    view = apply(SHIPPED, Filters(agreement_kinds=("framework",)))
    counts = trends.region_counts(view, ["FR-IDF"], "agreements", (1987, 2024))
    frameworks = SHIPPED.agreements[SHIPPED.agreements["kind"] == "framework"]
    assert counts["count"].sum() == len(frameworks.dropna(subset=["signed_year"]))


def test_region_figure_and_table_say_what_is_counted_and_cite_each_year():
    counts = trends.region_counts(SMALL, ["HOME", "P1"], "agreements", (2010, 2012), True)
    names = {"HOME": "Home", "P1": "<b>One</b>"}
    figure = trends.region_figure(SMALL, counts, names, "agreements", True, "en")
    assert [trace.name for trace in figure.data] == ["Home", "&lt;b&gt;One&lt;/b&gt;"]
    assert list(figure.data[0].y) == [1, 1, 3]
    assert figure.layout.yaxis.title.text == t("trends.axis.agreements_cumulative", "en", year=2010)
    assert SMALL.as_of in figure.layout.title.text or "data as of" in figure.layout.title.text
    assert "Source one" in figure.data[0].hovertext[0]
    shown = trends.region_rows(SMALL, counts, names, "agreements", True, "en")
    assert list(shown.rows[t("trends.col.agreements", "en")])[:3] == [1, 0, 2]
    assert list(shown.rows[t("trends.col.cumulative", "en")])[:3] == [1, 1, 3]
    assert set(shown.source_ids) == {"s1", "s2"}


# --- institutions -------------------------------------------------------------------------------


def test_headcounts_keep_every_value_and_the_line_takes_the_latest_source_of_each_year():
    points = trends.headcount_points(SMALL, ["i1"], "students_total")
    assert list(zip(points["year"], points["count"], points["on_line"], strict=True)) == [
        (2016, 100, True),
        (2018, 130, True),  # December's value: the latest source of 2018
        (2018, 120, False),
    ]
    assert list(points["qualifier"]) == ["exact", "about", "at_least"]


def test_one_observation_is_one_point_and_a_target_is_never_on_the_line():
    points = trends.headcount_points(SMALL, ["h1"], "students_total")
    assert list(zip(points["year"], points["on_line"], strict=True)) == [
        (2019, True),
        (2020, False),
    ]
    figure = trends.headcount_figure(SMALL, points, {"h1": "Home U"}, "students_total", "en")
    line, others = figure.data
    assert list(line.x) == [2019] and line.mode == "lines+markers"
    assert list(others.x) == [2020] and others.mode == "markers"
    assert "target" in others.hovertext[0]


def test_years_without_a_value_are_absent_not_zero():
    points = trends.headcount_points(SMALL, ["i1"], "students_total")
    figure = trends.headcount_figure(SMALL, points, {"i1": "One U"}, "students_total", "en")
    assert list(figure.data[0].x) == [2016, 2018]  # no 2017 point, no 0
    assert 0 not in list(figure.data[0].y)


def test_qualifiers_are_carried_to_the_hover_and_the_table():
    points = trends.headcount_points(SMALL, ["i1"], "students_total")
    figure = trends.headcount_figure(SMALL, points, {"i1": "One U"}, "students_total", "en")
    assert figure.data[0].hovertext[1].startswith("≈130")
    assert "≥120" in figure.data[1].hovertext[0] and "at least" in figure.data[1].hovertext[0]
    assert "December release" in figure.data[0].hovertext[1]
    rows = trends.headcount_rows(SMALL, points, {"i1": "One U"}, "students_total", "en").rows
    assert list(rows[t("col.qualifier", "en")]) == ["", "about", "at least"]
    assert list(rows[t("category.students_total", "en")]) == [100, 130, 120]  # numbers
    assert list(rows[t("col.institution", "en")]) == ["One U"] * 3
    assert list(rows[t("col.year", "en")]) == [2016, 2018, 2018]
    assert list(rows[t("trends.col.on_line", "en")]) == [
        t("trends.on_line", "en"),
        t("trends.on_line", "en"),
        t("trends.not_on_line", "en"),
    ]
    assert list(rows[t("col.source", "en")]) == ["Source one", "December release", "June release"]


def test_other_categories_and_institutions_are_not_mixed_in():
    points = trends.headcount_points(SMALL, ["i1"], "students_doctoral")
    assert list(points["count"]) == [10]
    empty = trends.headcount_points(SMALL, [], "students_total")
    assert empty.empty and "on_line" in empty.columns  # the page's checks still apply


def test_the_years_filter_drops_headcounts_of_other_years():
    view = apply(SHIPPED, Filters(years=(2017, 2018)))
    points = trends.headcount_points(view, ["zju"], "students_total")
    assert set(points["year"]) == {2018}
    every = trends.headcount_points(SHIPPED, ["zju"], "students_total")
    assert set(every["year"]) == {2016, 2018}


def test_default_institutions_have_the_most_years_of_counts():
    assert trends.default_institutions(SMALL, "students_total") == ["h1", "i1"][::-1]
    assert trends.default_institutions(SHIPPED, "students_total")[0] == "zju"
    assert "paris-saclay" in trends.institution_options(SHIPPED, "students_total")


# --- Compare's three panels ---------------------------------------------------------------------


def test_the_three_panels_share_colours_and_each_has_its_own_years():
    spans = trends.measure_spans(SMALL, None)
    assert spans == {"agreements": (2010, 2012), "events": (2010, 2013), "projects": (2011, 2011)}
    counts = trends.all_region_counts(SMALL, ["HOME", "P1"], spans)
    names = {"HOME": "Home", "P1": "One"}
    figure = trends.measures_figure(SMALL, counts, names, "en")
    assert len(figure.data) == 6
    assert [trace.showlegend for trace in figure.data] == [True, True, False, False, False, False]
    assert figure.data[0].line.color == figure.data[2].line.color == figure.data[4].line.color
    assert list(figure.data[4].x) == [2011]
    assert list(counts["measure"].drop_duplicates()) == list(trends.REGION_MEASURES)
    shown = trends.measures_rows(SMALL, counts, names, "fr")
    rows = shown.rows
    assert len(rows) == 2 * (3 + 4 + 1)
    assert list(rows.columns) == [
        t("col.region", "fr"),
        t("trends.col.measure", "fr"),
        t("col.year", "fr"),
        t("col.count", "fr"),
        t("trends.col.items", "fr"),
        t("col.source", "fr"),
    ]
    first = rows.iloc[2]  # HOME's agreements in 2012
    assert list(first)[:4] == ["Home", t("trends.axis.agreements", "fr"), 2012, 2]
    assert set(first.iloc[4].split("; ")) == {"Institutions 2012", "Home and Two 2012"}
    assert set(first.iloc[5].split("; ")) == {"Source one", "Source two"}
    assert set(shown.source_ids) == {"s1", "s2"}


# --- the page, one state per AppTest ------------------------------------------------------------


def chart(app) -> dict:
    (element,) = app.get("plotly_chart")
    return json.loads(element.proto.spec)


def test_page_opens_on_agreements_of_home_and_zhejiang_with_table_and_downloads():
    app = open_page(PAGE)
    figure = chart(app)
    assert [trace["name"] for trace in figure["data"]] == ["Île-de-France", "Zhejiang"]
    assert "Agreements signed per year" in figure["layout"]["title"]["text"]
    assert SHIPPED.as_of in figure["layout"]["annotations"][-1]["text"]  # the footnote
    assert [tab.label for tab in app.tabs][:2] == [t("tab.chart"), t("tab.table")]
    keys = {b.key for b in app.get("download_button")}
    assert {"csv_trends-agreements", "xlsx_trends-agreements", "zip_trends-agreements"} <= keys
    assert any("real zero" in c.value for c in app.caption)


def test_a_link_reopens_the_same_cumulative_chart_of_events_within_the_years():
    app = open_page(
        PAGE, tmeasure="events", tcum="1", treg=["CN-BJ", "FR-IDF"], years="2016-2018", lang="fr"
    )
    figure = chart(app)
    assert [trace["name"] for trace in figure["data"]] == ["Municipalité de Pékin", "Île-de-France"]
    assert figure["data"][0]["x"] == [2016, 2017, 2018]
    assert figure["layout"]["yaxis"]["title"]["text"] == t(
        "trends.axis.events_cumulative", "fr", year=2016
    )
    assert app.toggle(key="trend_cumulative").value is True


def test_headcounts_page_draws_institutions_and_names_hidden_choices():
    app = open_page(
        PAGE, tmeasure="students_total", tinst=["zju", "centralesupelec"], ikind="grande_ecole"
    )
    assert [trace["name"] for trace in chart(app)["data"]] == ["CentraleSupélec"]
    assert app.multiselect(key="trend_institutions").value == ["centralesupelec"]
    assert any("Zhejiang University" in c.value for c in app.caption)  # outside the filters
    assert any("nothing is interpolated" in c.value for c in app.caption)


def test_an_emptied_list_shows_the_hint_not_the_defaults():
    app = open_page(PAGE, treg="none")
    assert not app.get("plotly_chart")
    assert any(t("trends.pick") in info.value for info in app.info)


@pytest.mark.parametrize("query", [{}, {"tmeasure": "students_total"}])
def test_a_trend_chart_drawn_again_keeps_one_footnote(query):
    # Two visits in one process: the second draws the memoised figure of the first.
    for _ in range(2):
        (chart,) = open_page(PAGE, **query).get("plotly_chart")
        annotations = json.loads(chart.proto.spec)["layout"].get("annotations", [])
        as_of = load_catalog().as_of
        assert len([a for a in annotations if as_of in a.get("text", "")]) == 1
