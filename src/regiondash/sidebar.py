"""The shared sidebar: filters kept in the query string, summary, copy-link and reset.

Streamlit's own `bind="query-params"` stores a multiselect's *formatted label* in the URL, so a
label carrying a translated name and a facet count would break every shared link. The filters are
therefore synced by hand through the pure `from_query` / `to_query`: the URL seeds the widgets
whenever it differs from what the app last wrote (first load, pasted link, back button), and each
run writes the current state back.
"""

from __future__ import annotations

from dataclasses import fields

import streamlit as st

from regiondash.data import Catalog
from regiondash.filters import (
    QUERY_NAMES,
    Filters,
    facet_counts,
    filter_options,
    from_query,
    summary_parts,
    to_query,
    view_url,
    year_bounds,
)
from regiondash.i18n import localized_label, t

FILTER_KEYS = {name: f"filter_{QUERY_NAMES[name]}" for name in (f.name for f in fields(Filters))}
LAST_WRITTEN = "_query_written"
IGNORED = "_query_ignored"


def url_changed_outside_app() -> bool:
    """True on first load, a pasted link or the back button: the URL is not what we wrote.

    A bare URL is not a change: switching pages in the sidebar clears the query string, and
    that must not reset the analyst's filters.
    """
    query = url_query()
    return bool(query) and query != st.session_state.get(LAST_WRITTEN)


def url_query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def sync_from_url(catalog: Catalog) -> list[str]:
    """Seed the filter widgets from the URL when it changed outside the app; return the
    query values that had to be ignored (unknown or malformed)."""
    query = url_query()
    if not url_changed_outside_app():
        return st.session_state.get(IGNORED, [])
    filters, ignored = from_query(query, filter_options(catalog))
    for name, key in FILTER_KEYS.items():
        value = getattr(filters, name)
        if name == "years":
            st.session_state[key] = value or year_bounds(catalog)
        else:
            st.session_state[key] = list(value)
    st.session_state[IGNORED] = ignored
    return ignored


def write_url(filters: Filters, extra: dict[str, str]) -> None:
    """Put the current view in the address bar (only when it changed)."""
    query = to_query(filters) | {k: [v] for k, v in extra.items() if v}
    if query != url_query():
        st.query_params.from_dict(query)
    st.session_state[LAST_WRITTEN] = query


def current_filters(catalog: Catalog) -> Filters:
    """The filters as the widgets hold them (full year range means no year filter)."""
    state = st.session_state
    values = {
        name: tuple(state.get(key) or ()) for name, key in FILTER_KEYS.items() if name != "years"
    }
    years = state.get(FILTER_KEYS["years"])
    bounds = year_bounds(catalog)
    values["years"] = tuple(years) if years and tuple(years) != bounds else None
    return Filters(**values)


def reset_filters(bounds: tuple[int, int]) -> None:
    """Back to "everything"."""
    for name, key in FILTER_KEYS.items():
        st.session_state[key] = bounds if name == "years" else []


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


def filter_sidebar(catalog: Catalog, lang: str) -> Filters:
    """Draw the filters (options show how many records each matches) and return their value."""
    options = filter_options(catalog)
    labels = _label_functions(catalog, lang)
    active = current_filters(catalog)
    for name in ("regions", "themes", "institution_kinds", "agreement_kinds", "project_kinds"):
        counts = facet_counts(catalog, active, name)
        label = labels[name]
        st.multiselect(
            t(f"filters.{name}", lang),
            sorted(options[name], key=lambda v, label=label: label(v)),
            format_func=lambda v, label=label, counts=counts: f"{label(v)} ({counts.get(v, 0)})",
            key=FILTER_KEYS[name],
            placeholder=t("filters.all", lang),
        )
    st.multiselect(
        t("filters.statuses", lang),
        sorted(options["statuses"]),
        format_func=labels["statuses"],
        key=FILTER_KEYS["statuses"],
        placeholder=t("filters.all", lang),
    )
    low, high = year_bounds(catalog)
    st.session_state.setdefault(FILTER_KEYS["years"], (low, high))
    st.slider(
        t("filters.years", lang),
        min_value=low,
        max_value=high,
        key=FILTER_KEYS["years"],
    )
    st.button(
        t("filters.reset", lang),
        on_click=reset_filters,
        args=((low, high),),
        icon=":material/restart_alt:",
    )
    return current_filters(catalog)


def filter_summary_text(catalog: Catalog, filters: Filters, lang: str) -> str:
    """ "2 of 12 partner regions · 3 themes · 2015–2024", or "all data" when nothing is set."""
    parts = [t(key, lang, **values) for key, values in summary_parts(catalog, filters)]
    return " · ".join(parts) if parts else t("filters.summary.none", lang)


def share_link(filters: Filters, extra: dict[str, str]) -> None:
    """The current view's full URL in a code box (its copy button copies the link)."""
    if st.context.url:
        st.code(view_url(st.context.url, filters, extra), language=None, wrap_lines=True)
