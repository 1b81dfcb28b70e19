"""The one seam to the curated data: load the Data Package into typed frames, checked once.

`load_catalog()` is the only entry pages use: it returns the store's tables (regiondash.store,
filled from `data/` on first start) checked by the same rules as the files; everything else
receives frames from it as arguments.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import threading
import zipfile
from collections import Counter
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from regiondash import settings
from regiondash.geo import shared_borders
from regiondash.problems import DESCRIPTOR_FILE, DataPackageError, Problem
from regiondash.rules import (
    DESCRIPTOR_CHECKS,
    REGION_SHAPES_FILE,
    TABLE_CHECKS,
    Package,
    run_checks,
)
from regiondash.validation import (
    TRUE_VALUES,
    check_descriptor,
    check_fields,
    check_foreign_keys,
    check_primary_key,
    missing_values,
)

PANDAS_TYPES = {"integer": "Int64", "year": "Int64", "number": "Float64"}
COUNTRIES_FILE = "geo/countries.geojson"


@dataclass(frozen=True)
class Catalog:
    """Every table of the package as a typed frame, plus region shapes and the basemap."""

    descriptor: dict
    sources: pd.DataFrame
    regions: pd.DataFrame
    institutions: pd.DataFrame
    campuses: pd.DataFrame
    headcounts: pd.DataFrame
    themes: pd.DataFrame
    agreements: pd.DataFrame
    agreement_parties: pd.DataFrame
    agreement_themes: pd.DataFrame
    projects: pd.DataFrame
    project_partners: pd.DataFrame
    project_themes: pd.DataFrame
    events: pd.DataFrame
    claims: pd.DataFrame
    region_shapes: gpd.GeoDataFrame
    countries: gpd.GeoDataFrame

    @property
    def as_of(self) -> str:
        """Date the data was last checked against its sources (ISO)."""
        return str(self.descriptor.get("as_of", ""))

    def table(self, name: str) -> pd.DataFrame:
        """A table by its resource name."""
        return getattr(self, name)


TABLE_NAMES = tuple(
    f.name for f in fields(Catalog) if f.name not in {"descriptor", "region_shapes", "countries"}
)


def read_raw_tables(data_dir: Path) -> tuple[dict, dict[str, pd.DataFrame]]:
    """The descriptor and every resource as a frame of strings (missing cells are "")."""
    descriptor = _located(DESCRIPTOR_FILE, _read_descriptor, data_dir)
    problems = check_descriptor(descriptor)
    if isinstance(descriptor, dict):
        problems += run_checks(DESCRIPTOR_CHECKS, Package(descriptor, {}))
    if problems:
        raise DataPackageError(problems)
    raw_tables = {}
    for resource in descriptor["resources"]:
        name = resource["name"]
        try:
            raw_tables[name] = _located(name, _read_csv, data_dir, resource)
        except DataPackageError as error:
            problems += error.problems
    absent = [name for name in TABLE_NAMES if name not in _names(descriptor)]
    problems += [
        Problem(DESCRIPTOR_FILE, None, n, "resource", "no such resource in datapackage.json")
        for n in absent
    ]
    if problems:
        raise DataPackageError(problems)
    return descriptor, raw_tables


def _read_descriptor(data_dir: Path) -> dict:
    try:
        text = (data_dir / DESCRIPTOR_FILE).read_text(encoding="utf-8")
        return json.loads(text, object_pairs_hook=_unique_keys)
    except OSError as error:
        raise _file_error(DESCRIPTOR_FILE, f"cannot read: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise _file_error(DESCRIPTOR_FILE, "is not valid utf-8") from error
    except json.JSONDecodeError as error:
        message = f"is not valid JSON: {error.msg} (column {error.colno})"
        raise DataPackageError(
            [Problem(DESCRIPTOR_FILE, error.lineno, None, "readable", message)]
        ) from error


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object whose keys all differ (json.loads would silently keep the last one)."""
    repeated = sorted(name for name, count in Counter(n for n, _ in pairs).items() if count > 1)
    if repeated:
        message = f"the key '{repeated[0]}' appears twice in one object; keep one"
        raise DataPackageError(
            [Problem(DESCRIPTOR_FILE, None, repeated[0], "duplicate-key", message)]
        )
    return dict(pairs)


def _read_csv(data_dir: Path, resource: dict) -> pd.DataFrame:
    """One resource's CSV as strings, decoded with the encoding its descriptor declares."""
    file, encoding = resource["name"], resource.get("encoding", "utf-8")
    try:
        data = (data_dir / resource["path"]).read_bytes()
    except FileNotFoundError as error:
        raise _file_error(file, "file is missing") from error
    except OSError as error:
        raise _file_error(file, f"cannot read: {error.strerror}") from error
    if not data.strip():
        raise _file_error(file, "the file is empty: it needs at least the header line")
    if data.startswith(codecs.BOM_UTF8) and encoding.lower().replace("_", "-") == "utf-8":
        message = "starts with a byte-order mark (UTF-8 with BOM); save it as utf-8 without BOM"
        raise _file_error(file, message, "encoding", line=1)
    if b"\x00" in data:  # no text file holds NUL bytes: a binary file saved as .csv
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise _file_error(file, "holds NUL bytes: it is not a text file", "encoding", line=line)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        line = data.count(b"\n", 0, getattr(error, "start", 0)) + 1
        guess = " (it looks like latin-1 / Windows-1252)" if _is_latin1(data) else ""
        message = f"is not valid {encoding}, the encoding datapackage.json declares{guess}"
        raise _file_error(file, message, "encoding", line=line) from error
    header = next(csv.reader(io.StringIO(text)), [])
    repeated = sorted(name for name, count in Counter(header).items() if count > 1)
    if repeated:  # pandas would rename the second one "name.1"
        message = f"the column '{repeated[0]}' appears twice in the header"
        raise DataPackageError([Problem(file, 1, repeated[0], "duplicate-column", message)])
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as error:
        line = re.search(r"\bline (\d+)", str(error))
        message = f"is not a well-formed CSV: {error}".strip()
        raise _file_error(file, message, line=int(line.group(1)) if line else None) from error


def _is_latin1(data: bytes) -> bool:
    return any(byte >= 0xA0 for byte in data) and b"\xc3" not in data


def _file_error(file: str, message: str, rule: str = "readable", line=None) -> DataPackageError:
    """A problem with a whole file rather than a cell."""
    return DataPackageError([Problem(file, line, None, rule, message)])


def _located(file: str, step, *args):
    """Run one loading step; any unexpected error becomes one problem naming `file`."""
    try:
        return step(*args)
    except DataPackageError:
        raise
    except Exception as error:  # a loader bug or a hostile file: never a traceback
        message = f"could not be loaded: {type(error).__name__}: {_scrub(str(error), args)}"
        raise DataPackageError([Problem(file, None, None, "unexpected", message)]) from error


def _scrub(message: str, args) -> str:
    """The message without the server's folder names."""
    for folder in (a for a in args if isinstance(a, Path)):
        message = message.replace(str(folder.resolve()) + "/", "").replace(str(folder) + "/", "")
    return message


def _names(descriptor: dict) -> set[str]:
    return {resource["name"] for resource in descriptor.get("resources", [])}


def _schemas(descriptor: dict) -> dict[str, dict]:
    return {resource["name"]: resource["schema"] for resource in descriptor["resources"]}


def _typed(raw: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """Columns converted to the pandas dtype of their Table Schema type; missing values are NA."""
    typed = raw.mask(raw.isin(missing_values(schema)), pd.NA)
    for field in schema["fields"]:
        name, field_type = field["name"], field.get("type", "string")
        if field_type == "date":
            typed[name] = pd.to_datetime(typed[name], format="%Y-%m-%d")
        elif field_type == "boolean":
            typed[name] = typed[name].isin(field.get("trueValues", TRUE_VALUES))
            typed[name] = typed[name].astype("boolean").mask(raw[name].isin(missing_values(schema)))
        elif field_type in PANDAS_TYPES:
            typed[name] = pd.to_numeric(typed[name]).astype(PANDAS_TYPES[field_type])
        else:
            typed[name] = typed[name].astype("string")
    return typed


def read_geo(data_dir: Path) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Region shapes (null geometry for marker regions) and world country outlines."""
    return _read_geojson(data_dir, REGION_SHAPES_FILE), _read_geojson(data_dir, COUNTRIES_FILE)


def _read_geojson(data_dir: Path, file: str) -> gpd.GeoDataFrame:
    path = data_dir / file
    try:
        with path.open("rb") as handle:
            start = handle.read(4096).lstrip()
    except OSError as error:
        raise _file_error(file, f"cannot read: {error.strerror}") from error
    if not start.startswith(b"{") or b"FeatureCollection" not in path.read_bytes():
        raise _file_error(file, "is not GeoJSON (a FeatureCollection)")
    try:
        return gpd.read_file(path)
    except Exception as error:  # pyogrio raises several types for unreadable files
        message = f"is not readable GeoJSON: {_scrub(str(error), [data_dir])}"
        raise _file_error(file, message) from error


def build_catalog(data_dir: Path) -> Catalog:
    """Read, check every rule, and type the package at `data_dir`; raise on any problem."""
    try:
        return _located(DESCRIPTOR_FILE, _build_catalog, data_dir)
    except DataPackageError as error:  # messages name files inside the package, not the server's
        problems = [replace(p, message=_scrub(p.message, [data_dir])) for p in error.problems]
        raise DataPackageError(problems) from error


def _build_catalog(data_dir: Path) -> Catalog:
    descriptor, raw_tables = read_raw_tables(data_dir)
    return checked_catalog(descriptor, raw_tables, lambda: read_geo(data_dir))


def checked_catalog(descriptor: dict, raw_tables: dict[str, pd.DataFrame], geo) -> Catalog:
    """Check every rule on tables of strings and type them; raise on any problem.

    The one set of checks for a package read from files and for the store's tables (its
    import and every edit); `geo()` returns `read_geo`'s region shapes and outlines (read only
    once the tables pass).
    """
    schemas = _schemas(descriptor)
    problems: list[Problem] = []
    for name, raw in raw_tables.items():
        problems += _located(name, _check_table, name, raw, schemas[name], raw_tables)
    if problems:
        raise DataPackageError(problems)
    tables = {name: _located(name, _typed, raw_tables[name], schemas[name]) for name in TABLE_NAMES}
    region_shapes, countries = geo()
    package = Package(descriptor, tables, region_shapes)
    problems = [
        p
        for check in TABLE_CHECKS
        for p in _located(_check_file(check), run_checks, (check,), package)
    ]
    if problems:
        raise DataPackageError(problems)
    return Catalog(
        descriptor=descriptor, region_shapes=region_shapes, countries=countries, **tables
    )


def _check_table(name: str, raw: pd.DataFrame, schema: dict, raw_tables: dict) -> list[Problem]:
    """Everything the table's schema declares: fields, primary key, foreign keys."""
    return (
        check_fields(name, raw, schema)
        + check_primary_key(name, raw, schema)
        + check_foreign_keys(name, raw, schema, raw_tables)
    )


def _check_file(check) -> str:
    """The file a custom check reads first, named if the check itself fails."""
    return (
        REGION_SHAPES_FILE if check.code in ("region-shape", "inside-region") else DESCRIPTOR_FILE
    )


@lru_cache(maxsize=4)
def _cached_catalog(data_dir: str, stamp: float) -> Catalog:
    return build_catalog(Path(data_dir))


_store_catalogs: dict[str, tuple[int, Catalog]] = {}
# One build at a time: sessions that arrive while a catalog is built wait for it, instead of
# each building its own (50 sessions opened at start-up built 50 catalogs).
_BUILD_LOCK = threading.RLock()


def _store_catalog() -> Catalog:
    """The store's catalog, rebuilt only when the store's version has moved (any process)."""
    from regiondash.store import open_store  # the store builds on this module

    store = open_store()
    cached = _store_catalogs.get(store.url)
    if cached is None or cached[0] != store.version():
        with _BUILD_LOCK:
            cached = _store_catalogs.get(store.url)
            if cached is None or cached[0] != store.version():  # not built meanwhile
                _store_catalogs[store.url] = cached = store.catalog()
    return cached[1]


def load_catalog(data_dir: Path | None = None) -> Catalog:
    """The checked catalog.

    Without a folder: the store's (REGIONDASH_DATABASE_URL; by default a SQLite file filled
    from data/ on first start), so an edit shows on every page at its next run. With a
    folder: that package's files, built once per process (rebuilt when a file changes).
    """
    if data_dir is None:
        return _store_catalog()
    folder = Path(data_dir).resolve()
    descriptor = folder / "datapackage.json"
    stamp = max((p.stat().st_mtime for p in folder.rglob("*") if p.is_file()), default=0.0)
    if not descriptor.exists():
        raise DataPackageError(
            [Problem(DESCRIPTOR_FILE, None, None, "readable", "file is missing")]
        )
    with _BUILD_LOCK:
        return _cached_catalog(str(folder), stamp)


STATIC_BASEMAP = "geo/basemap.json"


def publish_basemap(data_dir: Path | None = None) -> str:
    """Put the world basemap in the app's static/ folder; return the URL browsers fetch.

    Maps reference the file by URL instead of embedding ~0.7 MB of outlines in every deck, so
    the browser downloads it once (from this server, never the internet) and caches it. It holds
    the countries (drawn filled, not outlined) and one line feature of their shared borders.
    """
    source = Path(data_dir or settings.data_dir()) / "geo" / "countries.geojson"
    target = settings.PROJECT_ROOT / "static" / STATIC_BASEMAP
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        countries = json.loads(source.read_text(encoding="utf-8"))
        borders = {
            "type": "Feature",
            "properties": {"kind": "borders"},
            "geometry": {
                "type": "MultiLineString",
                "coordinates": shared_borders(countries["features"]),
            },
        }
        basemap = {**countries, "features": [*countries["features"], borders]}
        _write_static(target, json.dumps(basemap, separators=(",", ":")))
    return f"/app/static/{STATIC_BASEMAP}"


def _write_static(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    # One temporary file per process: two servers starting at once never share one.
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(target)  # atomic: a browser never fetches a half-written file


def publish_static(relative: str, text: str) -> str:
    """Put `text` at static/<relative> (unless it is there already); return the URL browsers
    fetch it from (once: they cache it, where an element is sent again to every session)."""
    target = settings.PROJECT_ROOT / "static" / relative
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        _write_static(target, text)
    return f"/app/static/{relative}"


TILE_STYLE = "geo/tiles-style.json"


def publish_tile_style(tile_url: str) -> str:
    """A MapLibre style for the configured online tiles, served from static/; its URL.

    Only used when a tile URL is configured: the default map needs no network at all.
    """
    style = {
        "version": 8,
        "sources": {"tiles": {"type": "raster", "tiles": [tile_url], "tileSize": 256}},
        "layers": [{"id": "tiles", "type": "raster", "source": "tiles"}],
    }
    target = settings.PROJECT_ROOT / "static" / TILE_STYLE
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(style), encoding="utf-8")
    temporary.replace(target)
    return f"/app/static/{TILE_STYLE}"


def package_archive(data_dir: Path | None = None) -> bytes:
    """The whole Data Package (datapackage.json, every CSV, geo/) as one zip archive."""
    folder = Path(data_dir or settings.data_dir())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, Path("regiondash-data") / path.relative_to(folder))
    return buffer.getvalue()
