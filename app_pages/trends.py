"""Trends: a count over the years, one line per region or institution (as OWID's grapher)."""

import streamlit as st

from regiondash import trends
from regiondash.i18n import t
from regiondash.institutions_view import institution_names, region_names
from regiondash.text import escape_markdown
from regiondash.ui import frame, state
from regiondash.ui.trend_chart import chart_with_table, series_picker

lang = frame.current_language()
catalog = frame.view()
view = state.get()

st.title(t("trends.title", lang))
frame.filter_banner(lang)
st.caption(t("trends.intro", lang))
chosen = view.trend_measure if view.trend_measure in trends.MEASURES else trends.DEFAULT_MEASURE
measure_column, series_column = st.columns([2, 3])
measure = measure_column.selectbox(
    t("trends.measure", lang),
    trends.MEASURES,
    format_func=lambda m: trends.measure_label(m, lang),
    **state.bind(
        "trend_measure",
        chosen,
        lambda m: state.update(trend_measure=None if m == trends.DEFAULT_MEASURE else m),
    ),
)

if trends.is_region_measure(measure):
    names = region_names(frame.catalog(), lang)  # also of hidden choices
    with series_column:
        regions = series_picker(
            "trend_regions",
            t("trends.regions", lang),
            trends.region_options(catalog),
            view.trend_regions,
            trends.default_regions(catalog),
            lambda i: names.get(i, i),
            "trend_regions",
            lang,
        )
    cumulative = st.toggle(
        t("trends.cumulative", lang),
        **state.bind(
            "trend_cumulative", view.trend_cumulative, lambda on: state.update(trend_cumulative=on)
        ),
    )
    covered = trends.covered_years(frame.catalog(), measure)
    years = trends.shown_years(covered, frame.current_filters().years)
    labels = tuple((i, names.get(i, i)) for i in regions)
    chart = trends.region_chart(catalog, tuple(regions), measure, years, cumulative, lang, labels)
    if not regions:
        st.info(t("trends.pick", lang))
    elif chart is None:
        st.info(t("trends.no_years", lang))
    else:
        chart_with_table(*chart, f"trends-{measure}", catalog, lang)
        st.caption(t("trends.zero_note", lang, first=years[0], last=years[1]))
        if cumulative:
            st.caption(t("trends.cumulative_note", lang, first=years[0]))
        undated = trends.undated_text(trends.undated_counts(catalog, regions, measure), names)
        if undated:
            st.caption(t("trends.undated", lang, detail=escape_markdown(undated)))
else:
    names = institution_names(frame.catalog(), lang)
    with series_column:
        chosen_ids = series_picker(
            "trend_institutions",
            t("trends.institutions", lang),
            trends.institution_options(catalog, measure),
            view.trend_institutions,
            trends.default_institutions(catalog, measure),
            lambda i: names.get(i, i),
            "trend_institutions",
            lang,
        )
    labels = tuple((i, names.get(i, i)) for i in chosen_ids)
    chart = trends.headcount_chart(catalog, tuple(chosen_ids), measure, lang, labels)
    if chart is None:
        st.info(t("trends.pick", lang) if not chosen_ids else t("nothing.matches", lang))
    else:
        chart_with_table(*chart, f"trends-{measure}", catalog, lang)
        st.caption(t("trends.headcount_note", lang))
frame.as_of_caption(catalog, lang)
