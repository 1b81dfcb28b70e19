"""Compare: Île-de-France beside one partner region (pure builders; no streamlit here).

A side is a region and the institutions located in it (institutions.region_id). An agreement
or project reaches a side when the region itself or one of its institutions takes part.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from regiondash import charts, memo
from regiondash.counts import numbers, qualifier_text
from regiondash.data import Catalog
from regiondash.i18n import localized_label, t
from regiondash.institutions_view import (
    Shown,
    count_text,
    ids_of,
    institution_names,
    region_label,
    source_title,
)
from regiondash.links import institution_links
from regiondash.metrics import students_behind_total
from regiondash.partnership import home_region as home_region  # the Compare page asks it here
from regiondash.partnership import (
    partner_regions,
    region_agreements,
    region_institutions,
    region_projects,
)
from regiondash.provenance import latest_headcounts
from regiondash.text import is_missing, plain

DEFAULT_PARTNER = "CN-ZJ"
KIND_PALETTE = ("#1f4e79", "#d67c26", "#4a8c5c", "#8e5ba8", "#c0392b", "#6d8299", "#b8860b")
LEVEL_PATTERNS = {"region": "", "institution": "/"}


def partner_choices(catalog: Catalog) -> list[str]:
    """Partner regions of the view, in the catalog's order."""
    return partner_regions(catalog)


def default_partner(choices: list[str]) -> str | None:
    """Zhejiang when it is in the view, else the first partner."""
    return DEFAULT_PARTNER if DEFAULT_PARTNER in choices else (choices[0] if choices else None)


def _side_of(catalog: Catalog) -> dict[str, str]:
    """Party or partner id -> region id (a region is its own side)."""
    located = catalog.institutions.dropna(subset=["region_id"])
    sides = dict(zip(located["id"], located["region_id"], strict=True))
    sides.update({r: r for r in catalog.regions["id"]})
    return sides


@memo.per_catalog(max_entries=8)
def _titles(catalog: Catalog, lang: str) -> dict[tuple[str, str], str]:
    """(via, id) -> agreement or project title in `lang`."""
    titles = {}
    for via, table in (("agreement", catalog.agreements), ("project", catalog.projects)):
        for _, row in table.iterrows():
            titles[(via, row["id"])] = localized_label(row, "title", lang)
    return titles


# --- institutions and students -----------------------------------------------------------------


@memo.per_catalog(max_entries=16)  # a rerun of Compare shows the same tables again
def institutions_rows(catalog: Catalog, region_id: str, lang: str) -> Shown:
    """A region's institutions: kind, parent, latest student total (year, source) or not sourced."""
    ids = region_institutions(catalog, region_id)
    institutions = catalog.institutions.set_index("id")
    names = institution_names(catalog, lang)
    totals = catalog.headcounts[catalog.headcounts["category"] == "students_total"]
    latest = latest_headcounts(totals, catalog.sources).set_index("institution_id")
    rows, sources = [], []
    for institution_id in ids:
        row = institutions.loc[institution_id]
        value = latest.loc[institution_id] if institution_id in latest.index else None
        parent = row["parent_id"]
        rows.append(
            {
                t("col.institution", lang): names[institution_id],
                t("col.kind", lang): t(f"institution_kind.{row['kind']}", lang),
                t("institutions.member_of", lang): t("institutions.no_parent", lang)
                if is_missing(parent)
                else names.get(parent, parent),
                t("category.students_total", lang): None if value is None else int(value["count"]),
                t("col.qualifier", lang): qualifier_text(
                    None if value is None else value["count"],
                    None if value is None else value["qualifier"],
                    lang,
                ),
                t("col.year", lang): None if value is None else int(value["year"]),
                t("col.source", lang): ""
                if value is None
                else source_title(catalog, value["source_id"]),
            }
        )
        sources += [row["source_id"], None if value is None else value["source_id"]]
    frame = pd.DataFrame(rows).astype(
        {t("category.students_total", lang): "Int64", t("col.year", lang): "Int64"}
    )
    return Shown(frame, ids_of(pd.Series(sources, dtype=object)))


@memo.per_catalog(max_entries=16)
def region_students(catalog: Catalog, region_id: str) -> pd.DataFrame:
    """Latest students_total of the region's top-level, still-open institutions (as in the
    headline figure: members would count twice)."""
    return students_behind_total(catalog, region_institutions(catalog, region_id))


def _years_text(parts: pd.DataFrame) -> str:
    first, last = int(parts["year"].min()), int(parts["year"].max())
    return str(first) if first == last else f"{first}–{last}"


def unlike_students_note(home: pd.DataFrame, partner: pd.DataFrame, lang: str) -> str | None:
    """A warning when the two sides' student counts are not alike: other years, or counts of
    a different number of institutions; None when they are alike or a side has none."""
    if home.empty or partner.empty:
        return None
    if _years_text(home) == _years_text(partner) and len(home) == len(partner):
        return None
    return t(
        "compare.students_unlike",
        lang,
        home_years=_years_text(home),
        partner_years=_years_text(partner),
        home_count=len(home),
        partner_count=len(partner),
    )


@memo.per_catalog(max_entries=16)
def students_detail(catalog: Catalog, region_id: str, lang: str) -> str:
    """ "Paris-Saclay University ≥48,000 (2021)" for each institution in the region's sum
    (`region_students`); once per view, region and language."""
    names = institution_names(catalog, lang)
    rows = region_students(catalog, region_id)
    return "; ".join(
        f"{names.get(i, i)} {count_text(count, qualifier, lang)} ({int(year)})"
        for i, count, qualifier, year in zip(
            rows["institution_id"], rows["count"], rows["qualifier"], rows["year"], strict=True
        )
    )


# --- themes ------------------------------------------------------------------------------------


def themes_reached(catalog: Catalog, region_id: str) -> pd.DataFrame:
    """Themes a side reaches: theme_id, via ('agreement'/'project'), via_id, source_id."""
    agreements = set(region_agreements(catalog, region_id)["id"])
    projects = set(region_projects(catalog, region_id)["id"])
    by_agreement = catalog.agreement_themes[
        catalog.agreement_themes["agreement_id"].isin(agreements)
    ].rename(columns={"agreement_id": "via_id"})
    by_project = catalog.project_themes[catalog.project_themes["project_id"].isin(projects)].rename(
        columns={"project_id": "via_id"}
    )
    columns = ["theme_id", "via", "via_id", "source_id"]
    return pd.concat(
        [by_agreement.assign(via="agreement")[columns], by_project.assign(via="project")[columns]],
        ignore_index=True,
    )


def common_themes(catalog: Catalog, home: str, partner: str) -> list[str]:
    """Themes both sides reach (theme table order)."""
    both = set(themes_reached(catalog, home)["theme_id"]) & set(
        themes_reached(catalog, partner)["theme_id"]
    )
    return [theme for theme in catalog.themes["id"] if theme in both]


@memo.per_catalog(max_entries=16)
def themes_rows(catalog: Catalog, home: str, partner: str, lang: str) -> Shown:
    """Themes in common: the agreements and projects reaching them for both sides together, and
    those reaching them for one side only."""
    titles = _titles(catalog, lang)
    themes = catalog.themes.set_index("id")
    reached = {side: themes_reached(catalog, side) for side in (home, partner)}
    headers = {
        "both": t("compare.through_both", lang),
        home: t("compare.through_only", lang, region=region_label(catalog, home, lang)),
        partner: t("compare.through_only", lang, region=region_label(catalog, partner, lang)),
    }
    rows, sources = [], []
    for theme_id in common_themes(catalog, home, partner):
        links = {side: frame[frame["theme_id"] == theme_id] for side, frame in reached.items()}
        items = {side: list(zip(f["via"], f["via_id"], strict=True)) for side, f in links.items()}
        known = {side: set(found) for side, found in items.items()}  # membership, not a scan
        groups = {
            "both": [i for i in items[home] if i in known[partner]],
            home: [i for i in items[home] if i not in known[partner]],
            partner: [i for i in items[partner] if i not in known[home]],
        }
        row = {t("col.theme", lang): localized_label(themes.loc[theme_id], "name", lang)}
        for group, found in groups.items():
            shown = "; ".join(dict.fromkeys(titles.get(item, item[1]) for item in found))
            row[headers[group]] = shown or "—"
        theme_sources = ids_of(*(found["source_id"] for found in links.values()))
        row[t("col.source", lang)] = "; ".join(source_title(catalog, s) for s in theme_sources)
        sources += theme_sources
        rows.append(row)
    return Shown(pd.DataFrame(rows), tuple(dict.fromkeys(sources)))


# --- links between the two sides ---------------------------------------------------------------


@memo.per_catalog(max_entries=16)
def cross_links(catalog: Catalog, home: str, partner: str) -> pd.DataFrame:
    """Institution pairs with one end on each side, oriented home first.

    Columns: home_institution, partner_institution, via, via_id, kind, year, source_id.
    """
    links = institution_links(catalog)
    forward = (links["region_a"] == home) & (links["region_b"] == partner)
    backward = (links["region_a"] == partner) & (links["region_b"] == home)
    oriented = pd.concat(
        [
            links[forward].rename(
                columns={
                    "institution_a": "home_institution",
                    "institution_b": "partner_institution",
                }
            ),
            links[backward].rename(
                columns={
                    "institution_b": "home_institution",
                    "institution_a": "partner_institution",
                }
            ),
        ],
        ignore_index=True,
    )
    columns = [
        "home_institution",
        "partner_institution",
        "via",
        "via_id",
        "kind",
        "year",
        "source_id",
    ]
    return (
        oriented[columns].sort_values(["year", "via_id"], na_position="last").reset_index(drop=True)
    )


def links_rows(catalog: Catalog, links: pd.DataFrame, home: str, partner: str, lang: str) -> Shown:
    """The cross links as a table: both institutions, agreement or project, kind, year, source."""
    names = institution_names(catalog, lang)
    titles = _titles(catalog, lang)
    rows = pd.DataFrame(
        {
            region_label(catalog, home, lang): [names.get(i, i) for i in links["home_institution"]],
            region_label(catalog, partner, lang): [
                names.get(i, i) for i in links["partner_institution"]
            ],
            t("compare.type", lang): [t(f"compare.via.{v}", lang) for v in links["via"]],
            t("col.kind", lang): [
                t(f"{v}_kind.{k}", lang) for v, k in zip(links["via"], links["kind"], strict=True)
            ],
            t("col.year", lang): pd.array(numbers(links["year"]), dtype="Int64"),
            t("col.title", lang): [
                titles.get((v, i), i) for v, i in zip(links["via"], links["via_id"], strict=True)
            ],
            t("col.source", lang): [source_title(catalog, s) for s in links["source_id"]],
        }
    )
    return Shown(rows, ids_of(links["source_id"]))


@memo.per_catalog(max_entries=16)
def pair_links_rows(catalog: Catalog, home: str, partner: str, lang: str) -> Shown:
    """`links_rows` of the pair's `cross_links`."""
    return links_rows(catalog, cross_links(catalog, home, partner), home, partner, lang)


# --- agreements over time ----------------------------------------------------------------------


@memo.per_catalog(max_entries=16)
def pair_agreements(catalog: Catalog, home: str, partner: str, lang: str = "en") -> pd.DataFrame:
    """Agreements with a party on each side: agreement_id, title, kind, year, level, source_id.

    level is "region" when both regions sign themselves, else "institution".
    """
    sides = _side_of(catalog)
    parties = catalog.agreement_parties.assign(side=lambda df: df["party_id"].map(sides))
    agreements = catalog.agreements.set_index("id")
    rows = []
    for agreement_id, group in parties.groupby("agreement_id", sort=False):
        if not {home, partner} <= set(group["side"].dropna()):
            continue
        region_parties = set(group.loc[group["party_kind"] == "region", "party_id"])
        agreement = agreements.loc[agreement_id]
        rows.append(
            {
                "agreement_id": agreement_id,
                "title": localized_label(agreement, "title", lang),
                "kind": agreement["kind"],
                "year": agreement["signed_year"],
                "level": "region" if {home, partner} <= region_parties else "institution",
                "source_id": agreement["source_id"],
            }
        )
    columns = ["agreement_id", "title", "kind", "year", "level", "source_id"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["year", "agreement_id"], na_position="last").reset_index(drop=True)


def agreements_rows(catalog: Catalog, agreements: pd.DataFrame, lang: str) -> Shown:
    """The pair's agreements as a table."""
    rows = pd.DataFrame(
        {
            t("col.year", lang): pd.array(numbers(agreements["year"]), dtype="Int64"),
            t("col.agreement", lang): list(agreements["title"]),
            t("col.kind", lang): [t(f"agreement_kind.{k}", lang) for k in agreements["kind"]],
            t("compare.level", lang): [t(f"compare.level.{v}", lang) for v in agreements["level"]],
            t("col.source", lang): [source_title(catalog, s) for s in agreements["source_id"]],
        }
    )
    return Shown(rows, ids_of(agreements["source_id"]))


@memo.per_catalog(max_entries=16)
def pair_agreements_rows(catalog: Catalog, home: str, partner: str, lang: str) -> Shown:
    """`agreements_rows` of the pair's agreements."""
    return agreements_rows(catalog, pair_agreements(catalog, home, partner, lang), lang)


@memo.per_catalog(max_entries=16)
def pair_agreements_figure(
    catalog: Catalog, home: str, partner: str, title: str, lang: str
) -> go.Figure:
    """The pair's agreements per year, with the sources and as-of footnote."""
    agreements = pair_agreements(catalog, home, partner, lang)
    footnote = charts.footnote_text(catalog, agreements["source_id"], lang)
    return charts.with_footnote(agreements_figure(agreements, title, lang), footnote)


def year_range(years: list[int], minimum: int = 10) -> tuple[float, float]:
    """An x range around the years, at least `minimum` years wide (one bar is not a wall)."""
    low, high = min(years), max(years)
    spare = max(0, minimum - (high - low)) / 2
    return low - 0.5 - spare, high + 0.5 + spare


def agreements_figure(agreements: pd.DataFrame, title: str, lang: str) -> go.Figure:
    """Agreements per signing year, stacked; colour = kind, hatching = between institutions."""
    dated = agreements.dropna(subset=["year"])
    kinds = sorted(dated["kind"].unique())
    colours = {k: KIND_PALETTE[i % len(KIND_PALETTE)] for i, k in enumerate(kinds)}
    fig = go.Figure()
    for (kind, level), group in dated.groupby(["kind", "level"], sort=True):
        per_year = group.groupby("year")["title"].agg(list)
        fig.add_trace(
            go.Bar(
                x=[int(y) for y in per_year.index],
                y=[len(v) for v in per_year],
                name=f"{t(f'agreement_kind.{kind}', lang)} · {t(f'compare.level.{level}', lang)}",
                marker={
                    "color": colours[kind],
                    "pattern": {
                        "shape": LEVEL_PATTERNS[level],
                        "fillmode": "overlay",
                        "fgcolor": "#ffffff",
                        "fgopacity": 0.6,
                    },
                },
                hovertext=["<br>".join(plain(title) for title in v) for v in per_year],
                hovertemplate="%{x}: %{y}<br>%{hovertext}<extra>%{fullData.name}</extra>",
            )
        )
    years = [int(y) for y in dated["year"]]
    low, high = year_range(years) if years else (0, 1)
    fig.update_layout(
        title=plain(title),
        barmode="stack",
        height=380,
        margin={"t": 60},
        xaxis={
            "range": [low, high],
            "tickformat": "d",
            "dtick": 1 if high - low <= 16 else None,
        },
        yaxis={"title": t("kind.agreement", lang), "dtick": 1, "rangemode": "tozero"},
        legend={"yanchor": "top", "y": 1, "x": 1.02},
    )
    return fig
