"""Institutions & students: headcounts across institutions, one institution in detail, the
membership tree and two institutions side by side, each figure with its sources."""

import streamlit as st

from regiondash import institutions_view as view
from regiondash.i18n import t
from regiondash.tables import institution_facts
from regiondash.text import escape_markdown
from regiondash.ui import frame, state

PICK, CLICK, SEEN = "institution", "institution_click", "institution_click_seen"


def pick(institution_id) -> None:
    state.update(institution=institution_id)


lang = frame.current_language()
catalog = frame.view()
names = view.institution_names(catalog, lang)
counted = view.counted_institutions(catalog)


def table(shown, name: str) -> None:
    frame.data_table(shown.rows, name, catalog, shown.source_ids, lang)


def undo_click(previous) -> None:
    st.session_state.pop(CLICK, None)
    pick(previous if previous in counted else None)


st.title(t("institutions.title", lang))
frame.filter_banner(lang)
st.caption(view.coverage_text(catalog, lang))

st.subheader(t("institutions.breakdown", lang))
years = view.breakdown_years(catalog)
if not years:
    st.info(t("nothing.matches", lang))
else:
    default = view.default_breakdown_year(catalog)
    chosen_year = state.get().breakdown_year
    year = (
        st.segmented_control(
            t("institutions.year", lang),
            years,
            **state.bind(
                "breakdown_year",
                chosen_year if chosen_year in years else default,
                lambda y: state.update(breakdown_year=None if y in (None, default) else y),
            ),
        )
        or default
    )
    breakdown_chart, shown = view.year_breakdown(catalog, year, lang)
    event = frame.plotly_chart(
        breakdown_chart,
        config={"displaylogo": False},
        key="breakdown_chart",
        on_select="rerun",
        selection_mode="points",
    )
    picked = view.clicked_institution(event)
    if picked in counted and picked != st.session_state.get(SEEN):
        st.session_state[CLICK] = (picked, state.get().institution)
        pick(picked)  # before the picker below is drawn
    st.session_state[SEEN] = picked
    st.caption(t("institutions.click_hint", lang))
    with st.expander(t("institutions.breakdown_table", lang, year=year)):
        table(shown, f"headcount-breakdown-{year}")

st.subheader(t("institutions.one", lang))
chosen = state.get().institution
institution_id = st.selectbox(
    t("institutions.pick", lang),
    counted,
    format_func=names.get,
    **state.bind(PICK, chosen if chosen in counted else counted[0] if counted else None, pick),
)
pick(institution_id)  # the link names what is shown
click = st.session_state.get(CLICK)
if institution_id is not None and click and click[0] == institution_id:
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(t("institutions.picked", lang, name=escape_markdown(names[institution_id])))
        st.button(
            t("institutions.undo", lang),
            on_click=undo_click,
            args=(click[1],),
            icon=":material/undo:",
            type="tertiary",
        )
if institution_id is None:
    st.info(t("nothing.matches", lang))
else:
    facts, chart = st.columns([2, 3])
    facts.dataframe(institution_facts(catalog, institution_id, lang), hide_index=True)
    with chart:
        years = view.headcount_years(catalog, institution_id)
        year = (
            st.segmented_control(
                t("institutions.year", lang), years, default=years[0], key="headcount_year"
            )
            or years[0]
        )
        bars, several_values = view.headcount_chart(catalog, institution_id, year, lang)
        frame.plotly_chart(bars, config={"displaylogo": False})
    if several_values:
        st.info(t("institutions.latest_note", lang))
    st.markdown(f"**{t('institutions.all_values', lang)}**")
    every = view.all_headcounts(catalog, institution_id, lang)
    table(every, f"headcounts-{institution_id}")
    frame.sources_table(catalog, every.source_ids, lang)

st.subheader(t("institutions.tree", lang))
tree = view.membership_chart(catalog, lang)
if tree is None:
    st.info(t("nothing.matches", lang))
else:
    frame.plotly_chart(tree, config={"displaylogo": False})
    st.caption(t("institutions.tree_note", lang))
    with st.expander(t("tab.table", lang), icon=":material/table:"):
        table(view.membership_rows(catalog, lang), "membership")

st.subheader(t("institutions.side_by_side", lang))
options = view.institutions_by_name(catalog, lang)
pair = view.default_pair(options)
if pair[1] is None:
    st.info(t("nothing.matches", lang))
else:
    for which in ("first", "second"):
        if st.session_state.get(f"side_{which}") not in options:
            st.session_state.pop(f"side_{which}", None)
    chosen = [
        column.selectbox(
            t(f"institutions.{which}", lang),
            options,
            index=options.index(default),
            format_func=names.get,
            key=f"side_{which}",
        )
        for column, which, default in zip(st.columns(2), ("first", "second"), pair, strict=True)
    ]
    if chosen[0] == chosen[1]:
        st.info(t("institutions.pick_two", lang))
    else:
        table(view.comparison_rows(catalog, *chosen, lang), "institutions-side-by-side")
frame.as_of_caption(catalog, lang)
