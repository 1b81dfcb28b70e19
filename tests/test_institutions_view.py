"""Institutions & students: breakdown, membership tree, side-by-side facts (on the shipped data),
and the page in every language."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest
from conftest import DATA_DIR, ROOT, open_page
from streamlit.testing.v1 import AppTest

from regiondash import institutions_view as view
from regiondash.data import load_catalog
from regiondash.filters import Filters, apply
from regiondash.i18n import LANGUAGES, t

APP = str(ROOT / "app.py")
PAGE = "app_pages/institutions.py"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def read(table: str) -> pd.DataFrame:
    """A table of the shipped package as written: strings, empty cells as ""."""
    return pd.read_csv(DATA_DIR / f"{table}.csv", dtype=str, keep_default_na=False)


def zju_latest_total() -> tuple[str, int]:
    """Hand pick on the CSVs: ZJU's students_total shown as latest (latest year, then the source
    published last that year) as "≥53,000 (2018)", and how many totals are sourced for ZJU."""
    headcounts = read("headcounts")
    totals = headcounts[
        (headcounts["institution_id"] == "zju") & (headcounts["category"] == "students_total")
    ]
    published = dict(zip(read("sources")["id"], read("sources")["published_on"], strict=True))
    latest = totals.assign(published=totals["source_id"].map(published))
    latest = latest.sort_values(["year", "published"]).iloc[-1]
    assert latest["qualifier"] == "at_least"  # December 2018: "over 53,000"
    return f"≥{int(latest['count']):,} ({latest['year']})", len(totals)


def target_only_if_marked(text: str) -> bool:
    """Paris-Saclay's only students_total is the announced 65,000, a target: it may be shown as a
    target or not at all, never as a headcount."""
    return "65,000" not in text or t("value.target", "en", value="65,000") in text


def value_of(table: pd.DataFrame, institution_id: str, category: str):
    row = table[(table["institution_id"] == institution_id) & (table["category"] == category)]
    assert len(row) == 1
    return row.iloc[0]


def test_zju_2018_breakdown_uses_the_latest_source_of_the_year(catalog):
    table = view.breakdown(catalog, 2018)
    assert value_of(table, "zju", "students_first_cycle")["count"] == 24100
    assert value_of(table, "zju", "students_master")["count"] == 15000
    assert value_of(table, "zju", "students_doctoral")["count"] == 9500
    # June 2018 says "more than 6,200", December 2018 "almost 7,000": the later source is shown.
    international = value_of(table, "zju", "international_students")
    assert (international["count"], international["source_id"]) == (7000, "ups-zju-2018-12")
    assert international["n_values"] == 2
    assert value_of(table, "zju", "international_academics")["count"] == 600


def test_missing_breakdown_values_stay_missing_not_zero(catalog):
    table = view.breakdown(catalog, 2018)
    assert set(table["institution_id"]) == set(view.counted_institutions(catalog))
    assert table.loc[table["institution_id"] == "paris-saclay", "count"].isna().all()
    assert not (table["count"].dropna() == 0).any()
    rows = view.breakdown_rows(catalog, table, "en").rows.set_index(["Institution", "Category"])
    assert rows.loc[("Zhejiang University", "First-cycle students"), "Count"] == 24100
    master = rows.loc[("Zhejiang University", "Master's students")]
    assert (master["Count"], master["Qualifier"]) == (15000, "at least")
    doctoral = rows.loc[("Paris-Saclay University", "Doctoral students")]
    assert pd.isna(doctoral["Count"]) and doctoral["Qualifier"] == "not sourced"
    assert rows["Count"].dtype == "Int64"


def test_breakdown_figure_draws_no_bar_for_a_missing_value(catalog):
    table = view.breakdown(catalog, 2018)
    figure = view.breakdown_figure(catalog, table, 2018, "en")
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert len(bars) == len(view.BREAKDOWN)
    for trace in bars:
        values = dict(zip(trace.customdata, trace.x, strict=True))
        assert values["paris-saclay"] is None  # no bar, and never a 0
    first_cycle = next(tr for tr in bars if tr.name == "First-cycle students")
    assert dict(zip(first_cycle.customdata, first_cycle.x, strict=True))["zju"] == 24100
    gaps = next(trace for trace in figure.data if trace.type == "scatter")
    assert gaps.name == "not sourced"
    assert "paris-saclay" in gaps.customdata and "zju" not in gaps.customdata
    # The axis leaves room past the longest bar for its label outside it.
    assert figure.layout.xaxis.range[0] == 0 and figure.layout.xaxis.range[1] > 24100 * 1.15


def test_breakdown_years_and_default(catalog):
    # Hand count on the CSVs: the years with a value of a breakdown category, latest first.
    headcounts = read("headcounts")
    years = headcounts.loc[headcounts["category"].isin(view.BREAKDOWN), "year"]
    assert view.breakdown_years(catalog) == sorted({int(y) for y in years}, reverse=True)
    assert view.default_breakdown_year(catalog) == 2018  # five sourced values that year


def test_coverage_says_how_complete_the_data_is(catalog):
    # Hand count on the CSVs: institutions with a sourced value per category. A target (Paris-
    # Saclay's announced 65,000) is not a headcount, so it does not make a student total sourced.
    institutions, headcounts = read("institutions"), read("headcounts")
    counts = headcounts[headcounts["qualifier"] != "target"]
    doctoral = counts.loc[counts["category"] == "students_doctoral", "institution_id"].nunique()
    totals = counts.loc[counts["category"] == "students_total", "institution_id"].nunique()
    coverage = view.coverage(catalog).set_index("category")
    assert len(catalog.institutions) == len(institutions)
    assert (coverage["total"] == len(institutions)).all()
    assert coverage.loc["students_doctoral", "sourced"] == doctoral
    text = view.coverage_text(catalog, "en")
    assert f"Doctoral students {doctoral}" in text
    assert coverage.loc["students_total", "sourced"] == totals
    assert f"{totals} of {len(institutions)} institutions" in text


def test_membership_tree_follows_parent_ids(catalog):
    tree = view.membership_tree(catalog, "en").set_index("node")
    assert tree.loc["inst:centralesupelec", "parent"] == "inst:paris-saclay"
    assert tree.loc["inst:ens-paris-saclay", "parent"] == "inst:paris-saclay"
    assert tree.loc["inst:lurpa", "parent"] == "inst:ens-paris-saclay"
    assert tree.loc["inst:paris-saclay", "parent"] == "region:FR-IDF"
    assert tree.loc["inst:zju", "parent"] == "region:CN-ZJ"
    unlocated = read("institutions").query("region_id == '' and parent_id == ''")["id"]
    assert len(unlocated) and (tree.loc["inst:" + unlocated, "parent"] == view.NO_REGION).all()
    assert set(tree["parent"]) - {""} <= set(tree.index)
    institutions = tree[tree.index.str.startswith("inst:")]
    assert len(institutions) == len(catalog.institutions)
    assert (institutions["value"] == 1).all()
    assert zju_latest_total()[0] in tree.loc["inst:zju", "hover"]
    assert target_only_if_marked(tree.loc["inst:paris-saclay", "hover"])
    assert "not sourced" in tree.loc["inst:lurpa", "hover"]


def test_member_whose_parent_is_filtered_out_sits_under_its_region(catalog):
    schools = apply(catalog, Filters(institution_kinds=("grande_ecole",)))
    tree = view.membership_tree(schools, "en").set_index("node")
    assert "inst:paris-saclay" not in tree.index
    assert tree.loc["inst:centralesupelec", "parent"] == "region:FR-IDF"


def test_side_by_side_facts_with_other_sourced_values(catalog):
    rows = view.comparison_rows(catalog, "paris-saclay", "zju", "en").rows.set_index("Fact")
    ups, zju = "Paris-Saclay University", "Zhejiang University"
    assert rows.loc["Founded", ups] == "2020"
    assert rows.loc["Founded", zju] == "1897"
    others = rows.loc["Founded, other sources", ups]
    assert "2015" in others and "2019" in others
    assert rows.loc["Founded, other sources", zju] == "no other sourced value"
    # several dated totals for ZJU (2016 and 2018): the latest is shown, and says so
    latest, sourced = zju_latest_total()
    assert sourced > 1
    expected = latest.replace(")", f"; latest of {sourced} sourced values)")
    assert rows.loc["Students (total)", zju] == expected
    assert target_only_if_marked(rows.loc["Students (total)", ups])
    assert rows.loc["Master's students", ups] == "not sourced"
    assert rows.loc["Students (total)", f"Source ({zju})"]
    assert rows.loc["Member of", ups] == "none (top level)"


def test_side_by_side_rows_line_up_when_one_has_closed(catalog):
    rows = view.comparison_rows(catalog, "paris-sud", "lurpa", "en").rows.set_index("Fact")
    assert rows.loc["Existed until", "Paris-Sud University"] == "2019"
    assert rows.loc["Existed until", "Automated Production Research Laboratory"] == (
        "no end recorded"
    )
    assert rows.loc["City", "Automated Production Research Laboratory"] == "not sourced"


def test_names_fall_back_without_inventing(catalog):
    names = view.institution_names(catalog, "en")
    assert names["agroparistech"] == "AgroParisTech"  # its short name before its French name
    assert names["cea"] == "CEA"
    assert names["universite-d-evry"] == "Université d'Évry ⁽ᶠᴿ⁾"  # only a French name
    assert names["cnrs"] == "French National Centre for Scientific Research"
    assert view.institution_names(catalog, "zh")["cnrs"].endswith("⁽ᴱᴺ⁾")  # English first
    assert view.institution_names(catalog, "zh")["zju"] == "浙江大学"


def test_clicked_institution_reads_the_plotly_selection():
    assert view.clicked_institution(None) is None
    assert view.clicked_institution({"selection": {"points": []}}) is None
    event = {"selection": {"points": [{"x": 24100, "customdata": "zju"}]}}
    assert view.clicked_institution(event) == "zju"
    assert view.clicked_institution({"selection": {"points": [{"customdata": ["c2n"]}]}}) == "c2n"


def run_page(**query) -> AppTest:
    return open_page(PAGE, **query)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_runs_in_every_language(lang):
    app = run_page(lang=lang)
    assert [s.value for s in app.subheader] == [
        t(key, lang)
        for key in (
            "institutions.breakdown",
            "institutions.one",
            "institutions.tree",
            "institutions.side_by_side",
        )
    ]
    figures = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    assert [f["data"][0]["type"] for f in figures] == ["bar", "bar", "treemap"]
    as_of = load_catalog().as_of
    for figure in figures:  # sources and as-of inside every figure
        assert any(as_of in a["text"] for a in figure["layout"]["annotations"])
    assert len(app.get("download_button")) == 12  # four tables (one the tree), CSV, Excel, zip


def test_permalink_region_restricts_the_institutions():
    app = run_page(region=["CN-ZJ"])
    catalog = load_catalog()
    names = view.institution_names(catalog, "en")
    allowed = set(apply(catalog, Filters(regions=("CN-ZJ",))).institutions["id"])
    shown = set(app.selectbox(key="side_first").options)
    assert shown == {names[i] for i in allowed}
    assert "Beihang University" not in shown and "Zhejiang University" in shown
    assert "Peking University" not in app.selectbox(key="institution").options


def test_undo_puts_back_the_institution_picked_before_the_click():
    app = AppTest.from_file(APP, default_timeout=60)
    app.switch_page(PAGE)
    app.session_state["institution"] = "zju"
    app.session_state["institution_click"] = ("zju", "paris-saclay")
    app.run()
    assert any("Selected on the chart: Zhejiang University" in c.value for c in app.caption)
    undo = next(b for b in app.button if b.label == "Undo")
    undo.click().run()
    assert not app.exception
    assert app.selectbox(key="institution").value == "paris-saclay"


@pytest.mark.parametrize("year", [2018, 2016])
def test_one_institutions_chart_says_when_sources_give_several_values(catalog, year):
    headcounts = read("headcounts")
    rows = headcounts[(headcounts["institution_id"] == "zju") & (headcounts["year"] == str(year))]
    figure, several = view.headcount_chart(catalog, "zju", year, "en")
    assert several == rows.duplicated("category").any()  # hand count on the CSV
    (bars,) = figure.data
    assert len(bars.x) == rows["category"].nunique()  # one bar per category: the latest value
    footnote = " ".join(a.text for a in figure.layout.annotations)
    assert "Data as of" in footnote


def test_the_two_years_of_zju_cover_both_cases(catalog):
    # 2018 has two sources for some categories (June and December), 2016 one each.
    assert view.headcount_chart(catalog, "zju", 2018, "en")[1] is True
    assert view.headcount_chart(catalog, "zju", 2016, "en")[1] is False
    assert view.headcount_years(catalog, "zju") == [2018, 2016]


def test_every_headcount_of_an_institution_cites_its_sources(catalog):
    every = view.all_headcounts(catalog, "zju", "en")
    headcounts = read("headcounts")
    own = headcounts[headcounts["institution_id"] == "zju"]
    assert len(every.rows) == len(own)
    assert set(every.source_ids) == set(own["source_id"])


def test_the_membership_chart_is_absent_when_no_institution_is_in_view(catalog):
    none = replace(catalog, institutions=catalog.institutions.iloc[0:0])
    assert view.membership_tree(none, "en").empty
    assert view.membership_chart(none, "en") is None
    chart = view.membership_chart(catalog, "en")
    assert "Data as of" in " ".join(a.text for a in chart.layout.annotations)


def _tree(rows: list[tuple[str, str]]) -> pd.DataFrame:
    """(node, parent) rows: regions have value 0, institutions 1."""
    return pd.DataFrame(
        [
            {"node": node, "parent": parent, "label": node, "value": int(node.startswith("i")),
             "colour": "#000", "institution_id": "", "hover": node}
            for node, parent in rows
        ]
    )  # fmt: skip


def test_a_big_tree_keeps_the_biggest_boxes_of_each_group_and_one_other_box():
    rows = [("rA", ""), ("rB", ""), ("rC", "")]
    rows += [(f"iA{n}", "rA") for n in range(5)]  # rA: 5 institutions, iA0 with 2 members
    rows += [("iA0m1", "iA0"), ("iA0m2", "iA0")]
    rows += [("iB0", "rB"), ("iB1", "rB"), ("iC0", "rC")]
    tree = _tree(rows)
    cut = view.capped_tree(tree, "en", limit=3)
    children = cut.groupby("parent")["node"].apply(list).to_dict()
    assert all(len(nodes) <= 3 for nodes in children.values())
    assert children["rA"][:2] == ["iA0", "iA1"]  # iA0 (3 institutions) first, then in order
    other = cut.set_index("node").loc["others:rA"]
    assert other["value"] == 3 and other["label"] == t("institutions.tree_others", "en", count=3)
    assert cut["value"].sum() == tree["value"].sum()  # every institution still counted
    assert {"iA0m1", "iA0m2"} <= set(cut["node"])  # a kept box keeps its own members
    assert set(children[""]) == {"rA", "rB", "rC"}  # 3 regions: none merged
    assert view.capped_tree(tree, "en", limit=6).equals(tree)


def test_boxes_under_a_merged_box_go_with_it():
    rows = [("r", "")] + [(f"i{n}", "r") for n in range(4)] + [("i3m", "i3")]
    cut = view.capped_tree(_tree(rows), "en", limit=2)
    # i3 holds 2 institutions: it is kept, the other three merge
    assert set(cut["node"]) == {"r", "i3", "i3m", "others:r"}
    assert cut.set_index("node").at["others:r", "value"] == 3


def test_the_shipped_tree_is_shown_whole(catalog):
    tree = view.membership_tree(catalog, "en")
    assert view.capped_tree(tree, "en").equals(tree)


def test_the_membership_table_lists_each_institution_with_its_parent_region_and_latest_total(
    catalog,
):
    shown = view.membership_rows(catalog, "en")
    rows = shown.rows.set_index("Institution")
    assert len(rows) == len(catalog.institutions)
    assert rows.loc["CentraleSupélec", "Member of"] == "Paris-Saclay University"
    assert rows.loc["Paris-Saclay University", "Member of"] == ""
    assert rows.loc["Zhejiang University", "Region"] == "Zhejiang"
    headcounts = read("headcounts").query(
        "institution_id == 'zju' and category == 'students_total'"
    )
    latest = headcounts[headcounts["year"] == headcounts["year"].max()]
    assert rows.loc["Zhejiang University", "Year"] == int(latest["year"].iloc[0])
    assert rows.loc["Zhejiang University", "Students (latest total)"] in set(
        latest["count"].astype(int)
    )
    lurpa = rows.loc["Automated Production Research Laboratory"]
    assert pd.isna(lurpa["Students (latest total)"]) and lurpa["Qualifier"] == "not sourced"
    assert str(shown.rows["Students (latest total)"].dtype) == "Int64"
    assert set(read("institutions")["source_id"]) - {""} <= set(shown.source_ids)
    assert set(latest["source_id"]) & set(shown.source_ids)  # the total shown cites its source


def test_the_membership_table_keeps_a_parent_outside_the_view_by_its_identifier(catalog):
    schools = apply(catalog, Filters(institution_kinds=("grande_ecole",)))
    rows = view.membership_rows(schools, "fr").rows.set_index("Établissement")
    assert rows.loc["CentraleSupélec", "Membre de"] == "paris-saclay"


def test_the_pickers_list_every_institution_in_the_order_of_its_name(catalog):
    for lang in ("en", "zh"):
        names = view.institution_names(catalog, lang)
        ordered = view.institutions_by_name(catalog, lang)
        assert sorted(ordered) == sorted(catalog.institutions["id"])
        shown = [names[i] for i in ordered]
        assert shown == sorted(shown)


def test_an_institution_known_only_by_its_short_name_or_only_by_its_id_is_labelled():
    short_only = pd.Series({"short_name": "LURPA", "name_en": None, "name_fr": ""}, name="x")
    assert view.institution_label(short_only, "fr") == "LURPA"
    nameless = pd.Series({"short_name": None, "name_en": None}, name="lab-42")
    assert view.institution_label(nameless, "zh") == "lab-42"
