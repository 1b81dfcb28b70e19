"""Compare: Île-de-France beside one partner region: institutions and students, themes in
common, the institution links between them and their agreements over time, with sources."""

import streamlit as st

from regiondash import charts
from regiondash import compare as pair
from regiondash.i18n import t
from regiondash.institutions_view import region_label
from regiondash.metrics import students_figure
from regiondash.text import escape_markdown
from regiondash.ui import frame, state

lang = frame.current_language()
catalog = frame.view()
home = pair.home_region(catalog)
choices = pair.partner_choices(catalog)
chosen = state.get().partner
chosen = chosen if chosen in choices else pair.default_partner(choices)


def name(region_id: str) -> str:
    return region_label(catalog, region_id, lang)


def table(shown, file_name: str) -> None:
    """A table with its CSV/Excel downloads, or the empty state."""
    if shown.rows.empty:
        st.info(t("nothing.matches", lang))
        return
    frame.data_table(shown.rows, file_name, catalog, shown.source_ids, lang)


st.title(t("compare.title", lang))
frame.filter_banner(lang)
frame.wrap_metric_labels()
partner = st.selectbox(
    t("compare.partner", lang),
    choices,
    format_func=name,
    **state.bind("compare_partner", chosen, lambda value: state.update(partner=value)),
)
state.update(partner=partner)  # the link names what is shown, also when it fell back
if partner is None or home is None:
    st.info(t("nothing.matches", lang))
else:
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
                detail = escape_markdown(pair.students_detail(catalog, students[side], lang))
                st.caption(t("compare.students_detail", lang, detail=detail))
            table(pair.institutions_rows(catalog, side, lang), f"institutions-{side}")

    themes = pair.themes_rows(catalog, home, partner, lang)
    st.subheader(t("compare.themes", lang, count=len(themes.rows)))
    st.caption(t("compare.themes_note", lang))
    table(themes, f"themes-{home}-{partner}")

    links = pair.links_rows(catalog, pair.cross_links(catalog, home, partner), home, partner, lang)
    st.subheader(t("compare.links", lang, count=len(links.rows)))
    table(links, f"links-{home}-{partner}")

    agreements = pair.pair_agreements(catalog, home, partner, lang)
    st.subheader(t("compare.agreements", lang, count=len(agreements)))
    if agreements.dropna(subset=["year"]).empty:
        st.info(t("nothing.matches", lang))
    else:
        title = t("compare.agreements_title", lang, home=name(home), partner=name(partner))
        figure = pair.agreements_figure(agreements, title, lang)
        footnote = charts.footnote_text(catalog, agreements["source_id"], lang)
        st.plotly_chart(charts.with_footnote(figure, footnote), config={"displaylogo": False})
    table(pair.agreements_rows(catalog, agreements, lang), f"agreements-{home}-{partner}")
frame.as_of_caption(catalog, lang)
