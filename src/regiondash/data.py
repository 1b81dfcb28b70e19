"""The one seam to the curated data: load the Data Package into typed frames, checked once.

`load_catalog()` is the only code that opens `data/`. A database-backed store can later return
the same `Catalog`; everything else receives frames from it as arguments.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from regiondash import settings
from regiondash.problems import DataPackageError, Problem
from regiondash.rules import check_package_rules
from regiondash.validation import check_fields, check_foreign_keys, check_primary_key

PANDAS_TYPES = {"integer": "Int64", "year": "Int64", "number": "Float64", "boolean": "boolean"}


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
    descriptor_path = data_dir / "datapackage.json"
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        problem = Problem(
            "datapackage", None, None, "readable", f"cannot read {descriptor_path}: {error}"
        )
        raise DataPackageError([problem]) from error
    raw_tables, problems = {}, []
    for resource in descriptor.get("resources", []):
        path = data_dir / resource["path"]
        try:
            raw_tables[resource["name"]] = pd.read_csv(
                path, dtype=str, keep_default_na=False, encoding="utf-8"
            )
        except (OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
            problems.append(
                Problem(resource["name"], None, None, "readable", f"cannot read: {error}")
            )
    missing = [
        name for name in TABLE_NAMES if name not in raw_tables and name in _names(descriptor)
    ]
    problems += [Problem(n, None, None, "readable", "file is missing") for n in missing]
    absent = [name for name in TABLE_NAMES if name not in _names(descriptor)]
    problems += [
        Problem(n, None, None, "resource", "no such resource in datapackage.json") for n in absent
    ]
    if problems:
        raise DataPackageError(problems)
    return descriptor, raw_tables


def _file_problem(table: str, message: str, rule: str = "readable") -> Problem:
    """A problem with a whole file rather than a cell."""
    return Problem(table, None, None, rule, message)


def _names(descriptor: dict) -> set[str]:
    return {resource["name"] for resource in descriptor.get("resources", [])}


def _schemas(descriptor: dict) -> dict[str, dict]:
    return {resource["name"]: resource["schema"] for resource in descriptor["resources"]}


def _typed(raw: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """Columns converted to the pandas dtype of their Table Schema type; "" becomes missing."""
    typed = raw.replace("", pd.NA)
    for field in schema["fields"]:
        name, field_type = field["name"], field.get("type", "string")
        if field_type == "date":
            typed[name] = pd.to_datetime(typed[name], format="%Y-%m-%d")
        elif field_type in PANDAS_TYPES:
            typed[name] = pd.to_numeric(typed[name]).astype(PANDAS_TYPES[field_type])
        else:
            typed[name] = typed[name].astype("string")
    return typed


def read_geo(data_dir: Path) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Region shapes (null geometry for marker regions) and world country outlines."""
    try:
        region_shapes = gpd.read_file(data_dir / "geo" / "regions.geojson")
        countries = gpd.read_file(data_dir / "geo" / "countries.geojson")
    except Exception as error:  # pyogrio raises several types for unreadable files
        raise DataPackageError([_file_problem("geo", str(error))]) from error
    return region_shapes, countries


def build_catalog(data_dir: Path) -> Catalog:
    """Read, check every rule, and type the package at `data_dir`; raise on any problem."""
    descriptor, raw_tables = read_raw_tables(data_dir)
    schemas = _schemas(descriptor)
    problems: list[Problem] = []
    for name, raw in raw_tables.items():
        problems += check_fields(name, raw, schemas[name])
        problems += check_primary_key(name, raw, schemas[name])
        problems += check_foreign_keys(name, raw, schemas[name], raw_tables)
    if problems:
        raise DataPackageError(problems)
    tables = {name: _typed(raw_tables[name], schemas[name]) for name in TABLE_NAMES}
    region_shapes, countries = read_geo(data_dir)
    problems = check_package_rules(tables, region_shapes)
    if problems:
        raise DataPackageError(problems)
    return Catalog(
        descriptor=descriptor, region_shapes=region_shapes, countries=countries, **tables
    )


@lru_cache(maxsize=4)
def _cached_catalog(data_dir: str, stamp: float) -> Catalog:
    return build_catalog(Path(data_dir))


def load_catalog(data_dir: Path | None = None) -> Catalog:
    """The checked catalog, built once per process (rebuilt when datapackage.json changes)."""
    folder = Path(data_dir or settings.data_dir()).resolve()
    descriptor = folder / "datapackage.json"
    stamp = max((p.stat().st_mtime for p in folder.rglob("*") if p.is_file()), default=0.0)
    if not descriptor.exists():
        raise DataPackageError(
            [Problem("datapackage", None, None, "readable", f"{descriptor} not found")]
        )
    return _cached_catalog(str(folder), stamp)


STATIC_BASEMAP = "geo/countries.json"


def publish_basemap(data_dir: Path | None = None) -> str:
    """Put the world outlines in the app's static/ folder; return the URL browsers fetch.

    Maps reference the file by URL instead of embedding ~0.6 MB of outlines in every deck, so
    the browser downloads it once (from this server, never the internet) and caches it.
    """
    source = Path(data_dir or settings.data_dir()) / "geo" / "countries.geojson"
    target = settings.PROJECT_ROOT / "static" / STATIC_BASEMAP
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".tmp")
        shutil.copyfile(source, temporary)
        temporary.replace(target)  # atomic: a browser never fetches a half-written file
    return f"/app/static/{STATIC_BASEMAP}"


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
    temporary = target.with_suffix(".tmp")
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
