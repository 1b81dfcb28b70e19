"""Display-ready tables: joined names, translated headers, source titles beside each row."""

from __future__ import annotations

import pandas as pd

from regiondash.data import Catalog
from regiondash.i18n import t

QUALIFIER_MARKS = {"at_least": "≥", "about": "≈", "at_most": "≤", "exact": ""}


def _source_titles(catalog: Catalog, source_ids: pd.Series) -> pd.Series:
    return source_ids.map(catalog.sources.set_index("id")["title"])


def _source_urls(catalog: Catalog, source_ids: pd.Series) -> pd.Series:
    return source_ids.map(catalog.sources.set_index("id")["url"])


def headcount_rows(catalog: Catalog, headcounts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Headcounts with institution name, category label, qualifier mark and source title."""
    names = catalog.institutions.set_index("id")["name_en"]
    marks = headcounts["qualifier"].map(QUALIFIER_MARKS).fillna("")
    return pd.DataFrame(
        {
            t("col.institution", lang): headcounts["institution_id"].map(names),
            t("col.category", lang): [t(f"category.{c}", lang) for c in headcounts["category"]],
            t("col.year", lang): headcounts["year"],
            t("col.count", lang): [
                f"{m}{int(c):,}" for m, c in zip(marks, headcounts["count"], strict=True)
            ],
            t("col.source", lang): _source_titles(catalog, headcounts["source_id"]),
        }
    )


def latest_agreements(catalog: Catalog, lang: str, limit: int = 8) -> pd.DataFrame:
    """Most recent agreements first: year, title, kind, source."""
    agreements = catalog.agreements.sort_values(["signed_year", "signed_on"], ascending=False)
    agreements = agreements.head(limit)
    return pd.DataFrame(
        {
            t("col.year", lang): agreements["signed_year"],
            t("col.agreement", lang): agreements["title_en"],
            t("col.kind", lang): [t(f"agreement_kind.{k}", lang) for k in agreements["kind"]],
            t("col.source", lang): _source_titles(catalog, agreements["source_id"]),
        }
    )


def themes_rows(catalog: Catalog, lang: str) -> pd.DataFrame:
    """Themes with their category label, in category order."""
    themes = catalog.themes.sort_values(["category", "id"])
    return pd.DataFrame(
        {
            t("col.theme", lang): themes["name_en"],
            t("col.category", lang): [t(f"theme_category.{c}", lang) for c in themes["category"]],
            t("col.source", lang): _source_titles(catalog, themes["source_id"]),
        }
    )


def project_rows(catalog: Catalog, lang: str) -> pd.DataFrame:
    """Projects with status, years, partner names and source title."""
    names = catalog.institutions.set_index("id")["short_name"].fillna(
        catalog.institutions.set_index("id")["name_en"]
    )
    partners = (
        catalog.project_partners.assign(name=lambda df: df["institution_id"].map(names))
        .groupby("project_id")["name"]
        .agg(lambda s: ", ".join(sorted(s.dropna())))
    )
    projects = catalog.projects
    return pd.DataFrame(
        {
            t("col.project", lang): projects["title_en"],
            t("col.kind", lang): [t(f"project_kind.{k}", lang) for k in projects["kind"]],
            t("col.status", lang): [t(f"status.{s}", lang) for s in projects["status"]],
            t("col.start", lang): projects["start_year"],
            t("col.end", lang): projects["end_year"],
            t("col.partners", lang): projects["id"].map(partners),
            t("col.source", lang): _source_titles(catalog, projects["source_id"]),
        }
    )


def sources_rows(catalog: Catalog) -> pd.DataFrame:
    """The sources table as shown on the Sources page."""
    return catalog.sources[["id", "title", "publisher", "published_text", "accessed_on", "url"]]
