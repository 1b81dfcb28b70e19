"""Frames behind the map layers: what each point, arc and label shows (pure pandas)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from regiondash import memo
from regiondash.data import Catalog
from regiondash.i18n import localized_label, t
from regiondash.institutions_view import institution_label
from regiondash.links import institution_links, partner_link_counts
from regiondash.places import institution_points, region_points
from regiondash.provenance import latest_headcounts
from regiondash.tables import localized_names

# Point precisions (places.institution_points) drawn as approximate: a commune's or a region's
# point is not where the institution is.
APPROXIMATE = frozenset({"commune", "region"})
# Past this many institution points the map groups those close together on screen (no one can
# see thousands of points at once, and each costs the page its data and tooltip).
MAX_SITE_POINTS = 2000
GROUP_CELL_PX = 24  # points in one square of this many screen pixels become one
GROUP_TOOLTIP_NAMES = 8  # names a group's tooltip lists


@memo.per_catalog
def institution_students(catalog: Catalog) -> pd.Series:
    """Latest sourced students_total per institution id (missing where none is sourced)."""
    latest = latest_headcounts(catalog.headcounts, catalog.sources)
    totals = latest[latest["category"] == "students_total"].set_index("institution_id")
    return totals["count"]


@memo.per_catalog(max_entries=8)
def names(catalog: Catalog, table: str, field: str, lang: str) -> pd.Series:
    """`localized_label` of every row of `table`, indexed by id (once per view and language)."""
    return localized_names(catalog.table(table), lang, field)


def joined(groups: pd.Series, values: pd.Series, separator: str | None = "\n") -> list:
    """Per group (in sorted group order): its values in their order, joined with `separator`
    (a list when None). `groupby().agg("\n".join)` calls Python per group through pandas,
    ~100x slower at 100k groups."""
    order = np.argsort(groups.to_numpy(), kind="stable")
    keys = groups.to_numpy()[order]
    items = values.astype(object).to_numpy()[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else []
    chunks = np.split(items, starts[1:]) if len(keys) else []
    if separator is None:
        return [list(chunk) for chunk in chunks]
    return [separator.join(chunk) for chunk in chunks]


@memo.per_catalog(max_entries=8)
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
    labels = {i: institution_label(institutions.loc[i], lang) for i in points["institution_id"]}
    points["name"] = points["institution_id"].map(labels)
    points["line"] = _site_lines(points, institutions, lang)
    # Each group's lead (most students) first; groups in order of first appearance.
    points["order"] = points.groupby(["lat", "lon"], sort=False).ngroup()
    points = points.sort_values(
        ["order", "students"], ascending=[True, False], na_position="last", kind="stable"
    )
    lead = points.drop_duplicates("order").set_index("order")
    counts = points.groupby("order").size().reindex(lead.index).to_numpy()
    tooltips = joined(points["order"], points["line"])
    sites = lead[["institution_id", "lat", "lon", "position", "name"]].assign(
        members=joined(points["order"], points["institution_id"], separator=None),
        count=counts,
        approximate=lead["precision"].isin(APPROXIMATE).to_numpy(),
        students=[None if pd.isna(n) else int(n) for n in lead["students"]],
        tooltip=[
            f"{t('map.tooltip.cluster', lang, count=n)}\n{tip}" if n > 1 else tip
            for n, tip in zip(counts, tooltips, strict=True)
        ],
    )
    sites = sites.rename(columns={"institution_id": "id"}).reset_index(drop=True)
    columns = ["id", "members", "lat", "lon", "position", "count", "approximate", "students"]
    return sites[[*columns, "name", "tooltip"]]


@memo.per_catalog(max_entries=8)
def grouped_sites(catalog: Catalog, lang: str, zoom: int) -> pd.DataFrame:
    """institution_sites with the points that share a GROUP_CELL_PX square at `zoom` drawn as
    one: at the position of its point with most students, holding all their institutions
    (`count`), `grouped` True, no id (a click on it selects nothing) and no student figure
    (counts of different institutions are not added). Its tooltip lists a few names."""
    sites = institution_sites(catalog, lang)
    cell = GROUP_CELL_PX * 360 / (512 * 2**zoom)  # degrees of longitude; latitude alike
    cells = pd.Series(
        list(zip(np.floor(sites["lon"] / cell), np.floor(sites["lat"] / cell), strict=True)),
        index=sites.index,
    )
    group = pd.Series(pd.factorize(cells)[0], index=sites.index)
    ranked = sites.assign(group=group, rank=sites["students"].fillna(-1)).sort_values(
        ["group", "rank"], ascending=[True, False], kind="stable"
    )
    lead = ranked.drop_duplicates("group").set_index("group").sort_index()
    counts = ranked.groupby("group")["count"].sum().reindex(lead.index).to_numpy()
    sizes = ranked.groupby("group").size().reindex(lead.index).to_numpy()
    names = joined(ranked["group"], ranked["name"], separator=None)
    members = joined(ranked["group"], ranked["members"], separator=None)
    grouped = sizes > 1
    lead = lead.assign(
        id=np.where(grouped, "", lead["id"]),
        members=[list(itertools.chain.from_iterable(parts)) for parts in members],
        count=counts,
        approximate=np.where(grouped, False, lead["approximate"]),
        students=[None if g else n for g, n in zip(grouped, lead["students"], strict=True)],
        tooltip=[
            _group_tooltip(site_names, total, lang) if g else tip
            for g, site_names, total, tip in zip(
                grouped, names, counts, lead["tooltip"], strict=True
            )
        ],
        grouped=grouped,
    )
    return lead.reset_index(drop=True)[[*sites.columns, "grouped"]]


def _group_tooltip(names: list[str], count: int, lang: str) -> str:
    lines = [t("map.tooltip.group", lang, count=count), *names[:GROUP_TOOLTIP_NAMES]]
    if len(names) > GROUP_TOOLTIP_NAMES:
        lines.append(t("map.tooltip.more", lang, count=len(names) - GROUP_TOOLTIP_NAMES))
    return "\n".join(lines)


def _site_lines(points: pd.DataFrame, institutions: pd.DataFrame, lang: str) -> list[str]:
    """One tooltip entry per institution: name, kind, city, latest student count and, unless
    the point is its site, what the point locates."""
    kinds = institutions["kind"].reindex(points["institution_id"])
    cities = institutions["city"].reindex(points["institution_id"])
    not_sourced = t("map.tooltip.students_not_sourced", lang)
    lines = []
    for name, kind, city, students, precision in zip(
        points["name"], kinds, cities, points["students"], points["precision"], strict=True
    ):
        count = (
            t("map.tooltip.students", lang, count=f"{int(students):,}")
            if pd.notna(students)
            else not_sourced
        )
        where = "" if pd.isna(city) else f", {city}"
        line = f"{name}\n{t(f'institution_kind.{kind}', lang)}{where} · {count}"
        if precision != "site":  # says how far the point is from the institution itself
            line += f"\n{t(f'map.position.{precision}', lang)}"
        lines.append(line)
    return lines


@memo.per_catalog(max_entries=8)
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
    links = links.assign(
        theme=_first_theme(catalog, links),
        title=_link_titles(catalog, links, lang),
    )
    pair = links.groupby(["institution_a", "institution_b"], sort=True).ngroup()
    # The latest link of each pair colours its arc (undated links count as earliest).
    arcs = links.groupby(["institution_a", "institution_b"], sort=True).size()
    arcs = arcs.rename("links").reset_index()
    latest = (
        links.sort_values("year", na_position="first", kind="stable")
        .drop_duplicates(["institution_a", "institution_b"], keep="last")
        .set_index(["institution_a", "institution_b"])
        .reindex(pd.MultiIndex.from_frame(arcs[["institution_a", "institution_b"]]))
    )
    category = latest["kind"] if colour_by == "kind" else latest["theme"]
    arcs["category"] = [c if isinstance(c, str) else "none" for c in category]
    for end in ("a", "b"):
        ids = arcs[f"institution_{end}"]
        arcs[f"lat_{end}"] = ids.map(points["lat"]).to_numpy(dtype=float)
        arcs[f"lon_{end}"] = ids.map(points["lon"]).to_numpy(dtype=float)
    labels = names(catalog, "institutions", "name", lang).to_dict()
    arcs["tooltip"] = [
        f"{labels[a]} ↔ {labels[b]}\n{titles}"
        for a, b, titles in zip(
            arcs["institution_a"],
            arcs["institution_b"],
            joined(pair, links["title"]),
            strict=True,
        )
    ]
    return _merge_shared_ends(arcs)


def _merge_shared_ends(arcs: pd.DataFrame) -> pd.DataFrame:
    """Arcs drawn between the same two points (members placed at their parent's site) become
    one arc whose tooltip lists every pair, so none hides under another."""
    ends = ["lat_a", "lon_a", "lat_b", "lon_b"]
    arcs = arcs.assign(
        end=arcs.groupby(ends, sort=False).ngroup(),
        pair=arcs["institution_a"] + "|" + arcs["institution_b"],
    ).sort_values(["end", "links"], ascending=[True, False], kind="stable")
    lead = arcs.drop_duplicates("end").set_index("end").sort_index()
    lead = lead.assign(
        links=arcs.groupby("end", sort=True)["links"].sum().astype(int),
        tooltip=joined(arcs["end"], arcs["tooltip"]),
        pairs=joined(arcs["end"], arcs["pair"], separator=None),
    )
    return lead.drop(columns="pair").reset_index(drop=True)


def _first_theme(catalog: Catalog, links: pd.DataFrame) -> pd.Series:
    """The first theme (by id) of each link's agreement or project, if any."""
    by_agreement = catalog.agreement_themes.groupby("agreement_id")["theme_id"].min()
    by_project = catalog.project_themes.groupby("project_id")["theme_id"].min()
    agreement = links["via"] == "agreement"
    themes = links["via_id"].map(by_agreement).where(agreement, links["via_id"].map(by_project))
    return themes.astype(object).where(themes.notna(), None)


def _link_titles(catalog: Catalog, links: pd.DataFrame, lang: str) -> list[str]:
    """ "• title" of each link's agreement or project (looked up once per table, not per link)."""
    titles = {
        "agreement": names(catalog, "agreements", "title", lang).to_dict(),
        "project": names(catalog, "projects", "title", lang).to_dict(),
    }
    return [
        "• " + titles[via].get(via_id, "")
        for via, via_id in zip(links["via"], links["via_id"], strict=True)
    ]


@memo.per_catalog(max_entries=8)
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


@memo.per_catalog(max_entries=8)
def search_index(catalog: Catalog, lang: str) -> pd.DataFrame:
    """Every region, institution and campus with a position, findable by any of its names.

    Columns: key ("kind:id"), label (all names joined, so typing any language finds it),
    kind, lat, lon.
    """
    regions = region_frame(catalog, lang)
    regions = regions[regions["lat"].notna()].set_index("region_id")
    points = institution_points(catalog).set_index("institution_id")
    campuses = catalog.campuses[catalog.campuses["lat"].notna()].set_index("id")
    parts = [
        ("region", catalog.regions.set_index("id"), regions),
        ("institution", catalog.institutions.set_index("id"), points),
        ("campus", campuses, campuses),
    ]
    records = []
    for kind, table, places in parts:
        rows = table[table.index.isin(places.index)]
        where = places.loc[rows.index, ["lat", "lon"]]
        suffix = f" ({t('search.kind.' + kind, lang)})"
        records += [
            {
                "key": f"{kind}:{item_id}",
                "label": _all_names(row) + suffix,
                "kind": kind,
                "lat": float(lat),
                "lon": float(lon),
            }
            for item_id, row, lat, lon in zip(
                rows.index, rows.to_dict("records"), where["lat"], where["lon"], strict=True
            )
        ]
    return pd.DataFrame(records, columns=["key", "label", "kind", "lat", "lon"])


MAX_SEARCH_OPTIONS = 1000  # a selectbox sends every option to the browser, on every page load


@memo.per_catalog(max_entries=8)
def search_labels(catalog: Catalog, lang: str) -> dict[str, str]:
    """Key -> label of `search_index` (once per view and language: the search box's names)."""
    index = search_index(catalog, lang)
    return dict(zip(index["key"], index["label"], strict=True))


def search_options(index: pd.DataFrame) -> list[str]:
    """The keys the search box lists: every place, or past MAX_SEARCH_OPTIONS the first ones
    (regions, then institutions, then campuses); the others are found by typing a name."""
    return list(index["key"].head(MAX_SEARCH_OPTIONS))


def find_place(index: pd.DataFrame, typed: str | None) -> str | None:
    """The key of what the search box returned: a listed key as is, else the first place one of
    whose names contains the typed text (any case), else None."""
    if not typed or not typed.strip():
        return None
    if typed in set(index["key"]):
        return typed
    found = index[index["label"].str.contains(typed.strip(), case=False, regex=False)]
    return None if found.empty else str(found["key"].iloc[0])


def _all_names(row) -> str:
    names = [row.get(f"name_{lang}") for lang in ("en", "fr", "zh")] + [row.get("short_name")]
    unique = dict.fromkeys(str(n) for n in names if isinstance(n, str) and n)
    return " · ".join(unique)
