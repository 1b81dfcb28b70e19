"""Streamlit side of Trends (and Compare's year axis): series pickers bound to the view state,
and a chart drawn with its table, downloads, footnote and sources."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from regiondash.data import Catalog
from regiondash.i18n import t
from regiondash.institutions_view import Shown
from regiondash.text import escape_markdown
from regiondash.ui import frame, state
from regiondash.viewstate import MAX_SERIES


def series_picker(
    key: str,
    label: str,
    options: list[str],
    chosen: tuple[str, ...] | None,
    default: list[str],
    names: Callable[[str], str],
    field: str,
    lang: str,
) -> list[str]:
    """A multiselect of up to MAX_SERIES ids bound to view-state `field` (None: `default`).

    Chosen ids the filters hide stay in the view state (widening the filters brings them back)
    and are named under the picker; the link always names what is drawn.
    """
    wanted = list(default if chosen is None else chosen)
    shown = [v for v in wanted if v in options][:MAX_SERIES]
    hidden = tuple(v for v in wanted if v not in options)

    def kept(value) -> tuple[str, ...]:
        return (*value, *hidden)[:MAX_SERIES]  # what is drawn first, then the hidden choices

    picked = st.multiselect(
        label,
        options,
        format_func=names,
        max_selections=MAX_SERIES,
        **state.bind(key, shown, lambda value: state.update(**{field: kept(value)})),
    )
    state.update(**{field: kept(picked)})
    if hidden:
        listed = ", ".join(names(v) for v in hidden)
        st.caption(t("trends.outside_filters", lang, names=escape_markdown(listed)))
    return picked


def chart_with_table(figure, shown: Shown, name: str, catalog: Catalog, lang: str) -> None:
    """The figure (built with its sources and as-of inside it) in a Chart tab, its table and
    downloads in a Table tab, and the sources with their links below."""
    frame.chart_and_table(
        lambda: frame.plotly_chart(figure, config={"displaylogo": False}, key=name),
        shown.rows,
        name,
        catalog,
        shown.source_ids,
        lang,
    )
    with st.expander(t("sources.title", lang)):
        frame.sources_table(catalog, shown.source_ids, lang)
