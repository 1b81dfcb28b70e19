"""Compare: Île-de-France beside a partner region (builders on the shipped data) and the page."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest
from conftest import DATA_DIR, open_page
from streamlit.testing.v1 import AppTest

from regiondash import compare
from regiondash.data import load_catalog
from regiondash.filters import Filters, apply
from regiondash.i18n import LANGUAGES, localized_label, t

PAGE = "app_pages/compare.py"
HOME, ZJ, BJ = "FR-IDF", "CN-ZJ", "CN-BJ"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def read(table: str) -> pd.DataFrame:
    """A table of the shipped package as written: strings, empty cells as ""."""
    return pd.read_csv(DATA_DIR / f"{table}.csv", dtype=str, keep_default_na=False)


def members() -> pd.DataFrame:
    """Hand-built: who takes part in which record (kind, record, member, side) from the CSVs."""
    parties = read("agreement_parties")
    partners = read("project_partners")
    frame = pd.concat(
        [
            pd.DataFrame(
                {
                    "kind": "agreement",
                    "record": parties["agreement_id"],
                    "member": parties["party_id"],
                }
            ),
            pd.DataFrame(
                {
                    "kind": "project",
                    "record": partners["project_id"],
                    "member": partners["institution_id"],
                }
            ),
        ],
        ignore_index=True,
    )
    # side: an institution's sourced region, a region itself, else the id unchanged (no side)
    institutions = read("institutions")
    located = institutions[institutions["region_id"] != ""]
    region_of = dict(zip(located["id"], located["region_id"], strict=True))
    return frame.assign(side=frame["member"].map(lambda member: region_of.get(member, member)))


def test_home_and_default_partner(catalog):
    assert compare.home_region(catalog) == HOME
    choices = compare.partner_choices(catalog)
    assert HOME not in choices and len(choices) == 12
    assert compare.default_partner(choices) == ZJ
    assert compare.default_partner([BJ, "CA-QC"]) == BJ
    assert compare.default_partner([]) is None


def test_all_thirteen_themes_are_in_common_with_zhejiang(catalog):
    assert compare.common_themes(catalog, HOME, ZJ) == list(catalog.themes["id"])
    assert len(catalog.themes) == 13
    rows = compare.themes_rows(catalog, HOME, ZJ, "en").rows
    assert len(rows) == 13
    themes = rows.set_index("Theme")
    optics = themes.loc["optics and photonics"]
    assert "PHOTONET" in optics["Through (both together)"]  # the project ties only this theme
    assert "Cooperation framework agreement" in optics["Through (both together)"]
    assert "PHOTONET" not in themes.loc["healthcare", "Through (both together)"]
    assert set(rows["Through (Zhejiang only)"]) == {"—"}  # every theme is reached jointly


def test_themes_count_only_where_both_sides_reach_them(catalog):
    assert compare.common_themes(catalog, HOME, BJ) == []  # no theme is sourced for Beijing
    # Without Zhejiang University in the 2018 framework, only the themes of ZJU's other themed
    # ties are shared (PHOTONET's optics and photonics, and artificial intelligence through the
    # 2018 ENS Paris-Saclay letter). Hand count on the CSVs: themes each side reaches through a
    # record one of its members (the region or an institution located in it) takes part in.
    parties = catalog.agreement_parties
    without = parties[
        ~((parties["agreement_id"] == "ups-zju-2018") & (parties["party_id"] == "zju"))
    ]
    taking_part = members()
    dropped = (taking_part["record"] == "ups-zju-2018") & (taking_part["member"] == "zju")
    taking_part = taking_part[~dropped]
    themes = pd.concat(
        [
            read("agreement_themes").rename(columns={"agreement_id": "record"}),
            read("project_themes").rename(columns={"project_id": "record"}),
        ]
    )

    def reached(region: str) -> set[str]:
        records = set(taking_part.loc[taking_part["side"] == region, "record"])
        return set(themes.loc[themes["record"].isin(records), "theme_id"])

    shared = [theme for theme in read("themes")["id"] if theme in reached(HOME) & reached(ZJ)]
    assert "optics-and-photonics" in shared and len(shared) < len(catalog.themes)
    assert compare.common_themes(replace(catalog, agreement_parties=without), HOME, ZJ) == shared
    healthcare = apply(catalog, Filters(themes=("healthcare",)))
    assert compare.common_themes(healthcare, HOME, ZJ) == ["healthcare"]


def test_links_with_zhejiang_include_the_framework_and_photonet(catalog):
    links = compare.cross_links(catalog, HOME, ZJ)
    columns = ["home_institution", "partner_institution", "via_id"]
    pairs = set(links[columns].itertuples(index=False, name=None))
    assert ("paris-saclay", "zju", "ups-zju-2018") in pairs
    photonet = {("c2n", "zju", "photonet"), ("paris-sud", "zju", "photonet")}
    assert photonet | {("cnrs", "zju", "photonet")} <= pairs  # CNRS is located in Paris
    # Hand count on the CSVs: each Île-de-France × Zhejiang pair of members of one agreement or
    # project. Institutions with no sourced region (ParisTech, in a 2011 MoU with ZJU) are on
    # neither side; Mines ParisTech, located in Paris, is on the home side of its double degree.
    taking_part = members()
    expected = {
        (home, partner, record)
        for (kind, record), group in taking_part.groupby(["kind", "record"])
        for home in group.loc[group["side"] == HOME, "member"]
        for partner in group.loc[group["side"] == ZJ, "member"]
        if home != HOME and partner != ZJ  # institutions, not the regions signing themselves
    }
    assert "paristech" not in set(links["home_institution"])
    assert ("mines-paristech", "zju", "zju-mines-math-double-degree") in pairs
    assert pairs == expected and len(links) == len(expected)
    framework = links[links["via_id"] == "ups-zju-2018"].iloc[0]
    assert (framework["kind"], framework["year"], framework["source_id"]) == (
        "framework",
        2018,
        "ups-zju-2018-06",
    )
    rows = compare.links_rows(catalog, links, HOME, ZJ, "en").rows
    assert list(rows.columns[:2]) == ["Île-de-France", "Zhejiang"]
    # undated projects say so, never blank: hand count of the pairs whose project has no year
    start_year = dict(zip(read("projects")["id"], read("projects")["start_year"], strict=True))
    undated = sum(start_year.get(record) == "" for _, _, record in expected)
    assert undated and rows["Year"].isna().sum() == undated  # shown "not sourced", never 0
    assert rows["Year"].dtype == "Int64"  # numbers in exports


def test_links_are_oriented_home_first_in_both_directions(catalog):
    links = compare.cross_links(catalog, HOME, BJ)
    region_of = catalog.institutions.set_index("id")["region_id"]
    assert set(links["home_institution"].map(region_of)) == {HOME}
    assert set(links["partner_institution"].map(region_of)) == {BJ}
    # "beihang-university" sorts before "centralesupelec": stored the other way round.
    pairs = set(links[["home_institution", "partner_institution"]].itertuples(False, None))
    assert ("centralesupelec", "beihang-university") in pairs


def test_agreements_of_the_pair_at_both_levels(catalog):
    agreements = compare.pair_agreements(catalog, HOME, ZJ).set_index("agreement_id")
    assert agreements.loc["idf-zj-2018", "level"] == "region"
    assert agreements.loc["ups-zju-2018", "level"] == "institution"
    # Hand count on the CSVs: agreements with a party on each side; region level when both
    # regions are themselves parties. ZJU's 2011 MoU with ParisTech is not among them (ParisTech
    # has no sourced region); its 2011 agreement with Paris VI is (Paris VI is located in Paris).
    parties = members().query("kind == 'agreement'")
    on_both = set(parties.loc[parties["side"] == HOME, "record"]) & set(
        parties.loc[parties["side"] == ZJ, "record"]
    )
    signed_by_regions = set(parties.loc[parties["member"] == HOME, "record"]) & set(
        parties.loc[parties["member"] == ZJ, "record"]
    )
    assert agreements["level"].to_dict() == {
        record: "region" if record in signed_by_regions else "institution" for record in on_both
    }
    signed_year = read("agreements").set_index("id")["signed_year"].astype(int)
    assert agreements["year"].to_dict() == {record: signed_year[record] for record in on_both}
    assert "zju-paris-vi-2011" in on_both and "zju-paristech-2011" not in on_both
    beijing = compare.pair_agreements(catalog, HOME, BJ).set_index("agreement_id")["level"]
    assert beijing.to_dict() == {
        "idf-bj-1987": "region",
        "ups-pku-2017": "institution",
        "idf-bj-2018": "region",
    }


def test_agreements_figure_stacks_every_agreement_coloured_by_kind(catalog):
    agreements = compare.pair_agreements(catalog, HOME, BJ)
    figure = compare.agreements_figure(agreements, "Île-de-France & <b>Beijing</b>", "en")
    assert figure.layout.title.text == "Île-de-France &amp; &lt;b&gt;Beijing&lt;/b&gt;"
    assert sum(sum(trace.y) for trace in figure.data) == len(agreements) == 3
    names = {trace.name for trace in figure.data}
    assert "Region-to-region cooperation · region to region" in names
    assert "Memorandum of understanding · between institutions" in names
    low, high = figure.layout.xaxis.range
    assert low < 1987 and high > 2018


def test_students_are_latest_totals_of_top_level_institutions(catalog):
    home = compare.region_students(catalog, HOME)
    # Hand count on the CSVs: Île-de-France institutions with no parent and no closing year that
    # have a students_total which is a headcount (Paris-Saclay's 65,000 is a target, so it has
    # no student total; Paris-Sud closed; CentraleSupélec and ENS Paris-Saclay are members).
    institutions = read("institutions")
    top_level = institutions[
        (institutions["region_id"] == HOME)
        & (institutions["parent_id"] == "")
        & (institutions["closed"] == "")
    ]
    headcounts = read("headcounts")
    counted = headcounts[
        (headcounts["category"] == "students_total")
        & (headcounts["qualifier"] != "target")
        & headcounts["institution_id"].isin(top_level["id"])
    ]
    assert not counted.empty
    assert sorted(home["institution_id"]) == sorted(set(counted["institution_id"]))
    assert not {"paris-saclay", "paris-sud", "centralesupelec"} & set(home["institution_id"])
    assert set(home["qualifier"]) == {"exact"}  # so no mark before the numbers below
    names = dict(zip(institutions["id"], institutions["name_en"], strict=True))
    assert compare.students_detail(catalog, HOME, "en") == "; ".join(
        f"{names[row['institution_id']]} {int(row['count']):,} ({int(row['year'])})"
        for _, row in home.iterrows()
    )
    assert compare.region_students(catalog, BJ).empty  # not 0


def test_unlike_student_counts_are_flagged_and_like_ones_are_not():
    def parts(*years):
        return pd.DataFrame({"year": list(years), "count": [1] * len(years)})

    assert compare.unlike_students_note(parts(2021), parts(2021), "en") is None
    assert compare.unlike_students_note(parts(2021), parts(), "en") is None
    assert compare.unlike_students_note(parts(), parts(2021), "en") is None
    other_year = compare.unlike_students_note(parts(2021), parts(2023), "en")
    assert "2021" in other_year and "2023" in other_year
    assert compare.unlike_students_note(parts(2021, 2021), parts(2021), "en")  # 2 vs 1
    spread = compare.unlike_students_note(parts(2019, 2021), parts(2019, 2021), "en")
    assert spread is None
    assert "2019–2021" in compare.unlike_students_note(parts(2019, 2021), parts(2021, 2021), "en")


def test_institutions_of_each_side(catalog):
    zhejiang = compare.institutions_rows(catalog, ZJ, "en").rows
    assert list(zhejiang["Institution"]) == ["Zhejiang University"]
    # Hand pick on the CSVs: ZJU's students_total of the latest year, from the source published
    # last that year (December 2018: "over 53,000", after June's "over 48 000").
    headcounts = read("headcounts")
    totals = headcounts[
        (headcounts["institution_id"] == "zju") & (headcounts["category"] == "students_total")
    ]
    published = dict(zip(read("sources")["id"], read("sources")["published_on"], strict=True))
    totals = totals.assign(published=totals["source_id"].map(published))
    latest = totals.sort_values(["year", "published"]).iloc[-1]
    assert latest["qualifier"] == "at_least"
    assert zhejiang.loc[0, "Students (total)"] == int(latest["count"])
    assert zhejiang.loc[0, "Qualifier"] == "at least"
    assert zhejiang.loc[0, "Year"] == int(latest["year"])
    beijing = compare.institutions_rows(catalog, BJ, "en").rows
    assert beijing["Students (total)"].isna().all()
    assert set(beijing["Qualifier"]) == {"not sourced"}
    home = compare.institutions_rows(catalog, HOME, "en").rows.set_index("Institution")
    assert home.loc["CentraleSupélec", "Member of"] == "Paris-Saclay University"


def run_page(**query) -> AppTest:
    return open_page(PAGE, **query)


def region_name(region_id: str, lang: str) -> str:
    regions = load_catalog().regions.set_index("id")
    return localized_label(regions.loc[region_id], "name", lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_shows_both_regions_in_every_language(lang):
    app = run_page(lang=lang)
    headings = [s.value.replace("\\", "") for s in app.subheader]
    both = f"{region_name(HOME, lang)}, {region_name(ZJ, lang)}"
    assert headings[0] == t("compare.over_time", lang, regions=both)
    assert headings[1:3] == [region_name(HOME, lang), region_name(ZJ, lang)]
    assert headings[3] == t("compare.themes", lang, count=13)
    assert len(app.metric) == 2
    for chart in app.get("plotly_chart"):  # the years chart and the pair's agreements
        figure = json.loads(chart.proto.spec)
        assert load_catalog().as_of in figure["layout"]["annotations"][-1]["text"]
    assert len(app.get("download_button")) == 18  # six tables, CSV, Excel and zip each


def test_partner_comes_from_the_link():
    app = run_page(partner="CN-BJ")  # a link of the one-partner page still opens it
    assert app.multiselect(key="compare_partners").value == [BJ]
    assert app.metric[1].value == "not sourced"
    assert any("Nothing matches" in info.value for info in app.info)  # no theme in common


def test_region_filter_restricts_the_partner_choice():
    app = run_page(region=["CN-BJ"])
    picker = app.multiselect(key="compare_partners")
    assert picker.options == ["Beijing"] and picker.value == [BJ]


def test_filters_matching_nothing_show_the_empty_state():
    app = run_page(region=["CA-QC"], theme=["agronomics"])
    assert any("Nothing matches" in info.value for info in app.info)


def test_two_partners_share_the_years_chart_and_the_first_gets_the_details():
    app = run_page(partner=[BJ, ZJ])
    assert app.multiselect(key="compare_partners").value == [BJ, ZJ]
    years = json.loads(app.get("plotly_chart")[0].proto.spec)
    names = [trace["name"] for trace in years["data"] if trace.get("showlegend") is not False]
    assert names == ["Île-de-France", "Beijing", "Zhejiang"]
    panels = {trace["xaxis"] for trace in years["data"]}
    assert panels == {"x", "x2", "x3"}  # agreements, events, projects
    headings = [s.value.replace("\\", "") for s in app.subheader]
    assert headings[1:3] == ["Île-de-France", "Beijing"]
    assert any("first partner chosen" in c.value for c in app.caption)
    assert {"csv_compare-over-time", "xlsx_compare-over-time"} <= {
        b.key for b in app.get("download_button")
    }


def test_an_emptied_partner_list_asks_for_one():
    app = run_page(partner="none")
    assert any(t("compare.pick_partner") in info.value for info in app.info)
    assert not app.get("plotly_chart")


def footnotes(chart) -> list[str]:
    annotations = json.loads(chart.proto.spec)["layout"].get("annotations", [])
    return [a["text"] for a in annotations if load_catalog().as_of in a.get("text", "")]


def test_a_chart_drawn_again_keeps_one_footnote():
    # Two visits in one process: the second draws the memoised figures of the first.
    for _ in range(2):
        charts = run_page().get("plotly_chart")
        assert charts and all(len(footnotes(chart)) == 1 for chart in charts)
