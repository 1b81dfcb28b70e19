"""Sources: every source of the data, each table as CSV/Excel, and the whole package as a zip."""

import streamlit as st

from regiondash.data import TABLE_NAMES
from regiondash.i18n import format_number, t
from regiondash.tables import sources_rows
from regiondash.ui import frame

lang = frame.current_language()
full = frame.catalog()
view = frame.view()

st.title(t("sources.title", lang))
frame.filter_banner(lang)
st.caption(t("sources.intro", lang, count=len(full.sources)))
st.dataframe(
    sources_rows(full, lang),
    hide_index=True,
    width="stretch",
    placeholder="",
    column_config={
        t("sources.col.title", lang): st.column_config.TextColumn(width="large"),
        t("sources.col.link", lang): st.column_config.LinkColumn(width="medium"),
    },
)
st.download_button(
    t("sources.zip", lang),
    frame.package_zip(),
    "regiondash-data.zip",
    "application/zip",
    on_click="ignore",
    icon=":material/folder_zip:",
    type="primary",
)
st.subheader(t("sources.downloads", lang))
st.caption(t("sources.filtered_note", lang))
columns = st.columns(3)
for index, name in enumerate(TABLE_NAMES):
    table = view.table(name)
    with columns[index % 3], st.container(border=True):
        rows = t("table.rows", lang, count=format_number(len(table), lang))
        st.markdown(f"**{t(f'table.{name}', lang)}** · {rows}")
        st.caption(f"{name}.csv")  # plain: code spans in captions fail text contrast
        frame.download_buttons(table, name, view, frame.table_source_ids(table), lang)
frame.as_of_caption(full, lang)
