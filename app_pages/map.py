"""Map: campuses, regions and partnership arcs on an offline basemap."""

import streamlit as st

from regiondash import maps, ui
from regiondash.i18n import t

lang = ui.current_language()
catalog = ui.view()

st.title(t("map.title", lang))
ui.filter_banner(lang)
view = (
    st.segmented_control(
        t("map.view", lang),
        options=list(maps.VIEWS),
        format_func=lambda name: t(f"map.view.{name}", lang),
        default="world",
        key="map_view",
    )
    or "world"
)
deck = maps.partnership_deck(catalog, lang, ui.basemap_url(), view)
st.pydeck_chart(deck, height=620)
st.caption(t("map.legend", lang))
st.caption(t("map.basemap_note", lang))
ui.as_of_caption(catalog, lang)
