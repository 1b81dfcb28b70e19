"""Streamlit glue shared by app.py and pages: the cached catalog, the error page, provenance."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from regiondash.changes import clicked_region
from regiondash.data import Catalog, load_catalog, publish_basemap
from regiondash.filters import view as filtered_view
from regiondash.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    LANGUAGES,
    format_date,
    localized_label,
    t,
)
from regiondash.problems import DataPackageError
from regiondash.provenance import source_rows
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


def wrap_metric_labels() -> None:
    st.html(METRIC_LABEL_CSS)


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


def catalog() -> Catalog:
    """The catalog for pages (app.py has already shown the error page if it is broken)."""
    return load_catalog()


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


def view() -> Catalog:
    """The catalog as the view state's filters restrict it (pages draw from this).

    Built once per (data version, filters) and shared by every session and rerun: what pages
    derive from it with `memo.per_catalog` is then computed once too.
    """
    return filtered_view(load_catalog(), current_filters())


def filter_banner(lang: str) -> None:
    """The active filters in one line under the page title, on every page."""
    full = load_catalog()
    st.caption(
        ":material/filter_alt: "
        + escape_markdown(filter_summary_text(full, current_filters(), lang))
    )


def try_catalog() -> tuple[Catalog | None, DataPackageError | None]:
    """The catalog, or the error listing every problem of a broken package."""
    try:
        # load_catalog caches per process, so every session and rerun shares one build.
        return load_catalog(), None
    except DataPackageError as error:
        return None, error


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


def sources_table(catalog: Catalog, source_ids, lang: str) -> None:
    """The sources behind a figure, as a table with clickable links (text is never HTML)."""
    rows = source_rows(catalog, source_ids)
    if rows.empty:
        st.caption(t("sources.none", lang))
        return
    st.dataframe(
        rows[["title", "publisher", "published_text", "url"]],
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


def export_header(catalog: Catalog, source_ids, lang: str, title: str) -> list[str]:
    """Lines naming what a download holds: title, active filters, sources, as-of date."""
    full = load_catalog()
    sources = source_rows(catalog, source_ids)
    lines = [
        f"regiondash — {title}",
        t("export.filters", lang, summary=filter_summary_text(full, current_filters(), lang)),
        t("frame.as_of", lang, date=catalog.as_of),
    ]
    lines += [
        # url is optional: a missing one is NA, which has no truth value
        t("export.source", lang, title=r.title, url=r.url if isinstance(r.url, str) else "")
        for r in sources.itertuples()
    ]
    return lines


@st.cache_data(show_spinner=False, max_entries=256)
def _export_files(frame, header: tuple[str, ...]) -> tuple[bytes, bytes]:
    """CSV and Excel bytes, built once per table content and header (Excel is slow to build)."""
    from regiondash.exports import csv_bytes, excel_bytes

    return csv_bytes(frame, list(header)), excel_bytes(frame, list(header))


@st.cache_resource(show_spinner=False)
def package_zip() -> bytes:
    """The whole Data Package as a zip, built once per server process."""
    from regiondash.data import package_archive

    return package_archive()


def download_buttons(frame, name: str, catalog: Catalog, source_ids, lang: str) -> None:
    """CSV and Excel downloads of a table's filtered rows, each with the export header."""
    header = export_header(catalog, source_ids, lang, name)
    csv_file, excel_file = _export_files(frame, tuple(header))
    left, right = st.columns(2)
    left.download_button(
        t("export.csv", lang),
        csv_file,
        f"{name}.csv",
        "text/csv",
        key=f"csv_{name}",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        t("export.excel", lang),
        excel_file,
        f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"xlsx_{name}",
        on_click="ignore",
        icon=":material/table_view:",
    )


def table_source_ids(table) -> list[str]:
    """Every source a table's rows cite (any *source_id column), or its own ids for sources."""
    columns = [c for c in table.columns if c == "source_id" or c.endswith("_source_id")]
    if "title" in table.columns and "publisher" in table.columns:  # the sources table itself
        return list(table["id"])
    return list(dict.fromkeys(v for c in columns for v in table[c].dropna()))


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
def _briefing_bytes(region_id: str, lang: str, filters) -> bytes:
    """PDF bytes per (region, language, filters)."""
    from regiondash.briefing import briefing_pdf

    full = load_catalog()
    return briefing_pdf(
        filtered_view(full, filters), region_id, lang, filter_summary_text(full, filters, lang)
    )


def briefing_section(catalog: Catalog, lang: str) -> None:
    """Pick a partner region, build its PDF briefing (a few seconds), then download it."""
    partners = catalog.regions[catalog.regions["role"] == "partner"].set_index("id")
    if partners.empty:
        st.info(t("nothing.matches", lang))
        return
    region_id = st.selectbox(
        t("briefing.region", lang),
        list(partners.index),
        format_func=lambda r: localized_label(partners.loc[r], "name", lang),
        key="briefing_region",
    )
    filters = current_filters()
    if st.button(t("briefing.prepare", lang), icon=":material/picture_as_pdf:", key="briefing_go"):
        with st.spinner(t("briefing.preparing", lang)):
            st.session_state["briefing_pdf"] = (
                (region_id, lang, filters),
                _briefing_bytes(region_id, lang, filters),
            )
    prepared = st.session_state.get("briefing_pdf")
    if prepared and prepared[0] == (region_id, lang, filters):
        st.download_button(
            t("briefing.button", lang),
            prepared[1],
            f"briefing-{region_id}-{lang}.pdf",
            "application/pdf",
            on_click="ignore",
            icon=":material/download:",
            type="primary",
        )


def coverage_caption(coverages, lang: str) -> None:
    """One line saying how complete the data behind this page is."""
    parts = [t(c.key, lang, sourced=c.sourced, total=c.total) for c in coverages if c.total]
    if parts:
        st.caption(":material/fact_check: " + t("coverage.intro", lang) + " " + " · ".join(parts))
