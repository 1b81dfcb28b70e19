"""Checks on the curated Data Package in data/ (frictionless validity and the seed facts)."""

import csv
import json
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import frictionless
import pytest

ROOT = Path(__file__).parents[1]
DATA = ROOT / "data"
DESCRIPTOR = DATA / "datapackage.json"

SEED_SOURCE = "ups-zju-2018-06"


@cache
def descriptor() -> dict:
    return json.loads(DESCRIPTOR.read_text(encoding="utf-8"))


@cache
def rows(resource: str) -> tuple[dict[str, str], ...]:
    """Rows of a resource as dicts of raw strings ("" = missing)."""
    path = next(r["path"] for r in descriptor()["resources"] if r["name"] == resource)
    with (DATA / path).open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def by_id(resource: str) -> dict[str, dict[str, str]]:
    return {row["id"]: row for row in rows(resource)}


def test_package_is_valid():
    report = frictionless.validate(str(DESCRIPTOR))
    if not report.valid:
        lines = [f"package: {error.message}" for error in report.errors]
        for task in report.tasks:
            lines += [f"{task.name}: {error.message}" for error in task.errors]
        pytest.fail("frictionless validation failed:\n" + "\n".join(lines[:50]))


def test_every_field_has_title_and_description():
    missing = [
        f"{resource['name']}.{field['name']}: missing {key}"
        for resource in descriptor()["resources"]
        for field in resource["schema"]["fields"]
        for key in ("title", "description")
        if not str(field.get(key, "")).strip()
    ]
    assert not missing, "\n".join(missing)


def test_csv_headers_match_schemas():
    for resource in descriptor()["resources"]:
        with (DATA / resource["path"]).open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        expected = [field["name"] for field in resource["schema"]["fields"]]
        assert header == expected, f"{resource['path']}: header {header} != schema {expected}"


def test_every_source_id_exists():
    known = set(by_id("sources"))
    problems = []
    for resource in descriptor()["resources"]:
        columns = [
            field["name"]
            for field in resource["schema"]["fields"]
            if field["name"] == "source_id" or field["name"].endswith("_source_id")
        ]
        for line, row in enumerate(rows(resource["name"]), start=2):
            for column in columns:
                value = row[column]
                if value and value not in known:
                    where = f"{resource['path']} line {line}"
                    problems.append(f"{where}: {column}={value!r} is not an id of sources")
    assert not problems, "\n".join(problems)


def test_agreement_parties_resolve():
    targets = {"region": set(by_id("regions")), "institution": set(by_id("institutions"))}
    problems = [
        f"agreement_parties: {row['agreement_id']} -> {row['party_id']!r}"
        f" is not a known {row['party_kind']}"
        for row in rows("agreement_parties")
        if row["party_id"] not in targets[row["party_kind"]]
    ]
    assert not problems, "\n".join(problems)


def test_zju_founded_1897():
    zju = by_id("institutions")["zju"]
    assert zju["founded"] == "1897"
    assert zju["founded_source_id"] == SEED_SOURCE


def test_zju_has_seven_campuses():
    campuses = [row for row in rows("campuses") if row["institution_id"] == "zju"]
    assert len(campuses) == 7, [row["id"] for row in campuses]


def test_zju_2018_headcounts_from_press_release():
    expected = {
        "students_total": 48000,
        "students_first_cycle": 24100,
        "students_master": 15000,
        "students_doctoral": 9500,
        "international_students": 6200,
        "international_academics": 600,
    }
    found = {
        row["category"]: int(row["count"])
        for row in rows("headcounts")
        if row["institution_id"] == "zju"
        and row["year"] == "2018"
        and row["source_id"] == SEED_SOURCE
    }
    assert found == expected


def test_2018_06_14_agreements_and_signatories():
    agreements = by_id("agreements")
    parties = defaultdict(dict)
    for row in rows("agreement_parties"):
        parties[row["agreement_id"]][row["party_id"]] = row["signatory"]

    university = [
        a
        for a in agreements.values()
        if a["signed_on"] == "2018-06-14" and {"paris-saclay", "zju"} <= set(parties[a["id"]])
    ]
    assert len(university) == 1, "one UPSaclay-ZJU agreement signed on 2018-06-14"
    assert university[0]["kind"] == "framework"

    regional = [
        a
        for a in agreements.values()
        if a["signed_on"] == "2018-06-14" and {"FR-IDF", "CN-ZJ"} <= set(parties[a["id"]])
    ]
    assert len(regional) == 1, "one Île-de-France-Zhejiang agreement signed on 2018-06-14"
    assert regional[0]["kind"] == "region_cooperation"
    signatories = parties[regional[0]["id"]]
    assert signatories["FR-IDF"] == "Valérie Pécresse"
    assert signatories["CN-ZJ"] == "YUAN Jiajun"


def test_thirteen_themes_in_their_categories():
    expected = {
        "area_of_excellence": {"optics and photonics", "engineering", "mechanics and automation"},
        "fundamental_discipline": {"physics", "materials science", "chemistry", "life sciences"},
        "societal_challenge": {
            "agronomics",
            "new technologies and communication systems",
            "artificial intelligence",
            "environment and climate change",
            "energy management",
            "healthcare",
        },
    }
    themes = rows("themes")
    assert len(themes) == 13
    found = defaultdict(set)
    for row in themes:
        found[row["category"]].add(row["name_en"])
    assert dict(found) == expected

    linked = {row["theme_id"] for row in rows("agreement_themes")}
    assert {row["id"] for row in themes} <= linked, "every theme is tied to an agreement"


def test_photonet_and_tolerancing_centre():
    projects = by_id("projects")
    partners = defaultdict(set)
    for row in rows("project_partners"):
        partners[row["project_id"]].add(row["institution_id"])

    photonet = projects["photonet"]
    assert photonet["kind"] == "research_network"
    assert {"c2n", "zju"} <= partners["photonet"]

    centres = [
        p
        for p in projects.values()
        if p["kind"] == "joint_centre" and "tolerancing" in (p["title_en"] + p["description_en"])
    ]
    assert len(centres) == 1
    assert centres[0]["status"] == "planned"
    assert {"lurpa", "ens-paris-saclay", "zju"} <= partners[centres[0]["id"]]


def test_partner_regions_with_agreements():
    regions = by_id("regions")
    partner_ids = {rid for rid, row in regions.items() if row["role"] == "partner"}
    with_agreement = {
        row["party_id"]
        for row in rows("agreement_parties")
        if row["party_kind"] == "region" and row["party_id"] in partner_ids
    }
    assert "CN-ZJ" in with_agreement
    assert len(with_agreement - {"CN-ZJ"}) >= 3, sorted(with_agreement)
    assert [rid for rid, row in regions.items() if row["role"] == "home"] == ["FR-IDF"]


AUTHORITIES = {"primary", "press", "encyclopedia", "mirror"}
FLOORS = {"agreements+events+projects": 60, "located institutions": 25}


def _source_columns(resource: dict) -> list[str]:
    return [
        f["name"]
        for f in resource["schema"]["fields"]
        if f["name"] == "source_id" or f["name"].endswith("_source_id")
    ]


def test_every_source_row_is_cited():
    """Each source is cited by a *source_id column or named in a note (or the package text)."""
    cited = set()
    for resource in descriptor()["resources"]:
        columns = _source_columns(resource)
        for row in rows(resource["name"]):
            cited |= {row[c] for c in columns if row[c]}
            if resource["name"] != "sources":
                cited |= set(re.findall(r"[a-z0-9][a-z0-9-]+", row.get("note", "")))
    cited |= set(re.findall(r"[a-z0-9][a-z0-9-]+", json.dumps(descriptor()["licenses"])))
    uncited = sorted(set(by_id("sources")) - cited)
    assert not uncited, f"sources cited by no value: {uncited}"


def test_every_source_has_an_allowed_authority():
    wrong = {s["id"]: s["authority"] for s in rows("sources") if s["authority"] not in AUTHORITIES}
    assert not wrong, wrong


def test_row_count_floors():
    linked = len(rows("agreements")) + len(rows("events")) + len(rows("projects"))
    located = sum(1 for r in rows("institutions") if r["lat"] and r["lon"])
    assert linked >= FLOORS["agreements+events+projects"], linked
    assert located >= FLOORS["located institutions"], located


def test_located_institutions_say_how_precise_and_where_from():
    located = [r for r in rows("institutions") if r["lat"] or r["lon"]]
    vague = [r["id"] for r in located if not r["location_precision"]]
    unsourced = [r["id"] for r in located if not r["location_source_id"]]
    half = [r["id"] for r in located if not (r["lat"] and r["lon"])]
    assert not (vague or unsourced or half), {"precision": vague, "source": unsourced, "half": half}


def test_names_cite_their_source():
    unsourced = [
        f"{table}.{row['id']}.{field}"
        for table, fields in (("themes", ("name_fr", "name_zh")), ("regions", ("name_zh",)))
        for row in rows(table)
        for field in fields
        if row[field] and not row[f"{field}_source_id"]
    ]
    assert not unsourced, unsourced


FIGURE = re.compile(r"\d{1,3}(?:[ ,\u202f]\d{3})+|\d{4,}")
NUMERIC_TYPES = ("integer", "number", "date", "year")


def figures_missing_from_row(note: str, values: set[int]) -> list[str]:
    """Figures of 4+ digits in a note (e.g. "over 53,000", "12 140") that are none of `values`.
    A plain four-digit number from 1000 to 2100 is read as a year and allowed."""
    missing = []
    for figure in FIGURE.findall(note):
        number = int(re.sub(r"\D", "", figure))
        if re.fullmatch(r"\d{4}", figure) and 1000 <= number <= 2100:
            continue
        if number not in values:
            missing.append(figure)
    return missing


def _row_values(resource: dict, row: dict[str, str]) -> set[int]:
    """The numbers a row holds in its numeric and date cells (a date gives its year)."""
    values: set[int] = set()
    for field in resource["schema"]["fields"]:
        cell = row[field["name"]]
        if not cell or field["type"] not in NUMERIC_TYPES:
            continue
        values.add(int(cell[:4]) if field["type"] == "date" else int(float(cell)))
    return values


def _claimed_values() -> dict[tuple[str, str], set[int]]:
    """Alternative values in claims, by (table, row id): a note may quote those too."""
    claimed: dict[tuple[str, str], set[int]] = defaultdict(set)
    for claim in rows("claims"):
        if re.fullmatch(r"\d+", claim["value"]):
            claimed[claim["table"], claim["row_id"]].add(int(claim["value"]))
    return claimed


def test_figure_check_flags_only_figures_the_row_lacks():
    assert figures_missing_from_row('"over 53,000" students', {53000}) == []
    assert figures_missing_from_row("12 140 inhabitants", {12141}) == ["12 140"]
    assert figures_missing_from_row("founded in 1897 (see 2016)", set()) == []
    assert figures_missing_from_row("2200 students", set()) == ["2200"]  # beyond the year range
    assert figures_missing_from_row("999 or 1000", set()) == []  # 3 digits are not checked


def test_notes_carry_no_figures_their_row_lacks():
    """A note explains its row's values and carries no extra figure: every figure of 4+ digits
    in a note (e.g. "over 53,000", "12 140") is a value of a numeric or date cell of the same row,
    or an alternative value claims holds for that row. Plain years (1000-2100) are dates."""
    claimed = _claimed_values()
    problems = []
    for resource in descriptor()["resources"]:
        names = [f["name"] for f in resource["schema"]["fields"]]
        if resource["name"] == "sources" or "note" not in names:
            continue
        for line, row in enumerate(rows(resource["name"]), start=2):
            values = _row_values(resource, row)
            if "value" in row and re.fullmatch(r"\d+", row["value"]):
                values.add(int(row["value"]))  # a claim's own alternative value
            values |= claimed.get((resource["name"], row.get("id", "")), set())
            problems += [
                f"{resource['path']} line {line}: {figure!r} is in no numeric cell of the row"
                for figure in figures_missing_from_row(row["note"], values)
            ]
    assert not problems, "\n".join(problems)
