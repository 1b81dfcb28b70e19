"""Timeline: agreements, projects and events on one zoomable time axis."""

import streamlit as st

from regiondash import charts
from regiondash.i18n import t
from regiondash.tables import latest_items
from regiondash.ui import frame

lang = frame.current_language()
catalog = frame.view()

st.title(t("timeline.title", lang))
frame.filter_banner(lang)
items = charts.timeline_frame(catalog, lang)
if items.empty:
    st.info(t("nothing.matches", lang))
else:
    st.plotly_chart(charts.timeline_with_sources(catalog, lang), config={"displaylogo": False})
    st.caption(t("timeline.note", lang, imprecise=int((~items["precise"]).sum()), total=len(items)))
    table = latest_items(catalog, lang, limit=len(items))
    st.dataframe(table, hide_index=True, width="stretch")
    frame.download_buttons(table, "timeline", catalog, items["source_id"], lang)
    with st.expander(t("sources.title", lang)):
        frame.sources_table(catalog, items["source_id"], lang)
frame.as_of_caption(catalog, lang)
