"""The loader: the shipped package loads; each broken rule is reported at the right place."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import DATA_DIR, edit_cell, row_of

from regiondash.data import TABLE_NAMES, build_catalog, load_catalog
from regiondash.problems import DataPackageError


def test_shipped_package_loads_with_typed_columns():
    catalog = build_catalog(DATA_DIR)
    assert set(TABLE_NAMES) <= set(vars(catalog))
    assert catalog.headcounts["count"].dtype == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(catalog.agreements["signed_on"])
    assert catalog.campuses["lat"].dtype == "Float64"
    assert len(catalog.region_shapes) == len(catalog.regions)


def test_load_catalog_builds_once_per_process():
    assert load_catalog(DATA_DIR) is load_catalog(DATA_DIR)


def _problems(data_dir) -> list:
    with pytest.raises(DataPackageError) as raised:
        build_catalog(data_dir)
    return raised.value.problems


def _only(problems, rule):
    found = [p for p in problems if p.rule == rule]
    assert found, f"no {rule} problem in {problems}"
    return found[0]


@pytest.mark.parametrize(
    ("table", "field", "value", "rule"),
    [
        ("headcounts", "count", "many", "type"),
        ("headcounts", "count", "-5", "minimum"),
        ("campuses", "lat", "123.5", "maximum"),
        ("campuses", "lon", "-200", "minimum"),
        ("agreements", "signed_on", "14/06/2018", "type"),
        ("sources", "accessed_on", "", "required"),
        ("themes", "category", "sports", "enum"),
        ("institutions", "founded", "97", "minimum"),
    ],
)
def test_broken_cell_is_reported_with_table_line_field_and_rule(
    data_copy, table, field, value, rule
):
    line = edit_cell(data_copy, table, 0, field, value)
    problem = _only(_problems(data_copy), rule)
    assert (problem.table, problem.line, problem.field) == (table, line, field)
    assert f"{table}.csv, line {line}, field '{field}'" in str(problem)


def test_duplicate_primary_key_names_both_lines(data_copy):
    first = pd.read_csv(data_copy / "themes.csv", dtype=str).loc[0, "id"]
    line = edit_cell(data_copy, "themes", 1, "id", first)
    problem = _only(_problems(data_copy), "primary-key")
    assert (problem.table, problem.line) == ("themes", line)
    assert "line 2" in problem.message


def test_unknown_source_is_a_foreign_key_problem(data_copy):
    line = edit_cell(data_copy, "campuses", 0, "source_id", "no-such-source")
    problem = _only(_problems(data_copy), "foreign-key")
    assert (problem.table, problem.line, problem.field) == ("campuses", line, "source_id")
    assert "no-such-source" in problem.message and "sources.csv" in problem.message


def test_agreement_party_must_exist_in_the_table_its_kind_names(data_copy):
    line = edit_cell(data_copy, "agreement_parties", 0, "party_id", "atlantis")
    problem = _only(_problems(data_copy), "foreign-key")
    assert (problem.table, problem.line, problem.field) == ("agreement_parties", line, "party_id")


def test_claim_must_point_at_an_existing_row(data_copy):
    line = edit_cell(data_copy, "claims", 0, "row_id", "nowhere")
    problem = _only(_problems(data_copy), "foreign-key")
    assert (problem.table, problem.line, problem.field) == ("claims", line, "row_id")


def test_campus_outside_its_region_is_reported(data_copy):
    row = row_of(data_copy, "campuses", "id", "zju-yuquan")
    edit_cell(data_copy, "campuses", row, "lat", "48.8566")
    line = edit_cell(data_copy, "campuses", row, "lon", "2.3522")
    problem = _only(_problems(data_copy), "inside-region")
    assert (problem.table, problem.line) == ("campuses", line)
    assert "CN-ZJ" in problem.message


def test_every_problem_is_listed_not_just_the_first(data_copy):
    edit_cell(data_copy, "headcounts", 0, "count", "x")
    edit_cell(data_copy, "campuses", 0, "lat", "99")
    rules = {p.rule for p in _problems(data_copy)}
    assert {"type", "maximum"} <= rules


def test_missing_table_file_is_reported(data_copy):
    (data_copy / "events.csv").unlink()
    problem = _only(_problems(data_copy), "readable")
    assert problem.table == "events"


def test_unreadable_descriptor_is_reported(data_copy):
    (data_copy / "datapackage.json").write_text("{ not json", encoding="utf-8")
    problem = _only(_problems(data_copy), "readable")
    assert problem.table == "datapackage"


def test_missing_column_is_reported(data_copy):
    frame = pd.read_csv(data_copy / "regions.csv", dtype=str, keep_default_na=False)
    frame.drop(columns="name_en").to_csv(data_copy / "regions.csv", index=False)
    problem = _only(_problems(data_copy), "missing-column")
    assert (problem.table, problem.field) == ("regions", "name_en")


def test_resource_missing_from_descriptor_is_reported(data_copy):
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "claims"]
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    problem = _only(_problems(data_copy), "resource")
    assert problem.table == "claims"


def test_implausible_year_is_caught_even_without_schema_bounds(data_copy):
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            if field["name"] == "founded":
                field.pop("constraints", None)
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    line = edit_cell(data_copy, "institutions", 0, "founded", "97")
    problem = _only(_problems(data_copy), "plausible-year")
    assert (problem.table, problem.line, problem.field) == ("institutions", line, "founded")
