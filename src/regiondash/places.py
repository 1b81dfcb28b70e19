"""Where things are drawn: institutions, campuses and regions as points with sourced positions."""

from __future__ import annotations

import pandas as pd

from regiondash.data import Catalog
from regiondash.geo import region_anchor


def drawn_region_shapes(catalog: Catalog):
    """Region polygons of the (possibly filtered) catalog; marker-only regions left out."""
    shapes = catalog.region_shapes
    return shapes[shapes.geometry.notna() & shapes["region_id"].isin(catalog.regions["id"])]


def region_points(catalog: Catalog) -> pd.DataFrame:
    """One row per region with a drawable anchor: id, lat, lon, has_polygon."""
    rows = []
    polygon_ids = set(
        catalog.region_shapes.loc[catalog.region_shapes.geometry.notna(), "region_id"]
    )
    for region_id in catalog.regions["id"]:
        anchor = region_anchor(region_id, catalog.region_shapes, catalog.regions)
        if anchor is not None:
            rows.append((region_id, anchor[0], anchor[1], region_id in polygon_ids))
    return pd.DataFrame(rows, columns=["region_id", "lat", "lon", "has_polygon"])


def institution_points(catalog: Catalog) -> pd.DataFrame:
    """Each institution's position and how precise it is.

    `position` says where it comes from: 'site' (the institution's own sourced coordinate),
    'campus' (its first campus with one), 'parent' (nearest ancestor's), 'region' (the region's
    anchor: approximate, shown as such). `precision` says what the point locates: the data's
    location_precision for an own coordinate ('site', 'campus' or 'commune': the commune's point,
    not the site), 'campus' for a campus point, else the `position` it was borrowed from.
    Institutions with none of these are left out.
    """
    institutions = catalog.institutions.set_index("id")
    campuses = catalog.campuses.dropna(subset=["lat", "lon"]).groupby("institution_id").first()
    regions = region_points(catalog).set_index("region_id")
    rows = []
    for institution_id, row in institutions.iterrows():
        found = _own_or_campus(institution_id, institutions, campuses)
        ancestor = row["parent_id"]
        while found is None and pd.notna(ancestor) and ancestor in institutions.index:
            parent = _own_or_campus(ancestor, institutions, campuses)
            found = (*parent[:2], "parent", "parent") if parent else None
            ancestor = institutions.at[ancestor, "parent_id"]
        if found is None and row["region_id"] in regions.index:
            region = regions.loc[row["region_id"]]
            found = (region["lat"], region["lon"], "region", "region")
        if found is not None:
            rows.append((institution_id, float(found[0]), float(found[1]), *found[2:]))
    return pd.DataFrame(rows, columns=["institution_id", "lat", "lon", "position", "precision"])


def _own_or_campus(institution_id, institutions, campuses):
    row = institutions.loc[institution_id]
    if pd.notna(row["lat"]) and pd.notna(row["lon"]):
        precision = row.get("location_precision")
        return row["lat"], row["lon"], "site", precision if isinstance(precision, str) else "site"
    if institution_id in campuses.index:
        campus = campuses.loc[institution_id]
        return campus["lat"], campus["lon"], "campus", "campus"
    return None
