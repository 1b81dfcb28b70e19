"""regiondash entry point: the only router, and the frame shared by every page."""

import streamlit as st

from regiondash import heap
from regiondash.i18n import t
from regiondash.pages import PAGES
from regiondash.run_slots import run_slot
from regiondash.text import escape_markdown
from regiondash.ui import auth, sidebar, state
from regiondash.ui.frame import (
    as_of_caption,
    language_switch,
    layout_css,
    problems_page,
    try_catalog,
)
from regiondash.viewstate import view_address

# A few runs at a time, the rest wait (regiondash.run_slots): under load this is faster for all.
with run_slot():
    st.set_page_config(
        page_title="regiondash",
        page_icon="assets/favicon.png",
        layout="wide",
        # "auto": open on wide screens, collapsed on a phone (it would cover most of the screen).
        initial_sidebar_state="auto",
    )

    layout_css()
    catalog, error = try_catalog()
    # The URL is decoded once, here; pages read the view state, never the query string.
    ignored = state.begin(catalog)
    share_box = None
    with st.sidebar:
        nav_box = st.container()
        lang = language_switch()

    if error is not None:
        page = st.navigation(
            [st.Page(lambda: problems_page(error, lang), title=t("error.nav", lang))]
        )
    else:
        pages = [
            st.Page(
                spec.path, title=t(spec.title_key, lang), icon=spec.icon, url_path=spec.url_path
            )
            for spec in PAGES
        ]
        by_path = {spec.url_path: link for spec, link in zip(PAGES, pages, strict=True)}

        def land() -> None:
            """'/': the view a just-signed-in user left to sign in, else the Overview."""
            target = auth.landing(tuple(by_path))
            if target is not None:
                st.switch_page(by_path[target[0]], query_params=target[1])
            st.switch_page(pages[0], query_params=state.url_query())

        # "/" opens the Overview at its own name, so that /overview is a real address too (a
        # default page answers only at "/" and would show "Page not found" for /overview).
        # Hidden: the sidebar draws its own page links below.
        home = st.Page(
            land,
            title=t(PAGES[0].title_key, lang),
            url_path="home",
            default=True,
        )
        page = st.navigation([home, *pages], position="hidden")
        with nav_box:
            # Links carry the view state (callbacks have already applied this run's changes), so
            # a page switch is one history entry (back works in one press) on the same view.
            editor = auth.current_editor() is not None
            for spec, link in zip(PAGES, pages, strict=True):
                if editor or not spec.editors_only:
                    st.page_link(link, query_params=state.url_for_links())
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
            auth.account_box(lang, view_address(page.url_path, state.url_for_links()))

    page.run()
    if error is None:
        state.finish(share_box)
    # Keep the loaded catalog out of the garbage collector's full walks (regiondash.heap).
    heap.settle(catalog)
