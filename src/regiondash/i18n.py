"""The one translation function: every user-facing string goes through `t`.

Catalogs are gettext .po files under locales/<lang>/LC_MESSAGES/messages.po, read with Babel.
Message ids are stable keys (e.g. "nav.overview"); the English catalog holds the English text.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path

import pandas as pd
from babel import dates, numbers
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


def fallback_order(lang: str) -> tuple[str, ...]:
    """Languages a data name is looked for in: `lang`, then English, then the others."""
    return tuple(dict.fromkeys((lang, DEFAULT_LANGUAGE, *LANGUAGES)))


def localized(row, field: str, lang: str) -> tuple[str, str | None]:
    """A data name in `lang` (`<field>_<lang>`), else in the first language of
    `fallback_order` that has one; with that language when it fell back (None when not).

    Data names come from the name_en / name_fr / name_zh (or title_*) columns; a missing
    translation is never invented, the page marks the fallback instead. A row with no name
    at all gives ("", None).
    """
    for language in fallback_order(lang):
        value = row.get(f"{field}_{language}")
        if isinstance(value, str) and value:
            return value, (None if language == lang else language)
    return "", None


def audience_name(row, field: str, lang: str) -> str:
    """`localized` for an audience (slides, PDF): the name alone, in another language when no
    translation is sourced, without the fallback mark analysts see."""
    return localized(row, field, lang)[0]


def localized_label(row, field: str, lang: str) -> str:
    """`localized` as display text: a fallback carries a visible mark of the language it is in
    (e.g. "Zhejiang ⁽ᴱᴺ⁾", "Université d'Évry ⁽ᶠᴿ⁾")."""
    text, language = localized(row, field, lang)
    return f"{text} {FALLBACK_MARKS[language]}" if language else text


# Small raised letters after a name shown in another language than the page's.
FALLBACK_MARKS = {"en": "⁽ᴱᴺ⁾", "fr": "⁽ᶠᴿ⁾", "zh": "⁽ᶻᴴ⁾"}
FALLBACK_MARK = FALLBACK_MARKS[DEFAULT_LANGUAGE]

# Babel locale of each language: numbers and dates follow the reader's conventions.
BABEL_LOCALES = {"en": "en", "fr": "fr", "zh": "zh_Hans_CN"}


def _is_missing(value: object) -> bool:
    """True for None, NaN, pd.NA, NaT and empty text."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-like values are not "missing"
        return False


def _babel_locale(lang: str) -> str:
    return BABEL_LOCALES.get(lang, BABEL_LOCALES[DEFAULT_LANGUAGE])


def format_number(value: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """A number with the digit grouping and decimal mark of `lang`; "" when empty."""
    if _is_missing(value):
        return ""
    return numbers.format_decimal(value, locale=_babel_locale(lang))


def format_date(value: object, lang: str = DEFAULT_LANGUAGE, format: str = "medium") -> str:
    """A date (date, datetime, pandas Timestamp or ISO text) written for `lang`; "" if empty.

    `format` is a Babel format: "short", "medium", "long", "full" or a pattern.
    """
    if _is_missing(value):
        return ""
    if not isinstance(value, date):
        value = pd.Timestamp(value)
    if isinstance(value, datetime):  # pandas Timestamps included
        value = value.date()
    return dates.format_date(value, format=format, locale=_babel_locale(lang))
