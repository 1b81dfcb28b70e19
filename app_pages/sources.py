"""Sources: every source of the data, each table as CSV/Excel, and the whole package as a zip."""

import streamlit as st

from regiondash import ui
from regiondash.data import TABLE_NAMES
from regiondash.i18n import t
from regiondash.tables import sources_rows

lang = ui.current_language()
full = ui.catalog()
view = ui.view()

st.title(t("sources.title", lang))
ui.filter_banner(lang)
st.caption(t("sources.intro", lang, count=len(full.sources)))
st.dataframe(
    sources_rows(full),
    hide_index=True,
    width="stretch",
    column_config={"url": st.column_config.LinkColumn(t("sources.col.link", lang))},
)
st.download_button(
    t("sources.zip", lang),
    ui.package_zip(),
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
        st.markdown(f"**{name}** · {len(table):,}")
        ui.download_buttons(table, name, view, ui.table_source_ids(table), lang)
ui.as_of_caption(full, lang)
