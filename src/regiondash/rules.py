"""Custom checks: rules of the data model that a Table Schema cannot state.

Each rule is a small class in frictionless's custom-check style: a `code` (the rule users see),
a one-line `description`, and `validate(package)` yielding located problems. Everything a field's
type or constraints can say lives in data/datapackage.json and is checked by
`regiondash.validation`; nothing here repeats it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from regiondash.geo import distance_to_shape_km
from regiondash.problems import DESCRIPTOR_FILE, Problem
from regiondash.validation import line_of

# A campus or site may sit just outside a simplified boundary (coastline, river, rounding).
CAMPUS_TOLERANCE_KM = 5.0
REGION_SHAPES_FILE = "geo/regions.geojson"


@dataclass(frozen=True)
class Package:
    """What the checks read: the descriptor, typed tables and the region shapes."""

    descriptor: dict
    tables: dict[str, pd.DataFrame]
    region_shapes: gpd.GeoDataFrame | None = None


class Check:
    """One rule: `code` names it in the problem list, `validate` yields where it is broken."""

    code = "check"
    description = ""

    def validate(self, package: Package) -> Iterator[Problem]:
        raise NotImplementedError

    def problem(self, table: str, index: int | None, field: str | None, message: str) -> Problem:
        """A problem at data row `index` (0-based), or at the whole file when index is None."""
        return Problem(table, None if index is None else line_of(index), field, self.code, message)


class AsOfDate(Check):
    """datapackage.json says when the data was last checked: `as_of`, an ISO date."""

    code = "as-of"

    def validate(self, package: Package) -> Iterator[Problem]:
        value = package.descriptor.get("as_of")
        if value is None:
            yield Problem(DESCRIPTOR_FILE, None, "as_of", self.code, "as_of is missing")
            return
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
                raise ValueError
            date.fromisoformat(str(value))
        except ValueError:
            message = f"as_of {value!r} is not an ISO date YYYY-MM-DD"
            yield Problem(DESCRIPTOR_FILE, None, "as_of", self.code, message)


class OneHomeRegion(Check):
    """Exactly one region is home; every other region is a partner of it."""

    code = "home-region"

    def validate(self, package: Package) -> Iterator[Problem]:
        regions = package.tables["regions"].reset_index(drop=True)
        homes = regions.index[regions["role"] == "home"]
        if len(homes) == 0:
            yield self.problem("regions", None, "role", "no region has role 'home'")
        for index in homes[1:]:
            first = regions.loc[homes[0], "id"]
            message = f"a second home region ({first} on line {line_of(homes[0])} is home already)"
            yield self.problem("regions", index, "role", message)


class PartyExists(Check):
    """Each agreement party is a region or an institution, as its party_kind says."""

    code = "foreign-key"

    def validate(self, package: Package) -> Iterator[Problem]:
        tables = package.tables
        parties = tables["agreement_parties"].reset_index(drop=True)
        is_region = parties["party_kind"] == "region"
        known = (
            parties["party_id"]
            .isin(tables["regions"]["id"])
            .where(is_region, parties["party_id"].isin(tables["institutions"]["id"]))
        )
        for index in np.flatnonzero(~known.to_numpy(dtype=bool)):
            target = "regions" if is_region[index] else "institutions"
            message = f"'{parties.loc[index, 'party_id']}' is not an id in {target}.csv"
            yield self.problem("agreement_parties", index, "party_id", message)


class ClaimTarget(Check):
    """Each alternative value points at an existing table, row and field."""

    code = "foreign-key"

    def validate(self, package: Package) -> Iterator[Problem]:
        claims = package.tables["claims"].reset_index(drop=True)
        ids = {
            name: set(table["id"].astype(str)) if "id" in table.columns else set()
            for name, table in package.tables.items()
        }
        for index, claim in enumerate(claims[["table", "field", "row_id"]].itertuples(index=False)):
            target = package.tables.get(str(claim.table))
            if target is None:
                field, message = "table", f"no table '{claim.table}'"
            elif claim.field not in target.columns:
                field, message = "field", f"{claim.table} has no field '{claim.field}'"
            elif str(claim.row_id) not in ids[str(claim.table)]:
                field, message = "row_id", f"no row '{claim.row_id}' in {claim.table}.csv"
            else:
                continue
            yield self.problem("claims", index, field, message)


class YearOrder(Check):
    """Years of one row follow each other: founded ≤ closed, start ≤ end, signed ≤ end."""

    code = "year-order"
    PAIRS: ClassVar[dict[str, list[tuple[str, str]]]] = {  # table: (earlier field, later field)
        "institutions": [("founded", "closed")],
        "agreements": [("signed_year", "end_year"), ("start_year", "end_year")],
        "projects": [("start_year", "end_year")],
    }

    def validate(self, package: Package) -> Iterator[Problem]:
        for table, pairs in self.PAIRS.items():
            frame = package.tables[table].reset_index(drop=True)
            for earlier, later in pairs:
                broken = (frame[earlier] > frame[later]).fillna(False).to_numpy(dtype=bool)
                for index in np.flatnonzero(broken):
                    message = (
                        f"{later} {frame.loc[index, later]} is before "
                        f"{earlier} {frame.loc[index, earlier]}"
                    )
                    yield self.problem(table, index, later, message)
        agreements = package.tables["agreements"].reset_index(drop=True)
        signed = agreements["signed_on"].dt.year
        broken = (signed != agreements["signed_year"]).fillna(False).to_numpy(dtype=bool)
        for index in np.flatnonzero(broken):
            message = (
                f"signed_on {agreements.loc[index, 'signed_on']:%Y-%m-%d} is not in "
                f"signed_year {agreements.loc[index, 'signed_year']}"
            )
            yield self.problem("agreements", index, "signed_year", message)


class RegionShapes(Check):
    """geo/regions.geojson names each feature's region (region_id), once, among regions.csv."""

    code = "region-shape"

    def validate(self, package: Package) -> Iterator[Problem]:
        shapes = package.region_shapes
        if "region_id" not in shapes.columns:
            message = "features have no 'region_id' property"
            yield Problem(REGION_SHAPES_FILE, None, "region_id", self.code, message)
            return
        known = set(package.tables["regions"]["id"])
        for position, region_id in enumerate(shapes["region_id"]):
            if region_id not in known:
                message = f"feature {position + 1}: '{region_id}' is not an id in regions.csv"
                yield Problem(REGION_SHAPES_FILE, None, "region_id", self.code, message)
        for region_id in shapes.loc[shapes["region_id"].duplicated(), "region_id"]:
            message = f"two features for region '{region_id}'"
            yield Problem(REGION_SHAPES_FILE, None, "region_id", self.code, message)


class SitesInRegion(Check):
    """Campuses and institution sites lie inside (or within a few km of) their region's polygon."""

    code = "inside-region"

    def validate(self, package: Package) -> Iterator[Problem]:
        shapes = package.region_shapes
        if "region_id" not in shapes.columns:
            return  # RegionShapes reports it
        outlines = {
            region_id: shape
            for region_id, shape in zip(shapes["region_id"], shapes.geometry, strict=True)
            if shape is not None and not shape.is_empty
        }
        institutions = package.tables["institutions"].reset_index(drop=True)
        campuses = package.tables["campuses"].reset_index(drop=True)
        home = institutions.set_index("id")["region_id"]
        campus_regions = campuses["institution_id"].map(home)
        yield from self._outside("campuses", campuses, campus_regions, outlines)
        yield from self._outside("institutions", institutions, institutions["region_id"], outlines)

    def _outside(self, table: str, sites: pd.DataFrame, regions: pd.Series, outlines: dict):
        """Points tested per region at once (one pass over the sites, grouped by region); the
        distance is measured only for the few outside."""
        located = sites["lat"].notna() & sites["lon"].notna() & regions.isin(list(outlines))
        positions = pd.DataFrame(
            {
                "region": regions[located].astype(str).to_numpy(),
                "lat": sites.loc[located, "lat"].to_numpy(dtype=float),
                "lon": sites.loc[located, "lon"].to_numpy(dtype=float),
            },
            index=sites.index[located],
        )
        outside = []
        for region_id, group in positions.groupby("region", sort=False):
            inside = shapely.contains_xy(outlines[region_id], group["lon"], group["lat"])
            outside += [(index, region_id) for index in group.index[~inside]]
        for index, region_id in sorted(outside):
            lat, lon = float(sites.loc[index, "lat"]), float(sites.loc[index, "lon"])
            distance = distance_to_shape_km(lat, lon, outlines[region_id])
            if distance > CAMPUS_TOLERANCE_KM:
                message = (
                    f"({sites.loc[index, 'lat']}, {sites.loc[index, 'lon']}) lies "
                    f"{distance:.0f} km outside region {region_id}"
                    f" (tolerance {CAMPUS_TOLERANCE_KM:.0f} km)"
                )
                yield Problem(table, line_of(index), "lat, lon", self.code, message)


DESCRIPTOR_CHECKS: tuple[Check, ...] = (AsOfDate(),)
TABLE_CHECKS: tuple[Check, ...] = (
    OneHomeRegion(),
    PartyExists(),
    ClaimTarget(),
    YearOrder(),
    RegionShapes(),
    SitesInRegion(),
)


def run_checks(checks: tuple[Check, ...], package: Package) -> list[Problem]:
    """Every problem the given checks find; an empty list means the package keeps their rules."""
    return [problem for check in checks for problem in check.validate(package)]
