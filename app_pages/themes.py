"""Themes & projects: the thematic areas of cooperation and the projects behind them."""

import streamlit as st

from regiondash import ui
from regiondash.i18n import t
from regiondash.tables import project_rows, themes_rows

lang = ui.current_language()
catalog = ui.view()

st.title(t("themes.title", lang))
ui.filter_banner(lang)
left, right = st.columns([2, 3])
with left:
    st.subheader(t("themes.themes", lang, count=len(catalog.themes)))
    st.dataframe(themes_rows(catalog, lang), hide_index=True, width="stretch", height=500)
with right:
    st.subheader(t("themes.projects", lang, count=len(catalog.projects)))
    if catalog.projects.empty:
        st.info(t("nothing.matches", lang))
    else:
        st.dataframe(project_rows(catalog, lang), hide_index=True, width="stretch")
ui.as_of_caption(catalog, lang)
