"""Where each figure comes from: source rows, latest values and disagreements."""

from __future__ import annotations

import pandas as pd

from regiondash import memo
from regiondash.data import Catalog


def unique_source_ids(source_ids) -> tuple[str, ...]:
    """The ids in the order given, without repeats or blanks. A column (Series or Index) is
    deduplicated at once first: a page's column of ids has a row per item (75k on the
    Timeline at 1000x, 35 ms a pass one by one)."""
    if isinstance(source_ids, pd.Series | pd.Index):
        source_ids = source_ids.dropna().unique()  # in order of appearance
    return tuple(dict.fromkeys(s for s in source_ids if isinstance(s, str) and s))


def source_rows(catalog: Catalog, source_ids) -> pd.DataFrame:
    """Sources rows for the given ids, in the order given, without repeats (shared: read-only)."""
    return _source_rows(catalog, unique_source_ids(source_ids))


@memo.per_catalog(max_entries=256)
def _source_rows(catalog: Catalog, ids: tuple[str, ...]) -> pd.DataFrame:
    sources = catalog.sources.set_index("id")
    return sources.loc[[i for i in ids if i in sources.index]].reset_index()


def latest_headcounts(
    headcounts: pd.DataFrame, sources: pd.DataFrame, year: int | None = None
) -> pd.DataFrame:
    """One row per (institution, category): the latest year, and within it the latest source.

    With `year`, only that year's values compete. Adds `n_values` (how many sourced values
    exist for that pair) so pages can say when sources disagree and that the latest is shown.
    """
    if year is not None:
        headcounts = headcounts[headcounts["year"] == year]
    if headcounts.empty:
        return headcounts.assign(n_values=pd.Series(dtype="Int64"))
    published = sources.set_index("id")["published_on"]
    ranked = headcounts.assign(_published=headcounts["source_id"].map(published))
    ranked = ranked.sort_values(["year", "_published"], na_position="first")
    pair = ["institution_id", "category"]
    counts = ranked.groupby(pair).size().rename("n_values")
    latest = ranked.groupby(pair).tail(1).drop(columns="_published")
    return latest.join(counts, on=pair).reset_index(drop=True)


def claims_for(catalog: Catalog, table: str, row_id: str, field: str) -> pd.DataFrame:
    """Alternative sourced values of one field of one row (the main table shows the latest)."""
    claims = catalog.claims
    mask = (claims["table"] == table) & (claims["row_id"] == row_id) & (claims["field"] == field)
    return claims.loc[mask].reset_index(drop=True)
