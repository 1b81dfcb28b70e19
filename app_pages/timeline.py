"""Timeline: agreements, projects and events on one zoomable time axis."""

import streamlit as st

from regiondash import charts
from regiondash.i18n import t
from regiondash.tables import latest_items
from regiondash.ui import frame

MAX_TABLE_ROWS = 1000  # the table shows the latest; the downloads hold every row

lang = frame.current_language()
catalog = frame.view()

st.title(t("timeline.title", lang))
frame.filter_banner(lang)
items = charts.timeline_frame(catalog, lang)
if items.empty:
    st.info(t("nothing.matches", lang))
else:
    frame.plotly_chart(charts.timeline_with_sources(catalog, lang), config={"displaylogo": False})
    if len(items) > charts.MAX_TIMELINE_MARKS:
        st.caption(t("timeline.by_year", lang, total=len(items)))
    st.caption(t("timeline.note", lang, imprecise=int((~items["precise"]).sum()), total=len(items)))
    table = latest_items(catalog, lang, limit=len(items))
    st.dataframe(table.head(MAX_TABLE_ROWS), hide_index=True, width="stretch")
    if len(table) > MAX_TABLE_ROWS:
        st.caption(t("timeline.rows_capped", lang, shown=MAX_TABLE_ROWS, total=len(table)))
    frame.download_buttons(table, "timeline", catalog, items["source_id"], lang)
    with st.expander(t("sources.title", lang)):
        frame.sources_table(catalog, items["source_id"], lang)
frame.as_of_caption(catalog, lang)
