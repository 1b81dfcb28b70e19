"""Rules that span tables or need geography, beyond what a Table Schema can say."""

from __future__ import annotations

import pandas as pd

from regiondash.geo import distance_to_shape_km
from regiondash.problems import Problem
from regiondash.validation import line_of

# A campus or site may sit just outside a simplified boundary (coastline, river, rounding).
CAMPUS_TOLERANCE_KM = 5.0


def check_package_rules(tables: dict[str, pd.DataFrame], region_shapes) -> list[Problem]:
    """Every cross-table and geographic rule; an empty list means the package is sound."""
    return (
        check_party_ids(tables)
        + check_claims(tables)
        + check_sites_in_region(tables, region_shapes)
    )


def check_party_ids(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Each agreement party is a region or an institution, as its party_kind says."""
    known = {
        "region": set(tables["regions"]["id"]),
        "institution": set(tables["institutions"]["id"]),
    }
    problems = []
    for index, party in tables["agreement_parties"].reset_index(drop=True).iterrows():
        if party["party_id"] not in known.get(party["party_kind"], set()):
            problems.append(
                Problem(
                    "agreement_parties",
                    line_of(index),
                    "party_id",
                    "foreign-key",
                    f"'{party['party_id']}' is not an id in "
                    f"{'regions' if party['party_kind'] == 'region' else 'institutions'}.csv",
                )
            )
    return problems


def check_claims(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Each alternative value points at an existing table, row and field."""
    problems = []
    for index, claim in tables["claims"].reset_index(drop=True).iterrows():
        target = tables.get(str(claim["table"]))
        if target is None:
            rule, message, field = "foreign-key", f"no table '{claim['table']}'", "table"
        elif claim["field"] not in target.columns:
            rule, message, field = (
                "foreign-key",
                f"{claim['table']} has no field '{claim['field']}'",
                "field",
            )
        elif claim["row_id"] not in set(target["id"].astype(str)):
            rule, message, field = (
                "foreign-key",
                f"no row '{claim['row_id']}' in {claim['table']}.csv",
                "row_id",
            )
        else:
            continue
        problems.append(Problem("claims", line_of(index), field, rule, message))
    return problems


def check_sites_in_region(tables: dict[str, pd.DataFrame], region_shapes) -> list[Problem]:
    """Campuses and institution sites lie inside (or within a few km of) their region's polygon."""
    institutions = tables["institutions"].set_index("id")
    shapes = {
        row.region_id: row.geometry
        for row in region_shapes.itertuples()
        if row.geometry is not None and not row.geometry.is_empty
    }
    problems = []
    campuses = tables["campuses"].reset_index(drop=True)
    for index, campus in campuses.iterrows():
        region_id = institutions["region_id"].get(campus["institution_id"])
        problems += _site_problem("campuses", index, campus, region_id, shapes)
    for index, site in tables["institutions"].reset_index(drop=True).iterrows():
        problems += _site_problem("institutions", index, site, site["region_id"], shapes)
    return problems


def _site_problem(table: str, index: int, site: pd.Series, region_id, shapes) -> list[Problem]:
    if pd.isna(site["lat"]) or pd.isna(site["lon"]) or region_id not in shapes:
        return []
    distance = distance_to_shape_km(float(site["lat"]), float(site["lon"]), shapes[region_id])
    if distance <= CAMPUS_TOLERANCE_KM:
        return []
    message = (
        f"({site['lat']}, {site['lon']}) lies {distance:.0f} km outside region {region_id}"
        f" (tolerance {CAMPUS_TOLERANCE_KM:.0f} km)"
    )
    return [Problem(table, line_of(index), "lat, lon", "inside-region", message)]
