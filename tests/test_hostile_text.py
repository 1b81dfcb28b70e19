"""Markdown built from data is inert: every payload of the hostile corpus, escaped, renders as
its own text — no link (bare URLs and e-mail addresses included), image, HTML, formula, colour."""

from __future__ import annotations

import html
import re

import pytest
from hostile import PAYLOADS, URL_PAYLOADS
from markdown_it import MarkdownIt

from regiondash.text import WORD_JOINER, escape_markdown

# CommonMark with tables, strikethrough and linkify (bare URLs and e-mail addresses become
# links, as remark-gfm does in Streamlit), and raw HTML passed through so it can be seen.
RENDERER = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable(
    ["table", "strikethrough", "linkify"]
)
# What remark-gfm links in the *final* text of a paragraph (escapes already resolved), so a
# backslash cannot stop it: http(s):// and www. after a non-alphanumeric, and e-mail addresses.
GFM_AUTOLINK = re.compile(r"(?i)(?<![0-9a-z])(?:https?://|www\.)[-\w]|[-.\w+]+@[-\w]+\.[-\w]")
EXTRA = [
    "see https://pwn.example/x or www.pwn.example and mail@pwn.example",
    "_www.pwn.example_ (https://pwn.example)",
    "中文 https://pwn.example 中文",
    "Session expired - [sign in again](https://pwn.example/login)",
]


def _inline_tokens(text: str):
    for block in RENDERER.parse(text):
        yield block
        yield from block.children or []


@pytest.mark.parametrize("payload", [*PAYLOADS, *URL_PAYLOADS, *EXTRA])
def test_escaped_payload_renders_as_its_own_text(payload):
    escaped = escape_markdown(payload)
    kinds = {token.type for token in _inline_tokens(escaped)}
    live = kinds & {"link_open", "image", "html_inline", "html_block", "code_inline", "fence"}
    live |= kinds & {"heading_open", "blockquote_open", "bullet_list_open", "table_open"}
    live |= kinds & {"strong_open", "em_open", "s_open", "hr", "code_block"}
    assert not live, (payload[:80], live)
    # Streamlit's own extensions: :colour[...] directives, :icon: codes and $ formulas.
    assert not re.search(r"(?<!\\)(\$|:[a-z-]+\[|:[a-z_/]+:)", escaped)
    # The reader sees the same characters (less invisible joiners; lines join as markdown does).
    rendered = RENDERER.render(escaped)
    assert "<a " not in rendered and "<img" not in rendered and "<script" not in rendered
    shown = html.unescape(re.sub(r"<[^>]+>", " ", rendered))
    assert not GFM_AUTOLINK.search(shown), shown[:120]


def test_the_word_joiner_only_breaks_addresses():
    assert escape_markdown("Zhejiang University (ZJU)") == "Zhejiang University \\(ZJU\\)"
    assert WORD_JOINER in escape_markdown("https://pwn.example")
    assert escape_markdown("https://pwn.example").replace(WORD_JOINER, "").replace("\\", "") == (
        "https://pwn.example"
    )
