"""Validation at its edges: range limits are inclusive, first data row is line 2, empty cells."""

from __future__ import annotations

import pandas as pd
import pytest

from regiondash.validation import (
    PLAUSIBLE_YEARS,
    check_fields,
    check_foreign_keys,
    check_primary_key,
    line_of,
)


def problems(values: list[str], field: dict) -> list[tuple[int, str]]:
    raw = pd.DataFrame({field["name"]: values})
    return [(p.line, p.rule) for p in check_fields("t", raw, {"fields": [field]})]


def test_the_first_data_row_is_line_two():
    assert line_of(0) == 2
    assert problems(["x"], {"name": "n", "type": "integer"}) == [(2, "type")]


@pytest.mark.parametrize(
    ("name", "low", "high"), [("lat", -90, 90), ("lon", -180, 180), ("count", 0, None)]
)
def test_implicit_ranges_include_their_limits(name, low, high):
    field = {"name": name, "type": "number"}
    assert problems([str(low)], field) == []
    assert problems([str(low - 0.001)], field) == [(2, "minimum")]
    if high is not None:
        assert problems([str(high)], field) == []
        assert problems([str(high + 0.001)], field) == [(2, "maximum")]


def test_a_schema_bound_tighter_than_the_implicit_one_wins():
    field = {"name": "lat", "type": "number", "constraints": {"minimum": 10, "maximum": 20}}
    assert problems(["10", "20", "9.9", "20.1"], field) == [(4, "minimum"), (5, "maximum")]
    loose = {"name": "lat", "type": "number", "constraints": {"minimum": -100, "maximum": 100}}
    assert problems(["-90", "90", "-91", "91"], loose) == [(4, "minimum"), (5, "maximum")]


def test_a_suffix_names_the_implicit_range():
    field = {"name": "student_count", "type": "integer"}
    assert problems(["0", "-1"], field) == [(3, "minimum")]


def test_plausible_years_include_their_limits():
    low, high = PLAUSIBLE_YEARS
    field = {"name": "end_year", "type": "integer"}
    assert problems([str(low), str(high)], field) == []
    assert problems([str(low - 1), str(high + 1)], field) == [
        (2, "plausible-year"),
        (3, "plausible-year"),
    ]
    assert problems([str(low - 1)], {"name": "founded", "type": "integer"}) == [
        (2, "plausible-year")
    ]
    assert problems([str(low - 1)], {"name": "n", "type": "integer"}) == []


def test_an_empty_cell_breaks_only_required():
    assert problems([""], {"name": "n", "type": "integer"}) == []
    required = {"name": "n", "type": "integer", "constraints": {"required": True}}
    assert problems(["", "1"], required) == [(2, "required")]


@pytest.mark.parametrize(
    ("field_type", "good", "bad"),
    [
        ("integer", "-12", "1.5"),
        ("year", "2018", "2018a"),
        ("number", "-1.5", "one"),
        ("date", "2018-06-14", "14/06/2018"),
        ("boolean", "false", "yes"),
    ],
)
def test_each_type_accepts_its_form_and_names_a_wrong_one(field_type, good, bad):
    field = {"name": "v", "type": field_type}
    assert problems([good, bad], field) == [(3, "type")]


def test_enum_and_pattern_are_checked_on_the_typed_text():
    enum = {"name": "v", "type": "integer", "constraints": {"enum": [1, 2]}}
    assert problems(["1", "2", "3"], enum) == [(4, "enum")]
    pattern = {"name": "v", "constraints": {"pattern": "[a-z]+"}}
    assert problems(["abc", "abc1"], pattern) == [(3, "pattern")]


def test_missing_and_unknown_columns_are_named_on_the_header_line():
    raw = pd.DataFrame({"extra": ["1"]})
    found = check_fields("t", raw, {"fields": [{"name": "id"}]})
    assert [(p.line, p.field, p.rule) for p in found] == [
        (1, "id", "missing-column"),
        (1, "extra", "unknown-column"),
    ]


def test_a_repeated_key_names_the_line_of_its_first_use():
    raw = pd.DataFrame({"a": ["x", "y", "x"], "b": ["1", "1", "1"]})
    (single,) = check_primary_key("t", raw, {"primaryKey": "a"})
    assert (single.line, single.field) == (4, "a")
    assert "line 2" in single.message
    assert check_primary_key("t", raw, {"primaryKey": ["a", "b"]})[0].field == "a, b"
    assert check_primary_key("t", raw.head(1), {"primaryKey": "a"}) == []
    assert check_primary_key("t", raw, {}) == []


def test_an_empty_foreign_key_is_allowed_and_an_unknown_one_named():
    raw = pd.DataFrame({"region_id": ["", "CN-ZJ", "XX"]})
    regions = pd.DataFrame({"id": ["CN-ZJ"]})
    schema = {
        "foreignKeys": [
            {"fields": "region_id", "reference": {"resource": "regions", "fields": "id"}}
        ]
    }
    found = check_foreign_keys("t", raw, schema, {"regions": regions})
    assert [(p.line, p.field, p.rule) for p in found] == [(4, "region_id", "foreign-key")]
    assert "regions.csv" in found[0].message
