"""The fr and zh catalogs follow the English one, and numbers and dates follow the language."""

from __future__ import annotations

import math
import string
from datetime import date

import pandas as pd
import pytest
from babel.messages.pofile import read_po

from regiondash.i18n import DEFAULT_LANGUAGE, LOCALES_DIR, format_date, format_number, t

TRANSLATED = ("fr", "zh")


def messages(lang: str) -> dict[str, tuple[str, bool]]:
    """Every message id of a catalog file -> (text, fuzzy), empty texts included."""
    with (LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        return {str(m.id): (str(m.string), m.fuzzy) for m in read_po(po_file, locale=lang) if m.id}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


ENGLISH = messages(DEFAULT_LANGUAGE)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_english_key_is_translated(lang):
    translated = messages(lang)
    missing = sorted(key for key in ENGLISH if not translated.get(key, ("", False))[0])
    assert not missing, (
        f"{len(missing)} key(s) without a {lang} translation (see `python scripts/messages.py "
        f"missing`): {missing}"
    )


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_translation_is_fuzzy(lang):
    fuzzy = sorted(key for key, (_, is_fuzzy) in messages(lang).items() if is_fuzzy)
    assert not fuzzy, f"{lang} translations to review (English changed): {fuzzy}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_match_english(lang):
    wrong = {
        key: (sorted(placeholders(text)), sorted(placeholders(ENGLISH[key][0])))
        for key, (text, _) in messages(lang).items()
        if text and key in ENGLISH and placeholders(text) != placeholders(ENGLISH[key][0])
    }
    assert not wrong, f"{lang} placeholders differ from English (got, expected): {wrong}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_key_beyond_english(lang):
    extra = sorted(set(messages(lang)) - set(ENGLISH))
    assert not extra, f"{lang} has keys the English catalog lacks: {extra}"


def test_numbers_follow_the_language():
    assert format_number(12271794, "en") == "12,271,794"
    french = format_number(12271794, "fr")
    assert french.replace("\u202f", " ").replace("\u00a0", " ") == "12 271 794"
    assert "\u202f" in french or "\u00a0" in french
    assert format_number(12271794, "zh") == "12,271,794"


def test_dates_follow_the_language():
    chinese = format_date(date(2018, 6, 14), "zh")
    assert all(part in chinese for part in ("2018", "6", "14"))
    assert any(mark in chinese for mark in "年月日")
    assert format_date(pd.Timestamp("2018-06-14 09:30"), "fr") == "14 juin 2018"
    assert format_date(date(2018, 6, 14), "en") == "Jun 14, 2018"


@pytest.mark.parametrize("empty", [None, math.nan, pd.NA, pd.NaT, ""])
def test_empty_values_give_empty_text(empty):
    assert format_number(empty, "fr") == ""
    assert format_date(empty, "zh") == ""


def test_chinese_navigation_is_translated():
    assert t("nav.map", "zh") != t("nav.map", "en")
    assert t("nav.map", "zh") == "地图"
