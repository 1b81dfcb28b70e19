"""Safe display of untrusted data text: escaping for Streamlit markdown."""

from __future__ import annotations

import html
import re

import pandas as pd

# Characters that Streamlit markdown would interpret (markdown syntax, HTML, LaTeX, emoji codes).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(value: object) -> str:
    """Untrusted text made inert for st.markdown/st.caption: every special character escaped."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value))


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas NA."""
    return value is None or bool(pd.isna(value))


def plain(value: object) -> str:
    """Untrusted text made inert for plotly labels and hovers (which accept some HTML tags)."""
    return "" if is_missing(value) else html.escape(str(value), quote=False)
