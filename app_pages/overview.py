"""Overview: headline figures with their sources, partner map, latest items, recent changes."""

from datetime import date

import streamlit as st

from regiondash import charts
from regiondash.changes import changes_since
from regiondash.completeness import overview_coverage
from regiondash.i18n import t
from regiondash.metrics import headline_figures
from regiondash.tables import (
    latest_items,
    latest_source_ids,
    partner_map_rows,
    region_rows,
)
from regiondash.text import escape_markdown
from regiondash.ui import frame, state

lang = frame.current_language()
catalog = frame.view()

st.title(t("overview.title", lang))
frame.filter_banner(lang)
frame.wrap_metric_labels()
st.caption(t("overview.intro", lang))
with st.container(horizontal=True, vertical_alignment="bottom"):
    briefed = frame.briefing_region(catalog, lang)
    if briefed is not None:
        frame.briefing_download(briefed, lang, frame.current_filters(), key="overview_briefing")

figures = headline_figures(catalog, lang, frame.current_filters().years)
# Keyed: on a phone the CSS (frame.LAYOUT_CSS) sets these two to a row.
figure_columns = st.container(key="headline_figures").columns(len(figures))
for column, figure in zip(figure_columns, figures, strict=True):
    with column:
        st.metric(escape_markdown(figure.label), figure.value)  # names are data text
        with st.popover(t("sources.button", lang, count=len(figure.source_ids))):
            if figure.detail is not None:
                st.caption(t("metric.students.detail", lang))
                st.dataframe(
                    frame.shown_table(figure.detail),
                    hide_index=True,
                    placeholder=t("value.not_sourced", lang),
                )
            frame.sources_table(catalog, figure.source_ids, lang)

since_column, changes_column = st.columns([1, 4], vertical_alignment="bottom")
default_since = date(date.fromisoformat(catalog.as_of).year - 2, 1, 1)
since = (
    since_column.date_input(
        t("overview.since", lang),
        **state.bind(
            "overview_since",
            state.get().since or default_since,
            lambda day: state.update(since=None if day in (None, default_since) else day),
        ),
    )
    or default_since
)
changes_column.markdown(t("overview.changes", lang, date=since, **changes_since(catalog, since)))

left, right = st.columns([3, 2])
with left:
    st.subheader(t("overview.map_title", lang))
    figure = charts.partner_map_with_sources(catalog, lang, frame.chart_world_url())
    map_rows, map_sources = partner_map_rows(catalog, lang)
    event = frame.chart_and_table(
        lambda: frame.plotly_chart(
            figure,
            config={"displaylogo": False},
            on_select="rerun",
            selection_mode="points",
            key="overview_partner_map",
        ),
        map_rows,
        "partner-links",
        catalog,
        map_sources,
        lang,
    )
    frame.open_map_on_click(catalog, event, lang)
    st.caption(t("overview.map_click", lang))
with right:
    st.subheader(t("overview.latest", lang))
    latest = latest_items(catalog, lang)
    if latest.empty:
        st.info(t("nothing.matches", lang))
    else:
        frame.data_table(latest, "latest", catalog, latest_source_ids(catalog), lang)
frame.coverage_caption(overview_coverage(catalog), lang)
with st.expander(t("overview.regions_table", lang)):
    regions = catalog.regions
    sourced = [*regions["population_source_id"], *regions["area_source_id"]]
    frame.data_table(region_rows(catalog, lang), "regions", catalog, sourced, lang)
    st.caption(t("overview.regions_note", lang))
frame.as_of_caption(catalog, lang)
