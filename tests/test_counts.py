"""A sourced count reads with its qualifier; a target is shown as a goal, never as a count."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import DATA_DIR

from regiondash.counts import count_text
from regiondash.data import load_catalog
from regiondash.metrics import students_behind_total


@pytest.mark.parametrize(
    ("count", "qualifier", "lang", "shown"),
    [
        (15000, "at_least", "en", "≥15,000"),
        (7000, "about", "en", "≈7,000"),
        (10, "at_most", "en", "≤10"),
        (4200, "exact", "en", "4,200"),
        (4200, None, "en", "4,200"),
        (65000, "target", "en", "target: 65,000"),
        (65000, "target", "fr", "objectif : 65\u202f000"),
        (None, "exact", "en", "not sourced"),
        (pd.NA, "exact", "en", "not sourced"),
    ],
)
def test_count_text_says_how_a_count_is_qualified(count, qualifier, lang, shown):
    assert count_text(count, qualifier, lang).replace("\u00a0", "\u202f") == shown


def test_a_target_is_never_added_to_student_totals():
    catalog = load_catalog(DATA_DIR)
    targets = catalog.headcounts[catalog.headcounts["qualifier"] == "target"]
    assert not targets.empty  # the shipped data has one (Paris-Saclay's announced size)
    totals = students_behind_total(catalog)
    merged = totals.merge(targets, on=["institution_id", "year", "category", "count"])
    assert merged.empty
