"""Compare: Île-de-France and one or more partner regions over the years, then beside the
first of them: institutions and students, themes in common, the institution links between them
and their agreements over time, with sources."""

import streamlit as st

from regiondash import compare as pair
from regiondash import trends
from regiondash.i18n import t
from regiondash.institutions_view import region_names
from regiondash.metrics import students_figure
from regiondash.text import escape_markdown
from regiondash.ui import frame, state
from regiondash.ui.trend_chart import chart_with_table, series_picker

lang = frame.current_language()
catalog = frame.view()
home = pair.home_region(catalog)
choices = pair.partner_choices(catalog)
default = pair.default_partner(choices)


region_name = region_names(frame.catalog(), lang)  # also of choices the filters hide


def name(region_id: str) -> str:
    return region_name.get(region_id, region_id)


def table(shown, file_name: str) -> None:
    """A table with its CSV/Excel downloads, or the empty state."""
    if shown.rows.empty:
        st.info(t("nothing.matches", lang))
        return
    frame.data_table(shown.rows, file_name, catalog, shown.source_ids, lang)


st.title(t("compare.title", lang))
frame.filter_banner(lang)
frame.wrap_metric_labels()
partners = series_picker(
    "compare_partners",
    t("compare.partners", lang),
    choices,
    state.get().partners,
    [default] if default else [],
    name,
    "partners",
    lang,
)
partner = partners[0] if partners else None  # the details below compare with the first
if home is None or not choices:
    st.info(t("nothing.matches", lang))
elif partner is None:
    st.info(t("compare.pick_partner", lang))
else:
    sides = [home, *partners]
    st.subheader(t("compare.over_time", lang, regions=escape_markdown(", ".join(map(name, sides)))))
    spans = trends.measure_spans(frame.catalog(), frame.current_filters().years)
    names = tuple((side, name(side)) for side in sides)
    figure, shown = trends.measures_chart(
        catalog, tuple(sides), tuple(sorted(spans.items())), names, lang
    )
    chart_with_table(figure, shown, "compare-over-time", catalog, lang)
    st.caption(t("trends.zero_note_each", lang))
    if len(partners) > 1:
        st.caption(t("compare.details_for", lang, home=name(home), partner=name(partner)))
    years = frame.current_filters().years
    students = {side: pair.region_students(catalog, side) for side in (home, partner)}
    st.caption(t("compare.students_scope", lang))
    unlike = pair.unlike_students_note(students[home], students[partner], lang)
    if unlike:
        st.warning(unlike, icon=":material/compare_arrows:")
    for column, side in zip(st.columns(2, border=True), (home, partner), strict=True):
        with column:
            st.subheader(escape_markdown(name(side)))
            label, value = students_figure(catalog, students[side], lang, years)
            st.metric(escape_markdown(label), value)  # names are data text
            if len(students[side]) > 1:
                detail = escape_markdown(pair.students_detail(catalog, side, lang))
                st.caption(t("compare.students_detail", lang, detail=detail))
            table(pair.institutions_rows(catalog, side, lang), f"institutions-{side}")

    themes = pair.themes_rows(catalog, home, partner, lang)
    st.subheader(t("compare.themes", lang, count=len(themes.rows)))
    st.caption(t("compare.themes_note", lang))
    table(themes, f"themes-{home}-{partner}")

    links = pair.pair_links_rows(catalog, home, partner, lang)
    st.subheader(t("compare.links", lang, count=len(links.rows)))
    table(links, f"links-{home}-{partner}")

    agreements = pair.pair_agreements(catalog, home, partner, lang)
    st.subheader(t("compare.agreements", lang, count=len(agreements)))
    if agreements.dropna(subset=["year"]).empty:
        st.info(t("nothing.matches", lang))
    else:
        title = t("compare.agreements_title", lang, home=name(home), partner=name(partner))
        figure = pair.pair_agreements_figure(catalog, home, partner, title, lang)
        frame.plotly_chart(figure, config={"displaylogo": False})
    table(pair.pair_agreements_rows(catalog, home, partner, lang), f"agreements-{home}-{partner}")
frame.as_of_caption(catalog, lang)
