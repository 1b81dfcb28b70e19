"""Safe display of untrusted data text: escaping for Streamlit markdown."""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

import pandas as pd

# Characters that Streamlit markdown would interpret (markdown syntax, HTML, LaTeX, emoji codes).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# What GFM turns into a link after escapes are resolved (bare URLs, www. hosts, e-mail
# addresses): remark-gfm scans the final text, so a backslash cannot stop it. An invisible
# WORD JOINER inside the pattern does.
_AUTOLINK = re.compile(r"(?i)(?<![a-z0-9])(?:https?|ftp|mailto|www)(?=[:.])|@(?=[-\w])")
WORD_JOINER = "\u2060"


def escape_markdown(value: object) -> str:
    """Untrusted text made inert for st.markdown/st.caption: every special character escaped,
    and bare addresses broken by an invisible word joiner so they never become links."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    text = _AUTOLINK.sub(lambda m: m.group() + WORD_JOINER, str(value))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


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
