"""Frames behind the map layers: what each point, arc and label shows (pure pandas)."""

from __future__ import annotations

import pandas as pd

from regiondash.data import Catalog
from regiondash.i18n import localized_label, t
from regiondash.institutions_view import institution_label
from regiondash.links import institution_links, partner_link_counts
from regiondash.places import institution_points, region_points
from regiondash.provenance import latest_headcounts

# Point precisions (places.institution_points) drawn as approximate: a commune's or a region's
# point is not where the institution is.
APPROXIMATE = frozenset({"commune", "region"})


def institution_students(catalog: Catalog) -> pd.Series:
    """Latest sourced students_total per institution id (missing where none is sourced)."""
    latest = latest_headcounts(catalog.headcounts, catalog.sources)
    totals = latest[latest["category"] == "students_total"].set_index("institution_id")
    return totals["count"]


def institution_sites(catalog: Catalog, lang: str) -> pd.DataFrame:
    """One row per drawn position: institutions sharing a position (members placed at their
    parent's site, several placed in one commune) are grouped into one point with their count,
    so nothing is stacked invisibly under another point. `approximate` marks a point that is
    not a site (a commune's or a region's point)."""
    points = institution_points(catalog)
    institutions = catalog.institutions.set_index("id")
    students = institution_students(catalog)
    points = points[points["institution_id"].isin(institutions.index)].copy()
    points["students"] = points["institution_id"].map(students)
    points["name"] = [
        institution_label(institutions.loc[i], lang) for i in points["institution_id"]
    ]
    rows = []
    for (lat, lon), group in points.groupby(["lat", "lon"], sort=False):
        group = group.sort_values("students", ascending=False, na_position="last")
        lead = group.iloc[0]
        rows.append(
            {
                "id": lead["institution_id"],
                "members": list(group["institution_id"]),
                "lat": lat,
                "lon": lon,
                "position": lead["position"],
                "count": len(group),
                "approximate": lead["precision"] in APPROXIMATE,
                "students": None if pd.isna(lead["students"]) else int(lead["students"]),
                "name": lead["name"],
                "tooltip": _site_tooltip(group, institutions, lang),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "id",
            "members",
            "lat",
            "lon",
            "position",
            "count",
            "approximate",
            "students",
            "name",
            "tooltip",
        ],
    )


def _site_tooltip(group: pd.DataFrame, institutions: pd.DataFrame, lang: str) -> str:
    lines = [t("map.tooltip.cluster", lang, count=len(group))] if len(group) > 1 else []
    for row in group.itertuples():
        institution = institutions.loc[row.institution_id]
        students = (
            t("map.tooltip.students", lang, count=f"{int(row.students):,}")
            if pd.notna(row.students)
            else t("map.tooltip.students_not_sourced", lang)
        )
        kind = t(f"institution_kind.{institution['kind']}", lang)
        city = "" if pd.isna(institution["city"]) else f", {institution['city']}"
        lines.append(f"{row.name}\n{kind}{city} · {students}")
        if row.precision != "site":  # says how far the point is from the institution itself
            lines.append(t(f"map.position.{row.precision}", lang))
    return "\n".join(lines)


def arc_pairs(catalog: Catalog, lang: str, colour_by: str = "kind") -> pd.DataFrame:
    """One arc per linked institution pair in different regions: both ends, how many
    agreements and projects link them, and the category that colours it (kind or theme)."""
    links = institution_links(catalog)
    links = links[links["cross_region"]]
    points = institution_points(catalog).set_index("institution_id")
    links = links[
        links["institution_a"].isin(points.index) & links["institution_b"].isin(points.index)
    ]
    if links.empty:
        return pd.DataFrame(
            columns=[
                "institution_a",
                "institution_b",
                "links",
                "category",
                "lat_a",
                "lon_a",
                "lat_b",
                "lon_b",
                "tooltip",
            ]
        )
    links = links.assign(theme=_first_theme(catalog, links))
    names = catalog.institutions.set_index("id")
    rows = []
    for (a, b), group in links.groupby(["institution_a", "institution_b"]):
        latest = group.sort_values("year", na_position="first").iloc[-1]
        category = latest["kind"] if colour_by == "kind" else latest["theme"]
        titles = [
            _link_title(catalog, via, via_id, lang)
            for via, via_id in zip(group["via"], group["via_id"], strict=True)
        ]
        rows.append(
            {
                "institution_a": a,
                "institution_b": b,
                "links": len(group),
                "category": category if isinstance(category, str) else "none",
                "lat_a": points.at[a, "lat"],
                "lon_a": points.at[a, "lon"],
                "lat_b": points.at[b, "lat"],
                "lon_b": points.at[b, "lon"],
                "tooltip": f"{localized_label(names.loc[a], 'name', lang)} ↔ "
                f"{localized_label(names.loc[b], 'name', lang)}\n" + "\n".join(titles),
            }
        )
    return _merge_shared_ends(pd.DataFrame(rows))


def _merge_shared_ends(arcs: pd.DataFrame) -> pd.DataFrame:
    """Arcs drawn between the same two points (members placed at their parent's site) become
    one arc whose tooltip lists every pair, so none hides under another."""
    ends = ["lat_a", "lon_a", "lat_b", "lon_b"]
    merged = []
    for _, group in arcs.groupby(ends, sort=False):
        group = group.sort_values("links", ascending=False)
        lead = group.iloc[0].to_dict()
        lead["links"] = int(group["links"].sum())
        lead["pairs"] = [
            f"{a}|{b}" for a, b in zip(group["institution_a"], group["institution_b"], strict=True)
        ]
        lead["tooltip"] = "\n".join(group["tooltip"])
        merged.append(lead)
    return pd.DataFrame(merged)


def _first_theme(catalog: Catalog, links: pd.DataFrame) -> pd.Series:
    """The first theme (by id) of each link's agreement or project, if any."""
    by_agreement = catalog.agreement_themes.groupby("agreement_id")["theme_id"].min()
    by_project = catalog.project_themes.groupby("project_id")["theme_id"].min()
    return pd.Series(
        [
            (by_agreement if via == "agreement" else by_project).get(via_id)
            for via, via_id in zip(links["via"], links["via_id"], strict=True)
        ],
        index=links.index,
    )


def _link_title(catalog: Catalog, via: str, via_id: str, lang: str) -> str:
    table = catalog.agreements if via == "agreement" else catalog.projects
    row = table.set_index("id").loc[via_id]
    return "• " + localized_label(row, "title", lang)


def region_frame(catalog: Catalog, lang: str) -> pd.DataFrame:
    """Regions with their anchor, link count, display name and tooltip."""
    points = region_points(catalog).set_index("region_id")
    counts = partner_link_counts(catalog)
    regions = catalog.regions.set_index("id")
    rows = []
    for region_id, region in regions.iterrows():
        links = int(counts.get(region_id, 0))
        role = t(f"map.role.{region['role']}", lang)
        name = localized_label(region, "name", lang)
        lat, lon = (
            (points.at[region_id, "lat"], points.at[region_id, "lon"])
            if region_id in points.index
            else (None, None)
        )
        tooltip = f"{name}\n{role}"
        if region["role"] == "partner":
            tooltip += "\n" + t("map.tooltip.links", lang, count=links)
        rows.append(
            {
                "region_id": region_id,
                "role": region["role"],
                "name": name,
                "links": links,
                "lat": lat,
                "lon": lon,
                "tooltip": tooltip,
                "has_polygon": bool(points.at[region_id, "has_polygon"])
                if region_id in points.index
                else False,
            }
        )
    return pd.DataFrame(rows)


def search_index(catalog: Catalog, lang: str) -> pd.DataFrame:
    """Every region, institution and campus with a position, findable by any of its names.

    Columns: key ("kind:id"), label (all names joined, so typing any language finds it),
    kind, lat, lon.
    """
    rows = []
    regions = region_frame(catalog, lang).set_index("region_id")
    for region_id, region in catalog.regions.set_index("id").iterrows():
        if region_id in regions.index and pd.notna(regions.at[region_id, "lat"]):
            rows.append(
                (
                    "region",
                    region_id,
                    region,
                    regions.at[region_id, "lat"],
                    regions.at[region_id, "lon"],
                )
            )
    points = institution_points(catalog).set_index("institution_id")
    for institution_id, institution in catalog.institutions.set_index("id").iterrows():
        if institution_id in points.index:
            rows.append(
                (
                    "institution",
                    institution_id,
                    institution,
                    points.at[institution_id, "lat"],
                    points.at[institution_id, "lon"],
                )
            )
    for campus_id, campus in catalog.campuses.set_index("id").iterrows():
        if pd.notna(campus["lat"]):
            rows.append(("campus", campus_id, campus, campus["lat"], campus["lon"]))
    records = [
        {
            "key": f"{kind}:{item_id}",
            "label": _all_names(row) + f" ({t('search.kind.' + kind, lang)})",
            "kind": kind,
            "lat": float(lat),
            "lon": float(lon),
        }
        for kind, item_id, row, lat, lon in rows
    ]
    return pd.DataFrame(records, columns=["key", "label", "kind", "lat", "lon"])


def _all_names(row: pd.Series) -> str:
    names = [row.get(f"name_{lang}") for lang in ("en", "fr", "zh")] + [row.get("short_name")]
    unique = dict.fromkeys(str(n) for n in names if isinstance(n, str) and n)
    return " · ".join(unique)
