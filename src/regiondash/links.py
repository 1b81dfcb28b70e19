"""Partnership links, derived not stored: institutions sharing an agreement or a project."""

from __future__ import annotations

from itertools import combinations

import pandas as pd

from regiondash.data import Catalog
from regiondash.partnership import institution_regions, partner_regions


def institution_links(catalog: Catalog) -> pd.DataFrame:
    """One row per (institution pair, agreement or project) linking them.

    Columns: institution_a, institution_b (sorted ids), via ('agreement'/'project'), via_id,
    kind, year (signing or start year, may be missing), source_id, cross_region.
    """
    rows = []
    parties = catalog.agreement_parties
    institution_parties = parties[parties["party_kind"] == "institution"]
    agreements = catalog.agreements.set_index("id")
    for agreement_id, group in institution_parties.groupby("agreement_id"):
        agreement = agreements.loc[agreement_id]
        for a, b in combinations(sorted(group["party_id"]), 2):
            rows.append(
                (
                    a,
                    b,
                    "agreement",
                    agreement_id,
                    agreement["kind"],
                    agreement["signed_year"],
                    agreement["source_id"],
                )
            )
    projects = catalog.projects.set_index("id")
    for project_id, group in catalog.project_partners.groupby("project_id"):
        project = projects.loc[project_id]
        for a, b in combinations(sorted(group["institution_id"]), 2):
            rows.append(
                (
                    a,
                    b,
                    "project",
                    project_id,
                    project["kind"],
                    project["start_year"],
                    project["source_id"],
                )
            )
    columns = ["institution_a", "institution_b", "via", "via_id", "kind", "year", "source_id"]
    links = pd.DataFrame(rows, columns=columns)
    region_of = institution_regions(catalog)
    links["region_a"] = links["institution_a"].map(region_of)
    links["region_b"] = links["institution_b"].map(region_of)
    links["cross_region"] = links["region_a"] != links["region_b"]
    return links


def region_agreements(catalog: Catalog) -> pd.DataFrame:
    """Agreements with the regions that are parties to them (one row per agreement and region)."""
    parties = catalog.agreement_parties
    region_parties = parties[parties["party_kind"] == "region"]
    return region_parties.merge(catalog.agreements, left_on="agreement_id", right_on="id")


def partner_link_table(catalog: Catalog) -> pd.DataFrame:
    """Per partner region (index id): agreements and projects involving it or its
    institutions, and `links`, their sum (what the partner map shades)."""
    partners = pd.Index(partner_regions(catalog), name="id")
    region_of = institution_regions(catalog)
    parties = catalog.agreement_parties.assign(
        region=lambda df: df["party_id"].where(
            df["party_kind"] == "region", df["party_id"].map(region_of)
        )
    )
    project_regions = catalog.project_partners.assign(
        region=lambda df: df["institution_id"].map(region_of)
    )
    table = pd.DataFrame(
        {
            "agreements": parties.groupby("region")["agreement_id"].nunique(),
            "projects": project_regions.groupby("region")["project_id"].nunique(),
        }
    )
    table = table.reindex(partners).fillna(0).astype(int)
    return table.assign(links=table["agreements"] + table["projects"])


def partner_link_counts(catalog: Catalog) -> pd.Series:
    """Per partner region: agreements and projects involving it or its institutions."""
    return partner_link_table(catalog)["links"].rename("links")
