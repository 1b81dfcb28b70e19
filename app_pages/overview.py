"""Overview: headline figures with their sources, partner map, latest items, recent changes."""

from datetime import date

import streamlit as st

from regiondash import charts
from regiondash.changes import changes_since
from regiondash.completeness import overview_coverage
from regiondash.i18n import t
from regiondash.metrics import headline_figures
from regiondash.tables import headcount_rows, latest_items, region_rows
from regiondash.text import escape_markdown
from regiondash.ui import frame, state

lang = frame.current_language()
catalog = frame.view()

st.title(t("overview.title", lang))
frame.filter_banner(lang)
frame.wrap_metric_labels()
st.caption(t("overview.intro", lang))

figures = headline_figures(catalog, lang, frame.current_filters().years)
for column, figure in zip(st.columns(len(figures)), figures, strict=True):
    with column:
        st.metric(escape_markdown(figure.label), figure.value)  # names are data text
        with st.popover(t("sources.button", lang, count=len(figure.source_ids))):
            if figure.detail is not None:
                st.caption(t("metric.students.detail", lang))
                st.dataframe(headcount_rows(catalog, figure.detail, lang), hide_index=True)
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
    figure = charts.partner_map_with_sources(catalog, lang)
    event = st.plotly_chart(
        figure,
        config={"displaylogo": False},
        on_select="rerun",
        selection_mode="points",
        key="overview_partner_map",
    )
    frame.open_map_on_click(catalog, event, lang)
    st.caption(t("overview.map_click", lang))
with right:
    st.subheader(t("overview.latest", lang))
    latest = latest_items(catalog, lang)
    if latest.empty:
        st.info(t("nothing.matches", lang))
    else:
        st.dataframe(latest, hide_index=True, width="stretch")
frame.coverage_caption(overview_coverage(catalog), lang)
with st.expander(t("overview.regions_table", lang)):
    st.dataframe(region_rows(catalog, lang), hide_index=True, width="stretch")
    st.caption(t("overview.regions_note", lang))
with st.expander(t("briefing.section", lang), icon=":material/picture_as_pdf:"):
    frame.briefing_section(catalog, lang)
frame.as_of_caption(catalog, lang)
