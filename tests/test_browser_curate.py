"""Sign-in and curation in a real browser, against a real local OIDC provider.

An editor signs in through st.login (the provider is oauth2-mock-server from the npm registry,
see tests/oidc.py) on server A, adds an agreement with a new source and a party through the
Curate form, edits it and reverts the edit; a visitor in a second browser context, not signed
in, sees each step on the Overview, Timeline and Map of server B, and downloads the package from
the Sources page, which frictionless validates. With PostgreSQL installed, A and B are two app
servers on one PostgreSQL database (without it: one server on SQLite, and the two-server test
skips, or fails when REGIONDASH_REQUIRE_POSTGRES=1).

Waiting: a form interaction waits for the rerun it starts to end (Streamlit's
data-test-script-state), not for the page to stop moving, so the walk stays short.
"""

from __future__ import annotations

import io
import re
import zipfile
from contextlib import nullcontext

import pytest
from browser import (
    CHROMIUM_ARGS,
    IDLE,
    SCREENSHOTS,
    after_run,
    chromium_or_skip,
    keep_screenshot,
    new_page,
    served_app,
    sidebar_link,
)
from oidc import oidc_provider, write_secrets
from postgres import create_database, postgres_bin, postgres_cluster, postgres_or_skip

from regiondash import settings
from regiondash.i18n import t

pytestmark = pytest.mark.browser

EDITOR = "curator@example.org"
AGREEMENT = "test-curate-accord"
TITLE = "Accord <b>*test*</b> curate"  # hostile text: must be stored and shown as typed
EDITED = "Accord curate, edited"
SOURCE = "test-curate-source"
PARTY = "zju"  # Zhejiang University: the Map's detail panel of this institution lists it
TIMEOUT = 90_000


# Counts the ends of script runs (a MutationObserver sees every change of the attribute, even
# a run too short for a poll), so a helper can wait for the rerun its action started.
def _database(folder) -> tuple[str, object]:
    """(store URL, PostgreSQL cluster or None): PostgreSQL when installed, else SQLite."""
    if postgres_bin() is None:
        if settings.get("require_postgres") == "1":
            pytest.fail("PostgreSQL is not installed (apt-get install postgresql)")
        return f"sqlite:///{folder}/store.sqlite", None
    cluster = postgres_cluster(postgres_bin())
    server = cluster.__enter__()
    return create_database(server, "curate"), cluster


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    """Server A (editor, signed in) and server B (visitor) on one store, and their pages."""
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(exist_ok=True)
    folder = tmp_path_factory.mktemp("curate")
    store_url, cluster = _database(folder)
    claims = {"email": EDITOR, "email_verified": True, "name": "Test Curator"}
    try:
        with oidc_provider(claims) as issuer:
            secrets = write_secrets(folder, issuer, [EDITOR])
            env = {"REGIONDASH_DATABASE_URL": store_url}
            args = ("--secrets.files", str(secrets))
            with (
                served_app(env=env, args=args) as base_a,
                served_app(env=env, args=args) if cluster else nullcontext(base_a) as base_b,
                sync_playwright() as playwright,
            ):
                browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
                editor, visitor = (
                    new_page(browser.new_context(viewport={"width": 1440, "height": 900}))
                    for _ in range(2)
                )
                sign_in(editor, base_a)
                yield {
                    "a": base_a,
                    "b": base_b,
                    "editor": editor,
                    "visitor": visitor,
                    "store_url": store_url,
                    "postgres": cluster is not None,
                }
                browser.close()
    finally:
        if cluster is not None:
            cluster.__exit__(None, None, None)


def sign_in(editor, base: str) -> None:
    """Through the provider: st.login goes there, Streamlit comes back to "/", and the app
    goes on to the page and view the editor signed in from (a filter is part of it)."""
    open_page(editor, f"{base}/curate?region=CN-ZJ")
    sidebar_button(editor, "Sign in to edit").click()
    signed_in = editor.get_by_text(re.compile("^Signed in as "))
    signed_in.wait_for(timeout=TIMEOUT)
    # escape_markdown puts a word joiner (U+2060) inside e-mail addresses so they never link
    assert signed_in.inner_text().replace("\u2060", "") == f"Signed in as {EDITOR}"
    main(editor).get_by_role("heading", name="Curate the data").wait_for(timeout=TIMEOUT)
    idle(editor)
    assert re.search(r"/curate\?(.*&)?region=CN-ZJ", editor.url), editor.url
    # The address is used once: "/" opens the Overview again.
    editor.wait_for_function("!document.cookie.includes('regiondash_return')", timeout=TIMEOUT)
    editor.goto(base)
    editor.wait_for_url(re.compile(r"/overview"), timeout=TIMEOUT)
    idle(editor)


# --- waiting and acting -----------------------------------------------------------------------


def idle(page) -> None:
    page.wait_for_function(IDLE, timeout=TIMEOUT)


def open_page(page, url: str, ready: str = "h1") -> None:
    """A fresh page load (a new session: what another server or a reload shows)."""
    page.goto(url)
    page.locator(ready).first.wait_for(timeout=TIMEOUT)
    idle(page)


def rerun(page, action) -> None:
    after_run(page, action, timeout_ms=TIMEOUT)


def main(page):
    return page.locator('[data-testid="stMain"]')


def sidebar_button(page, name: str):
    return page.locator('[data-testid="stSidebar"]').get_by_role("button", name=name)


def choose(page, label: str, option: str, within=None) -> None:
    """Pick an option of a selectbox by its label, typing to filter (nothing to do when it
    already shows that option: picking it again would send no run to wait for)."""
    box = (within or main(page)).get_by_role("combobox", name=label, exact=True)
    selectbox = box.locator("xpath=ancestor::*[@data-testid='stSelectbox'][1]")
    if option in selectbox.inner_text().split("\n"):
        return

    def pick():
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        for attempt in range(3):
            box.click()
            box.fill(option)
            try:  # a loaded machine can redraw the list under the click until it gives up
                page.get_by_role("option", name=option).first.click(timeout=15_000)
                return
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
                page.keyboard.press("Escape")

    rerun(page, pick)


def type_into(page, label: str, text: str, within=None) -> None:
    field = (within or main(page)).get_by_role("textbox", name=label, exact=True)

    def enter():
        field.fill(text)
        field.press("Tab")  # a text input sends its value when it loses focus

    rerun(page, enter)


def click(page, name: str) -> None:
    rerun(page, lambda: main(page).get_by_role("button", name=name, exact=True).click())


def segment(page, name: str) -> None:
    """A segment of a segmented control (drawn as a button group)."""
    rerun(page, lambda: main(page).get_by_text(name, exact=True).click())


def errors(page) -> list[str]:
    return main(page).locator('[data-testid="stAlertContentError"]').all_inner_texts()


# --- what a visitor sees ----------------------------------------------------------------------


def agreements_figure(page) -> int:
    metrics = page.locator('[data-testid="stMetric"]')
    card = metrics.filter(has_text=re.compile(r"^Agreements")).first
    return int(card.locator('[data-testid="stMetricValue"]').inner_text().replace(",", ""))


def overview_agreements(page, base: str) -> int:
    open_page(page, f"{base}/overview", '[data-testid="stMetricValue"]')
    return agreements_figure(page)


def timeline_total(page, base: str) -> int:
    open_page(page, f"{base}/timeline", '[data-testid="stCaptionContainer"]:has-text("items")')
    caption = main(page).get_by_text(re.compile(r"of \d+ items have only a year")).inner_text()
    return int(re.search(r"of (\d+) items", caption).group(1))


def map_agreements(page, base: str) -> str:
    """Text of the Map's detail panel of the party institution: its agreements table (a data
    grid, whose cells are text once it has drawn)."""
    open_page(page, f"{base}/map?sel=institution:{PARTY}", '[data-testid="stDataFrame"]')
    header = t("col.year", "en") + t("col.agreement", "en")
    grids = '[data-testid="stMain"] [data-testid="stDataFrame"]'
    page.wait_for_function(
        f"() => [...document.querySelectorAll('{grids}')]"
        f".some((grid) => grid.textContent.startsWith({header!r}))",
        timeout=TIMEOUT,
    )
    return " ".join(page.locator(grids).all_text_contents())


def stored_counts(store) -> tuple[int, int]:
    """(agreements, timeline items) of the store now: what an up-to-date page shows."""
    from regiondash.charts import timeline_frame

    catalog = store.catalog()[1]
    return len(catalog.agreements), len(timeline_frame(catalog, "en"))


# --- tests ------------------------------------------------------------------------------------


def test_a_visitor_sees_no_curate_link_and_a_refusal(apps):
    visitor = apps["visitor"]
    open_page(visitor, f"{apps['b']}/curate")
    assert main(visitor).get_by_text("Editing is reserved to editors").count() == 1
    assert sidebar_link(visitor, "Curate").count() == 0
    assert main(visitor).get_by_role("textbox").count() == 0


def test_add_edit_revert_seen_by_a_visitor_and_exported(apps, tmp_path):
    from regiondash.data import build_catalog
    from regiondash.store import edits, open_store
    from regiondash.store.package import validate_with_frictionless

    editor, visitor, a, b = apps["editor"], apps["visitor"], apps["a"], apps["b"]
    store = open_store(apps["store_url"])
    agreements_before, items_before = stored_counts(store)

    # Add an agreement; first without a source and with a bad year: every problem at once.
    open_page(editor, f"{a}/curate")
    assert editor.get_by_role("heading", name="Curate the data").count() == 1
    choose(editor, "Table", "agreements")
    type_into(editor, "Identifier *", AGREEMENT)
    type_into(editor, "Title (English) *", TITLE)
    type_into(editor, "Signing year *", "20x5")
    click(editor, "Save the new row")
    shown = errors(editor)
    assert any("Not saved: 2 problem(s)" in text for text in shown), shown
    assert any("Every change names a source" in text for text in shown), shown
    assert any("The value does not have the field's type" in text for text in shown), shown
    title_box = main(editor).get_by_role("textbox", name="Title (English) *", exact=True)
    assert title_box.input_value() == TITLE  # nothing typed is lost

    # Describe a new source, fix the year: saved.
    segment(editor, "A new source")
    new_source = editor.locator(".st-key-curate_new_source")
    type_into(editor, "Identifier *", SOURCE, within=new_source)
    type_into(editor, "Title *", "Test source for the curate page", within=new_source)
    type_into(editor, "URL", "https://example.org/accord", within=new_source)
    type_into(editor, "Signing year *", "2025")
    click(editor, "Save the new row")
    assert main(editor).get_by_text(re.compile(r"Saved as change #\d+")).count() == 1
    stored, _ = edits.row(store, "agreements", (AGREEMENT,))
    assert (stored["title_en"], stored["source_id"], stored["signed_year"]) == (
        TITLE,
        SOURCE,
        "2025",
    )
    assert edits.history(store, "agreements", (AGREEMENT,))[-1].who == EDITOR

    # Its party, citing the source just added (now the chosen existing one).
    choose(editor, "Table", "agreement_parties")
    choose(editor, "Agreement *", AGREEMENT)
    type_into(editor, "Party *", PARTY)
    click(editor, "Save the new row")
    assert main(editor).get_by_text(re.compile(r"Saved as change #\d+")).count() == 1
    assert edits.row(store, "agreement_parties", (AGREEMENT, PARTY))[0]["source_id"] == SOURCE

    # The visitor, on the other server, sees it at their next page load.
    assert stored_counts(store) == (agreements_before + 1, items_before + 1)
    assert overview_agreements(visitor, b) == agreements_before + 1
    assert timeline_total(visitor, b) == items_before + 1
    assert TITLE in map_agreements(visitor, b)

    # Edit it: the visitor sees the new title.
    choose(editor, "Table", "agreements")
    segment(editor, "Edit")
    choose(editor, "Row", AGREEMENT)
    type_into(editor, "Title (English) *", EDITED)
    click(editor, "Save the changes")
    assert main(editor).get_by_text(re.compile(r"Saved as change #\d+")).count() == 1
    assert edits.row(store, "agreements", (AGREEMENT,))[0]["title_en"] == EDITED
    shown = map_agreements(visitor, b)
    assert EDITED in shown and TITLE not in shown
    keep_screenshot(editor, "curate-edited.png", full_page=True)

    # Revert the edit from the audit log: the first title is back.
    edit_entry = edits.history(store, "agreements", (AGREEMENT,))[-1]
    editor.get_by_role("tab", name="Audit log").click()  # tabs switch in the browser
    choose(editor, "Change to revert", f"#{edit_entry.id}")
    click(editor, "Revert")
    assert main(editor).get_by_text(f"Saved as change #{edit_entry.id + 1} ").count() == 1
    assert edits.row(store, "agreements", (AGREEMENT,))[0]["title_en"] == TITLE
    assert edits.history(store, "agreements", (AGREEMENT,))[-1].reverts == edit_entry.id
    shown = map_agreements(visitor, b)
    assert TITLE in shown and EDITED not in shown
    assert editor.locator('[data-testid="stException"]').count() == 0

    # The visitor downloads the package from the Sources page: it is this version, and valid.
    open_page(visitor, f"{b}/sources", '[data-testid="stDownloadButton"]')
    button = main(visitor).get_by_role("button", name="Download the whole Data Package (zip)")
    with visitor.expect_download(timeout=TIMEOUT) as download:
        button.click()
    with zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes())) as archive:
        archive.extractall(tmp_path)
    (package,) = {p.parent for p in tmp_path.rglob("datapackage.json")}
    assert validate_with_frictionless(package) == []
    exported = build_catalog(package)  # and the loader's own checks
    assert exported.descriptor["store_version"] == store.version()
    row = exported.agreements.set_index("id").loc[AGREEMENT]
    assert row["title_en"] == TITLE and row["source_id"] == SOURCE
    assert SOURCE in set(exported.sources["id"])


def test_two_servers_on_one_postgresql_show_an_edit_saved_through_the_store(apps):
    if not apps["postgres"]:
        postgres_or_skip()  # skips here, or fails when REGIONDASH_REQUIRE_POSTGRES=1
    from regiondash.store import edits, open_store

    assert apps["a"] != apps["b"]
    store = open_store(apps["store_url"])
    edits.add(
        store,
        "agreements",
        {
            "id": "test-two-servers",
            "title_en": "Seen on both servers",
            "kind": "mou",
            "signed_year": "2025",
            "status": "active",
        },
        source="ups-zju-2018-06",
        who="other-server@example.org",
    )
    stored = len(store.catalog()[1].agreements)
    assert overview_agreements(apps["visitor"], apps["b"]) == stored
    assert overview_agreements(apps["visitor"], apps["a"]) == stored


def test_curate_page_in_chinese_and_english_with_a_form_open(apps):
    """Screenshots at 1440×900: the agreement form, refused without a source (every problem
    under its field, in the page's language)."""
    editor = apps["editor"]
    for lang in ("zh", "en"):
        open_page(editor, f"{apps['a']}/curate?lang={lang}")
        assert editor.get_by_role("heading", name=t("curate.title", lang)).count() == 1
        choose(editor, t("curate.table", lang), "agreements")
        year = t("curate.field.signed_year", lang) + " *"
        type_into(editor, year, "20x5")
        click(editor, t("curate.save.add", lang))
        shown = errors(editor)
        assert any(t("curate.rule.source", lang) in text for text in shown), shown
        assert any(t("curate.rule.type", lang) in text for text in shown), shown
        assert main(editor).get_by_role("textbox", name=year, exact=True).count() == 1
        editor.get_by_role("heading", name=t("curate.title", lang)).scroll_into_view_if_needed()
        keep_screenshot(editor, f"curate-{lang}.png")
        keep_screenshot(editor, f"curate-{lang}-full.png", full_page=True)
