"""Themes & projects: who works on which theme, how the links flow, and the projects behind."""

from functools import partial

import streamlit as st

from regiondash import themes_view as tv
from regiondash.i18n import t
from regiondash.text import escape_markdown
from regiondash.ui import frame, state
from regiondash.viewstate import MAX_SEARCH_CHARS

PICK, CHART = "themes_pick", "themes_chart"  # clicked cell (mode, theme, column); chart key suffix
MAX_CARDS = 50  # a page of cards one can read; the Table tab lists every project
lang = frame.current_language()
catalog = frame.view()


def set_pick(pick: tuple | None = None) -> None:
    """Store the clicked cell (None clears it); a fresh chart key drops plotly's own selection."""
    st.session_state[PICK] = pick
    st.session_state[CHART] = st.session_state.get(CHART, 0) + 1


def on_cell_click(key: str, mode: str) -> None:
    clicked = tv.pick_from_points(st.session_state[key].selection.points)
    set_pick((mode, *clicked) if clicked else None)


st.title(t("themes.title", lang))
frame.filter_banner(lang)
if catalog.agreements.empty and catalog.projects.empty:
    st.info(t("nothing.matches", lang))
else:
    st.caption(":material/fact_check: " + escape_markdown(tv.completeness_text(catalog, lang)))
    mode = st.segmented_control(
        t("themes.mode", lang),
        tv.MODES,
        required=True,
        format_func=lambda m: t(f"themes.mode.{m}", lang),
        **state.bind(
            "themes_mode",
            state.get().themes_mode or tv.MODES[0],
            lambda m: state.update(themes_mode=None if m == tv.MODES[0] else m),
        ),
    )
    matrix = tv.theme_matrix(catalog, mode, lang)
    pick = tv.valid_pick(matrix, st.session_state.get(PICK))
    tab_names = [t("themes.tab.matrix", lang), t("themes.tab.flows", lang)]
    tabs = st.tabs([*tab_names, t("themes.themes", lang, count=len(catalog.themes))])
    if matrix.empty:
        tabs[0].info(t("themes.matrix.empty", lang))
    else:
        key = f"themes_matrix_{st.session_state.get(CHART, 0)}"
        figure = tv.matrix_heatmap(catalog, mode, lang, pick)
        on_select = partial(on_cell_click, key, mode)
        with tabs[0]:
            frame.plotly_chart(figure, key=key, on_select=on_select, selection_mode="points")
        tabs[0].caption(t("themes.matrix.help", lang))
        if cut := tv.matrix_cut_text(matrix, lang):
            tabs[0].caption(cut)
        with tabs[0].expander(t("tab.table", lang), icon=":material/table:"):
            rows = tv.matrix_table(catalog, mode, lang)
            frame.data_table(rows, f"themes-{mode}", catalog, matrix.source_ids, lang)
    if tv.record_themes(catalog).empty:
        tabs[1].info(t("themes.matrix.empty", lang))
    else:
        with tabs[1]:
            frame.plotly_chart(tv.sankey_figure(catalog, lang))
            st.caption(t("themes.sankey.note", lang))
            with st.expander(t("tab.table", lang), icon=":material/table:"):
                flows = tv.sankey_table(catalog, lang)
                source_ids = tv.record_themes(catalog)["source_id"]
                frame.data_table(flows, "theme-flows", catalog, source_ids, lang)
    with tabs[2]:
        source_ids = catalog.themes["source_id"]
        frame.data_table(tv.theme_rows(catalog, lang), "themes", catalog, source_ids, lang)

    cards = tv.project_cards(catalog, lang, frame.catalog())
    st.subheader(t("themes.projects", lang, count=len(cards)))
    in_cell = None
    if pick:
        label, in_cell, notes = tv.pick_summary(catalog, matrix, pick, lang)
        chip = st.container(horizontal=True, vertical_alignment="center")
        chip.badge(escape_markdown(label), icon=":material/filter_alt:", color="orange")
        chip.button(t("themes.pick.clear", lang), icon=":material/undo:", on_click=set_pick)
        for note in notes:
            st.caption(escape_markdown(note))
    query = st.text_input(
        t("themes.search", lang),
        placeholder=t("themes.search_placeholder", lang),
        max_chars=MAX_SEARCH_CHARS,
        **state.bind(
            "themes_search",
            state.get().themes_search,
            lambda text: state.update(themes_search=(text or "").strip()),
        ),
    )
    picked_ids = None if in_cell is None else tuple(in_cell)
    shown, table, texts = tv.shown_cards(cards, query or "", picked_ids, lang, MAX_CARDS)
    st.caption(t("themes.shown", lang, shown=len(shown), total=len(cards)))
    cards_tab, table_tab = st.tabs([t("themes.tab.cards", lang), t("themes.tab.table", lang)])
    if shown.empty:
        cards_tab.info(t("themes.no_project", lang))
    if len(shown) > MAX_CARDS:
        cards_tab.caption(t("themes.cards_capped", lang, shown=MAX_CARDS, total=len(shown)))
    for start in range(0, len(texts), 2):
        for column, text in zip(cards_tab.columns(2), texts[start : start + 2], strict=False):
            column.container(border=True).markdown(text)
    with table_tab:
        link = {t("sources.col.link", lang): st.column_config.LinkColumn()}
        frame.data_table(table, "projects", catalog, shown["source_id"], lang, column_config=link)
frame.as_of_caption(catalog, lang)
