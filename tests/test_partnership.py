"""Partnership questions: home region, partners, and one region's institutions, agreements,
projects and events, on small hand-built tables and on the shipped catalog."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from regiondash import partnership as pt
from regiondash.data import Catalog, load_catalog

SHIPPED = load_catalog()


def small_catalog() -> Catalog:
    """HOME and two partners: P1 with two institutions, P2 with none; x1 located nowhere."""
    return replace(
        SHIPPED,
        regions=pd.DataFrame(
            {"id": ["HOME", "P1", "P2"], "role": ["home", "partner", "partner"]}, dtype=object
        ),
        institutions=pd.DataFrame(
            {"id": ["h1", "i1", "i2", "x1"], "region_id": ["HOME", "P1", "P1", None]},
            dtype=object,
        ),
        agreements=pd.DataFrame(
            {"id": ["a-regions", "a-institutions", "a-p2", "a-unlocated"]}, dtype=object
        ),
        agreement_parties=pd.DataFrame(
            [
                ("a-regions", "HOME", "region"),
                ("a-regions", "P1", "region"),
                ("a-institutions", "h1", "institution"),  # institutions only, no region party
                ("a-institutions", "i2", "institution"),
                ("a-p2", "HOME", "region"),
                ("a-p2", "P2", "region"),
                ("a-unlocated", "h1", "institution"),
                ("a-unlocated", "x1", "institution"),
            ],
            columns=["agreement_id", "party_id", "party_kind"],
            dtype=object,
        ),
        projects=pd.DataFrame({"id": ["pr-joint", "pr-home"]}, dtype=object),
        project_partners=pd.DataFrame(
            [("pr-joint", "h1"), ("pr-joint", "i1"), ("pr-home", "h1")],
            columns=["project_id", "institution_id"],
            dtype=object,
        ),
        events=pd.DataFrame(
            [
                ("e-in-p1", "P1", None),
                ("e-about-p1", "HOME", "a-regions"),  # held at home, about P1's agreement
                ("e-home", "HOME", None),
            ],
            columns=["id", "region_id", "agreement_id"],
            dtype=object,
        ),
    )


def emptied(catalog: Catalog) -> Catalog:
    """The same catalog with every table the questions read left without rows."""
    names = (
        "regions",
        "institutions",
        "agreements",
        "agreement_parties",
        "projects",
        "project_partners",
        "events",
    )
    return replace(catalog, **{name: catalog.table(name).head(0) for name in names})


def test_home_region_is_the_region_whose_role_is_home():
    assert pt.home_region(small_catalog()) == "HOME"
    assert pt.home_region(SHIPPED) == "FR-IDF"


def test_home_region_is_none_without_a_home_region():
    catalog = small_catalog()
    partners_only = catalog.regions[catalog.regions["role"] == "partner"]
    assert pt.home_region(replace(catalog, regions=partners_only)) is None
    assert pt.home_region(emptied(catalog)) is None


def test_partner_regions_keep_the_catalog_order_and_leave_out_home():
    assert pt.partner_regions(small_catalog()) == ["P1", "P2"]
    shipped = SHIPPED.regions
    assert pt.partner_regions(SHIPPED) == list(shipped.loc[shipped["role"] == "partner", "id"])
    assert "FR-IDF" not in pt.partner_regions(SHIPPED)
    assert pt.partner_regions(emptied(small_catalog())) == []


def test_region_institutions_are_those_located_in_it():
    catalog = small_catalog()
    assert pt.region_institutions(catalog, "P1") == ["i1", "i2"]
    assert pt.region_institutions(catalog, "P2") == []  # a region without institutions
    assert pt.region_institutions(catalog, "nowhere") == []
    assert pt.region_institutions(emptied(catalog), "P1") == []


def test_institution_regions_map_each_institution_and_leave_unlocated_ones_missing():
    regions = pt.institution_regions(small_catalog())
    assert regions.drop("x1").to_dict() == {"h1": "HOME", "i1": "P1", "i2": "P1"}
    assert pd.isna(regions["x1"])


def test_region_agreements_count_the_region_and_its_institutions_as_parties():
    catalog = small_catalog()
    assert list(pt.region_agreements(catalog, "P1")["id"]) == ["a-regions", "a-institutions"]
    assert list(pt.region_agreements(catalog, "HOME")["id"]) == [
        "a-regions",
        "a-institutions",
        "a-p2",
        "a-unlocated",
    ]


def test_a_region_without_institutions_reaches_only_its_own_agreements():
    catalog = small_catalog()
    assert list(pt.region_agreements(catalog, "P2")["id"]) == ["a-p2"]
    assert pt.region_projects(catalog, "P2").empty
    assert list(pt.region_projects(catalog, "P2").columns) == list(catalog.projects.columns)


def test_an_institution_only_agreement_reaches_the_regions_of_its_institutions():
    catalog = small_catalog()
    reached = {
        r
        for r in ("HOME", "P1", "P2")
        if "a-institutions" in set(pt.region_agreements(catalog, r)["id"])
    }
    assert reached == {"HOME", "P1"}
    # x1 is located nowhere: its agreement reaches the home region only, through h1.
    assert list(pt.institution_agreements(catalog, ["x1"])["id"]) == ["a-unlocated"]
    assert "a-unlocated" not in set(pt.region_agreements(catalog, "P1")["id"])


def test_institution_agreements_ignore_region_parties():
    catalog = small_catalog()
    assert list(pt.institution_agreements(catalog, {"h1"})["id"]) == [
        "a-institutions",
        "a-unlocated",
    ]
    assert pt.institution_agreements(catalog, {"HOME"}).empty  # a region is no institution
    assert pt.institution_agreements(catalog, []).empty


def test_region_projects_have_a_partner_institution_in_the_region():
    catalog = small_catalog()
    assert list(pt.region_projects(catalog, "P1")["id"]) == ["pr-joint"]
    assert list(pt.region_projects(catalog, "HOME")["id"]) == ["pr-joint", "pr-home"]
    assert list(pt.institution_projects(catalog, {"i1", "i2"})["id"]) == ["pr-joint"]


def test_region_events_are_held_there_or_about_its_agreements():
    catalog = small_catalog()
    assert list(pt.region_events(catalog, "P1")["id"]) == ["e-in-p1", "e-about-p1"]
    assert list(pt.region_events(catalog, "P2")["id"]) == []
    assert list(pt.region_events(catalog, "HOME")["id"]) == ["e-about-p1", "e-home"]


def test_every_question_answers_empty_on_empty_tables():
    catalog = emptied(small_catalog())
    for question in (pt.region_agreements, pt.region_projects, pt.region_events):
        answer = question(catalog, "P1")
        assert answer.empty
    assert pt.institution_agreements(catalog, {"h1"}).empty
    assert pt.institution_projects(catalog, {"h1"}).empty
    assert pt.institution_regions(catalog).empty


@pytest.mark.parametrize("region_id", [*pt.partner_regions(SHIPPED), "FR-IDF"])
def test_shipped_region_agreements_match_the_party_ids_of_the_region_and_its_institutions(
    region_id,
):
    """The detail panel and Compare once matched parties by id alone: the same answer here."""
    members = set(pt.region_institutions(SHIPPED, region_id)) | {region_id}
    parties = SHIPPED.agreement_parties
    by_id = set(parties.loc[parties["party_id"].isin(members), "agreement_id"])
    assert set(pt.region_agreements(SHIPPED, region_id)["id"]) == by_id


def test_shipped_region_and_institution_ids_never_collide():
    """Matching a party by id alone is then the same as matching it by kind and id."""
    assert not set(SHIPPED.regions["id"]) & set(SHIPPED.institutions["id"])


def test_shipped_zhejiang_reaches_its_university_agreement_and_joint_project():
    assert "zju" in pt.region_institutions(SHIPPED, "CN-ZJ")
    assert "ups-zju-2018" in set(pt.region_agreements(SHIPPED, "CN-ZJ")["id"])  # institutions
    assert "idf-zj-2018" in set(pt.region_agreements(SHIPPED, "CN-ZJ")["id"])  # regions
    assert "photonet" in set(pt.region_projects(SHIPPED, "CN-ZJ")["id"])


def test_shipped_casablanca_has_agreements_but_no_institution_or_project():
    assert pt.region_institutions(SHIPPED, "MA-06") == []
    assert "idf-casablanca-settat-2016" in set(pt.region_agreements(SHIPPED, "MA-06")["id"])
    assert pt.region_projects(SHIPPED, "MA-06").empty
