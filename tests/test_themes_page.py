"""AppTest of the Themes & projects page: languages, empty state, matrix data, cross-filter."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import DATA_DIR, open_page
from streamlit.testing.v1 import AppTest

from regiondash import themes_view as tv
from regiondash.data import load_catalog
from regiondash.i18n import format_date, t

PAGE = "app_pages/themes.py"


def themes_app(state: dict | None = None, **query) -> AppTest:
    """The page in a fresh app, one run (AppTest drops sidebar widgets on a second run)."""
    return open_page(PAGE, state, **query)


def charts(app: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def markdown_text(app: AppTest) -> str:
    return "\n".join(m.value.replace("\\", "") for m in app.markdown)


@pytest.mark.parametrize("lang", ["en", "fr", "zh"])
def test_page_runs_in_every_language(lang):
    app = themes_app(lang=lang)
    assert app.title[0].value == t("themes.title", lang)
    heatmap, sankey = charts(app)
    assert heatmap["data"][0]["type"] == "heatmap" and sankey["data"][0]["type"] == "sankey"
    assert heatmap["layout"]["title"]["text"] == t("themes.matrix.title.institution", lang)
    matrix, flows, themes, projects_shown = (frame.value for frame in app.dataframe)
    assert matrix[t("col.links", lang)].sum() == int(heatmap_total(heatmap))  # the table behind
    # ... and the Sankey's: every flow (none merged at this size), the same widths
    assert int(flows[t("col.theme_links", lang)].sum()) == sum(sankey["data"][0]["link"]["value"])
    assert len(flows) == len(sankey["data"][0]["link"]["value"])
    assert len(themes) == 13
    assert len(projects_shown) == len(load_catalog().projects)
    captions = [c.value.replace("\\", "") for c in app.caption]
    projects = pd.read_csv(DATA_DIR / "projects.csv", dtype=str, keep_default_na=False)
    started = int((projects["start_year"] != "").sum())  # hand count of sourced start years
    complete = t("themes.complete.start_year", lang, n=started, total=len(projects))
    assert any(complete in c for c in captions)
    # matrix, flows, themes and projects tables: CSV, Excel and zip each
    assert len(app.get("download_button")) == 12


def heatmap_total(heatmap) -> int:
    """Sum of the heatmap's cells (agreements + projects per theme and column)."""
    return sum(v for row in heatmap["data"][0]["z"] for v in row if v)


def test_filters_matching_nothing_show_the_nothing_matches_info():
    app = themes_app(region=["CA-QC"], theme=["agronomics"])
    assert [info.value for info in app.info] == [t("nothing.matches", "en")]
    assert not app.get("plotly_chart") and not app.dataframe
    as_of = format_date(load_catalog().as_of, "en")
    assert any(as_of in c.value for c in app.caption)


def test_heatmap_data_equal_the_pure_matrix():
    app = themes_app()
    matrix = tv.theme_matrix(load_catalog(), "institution", "en")
    heat, cells = charts(app)[0]["data"][:2]
    assert heat["x"] == list(matrix.counts.columns) and heat["y"] == list(matrix.counts.index)
    expected = [[int(v) or None for v in row] for row in matrix.counts.to_numpy()]
    assert heat["z"] == expected
    nonzero = {(th, c) for th in matrix.counts.index for c in matrix.counts.columns}
    nonzero = {cell for cell in nonzero if matrix.count(*cell)}
    assert {tuple(c) for c in cells["customdata"]} == nonzero


def test_partner_region_mode_puts_regions_in_columns():
    app = themes_app(tmode="region")  # the mode lives in the view state (URL), not the widget
    heat = charts(app)[0]["data"][0]
    counts = tv.theme_matrix(load_catalog(), "region", "en").counts
    assert heat["x"] == list(counts.columns) and heat["x"][0] == "CN-ZJ"
    # an empty cell is drawn blank (None), not as 0
    assert heat["z"] == [[int(v) if v else None for v in row] for row in counts.to_numpy()]


def test_a_clicked_cell_filters_the_project_cards_and_shows_a_chip():
    app = themes_app({"themes_pick": ("institution", "optics-and-photonics", "zju")})
    assert len(app.dataframe[-1].value) == 1
    assert "PHOTONET International Research Network" in markdown_text(app)
    assert "Theme: Optics and photonics × Zhejiang University" in markdown_text(app)
    assert [b.label for b in app.button if b.label == "Undo"]
    assert charts(app)[0]["layout"]["shapes"]  # the clicked cell is outlined


def test_a_cell_from_agreements_only_says_so():
    app = themes_app({"themes_pick": ("institution", "physics", "zju")})
    assert app.dataframe[-1].value.empty
    captions = " ".join(c.value for c in app.caption)
    assert "agreements only" in captions
    assert any(t("themes.no_project", "en") == info.value for info in app.info)


def test_a_stale_click_is_ignored():
    app = themes_app({"themes_pick": ("region", "physics", "zju")})
    assert len(app.dataframe[-1].value) == len(load_catalog().projects)
    assert not [b for b in app.button if b.label == "Undo"]


def test_search_box_filters_cards_and_table():
    app = themes_app(q="montreal")  # the search lives in the view state (URL), not the widget
    assert app.text_input(key="themes_search").value == "montreal"
    table = app.dataframe[-1].value
    # the seed fund and its two first laureate projects (partner Université de Montréal)
    assert sorted(table["Project"]) == [
        "Seed-fund project JURIA: legal issues of artificial intelligence",
        "Seed-fund project: governing digital innovation sustainably (law)",
        "Université Paris-Saclay – Université de Montréal joint seed fund",
    ]
    total = len(load_catalog().projects)
    assert any(f"Projects shown: 3 of {total}" in c.value for c in app.caption)
