"""The store on SQLite and on PostgreSQL: the files' catalog, import/export, checked edits."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from conftest import DATA_DIR, edit_cell

from regiondash import data
from regiondash.data import TABLE_NAMES, build_catalog, load_catalog
from regiondash.problems import DataPackageError
from regiondash.store import StoreUnavailable, edits, open_store
from regiondash.store.core import fault_kind
from regiondash.store.package import export_package, import_package, validate_with_frictionless
from regiondash.store.schema import shipped_metadata

pytest_plugins = ["store_fixtures"]  # the `store` fixture: SQLite and PostgreSQL

WHO = "curator@example.org"
SOURCE = "ups-zju-2018-06"
AGREEMENT = {
    "id": "test-agreement",
    "title_en": "Test agreement <script>alert(1)</script>",
    "kind": "mou",
    "signed_year": "2024",
    "status": "active",
    "note": "'; DROP TABLE sources; --",
}
NEW_SOURCE = {
    "id": "test-source",
    "title": "A press release",
    "url": "https://example.org/release",
    "accessed_on": "2026-11-29",
    "reliability": "primary",
    "authority": "primary",
}


def test_a_new_store_holds_the_same_catalog_as_the_files(store):
    version, catalog = store.catalog()
    files = build_catalog(DATA_DIR)
    assert version == 1
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(catalog.table(name), files.table(name), check_exact=True)
    (entry,) = edits.audit_log(store)
    assert entry.action == "import" and entry.after["rows"]["sources"] == len(files.sources)


def test_migrations_create_exactly_the_tables_the_descriptor_derives(store):
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), shipped_metadata())
    assert differences == []


def test_export_writes_the_package_with_version_and_date_and_it_imports_back(store, tmp_path):
    edits.add(store, "agreements", AGREEMENT, source=SOURCE, who=WHO)
    folder = export_package(store, tmp_path / "export")
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    updated = dt.datetime.fromisoformat(descriptor["store_updated"])
    assert descriptor["store_version"] == 2
    assert abs(dt.datetime.now(dt.UTC) - updated) < dt.timedelta(minutes=5)
    assert validate_with_frictionless(folder) == []
    for resource in descriptor["resources"]:
        written = (folder / resource["path"]).read_bytes()
        shipped = (DATA_DIR / resource["path"]).read_bytes()
        if resource["name"] == "agreements":
            assert written.startswith(shipped) and b"test-agreement" in written[len(shipped) :]
        else:
            assert written == shipped, resource["name"]
    with pytest.raises(FileExistsError):
        export_package(store, folder)
    edits.retire(store, "agreements", ("test-agreement",), version=2, source=SOURCE, who=WHO)
    assert import_package(store, folder, who=WHO) == 4
    assert "test-agreement" in set(store.catalog()[1].agreements["id"])


def test_a_broken_package_is_refused_and_the_store_is_unchanged(store, data_copy):
    line = edit_cell(data_copy, "campuses", 0, "lat", "123")
    edit_cell(data_copy, "events", 0, "id", "renamed-event")  # a valid change alongside
    with pytest.raises(DataPackageError) as raised:
        import_package(store, data_copy, who=WHO)
    (problem,) = raised.value.problems
    assert (problem.table, problem.line, problem.field, problem.rule) == (
        "campuses",
        line,
        "lat",
        "maximum",
    )
    version, catalog = store.catalog()
    assert version == 1 and "renamed-event" not in set(catalog.events["id"])


def test_an_import_replaces_every_table_in_one_version(store, data_copy):
    events = pd.read_csv(data_copy / "events.csv", dtype=str, keep_default_na=False)
    events.iloc[1:].to_csv(data_copy / "events.csv", index=False, lineterminator="\n")
    assert import_package(store, data_copy, who=WHO) == 2
    version, catalog = store.catalog()
    assert version == 2 and list(catalog.events["id"]) == list(events["id"].iloc[1:])


def test_add_edit_retire_each_name_a_source_and_are_in_the_row_history(store):
    added = edits.add(store, "agreements", AGREEMENT, source=NEW_SOURCE, who=WHO)
    values, version = edits.row(store, "agreements", ("test-agreement",))
    assert values["title_en"] == AGREEMENT["title_en"] and values["note"] == AGREEMENT["note"]
    assert values["source_id"] == "test-source"  # an added row cites the change's source
    assert version == added.version == 2
    catalog = store.catalog()[1]
    assert "test-source" in set(catalog.sources["id"])
    edited = edits.edit(
        store,
        "agreements",
        ("test-agreement",),
        {"end_year": "2030"},
        version=2,
        source=SOURCE,
        who="other@example.org",
    )
    retired = edits.retire(
        store, "agreements", ("test-agreement",), version=edited.version, source=SOURCE, who=WHO
    )
    assert edits.row(store, "agreements", ("test-agreement",)) is None
    assert "test-agreement" not in set(store.catalog()[1].agreements["id"])
    history = edits.history(store, "agreements", ("test-agreement",))
    assert [(e.action, e.who, e.source_id, e.store_version) for e in history] == [
        ("add", WHO, "test-source", 2),
        ("edit", "other@example.org", SOURCE, 3),
        ("retire", WHO, SOURCE, 4),
    ]
    assert (history[1].before["end_year"], history[1].after["end_year"]) == ("", "2030")
    assert history[2].before["end_year"] == "2030" and history[2].after is None
    assert retired.version == store.version() == 4


def test_a_change_without_a_source_or_editor_is_refused(store):
    for source, who in ((None, WHO), ("", WHO), (SOURCE, "")):
        with pytest.raises(edits.EditRejected):
            edits.add(store, "agreements", AGREEMENT, source=source, who=who)
    with pytest.raises(edits.EditRejected) as raised:
        edits.add(store, "agreements", AGREEMENT, source="no-such-source", who=WHO)
    assert any(p.rule == "source" for p in raised.value.problems)
    assert store.version() == 1


@pytest.mark.parametrize(
    ("changes", "field", "rule"),
    [
        ({"signed_year": "20x4"}, "signed_year", "type"),
        ({"kind": "treaty"}, "kind", "enum"),
        ({"title_en": ""}, "title_en", "required"),
        ({"start_year": "2030", "end_year": "2020"}, "end_year", "year-order"),
        ({"id": "ups-zju-2018"}, "id", "primary-key"),
    ],
)
def test_a_change_breaking_a_rule_is_refused_at_its_field(store, changes, field, rule):
    with pytest.raises(edits.EditRejected) as raised:
        edits.add(store, "agreements", AGREEMENT | changes, source=SOURCE, who=WHO)
    located = [(p.table, p.field, p.rule) for p in raised.value.problems]
    assert ("agreements", field, rule) in located
    assert store.version() == 1 and edits.row(store, "agreements", ("test-agreement",)) is None


def test_retiring_a_cited_source_is_refused_naming_who_cites_it(store):
    values, version = edits.row(store, "sources", (SOURCE,))
    with pytest.raises(edits.EditRejected) as raised:
        edits.retire(store, "sources", (SOURCE,), version=version, source="wp-zju", who=WHO)
    cited_by = {(p.table, p.rule) for p in raised.value.problems}
    assert ("agreements", "foreign-key") in cited_by
    assert all(SOURCE in p.message for p in raised.value.problems)
    assert edits.row(store, "sources", (SOURCE,)) == (values, version)


def test_a_stale_edit_is_refused_with_what_changed(store):
    edits.add(store, "agreements", AGREEMENT, source=SOURCE, who=WHO)
    _, read_at = edits.row(store, "agreements", ("test-agreement",))
    edits.edit(
        store,
        "agreements",
        ("test-agreement",),
        {"place": "Hangzhou"},
        version=read_at,
        source=SOURCE,
        who="first@example.org",
    )
    with pytest.raises(edits.StaleEdit) as raised:
        edits.edit(
            store,
            "agreements",
            ("test-agreement",),
            {"place": "Paris"},
            version=read_at,
            source=SOURCE,
            who="second@example.org",
        )
    assert raised.value.fields == {"place": ("", "Hangzhou")}
    assert [c.who for c in raised.value.changes] == ["first@example.org"]
    assert edits.row(store, "agreements", ("test-agreement",))[0]["place"] == "Hangzhou"


def test_an_edit_of_a_retired_row_is_stale(store):
    key = (_first_id(store, "events"),)
    _, version = edits.row(store, "events", key)
    edits.retire(store, "events", key, version=version, source=SOURCE, who=WHO)
    with pytest.raises(edits.StaleEdit) as raised:
        edits.edit(store, "events", key, {"city": "X"}, version=version, source=SOURCE, who=WHO)
    assert raised.value.now is None


def test_revert_restores_the_row_unless_it_changed_since(store):
    key = (_first_id(store, "events"),)
    before, version = edits.row(store, "events", key)
    first = edits.edit(
        store, "events", key, {"city": "Reverted"}, version=version, source=SOURCE, who=WHO
    )
    edits.revert(store, first.entry_id, who=WHO)
    assert edits.row(store, "events", key)[0] == before
    last = edits.history(store, "events", key)[-1]
    assert last.reverts == first.entry_id and last.after == before
    second = edits.edit(
        store, "events", key, {"city": "Again"}, version=store.version(), source=SOURCE, who=WHO
    )
    edits.edit(
        store, "events", key, {"city": "Later"}, version=second.version, source=SOURCE, who=WHO
    )
    with pytest.raises(edits.StaleEdit):
        edits.revert(store, second.entry_id, who=WHO)
    retired = edits.retire(store, "events", key, version=store.version(), source=SOURCE, who=WHO)
    edits.revert(store, retired.entry_id, who=WHO)
    assert edits.row(store, "events", key)[0]["city"] == "Later"


def test_the_audit_log_is_append_only_in_the_database(store):
    with pytest.raises(sa.exc.DBAPIError), store.engine.begin() as connection:
        connection.execute(sa.text("UPDATE audit_log SET who = 'someone else'"))
    with pytest.raises(sa.exc.DBAPIError), store.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_log"))
    assert [e.who for e in edits.audit_log(store)] == ["first start"]


def test_load_catalog_shows_an_edit_at_its_next_call(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path}/seam.sqlite"
    monkeypatch.setenv("REGIONDASH_DATABASE_URL", url)
    before = load_catalog()
    assert load_catalog() is before  # cached while the store's version stays
    edits.add(open_store(url), "agreements", AGREEMENT, source=SOURCE, who=WHO)
    after = load_catalog()
    assert "test-agreement" in set(after.agreements["id"])
    assert "test-agreement" not in set(before.agreements["id"])
    assert after.descriptor["store_version"] == 2
    data._store_catalogs.pop(open_store(url).url)


def _first_id(store, table: str) -> str:
    return pd.read_csv(DATA_DIR / f"{table}.csv", dtype=str)["id"].iloc[0]


def test_a_full_disk_gives_a_clear_message_and_writes_nothing(store_url_on):
    store = open_store(store_url_on("sqlite"), DATA_DIR)  # SQLite's page limit: a full disk
    with store.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()

    def full_disk(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    sa.event.listen(store.engine, "connect", full_disk)
    store.engine.dispose()
    big = AGREEMENT | {"note": "x" * 2_000_000}
    with pytest.raises(StoreUnavailable) as raised:
        edits.add(store, "agreements", big, source=SOURCE, who=WHO)
    assert "full" in str(raised.value) and str(store.engine.url.database) not in str(raised.value)
    assert raised.value.kind == "disk-full" and raised.value.problems[0].rule == "disk-full"
    sa.event.remove(store.engine, "connect", full_disk)
    store.engine.dispose()
    assert store.version() == 1 and edits.row(store, "agreements", ("test-agreement",)) is None
    assert len(edits.audit_log(store)) == 1


def test_a_lost_database_gives_a_clear_message():
    with pytest.raises(StoreUnavailable) as raised:
        open_store("postgresql+psycopg://editor:secret@127.0.0.1:9/nowhere", DATA_DIR)
    (problem,) = raised.value.problems
    assert problem.file == "database" and "could not be used" in problem.message
    assert problem.rule == "connection-lost"
    assert "secret" not in str(raised.value)


def test_without_a_source_every_other_problem_of_the_form_shows_too(store):
    broken = AGREEMENT | {"signed_year": "20x5", "kind": "treaty"}
    with pytest.raises(edits.EditRejected) as raised:
        edits.add(store, "agreements", broken, source=None, who=WHO)
    located = {(p.table, p.field, p.rule) for p in raised.value.problems}
    assert located == {
        ("agreements", "source_id", "source"),
        ("agreements", "signed_year", "type"),
        ("agreements", "kind", "enum"),
    }  # the row's source_id, left to the change's source, is not "required" on top
    with pytest.raises(edits.EditRejected) as raised:
        edits.add(store, "agreements", broken, source=NEW_SOURCE | {"id": ""}, who=WHO)
    located = {(p.table, p.field, p.rule) for p in raised.value.problems}
    assert ("sources", "id", "required") in located
    assert ("agreements", "signed_year", "type") in located
    assert store.version() == 1 and edits.row(store, "agreements", ("test-agreement",)) is None


def test_a_connection_lost_during_a_save_writes_nothing(store_url_on):
    """The server ends the session in the middle of the save (after the row, before its audit
    entry): a clear message, and the store as it was."""
    url = store_url_on("postgresql")
    store = open_store(url, DATA_DIR)
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")

    def cut(connection, _cursor, statement, *_):
        if statement.lstrip().upper().startswith("INSERT INTO AUDIT_LOG"):
            pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
            with admin.connect() as other:
                other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

    sa.event.listen(store.engine, "before_cursor_execute", cut)
    try:
        with pytest.raises(StoreUnavailable) as raised:
            edits.add(store, "agreements", AGREEMENT, source=NEW_SOURCE, who=WHO)
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", cut)
        admin.dispose()
    assert raised.value.kind == "connection-lost"
    assert "INSERT" not in str(raised.value)  # one line of the driver, not the statement
    assert store.version() == 1  # the pool hands out a live connection again
    assert edits.row(store, "agreements", ("test-agreement",)) is None
    assert edits.row(store, "sources", ("test-source",)) is None
    assert len(edits.audit_log(store)) == 1
    store.engine.dispose()


def test_a_database_server_gone_gives_a_clear_message_on_save_and_on_read(store_url_on):
    store = open_store(store_url_on("sqlite"), DATA_DIR)
    _, version = edits.row(store, "agreements", ("ups-zju-2018",))
    store.engine.dispose()
    store.engine = sa.create_engine("postgresql+psycopg://editor:secret@127.0.0.1:9/gone")
    attempts = {
        "edit": lambda: edits.edit(
            store, "agreements", ("ups-zju-2018",), {"place": "X"},
            version=version, source=SOURCE, who=WHO,
        ),
        "row": lambda: edits.row(store, "agreements", ("ups-zju-2018",)),
        "history": lambda: edits.history(store, "agreements", ("ups-zju-2018",)),
        "audit log": lambda: edits.audit_log(store),
        "revert": lambda: edits.revert(store, 1, who=WHO),
    }  # fmt: skip
    for name, attempt in attempts.items():
        with pytest.raises(StoreUnavailable) as raised:
            attempt()
        assert raised.value.kind == "connection-lost", name
        assert "secret" not in str(raised.value), name


class _DriverError(Exception):
    def __init__(self, text: str, sqlstate: str | None = None):
        super().__init__(text)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("text", "sqlstate", "kind"),
    [
        ("database or disk is full", None, "disk-full"),
        ('could not extend file "base/1/2": No space left on device', "53100", "disk-full"),
        ("server closed the connection unexpectedly", None, "connection-lost"),
        ("terminating connection due to administrator command", "57P01", "connection-lost"),
        ('connection to server at "127.0.0.1", port 9 failed: Connection refused', None,
         "connection-lost"),
        ("database is locked", None, "database-locked"),
        ("something else", "XX000", "store"),
    ],
)  # fmt: skip
def test_database_faults_are_told_apart(text, sqlstate, kind):
    error = sa.exc.OperationalError("INSERT ...", {}, _DriverError(text, sqlstate))
    assert fault_kind(error) == kind
