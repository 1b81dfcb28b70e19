"""The one translation function: every user-facing string goes through `t`.

Catalogs are gettext .po files under locales/<lang>/LC_MESSAGES/messages.po, read with Babel.
Message ids are stable keys (e.g. "nav.overview"); the English catalog holds the English text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).parent / "locales"
DEFAULT_LANGUAGE = "en"
LANGUAGES = ("en", "fr", "zh")
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "zh": "中文"}


@cache
def catalog(lang: str) -> dict[str, str]:
    """Message id -> translated text for one language (empty translations left out)."""
    path = LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po_file:
        messages = read_po(po_file, locale=lang)
    return {str(m.id): str(m.string) for m in messages if m.id and m.string}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """Text of `key` in `lang`, falling back to English, with {placeholders} filled."""
    text = catalog(lang).get(key) if lang in LANGUAGES else None
    if text is None:
        text = catalog(DEFAULT_LANGUAGE).get(key, key)
    return text.format(**values) if values else text


def localized(row, field: str, lang: str) -> tuple[str, bool]:
    """A data name in `lang` (`<field>_<lang>`), else English; True when it fell back.

    Data names come from the name_en / name_fr / name_zh (or title_*) columns; a missing
    translation is never invented, the page marks the fallback instead.
    """
    value = row.get(f"{field}_{lang}")
    if isinstance(value, str) and value:
        return value, False
    english = row.get(f"{field}_en")
    return (english if isinstance(english, str) else ""), lang != DEFAULT_LANGUAGE


def localized_label(row, field: str, lang: str) -> str:
    """`localized` as display text: a fallback carries a visible mark (e.g. "Zhejiang ᴱᴺ")."""
    text, fell_back = localized(row, field, lang)
    return f"{text} {FALLBACK_MARK}" if fell_back and text else text


FALLBACK_MARK = "⁽ᴱᴺ⁾"
