"""Partnership links, derived not stored: institutions sharing an agreement or a project."""

from __future__ import annotations

import pandas as pd

from regiondash import memo
from regiondash.data import Catalog
from regiondash.partnership import institution_regions, partner_regions


@memo.per_catalog
def institution_links(catalog: Catalog) -> pd.DataFrame:
    """One row per (institution pair, agreement or project) linking them.

    Columns: institution_a, institution_b (sorted ids), via ('agreement'/'project'), via_id,
    kind, year (signing or start year, may be missing), source_id, cross_region.
    """
    parties = catalog.agreement_parties
    institution_parties = parties[parties["party_kind"] == "institution"]
    links = pd.concat(
        [
            _pairs(
                institution_parties, "agreement_id", "party_id", "agreement", catalog.agreements
            ),
            _pairs(
                catalog.project_partners,
                "project_id",
                "institution_id",
                "project",
                catalog.projects,
            ),
        ],
        ignore_index=True,
    )
    region_of = institution_regions(catalog)
    links["region_a"] = links["institution_a"].map(region_of)
    links["region_b"] = links["institution_b"].map(region_of)
    links["cross_region"] = links["region_a"] != links["region_b"]
    return links


def _pairs(members, record: str, member: str, via: str, records: pd.DataFrame) -> pd.DataFrame:
    """Every pair of members (a < b) of each record, with the record's kind, year and source:
    a self-join, in record order then pair order."""
    year = "signed_year" if via == "agreement" else "start_year"
    ends = members[[record, member]].drop_duplicates()
    pairs = ends.merge(ends, on=record, suffixes=("_a", "_b"))
    pairs = pairs[pairs[f"{member}_a"] < pairs[f"{member}_b"]]
    pairs = pairs.sort_values([record, f"{member}_a", f"{member}_b"], kind="stable")
    details = records.set_index("id")[["kind", year, "source_id"]]
    found = pairs[record].isin(details.index)  # a record without its row has no link
    pairs = pairs[found]
    detail = details.reindex(pairs[record])
    columns = ["institution_a", "institution_b", "via", "via_id", "kind", "year", "source_id"]
    return pd.DataFrame(
        {
            "institution_a": pairs[f"{member}_a"].to_numpy(dtype=object),
            "institution_b": pairs[f"{member}_b"].to_numpy(dtype=object),
            "via": via,
            "via_id": pairs[record].to_numpy(dtype=object),
            "kind": detail["kind"].to_numpy(dtype=object),
            "year": detail[year].to_numpy(dtype=object),
            "source_id": detail["source_id"].to_numpy(dtype=object),
        },
        columns=columns,
    )


def region_agreements(catalog: Catalog) -> pd.DataFrame:
    """Agreements with the regions that are parties to them (one row per agreement and region)."""
    parties = catalog.agreement_parties
    region_parties = parties[parties["party_kind"] == "region"]
    return region_parties.merge(catalog.agreements, left_on="agreement_id", right_on="id")


@memo.per_catalog
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
