"""Translations at their edges: a key missing in one language, unknown languages, empty values."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from regiondash import i18n
from regiondash.i18n import (
    FALLBACK_MARK,
    FALLBACK_MARKS,
    format_date,
    format_number,
    localized,
    localized_label,
    t,
)
from regiondash.tables import localized_names


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
    assert localized(row, "name", "zh") == ("浙江", None)
    assert localized(row, "name", "fr") == ("Zhejiang", "en")
    assert localized(row, "name", "en") == ("Zhejiang", None)
    assert localized_label(row, "name", "fr") == f"Zhejiang {FALLBACK_MARK}"
    assert localized_label(row, "name", "zh") == "浙江"


@pytest.mark.parametrize(
    ("names", "lang", "expected"),
    [
        # No English name (Université d'Évry): the French one, marked as French, not the id.
        ({"name_fr": "Université d'Évry"}, "en", ("Université d'Évry", "fr")),
        ({"name_fr": "Université d'Évry"}, "zh", ("Université d'Évry", "fr")),
        # English comes before the other languages; French before Chinese.
        ({"name_en": "CEA", "name_fr": "CEA (fr)", "name_zh": "原子能"}, "zh", ("原子能", None)),
        ({"name_en": "", "name_fr": "CEA (fr)", "name_zh": "原子能"}, "en", ("CEA (fr)", "fr")),
        ({"name_en": None, "name_fr": None, "name_zh": "浙江大学"}, "fr", ("浙江大学", "zh")),
        ({"name_en": "ZJU", "name_zh": "浙江大学"}, "fr", ("ZJU", "en")),
    ],
)
def test_a_name_missing_in_english_falls_back_to_another_language_with_its_mark(
    names, lang, expected
):
    row = pd.Series(names, dtype=object)
    assert localized(row, "name", lang) == expected
    text, language = expected
    label = f"{text} {FALLBACK_MARKS[language]}" if language else text
    assert localized_label(row, "name", lang) == label
    table = pd.DataFrame([{"id": "x", **names}])
    assert localized_names(table, lang).to_dict() == {"x": label}


def test_a_row_without_any_name_gives_empty_text_without_a_mark():
    row = pd.Series({"name_en": None})
    assert localized(row, "name", "fr") == ("", None)
    assert localized_label(row, "name", "fr") == ""
    table = pd.DataFrame({"id": ["x"], "name_en": [None], "name_fr": [""]})
    assert localized_names(table, "zh").to_dict() == {"x": ""}


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
