"""Global filters: a frozen value and a pure `apply` (their URL form is in `viewstate`)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from regiondash import memo
from regiondash.data import Catalog
from regiondash.links import partner_link_counts
from regiondash.partnership import partner_regions


def isin(column: pd.Series, values) -> pd.Series:
    """`column.isin(values)`, in one pyarrow call for the catalog's pyarrow-backed strings.

    pandas' own isin on those builds a pyarrow scalar per value in Python (seconds for the
    30,000 institution ids of a 1000x package); pyarrow.compute.is_in takes the whole set.
    """
    if not (isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow"):
        return column.isin(values)
    array = pa.array(column)
    if isinstance(values, (pd.Series, pd.Index)):
        allowed = pa.array(values.astype(object).to_numpy(), from_pandas=True)
    else:
        allowed = pa.array([v for v in values if isinstance(v, str)], type=pa.string())
    if allowed.type not in (pa.string(), pa.large_string(), pa.null()):
        return column.isin(values)
    found = pc.is_in(array, value_set=allowed.cast(array.type))
    return pd.Series(pc.fill_null(found, False).to_numpy(zero_copy_only=False), column.index)


@dataclass(frozen=True)
class Filters:
    """What the analyst has chosen; an empty tuple means "all"."""

    regions: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    institution_kinds: tuple[str, ...] = ()
    agreement_kinds: tuple[str, ...] = ()
    project_kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    years: tuple[int, int] | None = None

    def is_empty(self) -> bool:
        return self == Filters()


@memo.per_catalog
def filter_options(catalog: Catalog) -> dict[str, set[str]]:
    """Valid values of each filter field, from the data."""
    return {
        "regions": set(partner_regions(catalog)),
        "themes": set(catalog.themes["id"]),
        "institution_kinds": set(catalog.institutions["kind"].dropna()),
        "agreement_kinds": set(catalog.agreements["kind"].dropna()),
        "project_kinds": set(catalog.projects["kind"].dropna()),
        "statuses": set(catalog.agreements["status"].dropna()) | set(catalog.projects["status"]),
    }


@memo.per_catalog
def year_bounds(catalog: Catalog) -> tuple[int, int]:
    """First and last year any agreement, project or event mentions."""
    years = pd.concat(
        [
            catalog.agreements["signed_year"],
            catalog.agreements["end_year"],
            catalog.projects["start_year"],
            catalog.projects["end_year"],
            catalog.events["date"].dt.year.astype("Int64"),
        ]
    ).dropna()
    return int(years.min()), int(years.max())


def _active_in(start: pd.Series, end: pd.Series, years: tuple[int, int]) -> pd.Series:
    """True where [start, end] overlaps the year range; a missing end means still running.

    A missing start (undated) is kept: dropping it would hide it silently.
    """
    low, high = years
    starts_before_end = start.isna() | (start <= high)
    ends_after_start = end.isna() | (end >= low)
    return (starts_before_end & ends_after_start).fillna(True).astype(bool)


def apply(catalog: Catalog, filters: Filters) -> Catalog:
    """The catalog restricted to what the filters select (same shape, fewer rows)."""
    if filters.is_empty():
        return catalog
    regions = catalog.regions
    if filters.regions:
        regions = regions[(regions["role"] == "home") | isin(regions["id"], filters.regions)]
    institutions = catalog.institutions[isin(catalog.institutions["region_id"], regions["id"])]
    if filters.institution_kinds:
        institutions = institutions[isin(institutions["kind"], filters.institution_kinds)]
    party_ids = pd.concat([regions["id"], institutions["id"]])
    partners = regions.loc[regions["role"] == "partner", "id"]
    partner_ids = pd.concat(
        [partners, institutions.loc[isin(institutions["region_id"], partners), "id"]]
    )

    agreements = _filter_agreements(catalog, filters, party_ids, partner_ids)
    projects = _filter_projects(catalog, filters, institutions["id"], partner_ids)
    events = _filter_events(catalog.events, filters, agreements, regions["id"])
    if filters.years:
        year = events["date"].dt.year
        events = events[(year >= filters.years[0]) & (year <= filters.years[1])]

    parties = catalog.agreement_parties[
        isin(catalog.agreement_parties["agreement_id"], agreements["id"])
    ]
    return replace(
        catalog,
        regions=regions,
        institutions=institutions,
        campuses=catalog.campuses[isin(catalog.campuses["institution_id"], institutions["id"])],
        headcounts=_headcounts_in(catalog.headcounts, institutions, filters.years),
        agreements=agreements,
        agreement_parties=parties[isin(parties["party_id"], party_ids)],
        agreement_themes=_themes_of(catalog.agreement_themes, "agreement_id", agreements, filters),
        projects=projects,
        project_partners=catalog.project_partners[
            isin(catalog.project_partners["project_id"], projects["id"])
            & isin(catalog.project_partners["institution_id"], institutions["id"])
        ],
        project_themes=_themes_of(catalog.project_themes, "project_id", projects, filters),
        events=events,
    )


# The filtered catalog, built once per catalog and filter value and shared by every rerun and
# session (pages and the sidebar's facet counts ask for the same few views).
view = memo.per_catalog(apply, max_entries=64)


def _headcounts_in(headcounts, institutions, years: tuple[int, int] | None) -> pd.DataFrame:
    """Headcounts of kept institutions; with a years filter, only those describing those years
    (so every figure drawn from them is a figure of the chosen years)."""
    kept = headcounts[isin(headcounts["institution_id"], institutions["id"])]
    if years:
        kept = kept[(kept["year"] >= years[0]) & (kept["year"] <= years[1])]
    return kept


def _filter_events(events, filters: Filters, agreements, region_ids: pd.Series) -> pd.DataFrame:
    """Events of a kept agreement; unlinked events only when no theme/kind/status filter is set
    (nothing ties them to a theme or kind) and their region is kept."""
    linked = isin(events["agreement_id"], agreements["id"])
    narrowing = (
        filters.themes or filters.agreement_kinds or filters.project_kinds or filters.statuses
    )
    unlinked = events["agreement_id"].isna() & (
        isin(events["region_id"], region_ids) | events["region_id"].isna()
    )
    return events[linked | (unlinked & (not narrowing))]


def _themes_of(links: pd.DataFrame, key: str, kept: pd.DataFrame, filters: Filters):
    links = links[isin(links[key], kept["id"])]
    return links[isin(links["theme_id"], filters.themes)] if filters.themes else links


def _filter_linked(
    records: pd.DataFrame,
    members: pd.DataFrame,
    member_field: str,
    theme_links: pd.DataFrame,
    filters: Filters,
    kinds: tuple[str, ...],
    kept_ids: pd.Series,
    partner_ids: pd.Series,
    start: str,
) -> pd.DataFrame:
    """Agreements or projects the filters keep (the two follow the same rules).

    `members` links each record (column `record_id`) to its parties in `member_field`; a record
    is kept under a region or kind filter when it involves a kept partner and a kept member.
    """
    if filters.regions or filters.institution_kinds:
        involved = members.loc[isin(members[member_field], partner_ids), "record_id"]
        kept = members.loc[isin(members[member_field], kept_ids), "record_id"]
        records = records[isin(records["id"], involved[isin(involved, kept)])]
    if kinds:
        records = records[isin(records["kind"], kinds)]
    if filters.statuses:
        records = records[isin(records["status"], filters.statuses)]
    if filters.themes:
        themed = theme_links.loc[isin(theme_links["theme_id"], filters.themes), "record_id"]
        records = records[isin(records["id"], themed)]
    if filters.years:
        starts = records["start_year"].fillna(records[start])
        records = records[_active_in(starts, records["end_year"], filters.years)]
    return records


def _filter_agreements(catalog, filters, party_ids, partner_ids) -> pd.DataFrame:
    rename = {"agreement_id": "record_id"}
    return _filter_linked(
        catalog.agreements,
        catalog.agreement_parties.rename(columns=rename),
        "party_id",
        catalog.agreement_themes.rename(columns=rename),
        filters,
        filters.agreement_kinds,
        party_ids,
        partner_ids,
        start="signed_year",  # an agreement without a start year starts when signed
    )


def _filter_projects(catalog, filters, institution_ids, partner_ids) -> pd.DataFrame:
    rename = {"project_id": "record_id"}
    return _filter_linked(
        catalog.projects,
        catalog.project_partners.rename(columns=rename),
        "institution_id",
        catalog.project_themes.rename(columns=rename),
        filters,
        filters.project_kinds,
        institution_ids,
        partner_ids,
        start="start_year",
    )


FACET_FIELDS = ("regions", "themes", "institution_kinds", "agreement_kinds", "project_kinds")


@memo.per_catalog(max_entries=256)
def facet_counts(catalog: Catalog, filters: Filters, field: str) -> dict[str, int]:
    """How many records each option of `field` would match, given the other active filters.

    Regions and themes count agreements plus projects; kinds count their own records.
    """
    counted = view(catalog, replace(filters, **{field: ()}))
    if field == "regions":
        return {k: int(v) for k, v in partner_link_counts(counted).items()}
    if field == "themes":
        themed = pd.concat(
            [
                counted.agreement_themes[
                    isin(counted.agreement_themes["agreement_id"], counted.agreements["id"])
                ]["theme_id"],
                counted.project_themes[
                    isin(counted.project_themes["project_id"], counted.projects["id"])
                ]["theme_id"],
            ]
        )
        return themed.value_counts().to_dict()
    table = {
        "institution_kinds": counted.institutions,
        "agreement_kinds": counted.agreements,
        "project_kinds": counted.projects,
    }[field]
    return table["kind"].value_counts().to_dict()


def summary_parts(catalog: Catalog, filters: Filters) -> list[tuple[str, dict]]:
    """The active filters as (message key, values) pairs, for a one-line summary."""
    options = filter_options(catalog)
    parts = []
    if filters.regions:
        parts.append(
            (
                "filters.summary.regions",
                {"n": len(filters.regions), "total": len(options["regions"])},
            )
        )
    for field in ("themes", "institution_kinds", "agreement_kinds", "project_kinds", "statuses"):
        if getattr(filters, field):
            parts.append((f"filters.summary.{field}", {"n": len(getattr(filters, field))}))
    if filters.years:
        parts.append(
            ("filters.summary.years", {"start": filters.years[0], "end": filters.years[1]})
        )
    return parts
