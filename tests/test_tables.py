"""Display tables: the Sources page in the reader's language, counts as numbers with their
qualifier beside them, the table behind the Overview map."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from regiondash.counts import qualifier_text
from regiondash.data import load_catalog
from regiondash.i18n import format_date, t
from regiondash.links import partner_link_counts
from regiondash.tables import (
    headcount_rows,
    institution_facts,
    partner_map_rows,
    project_rows,
    region_rows,
    short_names,
    sources_rows,
)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.mark.parametrize("lang", ["en", "fr", "zh"])
def test_sources_page_headers_dates_and_authority_follow_the_language(catalog, lang):
    rows = sources_rows(catalog, lang)
    assert t("sources.col.authority", lang) in rows.columns
    assert t("sources.col.accessed", lang) in rows.columns
    authority = set(rows[t("sources.col.authority", lang)])
    assert authority == {t(f"authority.{a}", lang) for a in set(catalog.sources["authority"])}
    first = catalog.sources.iloc[0]
    accessed = rows[t("sources.col.accessed", lang)].iloc[0]
    assert accessed == format_date(first["accessed_on"], lang)
    if lang != "en":
        assert not set(rows.columns) & set(sources_rows(catalog, "en").columns) - {"Source"}


def test_sources_page_never_shows_none_or_nan(catalog):
    rows = sources_rows(catalog, "fr")
    cells = rows.drop(columns=t("sources.col.link", "fr")).astype(str)
    assert not cells.isin(["None", "nan", "NaT", "<NA>"]).any().any()
    assert rows.drop(columns=t("sources.col.link", "fr")).notna().all().all()
    # some sources print no date: the cell is empty, not "None"
    assert (rows[t("sources.col.published", "fr")] == "").sum() == (
        catalog.sources["published_on"].isna() & catalog.sources["published_text"].isna()
    ).sum()


def test_a_partial_publication_date_is_shown_as_printed(catalog):
    sources = catalog.sources
    partial = sources[sources["published_on"].isna() & sources["published_text"].notna()]
    assert len(partial), "the data has partial dates (e.g. 2019)"
    rows = sources_rows(catalog, "zh").set_index(t("sources.col.id", "zh"))
    for _, source in partial.iterrows():
        assert rows.at[source["id"], t("sources.col.published", "zh")] == source["published_text"]


def test_only_http_addresses_become_links(catalog):
    sources = catalog.sources.copy()
    sources["url"] = sources["url"].astype(object)
    sources.loc[0, "url"] = "javascript:alert(1)"
    sources.loc[1, "url"] = "HTTPS://example.org/a b"
    sources.loc[2, "url"] = None
    links = sources_rows(replace(catalog, sources=sources), "en")["Link"]
    assert pd.isna(links.iloc[0]) and pd.isna(links.iloc[2])
    assert links.iloc[1] == "HTTPS://example.org/a%20b"
    assert all(str(u).lower().startswith("http") for u in links.iloc[3:])


@pytest.mark.parametrize(
    ("count", "qualifier", "expected"),
    [
        (48000, "at_least", "at least"),
        (48000, "about", "about"),
        (48000, "at_most", "at most"),
        (65000, "target", "target (not a count)"),
        (48000, "exact", ""),
        (48000, None, ""),
        (None, "at_least", "not sourced"),
        (float("nan"), None, "not sourced"),
    ],
)
def test_a_qualifier_is_said_in_words_beside_the_number(count, qualifier, expected):
    assert qualifier_text(count, qualifier, "en") == expected


def test_headcount_rows_hold_counts_and_years_as_numbers(catalog):
    rows = headcount_rows(catalog, catalog.headcounts, "fr")
    assert rows[t("col.count", "fr")].dtype == "Int64"
    assert rows[t("col.year", "fr")].dtype == "Int64"
    assert list(rows[t("col.count", "fr")]) == list(catalog.headcounts["count"])
    qualified = catalog.headcounts["qualifier"].eq("at_least").to_numpy()
    assert set(rows.loc[qualified, t("col.qualifier", "fr")]) == {"au moins"}


def test_region_rows_hold_population_and_area_as_numbers(catalog):
    rows = region_rows(catalog, "en").set_index("Region")
    assert rows["Population"].dtype == "Int64"
    idf = catalog.regions.set_index("id").loc["FR-IDF"]
    assert rows.loc["Île-de-France", "Population"] == idf["population"]
    assert pd.isna(rows["Population"]).sum() == catalog.regions["population"].isna().sum()


def test_the_overview_map_table_holds_the_counts_the_map_shades(catalog):
    rows, source_ids = partner_map_rows(catalog, "en")
    shaded = partner_link_counts(catalog)
    assert len(rows) == len(shaded)
    total = rows["Agreements and projects"]
    assert list(total) == sorted(total, reverse=True)  # most linked first
    assert (rows["Agreements"] + rows["Projects"]).equals(total)
    assert sorted(total) == sorted(shaded)
    assert set(source_ids) <= set(catalog.sources["id"]) and source_ids


def test_an_institutions_facts_list_only_its_own_disagreeing_values(catalog):
    other = t("col.other_values", "en")
    founded = t("col.founded", "en")
    saclay = institution_facts(catalog, "paris-saclay", "en").set_index(t("col.fact", "en"))
    assert "2015 (" in saclay.at[founded, other] and "2019 (" in saclay.at[founded, other]
    assert "1892" not in saclay.at[founded, other]  # ENS Paris-Saclay's claim, not this one's
    zju = institution_facts(catalog, "zju", "en").set_index(t("col.fact", "en"))
    assert zju.at[founded, other] == ""  # no other sourced value: empty, not an error
    assert zju.at[founded, t("col.value", "en")] == "1897"


def test_every_project_partner_is_named_even_without_a_short_or_english_name(catalog):
    """Université d'Évry has only a French name: it was left out of its projects' partners."""
    mcgill = catalog.institutions["id"] == "mcgill-university"
    institutions = catalog.institutions.assign(
        short_name=lambda df: df["short_name"].mask(mcgill, None),
        name_en=lambda df: df["name_en"].mask(mcgill, None),
        name_fr=lambda df: df["name_fr"].mask(mcgill, "Université McGill"),
    )
    lonely = pd.DataFrame(
        {"project_id": ["p1", "p1"], "institution_id": ["mcgill-university", "zju"]}
    )
    projects = catalog.projects.head(1).assign(id="p1")
    shown = project_rows(
        replace(catalog, institutions=institutions, projects=projects, project_partners=lonely),
        "en",
    )
    assert shown[t("col.partners", "en")].tolist() == ["Université McGill ⁽ᶠᴿ⁾, ZJU"]
    assert short_names(institutions, "zh", marked=False)["mcgill-university"] == "Université McGill"


def test_source_ids_of_a_column_come_once_each_in_their_first_order_without_blanks():
    from regiondash.provenance import unique_source_ids

    column = pd.Series(["b", None, "a", "b", "", "c", "a"], dtype="string")
    assert unique_source_ids(column) == ("b", "a", "c")
    assert unique_source_ids(pd.Index(["x", "x", "y"])) == ("x", "y")
    assert unique_source_ids(["b", float("nan"), "a", "b"]) == ("b", "a")
    assert unique_source_ids(pd.Series([], dtype=object)) == ()
