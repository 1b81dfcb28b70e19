"""Streamlit glue shared by app.py and pages: the cached catalog, the error page, provenance."""

from __future__ import annotations

import functools
from dataclasses import astuple

import pandas as pd
import pyarrow as pa
import streamlit as st

from regiondash import memo
from regiondash.changes import clicked_region
from regiondash.data import Catalog, load_catalog, publish_basemap, publish_static
from regiondash.filters import view as filtered_view
from regiondash.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    LANGUAGES,
    format_date,
    localized_label,
    t,
)
from regiondash.institutions_view import region_names
from regiondash.partnership import partner_regions
from regiondash.problems import DataPackageError
from regiondash.provenance import source_rows, unique_source_ids
from regiondash.text import escape_markdown
from regiondash.ui import state
from regiondash.ui.sidebar import current_filters, filter_summary_text

# Static CSS (no data in it): a headline's label says what it counts and as of when, so it
# wraps instead of being cut to "Students at 2 institutio…".
METRIC_LABEL_CSS = """<style>
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  height: auto !important; white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important;
}
</style>"""


# Static layout CSS. Pills wrap onto a second row rather than scroll out of sight (the Map's
# layer pills were cut off). Narrow screens (a phone is 390 px wide; Streamlit stacks columns
# under 640 px): headline figures two to a row instead of one per row, the map at full width
# (its detail panel goes under it, as stacked columns do).
LAYOUT_CSS = """<style>
[data-testid="stButtonGroup"] [role="toolbar"]:has(> button[data-variant="pills"]) {
  flex-wrap: wrap !important; overflow: visible !important; row-gap: 0.4rem;
}
@media (max-width: 640px) {
  .st-key-headline_figures [data-testid="stHorizontalBlock"] {
    flex-direction: row !important; flex-wrap: wrap !important; gap: 0.75rem 1rem !important;
  }
  .st-key-headline_figures [data-testid="stColumn"] {
    width: calc(50% - 0.5rem) !important; flex: 0 0 calc(50% - 0.5rem) !important;
    min-width: 0 !important;
  }
  .st-key-headline_figures [data-testid="stMetricValue"] { font-size: 1.6rem; }
  [data-testid="stMainBlockContainer"] { padding-left: 0.75rem; padding-right: 0.75rem; }
}
</style>"""


def wrap_metric_labels() -> None:
    st.html(METRIC_LABEL_CSS)


def layout_css() -> None:
    """The page layout's CSS for narrow screens (once per run, from app.py)."""
    st.html(LAYOUT_CSS)


def browser_language() -> str:
    """The supported language closest to the browser's locale (English otherwise)."""
    locale = (st.context.locale or "").lower()
    return next((lang for lang in LANGUAGES if locale.startswith(lang)), DEFAULT_LANGUAGE)


def language_switch() -> str:
    """Sidebar language switch, bound to the view state (so shared links keep the language)."""
    if state.get().lang not in LANGUAGES:
        state.update(lang=browser_language())
    return st.segmented_control(
        t("app.language", state.get().lang),
        options=list(LANGUAGES),
        format_func=LANGUAGE_NAMES.get,
        required=True,
        **state.bind("lang", state.get().lang, lambda lang: state.update(lang=lang)),
    )


def current_language() -> str:
    """Language of this session (set by app.py's switch before any page runs)."""
    lang = state.get().lang
    return lang if lang in LANGUAGES else browser_language()


# The catalog app.py loaded at the start of this run: pages read it, not the store again.
RUN_CATALOG = "_regiondash_run_catalog"


def catalog() -> Catalog:
    """The catalog for pages (app.py has already shown the error page if it is broken): the
    one this run started with, so a run never mixes two data versions, and the store's version
    is asked once a run (each check is an SQL query)."""
    loaded = st.session_state.get(RUN_CATALOG)
    return loaded if loaded is not None else load_catalog()


@st.cache_resource(show_spinner=False)
def tile_style_url() -> str:
    """URL of the online tile style when REGIONDASH_TILE_URL is configured, else ""."""
    from regiondash import settings
    from regiondash.data import publish_tile_style

    tile_url = settings.get("tile_url")
    return publish_tile_style(tile_url) if tile_url else ""


@st.cache_resource(show_spinner=False)
def basemap_url() -> str:
    """URL of the offline world outlines, published once per server process."""
    return publish_basemap()


@st.cache_resource(show_spinner=False)
def chart_world_url() -> str:
    """URL of the world outlines the Overview's partner map draws on, published once per
    server process (from the shipped countries, which curation does not change)."""
    from regiondash.charts import world_outline_svg

    return publish_static("geo/world.svg", world_outline_svg(catalog().countries))


def view() -> Catalog:
    """The catalog as the view state's filters restrict it (pages draw from this).

    Built once per (data version, filters) and shared by every session and rerun: what pages
    derive from it with `memo.per_catalog` is then computed once too.
    """
    return filtered_view(catalog(), current_filters())


def store_version() -> int | None:
    """Version of the stored data the catalog shows: caches of what it derives are keyed by it."""
    return catalog().descriptor.get("store_version")


def filter_banner(lang: str) -> None:
    """The active filters in one line under the page title, on every page."""
    full = catalog()
    st.caption(
        ":material/filter_alt: "
        + escape_markdown(filter_summary_text(full, current_filters(), lang))
    )


def try_catalog() -> tuple[Catalog | None, DataPackageError | None]:
    """The catalog, or the error listing every problem of a broken package."""
    st.session_state.pop(RUN_CATALOG, None)
    try:
        # load_catalog caches per process, so every session and rerun shares one build.
        loaded = load_catalog()
    except DataPackageError as error:
        return None, error
    st.session_state[RUN_CATALOG] = loaded
    return loaded, None


def problems_page(error: DataPackageError, lang: str) -> None:
    """A readable page listing every problem of the package: file, line, field, rule."""
    st.title(t("error.title", lang))
    st.write(t("error.intro", lang, count=len(error.problems)))
    rows = [
        {
            t("error.col.file", lang): p.file,
            t("error.col.line", lang): p.line,
            t("error.col.field", lang): p.field or "",
            t("error.col.rule", lang): p.rule,
            t("error.col.message", lang): p.message,
        }
        for p in error.problems
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


@memo.per_catalog(max_entries=2)  # here the object is a table: converted once per table object
def shown_table(table: pd.DataFrame, columns: tuple[str, ...] | None = None, rows: int = 0):
    """What st.dataframe sends of `table` (its `columns`, its first `rows` when > 0) as an
    Arrow table, built once per table object: the tables of memoised views are the same objects
    on every rerun, and converting them again cost ~1 ms a table, ten tables a page."""
    shown = table if columns is None else table[list(columns)]
    shown = shown.head(rows) if rows > 0 else shown
    try:
        return pa.Table.from_pandas(shown, preserve_index=False)
    except (pa.ArrowException, ValueError, TypeError):  # mixed values: Streamlit's own fallback
        return shown


def sources_table(catalog: Catalog, source_ids, lang: str) -> None:
    """The sources behind a figure, as a table with clickable links (text is never HTML)."""
    rows = source_rows(catalog, source_ids)
    if rows.empty:
        st.caption(t("sources.none", lang))
        return
    st.dataframe(
        shown_table(rows, ("title", "publisher", "published_text", "url")),
        hide_index=True,
        width="stretch",
        column_config={
            "title": t("sources.col.title", lang),
            "publisher": t("sources.col.publisher", lang),
            "published_text": t("sources.col.published", lang),
            "url": st.column_config.LinkColumn(t("sources.col.link", lang)),
        },
    )


def as_of_caption(catalog: Catalog, lang: str) -> None:
    """The data's "as of" line shown on every page, the date in the language's format."""
    st.caption(t("frame.as_of", lang, date=format_date(catalog.as_of, lang)))


def detail_panel(catalog: Catalog, selected: tuple[str, str] | None, lang: str) -> None:
    """Facts, partners, agreements and projects of the selected map item, with sources."""
    from regiondash.details import detail_for

    detail = detail_for(catalog, *selected, lang) if selected else None
    if detail is None:
        st.info(t("map.detail_hint", lang))
        return
    st.subheader(escape_markdown(detail.title))  # data text: markdown made inert
    st.caption(detail.subtitle)
    link = st.column_config.LinkColumn(t("sources.col.link", lang))
    config = {t("sources.col.link", lang): link}
    if not detail.facts.empty:
        st.dataframe(detail.facts, hide_index=True, column_config=config)
    if detail.partners:
        st.markdown(f"**{t('map.partners', lang)}**")
        st.text("\n".join(detail.partners))
    for key, frame in (("map.agreements", detail.agreements), ("map.projects", detail.projects)):
        if not frame.empty:
            st.markdown(f"**{t(key, lang)}**")
            st.dataframe(frame, hide_index=True, column_config=config)


def category_label(catalog: Catalog, colour_by: str, lang: str):
    """Function naming an arc category: a translated kind, or a theme's (data) name."""
    themes = catalog.themes.set_index("id")

    def label(category: str) -> str:
        if category == "none":
            return t("map.theme_none", lang)
        if colour_by == "theme" and category in themes.index:
            return localized_label(themes.loc[category], "name", lang)
        for prefix in ("agreement_kind", "project_kind"):
            text = t(f"{prefix}.{category}", lang)
            if text != f"{prefix}.{category}":
                return text
        return category

    return label


def export_info(catalog: Catalog, source_ids, lang: str, name: str):
    """What a download holds, for its sidecar: title, active filters, as-of date, sources."""
    return _export_info(catalog, unique_source_ids(source_ids), lang, name, current_filters())


@memo.per_catalog(max_entries=64)
def _export_info(catalog: Catalog, source_ids: tuple, lang: str, name: str, filters):
    from regiondash.exports import ExportInfo

    sources = source_rows(catalog, source_ids)
    return ExportInfo(
        name=name,
        title=f"regiondash — {name}",
        filters=filter_summary_text(load_catalog(), filters, lang),
        as_of=str(catalog.as_of),
        # url is optional: a missing one is NA, which has no truth value
        sources=tuple(
            (str(r.title), r.url if isinstance(r.url, str) else "") for r in sources.itertuples()
        ),
        labels=tuple(
            t(f"export.about.{k}", lang) for k in ("title", "filters", "as_of", "source", "cut")
        ),
    )


def _export_file(frame, info, which: int) -> bytes:
    """One of a table's export files (0 CSV, 1 Excel, 2 zip), when its button is pressed."""
    return _export_files_of(frame, info)[which]


@memo.per_catalog(max_entries=4)  # here the object is a table: each frame object once
def _export_files_of(frame, info) -> tuple[bytes, bytes, bytes]:
    """The files of a table object seen before (a table of a memoised view is the same object
    on every rerun): no hash of its content, which cost ~10 ms a table on the Sources page."""
    return _export_files(frame, info, astuple(info))


@st.cache_data(show_spinner=False, max_entries=256)
def _export_files(frame, _info, info_key: tuple) -> tuple[bytes, bytes, bytes]:
    """CSV, Excel and zip bytes, built once per table content and sidecar (Excel is slow)."""
    from regiondash.exports import csv_bytes, excel_bytes, zip_bytes

    return csv_bytes(frame), excel_bytes(frame, _info), zip_bytes(frame, _info)


def package_zip() -> bytes:
    """The whole Data Package as stored now, as a zip."""
    return _package_zip(store_version())


@st.cache_resource(show_spinner=False, max_entries=2)
def _package_zip(version: int | None) -> bytes:
    """Built once per data version: the store exported (and checked) as a Data Package."""
    from regiondash.data import package_archive

    if version is None:
        return package_archive()
    import tempfile
    from pathlib import Path

    from regiondash.store import open_store
    from regiondash.store.package import export_package

    with tempfile.TemporaryDirectory() as folder:
        return package_archive(export_package(open_store(), Path(folder) / "package", False))


def download_buttons(frame, name: str, catalog: Catalog, source_ids, lang: str) -> None:
    """CSV, Excel and zip downloads of a table's rows: the CSV is the table alone (it opens in
    pandas and spreadsheets as is); Excel and the zip say which filters, date and sources.

    The files are built when a button is pressed (Streamlit calls `data` then, on a thread of
    its own), not by the page run: Excel is slow (2 s a table at 100x, most of a cold Themes
    run), and most tables are never downloaded."""
    info = export_info(catalog, source_ids, lang, name)
    files = (
        ("export.csv", 0, "csv", "text/csv", ":material/download:"),
        ("export.excel", 1, "xlsx", XLSX_MIME, ":material/table_view:"),
        ("export.zip", 2, "zip", "application/zip", ":material/folder_zip:"),
    )
    row = st.container(horizontal=True, gap="small")
    for label, which, extension, mime, icon in files:
        row.download_button(
            t(label, lang),
            functools.partial(_export_file, frame, info, which),
            f"{name}.{extension}",
            mime,
            key=f"{extension}_{name}",
            on_click="ignore",
            icon=icon,
            help=t("export.help", lang),
        )


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_TABLE_ROWS = 1000  # rows a page table shows; its downloads hold them all


def data_table(frame, name: str, catalog: Catalog, source_ids, lang: str, **config) -> None:
    """A table as the page shows it, with its downloads below. A missing cell reads "not
    sourced" (never "None"); in the downloads it is an empty cell. Past MAX_TABLE_ROWS rows the
    page shows the first ones and says so (each row shown is sent to the browser); the
    downloads hold every row."""
    rows = min(len(frame), 15)
    st.dataframe(
        shown_table(frame, None, MAX_TABLE_ROWS),
        hide_index=True,
        width="stretch",
        height=35 * (rows + 1) + 3,  # short tables shown whole
        placeholder=t("value.not_sourced", lang),
        **config,
    )
    if len(frame) > MAX_TABLE_ROWS:
        st.caption(t("table.rows_capped", lang, shown=MAX_TABLE_ROWS, total=len(frame)))
    download_buttons(frame, name, catalog, source_ids, lang)


def chart_and_table(draw_chart, frame, name: str, catalog: Catalog, source_ids, lang: str):
    """A chart (or map) with the table behind it in a second tab, and that table's downloads;
    returns what `draw_chart` returns (e.g. a selection event)."""
    chart_tab, table_tab = st.tabs([t("tab.chart", lang), t("tab.table", lang)])
    with chart_tab:
        result = draw_chart()
    with table_tab:
        data_table(frame, name, catalog, source_ids, lang)
    return result


def plotly_chart(figure, **kwargs):
    """st.plotly_chart of a memoised figure, whose dict (what Streamlit encodes) is made once per
    figure object instead of on every rerun: 2-7 ms a chart. Like every memoised figure, it
    must not change after it is first drawn."""
    if "to_dict" not in vars(figure):
        built = figure.to_dict()
        vars(figure)["to_dict"] = lambda: built
    return st.plotly_chart(figure, **kwargs)


@memo.per_catalog(max_entries=1)  # here the object is a table
def table_source_ids(table) -> tuple[str, ...]:
    """Every source a table's rows cite (any *source_id column), or its own ids for sources."""
    columns = [c for c in table.columns if c == "source_id" or c.endswith("_source_id")]
    if "title" in table.columns and "publisher" in table.columns:  # the sources table itself
        return tuple(table["id"])
    return tuple(dict.fromkeys(v for c in columns for v in table[c].dropna()))


def open_map_on_click(catalog: Catalog, event, lang: str) -> None:
    """A click on a region of an overview chart opens the Map page on that region."""
    from regiondash.maps import region_view  # maps is heavy; only needed on a click
    from regiondash.viewstate import encode

    region_id = clicked_region(event, set(catalog.regions["id"]))
    if region_id is None:
        return
    state.update(camera=region_view(catalog, region_id), selection=("region", region_id))
    st.switch_page("app_pages/map.py", query_params=encode(state.get()))


@st.cache_data(show_spinner=False, max_entries=32)
def _briefing_bytes(region_id: str, lang: str, filters, version: int | None) -> bytes:
    """PDF bytes per (region, language, filters, data version); filters None: the whole data
    (Present)."""
    from regiondash.briefing import briefing_pdf

    full = load_catalog()
    if filters is None:
        return briefing_pdf(full, region_id, lang)
    return briefing_pdf(
        filtered_view(full, filters), region_id, lang, filter_summary_text(full, filters, lang)
    )


def briefing_download(region_id: str, lang: str, filters=None, *, key: str = "briefing") -> None:
    """One click: a download button that builds the region's PDF briefing when pressed (a few
    seconds, while the button shows it is working) and saves it. `filters` None briefs on the
    whole data (as Present shows it); else on the view those filters give."""
    st.download_button(
        t("briefing.overview_button", lang),
        lambda: _briefing_bytes(region_id, lang, filters, store_version()),
        f"briefing-{region_id}-{lang}.pdf",
        "application/pdf",
        key=key,
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        help=t("briefing.preparing", lang),
    )


def briefing_region(catalog: Catalog, lang: str) -> str | None:
    """Picker of the partner region to brief on; defaults to the one region the filters keep."""
    options = partner_regions(catalog)
    if not options:
        return None
    chosen = [r for r in current_filters().regions if r in options]
    names = region_names(catalog, lang)
    return st.selectbox(
        t("briefing.region", lang),
        options,
        index=options.index(chosen[0]) if len(chosen) == 1 else 0,
        format_func=names.get,
        key="briefing_region",
        width=360,
    )


def coverage_caption(coverages, lang: str) -> None:
    """One line saying how complete the data behind this page is."""
    parts = [t(c.key, lang, sourced=c.sourced, total=c.total) for c in coverages if c.total]
    if parts:
        st.caption(":material/fact_check: " + t("coverage.intro", lang) + " " + " · ".join(parts))
