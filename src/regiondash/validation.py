"""Table Schema rules applied to raw CSV text: types, required, unique, ranges, enums, keys.

Works on frames of strings as read from disk (missing = ""), so every message can quote the
value the user typed and the line it sits on. Returns problems; never raises on bad data.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from regiondash.problems import Problem

HEADER_LINES = 1
PLAUSIBLE_YEARS = (1000, date.today().year + 50)
YEAR_FIELDS = {"founded", "closed"}
# Rules of the data model that hold whatever a schema says: ranges by field name.
IMPLICIT_RANGES = {
    "lat": (-90, 90),
    "lon": (-180, 180),
    "count": (0, None),
    "population": (0, None),
    "area_km2": (0, None),
}


def _constraints(field: dict) -> dict:
    """The schema's constraints plus the model's implicit ranges for this field name."""
    constraints = dict(field.get("constraints", {}))
    suffix = field["name"].rsplit("_", 1)[-1]
    low, high = IMPLICIT_RANGES.get(field["name"], IMPLICIT_RANGES.get(suffix, (None, None)))
    if low is not None:
        constraints["minimum"] = max(low, constraints.get("minimum", low))
    if high is not None:
        constraints["maximum"] = min(high, constraints.get("maximum", high))
    return constraints


def line_of(index: int) -> int:
    """File line of a data row at position `index` (the header is line 1)."""
    return index + HEADER_LINES + 1


def _parse(value: str, field_type: str) -> object:
    """The typed value of a non-empty cell; raises ValueError when it does not parse."""
    if field_type == "integer" or field_type == "year":
        if not re.fullmatch(r"-?\d+", value):
            raise ValueError
        return int(value)
    if field_type == "number":
        return float(value)
    if field_type == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return date.fromisoformat(value)
    if field_type == "boolean":
        if value not in ("true", "false"):
            raise ValueError
        return value == "true"
    return value


def _is_year_field(field: dict) -> bool:
    name = field["name"]
    return field.get("type") == "year" or name in YEAR_FIELDS or name.endswith("year")


def check_fields(table: str, raw: pd.DataFrame, schema: dict) -> list[Problem]:
    """Types, required, enum, pattern, minimum/maximum and plausible years, cell by cell."""
    problems: list[Problem] = []
    for field in schema["fields"]:
        name, field_type = field["name"], field.get("type", "string")
        if name not in raw.columns:
            problems.append(Problem(table, 1, name, "missing-column", "the column is missing"))
            continue
        constraints = _constraints(field)
        for index, value in enumerate(raw[name]):
            problem = _check_cell(value, field_type, constraints, _is_year_field(field))
            if problem:
                rule, message = problem
                problems.append(Problem(table, line_of(index), name, rule, message))
    extra = [
        column for column in raw.columns if column not in {f["name"] for f in schema["fields"]}
    ]
    for column in extra:
        problems.append(Problem(table, 1, column, "unknown-column", "the schema has no such field"))
    return problems


def _check_cell(
    value: str, field_type: str, constraints: dict, is_year: bool
) -> tuple[str, str] | None:
    """(rule, message) for the first rule a cell breaks, or None."""
    if value == "":
        if constraints.get("required"):
            return "required", "a value is required"
        return None
    try:
        typed = _parse(value, field_type)
    except ValueError:
        expected = "an ISO date YYYY-MM-DD" if field_type == "date" else f"a {field_type}"
        return "type", f"'{value}' is not {expected}"
    if "enum" in constraints and value not in [str(v) for v in constraints["enum"]]:
        allowed = ", ".join(str(v) for v in constraints["enum"])
        return "enum", f"'{value}' is not one of: {allowed}"
    pattern = constraints.get("pattern")
    if pattern and not re.fullmatch(pattern, value):
        return "pattern", f"'{value}' does not match the pattern {pattern}"
    if "minimum" in constraints and typed < _parse(str(constraints["minimum"]), field_type):
        return "minimum", f"{value} is below the minimum {constraints['minimum']}"
    if "maximum" in constraints and typed > _parse(str(constraints["maximum"]), field_type):
        return "maximum", f"{value} is above the maximum {constraints['maximum']}"
    low, high = PLAUSIBLE_YEARS
    if is_year and isinstance(typed, int) and not low <= typed <= high:
        return "plausible-year", f"{value} is not a plausible year ({low}–{high})"
    return None


def _key_tuples(raw: pd.DataFrame, fields: list[str]) -> list[tuple[str, ...]]:
    return list(raw[fields].itertuples(index=False, name=None))


def check_primary_key(table: str, raw: pd.DataFrame, schema: dict) -> list[Problem]:
    """Primary key values are present and unique."""
    key = schema.get("primaryKey")
    if not key:
        return []
    fields = [key] if isinstance(key, str) else list(key)
    if any(field not in raw.columns for field in fields):
        return []
    problems, first_seen = [], {}
    for index, values in enumerate(_key_tuples(raw, fields)):
        shown = ", ".join(values)
        if values in first_seen:
            problems.append(
                Problem(
                    table,
                    line_of(index),
                    ", ".join(fields),
                    "primary-key",
                    f"({shown}) repeats the key of line {first_seen[values]}",
                )
            )
        else:
            first_seen[values] = line_of(index)
    return problems


def check_foreign_keys(
    table: str, raw: pd.DataFrame, schema: dict, tables: dict[str, pd.DataFrame]
) -> list[Problem]:
    """Every non-empty foreign key value exists in the table it points at."""
    problems = []
    for foreign_key in schema.get("foreignKeys", []):
        fields = foreign_key["fields"]
        fields = [fields] if isinstance(fields, str) else list(fields)
        reference = foreign_key["reference"]
        target_name = reference.get("resource") or table
        target_fields = reference["fields"]
        target_fields = [target_fields] if isinstance(target_fields, str) else list(target_fields)
        target = tables.get(target_name)
        if target is None or any(f not in raw.columns for f in fields):
            continue
        if any(f not in target.columns for f in target_fields):
            continue
        known = set(_key_tuples(target, target_fields))
        for index, values in enumerate(_key_tuples(raw, fields)):
            if all(v == "" for v in values) or values in known:
                continue
            shown = ", ".join(values)
            problems.append(
                Problem(
                    table,
                    line_of(index),
                    ", ".join(fields),
                    "foreign-key",
                    f"'{shown}' is not a {'/'.join(target_fields)} in {target_name}.csv",
                )
            )
    return problems
