"""regiondash entry point: the only router, and the frame shared by every page."""

import streamlit as st

from regiondash.i18n import t
from regiondash.pages import PAGES
from regiondash.ui import as_of_caption, language_switch, problems_page, try_catalog

st.set_page_config(
    page_title="regiondash",
    page_icon="assets/favicon.png",
    layout="wide",
    initial_sidebar_state="expanded",
)

with st.sidebar:
    lang = language_switch()
catalog, error = try_catalog()

if error is not None:
    page = st.navigation([st.Page(lambda: problems_page(error, lang), title=t("error.nav", lang))])
else:
    page = st.navigation(
        [
            st.Page(
                spec.path, title=t(spec.title_key, lang), icon=spec.icon, url_path=spec.url_path
            )
            for spec in PAGES
        ]
    )
    with st.sidebar:
        st.markdown(f"**{t('app.name', lang)}**")
        st.caption(t("app.tagline", lang))
        as_of_caption(catalog, lang)

page.run()
