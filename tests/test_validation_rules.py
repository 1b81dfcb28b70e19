"""Schema checks apply exactly what a field declares; custom checks keep the model's rules."""

from __future__ import annotations

import json

import frictionless
import pandas as pd
import pytest
from conftest import edit_cell, row_of

from regiondash.data import build_catalog
from regiondash.problems import DataPackageError, Problem
from regiondash.rules import (
    DESCRIPTOR_CHECKS,
    TABLE_CHECKS,
    AsOfDate,
    OneHomeRegion,
    Package,
    YearOrder,
    run_checks,
)
from regiondash.validation import check_descriptor, check_fields, check_primary_key


def found(values: list[str], field: dict, schema: dict | None = None) -> list[tuple[int, str]]:
    raw = pd.DataFrame({field["name"]: values})
    schema = {"fields": [field], **(schema or {})}
    return [(p.line, p.rule) for p in check_fields("t", raw, schema)]


def test_no_rule_is_implied_by_a_field_name():
    for name in ("lat", "lon", "count", "area_km2", "founded", "end_year"):
        assert found(["-1e6"], {"name": name, "type": "number"}) == []


@pytest.mark.parametrize(
    ("rule", "bound", "inside", "outside"),
    [
        ("minimum", 0, ["0", "1"], "-1"),
        ("maximum", 10, ["10", "9"], "11"),
        ("exclusiveMinimum", 0, ["0.001"], "0"),
        ("exclusiveMaximum", 10, ["9.999"], "10"),
    ],
)
def test_bounds_hold_at_their_limits(rule, bound, inside, outside):
    field = {"name": "v", "type": "number", "constraints": {rule: bound}}
    assert found([*inside, outside], field) == [(len(inside) + 2, rule)]


@pytest.mark.parametrize("value", ["NaN", "nan", "INF", "-Infinity", "1e400"])
def test_a_number_must_be_finite(value):
    assert found(["1.5", value], {"name": "v", "type": "number"}) == [(3, "type")]


def test_an_integer_must_fit_in_64_bits():
    field = {"name": "v", "type": "integer"}
    assert found([str(2**63 - 1), str(-(2**63))], field) == []
    assert found([str(2**63), str(10**20)], field) == [(2, "type"), (3, "type")]


def test_dates_must_exist():
    assert found(["2020-02-29", "2021-02-29"], {"name": "d", "type": "date"}) == [(3, "type")]


def test_missing_values_come_from_the_schema():
    field = {"name": "v", "type": "integer", "constraints": {"required": True}}
    assert found(["-", "1"], field, {"missingValues": ["-"]}) == [(2, "required")]
    assert found([""], field, {"missingValues": ["-"]}) == [(2, "type")]


def test_unique_names_the_first_line_and_lengths_are_checked():
    field = {"name": "v", "constraints": {"unique": True, "minLength": 2, "maxLength": 3}}
    raw = pd.DataFrame({"v": ["ab", "abc", "ab", "a", "abcd"]})
    problems = check_fields("t", raw, {"fields": [field]})
    assert [(p.line, p.rule) for p in problems] == [
        (4, "unique"),
        (5, "minLength"),
        (6, "maxLength"),
    ]
    assert "repeats line 2" in problems[0].message


def test_a_key_value_is_required_once():
    raw = pd.DataFrame({"id": ["a", ""]})
    (problem,) = check_primary_key("t", raw, {"fields": [{"name": "id"}], "primaryKey": "id"})
    assert (problem.line, problem.rule) == (3, "primary-key")


@pytest.mark.parametrize(
    ("field", "words"),
    [
        ({"name": "v", "constraints": {"pattern": "(a"}}, "not a valid regular expression"),
        ({"name": "v", "type": "integer", "constraints": {"minimum": "x"}}, "minimum"),
        ({"name": "v", "type": "integer", "constraints": {"minimum": True}}, "minimum"),
        ({"name": "v", "constraints": {"maximum": 3}}, "has no order"),
        ({"name": "v", "constraints": {"jsonSchema": {}}}, "does not know"),
        ({"name": "v", "type": "geopoint"}, "is not one of"),
    ],
)
def test_a_rule_the_loader_cannot_apply_is_a_descriptor_problem(field, words):
    descriptor = {"resources": [{"name": "t", "path": "t.csv", "schema": {"fields": [field]}}]}
    (problem,) = check_descriptor(descriptor)
    assert (problem.file, problem.field, problem.rule) == ("datapackage.json", "t.v", "schema")
    assert words in problem.message


@pytest.mark.parametrize("path", ["/etc/passwd", "../t.csv", "https://example.org/t.csv", None])
def test_a_resource_path_stays_inside_the_package(path):
    descriptor = {"resources": [{"name": "t", "path": path, "schema": {"fields": []}}]}
    assert [p.rule for p in check_descriptor(descriptor)] == ["path"]


def test_checks_each_have_a_code_and_a_description():
    for check in (*DESCRIPTOR_CHECKS, *TABLE_CHECKS):
        assert check.code and type(check).__doc__


def test_as_of_accepts_an_iso_date():
    assert run_checks((AsOfDate(),), Package({"as_of": "2026-11-24"}, {})) == []


def test_home_region_is_exactly_one():
    regions = pd.DataFrame({"id": ["A", "B", "C"], "role": ["home", "partner", "home"]})
    (problem,) = OneHomeRegion().validate(Package({}, {"regions": regions}))
    assert problem == Problem(
        "regions", 4, "role", "home-region", "a second home region (A on line 2 is home already)"
    )


def test_years_of_a_row_follow_each_other(data_copy):
    line = edit_cell(
        data_copy,
        "institutions",
        row_of(data_copy, "institutions", "id", "paris-sud"),
        "closed",
        "1960",
    )
    with pytest.raises(DataPackageError) as raised:
        build_catalog(data_copy)
    (problem,) = [p for p in raised.value.problems if p.rule == YearOrder.code]
    assert (problem.file, problem.line, problem.field) == ("institutions.csv", line, "closed")
    assert problem.message == "closed 1960 is before founded 1971"


EDITS = [  # (table, row, field, value): each breaks one declared rule
    ("regions", 0, "area_km2", "0"),
    ("headcounts", 0, "count", str(2**40)),
    ("campuses", 1, "lat", "91"),
    ("sources", 2, "reliability", "rumour"),
    ("themes", 0, "id", "Not An Id"),
    ("agreements", 0, "signed_on", "2018-13-01"),
    ("events", 0, "title_en", ""),
]


def test_the_loader_flags_the_cells_frictionless_flags(data_copy):
    for table, row, field, value in EDITS:
        edit_cell(data_copy, table, row, field, value)
    report = frictionless.validate(str(data_copy / "datapackage.json"))
    theirs = {
        (task.name, error.row_number, error.field_name)
        for task in report.tasks
        for error in task.errors
        if error.type in ("type-error", "constraint-error")
    }
    with pytest.raises(DataPackageError) as raised:
        build_catalog(data_copy)
    ours = {(p.table, p.line, p.field) for p in raised.value.problems}
    assert theirs == {(table, row + 2, field) for table, row, field, _ in EDITS}
    assert theirs <= ours


def test_the_shipped_descriptor_declares_only_rules_the_loader_applies():
    from conftest import DATA_DIR

    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert check_descriptor(descriptor) == []
    assert run_checks(DESCRIPTOR_CHECKS, Package(descriptor, {})) == []
