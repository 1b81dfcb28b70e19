"""A generator of broken Data Packages: each break edits a copy of data/ and says where the
loader must report it (file, line, field, rule). Used by tests/test_hostile_packages.py.

Two kinds: named breaks of whole files and package rules (missing, truncated, not GeoJSON,
encodings, duplicate keys, home regions, a 50 MB file, ...), and cell breaks drawn with a seeded
random generator from the schema itself: a hostile value in a typed or constrained field.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ANY = object()  # the break does not fix this part of the problem's place


@dataclass(frozen=True)
class Break:
    """One way to break a package and the problem it must produce."""

    name: str
    change: Callable[[Path], None]
    file: str
    rule: str
    line: object = ANY
    field: object = ANY


def _csv(data_dir: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(data_dir / f"{table}.csv", dtype=str, keep_default_na=False)


def _set_cell(table: str, row: int, field: str, value: str) -> Callable[[Path], None]:
    def change(data_dir: Path) -> None:
        frame = _csv(data_dir, table)
        frame.loc[row, field] = value
        frame.to_csv(data_dir / f"{table}.csv", index=False)

    return change


def _truncate(file: str, share: float) -> Callable[[Path], None]:
    def change(data_dir: Path) -> None:
        data = (data_dir / file).read_bytes()
        (data_dir / file).write_bytes(data[: int(len(data) * share)])

    return change


def _write(file: str, data: bytes) -> Callable[[Path], None]:
    def change(data_dir: Path) -> None:
        (data_dir / file).write_bytes(data)

    return change


def _remove(file: str) -> Callable[[Path], None]:
    return lambda data_dir: (data_dir / file).unlink()


def _descriptor(edit: Callable[[dict], None]) -> Callable[[Path], None]:
    def change(data_dir: Path) -> None:
        path = data_dir / "datapackage.json"
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        edit(descriptor)
        path.write_text(json.dumps(descriptor), encoding="utf-8")

    return change


def _field(descriptor: dict, table: str, name: str) -> dict:
    (resource,) = [r for r in descriptor["resources"] if r["name"] == table]
    (field,) = [f for f in resource["schema"]["fields"] if f["name"] == name]
    return field


def _bom(file: str) -> Callable[[Path], None]:
    def change(data_dir: Path) -> None:
        (data_dir / file).write_bytes(b"\xef\xbb\xbf" + (data_dir / file).read_bytes())

    return change


def _latin1(data_dir: Path) -> None:
    path = data_dir / "regions.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1", errors="replace"))


def _repeat_header_column(data_dir: Path) -> None:
    path = data_dir / "themes.csv"
    header, rest = path.read_text(encoding="utf-8").split("\n", 1)
    names = header.split(",")
    path.write_text(",".join([*names[:-1], names[1]]) + "\n" + rest, encoding="utf-8")


def _repeat_descriptor_key(data_dir: Path) -> None:
    path = data_dir / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"as_of"', '"as_of": "2020-01-01", "as_of"', 1), "utf-8")


def _role(region: str, role: str) -> Callable[[Path], None]:
    def change(data_dir: Path) -> None:
        frame = _csv(data_dir, "regions")
        frame.loc[frame["id"] == region, "role"] = role
        frame.to_csv(data_dir / "regions.csv", index=False)

    return change


def _huge_cell(data_dir: Path) -> None:
    """A 50 MB file: one event row whose date cell holds 50 million characters."""
    path = data_dir / "events.csv"
    frame = _csv(data_dir, "events")
    frame.loc[0, "date"] = "9" * 50_000_000
    frame.to_csv(path, index=False)


def _duplicate_row(table: str) -> Callable[[Path], None]:
    def change(data_dir: Path) -> None:
        frame = _csv(data_dir, table)
        pd.concat([frame, frame.head(1)]).to_csv(data_dir / f"{table}.csv", index=False)

    return change


def _lines(table: str, data_dir: Path | None = None) -> int:
    """File line of the first row appended to `table` (its rows + the header + 1)."""
    from conftest import DATA_DIR

    return len(_csv(data_dir or DATA_DIR, table)) + 2


NAMED_BREAKS = [
    Break("missing csv", _remove("events.csv"), "events.csv", "readable"),
    Break("missing descriptor", _remove("datapackage.json"), "datapackage.json", "readable"),
    Break(
        "missing region shapes", _remove("geo/regions.geojson"), "geo/regions.geojson", "readable"
    ),
    Break("missing basemap", _remove("geo/countries.geojson"), "geo/countries.geojson", "readable"),
    Break("zero-byte csv", _write("themes.csv", b""), "themes.csv", "readable"),
    # Where the cut lands decides the rule: a value left empty, or cut to an unknown key.
    Break(
        "csv cut mid-row",
        _truncate("events.csv", 0.5),
        "events.csv",
        ("required", "foreign-key"),
    ),
    Break("descriptor cut", _truncate("datapackage.json", 0.5), "datapackage.json", "readable"),
    Break("geojson cut", _truncate("geo/regions.geojson", 0.5), "geo/regions.geojson", "readable"),
    Break(
        "csv with an unterminated quote",
        lambda d: (d / "events.csv").write_text(
            (d / "events.csv").read_text(encoding="utf-8") + 'x,"never closed\n', "utf-8"
        ),
        "events.csv",
        "readable",
    ),
    Break("binary csv", _write("themes.csv", bytes(range(256)) * 20), "themes.csv", "encoding"),
    Break("nul bytes", _write("themes.csv", b"id\n\x00" * 1000), "themes.csv", "encoding", 2),
    Break("bom", _bom("themes.csv"), "themes.csv", "encoding", line=1),
    Break("latin-1", _latin1, "regions.csv", "encoding"),
    Break(
        "text in an integer",
        _set_cell("headcounts", 0, "count", "many"),
        "headcounts.csv",
        "type",
        2,
        "count",
    ),
    Break(
        "text in a date",
        _set_cell("agreements", 0, "signed_on", "2018-13-45"),
        "agreements.csv",
        "type",
        2,
        "signed_on",
    ),
    Break(
        "text in a year",
        _set_cell("headcounts", 0, "year", "²⁰²⁰"),
        "headcounts.csv",
        "type",
        2,
        "year",
    ),
    Break(
        "arabic-indic digits",
        _set_cell("headcounts", 0, "count", "١٢٣"),
        "headcounts.csv",
        "type",
        2,
        "count",
    ),
    Break(
        "repeated primary key",
        _duplicate_row("themes"),
        "themes.csv",
        "primary-key",
        _lines("themes"),
    ),
    Break("repeated header column", _repeat_header_column, "themes.csv", "duplicate-column", 1),
    Break("repeated descriptor key", _repeat_descriptor_key, "datapackage.json", "duplicate-key"),
    Break(
        "broken foreign key",
        _set_cell("campuses", 0, "institution_id", "atlantis"),
        "campuses.csv",
        "foreign-key",
        2,
    ),
    Break(
        "broken source",
        _set_cell("headcounts", 0, "source_id", "nowhere"),
        "headcounts.csv",
        "foreign-key",
        2,
    ),
    Break(
        "integer of 10^20",
        _set_cell("regions", 0, "population", str(10**20)),
        "regions.csv",
        "type",
        2,
        "population",
    ),
    Break(
        "count near 2^63",
        _set_cell("headcounts", 0, "count", str(2**63 - 1)),
        "headcounts.csv",
        "maximum",
        2,
        "count",
    ),
    Break(
        "count below -2^63",
        _set_cell("headcounts", 0, "count", str(-(2**63) - 1)),
        "headcounts.csv",
        "type",
        2,
        "count",
    ),
    Break("NaN", _set_cell("campuses", 0, "lat", "NaN"), "campuses.csv", "type", 2, "lat"),
    Break("inf", _set_cell("regions", 0, "area_km2", "inf"), "regions.csv", "type", 2, "area_km2"),
    Break(
        "-Infinity", _set_cell("campuses", 0, "lon", "-Infinity"), "campuses.csv", "type", 2, "lon"
    ),
    Break(
        "1e400", _set_cell("regions", 0, "area_km2", "1e400"), "regions.csv", "type", 2, "area_km2"
    ),
    Break(
        "area 0",
        _set_cell("regions", 0, "area_km2", "0"),
        "regions.csv",
        "exclusiveMinimum",
        2,
        "area_km2",
    ),
    Break(
        "latitude 91", _set_cell("campuses", 0, "lat", "91"), "campuses.csv", "maximum", 2, "lat"
    ),
    Break(
        "longitude -181",
        _set_cell("campuses", 0, "lon", "-181"),
        "campuses.csv",
        "minimum",
        2,
        "lon",
    ),
    Break(
        "campus at 0,0",
        lambda d: (
            _set_cell("campuses", 0, "lat", "0")(d),
            _set_cell("campuses", 0, "lon", "0")(d),
        ),
        "campuses.csv",
        "inside-region",
        2,
    ),
    Break(
        "javascript: source url",
        _set_cell("sources", 0, "url", "javascript:alert(1)"),
        "sources.csv",
        "format",
        2,
        "url",
    ),
    Break(
        "data: source url",
        _set_cell("sources", 0, "url", "data:text/html,<script>alert(1)</script>"),
        "sources.csv",
        "format",
        2,
        "url",
    ),
    Break("no home region", _role("FR-IDF", "partner"), "regions.csv", "home-region"),
    Break("two home regions", _role("CN-ZJ", "home"), "regions.csv", "home-region"),
    Break(
        "geo file that is a Topology",
        _write("geo/regions.geojson", b'{"type": "Topology"}'),
        "geo/regions.geojson",
        "readable",
    ),
    Break(
        "geo file that is a CSV",
        _write("geo/regions.geojson", b"a,b\n1,2\n"),
        "geo/regions.geojson",
        "readable",
    ),
    Break(
        "geo features without region_id",
        _write("geo/regions.geojson", b'{"type":"FeatureCollection","features":[]}'),
        "geo/regions.geojson",
        "region-shape",
    ),
    Break(
        "50 MB geo file of junk",
        _write("geo/regions.geojson", b"{" + b"x" * 50_000_000),
        "geo/regions.geojson",
        "readable",
    ),
    Break("50 MB csv", _huge_cell, "events.csv", "type", 2, "date"),
    Break(
        "descriptor is a list", _write("datapackage.json", b"[]"), "datapackage.json", "resources"
    ),
    Break(
        "resource path outside",
        _descriptor(lambda d: d["resources"][0].update(path="../../etc/passwd")),
        "datapackage.json",
        "path",
    ),
    Break(
        "resource path absolute",
        _descriptor(lambda d: d["resources"][0].update(path="/etc/passwd")),
        "datapackage.json",
        "path",
    ),
    Break(
        "resource without schema",
        _descriptor(lambda d: d["resources"][1].pop("schema")),
        "datapackage.json",
        "schema",
    ),
    Break(
        "unknown field type",
        _descriptor(lambda d: _field(d, "themes", "name_en").update(type="geopoint")),
        "datapackage.json",
        "schema",
    ),
    Break(
        "invalid pattern",
        _descriptor(
            lambda d: _field(d, "regions", "country")["constraints"].update(pattern="^[A-Z")
        ),
        "datapackage.json",
        "schema",
    ),
    Break("as_of missing", _descriptor(lambda d: d.pop("as_of")), "datapackage.json", "as-of"),
]

# Values a person or a broken export puts in a cell (one of them may be fine for a field: the
# test then checks the loaded value equals what the cell says).
HOSTILE_VALUES = [
    "",
    " ",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "1e400",
    "-0",
    "1.5",
    "1,5",
    "1_000",
    "0x1F",
    "+7",
    " 7",
    "7 ",
    "²",
    "٣",
    "\u200b7",
    "7\u202e",
    str(10**20),
    str(2**63),
    str(2**63 - 1),
    str(-(2**63) - 1),
    "99999999999999999999999999999999999999",
    "true",
    "null",
    "2018-02-30",
    "2018-1-1",
    "１２",
    "<script>alert(1)</script>",
]
TYPED = ("integer", "year", "number", "date", "boolean")


@dataclass(frozen=True)
class CellBreak:
    """A hostile value in one cell of a typed or constrained, non-key field."""

    table: str
    row: int
    field: dict
    value: str

    @property
    def line(self) -> int:
        return self.row + 2


def _key_fields(schema: dict) -> set[str]:
    keys = schema.get("primaryKey", [])
    names = {keys} if isinstance(keys, str) else set(keys)
    for foreign_key in schema.get("foreignKeys", []):
        fields = foreign_key["fields"]
        names |= {fields} if isinstance(fields, str) else set(fields)
    return names


def cell_breaks(data_dir: Path, seed: int, count: int) -> list[CellBreak]:
    """`count` cell breaks drawn reproducibly from the schema's typed or constrained fields
    (not keys: a changed key moves the problem to the rows that refer to it)."""
    descriptor = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    candidates = []
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        keys = _key_fields(schema)
        for field in schema["fields"]:
            constraints = field.get("constraints", {})
            if field["name"] in keys or "unique" in constraints:
                continue
            if field.get("type", "string") in TYPED or constraints:
                candidates.append((resource["name"], field))
    by_type: dict[str, list] = {}
    for table, field in candidates:
        by_type.setdefault(field.get("type", "string"), []).append((table, field))
    types = sorted(by_type)
    chooser = random.Random(seed)
    breaks = []
    for number in range(count):  # the types in turn, so a short draw still covers each
        table, field = chooser.choice(by_type[types[number % len(types)]])
        rows = len(_csv(data_dir, table))
        value = chooser.choice(HOSTILE_VALUES)
        breaks.append(CellBreak(table, chooser.randrange(rows), field, value))
    return breaks


def expected_value(field: dict, text: str) -> object:
    """What a cell holding `text` must load as, if it loads at all (Table Schema's reading);
    None means "no value"; raises ValueError when the text is not of the field's type."""
    if text == "":
        return None
    field_type = field.get("type", "string")
    if field_type in ("integer", "year"):
        if not re.fullmatch(r"[+-]?[0-9]+", text):
            raise ValueError(text)
        return int(text)
    if field_type == "number":
        if not re.fullmatch(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", text):
            raise ValueError(text)
        return float(text)
    if field_type == "date":
        return pd.Timestamp(pd.to_datetime(text, format="%Y-%m-%d"))
    if field_type == "boolean":
        readings = {"true": True, "True": True, "TRUE": True, "1": True}
        readings |= {"false": False, "False": False, "FALSE": False, "0": False}
        return readings[text]  # KeyError: not a boolean
    return text
