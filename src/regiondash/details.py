"""The detail panel beside the map: facts, partners, agreements and projects of a selection,
each figure with its source (pure: frames in, frames out)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from regiondash.data import Catalog
from regiondash.i18n import localized_label, t
from regiondash.map_data import institution_students
from regiondash.maps import PICKS
from regiondash.partnership import (
    institution_agreements,
    institution_projects,
    region_agreements,
    region_institutions,
)

SELECTABLE_LAYERS = PICKS  # deck layer id -> how a click on it names the item (maps.REGISTRY)


@dataclass(frozen=True)
class Detail:
    """What the panel shows for one selected item."""

    title: str
    subtitle: str
    facts: pd.DataFrame
    partners: list[str] = field(default_factory=list)
    agreements: pd.DataFrame = field(default_factory=pd.DataFrame)
    projects: pd.DataFrame = field(default_factory=pd.DataFrame)


def selected_item(layer_id: str, fields: dict) -> tuple[str, str] | None:
    """(kind, id) of an object clicked on the map (its deck layer id and fields), or None."""
    pick = SELECTABLE_LAYERS.get(layer_id)
    return pick(fields) if pick is not None and isinstance(fields, dict) else None


def _source_columns(catalog: Catalog, source_ids: pd.Series, lang: str) -> dict:
    sources = catalog.sources.set_index("id")
    return {
        t("col.source", lang): source_ids.map(sources["title"]),
        t("sources.col.link", lang): source_ids.map(sources["url"]),
    }


def _facts(catalog: Catalog, rows: list[tuple[str, object, object]], lang: str) -> pd.DataFrame:
    """Fact label, value ("not sourced" when missing) and the source title and link."""
    source_ids = pd.Series([s if isinstance(s, str) else None for *_, s in rows], dtype=object)
    return pd.DataFrame(
        {
            t("col.fact", lang): [label for label, *_ in rows],
            t("col.value", lang): [
                t("value.not_sourced", lang) if value is None or pd.isna(value) else _show(value)
                for _, value, _ in rows
            ],
            **_source_columns(catalog, source_ids, lang),
        }
    )


def _show(value) -> str:
    """Numbers with thousands separators (years stay plain), anything else as text."""
    if isinstance(value, int | float | np.integer | np.floating) and float(value).is_integer():
        value = int(value)
        return f"{value:,}" if value >= 10000 else str(value)
    return str(value)


def _agreements_of(catalog: Catalog, agreements: pd.DataFrame, lang: str) -> pd.DataFrame:
    agreements = agreements.sort_values("signed_year")
    return pd.DataFrame(
        {
            t("col.year", lang): agreements["signed_year"].astype("string").to_numpy(),
            t("col.agreement", lang): [
                localized_label(r, "title", lang) for _, r in agreements.iterrows()
            ],
            t("col.kind", lang): [t(f"agreement_kind.{k}", lang) for k in agreements["kind"]],
            **{
                k: v.to_numpy()
                for k, v in _source_columns(catalog, agreements["source_id"], lang).items()
            },
        }
    )


def _projects_of(catalog: Catalog, institution_ids: set[str], lang: str) -> pd.DataFrame:
    projects = institution_projects(catalog, institution_ids)
    return pd.DataFrame(
        {
            t("col.project", lang): [
                localized_label(r, "title", lang) for _, r in projects.iterrows()
            ],
            t("col.status", lang): [t(f"status.{s}", lang) for s in projects["status"]],
            t("col.start", lang): projects["start_year"].astype("string").to_numpy(),
            **{
                k: v.to_numpy()
                for k, v in _source_columns(catalog, projects["source_id"], lang).items()
            },
        }
    )


def _partner_names(catalog: Catalog, institution_ids: set[str], lang: str) -> list[str]:
    """Institutions sharing an agreement or project with any of `institution_ids`."""
    parties = catalog.agreement_parties
    shared = parties[
        parties["agreement_id"].isin(
            parties.loc[parties["party_id"].isin(institution_ids), "agreement_id"]
        )
    ]
    partners = catalog.project_partners
    in_projects = partners[
        partners["project_id"].isin(
            partners.loc[partners["institution_id"].isin(institution_ids), "project_id"]
        )
    ]
    ids = (
        set(shared.loc[shared["party_kind"] == "institution", "party_id"])
        | set(in_projects["institution_id"])
    ) - institution_ids
    institutions = catalog.institutions.set_index("id")
    return sorted(
        localized_label(institutions.loc[i], "name", lang) for i in ids if i in institutions.index
    )


def region_detail(catalog: Catalog, region_id: str, lang: str) -> Detail:
    """A region: population, area, capital; its institutions' partners, agreements, projects."""
    region = catalog.regions.set_index("id").loc[region_id]
    institution_ids = set(region_institutions(catalog, region_id))
    population = region["population"]
    year = "" if pd.isna(region["population_year"]) else f" ({int(region['population_year'])})"
    facts = _facts(
        catalog,
        [
            (t("col.capital", lang), region["capital"], region["source_id"]),
            (
                t("col.population", lang),
                None if pd.isna(population) else f"{int(population):,}{year}",
                region["population_source_id"],
            ),
            (t("col.area", lang), region["area_km2"], region["area_source_id"]),
        ],
        lang,
    )
    return Detail(
        title=localized_label(region, "name", lang),
        subtitle=t(f"map.role.{region['role']}", lang),
        facts=facts,
        partners=_partner_names(catalog, institution_ids, lang),
        agreements=_agreements_of(catalog, region_agreements(catalog, region_id), lang),
        projects=_projects_of(catalog, institution_ids, lang),
    )


def institution_detail(catalog: Catalog, institution_id: str, lang: str) -> Detail:
    """An institution: kind, city, founding year, students; partners, agreements, projects."""
    institution = catalog.institutions.set_index("id").loc[institution_id]
    students = institution_students(catalog)
    headcounts = catalog.headcounts
    total = headcounts[
        (headcounts["institution_id"] == institution_id)
        & (headcounts["category"] == "students_total")
    ]
    latest = total.sort_values("year").iloc[-1] if len(total) else None
    facts = _facts(
        catalog,
        [
            (
                t("col.kind", lang),
                t(f"institution_kind.{institution['kind']}", lang),
                institution["source_id"],
            ),
            (t("col.city", lang), institution["city"], institution["source_id"]),
            (t("col.founded", lang), institution["founded"], institution["founded_source_id"]),
            (
                t("category.students_total", lang)
                + ("" if latest is None else f" ({int(latest['year'])})"),
                students.get(institution_id),
                None if latest is None else latest["source_id"],
            ),
        ],
        lang,
    )
    return Detail(
        title=localized_label(institution, "name", lang),
        subtitle=t(f"institution_kind.{institution['kind']}", lang),
        facts=facts,
        partners=_partner_names(catalog, {institution_id}, lang),
        agreements=_agreements_of(catalog, institution_agreements(catalog, {institution_id}), lang),
        projects=_projects_of(catalog, {institution_id}, lang),
    )


def campus_detail(catalog: Catalog, campus_id: str, lang: str) -> Detail:
    """A campus: its institution, city and coordinate, then the institution's links."""
    campus = catalog.campuses.set_index("id").loc[campus_id]
    parent = institution_detail(catalog, campus["institution_id"], lang)
    facts = _facts(
        catalog,
        [
            (t("col.institution", lang), parent.title, campus["source_id"]),
            (t("col.city", lang), campus["city"], campus["source_id"]),
            (
                t("map.coordinate", lang),
                f"{campus['lat']:.4f}, {campus['lon']:.4f}",
                campus["location_source_id"],
            ),
        ],
        lang,
    )
    return Detail(
        localized_label(campus, "name", lang),
        t("map.campus", lang),
        facts,
        parent.partners,
        parent.agreements,
        parent.projects,
    )


def pairs_detail(catalog: Catalog, pairs: str, lang: str) -> Detail:
    """An arc: the institution pairs it joins and the agreements and projects they share."""
    names = catalog.institutions.set_index("id")
    pair_list = [tuple(pair.split("|")) for pair in pairs.split(",") if "|" in pair]
    agreements, projects = [], []
    for a, b in pair_list:
        shared = _agreements_of(catalog, institution_agreements(catalog, {a}), lang).merge(
            _agreements_of(catalog, institution_agreements(catalog, {b}), lang)
        )
        agreements.append(shared)
        projects.append(_projects_of(catalog, {a}, lang).merge(_projects_of(catalog, {b}, lang)))
    title = " · ".join(
        " ↔ ".join(localized_label(names.loc[end], "name", lang) for end in (a, b))
        for a, b in pair_list
        if a in names.index and b in names.index
    )
    return Detail(
        title=title,
        subtitle=t("map.link", lang),
        facts=_facts(catalog, [], lang),
        agreements=pd.concat(agreements, ignore_index=True).drop_duplicates()
        if agreements
        else pd.DataFrame(),
        projects=pd.concat(projects, ignore_index=True).drop_duplicates()
        if projects
        else pd.DataFrame(),
    )


DETAIL_BUILDERS = {
    "region": region_detail,
    "institution": institution_detail,
    "campus": campus_detail,
    "pairs": pairs_detail,
}


def detail_for(catalog: Catalog, kind: str, item_id: str, lang: str) -> Detail | None:
    """The detail of a selected item, or None when it is not in the (filtered) catalog."""
    try:
        return DETAIL_BUILDERS[kind](catalog, item_id, lang)
    except (KeyError, IndexError):
        return None
