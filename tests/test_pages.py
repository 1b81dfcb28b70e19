"""AppTest smoke tests: every page runs on the shipped data and shows its key elements."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, edit_cell, open_page
from streamlit.testing.v1 import AppTest

from regiondash.data import load_catalog
from regiondash.i18n import format_date
from regiondash.pages import PAGES
from regiondash.ui.deck_map import read_data

APP = str(ROOT / "app.py")


def run_page(page: str, **query: str | list[str]) -> AppTest:
    return open_page(page, **query)


def test_page_list_matches_page_files():
    files = {f"app_pages/{p.name}" for p in (ROOT / "app_pages").glob("*.py")}
    assert {spec.path for spec in PAGES} == files


def test_overview_shows_six_headline_figures_and_partner_map():
    from regiondash.metrics import students_behind_total, students_figure

    app = run_page("app_pages/overview.py")
    labels = [m.label.replace("\\", "") for m in app.metric]
    catalog = load_catalog()
    students_label, students_value = students_figure(catalog, students_behind_total(catalog), "en")
    assert labels == [
        "Partner regions",
        "Institutions",
        "Campuses",
        students_label,
        "Agreements",
        "Projects",
    ]
    # Never a bare "Students": the label says how many institutions and which years.
    assert re.fullmatch(r"Students at .+, (latest )?\d{4}(–\d{4})?", students_label)
    shown = {m.label.replace("\\", ""): m.value for m in app.metric}
    assert shown[students_label] == students_value
    assert shown["Partner regions"] == str((catalog.regions["role"] == "partner").sum())
    assert shown["Campuses"] == f"{len(catalog.campuses):,}"
    assert app.get("plotly_chart")


def test_map_page_draws_a_deck_without_tiles():
    app = run_page("app_pages/map.py")
    (deck,) = app.get("bidi_component")  # the deck.gl component that reports the camera
    spec = read_data(deck.proto.json)["deck"]
    layer_ids = [layer["id"] for layer in spec["layers"]]
    assert layer_ids[:2] == ["ocean", "countries"]
    assert {"regions", "campuses", "arcs"} <= set(layer_ids)
    assert spec.get("mapStyle") in (None, "__MAP_STYLE__")  # sentinel: Streamlit adds no tiles
    assert not spec.get("mapProvider")


def test_institutions_page_shows_headcount_chart_and_sources():
    app = run_page("app_pages/institutions.py")
    assert app.selectbox[0].value is not None
    assert app.get("plotly_chart")
    assert len(app.dataframe) >= 2


def test_themes_page_lists_thirteen_themes_and_the_projects():
    app = run_page("app_pages/themes.py")
    _matrix, _flows, themes, projects = (frame.value for frame in app.dataframe)
    assert len(themes) == 13
    assert len(projects) == len(load_catalog().projects)


def test_timeline_page_plots_agreements_and_events():
    app = run_page("app_pages/timeline.py")
    figure = json.loads(app.get("plotly_chart")[0].proto.spec)
    names = {trace["name"] for trace in figure["data"]}
    assert {"Agreements", "Events"} <= names


def test_sources_page_lists_every_source_and_offers_each_table():
    app = run_page("app_pages/sources.py")
    assert len(app.dataframe[0].value) == len(load_catalog().sources)
    # the package zip, then CSV, Excel and zip per table
    assert len(app.get("download_button")) == 1 + 3 * 14


def test_broken_package_shows_the_problem_list_not_a_traceback(data_copy, monkeypatch):
    edit_cell(data_copy, "campuses", 0, "lat", "123")
    monkeypatch.setenv("REGIONDASH_DATA_DIR", str(data_copy))
    # A new store is filled from the broken package on its first start, which fails.
    monkeypatch.setenv("REGIONDASH_DATABASE_URL", f"sqlite:///{data_copy.parent}/store.sqlite")
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception
    assert app.title[0].value == "The curated data has problems"
    problems = app.dataframe[0].value
    assert "campuses.csv" in set(problems["File"])
    assert "maximum" in set(problems["Rule"])


@pytest.mark.parametrize("spec", PAGES, ids=lambda s: Path(s.path).stem)
def test_every_page_shows_the_as_of_date(spec):
    app = run_page(spec.path)
    as_of = format_date(load_catalog().as_of, "en")
    assert any(as_of in caption.value for caption in app.caption)


@pytest.mark.parametrize("years", [(2015, 2020), (2019, 2019), (2011, 2013)])
def test_permalink_filters_the_headline_figures(years):
    from regiondash.filters import Filters, apply
    from regiondash.metrics import students_behind_total

    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["region"] = ["CN-ZJ"]
    app.query_params["years"] = f"{years[0]}-{years[1]}"
    app.run()
    assert not app.exception
    view = apply(load_catalog(), Filters(regions=("CN-ZJ",), years=years))
    shown = {m.label.replace("\\", ""): m.value for m in app.metric}
    assert shown["Agreements"] == str(len(view.agreements))
    assert shown["Projects"] == str(len(view.projects))
    # Counts of places have no dates: they say they ignore the years filter.
    assert shown["Partner regions (any year)"] == "1"
    assert "Institutions (any year)" in shown and "Campuses (any year)" in shown
    # The student count uses values of the chosen years only, or says none is sourced.
    (students,) = [label for label in shown if label.startswith("Students")]
    counted = [int(y) for y in re.findall(r"\d{4}", students)]
    assert counted and all(years[0] <= y <= years[1] for y in counted), students
    assert ("no count sourced" in students) == students_behind_total(view).empty
    assert any("1 of 12 partner regions" in c.value for c in app.caption)


def test_unknown_query_values_show_a_notice_not_an_error():
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["region"] = ["XX-NOPE"]
    app.query_params["years"] = "soon"
    app.run()
    assert not app.exception
    notices = [c.value.replace("\\", "") for c in app.sidebar.caption if "Ignored" in c.value]
    assert notices and "region=XX-NOPE" in notices[0] and "years=soon" in notices[0]


def test_filters_matching_nothing_show_a_friendly_state():
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["region"] = ["CA-QC"]
    app.query_params["theme"] = ["agronomics"]
    app.switch_page("app_pages/timeline.py")
    app.run()
    assert not app.exception
    assert any("Nothing matches" in info.value for info in app.info)


def test_overview_offers_the_pdf_briefing_in_one_click():
    from regiondash.i18n import t

    app = run_page("app_pages/overview.py", region=["CN-BJ"])
    assert app.selectbox(key="briefing_region").value == "CN-BJ"  # the one filtered region
    (button,) = [
        b for b in app.get("download_button") if b.proto.label == t("briefing.overview_button")
    ]
    # Built when pressed (deferred), so the page does not wait for the PDF on every run.
    assert button.proto.deferred_file_id


def test_overview_map_has_its_table_and_downloads():
    from regiondash.i18n import t

    app = run_page("app_pages/overview.py", lang="fr")
    assert [tab.label for tab in app.tabs][:2] == [t("tab.chart", "fr"), t("tab.table", "fr")]
    keys = {b.key for b in app.get("download_button")}
    for name in ("partner-links", "latest", "regions"):
        assert {f"csv_{name}", f"xlsx_{name}", f"zip_{name}"} <= keys, name


def test_sources_page_speaks_french_and_never_prints_none():
    from regiondash.i18n import t

    app = run_page("app_pages/sources.py", lang="fr")
    table = app.dataframe[0].value
    assert t("sources.col.authority", "fr") in table.columns
    assert "Primaire (ses propres actes ou données)" in set(table[t("sources.col.authority", "fr")])
    shown = table.drop(columns=t("sources.col.link", "fr")).astype(str)
    assert not shown.isin(["None", "nan", "<NA>", "NaT"]).any().any()
    assert any(t("table.headcounts", "fr") in m.value for m in app.markdown)


@pytest.mark.parametrize("lang", ["fr", "zh"])
@pytest.mark.parametrize("spec", PAGES, ids=lambda s: Path(s.path).stem)
def test_every_page_runs_in_french_and_chinese(spec, lang):
    from regiondash.i18n import t

    app = run_page(spec.path, lang=lang)
    as_of = t("frame.as_of", lang, date=format_date(load_catalog().as_of, lang))
    assert as_of != t("frame.as_of", "en", date=format_date(load_catalog().as_of, "en"))
    assert any(caption.value == as_of for caption in app.caption), f"no {lang} as-of line"


def test_a_crafted_link_in_the_url_is_shown_inert_in_the_notice():
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["region"] = ["[Session expired - sign in again](https://example.org/login)"]
    app.query_params["theme"] = ["![x](https://example.org/x.png)"]
    app.run()
    assert not app.exception
    (notice,) = [c.value for c in app.sidebar.caption if "Ignored" in c.value]
    # Every markdown character of a query value is escaped: no link, no image.
    assert "](" not in notice and "\\[Session" in notice and "\\!\\[x\\]" in notice


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.url_path)
def test_a_page_run_asks_the_store_for_its_version_once(spec, monkeypatch):
    """app.py loads the catalog at the start of a run and pages read that one: a run never
    mixes two data versions, and each version check is an SQL query."""
    from regiondash.store.core import Store

    open_page(spec.path)  # what is built once per catalog is built
    checks = []
    version = Store.version
    monkeypatch.setattr(Store, "version", lambda store: checks.append(1) or version(store))
    open_page(spec.path)
    assert len(checks) == 1
