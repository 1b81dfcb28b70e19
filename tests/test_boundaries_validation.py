"""Validation at its edges: range limits are inclusive, first data row is line 2, empty cells."""

from __future__ import annotations

import pandas as pd
import pytest

from regiondash.data import read_raw_tables
from regiondash.validation import (
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


def schema_field(resource: str, name: str) -> dict:
    """A field of the shipped schema."""
    from conftest import DATA_DIR

    descriptor, _ = read_raw_tables(DATA_DIR)
    (table,) = [r for r in descriptor["resources"] if r["name"] == resource]
    (found,) = [f for f in table["schema"]["fields"] if f["name"] == name]
    return found


@pytest.mark.parametrize(
    ("resource", "name", "low", "high"),
    [
        ("campuses", "lat", -90, 90),
        ("campuses", "lon", -180, 180),
        ("headcounts", "count", 0, 10_000_000),
    ],
)
def test_ranges_the_schema_declares_include_their_limits(resource, name, low, high):
    field = schema_field(resource, name)
    assert problems([str(low), str(high)], field) == []
    step = 1 if field["type"] == "integer" else 0.001
    assert problems([str(low - step), str(high + step)], field) == [
        (2, "minimum"),
        (3, "maximum"),
    ]


def test_a_bound_lives_in_the_schema_not_in_a_field_name():
    field = {"name": "lat", "type": "number", "constraints": {"minimum": 10, "maximum": 20}}
    assert problems(["10", "20", "9.9", "20.1"], field) == [(4, "minimum"), (5, "maximum")]
    # No hidden rule keyed on the name: without constraints, any finite number passes.
    assert problems(["-91", "91"], {"name": "lat", "type": "number"}) == []
    assert problems(["-1"], {"name": "student_count", "type": "integer"}) == []


def test_exclusive_bounds_exclude_their_limit():
    field = {"name": "a", "type": "number", "constraints": {"exclusiveMinimum": 0}}
    assert problems(["0.001", "0"], field) == [(3, "exclusiveMinimum")]


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
