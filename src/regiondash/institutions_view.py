"""Institutions & students: headcount breakdown across institutions, membership tree and a
side-by-side comparison (pure: frames in, frames and figures out; no streamlit here)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from regiondash import charts, memo
from regiondash.charts import HEADCOUNT_ORDER
from regiondash.counts import actual_counts, count_text, numbers, qualifier_text
from regiondash.data import Catalog
from regiondash.i18n import DEFAULT_LANGUAGE, localized, localized_label, t
from regiondash.provenance import latest_headcounts
from regiondash.tables import headcount_rows
from regiondash.text import is_missing, plain

CATEGORIES = tuple(HEADCOUNT_ORDER)
BREAKDOWN = CATEGORIES[1:]
BREAKDOWN_COLOURS = ("#1f4e79", "#4f8fc0", "#9cc3e4", "#d67c26", "#4a8c5c")
MISSING_COLOUR = "#9a9a9a"
KIND_COLOURS = {
    "university": "#9cc3e4",
    "grande_ecole": "#b9dcb0",
    "laboratory": "#f3c99b",
    "research_organisation": "#d9c6e8",
    "company": "#f2b8b5",
    "other": "#dddddd",
}
REGION_COLOUR = "#f3f1ec"


@dataclass(frozen=True)
class Shown:
    """A display-ready table and the sources its rows cite (for the download header)."""

    rows: pd.DataFrame
    source_ids: tuple[str, ...]


def ids_of(*columns: pd.Series) -> tuple[str, ...]:
    """Distinct non-empty source ids, in order of appearance."""
    return tuple(dict.fromkeys(str(v) for c in columns for v in c if not is_missing(v) and v))


def institution_label(row: pd.Series, lang: str) -> str:
    """Name in `lang`; else in English; else the printed short name (an acronym reads the same
    in every language); else in another language; else the id. A name in another language
    than `lang` carries that language's mark."""
    name, language = localized(row, "name", lang)
    short = row.get("short_name")
    if (not name or language not in (None, DEFAULT_LANGUAGE)) and not is_missing(short) and short:
        return str(short)
    return localized_label(row, "name", lang) or str(row.name)


@memo.per_catalog(max_entries=16)
def institution_names(catalog: Catalog, lang: str) -> dict[str, str]:
    """Institution id -> display name in `lang`."""
    return {
        i: institution_label(r, lang) for i, r in catalog.institutions.set_index("id").iterrows()
    }


@memo.per_catalog(max_entries=16)
def institutions_by_name(catalog: Catalog, lang: str) -> list[str]:
    """Institution ids in the order of their names in `lang` (the pickers' options; once per
    view and language: read it, never change it)."""
    names = institution_names(catalog, lang)
    return sorted(names, key=names.get)


@memo.per_catalog(max_entries=16)
def region_names(catalog: Catalog, lang: str) -> dict[str, str]:
    """Region id -> display name in `lang`."""
    return {
        r: localized_label(row, "name", lang)
        for r, row in catalog.regions.set_index("id").iterrows()
    }


def region_label(catalog: Catalog, region_id: str, lang: str) -> str:
    """A region's display name in `lang` (its code when it is not in the catalog)."""
    return region_names(catalog, lang).get(region_id, region_id)


@memo.per_catalog
def _source_titles(catalog: Catalog) -> dict:
    return dict(zip(catalog.sources["id"], catalog.sources["title"], strict=True))


def source_title(catalog: Catalog, source_id) -> str:
    return "" if is_missing(source_id) else str(_source_titles(catalog).get(source_id, source_id))


@memo.per_catalog(max_entries=16)
def counted_institutions(catalog: Catalog) -> list[str]:
    """Institutions (catalog order) with at least one sourced headcount."""
    counted = set(catalog.headcounts["institution_id"])
    return [i for i in catalog.institutions["id"] if i in counted]


def coverage(catalog: Catalog) -> pd.DataFrame:
    """Per category: how many institutions of the view have a sourced count (any year; a
    target is not a count)."""
    total = len(catalog.institutions)
    counts = actual_counts(catalog.headcounts)
    rows = [
        {
            "category": category,
            "sourced": counts.loc[counts["category"] == category, "institution_id"].nunique(),
            "total": total,
        }
        for category in CATEGORIES
    ]
    return pd.DataFrame(rows)


@memo.per_catalog(max_entries=16)
def coverage_text(catalog: Catalog, lang: str) -> str:
    """ "Student totals are sourced for 5 of 22 institutions …" with the breakdown categories."""
    table = coverage(catalog).set_index("category")
    levels = ", ".join(
        f"{t(f'category.{c}', lang)} {int(table.loc[c, 'sourced'])}" for c in BREAKDOWN
    )
    return t(
        "institutions.coverage",
        lang,
        sourced=int(table.loc["students_total", "sourced"]),
        total=len(catalog.institutions),
        levels=levels,
    )


# --- (a) breakdown across institutions --------------------------------------------------------


@memo.per_catalog(max_entries=16)
def breakdown_years(catalog: Catalog) -> list[int]:
    """Years with at least one sourced breakdown value, latest first."""
    rows = catalog.headcounts[catalog.headcounts["category"].isin(BREAKDOWN)]
    return sorted({int(y) for y in rows["year"].dropna()}, reverse=True)


@memo.per_catalog(max_entries=16)
def default_breakdown_year(catalog: Catalog) -> int | None:
    """The year with the most sourced (institution, category) values; the latest on a tie."""
    rows = catalog.headcounts[catalog.headcounts["category"].isin(BREAKDOWN)]
    if rows.empty:
        return None
    sizes = rows.drop_duplicates(["institution_id", "category", "year"]).groupby("year").size()
    best = sizes.max()
    return int(max(year for year, size in sizes.items() if size == best))


def breakdown(catalog: Catalog, year: int) -> pd.DataFrame:
    """One row per (counted institution, breakdown category): that year's latest-source value.

    Columns: institution_id, category, count (missing where no source gives it), qualifier,
    source_id, n_values (how many sourced values competed).
    """
    rows = catalog.headcounts[catalog.headcounts["category"].isin(BREAKDOWN)]
    latest = latest_headcounts(rows, catalog.sources, year=year)
    grid = pd.MultiIndex.from_product(
        [counted_institutions(catalog), BREAKDOWN], names=["institution_id", "category"]
    ).to_frame(index=False)
    columns = ["institution_id", "category", "count", "qualifier", "source_id", "n_values"]
    return grid.merge(latest[columns], how="left", on=["institution_id", "category"])


def _hover_value(row, catalog: Catalog, lang: str) -> str:
    text = count_text(row["count"], row["qualifier"], lang)
    if is_missing(row["count"]):
        return text
    source = source_title(catalog, row["source_id"])[:60]
    several = (
        " · " + t("institutions.latest_of", lang, count=int(row["n_values"]))
        if row["n_values"] > 1
        else ""
    )
    return f"{text} · {source}{several}"


@memo.per_catalog(max_entries=16)
def year_breakdown(catalog: Catalog, year: int, lang: str) -> tuple[go.Figure, Shown]:
    """The breakdown of `year` as a figure (sources and as-of inside) and its table, once per
    view, year and language."""
    table = breakdown(catalog, year)
    shown = breakdown_rows(catalog, table, lang)
    footnote = charts.footnote_text(catalog, shown.source_ids, lang)
    return charts.with_footnote(breakdown_figure(catalog, table, year, lang), footnote), shown


def breakdown_figure(catalog: Catalog, table: pd.DataFrame, year: int, lang: str) -> go.Figure:
    """Grouped horizontal bars: one group per institution, one bar per sourced category.

    A missing value draws no bar: a grey mark at zero lists the categories not sourced.
    `customdata` of every point is the institution id (a click selects that institution).
    """
    names = institution_names(catalog, lang)
    order = list(dict.fromkeys(table["institution_id"]))
    labels = {i: plain(names.get(i, i)) for i in order}
    fig = go.Figure()
    for category, colour in zip(BREAKDOWN, BREAKDOWN_COLOURS, strict=True):
        rows = table[table["category"] == category]
        counts = [None if is_missing(c) else float(c) for c in rows["count"]]
        fig.add_trace(
            go.Bar(
                y=[labels[i] for i in rows["institution_id"]],
                x=counts,
                orientation="h",
                name=t(f"category.{category}", lang),
                marker_color=colour,
                customdata=list(rows["institution_id"]),
                text=[
                    "" if is_missing(c) else count_text(c, q, lang)
                    for c, q in zip(rows["count"], rows["qualifier"], strict=True)
                ],
                textposition="outside",
                constraintext="none",
                textfont={"size": 11},
                cliponaxis=False,
                hovertext=[plain(_hover_value(r, catalog, lang)) for _, r in rows.iterrows()],
                hovertemplate="%{hovertext}<extra>%{fullData.name}</extra>",
            )
        )
    missing = table[table["count"].isna()].groupby("institution_id", sort=False)["category"]
    gaps = missing.agg(lambda c: ", ".join(t(f"category.{v}", lang) for v in c))
    none_sourced = missing.size() == len(BREAKDOWN)
    fig.add_trace(
        go.Scatter(
            y=[labels[i] for i in gaps.index],
            x=[0] * len(gaps),
            mode="markers+text",
            marker={"symbol": "line-ns-open", "size": 16, "color": MISSING_COLOUR},
            text=[t("value.not_sourced", lang) if none_sourced[i] else "" for i in gaps.index],
            textposition="middle right",
            textfont={"color": MISSING_COLOUR, "size": 12},
            name=t("value.not_sourced", lang),
            customdata=list(gaps.index),
            hovertext=[plain(g) for g in gaps],
            hovertemplate="%{hovertext}<extra>%{fullData.name}</extra>",
        )
    )
    largest = pd.to_numeric(table["count"], errors="coerce").max()
    # Room right of the longest bar for its label ("24,100" was cut to "24,10" at the edge).
    room = {"range": [0, float(largest) * 1.22]} if pd.notna(largest) and largest > 0 else {}
    fig.update_layout(
        title=t("institutions.breakdown_title", lang, year=year),
        barmode="group",
        bargap=0.25,
        xaxis={"rangemode": "tozero", "separatethousands": True, **room},
        yaxis={"categoryorder": "array", "categoryarray": [labels[i] for i in reversed(order)]},
        height=max(340, 140 + 80 * len(order)),
        legend={"yanchor": "top", "y": 1, "x": 1.02},
        hovermode="closest",
    )
    return fig


def breakdown_rows(catalog: Catalog, table: pd.DataFrame, lang: str) -> Shown:
    """The breakdown as a table: one row per (institution, category), the count as a number
    (empty where none is sourced) and its qualifier ("at least", "not sourced") beside it."""
    names = institution_names(catalog, lang)
    rows = pd.DataFrame(
        {
            t("col.institution", lang): [names.get(i, i) for i in table["institution_id"]],
            t("col.category", lang): [t(f"category.{c}", lang) for c in table["category"]],
            t("col.count", lang): pd.array(numbers(table["count"]), dtype="Int64"),
            t("col.qualifier", lang): [
                qualifier_text(c, q, lang)
                for c, q in zip(table["count"], table["qualifier"], strict=True)
            ],
            t("col.source", lang): [source_title(catalog, s) for s in table["source_id"]],
        }
    )
    return Shown(rows, ids_of(table["source_id"]))


def clicked_institution(event) -> str | None:
    """Institution id of the first clicked point of a plotly selection event, or None."""
    selection = (event or {}).get("selection") or {}
    for point in selection.get("points") or []:
        value = point.get("customdata")
        if isinstance(value, list | tuple):
            value = value[0] if value else None
        if isinstance(value, str) and value:
            return value
    return None


# --- (b) membership tree ----------------------------------------------------------------------

NO_REGION = "region:-"


@memo.per_catalog
def latest_students_totals(catalog: Catalog) -> pd.DataFrame:
    """Each institution's latest students total (`latest_headcounts`), indexed by institution:
    what the membership treemap's hover and its table show."""
    totals = catalog.headcounts[catalog.headcounts["category"] == "students_total"]
    return latest_headcounts(totals, catalog.sources).set_index("institution_id")


@memo.per_catalog(max_entries=16)
def membership_tree(catalog: Catalog, lang: str) -> pd.DataFrame:
    """Nodes of the membership tree: regions at the top, then institutions under their parent.

    Columns: node, parent ("" for a top node), label, value (1 per institution, 0 for a region
    node, so a box's size is the number of institutions it groups), colour (by kind),
    institution_id, hover.
    An institution whose parent is not in the view sits under its region.
    """
    institutions = catalog.institutions.set_index("id")
    names = institution_names(catalog, lang)
    latest = latest_students_totals(catalog)
    members = institutions["parent_id"].value_counts()
    rows, regions = [], []
    for institution_id, row in institutions.iterrows():
        region = NO_REGION if is_missing(row["region_id"]) else f"region:{row['region_id']}"
        parent = row["parent_id"]
        in_view = not is_missing(parent) and parent in institutions.index
        regions.append(region)
        students = (
            t("value.not_sourced", lang)
            if institution_id not in latest.index
            else t(
                "institutions.students_in",
                lang,
                count=count_text(
                    latest.loc[institution_id, "count"],
                    latest.loc[institution_id, "qualifier"],
                    lang,
                ),
                year=int(latest.loc[institution_id, "year"]),
            )
        )
        hover = [
            names[institution_id],
            t(f"institution_kind.{row['kind']}", lang),
            f"{t('category.students_total', lang)}: {students}",
        ]
        if int(members.get(institution_id, 0)):
            hover.append(t("institutions.members", lang, count=int(members[institution_id])))
        if not is_missing(row["closed"]):
            hover.append(t("institutions.closed", lang, year=int(row["closed"])))
        rows.append(
            {
                "node": f"inst:{institution_id}",
                "parent": f"inst:{parent}" if in_view else region,
                "label": names[institution_id],
                "value": 1,
                "colour": KIND_COLOURS.get(row["kind"], KIND_COLOURS["other"]),
                "institution_id": institution_id,
                "hover": "<br>".join(plain(h) for h in hover),
            }
        )
    for region in dict.fromkeys(regions):
        label = (
            t("institutions.no_region", lang)
            if region == NO_REGION
            else region_label(catalog, region.removeprefix("region:"), lang)
        )
        count = regions.count(region)
        rows.append(
            {
                "node": region,
                "parent": "",
                "label": label,
                "value": 0,
                "colour": REGION_COLOUR,
                "institution_id": "",
                "hover": plain(label) + "<br>" + t("institutions.tree_count", lang, count=count),
            }
        )
    return pd.DataFrame(rows)


MAX_TREE_CHILDREN = 30  # boxes a group shows; past them, the smallest are one "other" box
OTHERS_COLOUR = "#d9d9d9"


def capped_tree(tree: pd.DataFrame, lang: str, limit: int = MAX_TREE_CHILDREN) -> pd.DataFrame:
    """The tree with at most `limit` boxes under each parent (and at the top): the biggest
    (most institutions in them) kept, the rest one grey box "N other institutions" of value N,
    so every box still sizes to the institutions it holds. Thousands of boxes cannot be read,
    and each is sent to the browser."""
    parents = dict(zip(tree["node"], tree["parent"], strict=True))
    size = dict.fromkeys(tree["node"], 0)
    for node, value in zip(tree["node"], tree["value"], strict=True):
        while value and node:  # each institution counts in itself and every box above it
            size[node] += value
            node = parents.get(node, "")
    kept, others = set(), []
    for parent, children in tree.groupby("parent", sort=False)["node"]:
        ranked = sorted(children, key=lambda node: -size[node])
        if len(ranked) <= limit:
            kept.update(ranked)
            continue
        kept.update(ranked[: limit - 1])
        count = sum(size[node] for node in ranked[limit - 1 :])
        label = t("institutions.tree_others", lang, count=count)
        others.append(
            {"node": f"others:{parent}", "parent": parent, "label": label, "value": count,
             "colour": OTHERS_COLOUR, "institution_id": "", "hover": label}
        )  # fmt: skip
    # A node is shown when it and every box above it were kept.
    shown = [node for node in tree["node"] if _all_kept(node, parents, kept)]
    if not others:
        return tree
    cut = tree.set_index("node").loc[shown].reset_index()
    return pd.concat([cut, pd.DataFrame(others, columns=tree.columns)], ignore_index=True)


def _all_kept(node: str, parents: dict, kept: set) -> bool:
    while node:
        if node not in kept:
            return False
        node = parents.get(node, "")
    return True


def membership_figure(tree: pd.DataFrame) -> go.Figure:
    """The membership tree as a treemap (click a box to zoom into it)."""
    fig = go.Figure(
        go.Treemap(
            ids=tree["node"],
            parents=tree["parent"],
            labels=[plain(label) for label in tree["label"]],
            values=tree["value"],
            branchvalues="remainder",
            hovertext=tree["hover"],
            hovertemplate="%{hovertext}<extra></extra>",
            textinfo="label",
            marker={"colors": tree["colour"], "cornerradius": 3},
            textfont={"color": "#1b1b1b"},
            tiling={"pad": 2},
            pathbar={"visible": True},
        )
    )
    fig.update_layout(height=520, margin={"l": 0, "r": 0, "t": 30})
    return fig


@memo.per_catalog(max_entries=16)
def membership_rows(catalog: Catalog, lang: str) -> Shown:
    """The membership treemap as a table: each institution in view with its kind, the
    institution it is a member of, its region, and its latest students total (count, year,
    qualifier, source), with the sources of the institutions and of those totals."""
    institutions = catalog.institutions
    names = institution_names(catalog, lang)
    regions = region_names(catalog, lang)
    students = latest_students_totals(catalog).reindex(institutions["id"])
    rows = pd.DataFrame(
        {
            t("col.institution", lang): [names[i] for i in institutions["id"]],
            t("col.kind", lang): [t(f"institution_kind.{k}", lang) for k in institutions["kind"]],
            # A parent outside the view keeps its identifier: the row still says it has one.
            t("col.member_of", lang): [
                "" if is_missing(p) else names.get(p, str(p)) for p in institutions["parent_id"]
            ],
            t("col.region", lang): [
                "" if is_missing(r) else regions.get(r, str(r)) for r in institutions["region_id"]
            ],
            t("col.students_latest", lang): pd.array(numbers(students["count"]), dtype="Int64"),
            t("col.year", lang): pd.array(numbers(students["year"]), dtype="Int64"),
            t("col.qualifier", lang): [
                qualifier_text(c, q, lang)
                for c, q in zip(students["count"], students["qualifier"], strict=True)
            ],
            t("col.source", lang): [source_title(catalog, s) for s in students["source_id"]],
        }
    )
    return Shown(rows, ids_of(institutions["source_id"], students["source_id"]))


@memo.per_catalog(max_entries=16)
def membership_chart(catalog: Catalog, lang: str) -> go.Figure | None:
    """The membership treemap with its sources footnote (the institutions and the student
    totals it sizes boxes by), once per view and language; None when no institution is in view.
    Shared by every session: nothing may change it (frame.plotly_chart keeps its dict)."""
    tree = membership_tree(catalog, lang)
    if tree.empty:
        return None
    tree = capped_tree(tree, lang)
    totals = catalog.headcounts[catalog.headcounts["category"] == "students_total"]
    cited = [*catalog.institutions["source_id"], *totals["source_id"]]
    return charts.with_footnote(membership_figure(tree), charts.footnote_text(catalog, cited, lang))


# --- (b) one institution's headcounts ---------------------------------------------------------


def _headcounts_of(catalog: Catalog, institution_id: str) -> pd.DataFrame:
    return catalog.headcounts[catalog.headcounts["institution_id"] == institution_id]


@memo.per_catalog(max_entries=16)
def headcount_years(catalog: Catalog, institution_id: str) -> list[int]:
    """The years an institution has headcounts for, latest first."""
    return sorted(_headcounts_of(catalog, institution_id)["year"].unique(), reverse=True)


@memo.per_catalog(max_entries=32)
def headcount_chart(
    catalog: Catalog, institution_id: str, year: int, lang: str
) -> tuple[go.Figure, bool]:
    """An institution's students per category in `year` as bars with their sources, and
    whether some category had more than one sourced value (the latest source is shown)."""
    own = latest_headcounts(_headcounts_of(catalog, institution_id), catalog.sources, year=year)
    name = institution_names(catalog, lang)[institution_id]
    bars = charts.headcount_figure(own, name, year, lang).update_layout(xaxis_title=None)
    footnote = charts.footnote_text(catalog, own["source_id"], lang)  # where the axis title was
    return charts.with_footnote(bars, footnote), bool((own["n_values"] > 1).any())


@memo.per_catalog(max_entries=16)
def all_headcounts(catalog: Catalog, institution_id: str, lang: str) -> Shown:
    """Every sourced headcount of an institution, as shown, with the sources they cite."""
    every = _headcounts_of(catalog, institution_id)
    return Shown(headcount_rows(catalog, every, lang), ids_of(every["source_id"]))


# --- (c) two institutions side by side --------------------------------------------------------


def default_pair(options: list[str]) -> tuple[str | None, str | None]:
    """Université Paris-Saclay and Zhejiang University when in view, else the first two."""
    first = "paris-saclay" if "paris-saclay" in options else (options[0] if options else None)
    rest = [o for o in options if o != first]
    second = "zju" if "zju" in rest else (rest[0] if rest else None)
    return first, second


def _alternatives(catalog: Catalog, institution_id: str, field: str, lang: str) -> str:
    claims = catalog.claims
    rows = claims[
        (claims["table"] == "institutions")
        & (claims["row_id"] == institution_id)
        & (claims["field"] == field)
    ]
    if rows.empty:
        return t("institutions.no_other_value", lang)
    return "; ".join(
        f"{v} ({source_title(catalog, s)})"
        for v, s in zip(rows["value"], rows["source_id"], strict=True)
    )


def _facts_of(
    catalog: Catalog, institution_id: str, lang: str, with_closed: bool
) -> list[tuple[str, str, object]]:
    """(label, value text, source id) rows of one institution (same rows for every one)."""
    row = catalog.institutions.set_index("id").loc[institution_id]
    names = institution_names(catalog, lang)
    region = row["region_id"]
    parent = row["parent_id"]

    def shown(value) -> str:
        return t("value.not_sourced", lang) if is_missing(value) else str(value)

    facts = [
        (t("col.kind", lang), t(f"institution_kind.{row['kind']}", lang), row["source_id"]),
        (
            t("col.region", lang),
            t("value.not_sourced", lang)
            if is_missing(region)
            else region_label(catalog, region, lang),
            row["location_source_id"],
        ),
        (
            t("institutions.member_of", lang),
            t("institutions.no_parent", lang) if is_missing(parent) else names.get(parent, parent),
            row["source_id"],
        ),
        (t("col.city", lang), shown(row["city"]), row["location_source_id"]),
        (t("col.founded", lang), shown(row["founded"]), row["founded_source_id"]),
        (
            t("institutions.founded_other", lang),
            _alternatives(catalog, institution_id, "founded", lang),
            None,
        ),
    ]
    if with_closed:
        closed = row["closed"]
        facts.append(
            (
                t("institutions.closed_col", lang),
                t("institutions.not_closed", lang) if is_missing(closed) else str(int(closed)),
                None if is_missing(closed) else row["source_id"],
            )
        )
    own = catalog.headcounts[catalog.headcounts["institution_id"] == institution_id]
    latest = latest_headcounts(own, catalog.sources).set_index("category")
    for category in CATEGORIES:
        if category in latest.index:
            value = latest.loc[category]
            count = count_text(value["count"], value["qualifier"], lang)
            text = (
                t("institutions.students_in", lang, count=count, year=int(value["year"]))
                if value["n_values"] < 2
                else t(
                    "institutions.students_in_latest",
                    lang,
                    count=count,
                    year=int(value["year"]),
                    values=int(value["n_values"]),
                )
            )
            facts.append((t(f"category.{category}", lang), text, value["source_id"]))
        else:
            facts.append((t(f"category.{category}", lang), t("value.not_sourced", lang), None))
    return facts


@memo.per_catalog(max_entries=16)
def comparison_rows(catalog: Catalog, first: str, second: str, lang: str) -> Shown:
    """Two institutions' facts and latest students per category side by side, with sources."""
    names = institution_names(catalog, lang)
    closed = catalog.institutions.set_index("id").loc[[first, second], "closed"]
    with_closed = bool(closed.notna().any())
    left = _facts_of(catalog, first, lang, with_closed)
    right = _facts_of(catalog, second, lang, with_closed)
    a, b = names[first], names[second]
    if a == b:
        a, b = f"{a} ({first})", f"{b} ({second})"
    rows = pd.DataFrame(
        {
            t("col.fact", lang): [label for label, _, _ in left],
            a: [value for _, value, _ in left],
            t("institutions.source_of", lang, name=a): [source_title(catalog, s) for *_, s in left],
            b: [value for _, value, _ in right],
            t("institutions.source_of", lang, name=b): [
                source_title(catalog, s) for *_, s in right
            ],
        }
    )
    sources = pd.Series([s for *_, s in left + right], dtype=object)
    return Shown(rows, ids_of(sources))
