"""Timeline: agreements, projects and events on one time axis."""

import streamlit as st

from regiondash import charts, ui
from regiondash.i18n import t

lang = ui.current_language()
catalog = ui.view()

st.title(t("timeline.title", lang))
ui.filter_banner(lang)
items = charts.timeline_frame(catalog)
if items.empty:
    st.info(t("nothing.matches", lang))
else:
    st.plotly_chart(charts.timeline_figure(items, lang), config={"displaylogo": False})
    st.caption(t("timeline.note", lang))
    ui.sources_table(catalog, items["source_id"], lang)
ui.as_of_caption(catalog, lang)
