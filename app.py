"""regiondash entry point: the only router, and the frame shared by every page."""

import streamlit as st

from regiondash.i18n import t
from regiondash.pages import PAGES
from regiondash.text import escape_markdown
from regiondash.ui import sidebar, state
from regiondash.ui.frame import as_of_caption, language_switch, problems_page, try_catalog

st.set_page_config(
    page_title="regiondash",
    page_icon="assets/favicon.png",
    layout="wide",
    initial_sidebar_state="expanded",
)

catalog, error = try_catalog()
# The URL is decoded once, here; pages read the view state, never the query string.
ignored = state.begin(catalog)
share_box = None
with st.sidebar:
    lang = language_switch()

if error is not None:
    page = st.navigation([st.Page(lambda: problems_page(error, lang), title=t("error.nav", lang))])
else:
    page = st.navigation(
        [
            st.Page(
                spec.path,
                title=t(spec.title_key, lang),
                icon=spec.icon,
                url_path=spec.url_path,
                default=spec.url_path == PAGES[0].url_path,
            )
            for spec in PAGES
        ]
    )
    with st.sidebar:
        if ignored:
            shown = ", ".join(value[:80] for value in ignored)
            st.caption(t("filters.ignored", lang, values=escape_markdown(shown)))
        with st.expander(t("filters.title", lang), expanded=True, icon=":material/filter_alt:"):
            sidebar.filter_sidebar(catalog, lang)
        with st.popover(t("filters.share", lang), icon=":material/link:"):
            st.caption(t("filters.share_help", lang))
            share_box = st.empty()  # filled after the page ran: the link includes its state
        as_of_caption(catalog, lang)

page.run()
if error is None:
    state.finish(share_box)
