"""Streamlit's side of the view state: one `ViewState` per session, synced with the URL.

app.py calls `begin` before anything is drawn and `finish` after the page has run. In between,
every control that changes what is shown is *bound*: `bind` seeds the widget from the view state
before it is drawn and writes the user's change back in its on_change callback. The widgets
never own the state: Streamlit drops a keyed widget's value when the widget is not drawn (another
page) or when its formatted options change (a multiselect whose labels carry facet counts), and
the view state must survive both. `finish` writes the URL once per run, so the address bar and
"Copy link" always show the same link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from regiondash.data import Catalog
from regiondash.i18n import LANGUAGES
from regiondash.viewstate import ViewState, choices_for, decode, encode, view_url

VIEW = "_view_state"
WRITTEN = "_query_known"  # the query string this app last read or wrote
IGNORED = "_query_ignored"


def url_query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


RECENT = "_query_recent"  # the last queries this app read or wrote in this session
RECENT_KEPT = 16


def url_changed_outside_app() -> bool:
    """True on first load, a pasted link or the back button: the URL is not what we wrote.

    A bare URL is not a change: switching pages in the sidebar clears the query string, and
    that must not reset the analyst's view. Nor is an older URL this app wrote itself, unless
    the browser went back or forward to it: a second change sent before the first one's run
    came back carries the address bar as it was, and decoding it would undo both changes.
    """
    return changed_outside_app(
        url_query(),
        st.session_state.get(WRITTEN),
        st.session_state.get(RECENT, []),
        history_navigation=_history_navigation(),
    )


def changed_outside_app(
    query: dict, written: dict | None, recent: list[dict], history_navigation: bool
) -> bool:
    """`url_changed_outside_app` on plain values: the run's query string, the one last read or
    written, the recent ones, and whether the browser's back or forward button sent the run."""
    if not query or query == written:
        return False
    return history_navigation or query not in recent


def _history_navigation() -> bool:
    """This run comes from the browser's back or forward button (Streamlit flags it)."""
    context = get_script_run_ctx()
    return bool(getattr(context, "is_history_navigation", False))


def _known(query: dict[str, list[str]]) -> None:
    """Remember `query` as the last one read or written."""
    st.session_state[WRITTEN] = query
    recent = [q for q in st.session_state.get(RECENT, []) if q != query]
    st.session_state[RECENT] = [*recent, query][-RECENT_KEPT:]


def begin(catalog: Catalog | None) -> list[str]:
    """Decode the URL once per run when it changed outside the app; return what was ignored."""
    if VIEW not in st.session_state:
        st.session_state[VIEW] = ViewState()
    if not url_changed_outside_app():
        return st.session_state.get(IGNORED, [])
    if catalog is None:  # a broken package: only the language can be kept
        lang = st.query_params.get("lang")
        st.session_state[VIEW] = ViewState(lang=lang if lang in LANGUAGES else None)
        _known(url_query())
        return []
    state, ignored = decode(url_query(), choices_for(catalog, LANGUAGES))
    st.session_state[VIEW] = state
    st.session_state[IGNORED] = ignored
    # Read once: a rerun before `finish` (st.rerun, switch_page) must not decode it again.
    _known(url_query())
    return ignored


def get() -> ViewState:
    """The view state of this session."""
    return st.session_state.get(VIEW) or ViewState()


def update(**changes: Any) -> None:
    """Change some fields of the view state (the URL follows at the end of the run)."""
    st.session_state[VIEW] = replace(get(), **changes)


def bind(key: str, value: Any, write: Callable[[Any], None]) -> dict:
    """Seed widget `key` with `value`; return the widget arguments that write a change back.

    `write` receives the widget's new value in the on_change callback, before the run.
    """
    st.session_state[key] = value
    return {"key": key, "on_change": _write_back, "args": (key, write)}


def _write_back(key: str, write: Callable[[Any], None]) -> None:
    write(st.session_state.get(key))


def finish(share_box=None) -> None:
    """Write the view state to the address bar (when it changed) and into `share_box`, the
    "Copy link" placeholder app.py reserved before the page ran (so it holds what the page
    changed in this run too)."""
    query = encode(get())
    if query != url_query():
        st.query_params.from_dict(query)
    _known(query)
    if share_box is not None and st.context.url:
        share_box.code(view_url(page_url(), get()), language=None, wrap_lines=True)


def page_url() -> str:
    """This page's URL without its query string."""
    return (st.context.url or "").split("?", 1)[0]


def url_for_links() -> dict[str, list[str]]:
    """The query string page links carry: the whole view state."""
    return encode(get())
