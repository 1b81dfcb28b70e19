"""Synthetic Data Packages for benchmarks: today's package grown N times on its realistic axes.

    python scripts/synth.py --scale 10 --out .bench/x10      # one package
    python scripts/synth.py --scales 10 100 1000   # .bench/x10, .bench/x100, .bench/x1000

Each package keeps every shipped row (so the real data still shows) and adds synthetic rows until
every table holds about `scale` times today's rows: institutions, campuses, headcounts over years,
agreements and their parties, projects and their partners, events, claims; partner regions grow
to the hundreds (capped at MAX_REGIONS), each with a polygon in geo/regions.geojson. The
descriptor is copied unchanged, so the package passes the same checks as data/ (the script
loads it with `regiondash.data.build_catalog` unless --no-check). Synthetic rows cite one
synthetic source row and are marked "synthetic" in their names: they are never real figures and
never go into data/ (the default output folder, .bench/, is git-ignored).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Polygon, mapping

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
MAX_REGIONS = 600  # "regions in the hundreds": more would not be a realistic partnership map
SOURCE_ID = "synthetic-benchmark"
HOME = "FR-IDF"
YEARS = (1990, 2025)


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)


def grown(base: int, scale: float) -> int:
    """How many synthetic rows to add so the table holds about `scale` times `base` rows."""
    return max(0, round(base * scale) - base)


def region_polygons(count: int, rng: np.random.Generator) -> list[Polygon]:
    """`count` disjoint, roughly round polygons (96 vertices each, like a simplified boundary)
    on a grid of cells over the inhabited latitudes."""
    cells = [(lat, lon) for lat in range(-50, 66, 4) for lon in range(-176, 178, 4)]
    picked = rng.choice(len(cells), size=count, replace=False)
    angles = np.linspace(0, 2 * math.pi, 96, endpoint=False)
    shapes = []
    for index in picked:
        lat, lon = cells[index]
        radius = 1.2 + 0.6 * rng.random(angles.size)  # ragged, like a real outline
        shapes.append(
            Polygon(
                zip(
                    lon + 2 + radius * np.cos(angles),
                    lat + 2 + 0.8 * radius * np.sin(angles),
                    strict=True,
                )
            )
        )
    return shapes


def points_inside(shape, count: int, rng: np.random.Generator) -> np.ndarray:
    """`count` random (lat, lon) points strictly inside `shape` (rejection sampling)."""
    west, south, east, north = shape.bounds
    found = np.empty((0, 2))
    while len(found) < count:
        lons = rng.uniform(west, east, count * 2 + 8)
        lats = rng.uniform(south, north, count * 2 + 8)
        inside = shapely.contains_xy(shape, lons, lats)
        found = np.vstack([found, np.column_stack([lats[inside], lons[inside]])])
    return np.round(found[:count], 5)


def build(scale: float, out: Path, seed: int = 14) -> dict[str, int]:
    """Write the package of `scale` × today's rows to `out`; return rows per table."""
    rng = np.random.default_rng(seed)
    tables = {
        r["name"]: read(r["name"])
        for r in json.loads((DATA / "datapackage.json").read_text())["resources"]
    }
    geo = json.loads((DATA / "geo" / "regions.geojson").read_text(encoding="utf-8"))
    shapes = {
        f["properties"]["region_id"]: shapely.geometry.shape(f["geometry"])
        for f in geo["features"]
        if f["geometry"]
    }
    add: dict[str, list[dict]] = {name: [] for name in tables}
    add["sources"].append(
        {
            "id": SOURCE_ID,
            "title": "Synthetic rows for benchmarks (not real data)",
            "accessed_on": "2026-11-29",
            "reliability": "third_party",
            "authority": "mirror",
        }
    )
    # Regions: hundreds of partners, each with a polygon.
    n_regions = min(MAX_REGIONS, round(len(tables["regions"]) * scale)) - len(tables["regions"])
    polygons = region_polygons(max(n_regions, 0), rng)
    for number, polygon in enumerate(polygons):
        region_id = f"X{chr(65 + number // 1296 % 26)}-{np.base_repr(number % 1296, 36):0>3}"
        add["regions"].append(
            {
                "id": region_id,
                "role": "partner",
                "name_en": f"Synthetic region {number}",
                "name_fr": f"Région synthétique {number}",
                "name_zh": f"合成地区 {number}",
                "country": region_id[:2],
                "population": str(int(rng.integers(100_000, 90_000_000))),
                "population_year": "2023",
                "population_source_id": SOURCE_ID,
                "area_km2": str(int(rng.integers(1_000, 500_000))),
                "area_source_id": SOURCE_ID,
                "source_id": SOURCE_ID,
            }
        )
        shapes[region_id] = polygon
        geo["features"].append(
            {
                "type": "Feature",
                "properties": {"region_id": region_id, "boundary": "polygon"},
                "geometry": mapping(polygon),
            }
        )
    region_ids = [HOME] + [r["id"] for r in add["regions"]]
    # Institutions: about half at home (every partnership has a home side), the rest abroad.
    n_institutions = grown(len(tables["institutions"]), scale)
    kinds = ["university", "grande_ecole", "laboratory", "research_organisation", "company"]
    institution_ids, institution_region = [], {}
    at_home = rng.random(n_institutions) < 0.4
    homes = rng.choice(region_ids[1:] or [HOME], size=n_institutions)
    for number in range(n_institutions):
        region_id = HOME if at_home[number] or len(region_ids) == 1 else str(homes[number])
        institution_id = f"syn-inst-{number}"
        lat, lon = points_inside(shapes[region_id], 1, rng)[0]
        located = rng.random() < 0.8  # some have only a campus, a parent or their region
        parent = (
            institution_ids[int(rng.integers(len(institution_ids)))]
            if institution_ids and rng.random() < 0.1
            else ""
        )
        add["institutions"].append(
            {
                "id": institution_id,
                "name_en": f"Synthetic institute {number}",
                "name_fr": f"Institut synthétique {number}" if rng.random() < 0.5 else "",
                "name_zh": f"合成研究所 {number}" if rng.random() < 0.3 else "",
                "kind": str(rng.choice(kinds)),
                "region_id": region_id,
                "parent_id": parent if parent and institution_region[parent] == region_id else "",
                "founded": str(int(rng.integers(1800, 2020))),
                "founded_source_id": SOURCE_ID,
                "city": f"City {number % 997}",
                "lat": str(lat) if located else "",
                "lon": str(lon) if located else "",
                "location_source_id": SOURCE_ID if located else "",
                "location_precision": "site" if located else "",
                "source_id": SOURCE_ID,
            }
        )
        institution_ids.append(institution_id)
        institution_region[institution_id] = region_id
    # Arrays, not lists: rng.choice converts a list on every call (quadratic at 1000x).
    home_ids = np.array(
        [i for i in institution_ids if institution_region[i] == HOME] or ["paris-saclay"]
    )
    abroad_ids = np.array([i for i in institution_ids if institution_region[i] != HOME] or ["zju"])
    # Campuses inside their institution's region.
    for number in range(grown(len(tables["campuses"]), scale)):
        institution_id = institution_ids[int(rng.integers(len(institution_ids)))]
        lat, lon = points_inside(shapes[institution_region[institution_id]], 1, rng)[0]
        add["campuses"].append(
            {
                "id": f"syn-campus-{number}",
                "institution_id": institution_id,
                "name_en": f"Synthetic campus {number}",
                "lat": str(lat),
                "lon": str(lon),
                "source_id": SOURCE_ID,
                "location_source_id": SOURCE_ID,
            }
        )
    # Headcounts: yearly series of a few categories per institution.
    categories = [
        "students_total",
        "students_master",
        "students_doctoral",
        "international_students",
    ]
    n_headcounts = grown(len(tables["headcounts"]), scale)
    series = max(1, n_headcounts // 8)
    for number in range(n_headcounts):
        institution_id = institution_ids[number % min(series, len(institution_ids))]
        year = 2024 - (number // min(series, len(institution_ids))) % 30
        category = categories[(number // (min(series, len(institution_ids)) * 30)) % 4]
        add["headcounts"].append(
            {
                "institution_id": institution_id,
                "year": str(year),
                "category": category,
                "count": str(int(rng.integers(200, 60_000))),
                "qualifier": str(rng.choice(["exact", "about", "at_least"])),
                "source_id": SOURCE_ID,
            }
        )
    theme_ids = list(tables["themes"]["id"])
    # Agreements, each between a home party and one or two partner parties.
    agreement_kinds = ["framework", "mou", "double_degree", "strategic_partnership", "other"]
    n_agreements = grown(len(tables["agreements"]), scale)
    agreement_ids = []
    for number in range(n_agreements):
        agreement_id = f"syn-agr-{number}"
        signed = int(rng.integers(*YEARS))
        end = signed + int(rng.integers(1, 12)) if rng.random() < 0.6 else None
        add["agreements"].append(
            {
                "id": agreement_id,
                "title_en": f"Synthetic agreement {number}",
                "title_fr": f"Accord synthétique {number}" if rng.random() < 0.4 else "",
                "kind": str(rng.choice(agreement_kinds)),
                "signed_on": f"{signed}-{int(rng.integers(1, 13)):02d}-15",
                "signed_year": str(signed),
                "start_year": str(signed) if rng.random() < 0.5 else "",
                "end_year": "" if end is None else str(end),
                "status": str(rng.choice(["active", "expired", "planned", "unknown"])),
                "source_id": SOURCE_ID,
            }
        )
        agreement_ids.append(agreement_id)
        parties = [str(home_ids[int(rng.integers(len(home_ids)))])]
        parties += [
            str(i) for i in abroad_ids[rng.integers(len(abroad_ids), size=int(rng.integers(1, 3)))]
        ]
        for party in dict.fromkeys(parties):
            add["agreement_parties"].append(
                {
                    "agreement_id": agreement_id,
                    "party_id": party,
                    "party_kind": "institution",
                    "source_id": SOURCE_ID,
                }
            )
        if rng.random() < 0.2:  # region-level agreements name the partner region itself
            add["agreement_parties"].append(
                {
                    "agreement_id": agreement_id,
                    "party_id": institution_region[parties[-1]],
                    "party_kind": "region",
                    "source_id": SOURCE_ID,
                }
            )
        for theme in dict.fromkeys(rng.choice(theme_ids, size=int(rng.integers(0, 3)))):
            add["agreement_themes"].append(
                {"agreement_id": agreement_id, "theme_id": theme, "source_id": SOURCE_ID}
            )
    # Projects with a lead at home and partners abroad.
    project_kinds = ["joint_centre", "research_network", "double_degree", "exchange", "chair"]
    n_projects = grown(len(tables["projects"]), scale)
    for number in range(n_projects):
        project_id = f"syn-proj-{number}"
        start = int(rng.integers(*YEARS))
        add["projects"].append(
            {
                "id": project_id,
                "title_en": f"Synthetic project {number}",
                "kind": str(rng.choice(project_kinds)),
                "status": str(rng.choice(["planned", "active", "completed", "unknown"])),
                "start_year": str(start),
                "end_year": str(start + int(rng.integers(1, 8))) if rng.random() < 0.7 else "",
                "description_en": f"Synthetic project {number} for benchmarks.",
                "source_id": SOURCE_ID,
            }
        )
        members = [str(home_ids[int(rng.integers(len(home_ids)))])]
        members += [
            str(i) for i in abroad_ids[rng.integers(len(abroad_ids), size=int(rng.integers(1, 4)))]
        ]
        for position, member in enumerate(dict.fromkeys(members)):
            add["project_partners"].append(
                {
                    "project_id": project_id,
                    "institution_id": member,
                    "role": "lead" if position == 0 else "partner",
                    "basis": "stated",
                    "source_id": SOURCE_ID,
                }
            )
        for theme in dict.fromkeys(rng.choice(theme_ids, size=int(rng.integers(1, 3)))):
            add["project_themes"].append(
                {"project_id": project_id, "theme_id": theme, "source_id": SOURCE_ID}
            )
    # Events: signings of synthetic agreements and visits to synthetic regions.
    for number in range(grown(len(tables["events"]), scale)):
        linked = agreement_ids and rng.random() < 0.5
        year = int(rng.integers(*YEARS))
        add["events"].append(
            {
                "id": f"syn-event-{number}",
                "date": f"{year}-{int(rng.integers(1, 13)):02d}-{int(rng.integers(1, 29)):02d}",
                "kind": "signing" if linked else str(rng.choice(["visit", "publication", "other"])),
                "title_en": f"Synthetic event {number}",
                "region_id": str(rng.choice(region_ids)),
                "agreement_id": agreement_ids[int(rng.integers(len(agreement_ids)))]
                if linked
                else "",
                "source_id": SOURCE_ID,
            }
        )
    # Claims: alternative sourced values of synthetic institutions' founding years.
    for number in range(min(grown(len(tables["claims"]), scale), len(institution_ids))):
        add["claims"].append(
            {
                "table": "institutions",
                "row_id": institution_ids[number],
                "field": "founded",
                "value": str(int(rng.integers(1800, 2020))),
                "source_id": SOURCE_ID,
                "note": "synthetic",
            }
        )
    return write(out, tables, add, geo)


def write(out: Path, tables: dict, add: dict, geo: dict) -> dict[str, int]:
    """The package at `out`: the descriptor and countries copied, CSVs and regions written."""
    if out.exists():
        shutil.rmtree(out)
    (out / "geo").mkdir(parents=True)
    shutil.copyfile(DATA / "datapackage.json", out / "datapackage.json")
    shutil.copyfile(DATA / "geo" / "countries.geojson", out / "geo" / "countries.geojson")
    (out / "geo" / "regions.geojson").write_text(json.dumps(geo), encoding="utf-8")
    counts = {}
    for name, frame in tables.items():
        rows = pd.concat([frame, pd.DataFrame(add[name], columns=frame.columns)]).fillna("")
        buffer = io.StringIO()
        rows.to_csv(buffer, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        (out / f"{name}.csv").write_text(buffer.getvalue(), encoding="utf-8")
        counts[name] = len(rows)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, help="one package at this scale (with --out)")
    parser.add_argument("--out", type=Path, help="output folder (default .bench/x<scale>)")
    parser.add_argument("--scales", type=float, nargs="*", default=[10, 100, 1000])
    parser.add_argument("--no-check", action="store_true", help="skip loading it afterwards")
    args = parser.parse_args()
    scales = [args.scale] if args.scale else args.scales
    for scale in scales:
        out = args.out or ROOT / ".bench" / f"x{scale:g}"
        start = time.perf_counter()
        counts = build(scale, out)
        print(
            f"x{scale:g}: {sum(counts.values()):,} rows ({counts['regions']} regions, "
            f"{counts['institutions']:,} institutions) in {out} "
            f"({time.perf_counter() - start:.1f} s)"
        )
        if not args.no_check:
            sys.path.insert(0, str(ROOT / "src"))
            from regiondash.data import build_catalog

            start = time.perf_counter()
            build_catalog(out)  # raises DataPackageError listing every problem
            print(f"  loads and passes every check ({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
