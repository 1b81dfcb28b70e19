"""regiondash entry point: the only router, and the frame shared by every page."""

import streamlit as st

from regiondash import sidebar
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
    lang, ignored = language_switch()
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
        ignored += sidebar.sync_from_url(catalog)
        if ignored:
            st.caption(t("filters.ignored", lang, values=", ".join(ignored)))
        with st.expander(t("filters.title", lang), expanded=True, icon=":material/filter_alt:"):
            filters = sidebar.filter_sidebar(catalog, lang)
        with st.popover(t("filters.share", lang), icon=":material/link:"):
            st.caption(t("filters.share_help", lang))
            sidebar.share_link(filters, {"lang": lang})
        as_of_caption(catalog, lang)

# Pages add their own part of the link (e.g. the map's camera and selection) while they run.
st.session_state["page_query"] = {}
page.run()
if error is None:
    sidebar.write_url(filters, {"lang": lang, **st.session_state["page_query"]})
