"""Overview: headline figures with their sources, and the map of partner regions."""

import streamlit as st

from regiondash import charts, ui
from regiondash.i18n import t
from regiondash.metrics import headline_figures
from regiondash.tables import headcount_rows, latest_agreements, region_rows

lang = ui.current_language()
catalog = ui.view()

st.title(t("overview.title", lang))
ui.filter_banner(lang)
st.caption(t("overview.intro", lang))

figures = headline_figures(catalog)
for column, figure in zip(st.columns(len(figures)), figures, strict=True):
    with column:
        st.metric(t(figure.key, lang), f"{figure.value:,}")
        with st.popover(t("sources.button", lang, count=len(figure.source_ids))):
            if figure.detail is not None:
                st.caption(t(figure.key + ".detail", lang))
                st.dataframe(headcount_rows(catalog, figure.detail, lang), hide_index=True)
            ui.sources_table(catalog, figure.source_ids, lang)

left, right = st.columns([3, 2])
with left:
    st.subheader(t("overview.map_title", lang))
    st.plotly_chart(charts.partner_map_figure(catalog, lang), config={"displaylogo": False})
with right:
    st.subheader(t("overview.latest_agreements", lang))
    agreements = latest_agreements(catalog, lang)
    if agreements.empty:
        st.info(t("nothing.matches", lang))
    else:
        st.dataframe(agreements, hide_index=True, width="stretch")
with st.expander(t("overview.regions_table", lang)):
    st.dataframe(region_rows(catalog, lang), hide_index=True, width="stretch")
    st.caption(t("overview.regions_note", lang))
ui.as_of_caption(catalog, lang)
