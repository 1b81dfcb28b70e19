"""Sign-in and curation in a real browser, against a real local OIDC provider.

An editor signs in through st.login (the provider is oauth2-mock-server from the npm registry,
see tests/oidc.py), adds an agreement with a new source, and a visitor in a second browser
context sees it on the Overview and Timeline; the editor then edits it and reverts the edit.
"""

from __future__ import annotations

import re

import pytest
from browser import (
    CHROMIUM_ARGS,
    SCREENSHOTS,
    chromium_or_skip,
    served_app,
    sidebar_link,
    wait_for_app,
)
from oidc import oidc_provider, write_secrets

pytestmark = pytest.mark.browser

EDITOR = "curator@example.org"
AGREEMENT = "test-curate-accord"
TITLE = "Accord <b>*test*</b> curate"  # hostile text: must be stored and shown as typed


@pytest.fixture(scope="module")
def signed_in(tmp_path_factory):
    """(base URL, editor's page, visitor's page, store URL) on a served app with sign-in."""
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(exist_ok=True)
    folder = tmp_path_factory.mktemp("curate")
    store_url = f"sqlite:///{folder}/store.sqlite"
    claims = {"email": EDITOR, "email_verified": True, "name": "Test Curator"}
    with oidc_provider(claims) as issuer:
        secrets = write_secrets(folder, issuer, [EDITOR])
        env = {"REGIONDASH_DATABASE_URL": store_url}
        args = ("--secrets.files", str(secrets))
        with served_app(env=env, args=args) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            editor = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
            visitor = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
            yield base, editor, visitor, store_url
            browser.close()


def main(page):
    return page.locator('[data-testid="stMain"]')


def choose(page, label: str, option: str) -> None:
    """Pick an option of a selectbox by its label, typing to filter."""
    box = main(page).get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option).first.click()
    wait_for_app(page)


def type_into(page, label: str, text: str) -> None:
    field = main(page).get_by_role("textbox", name=label, exact=True)
    field.fill(text)
    field.press("Tab")  # a text input sends its value when it loses focus
    wait_for_app(page)


def shows(page, text) -> bool:
    """Wait until the main area shows `text` (a save's outcome arrives after its rerun)."""
    main(page).get_by_text(text).first.wait_for(timeout=90_000)
    wait_for_app(page)
    return True


def page_ran(page, ready: str) -> None:
    """The visitor's page ran and drew `ready` (charts may keep settling; figures do not)."""
    page.locator(ready).first.wait_for(timeout=90_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=90_000
    )


def agreements_figure(page) -> int:
    metrics = page.locator('[data-testid="stMetric"]')
    card = metrics.filter(has_text=re.compile(r"^Agreements")).first
    return int(card.locator('[data-testid="stMetricValue"]').inner_text().replace(",", ""))


def timeline_total(page) -> int:
    caption = main(page).get_by_text(re.compile(r"of \d+ items have only a year")).inner_text()
    return int(re.search(r"of (\d+) items", caption).group(1))


def test_a_visitor_sees_no_curate_link_and_a_refusal(signed_in):
    base, _, visitor, _ = signed_in
    visitor.goto(f"{base}/curate")
    wait_for_app(visitor)
    assert main(visitor).get_by_text("Editing is reserved to editors").count() == 1
    assert sidebar_link(visitor, "Curate").count() == 0
    assert main(visitor).get_by_role("textbox").count() == 0


def test_editor_signs_in_adds_edits_and_reverts_an_agreement(signed_in):
    from regiondash.store import edits, open_store

    base, editor, visitor, store_url = signed_in
    visitor.goto(f"{base}/overview")
    page_ran(visitor, '[data-testid="stMetricValue"]')
    before = agreements_figure(visitor)
    visitor.goto(f"{base}/timeline")
    page_ran(visitor, '[data-testid="stCaptionContainer"]:has-text("items have only a year")')
    items_before = timeline_total(visitor)

    # Sign in through the provider: st.login redirects there and back to the app.
    editor.goto(f"{base}/curate")
    wait_for_app(editor)
    editor.locator('[data-testid="stSidebar"]').get_by_role(
        "button", name="Sign in to edit"
    ).click()
    editor.wait_for_url(re.compile(r"/overview"), timeout=60_000)
    wait_for_app(editor)
    # escape_markdown puts a word joiner (U+2060) inside e-mail addresses so they never link
    (shown,) = editor.get_by_text(re.compile("^Signed in as ")).all_inner_texts()
    assert shown.replace("\u2060", "") == f"Signed in as {EDITOR}"
    sidebar_link(editor, "Curate").click()
    wait_for_app(editor)
    assert editor.get_by_role("heading", name="Curate the data").count() == 1

    # Add an agreement; first without a source: refused, nothing lost.
    choose(editor, "Table", "agreements")
    type_into(editor, "id *", AGREEMENT)
    type_into(editor, "title_en *", TITLE)
    type_into(editor, "signed_year *", "20x5")
    save = main(editor).get_by_role("button", name="Save the new row")
    save.click()
    assert shows(editor, "Every change names a source")
    assert main(editor).get_by_role("textbox", name="title_en *", exact=True).input_value() == TITLE

    # Describe a new source: now the year's problem shows under its field, in words.
    main(editor).get_by_text("A new source", exact=True).click()
    wait_for_app(editor)
    source = "test-curate-source"
    new_source = editor.locator(".st-key-curate_new_source")
    for label, value in (
        ("id *", source),
        ("title *", "Test source for the curate page"),
        ("publisher", "Test publisher"),
        ("url", "https://example.org/accord"),
        ("published_on", "2025-06-01"),
    ):
        field = new_source.get_by_role("textbox", name=label, exact=True)
        field.fill(value)
        field.press("Tab")
        wait_for_app(editor)
    save.click()
    assert shows(editor, "The value does not have the field's type")
    assert main(editor).get_by_text("Not saved: 1 problem(s)").count() == 1
    assert (
        main(editor).get_by_role("textbox", name="signed_year *", exact=True).input_value()
        == "20x5"
    )
    editor.screenshot(path=str(SCREENSHOTS / "curate-refused.png"), full_page=True)
    type_into(editor, "signed_year *", "2025")
    save.click()
    assert shows(editor, re.compile(r"Saved as change #\d+"))
    store = open_store(store_url)
    stored, _ = edits.row(store, "agreements", (AGREEMENT,))
    assert stored["title_en"] == TITLE and stored["source_id"] == source
    assert stored["signed_year"] == "2025"
    assert edits.history(store, "agreements", (AGREEMENT,))[-1].who == EDITOR

    # A visitor in another browser context sees it at their next run.
    visitor.goto(f"{base}/overview")
    page_ran(visitor, '[data-testid="stMetricValue"]')
    assert agreements_figure(visitor) == before + 1
    visitor.goto(f"{base}/timeline")
    page_ran(visitor, '[data-testid="stCaptionContainer"]:has-text("items have only a year")')
    assert timeline_total(visitor) == items_before + 1

    # Edit it: the new source is now the chosen existing one.
    main(editor).get_by_text("Edit", exact=True).click()
    wait_for_app(editor)
    choose(editor, "Row", AGREEMENT)
    type_into(editor, "title_en *", "Accord curate, edited")
    added = edits.history(store, "agreements", (AGREEMENT,))[-1].id
    main(editor).get_by_role("button", name="Save the changes").click()
    assert shows(editor, re.compile(rf"Saved as change #{added + 1}\b"))
    assert edits.row(store, "agreements", (AGREEMENT,))[0]["title_en"] == "Accord curate, edited"
    editor.screenshot(path=str(SCREENSHOTS / "curate-edited.png"), full_page=True)

    # Revert the edit from the audit log.
    edit_entry = edits.history(store, "agreements", (AGREEMENT,))[-1]
    editor.get_by_role("tab", name="Audit log").click()
    wait_for_app(editor)
    choose(editor, "Change to revert", f"#{edit_entry.id}")
    main(editor).get_by_role("button", name="Revert").click()
    assert shows(editor, re.compile(rf"Saved as change #{edit_entry.id + 1}\b"))
    assert edits.row(store, "agreements", (AGREEMENT,))[0]["title_en"] == TITLE
    assert edits.history(store, "agreements", (AGREEMENT,))[-1].reverts == edit_entry.id
    editor.screenshot(path=str(SCREENSHOTS / "curate-log.png"), full_page=True)
    assert editor.locator('[data-testid="stException"]').count() == 0


def test_curate_page_in_chinese_for_a_signed_in_editor(signed_in):
    base, editor, _, _ = signed_in
    editor.goto(f"{base}/curate?lang=zh")
    wait_for_app(editor)
    assert editor.get_by_role("heading", name="数据维护").count() == 1
    assert main(editor).get_by_text("本次更改的来源").count() == 1
    editor.screenshot(path=str(SCREENSHOTS / "curate-zh.png"), full_page=True)
