"""Translations at their edges: a key missing in one language, unknown languages, empty values."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from regiondash import i18n
from regiondash.i18n import FALLBACK_MARK, format_date, format_number, localized, localized_label, t


@pytest.fixture
def english_only_key(monkeypatch):
    """A key the English catalog has and the French and Chinese ones lack."""
    key = "test.only_in_english"
    english = {**i18n.catalog("en"), key: "Only {what}"}
    real = i18n.catalog
    monkeypatch.setattr(i18n, "catalog", lambda lang: english if lang == "en" else real(lang))
    return key


@pytest.mark.parametrize("lang", ["fr", "zh"])
def test_a_key_missing_in_a_language_falls_back_to_english_not_to_the_raw_key(
    english_only_key, lang
):
    assert t(english_only_key, lang, what="English") == "Only English"


def test_a_key_missing_everywhere_shows_the_key():
    assert t("no.such.key", "fr") == "no.such.key"


def test_each_language_reads_its_own_catalog():
    assert t("nav.map", "fr") == i18n.catalog("fr")["nav.map"] != ""
    assert t("nav.map", "zh") == i18n.catalog("zh")["nav.map"] != t("nav.map", "en")


def test_catalogs_leave_out_empty_translations():
    for lang in ("en", "fr", "zh"):
        assert all(key and text for key, text in i18n.catalog(lang).items())
    assert "nav.map" in i18n.catalog("en")


def test_localized_names_fall_back_to_english_and_say_so():
    row = pd.Series({"name_en": "Zhejiang", "name_fr": "", "name_zh": "浙江"})
    assert localized(row, "name", "zh") == ("浙江", False)
    assert localized(row, "name", "fr") == ("Zhejiang", True)
    assert localized(row, "name", "en") == ("Zhejiang", False)
    assert localized_label(row, "name", "fr") == f"Zhejiang {FALLBACK_MARK}"
    assert localized_label(row, "name", "zh") == "浙江"


def test_a_row_without_any_name_gives_empty_text_without_a_mark():
    row = pd.Series({"name_en": None})
    assert localized(row, "name", "fr") == ("", True)
    assert localized_label(row, "name", "fr") == ""


@pytest.mark.parametrize("empty", [None, float("nan"), pd.NA, pd.NaT, "", "  "])
def test_missing_numbers_and_dates_print_as_nothing(empty):
    assert format_number(empty, "fr") == ""
    assert format_date(empty, "fr") == ""


def test_numbers_follow_the_reader_and_unknown_languages_read_english():
    assert format_number(48000, "en") == "48,000"
    assert format_number(48000, "fr") == "48\u202f000"
    assert format_number(48000, "xx") == "48,000"
    assert format_number(0, "en") == "0"


def test_dates_accept_dates_timestamps_and_iso_text():
    expected = format_date(date(2018, 6, 14), "en")
    assert expected == "Jun 14, 2018"
    assert format_date(pd.Timestamp("2018-06-14 15:00"), "en") == expected
    assert format_date("2018-06-14", "en") == expected
    assert format_date(date(2018, 6, 14), "zh", format="yyyy") == "2018"


def test_text_without_values_keeps_its_placeholders_unfilled():
    template = i18n.catalog("en")["frame.as_of"]
    assert "{date}" in template
    assert t("frame.as_of", "en") == template
