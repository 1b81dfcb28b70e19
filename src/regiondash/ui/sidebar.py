"""The shared sidebar: the filters (bound to the view state), summary and reset.

Each filter widget is seeded from the view state and writes back in its callback (see
`regiondash.ui.state`): a multiselect's value is matched by its formatted label, and the labels
carry facet counts that change with the other filters, so the widget alone would lose it.
"""

from __future__ import annotations

import streamlit as st

from regiondash import memo
from regiondash.data import Catalog
from regiondash.filters import (
    Filters,
    facet_counts,
    filter_options,
    summary_parts,
    year_bounds,
)
from regiondash.i18n import localized_label, t
from regiondash.ui import state
from regiondash.viewstate import with_filters

LIST_FIELDS = ("regions", "themes", "institution_kinds", "agreement_kinds", "project_kinds")


def current_filters() -> Filters:
    """The filters of this session's view state."""
    return state.get().filters


def _set_filter(name: str, bounds: tuple[int, int]):
    """Callback writing one filter widget's value into the view state."""

    def write(value) -> None:
        if name == "years":
            years = tuple(value) if value else None
            value = None if years == bounds else years  # the full range means no year filter
        else:
            value = tuple(value or ())
        st.session_state[state.VIEW] = with_filters(state.get(), **{name: value})

    return write


def reset_filters() -> None:
    """Back to "everything" (the page's own choices stay)."""
    state.update(filters=Filters())


def _label_functions(catalog: Catalog, lang: str) -> dict:
    regions = catalog.regions.set_index("id")
    themes = catalog.themes.set_index("id")
    return {
        "regions": lambda v: localized_label(regions.loc[v], "name", lang),
        "themes": lambda v: localized_label(themes.loc[v], "name", lang),
        "institution_kinds": lambda v: t(f"institution_kind.{v}", lang),
        "agreement_kinds": lambda v: t(f"agreement_kind.{v}", lang),
        "project_kinds": lambda v: t(f"project_kind.{v}", lang),
        "statuses": lambda v: t(f"status.{v}", lang),
    }


@memo.per_catalog(max_entries=8)
def option_labels(catalog: Catalog, lang: str) -> dict[str, dict[str, str]]:
    """Per filter field: its options in display order, each with its label in `lang`."""
    options = filter_options(catalog)
    labels = _label_functions(catalog, lang)
    return {
        name: dict(sorted(((v, labels[name](v)) for v in options[name]), key=lambda p: p[1]))
        for name in (*LIST_FIELDS, "statuses")
    }


def filter_sidebar(catalog: Catalog, lang: str) -> Filters:
    """Draw the filters (options show how many records each matches) and return their value.

    Labels, counts and bounds are computed once per (data version, filters, language) and
    shared by every rerun (`memo`): a rerun only draws the widgets.
    """
    labels = option_labels(catalog, lang)
    active = current_filters()
    bounds = year_bounds(catalog)
    for name in (*LIST_FIELDS, "statuses"):
        counts = facet_counts(catalog, active, name) if name in LIST_FIELDS else None
        label = labels[name].get
        st.multiselect(
            t(f"filters.{name}", lang),
            list(labels[name]),
            format_func=label if counts is None else _counted(label, counts),
            placeholder=t("filters.all", lang),
            **state.bind(f"filter_{name}", list(getattr(active, name)), _set_filter(name, bounds)),
        )
    st.slider(
        t("filters.years", lang),
        min_value=bounds[0],
        max_value=bounds[1],
        **state.bind("filter_years", active.years or bounds, _set_filter("years", bounds)),
    )
    st.button(t("filters.reset", lang), on_click=reset_filters, icon=":material/restart_alt:")
    return current_filters()


def _counted(label, counts: dict[str, int]):
    return lambda value: f"{label(value)} ({counts.get(value, 0)})"


def filter_summary_text(catalog: Catalog, filters: Filters, lang: str) -> str:
    """ "2 of 12 partner regions · 3 themes · 2015–2024", or "all data" when nothing is set."""
    parts = [t(key, lang, **values) for key, values in summary_parts(catalog, filters)]
    return " · ".join(parts) if parts else t("filters.summary.none", lang)
