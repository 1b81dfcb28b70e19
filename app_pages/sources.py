"""Sources: every source of the data, and each table as a CSV download."""

import streamlit as st

from regiondash import ui
from regiondash.data import TABLE_NAMES
from regiondash.exports import csv_bytes
from regiondash.i18n import t
from regiondash.tables import sources_rows

lang = ui.current_language()
catalog = ui.catalog()

st.title(t("sources.title", lang))
ui.filter_banner(lang)
st.caption(t("sources.intro", lang, count=len(catalog.sources)))
st.dataframe(
    sources_rows(catalog),
    hide_index=True,
    width="stretch",
    column_config={"url": st.column_config.LinkColumn(t("sources.col.link", lang))},
)
st.subheader(t("sources.downloads", lang))
columns = st.columns(4)
for index, name in enumerate(TABLE_NAMES):
    with columns[index % 4]:
        st.download_button(
            t("sources.download_table", lang, table=name),
            data=csv_bytes(catalog.table(name)),
            file_name=f"{name}.csv",
            mime="text/csv",
            key=f"download_{name}",
            on_click="ignore",
        )
ui.as_of_caption(catalog, lang)
