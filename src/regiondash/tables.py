"""Display-ready tables: joined names, translated headers, source titles beside each row."""

from __future__ import annotations

import numpy as np
import pandas as pd

from regiondash import memo
from regiondash.charts import timeline_frame
from regiondash.counts import numbers, qualifier_text
from regiondash.data import Catalog
from regiondash.i18n import FALLBACK_MARKS, fallback_order, format_date, localized_label, t
from regiondash.text import is_missing, safe_url


def shown_or_not_sourced(values: pd.Series, lang: str) -> pd.Series:
    """Values as display text; a missing value says "not sourced" rather than blank or 0."""

    def show(value) -> str:
        if pd.isna(value):
            return t("value.not_sourced", lang)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return f"{value:,}" if isinstance(value, int) and value >= 10000 else str(value)

    return values.astype(object).map(show)


def localized_names(
    table: pd.DataFrame, lang: str, field: str = "name", marked: bool = True
) -> pd.Series:
    """Names (or titles) in `lang` by id, else in the first language of `fallback_order` that
    has one, with that language's visible mark (none when not `marked`: for an audience).

    `i18n.localized_label` for every row at once (whole columns, not a row object per id).
    """

    def texts(column: str) -> np.ndarray:
        if column not in table.columns:
            return np.full(len(table), "", dtype=object)
        values = table[column].astype(object).to_numpy()
        return np.array([v if isinstance(v, str) else "" for v in values], dtype=object)

    names = texts(f"{field}_{lang}")
    for language in fallback_order(lang)[1:]:  # a fallback is marked; no name at all stays ""
        other = texts(f"{field}_{language}")
        if marked:
            other = np.array([f"{o} {FALLBACK_MARKS[language]}" if o else o for o in other])
        names = np.where(names != "", names, other.astype(object))
    return pd.Series(names, index=table["id"].to_numpy(), dtype=object)


def short_names(institutions: pd.DataFrame, lang: str, marked: bool = True) -> pd.Series:
    """Each institution's short name by id, else its `localized_names` name: every institution
    gets one (a partner without a short or an English name once vanished from project lists)."""
    short = institutions["short_name"].astype(object).to_numpy()
    names = localized_names(institutions, lang, marked=marked)
    return names.where([not (isinstance(s, str) and s) for s in short], short)


def _source_titles(catalog: Catalog, source_ids: pd.Series) -> pd.Series:
    return source_ids.map(catalog.sources.set_index("id")["title"])


def _source_urls(catalog: Catalog, source_ids: pd.Series) -> pd.Series:
    return source_ids.map(catalog.sources.set_index("id")["url"])


def headcount_rows(catalog: Catalog, headcounts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Headcounts with institution name, category label, qualifier mark and source title."""
    names = localized_names(catalog.institutions, lang)
    return pd.DataFrame(
        {
            t("col.institution", lang): headcounts["institution_id"].map(names),
            t("col.category", lang): [t(f"category.{c}", lang) for c in headcounts["category"]],
            t("col.year", lang): pd.array(numbers(headcounts["year"]), dtype="Int64"),
            t("col.count", lang): pd.array(numbers(headcounts["count"]), dtype="Int64"),
            t("col.qualifier", lang): [
                qualifier_text(c, q, lang)
                for c, q in zip(headcounts["count"], headcounts["qualifier"], strict=True)
            ],
            t("col.source", lang): _source_titles(catalog, headcounts["source_id"]),
        }
    )


def themes_rows(catalog: Catalog, lang: str) -> pd.DataFrame:
    """Themes with their category label, in category order."""
    themes = catalog.themes.sort_values(["category", "id"])
    return pd.DataFrame(
        {
            t("col.theme", lang): localized_names(themes, lang).to_numpy(),
            t("col.category", lang): [t(f"theme_category.{c}", lang) for c in themes["category"]],
            t("col.source", lang): _source_titles(catalog, themes["source_id"]),
        }
    )


def project_rows(catalog: Catalog, lang: str) -> pd.DataFrame:
    """Projects with status, years, partner names and source title."""
    names = short_names(catalog.institutions, lang)
    partners = (
        catalog.project_partners.assign(name=lambda df: df["institution_id"].map(names))
        .groupby("project_id")["name"]
        .agg(lambda s: ", ".join(sorted(s.dropna())))
    )
    projects = catalog.projects
    return pd.DataFrame(
        {
            t("col.project", lang): localized_names(projects, lang, "title").to_numpy(),
            t("col.kind", lang): [t(f"project_kind.{k}", lang) for k in projects["kind"]],
            t("col.status", lang): [t(f"status.{s}", lang) for s in projects["status"]],
            t("col.start", lang): projects["start_year"],
            t("col.end", lang): projects["end_year"],
            t("col.partners", lang): projects["id"].map(partners),
            t("col.source", lang): _source_titles(catalog, projects["source_id"]),
        }
    )


SOURCE_COLUMNS = (
    ("title", "sources.col.title"),
    ("publisher", "sources.col.publisher"),
    ("authority", "sources.col.authority"),
    ("published", "sources.col.published"),
    ("accessed_on", "sources.col.accessed"),
    ("url", "sources.col.link"),
    ("note", "sources.col.note"),
    ("id", "sources.col.id"),
)


def _published(row, lang: str) -> str:
    """Publication date in the reader's format when a full date is printed, else as printed
    ("2017-10", "2019"), else ""."""
    if not is_missing(row["published_on"]):
        return format_date(row["published_on"], lang)
    return "" if is_missing(row["published_text"]) else str(row["published_text"])


@memo.per_catalog(max_entries=3)
def sources_rows(catalog: Catalog, lang: str) -> pd.DataFrame:
    """The sources table as shown on the Sources page: headers, dates and authority in `lang`,
    "" for anything missing, and an address only when it is an http(s) URL."""
    sources = catalog.sources
    columns = {
        "id": list(sources["id"]),
        "title": [_text(v) for v in sources["title"]],
        "publisher": [_text(v) for v in sources["publisher"]],
        "published": [_published(row, lang) for _, row in sources.iterrows()],
        "accessed_on": [format_date(v, lang) for v in sources["accessed_on"]],
        "authority": [
            "" if is_missing(v) else t(f"authority.{v}", lang) for v in sources["authority"]
        ],
        "url": [safe_url(v) for v in sources["url"]],
        "note": [_text(v) for v in sources["note"]],
    }
    return pd.DataFrame({t(key, lang): columns[field] for field, key in SOURCE_COLUMNS})


def _text(value) -> str:
    return "" if is_missing(value) else str(value)


def _alternatives(catalog: Catalog, table: str, field: str, row_ids: pd.Series) -> pd.Series:
    """Per row, the other sourced values of a field ("1892 (wp-ens)"), or empty."""
    claims = catalog.claims[(catalog.claims["table"] == table) & (catalog.claims["field"] == field)]
    claims = claims[claims["row_id"].isin(set(row_ids))]  # one institution's facts: its claims
    if claims.empty:  # groupby().apply of no group gives a frame, not a series
        return pd.Series("", index=row_ids.index, dtype=object)
    titles = catalog.sources.set_index("id")["title"]

    def describe(claim) -> str:
        year = "" if pd.isna(claim["as_of_year"]) else f", {int(claim['as_of_year'])}"
        return f"{claim['value']} ({titles.get(claim['source_id'], claim['source_id'])}{year})"

    listed = claims.groupby("row_id").apply(
        lambda group: "; ".join(describe(c) for _, c in group.iterrows()), include_groups=False
    )
    return row_ids.map(listed).fillna("")


@memo.per_catalog(max_entries=16)
def region_rows(catalog: Catalog, lang: str) -> pd.DataFrame:
    """Regions with population (latest sourced, with its year), area, and other sourced values."""
    regions = catalog.regions
    return pd.DataFrame(
        {
            t("col.region", lang): localized_names(regions, lang).to_numpy(),
            t("col.role", lang): [t(f"map.role.{r}", lang) for r in regions["role"]],
            t("col.capital", lang): shown_or_not_sourced(regions["capital"], lang),
            t("col.population", lang): pd.array(numbers(regions["population"]), dtype="Int64"),
            t("col.population_year", lang): pd.array(
                numbers(regions["population_year"]), dtype="Int64"
            ),
            t("col.population_source", lang): _source_titles(
                catalog, regions["population_source_id"]
            ),
            t("col.other_values", lang): _alternatives(
                catalog, "regions", "population", regions["id"]
            ),
            t("col.area", lang): pd.to_numeric(regions["area_km2"]).astype("Float64").to_numpy(),
        }
    )


@memo.per_catalog(max_entries=16)
def institution_facts(catalog: Catalog, institution_id: str, lang: str) -> pd.DataFrame:
    """Key facts of one institution, each with its source and any disagreeing value."""
    row = catalog.institutions.set_index("id").loc[institution_id]
    ids = pd.Series([institution_id])
    facts = [
        ("col.kind", t(f"institution_kind.{row['kind']}", lang), row["source_id"], ""),
        ("col.city", row["city"], row["source_id"], ""),
        (
            "col.founded",
            row["founded"],
            row["founded_source_id"],
            _alternatives(catalog, "institutions", "founded", ids).iloc[0],
        ),
        ("col.website", row["website"], row["source_id"], ""),
    ]
    titles = catalog.sources.set_index("id")["title"]
    return pd.DataFrame(
        {
            t("col.fact", lang): [t(key, lang) for key, *_ in facts],
            t("col.value", lang): [
                t("value.not_sourced", lang) if pd.isna(v) else str(v) for _, v, *_ in facts
            ],
            t("col.source", lang): ["" if pd.isna(s) else titles.get(s, s) for _, _, s, _ in facts],
            t("col.other_values", lang): [other for *_, other in facts],
        }
    )


@memo.per_catalog(max_entries=16)
def latest_items(catalog: Catalog, lang: str, limit: int = 8) -> pd.DataFrame:
    """The most recent agreements, events and projects: date (or year), kind, title, source."""
    items = timeline_frame(catalog, lang).sort_values("when", ascending=False).head(limit)
    when = [
        w.strftime("%Y-%m-%d") if precise else str(w.year)
        for w, precise in zip(items["when"], items["precise"], strict=True)
    ]
    return pd.DataFrame(
        {
            t("col.date", lang): when,
            t("col.kind", lang): [t(f"kind.{k}", lang) for k in items["kind"]],
            t("col.title", lang): items["title"].to_numpy(),
            t("col.source", lang): _source_titles(catalog, items["source_id"]).to_numpy(),
        }
    )


@memo.per_catalog(max_entries=16)
def partner_map_rows(catalog: Catalog, lang: str) -> tuple[pd.DataFrame, list[str]]:
    """The Overview map as a table: each partner region with its agreements, projects and
    their sum (the map's shading), most linked first; and the sources of those records."""
    from regiondash.links import partner_link_table

    counts = partner_link_table(catalog).sort_values(["links", "agreements"], ascending=False)
    regions = catalog.regions.set_index("id")
    rows = pd.DataFrame(
        {
            t("col.region", lang): [
                localized_label(regions.loc[r], "name", lang) for r in counts.index
            ],
            t("col.agreements", lang): counts["agreements"].to_numpy(),
            t("col.projects", lang): counts["projects"].to_numpy(),
            t("col.links", lang): counts["links"].to_numpy(),
        }
    )
    sources = [*catalog.agreements["source_id"], *catalog.projects["source_id"]]
    return rows, list(dict.fromkeys(s for s in sources if not is_missing(s)))


@memo.per_catalog(max_entries=4)
def latest_source_ids(catalog: Catalog, limit: int = 8) -> list[str]:
    """Sources of the rows `latest_items` shows (for its downloads)."""
    items = timeline_frame(catalog).sort_values("when", ascending=False).head(limit)
    return list(dict.fromkeys(s for s in items["source_id"] if not is_missing(s)))
