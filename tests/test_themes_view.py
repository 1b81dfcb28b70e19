"""Themes & projects builders: matrix counts, Sankey, cards, search, completeness, cross-filter."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest
from conftest import DATA_DIR

from regiondash import themes_view as tv
from regiondash.data import load_catalog
from regiondash.exports import csv_bytes
from regiondash.filters import Filters, apply

OPTICS = "optics-and-photonics"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def read(table: str) -> pd.DataFrame:
    """A table of the shipped package as written: strings, empty cells as ""."""
    return pd.read_csv(DATA_DIR / f"{table}.csv", dtype=str, keep_default_na=False)


def hand_links() -> pd.DataFrame:
    """Hand-built from the CSVs: one row per (record, theme, institution taking part, its region):
    agreement_themes × institution parties and project_themes × project partners."""
    parties = read("agreement_parties").query("party_kind == 'institution'")
    agreements = read("agreement_themes").merge(parties, on="agreement_id")
    projects = read("project_themes").merge(read("project_partners"), on="project_id")
    links = pd.concat(
        [
            pd.DataFrame(
                {
                    "record": "agreement:" + agreements["agreement_id"],
                    "theme": agreements["theme_id"],
                    "institution": agreements["party_id"],
                }
            ),
            pd.DataFrame(
                {
                    "record": "project:" + projects["project_id"],
                    "theme": projects["theme_id"],
                    "institution": projects["institution_id"],
                }
            ),
        ],
        ignore_index=True,
    ).drop_duplicates()
    institutions = read("institutions")
    region = dict(zip(institutions["id"], institutions["region_id"], strict=True))
    return links.assign(region=links["institution"].map(region))


def hand_matrix() -> pd.DataFrame:
    """Theme × institution: distinct records behind each cell (0 where none), theme file order."""
    counts = hand_links().groupby(["theme", "institution"]).size().unstack(fill_value=0)
    return counts.reindex(read("themes")["id"], fill_value=0)


@pytest.fixture(scope="module")
def nothing(catalog):
    """The catalog after filters that match nothing (no agreement, no project)."""
    view = apply(catalog, Filters(regions=("CA-QC",), themes=("agronomics",)))
    assert view.agreements.empty and view.projects.empty
    return view


@pytest.fixture(scope="module")
def tiny(catalog):
    """A two-theme, two-institution package whose names carry markup, to check escaping."""

    def frame(**columns):
        return pd.DataFrame(columns).astype(object)

    return replace(
        catalog,
        regions=frame(
            id=["FR-IDF", "XX-AA"],
            role=["home", "partner"],
            name_en=["Île-de-France", "Atlantis"],
        ),
        institutions=frame(
            id=["home-u", "far-u"],
            name_en=["Home University", "<b>Far</b> University"],
            name_fr=["Université du Foyer", None],
            name_zh=[None, None],
            short_name=["HU", "FU"],
            region_id=["FR-IDF", "XX-AA"],
        ),
        themes=frame(
            id=["t1", "t2"],
            name_en=["water & <i>ice</i>", "fire"],
            category=["fundamental_discipline", "societal_challenge"],
            source_id=["s1", "s1"],
        ),
        agreements=frame(id=["a1"], title_en=["Atlantis accord"], source_id=["s1"]),
        agreement_parties=frame(
            agreement_id=["a1", "a1", "a1"],
            party_id=["home-u", "far-u", "XX-AA"],
            party_kind=["institution", "institution", "region"],
        ),
        agreement_themes=frame(agreement_id=["a1", "a1"], theme_id=["t1", "t2"], source_id="s1"),
        projects=frame(
            id=["p1", "p2"],
            title_en=["=Tidal **lab** [x](javascript:alert(1))", "Solo study"],
            kind=["research_network", "other"],
            status=["active", "unknown"],
            start_year=[pd.NA, 2019],
            end_year=[2020, pd.NA],
            description_en=["Waves and ice in Montréal", None],
            source_id=["s1", "s2"],
        ),
        project_partners=frame(project_id=["p1", "p1"], institution_id=["home-u", "far-u"]),
        project_themes=frame(project_id=["p1"], theme_id=["t1"], source_id=["s1"]),
        sources=frame(
            id=["s1", "s2"],
            title=["Report [draft] (2020)", "Notes"],
            url=["https://example.org/a (b)", "javascript:alert(1)"],
        ),
    )


# --- matrix ----------------------------------------------------------------------------------


def test_matrix_counts_equal_a_hand_count_on_the_shipped_data(catalog):
    # Hand count: the UPS–ZJU framework (ups-zju-2018) lists 13 themes and has two institution
    # parties, Paris-Saclay and ZJU; PHOTONET (the one themed project) links optics and
    # photonics to C2N, ZJU, Paris-Sud and CNRS. So optics × ZJU = 1 agreement + 1 project.
    # The whole matrix equals the hand count of distinct records per cell (hand_matrix), which
    # also has ENS Paris-Saclay and ZJU on artificial intelligence through their 2018 letter.
    framework_themes = catalog.agreement_themes
    assert (framework_themes["agreement_id"] == "ups-zju-2018").sum() == 13
    matrix = tv.theme_matrix(catalog, "institution", "en")
    assert list(matrix.counts.index) == list(catalog.themes["id"])  # all 13, file order
    expected = hand_matrix()
    assert sorted(matrix.counts.columns) == sorted(expected.columns)
    assert matrix.counts[expected.columns].equals(expected.rename_axis(index=None, columns=None))
    assert matrix.counts.loc[OPTICS].to_dict() == {
        **dict.fromkeys(matrix.counts.columns, 0),
        "zju": 2,
        "paris-saclay": 1,
        "c2n": 1,
        "cnrs": 1,
        "paris-sud": 1,
    }
    assert matrix.agreements.loc[OPTICS, "zju"] == 1 and matrix.projects.loc[OPTICS, "zju"] == 1
    assert matrix.projects.loc[OPTICS, "paris-saclay"] == 0
    others = matrix.counts.drop(index=OPTICS)
    # Paris-Saclay: the framework on every theme, plus the CSC doctoral programme on the five
    # research areas its page lists (project_themes.csv)
    csc = set(
        read("project_themes").query("project_id == 'ups-csc-doctoral-programme'")["theme_id"]
    )
    assert csc == {"physics", "chemistry", "materials-science", "engineering", "life-sciences"}
    assert (others["zju"] >= 1).all()
    assert others["paris-saclay"].to_dict() == {t: 1 + (t in csc) for t in others.index}
    assert (others[["c2n", "cnrs", "paris-sud"]] == 0).all().all()
    # most linked first: Paris-Saclay (13 framework themes + 5 CSC) before ZJU (13 + 2)
    assert expected["paris-saclay"].sum() == 18 and expected["zju"].sum() == 15
    assert list(matrix.counts.columns)[:2] == ["paris-saclay", "zju"]


def test_region_matrix_counts_each_record_once_per_partner_region(catalog):
    matrix = tv.theme_matrix(catalog, "region", "en")
    # Hand count: partner regions of institutions taking part in a themed record (Biocat in
    # Catalonia, Université de Montréal in Québec); Zhejiang, with the most, comes first
    partners = set(read("regions").query("role == 'partner'")["id"])
    assert set(matrix.counts.columns) == set(hand_links()["region"]) & partners
    assert set(matrix.counts.columns) == {"CN-ZJ", "ES-CT", "CA-QC"}
    assert matrix.counts.columns[0] == "CN-ZJ"
    assert matrix.counts.at[OPTICS, "CN-ZJ"] == 2  # framework + PHOTONET, both via ZJU
    # Hand count: distinct records per theme that Zhejiang takes part in, as a party or through
    # one of its institutions, however many of them take part.
    links = hand_links()
    through = links.loc[links["region"] == "CN-ZJ", ["record", "theme"]]
    parties = read("agreement_parties").query("party_id == 'CN-ZJ'")
    direct = read("agreement_themes").merge(parties, on="agreement_id")
    direct = pd.DataFrame(
        {"record": "agreement:" + direct["agreement_id"], "theme": direct["theme_id"]}
    )
    zhejiang = pd.concat([through, direct]).drop_duplicates()
    per_theme = zhejiang.groupby("theme").size().reindex(catalog.themes["id"], fill_value=0)
    assert matrix.counts["CN-ZJ"].to_dict() == per_theme.to_dict()
    assert (per_theme < hand_matrix().sum(axis=1)).any()  # records counted once, not per party
    assert matrix.column_labels["CN-ZJ"] == "Zhejiang"


def test_matrix_on_small_frames_counts_distinct_records(tiny):
    matrix = tv.theme_matrix(tiny, "institution", "en")
    assert matrix.counts.to_dict() == {"home-u": {"t1": 2, "t2": 1}, "far-u": {"t1": 2, "t2": 1}}
    regions = tv.theme_matrix(tiny, "region", "en")
    # a1 involves Atlantis twice (as a party and through far-u): still one agreement
    assert regions.counts.to_dict() == {"XX-AA": {"t1": 2, "t2": 1}}


def test_labels_are_localized_with_a_visible_fallback(catalog):
    matrix = tv.theme_matrix(catalog, "institution", "zh")
    assert matrix.column_labels["zju"] == "浙江大学"
    assert matrix.theme_labels[OPTICS] == "Optics and photonics ⁽ᴱᴺ⁾"
    french = tv.theme_matrix(catalog, "region", "fr")
    assert french.column_labels["CN-ZJ"] == "Province du Zhejiang"


def test_heatmap_carries_counts_ids_footnote_and_escaped_text(tiny, catalog):
    matrix = tv.theme_matrix(tiny, "institution", "en")
    figure = tv.heatmap_figure(matrix, tiny, "en", pick=("t1", "far-u"))
    heat, cells = figure.data
    assert [list(row) for row in heat.z] == [[2, 2], [1, 1]]
    assert {tuple(c) for c in cells.customdata} == {(t, i) for t in ("t1", "t2") for i in heat.x}
    spec = json.dumps(figure.to_plotly_json())
    assert "<b>Far</b>" not in spec and "&lt;b&gt;Far&lt;/b&gt;" in spec
    assert "<i>ice</i>" not in spec and "Water &amp; &lt;i&gt;ice&lt;/i&gt;" in spec
    assert len(figure.layout.shapes) == 1  # the picked cell is outlined
    footnote = figure.layout.annotations[-1].text.replace("<br>", " ")  # lines of one text
    assert catalog.as_of in footnote and "Report [draft] (2020)" in footnote
    assert "Agreements: 1 · projects: 1" in cells.text[0]


def test_heatmap_of_the_shipped_data_names_its_sources(catalog):
    figure = tv.heatmap_figure(tv.theme_matrix(catalog, "institution", "en"), catalog, "en")
    footnote = figure.layout.annotations[-1].text.replace("<br>", " ")  # lines of one text
    assert "IRN Photonet" in footnote and catalog.as_of in footnote
    assert figure.layout.xaxis.title.text == "Institution"
    assert figure.layout.annotations[0].text == "Theme"  # y-axis title, written level


# --- sankey ----------------------------------------------------------------------------------


def test_sankey_has_only_the_nodes_and_links_needed(catalog):
    nodes, links = tv.sankey_data(catalog, "en")
    # Hand count: a partner region flows into an institution once per (record, theme) pair both
    # take part in (the region through one of its institutions); an institution flows into a
    # theme once per record, i.e. its cell of the matrix. Records with no partner region (the
    # CSC programme, the AirParif project) give their institutions an outflow only.
    expected = hand_matrix()
    hand = hand_links()
    partners = set(read("regions").query("role == 'partner'")["id"])
    regions_of = hand.groupby("record")["region"].agg(lambda r: set(r) & partners)
    inflow = (
        hand[["record", "theme", "institution"]]
        .drop_duplicates()
        .assign(region=lambda f: f["record"].map(regions_of).map(sorted))
        .explode("region")
        .dropna(subset=["region"])
        .groupby(["region", "institution"])
        .size()
    )
    regions = set(inflow.index.get_level_values("region"))
    assert regions == {"CN-ZJ", "ES-CT", "CA-QC"}
    layers = {"region": len(regions), "institution": len(expected.columns), "theme": 13}
    assert nodes.groupby("layer").size().to_dict() == layers
    assert len(links) == len(inflow) + int((expected > 0).to_numpy().sum())
    linked = set(links["source"]) | set(links["target"])
    assert linked == set(range(len(nodes)))  # no node without a link
    from_regions = links[links["source_id"].str.startswith("region:")]
    assert {
        (source.split(":", 1)[1], target.split(":", 1)[1]): value
        for source, target, value in from_regions[["source_id", "target_id", "value"]].itertuples(
            index=False
        )
    } == {key: int(n) for key, n in inflow.items()}
    into = from_regions[from_regions["source_id"] == "region:CN-ZJ"].set_index("target_id")
    assert into.at["institution:paris-saclay", "value"] == 13  # the 13 themes of the framework
    matrix = tv.theme_matrix(catalog, "institution", "en")
    to_theme = links[links["source_id"].str.startswith("institution:")]
    for source, target, value in to_theme[["source_id", "target_id", "value"]].itertuples(
        index=False
    ):
        institution, theme = source.split(":", 1)[1], target.split(":", 1)[1]
        assert value == matrix.counts.at[theme, institution]


@pytest.mark.parametrize("max_nodes", [2, 3])
def test_sankey_merges_the_smaller_nodes_past_the_cap_and_keeps_every_flow(catalog, max_nodes):
    full_nodes, full_links = tv.sankey_data(catalog, "en")
    nodes, links = tv.sankey_data(catalog, "en", max_nodes=max_nodes)
    institutions = full_nodes.query("layer == 'institution'")["id"].tolist()
    shown = nodes.query("layer == 'institution'")
    # The first max_nodes - 1 in the full order, then one merged node naming how many it holds.
    assert shown["id"].tolist() == [*institutions[: max_nodes - 1], "institution:__others__"]
    others = len(institutions) - (max_nodes - 1)
    assert shown["label"].iloc[-1] == f"{others} other institutions"
    regions = full_nodes.query("layer == 'region'")["id"].tolist()  # 3 partner regions
    if len(regions) > max_nodes:
        assert nodes.query("layer == 'region'")["id"].iloc[-1] == "region:__others__"
    else:
        assert nodes.query("layer == 'region'")["id"].tolist() == regions
    # Merging moves flows, never loses or adds any: each layer's outflow is unchanged.
    for layer in ("region", "institution"):
        before = full_links[full_links["source_id"].str.startswith(f"{layer}:")]["value"].sum()
        after = links[links["source_id"].str.startswith(f"{layer}:")]["value"].sum()
        assert after == before
    merged = set(institutions[max_nodes - 1 :])
    into_themes = full_links[full_links["source_id"].isin(merged)].groupby("target_id")["value"]
    out_of_others = links[links["source_id"] == "institution:__others__"]
    assert out_of_others.set_index("target_id")["value"].to_dict() == into_themes.sum().to_dict()
    assert set(links["source"]) | set(links["target"]) == set(range(len(nodes)))


def test_sankey_within_the_cap_merges_nothing(catalog):
    nodes, _ = tv.sankey_data(catalog, "en")
    widest = int(nodes.groupby("layer").size().max())
    same_nodes, _ = tv.sankey_data(catalog, "en", max_nodes=widest)
    assert same_nodes["id"].tolist() == nodes["id"].tolist()
    assert not nodes["id"].str.endswith("__others__").any()


def test_the_heatmap_keeps_the_most_linked_columns_and_says_what_it_left_out(catalog):
    matrix = tv.theme_matrix(catalog, "institution", "en")
    columns = list(matrix.counts.columns)
    assert matrix.most_linked(len(columns)) is matrix
    assert tv.matrix_cut_text(matrix, "en", max_columns=len(columns)) is None
    cut = matrix.most_linked(3)
    assert list(cut.counts.columns) == columns[:3]
    assert list(cut.agreements.columns) == list(cut.projects.columns) == columns[:3]
    assert cut.counts.equals(matrix.counts[columns[:3]])
    assert set(cut.column_labels) == set(columns[:3])
    totals = matrix.counts.sum()
    assert totals[columns[:3]].min() >= totals[columns[3:]].max()  # the most linked ones
    text = tv.matrix_cut_text(matrix, "en", max_columns=len(columns) - 1)
    assert text.startswith(f"The chart shows the {len(columns) - 1} institutions")
    assert f"of {len(columns)};" in text
    regions = tv.theme_matrix(catalog, "region", "zh")
    assert "合作地区" in tv.matrix_cut_text(regions, "zh", max_columns=1)


def test_the_page_heatmap_draws_the_cut_matrix(catalog, monkeypatch):
    monkeypatch.setattr(tv, "MAX_MATRIX_COLUMNS", 3)
    fresh = replace(catalog)  # figures are kept per catalog object: not one drawn before
    heat = tv.matrix_heatmap(fresh, "institution", "en").data[0]
    columns = list(tv.theme_matrix(fresh, "institution", "en").counts.columns)
    assert list(heat.x) == columns[:3]


def test_sankey_figure_escapes_labels_and_names_its_layers(tiny):
    figure = tv.sankey_figure(tiny, "fr")
    labels = list(figure.data[0].node.label)
    assert "&lt;b&gt;Far&lt;/b&gt; University ⁽ᴱᴺ⁾" in labels and "Université du Foyer" in labels
    assert not any("<" in label for label in labels)
    texts = [a.text for a in figure.layout.annotations]
    assert any("Régions partenaires" in text for text in texts)


# --- cross-filter ----------------------------------------------------------------------------


def test_a_click_event_gives_the_cell_ids(catalog):
    point = {"curve_number": 1, "point_index": 3, "x": "zju", "y": "physics"}
    assert tv.pick_from_points([{**point, "customdata": ["physics", "zju"]}]) == ("physics", "zju")
    assert tv.pick_from_points([point]) is None  # a point without ids (the heatmap trace)
    assert tv.pick_from_points([]) is None and tv.pick_from_points(None) is None
    matrix = tv.theme_matrix(catalog, "institution", "en")
    assert tv.valid_pick(matrix, ("institution", "physics", "zju")) == ("physics", "zju")
    assert tv.valid_pick(matrix, ("region", "physics", "zju")) is None  # other mode
    assert tv.valid_pick(matrix, ("institution", "physics", "c2n")) is None  # empty cell
    assert tv.valid_pick(matrix, None) is None


def test_a_picked_cell_lists_its_projects_or_says_it_has_none(catalog):
    matrix = tv.theme_matrix(catalog, "institution", "en")
    label, projects, notes = tv.pick_summary(catalog, matrix, (OPTICS, "zju"), "en")
    assert label == "Theme: Optics and photonics × Zhejiang University"
    assert projects == ["photonet"]
    label, projects, notes = tv.pick_summary(catalog, matrix, ("physics", "zju"), "en")
    assert label == "Theme: Physics × Zhejiang University" and projects == []
    assert "Cooperation framework agreement" in notes[0] and "agreements only" in notes[1]
    regions = tv.theme_matrix(catalog, "region", "en")
    assert tv.pick_summary(catalog, regions, (OPTICS, "CN-ZJ"), "en")[1] == ["photonet"]


# --- project cards ---------------------------------------------------------------------------


def test_cards_show_translated_kind_status_and_never_a_zero_year(catalog, tiny):
    cards = tv.project_cards(catalog, "en").set_index("id")
    assert len(cards) == len(catalog.projects)
    assert cards.at["photonet", "years"] == "2015–2023"
    assert cards.at["photonet", "kind"] == "Research network"
    assert cards.at["photonet", "status"] == "Completed"
    assert cards.at["zju-earlier-collaborations", "years"] == "not sourced"
    assert cards.at["villes-du-futur-chair", "years"] == "from 2019 (end not sourced)"
    small = tv.project_cards(tiny, "en").set_index("id")
    assert small.at["p1", "years"] == "until 2020 (start not sourced)"
    assert small.at["p2", "partners"] == "not sourced"
    assert small.at["p2", "description"] == "not sourced"
    assert not any(y in {"", "0"} for y in small["years"])


def test_cards_keep_every_partner_of_a_project_under_a_region_filter(catalog):
    view = apply(catalog, Filters(regions=("CN-ZJ",)))
    cards = tv.project_cards(view, "en", catalog).set_index("id")
    assert "French National Centre for Scientific Research" in cards.at["photonet", "partners"]
    assert "、" in tv.project_cards(catalog, "zh").set_index("id").at["photonet", "partners"]
    # Exactly the view's projects, in its order, each card as the whole catalog's.
    assert list(cards.index) == list(view.projects["id"]) and 0 < len(cards) < len(catalog.projects)
    whole = tv.project_cards(catalog, "en").set_index("id")
    pd.testing.assert_frame_equal(cards, whole.loc[cards.index])


def test_search_matches_titles_descriptions_and_partners_in_any_language(catalog):
    cards = tv.project_cards(catalog, "en", catalog)

    def found(query: str) -> list[str]:
        return sorted(tv.filter_cards(cards, query)["id"])

    assert found("") == sorted(catalog.projects["id"])
    assert found("photonet") == found("PHOTONET") == ["photonet"]
    assert found("optoélectronique") == found("optoelectronique") == ["photonet"]  # title_fr
    # accent-insensitive partner name: the seed fund and its two first laureate projects
    assert found("montreal") == sorted(
        ["ups-udem-seed-fund", "udem-ups-seed-digital-innovation-law", "udem-ups-seed-juria"]
    )
    # partners' names in other languages: ZJU is 浙江大学, Beihang's short name BUAA (hand lists
    # of the projects they take part in, from project_partners.csv)
    partners = read("project_partners")

    def with_partner(institution_id: str) -> list[str]:
        return sorted(set(partners.loc[partners["institution_id"] == institution_id, "project_id"]))

    assert "photonet" in with_partner("zju")
    assert found("浙江") == with_partner("zju")
    assert "villes-du-futur-chair" in with_partner("beihang-university")
    assert found("BUAA") == with_partner("beihang-university")
    assert found("tolerancing") == ["zju-smart-manufacturing-centre"]  # description
    assert found("beihang double") == ["cs-beihang-double-degree", "ups-beihang-mou-phd"]
    assert found("no such words") == []
    assert list(tv.filter_cards(cards, "", ["photonet"])["id"]) == ["photonet"]
    assert list(tv.filter_cards(cards, "beihang", ["photonet"])["id"]) == []


def test_card_text_is_escaped_and_links_are_safe(tiny):
    cards = tv.project_cards(tiny, "en").set_index("id")
    markdown = tv.card_markdown(cards.loc["p1"], "en")
    assert "\\*\\*lab\\*\\*" in markdown and "\\[x\\]\\(javascript\\:alert\\(1\\)\\)" in markdown
    assert "[Report \\[draft\\] \\(2020\\)](https://example.org/a%20%28b%29)" in markdown
    assert "\\<b\\>Far\\</b\\> University" in markdown
    no_link = cards.at["p2", "source_markdown"]
    assert no_link == "Notes" and "javascript" not in no_link
    assert tv.safe_url("ftp://example.org") is None and tv.safe_url(None) is None


def test_project_table_downloads_as_neutralised_csv(tiny):
    cards = tv.project_cards(tiny, "en")
    table = tv.project_table(cards, "en")
    assert list(table.columns)[:3] == ["Project", "Kind", "Status"]
    text = csv_bytes(table).decode("utf-8-sig")
    assert "'=Tidal" in text and "\n=Tidal" not in text


def test_theme_table_lists_every_theme_with_its_counts(catalog):
    rows = tv.theme_rows(catalog, "en").set_index("Theme")
    assert len(rows) == 13
    assert rows.at["Optics and photonics", "Agreements"] == 1
    assert rows.at["Optics and photonics", "Projects"] == 1
    assert rows.at["Healthcare", "Projects"] == 1  # the Medicen – Biocat cluster cooperation
    assert rows.at["Agronomics", "Projects"] == 0


# --- completeness and empty views ------------------------------------------------------------


def test_completeness_says_how_much_is_sourced(catalog, tiny):
    # Hand count on the CSVs
    projects, agreements = read("projects"), read("agreements")
    started = int((projects["start_year"] != "").sum())
    themed_projects = int(projects["id"].isin(read("project_themes")["project_id"]).sum())
    themed_agreements = int(agreements["id"].isin(read("agreement_themes")["agreement_id"]).sum())
    assert 0 < started < len(projects) and 0 < themed_projects < len(projects)
    assert tv.completeness(catalog) == [
        ("themes.complete.start_year", started, len(projects)),
        ("themes.complete.project_theme", themed_projects, len(projects)),
        ("themes.complete.agreement_theme", themed_agreements, len(agreements)),
    ]
    text = tv.completeness_text(catalog, "en")
    assert f"projects with a sourced start year: {started} of {len(projects)}" in text
    assert f"projects with a sourced theme: {themed_projects} of {len(projects)}" in text
    assert tv.completeness(tiny) == [
        ("themes.complete.start_year", 1, 2),
        ("themes.complete.project_theme", 1, 2),
        ("themes.complete.agreement_theme", 1, 1),
    ]


def test_a_view_matching_nothing_gives_empty_frames_without_error(nothing):
    for mode in tv.MODES:
        assert tv.theme_links(nothing, mode).empty
        assert tv.theme_matrix(nothing, mode, "en").empty
    nodes, links = tv.sankey_data(nothing, "en")
    assert nodes.empty and links.empty
    cards = tv.project_cards(nothing, "zh")
    assert cards.empty and list(cards.columns) == tv.CARD_COLUMNS
    assert tv.filter_cards(cards, "anything").empty
    assert tv.project_table(cards, "fr").empty
    assert tv.completeness(nothing) == [] and tv.completeness_text(nothing, "en") == ""
    assert len(tv.theme_rows(nothing, "en")) == 13


def test_unknown_mode_is_refused(catalog):
    with pytest.raises(ValueError):
        tv.theme_links(catalog, "planet")


def test_matrix_table_holds_each_non_empty_cell_as_numbers(catalog):
    matrix = tv.theme_matrix(catalog, "region", "en")
    rows = tv.matrix_rows(matrix, "en")
    assert len(rows) == int((matrix.counts > 0).sum().sum())
    assert (rows["Agreements"] + rows["Projects"]).equals(rows["Agreements and projects"])
    assert rows["Agreements and projects"].sum() == int(matrix.counts.to_numpy().sum())
    assert (
        rows["Agreements and projects"].dtype.kind == "i"
        and (rows["Agreements and projects"] > 0).all()
    )


def test_the_sankey_table_holds_every_flow_with_its_width_as_a_number(catalog, monkeypatch):
    nodes, links = tv.sankey_data(catalog, "en")
    label = nodes.set_index("id")["label"]
    table = tv.sankey_table(catalog, "en")
    assert list(table.columns) == ["Step", "From", "To", "Theme links"]
    assert len(table) == len(links)
    assert str(table["Theme links"].dtype) == "Int64"
    assert int(table["Theme links"].sum()) == int(links["value"].sum())
    zhejiang, saclay = label["region:CN-ZJ"], label["institution:paris-saclay"]
    framework = table[(table["From"] == zhejiang) & (table["To"] == saclay)]
    assert framework["Theme links"].tolist() == [13]  # the 13 themes of the framework
    assert framework["Step"].tolist() == ["Partner regions → Institutions"]
    to_themes = table[table["Step"] == "Institutions → Themes"]
    assert len(to_themes) == int(links["source_id"].str.startswith("institution:").sum())


def test_the_sankey_table_merges_nothing_where_the_chart_would(catalog):
    capped, _ = tv.sankey_data(catalog, "fr", max_nodes=2)
    assert capped["id"].str.endswith("__others__").any()  # a chart this narrow would merge
    _, every_link = tv.sankey_data(catalog, "fr", max_nodes=100)
    table = tv.sankey_table(catalog, "fr")
    assert list(table.columns) == ["Étape", "De", "Vers", "Liens thématiques"]
    assert len(table) == len(every_link)
    assert not table["De"].str.contains("autres").any()
    assert not table["Vers"].str.contains("autres établissements").any()
