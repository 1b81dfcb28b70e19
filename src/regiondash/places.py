"""Where things are drawn: institutions, campuses and regions as points with sourced positions."""

from __future__ import annotations

import pandas as pd

from regiondash import memo
from regiondash.data import Catalog
from regiondash.geo import label_points


def drawn_region_shapes(catalog: Catalog):
    """Region polygons of the (possibly filtered) catalog; marker-only regions left out."""
    shapes = catalog.region_shapes
    return shapes[shapes.geometry.notna() & shapes["region_id"].isin(catalog.regions["id"])]


@memo.per_catalog
def region_points(catalog: Catalog) -> pd.DataFrame:
    """One row per region with a drawable anchor: id, lat, lon, has_polygon.

    The anchor is the region's label point (`geo.region_anchor`), else its sourced capital;
    computed for every shape at once.
    """
    shapes = catalog.region_shapes
    first = shapes.drop_duplicates("region_id")
    drawn = first[first.geometry.notna() & ~first.geometry.is_empty]
    anchors = label_points(drawn.geometry)
    shape_anchor = pd.DataFrame(
        {"lat": anchors.y.to_numpy(), "lon": anchors.x.to_numpy()}, index=drawn["region_id"]
    )
    regions = catalog.regions.set_index("id")
    capital = regions[["capital_lat", "capital_lon"]].astype(float)
    capital = capital[capital.notna().all(axis=1)].set_axis(["lat", "lon"], axis=1)
    ids = regions.index
    lat = ids.map(shape_anchor["lat"]).to_series(index=ids)
    lon = ids.map(shape_anchor["lon"]).to_series(index=ids)
    from_shape = ids.isin(shape_anchor.index)
    lat = lat.where(from_shape, ids.map(capital["lat"]).to_series(index=ids))
    lon = lon.where(from_shape, ids.map(capital["lon"]).to_series(index=ids))
    polygon_ids = set(shapes.loc[shapes.geometry.notna(), "region_id"])
    points = pd.DataFrame(
        {
            "region_id": ids.to_numpy(dtype=object),
            "lat": lat.to_numpy(dtype=float),
            "lon": lon.to_numpy(dtype=float),
            "has_polygon": [r in polygon_ids for r in ids],
        }
    )
    return points[points["lat"].notna() & points["lon"].notna()].reset_index(drop=True)


@memo.per_catalog
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
    own = _own_or_campus(institutions, catalog.campuses)
    found = own.copy()
    # Walk up the parents, one level for every institution at once (a cycle stops the walk).
    ancestor = institutions["parent_id"].where(institutions["parent_id"].isin(institutions.index))
    for _ in range(len(institutions)):
        waiting = found["lat"].isna() & ancestor.notna()
        if not waiting.any():
            break
        theirs = own.reindex(ancestor[waiting])
        theirs.index = ancestor.index[waiting]
        hit = theirs["lat"].notna()
        found.loc[hit[hit].index, ["lat", "lon"]] = theirs.loc[hit, ["lat", "lon"]]
        found.loc[hit[hit].index, "position"] = "parent"
        above = pd.Series(institutions["parent_id"].reindex(ancestor).to_numpy(), ancestor.index)
        ancestor = ancestor.where(~waiting | hit, above)
        ancestor = ancestor.where(ancestor.isin(institutions.index))
    regions = region_points(catalog).set_index("region_id")
    at_region = found["lat"].isna() & institutions["region_id"].isin(regions.index)
    region_of = institutions.loc[at_region, "region_id"]
    found.loc[at_region, "lat"] = region_of.map(regions["lat"]).astype(float)
    found.loc[at_region, "lon"] = region_of.map(regions["lon"]).astype(float)
    found.loc[at_region, "position"] = "region"
    found = found[found["lat"].notna()]
    # What the point locates: the data's location_precision for an own coordinate, else the
    # place it was borrowed from.
    stated = institutions["location_precision"].reindex(found.index)
    own_site = (found["position"] == "site") & stated.notna()
    precision = found["position"].where(~own_site, stated)
    return pd.DataFrame(
        {
            "institution_id": found.index.to_numpy(dtype=object),
            "lat": found["lat"].to_numpy(dtype=float),
            "lon": found["lon"].to_numpy(dtype=float),
            "position": found["position"].to_numpy(dtype=object),
            "precision": precision.to_numpy(dtype=object),
        },
        columns=["institution_id", "lat", "lon", "position", "precision"],
    )


def _own_or_campus(institutions: pd.DataFrame, campuses: pd.DataFrame) -> pd.DataFrame:
    """Per institution id: its own sourced position ('site'), else its first located campus's
    ('campus'), else missing (lat, lon, position)."""
    located = institutions["lat"].notna() & institutions["lon"].notna()
    first_campus = (
        campuses.dropna(subset=["lat", "lon"]).groupby("institution_id")[["lat", "lon"]].first()
    )
    campus = first_campus.reindex(institutions.index)
    use_campus = ~located & campus["lat"].notna()
    found = pd.DataFrame(
        {
            "lat": institutions["lat"].astype(float).where(located),
            "lon": institutions["lon"].astype(float).where(located),
            "position": pd.Series(None, index=institutions.index, dtype=object),
        }
    )
    found.loc[located, "position"] = "site"
    found.loc[use_campus, ["lat", "lon"]] = campus.loc[use_campus, ["lat", "lon"]].astype(float)
    found.loc[use_campus, "position"] = "campus"
    return found
