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
    problems = raised.value.problems
    for problem in problems:  # never a server path in what users see
        assert str(data_dir) not in str(problem) and "/tmp" not in str(problem), problem
    return problems


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
    assert (problem.table, problem.file, problem.message) == (
        "events",
        "events.csv",
        "file is missing",
    )


def test_unreadable_descriptor_is_reported(data_copy):
    (data_copy / "datapackage.json").write_text("{ not json", encoding="utf-8")
    problem = _only(_problems(data_copy), "readable")
    assert (problem.file, problem.line) == ("datapackage.json", 1)
    assert str(problem).startswith("datapackage.json, line 1: is not valid JSON")


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
    assert (problem.file, problem.field) == ("datapackage.json", "claims")


def test_a_bound_the_schema_does_not_declare_is_not_invented(data_copy):
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            if field["name"] == "founded":
                field.pop("constraints", None)
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    edit_cell(data_copy, "institutions", 0, "founded", "97")
    assert build_catalog(data_copy).institutions["founded"].iloc[0] == 97


def _edit_descriptor(data_dir, change) -> None:
    path = data_dir / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor), encoding="utf-8")


def _resource(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def _field(descriptor: dict, table: str, name: str) -> dict:
    return next(f for f in _resource(descriptor, table)["schema"]["fields"] if f["name"] == name)


@pytest.mark.parametrize(
    ("table", "field", "value", "rule", "words"),
    [
        ("regions", "area_km2", "0", "exclusiveMinimum", "not above the exclusive minimum 0"),
        ("regions", "area_km2", "INF", "type", "'INF' is not a finite number"),
        ("campuses", "lat", "NaN", "type", "'NaN' is not a finite number"),
        ("regions", "population", str(10**20), "type", "beyond the 64-bit integer range"),
        ("headcounts", "count", str(2**63 - 5), "maximum", "above the maximum 10000000"),
        ("regions", "area_km2", "1e400", "type", "not a finite number"),
    ],
)
def test_probe_values_are_located_problems_not_silent_or_tracebacks(
    data_copy, table, field, value, rule, words
):
    line = edit_cell(data_copy, table, 0, field, value)
    problem = _only(_problems(data_copy), rule)
    assert (problem.file, problem.line, problem.field) == (f"{table}.csv", line, field)
    assert words in problem.message


def test_counts_cannot_overflow_an_int64_sum():
    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    maximum = _field(descriptor, "headcounts", "count")["constraints"]["maximum"]
    assert maximum * 10**9 < 2**63  # a billion rows of the largest count still add up


def test_zero_byte_csv_is_reported(data_copy):
    (data_copy / "events.csv").write_bytes(b"")
    problem = _only(_problems(data_copy), "readable")
    assert (problem.file, problem.message) == (
        "events.csv",
        "the file is empty: it needs at least the header line",
    )


def test_resource_without_a_schema_is_reported(data_copy):
    _edit_descriptor(data_copy, lambda d: _resource(d, "themes").pop("schema"))
    problem = _only(_problems(data_copy), "schema")
    assert (problem.file, problem.field) == ("datapackage.json", "themes")
    assert "no inline schema" in problem.message


def test_invalid_regex_pattern_is_reported(data_copy):
    def change(descriptor):
        _field(descriptor, "sources", "id")["constraints"]["pattern"] = "^[a-z"

    _edit_descriptor(data_copy, change)
    problem = _only(_problems(data_copy), "schema")
    assert (problem.file, problem.field) == ("datapackage.json", "sources.id")
    assert "'^[a-z' is not a valid regular expression" in problem.message


@pytest.mark.parametrize("as_of", [None, "24/11/2026", "2026-02-30", 2026])
def test_missing_or_malformed_as_of_is_reported(data_copy, as_of):
    def change(descriptor):
        descriptor.pop("as_of")
        if as_of is not None:
            descriptor["as_of"] = as_of

    _edit_descriptor(data_copy, change)
    problem = _only(_problems(data_copy), "as-of")
    assert (problem.file, problem.field) == ("datapackage.json", "as_of")


def test_no_home_region_is_reported(data_copy):
    edit_cell(data_copy, "regions", row_of(data_copy, "regions", "id", "FR-IDF"), "role", "partner")
    problem = _only(_problems(data_copy), "home-region")
    assert (problem.file, problem.field, problem.message) == (
        "regions.csv",
        "role",
        "no region has role 'home'",
    )


def test_a_second_home_region_is_reported_not_hidden(data_copy):
    row = row_of(data_copy, "regions", "id", "CN-ZJ")
    line = edit_cell(data_copy, "regions", row, "role", "home")
    problem = _only(_problems(data_copy), "home-region")
    assert (problem.file, problem.line, problem.field) == ("regions.csv", line, "role")
    assert "a second home region (FR-IDF on line 2" in problem.message


def test_csv_with_a_byte_order_mark_is_reported(data_copy):
    path = data_copy / "themes.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    problem = _only(_problems(data_copy), "encoding")
    assert (problem.file, problem.line) == ("themes.csv", 1)
    assert "byte-order mark" in problem.message and "utf-8" in problem.message


def test_latin1_csv_is_reported_with_its_line(data_copy):
    line = edit_cell(data_copy, "regions", 0, "name_fr", "Île-de-France")
    path = data_copy / "regions.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", errors="replace"))
    problem = _only(_problems(data_copy), "encoding")
    assert (problem.file, problem.line) == ("regions.csv", line)
    assert "not valid utf-8" in problem.message and "latin-1" in problem.message


def test_geojson_without_region_id_is_reported(data_copy):
    path = data_copy / "geo" / "regions.geojson"
    path.write_text(path.read_text(encoding="utf-8").replace('"region_id"', '"rid"'), "utf-8")
    problem = _only(_problems(data_copy), "region-shape")
    assert (problem.file, problem.field) == ("geo/regions.geojson", "region_id")


@pytest.mark.parametrize("content", ["not json at all", '{"type": "Topology"}', "[1, 2]"])
def test_geo_file_that_is_not_geojson_is_reported(data_copy, content):
    (data_copy / "geo" / "regions.geojson").write_text(content, encoding="utf-8")
    problem = _only(_problems(data_copy), "readable")
    assert problem.file == "geo/regions.geojson"
    assert "is not GeoJSON" in problem.message


def test_unexpected_error_is_one_problem_naming_the_file(data_copy, monkeypatch):
    def broken(*args):
        raise RuntimeError(f"boom in {data_copy}/themes.csv")

    monkeypatch.setattr("regiondash.data._typed", broken)
    (problem,) = _problems(data_copy)
    assert (problem.file, problem.rule) == ("sources.csv", "unexpected")
    assert problem.message == "could not be loaded: RuntimeError: boom in themes.csv"


def test_unexpected_error_in_a_custom_check_names_its_file(data_copy, monkeypatch):
    from regiondash.rules import SitesInRegion

    monkeypatch.setattr(SitesInRegion, "validate", lambda self, package: 1 / 0)
    (problem,) = _problems(data_copy)
    assert (problem.file, problem.rule) == ("geo/regions.geojson", "unexpected")
    assert "ZeroDivisionError" in problem.message
