"""Safe display of untrusted data text: escaping for Streamlit markdown."""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

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


def safe_url(url: object) -> str | None:
    """An http(s) URL fit for a link (characters that would end a markdown link
    percent-encoded); None for any other scheme, a missing host or no value."""
    if is_missing(url):
        return None
    text = str(url).strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return quote(text, safe=":/?#&=%+,;@!~*'$")
