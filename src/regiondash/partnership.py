"""Partnership questions the pages share: the home region, the partners, and what one region
takes part in (its institutions, agreements, projects, events).

Pure functions of a catalog, filtered or not (no streamlit here); rows keep the catalog's order.
An institution belongs to the region it is located in (institutions.region_id). A region takes
part in an agreement when it, or one of its institutions, is a party; in a project when one of
its institutions is a partner (projects have institution partners only).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from regiondash import memo
from regiondash.data import Catalog


@memo.per_catalog(max_entries=16)
def home_region(catalog: Catalog) -> str | None:
    """Id of the home region (Île-de-France); None when the catalog has none."""
    home = catalog.regions.loc[catalog.regions["role"] == "home", "id"]
    return str(home.iloc[0]) if len(home) else None


@memo.per_catalog(max_entries=16)
def partner_regions(catalog: Catalog) -> list[str]:
    """Ids of the partner regions, in the catalog's order (once per view, asked on every page
    run: read it, never change it)."""
    return [str(r) for r in catalog.regions.loc[catalog.regions["role"] == "partner", "id"]]


def institution_regions(catalog: Catalog) -> pd.Series:
    """Region id of each institution, indexed by institution id (missing when not located)."""
    return catalog.institutions.set_index("id")["region_id"]


def region_institutions(catalog: Catalog, region_id: str) -> list[str]:
    """Ids of the institutions located in the region, in the catalog's order."""
    institutions = catalog.institutions
    return list(institutions.loc[institutions["region_id"] == region_id, "id"])


def _agreements_where(catalog: Catalog, involved: pd.Series) -> pd.DataFrame:
    """Agreement rows that have at least one party row where `involved` holds."""
    ids = catalog.agreement_parties.loc[involved, "agreement_id"]
    return catalog.agreements[catalog.agreements["id"].isin(ids)]


def institution_agreements(catalog: Catalog, institution_ids: Iterable[str]) -> pd.DataFrame:
    """Agreement rows to which any of the institutions is a party."""
    parties = catalog.agreement_parties
    involved = (parties["party_kind"] == "institution") & parties["party_id"].isin(
        set(institution_ids)
    )
    return _agreements_where(catalog, involved)


def region_agreements(catalog: Catalog, region_id: str) -> pd.DataFrame:
    """Agreement rows to which the region, or one of its institutions, is a party."""
    parties = catalog.agreement_parties
    own = set(region_institutions(catalog, region_id))
    involved = ((parties["party_kind"] == "region") & (parties["party_id"] == region_id)) | (
        (parties["party_kind"] == "institution") & parties["party_id"].isin(own)
    )
    return _agreements_where(catalog, involved)


def institution_projects(catalog: Catalog, institution_ids: Iterable[str]) -> pd.DataFrame:
    """Project rows in which any of the institutions is a partner."""
    partners = catalog.project_partners
    ids = partners.loc[partners["institution_id"].isin(set(institution_ids)), "project_id"]
    return catalog.projects[catalog.projects["id"].isin(ids)]


def region_projects(catalog: Catalog, region_id: str) -> pd.DataFrame:
    """Project rows with at least one partner institution located in the region."""
    return institution_projects(catalog, region_institutions(catalog, region_id))


def region_events(catalog: Catalog, region_id: str) -> pd.DataFrame:
    """Event rows held in the region or about one of its agreements."""
    events = catalog.events
    agreements = set(region_agreements(catalog, region_id)["id"])
    return events[(events["region_id"] == region_id) | events["agreement_id"].isin(agreements)]
