"""Table Schema checks derived from datapackage.json: types, constraints, keys — and nothing else.

Every rule here is read from the descriptor (a field's `type` and `constraints`, the schema's
`missingValues`, `primaryKey` and `foreignKeys`); no rule is implied by a field's name. Works on
frames of strings as read from disk, column by column (vectorised), so every message can quote
the value the user typed and the line it sits on. Returns problems; never raises on bad data.
Rules a schema cannot state live in `regiondash.rules`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from regiondash.problems import DESCRIPTOR_FILE, Problem

HEADER_LINES = 1
INT64 = (-(2**63), 2**63 - 1)  # what an Int64 column can hold
TYPES = ("string", "integer", "year", "number", "date", "boolean")  # what the loader can store
INTEGER = r"[+-]?[0-9]+"  # ASCII digits only: \d also matches ١٢٣
# Decimal notation only: NaN and INF are Table Schema numbers, but no figure can show or add them.
NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
# A `uri` string is shown as a link: only web addresses, never `javascript:` or `data:`.
WEB_ADDRESS = r"https?://[^\s/?#]+[^\s]*"
TRUE_VALUES, FALSE_VALUES = ["true", "True", "TRUE", "1"], ["false", "False", "FALSE", "0"]
BOUNDS = {  # constraint: (breaks when, message)
    "minimum": (lambda v, b: v < b, "{value} is below the minimum {bound}"),
    "exclusiveMinimum": (lambda v, b: v <= b, "{value} is not above the exclusive minimum {bound}"),
    "maximum": (lambda v, b: v > b, "{value} is above the maximum {bound}"),
    "exclusiveMaximum": (lambda v, b: v >= b, "{value} is not below the exclusive maximum {bound}"),
}
LENGTHS = {
    "minLength": (lambda n, b: n < b, "'{value}' is shorter than {bound} characters"),
    "maxLength": (lambda n, b: n > b, "'{value}' is longer than {bound} characters"),
}
CONSTRAINTS = {"required", "unique", "enum", "pattern", *BOUNDS, *LENGTHS}


def line_of(index: int) -> int:
    """File line of a data row at position `index` (the header is line 1)."""
    return index + HEADER_LINES + 1


def as_list(names: str | list[str]) -> list[str]:
    """A key's field names: Table Schema allows one name or a list."""
    return [names] if isinstance(names, str) else list(names)


def missing_values(schema: dict) -> list[str]:
    """Cell texts that mean "no value" (Table Schema's default is the empty string)."""
    return list(schema.get("missingValues", [""]))


def parse(values: pd.Series, field: dict) -> tuple[pd.Series, pd.Series]:
    """(typed values, mask of cells that are not of the field's type) for non-missing cells."""
    field_type = field.get("type", "string")
    if field_type in ("integer", "year"):
        good = values.str.fullmatch(INTEGER)
        typed = pd.Series(0, index=values.index, dtype="int64")
        short = good & (values.str.len() <= 18)  # fits int64 whatever the digits
        typed[short] = pd.to_numeric(values[short]).astype("int64")
        for index in values.index[good & ~short]:  # rare: check the int64 range exactly
            number = int(values[index])
            good[index] = INT64[0] <= number <= INT64[1]
            typed[index] = number if good[index] else 0
        return typed, ~good
    if field_type == "number":
        good = values.str.fullmatch(NUMBER)
        typed = pd.to_numeric(values.where(good, "0")).astype("float64")
        return typed, ~(good & np.isfinite(typed))
    if field_type == "date":
        good = values.str.fullmatch(DATE)
        typed = pd.to_datetime(values.where(good), format="%Y-%m-%d", errors="coerce")
        return typed, ~(good & typed.notna())
    if field_type == "boolean":
        true, false = field.get("trueValues", TRUE_VALUES), field.get("falseValues", FALSE_VALUES)
        return values.isin(true), ~values.isin([*true, *false])
    return values, pd.Series(False, index=values.index)


def parse_one(value: object, field: dict) -> object:
    """A constraint's value typed like the field; raises ValueError when it is not."""
    field_type, text = field.get("type", "string"), str(value)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"{value!r} is not a {field_type}")
    if field_type in ("integer", "year") and re.fullmatch(INTEGER, text):
        return int(text)
    if field_type == "number" and re.fullmatch(NUMBER, text) and np.isfinite(float(text)):
        return float(text)
    if field_type == "date" and re.fullmatch(DATE, text):
        return pd.Timestamp(text)
    if field_type == "boolean" and text in [*TRUE_VALUES, *FALSE_VALUES]:
        return text in field.get("trueValues", TRUE_VALUES)
    if field_type == "string":
        return text
    raise ValueError(f"{value!r} is not a {field_type}")


def _type_message(value: str, field: dict) -> str:
    field_type = field.get("type", "string")
    if field_type in ("integer", "year") and re.fullmatch(INTEGER, value):
        return f"{value} is beyond the 64-bit integer range the app can store"
    infinite = re.fullmatch(r"[+-]?(nan|inf|infinity)", value, re.IGNORECASE)
    if field_type == "number" and (infinite or re.fullmatch(NUMBER, value)):
        return f"'{value}' is not a finite number (write the value, or leave the cell empty)"
    expected = {"date": "an ISO date YYYY-MM-DD", "integer": "an integer"}.get(field_type)
    return f"'{value}' is not {expected or 'a ' + field_type}"


SHOWN_CHARS = 80  # a value quoted in a message; a 50 MB cell is not repeated in full


def shown(value: str) -> str:
    """A cell's text as quoted in a message: long values cut, saying how long they were."""
    value = str(value)
    if len(value) <= SHOWN_CHARS:
        return value
    return f"{value[:SHOWN_CHARS]}… ({len(value):,} characters)"


def _problems(table: str, field: str, rule: str, cells: pd.Series, message) -> list[Problem]:
    """One problem per flagged cell; `message(value)` words it, quoting long values cut."""
    return [
        Problem(
            table, line_of(i), field, rule, message(v).replace(v, shown(v)) if v else message(v)
        )  # `v` is always a string: frames are read with dtype=str, keep_default_na=False
        for i, v in cells.items()
    ]


def check_fields(table: str, raw: pd.DataFrame, schema: dict) -> list[Problem]:
    """Columns, types and each declared constraint, column by column; first broken rule per cell."""
    problems: list[Problem] = []
    raw = raw.reset_index(drop=True)
    declared = [field["name"] for field in schema["fields"]]
    primary_key = as_list(schema.get("primaryKey", []))
    for field in schema["fields"]:
        name = field["name"]
        if name not in raw.columns:
            problems.append(Problem(table, 1, name, "missing-column", "the column is missing"))
            continue
        only_key = primary_key == [name]  # its duplicates are reported once, as primary-key
        problems += _check_column(table, raw[name], field, missing_values(schema), only_key)
    for column in raw.columns:
        if column not in declared:
            problems.append(
                Problem(table, 1, shown(column), "unknown-column", "the schema has no such field")
            )
    return problems


def _check_column(
    table: str, column: pd.Series, field: dict, missing: list[str], only_key: bool
) -> list[Problem]:
    name, constraints = field["name"], field.get("constraints", {})
    if field.get("type", "string") == "string" and not constraints and "format" not in field:
        return []  # any text is a string
    empty = column.isin(missing)
    problems = []
    if constraints.get("required"):
        problems += _problems(
            table, name, "required", column[empty], lambda v: "a value is required"
        )
    values = column[~empty]
    typed, bad = parse(values, field)
    problems += _problems(table, name, "type", values[bad], lambda v: _type_message(v, field))
    if field.get("format") == "uri":
        not_web = ~bad & ~values.str.fullmatch(WEB_ADDRESS, case=False).astype(bool)
        problems += _problems(
            table, name, "format", values[not_web], lambda v: f"'{v}' is not an http(s) address"
        )
        bad = bad | not_web
    values, typed = values[~bad], typed[~bad]
    for rule, broken, message in _constraint_tests(field, values, typed):
        problems += _problems(table, name, rule, values[broken], message)
        values, typed = values[~broken], typed[~broken]
    if constraints.get("unique") and not only_key:
        repeated = typed.duplicated(keep="first")
        first = {value: line_of(i) for i, value in typed[~repeated].items()}
        problems += [
            Problem(
                table, line_of(i), name, "unique", f"'{shown(values[i])}' repeats line {first[v]}"
            )
            for i, v in typed[repeated].items()
        ]
    return sorted(problems, key=lambda p: p.line or 0)


def _constraint_tests(field: dict, values: pd.Series, typed: pd.Series) -> Iterable[tuple]:
    """(rule, mask of cells breaking it, message) for each declared value constraint, in order."""
    constraints = field.get("constraints", {})
    if "enum" in constraints:
        allowed = [parse_one(v, field) for v in constraints["enum"]]
        shown = ", ".join(str(v) for v in constraints["enum"])
        yield "enum", ~typed.isin(allowed), lambda v: f"'{v}' is not one of: {shown}"
    if "pattern" in constraints:
        pattern = constraints["pattern"]
        yield (
            "pattern",
            ~values.str.fullmatch(pattern).astype(bool),
            lambda v: f"'{v}' does not match the pattern {pattern}",
        )
    for rule, (breaks, template) in LENGTHS.items():
        if rule in constraints:
            bound = constraints[rule]
            yield (
                rule,
                breaks(values.str.len(), bound),
                lambda v, b=bound, t=template: t.format(value=v, bound=b),
            )
    for rule, (breaks, template) in BOUNDS.items():
        if rule in constraints:
            bound = constraints[rule]
            yield (
                rule,
                breaks(typed, parse_one(bound, field)),
                lambda v, b=bound, t=template: t.format(value=v, bound=b),
            )


def check_primary_key(table: str, raw: pd.DataFrame, schema: dict) -> list[Problem]:
    """Primary key values are present and unique (compared as written)."""
    fields = as_list(schema.get("primaryKey", []))
    if not fields or any(field not in raw.columns for field in fields):
        return []
    keys = raw[fields].reset_index(drop=True)
    repeated = keys.duplicated(keep="first")
    key_names = ", ".join(fields)
    involved = keys[keys.duplicated(keep=False)]  # only repeated keys need their first line
    first = {}
    for index, row in zip(involved.index, involved.itertuples(index=False, name=None), strict=True):
        first.setdefault(row, line_of(index))
    problems = [
        Problem(
            table,
            line_of(index),
            key_names,
            "primary-key",
            f"({shown(', '.join(row))}) repeats the key of line {first[row]}",
        )
        for index, row in zip(
            keys.index[repeated], keys[repeated].itertuples(index=False, name=None), strict=True
        )
    ]
    required = {
        f["name"] for f in schema.get("fields", []) if f.get("constraints", {}).get("required")
    }
    for field in fields:
        if field not in required:  # a key is implicitly required; say so once per cell
            empty = keys[field].isin(missing_values(schema))
            problems += _problems(
                table,
                field,
                "primary-key",
                keys.loc[empty, field],
                lambda v: "a key value is required",
            )
    return problems


def check_foreign_keys(
    table: str, raw: pd.DataFrame, schema: dict, tables: dict[str, pd.DataFrame]
) -> list[Problem]:
    """Every foreign key with a value exists in the table it points at."""
    problems = []
    raw = raw.reset_index(drop=True)
    for foreign_key in schema.get("foreignKeys", []):
        fields = as_list(foreign_key["fields"])
        reference = foreign_key["reference"]
        target_name = reference.get("resource") or table
        target_fields = as_list(reference["fields"])
        target = tables.get(target_name)
        if target is None or any(f not in raw.columns for f in fields):
            continue
        if any(f not in target.columns for f in target_fields):
            continue
        keys = pd.MultiIndex.from_frame(raw[fields])
        known = pd.MultiIndex.from_frame(target[target_fields])
        empty = raw[fields].isin(missing_values(schema)).all(axis=1).to_numpy()
        unknown = ~keys.isin(known) & ~empty
        for index in np.flatnonzero(unknown):
            key = shown(", ".join(keys[index]))
            message = f"'{key}' is not a {'/'.join(target_fields)} in {target_name}.csv"
            problems.append(
                Problem(table, line_of(index), ", ".join(fields), "foreign-key", message)
            )
    return problems


def check_descriptor(descriptor: object) -> list[Problem]:
    """The descriptor's structure, and every schema rule it declares is one the loader can apply."""
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return [_descriptor_problem(None, "resources", "it has no list of resources")]
    problems, names = [], [r.get("name") for r in descriptor["resources"] if isinstance(r, dict)]
    for position, resource in enumerate(descriptor["resources"]):
        if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
            problems.append(_descriptor_problem(f"resources[{position}]", "resource", "no name"))
            continue
        problems += _check_resource(resource, names)
    return problems


def _descriptor_problem(where: str | None, rule: str, message: str) -> Problem:
    return Problem(DESCRIPTOR_FILE, None, where, rule, message)


def _check_resource(resource: dict, names: list) -> list[Problem]:
    name, path, schema = resource["name"], resource.get("path"), resource.get("schema")
    if names.count(name) > 1:
        return [_descriptor_problem(name, "resource", "two resources have this name")]
    if not isinstance(path, str) or path.startswith(("/", "\\")) or ".." in path or ":" in path:
        return [_descriptor_problem(name, "path", f"{path!r} is not one file inside the package")]
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        return [
            _descriptor_problem(name, "schema", "the resource has no inline schema with fields")
        ]
    problems = []
    for field in schema["fields"]:
        problems += _check_field_rules(name, field)
    if problems:
        return problems
    field_names = [field["name"] for field in schema["fields"]]
    for key in as_list(schema.get("primaryKey", [])):
        if key not in field_names:
            problems.append(
                _descriptor_problem(name, "schema", f"primaryKey names no field '{key}'")
            )
    for foreign_key in schema.get("foreignKeys", []):
        target = foreign_key.get("reference", {}).get("resource") or name
        if target not in names:
            problems.append(
                _descriptor_problem(name, "schema", f"foreignKeys point at no resource '{target}'")
            )
        if not set(as_list(foreign_key.get("fields", []))) <= set(field_names):
            problems.append(
                _descriptor_problem(
                    name, "schema", f"foreignKeys name no field {foreign_key.get('fields')}"
                )
            )
    return problems


def _check_field_rules(resource: str, field: object) -> list[Problem]:
    """A field has a name, a type the loader stores, and constraints it can enforce."""
    if not isinstance(field, dict) or not isinstance(field.get("name"), str):
        return [_descriptor_problem(resource, "schema", f"a field has no name: {field!r}")]
    where = f"{resource}.{field['name']}"
    if field.get("type", "string") not in TYPES:
        return [
            _descriptor_problem(
                where, "schema", f"type {field.get('type')!r} is not one of {', '.join(TYPES)}"
            )
        ]
    if field.get("format", "default") not in ("default", "uri") or (
        field.get("format") == "uri" and field.get("type", "string") != "string"
    ):
        message = f"format {field['format']!r} is not one the loader checks (default, uri)"
        return [_descriptor_problem(where, "schema", message)]
    problems = []
    for rule, value in field.get("constraints", {}).items():
        try:
            _check_constraint(rule, value, field)
        except (ValueError, TypeError, re.error) as error:
            problems.append(_descriptor_problem(where, "schema", f"constraint {rule}: {error}"))
    return problems


def _check_constraint(rule: str, value: object, field: dict) -> None:
    """Raise when a declared constraint cannot be applied to the field as written."""
    if rule not in CONSTRAINTS:
        raise ValueError("the loader does not know this constraint")
    if rule == "pattern":
        try:
            re.compile(value)
        except re.error as error:
            raise ValueError(f"{value!r} is not a valid regular expression ({error})") from error
    elif rule in BOUNDS:
        if field.get("type", "string") not in ("integer", "year", "number", "date"):
            raise ValueError(f"a {field.get('type', 'string')} field has no order")
        parse_one(value, field)
    elif rule in LENGTHS and (not isinstance(value, int) or value < 0):
        raise ValueError(f"{value!r} is not a length")
    elif rule == "enum":
        if not isinstance(value, list):
            raise ValueError("enum is not a list")
        for item in value:
            parse_one(item, field)
