"""The Curate page's pure parts: who is an editor, forms from the schema, problems by field."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import open_page

from regiondash.access import editors_from, identity, is_editor
from regiondash.curation import (
    blank_values,
    changes_text,
    choice_labels,
    entry_rows,
    field_specs,
    problems_by_field,
    row_choices,
    stale_rows,
    with_change_source,
)
from regiondash.data import TABLE_NAMES, load_catalog
from regiondash.pages import PAGES
from regiondash.problems import Problem
from regiondash.store.edits import Entry

EDITORS = ["Curator@Example.org", "subject-42"]


def signed_in(**claims):
    return {"is_logged_in": True, **claims}


# --- is_editor -------------------------------------------------------------------------------


def test_a_listed_email_is_an_editor_whatever_its_case():
    assert is_editor(signed_in(email="curator@example.ORG", sub="x"), EDITORS)


def test_a_listed_subject_is_an_editor_without_an_email():
    assert is_editor(signed_in(sub="subject-42"), EDITORS)


def test_subjects_compare_exactly():
    assert not is_editor(signed_in(sub="Subject-42"), EDITORS)
    assert not is_editor(signed_in(sub="subject-4"), EDITORS)


def test_an_unlisted_user_is_not_an_editor():
    assert not is_editor(signed_in(email="visitor@example.org", sub="other"), EDITORS)


def test_an_unverified_email_gives_no_rights():
    user = signed_in(email="curator@example.org", email_verified=False, sub="other")
    assert not is_editor(user, EDITORS)
    assert is_editor({**user, "email_verified": True}, EDITORS)


def test_nobody_signed_in_is_never_an_editor():
    assert not is_editor({}, EDITORS)
    assert not is_editor(None, EDITORS)
    assert not is_editor({"is_logged_in": False, "email": "curator@example.org"}, EDITORS)


def test_an_empty_list_or_blank_entries_make_nobody_an_editor():
    assert not is_editor(signed_in(email="curator@example.org"), [])
    assert not is_editor(signed_in(sub="", email=""), ["", "  "])


def test_editors_from_a_list_or_a_comma_separated_string():
    assert editors_from(["a@x.org", " b ", ""]) == {"a@x.org", "b"}
    assert editors_from("a@x.org, b") == {"a@x.org", "b"}
    assert editors_from(None) == frozenset()
    assert editors_from(42) == frozenset()


def test_identity_is_the_verified_email_else_the_subject():
    assert identity(signed_in(email="A@x.org", sub="s")) == "a@x.org"
    assert identity(signed_in(email="a@x.org", email_verified=False, sub="s")) == "s"
    assert identity({"is_logged_in": False, "sub": "s"}) == ""


# --- form specs ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def specs_of(catalog, table, lang="en"):
    tables = {name: catalog.table(name) for name in TABLE_NAMES}
    return {s.name: s for s in field_specs(catalog.descriptor, table, tables, lang)}


def test_agreement_form_follows_the_schema(catalog):
    specs = specs_of(catalog, "agreements")
    assert list(specs) == [
        f["name"] for f in catalog.descriptor["resources"][6]["schema"]["fields"]
    ]
    assert specs["id"].key and specs["id"].required and specs["id"].pattern
    assert not specs["title_fr"].required and not specs["title_fr"].is_choice
    assert specs["kind"].enum[0] == "framework" and specs["kind"].options[0] == "framework"
    assert specs["signed_year"].type == "integer"
    assert (specs["signed_year"].minimum, specs["signed_year"].maximum) == (1000, 2100)
    assert specs["signed_on"].type == "date"


def test_a_foreign_key_offers_every_row_it_may_point_at(catalog):
    specs = specs_of(catalog, "institutions")
    region = specs["region_id"]
    assert region.reference == "regions" and region.is_choice
    assert [v for v, _ in region.choices] == list(catalog.regions["id"])
    assert region.options[0] == ""  # optional: "none" comes first
    zhejiang = dict(region.choices)["CN-ZJ"]
    assert zhejiang == "CN-ZJ — Zhejiang"
    # a self reference (parent institution) points at the table itself
    assert specs["parent_id"].reference == "institutions"
    assert len(specs["parent_id"].choices) == len(catalog.institutions)


def test_a_required_foreign_key_offers_no_empty_choice(catalog):
    institution = specs_of(catalog, "headcounts")["institution_id"]
    assert institution.required and institution.reference == "institutions"
    assert institution.options == list(catalog.institutions["id"])


def test_a_rows_own_source_may_be_left_to_the_changes_source(catalog):
    source = specs_of(catalog, "agreements")["source_id"]
    assert source.required and source.follows_change
    assert source.options == ["", *catalog.sources["id"]]
    assert not specs_of(catalog, "regions")["population_source_id"].follows_change
    values = {"id": "a", "source_id": ""}
    assert with_change_source(values, "s1")["source_id"] == "s1"
    assert with_change_source(values, {"id": "new-s"})["source_id"] == "new-s"
    assert with_change_source({"source_id": "kept"}, "s1")["source_id"] == "kept"
    assert with_change_source(values, None)["source_id"] == ""
    assert with_change_source({"id": "x"}, "s1") == {"id": "x"}  # a table without source_id


def test_choice_labels_follow_the_language_and_fall_back_to_english(catalog):
    regions = catalog.regions.set_index("id", drop=False)
    zh = dict(choice_labels(catalog.regions, "id", "zh"))
    assert zh["CN-ZJ"] == f"CN-ZJ — {regions.loc['CN-ZJ', 'name_zh']}"
    frame = pd.DataFrame({"id": ["a"], "title_en": ["Title"], "title_zh": [""]})
    assert choice_labels(frame, "id", "zh") == (("a", "a — Title"),)
    assert choice_labels(pd.DataFrame({"id": ["x"]}), "id", "en") == (("x", "x"),)


def test_a_compound_key_is_all_key_and_required(catalog):
    specs = specs_of(catalog, "headcounts")
    keys = [name for name, s in specs.items() if s.key]
    assert keys == ["institution_id", "year", "category", "source_id"]
    assert all(specs[name].required for name in keys)
    assert not specs["note"].key


def test_blank_values_start_required_choices_on_their_first_value(catalog):
    blank = blank_values(specs_of(catalog, "agreements").values())
    assert blank["kind"] == "framework" and blank["status"] == "active"
    assert blank["title_en"] == "" and blank["signed_on"] == ""
    assert blank["source_id"] == ""  # the change's source, unless the editor picks another


def test_row_choices_name_each_row_by_its_key(catalog):
    raw = pd.DataFrame(
        {"project_id": ["p1"], "institution_id": ["i1"], "role": ["lead"], "basis": ["stated"]}
    )
    descriptor = catalog.descriptor
    assert row_choices(descriptor, "project_partners", raw, "en") == [(("p1", "i1"), "p1 · i1")]
    regions = row_choices(descriptor, "regions", catalog.regions.astype(str), "fr")
    assert regions[0][0] == (catalog.regions["id"].iloc[0],)
    assert row_choices(descriptor, "regions", catalog.regions.iloc[:0], "en") == []


# --- problems, stale edits, audit rows ------------------------------------------------------


def test_problems_go_under_the_fields_they_name():
    problems = [
        Problem("agreements", None, "signed_year", "type", "'20x' is not an integer"),
        Problem("agreements", None, "lat, lon", "inside-region", "outside"),
        Problem("agreements", None, None, "check", "whole row"),
        Problem("events", None, "agreement_id", "foreign-key", "missing"),
    ]
    placed, others = problems_by_field(problems, "agreements", ["signed_year", "lat", "lon"])
    assert [p.rule for p in placed["signed_year"]] == ["type"]
    assert placed["lat"] == placed["lon"] == [problems[1]]
    # another table's problem, or one without a field, is listed apart
    assert others == [problems[2], problems[3]]


def test_stale_rows_list_each_changed_field():
    assert stale_rows({"title_en": ("Old", "New")}) == [
        {"field": "title_en", "then": "Old", "now": "New"}
    ]
    assert stale_rows({}) == []


def test_changes_text_shows_only_what_changed():
    assert changes_text({"a": "1", "b": "2"}, {"a": "1", "b": "3"}) == "b: 2 → 3"
    assert changes_text(None, {"a": "1", "b": ""}) == "a:  → 1"
    assert changes_text({"a": "1"}, None) == "a: 1 → "
    assert changes_text({"a": "1"}, {"a": "1"}) == ""


def test_entry_rows_are_text_in_a_fixed_order():
    at = dt.datetime(2026, 3, 1, 9, 5, 7, tzinfo=dt.UTC)
    entry = Entry(
        7, at, "c@x.org", "edit", "agreements", ("a1",), {"t": "x"}, {"t": "<b>"}, "s1", 9, 3
    )
    frame = entry_rows([entry], str.upper)
    assert list(frame.columns) == [
        "id", "at", "who", "action", "table", "key", "changes", "source_id", "reverts"
    ]  # fmt: skip
    row = frame.iloc[0].to_dict()
    assert row["at"] == "2026-03-01 09:05:07 UTC" and row["action"] == "EDIT"
    assert row["changes"] == "t: x → <b>" and row["reverts"] == "#3" and row["key"] == "a1"
    assert entry_rows([], str).empty


# --- the page refuses anyone but an editor -------------------------------------------------


def test_curate_page_refuses_an_anonymous_visitor_and_shows_no_form():
    app = open_page("app_pages/curate.py")
    assert app.title[0].value == "Curate the data"
    messages = [m.value for m in app.info]
    assert any("reserved to signed-in editors" in m for m in messages), messages
    assert not app.text_input
    assert "curate_table" not in [w.key for w in app.selectbox]


def test_curate_page_is_not_linked_for_a_visitor_and_refuses_in_chinese():
    app = open_page("app_pages/curate.py", lang="zh")
    assert app.title[0].value == "数据维护"
    assert any("只有已登录的编辑人员可以编辑" in m.value for m in app.info)
    links = [link.proto.label for link in app.sidebar.get("page_link")]
    assert len(links) == len(PAGES) - 1 and "数据维护" not in links


# --- labels and messages in the user's language ---------------------------------------------


def test_every_field_of_every_table_has_a_label_in_each_language(catalog):
    from regiondash.curation import field_label

    for table in TABLE_NAMES:
        for spec in specs_of(catalog, table).values():
            labels = {lang: field_label(spec, lang) for lang in ("en", "fr", "zh")}
            assert not any("curate.field" in label for label in labels.values()), labels
            assert labels["en"].endswith(" *") == spec.required
    title = specs_of(catalog, "agreements")["title_en"]
    assert field_label(title, "en") == "Title (English) *"
    assert field_label(title, "fr") == "Titre (anglais) *"
    assert field_label(title, "zh") == "标题（英文） *"
    assert field_label(specs_of(catalog, "agreements")["note"], "zh") == "备注"


@pytest.mark.parametrize(
    ("rule", "lang", "words"),
    [
        ("disk-full", "en", "The database's disk is full"),
        ("disk-full", "zh", "数据库磁盘已满"),
        ("connection-lost", "fr", "La connexion à la base de données a été perdue"),
        ("connection-lost", "zh", "与数据库的连接已中断"),
        ("database-locked", "en", "The database is busy with another change"),
        ("store", "zh", "数据库无法保存此更改"),
    ],
)
def test_a_database_fault_reads_in_the_users_language(rule, lang, words):
    from regiondash.curation import is_fault, problem_text
    from regiondash.problems import DATABASE

    problem = Problem(DATABASE, None, None, rule, "the database could not be used: <b>x</b>")
    text = problem_text(problem, lang)
    assert text.startswith(words)
    assert "<b>" not in text and "Traceback" not in text  # the detail is escaped, one line
    assert is_fault([problem])
    assert not is_fault([problem, Problem("agreements", None, "id", "required", "")])
    assert not is_fault([])


def test_a_broken_rule_reads_in_words_and_an_unknown_rule_by_its_name():
    from regiondash.curation import problem_text

    typed = Problem("agreements", None, "signed_year", "type", "'20x5' is not an integer")
    assert problem_text(typed, "fr").startswith("La valeur n'a pas le type du champ")
    placed = problem_text(typed, "en", with_place=True)
    assert placed.startswith("agreements · signed\\_year — The value does not have")
    odd = Problem("agreements", None, None, "brand-new-rule", "detail")
    assert problem_text(odd, "en").startswith(r"Rule brand\-new\-rule is broken")


def test_a_problem_under_its_field_drops_the_row_key_and_a_detail_that_repeats_the_rule():
    from regiondash.curation import problem_text

    required = Problem("agreements", None, "id", "required", "['']: a value is required")
    assert problem_text(required, "zh") == "此项必填"
    typed = Problem("agreements", None, "signed_year", "type", "['a-1']: '20x5' is not an integer")
    text = problem_text(typed, "en")
    assert "20x5" in text and "is not an integer" in text  # the detail that says more is kept
    assert "[" not in text and "a\\-1" not in text


def test_coded_values_offer_their_name_in_the_users_language_and_keep_their_code():
    from regiondash.curation import enum_label

    assert enum_label("agreements", "kind", "framework", "zh") == "框架协议 · framework"
    assert enum_label("headcounts", "qualifier", "at_least", "fr").endswith(" · at_least")
    assert enum_label("events", "kind", "visit", "zh") == "visit"  # no name on the pages: the code
