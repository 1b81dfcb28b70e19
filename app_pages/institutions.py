"""Institutions & students: the headcount breakdown of each institution, with sources."""

import streamlit as st

from regiondash import charts, ui
from regiondash.i18n import t
from regiondash.provenance import latest_headcounts
from regiondash.tables import headcount_rows, institution_facts

lang = ui.current_language()
catalog = ui.view()

st.title(t("institutions.title", lang))
ui.filter_banner(lang)
latest = latest_headcounts(catalog.headcounts, catalog.sources)
names = catalog.institutions.set_index("id")["name_en"]
counted = [i for i in catalog.institutions["id"] if i in set(latest["institution_id"])]
institution_id = st.selectbox(
    t("institutions.pick", lang), counted, format_func=lambda i: names[i], key="institution"
)
if institution_id is None:
    st.info(t("nothing.matches", lang))
else:
    st.dataframe(institution_facts(catalog, institution_id, lang), hide_index=True)
    every = catalog.headcounts[catalog.headcounts["institution_id"] == institution_id]
    years = sorted(every["year"].unique(), reverse=True)
    year = (
        st.segmented_control(
            t("institutions.year", lang), years, default=years[0], key="headcount_year"
        )
        or years[0]
    )
    own = latest_headcounts(every, catalog.sources, year=year)
    st.plotly_chart(
        charts.headcount_figure(own, names[institution_id], year, lang),
        config={"displaylogo": False},
    )
    if (own["n_values"] > 1).any():
        st.info(t("institutions.latest_note", lang))
    st.subheader(t("institutions.all_values", lang))
    st.dataframe(headcount_rows(catalog, every, lang), hide_index=True, width="stretch")
    ui.sources_table(catalog, every["source_id"], lang)
ui.as_of_caption(catalog, lang)
