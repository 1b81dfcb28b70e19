"""The store: the curated tables in a database, read back as the same checked `Catalog`.

`open_store()` gives the store of REGIONDASH_DATABASE_URL (default: var/regiondash.sqlite),
migrated and, on first start, filled from the Data Package in data/. Every write goes through
`Store.write()`: one transaction that holds the write lock, checks the whole new state with the
loader's own checks, and moves the store's version on by one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from regiondash import settings
from regiondash.data import TABLE_NAMES, Catalog, checked_catalog, read_geo
from regiondash.problems import DATABASE, DESCRIPTOR_FILE, DataPackageError, Problem
from regiondash.store import connection as db
from regiondash.store.checks import Checked, check_all
from regiondash.store.schema import (
    SEQ,
    VERSION,
    field_types,
    metadata_for,
    shipped_descriptor,
    to_column,
    to_text,
)
from regiondash.validation import as_list, missing_values

META_ID = 1


# What went wrong with the database, as the rule of its problem (the app words each one).
DISK_FULL, CONNECTION_LOST, LOCKED, UNAVAILABLE = (
    "disk-full",
    "connection-lost",
    "database-locked",
    "store",
)
# Database errors a write can meet that are about the database, not the change.
FAULTS = (sa.exc.OperationalError, sa.exc.InterfaceError)


class StoreUnavailable(DataPackageError):
    """The database cannot be reached or written (connection lost, disk full, locked).

    A DataPackageError, so the app shows it like any problem: a readable line, no traceback.
    `kind` (the problem's rule) says which fault it is.
    """

    def __init__(self, message: str, kind: str = UNAVAILABLE):
        self.kind = kind
        super().__init__([Problem(DATABASE, None, None, kind, message)])

    @classmethod
    def from_error(cls, error: sa.exc.DBAPIError) -> StoreUnavailable:
        return cls(_reason(error), fault_kind(error))


def fault_kind(error: sa.exc.DBAPIError) -> str:
    """Which fault a database error is: a full disk, a lost connection, a lock, or other.

    PostgreSQL says it with its SQLSTATE (53100 disk full, class 08 connection, 57P01-03 the
    server going away); SQLite and a dropped socket only in words.
    """
    sqlstate = getattr(error.orig, "sqlstate", None) or ""
    text = str(error.orig or error).lower()
    if sqlstate == "53100" or "disk is full" in text or "no space left" in text:
        return DISK_FULL
    if error.connection_invalidated or sqlstate.startswith("08") or sqlstate in _SERVER_GONE:
        return CONNECTION_LOST
    if any(words in text for words in _CONNECTION_WORDS):
        return CONNECTION_LOST
    if "database is locked" in text or sqlstate in ("55P03", "40P01"):
        return LOCKED
    return UNAVAILABLE


_SERVER_GONE = ("57P01", "57P02", "57P03")
_CONNECTION_WORDS = (
    "connection refused",
    "server closed the connection",
    "connection is closed",
    "connection timed out",
    "could not connect",
    "connection failed",
    "terminating connection",
    "consuming input failed",
    "connection to server",
)


@dataclass(frozen=True)
class State:
    """What a write transaction sees: its connection, the store's version and descriptor."""

    connection: sa.Connection
    version: int
    descriptor: dict


class Store:
    """The tables of one database, with the geo files of `data_dir` for the checks."""

    def __init__(self, engine: sa.Engine, data_dir: Path):
        self.engine = engine
        self.data_dir = data_dir
        self.metadata = metadata_for(shipped_descriptor())
        self.tables = {name: self.metadata.tables[name] for name in TABLE_NAMES}
        self.meta = self.metadata.tables["store_meta"]
        self.log = self.metadata.tables["audit_log"]
        self._last_checked: Checked | None = None

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @cached_property
    def geo(self):
        """Region shapes and outlines (files beside the package, read once)."""
        return read_geo(self.data_dir)

    # --- reading -------------------------------------------------------------------------

    def version(self) -> int:
        """The store's version: one step per committed change; 0 while empty."""
        with self.reading() as connection:
            row = connection.execute(sa.select(self.meta.c.version)).first()
        return row[0] if row else 0

    def status(self) -> tuple[int, dt.datetime | None, dict | None]:
        """(version, when it last changed, descriptor); (0, None, None) while empty."""
        with self.reading() as connection:
            row = connection.execute(sa.select(self.meta)).mappings().first()
        if row is None:
            return 0, None, None
        return row["version"], _utc(row["updated_at"]), json.loads(row["descriptor"])

    def raw_tables(self, connection: sa.Connection, descriptor: dict) -> dict[str, pd.DataFrame]:
        """Every table as a frame of strings in its CSV order (missing values are "")."""
        return {
            resource["name"]: self._raw_table(connection, resource)
            for resource in descriptor["resources"]
        }

    def _raw_table(self, connection: sa.Connection, resource: dict) -> pd.DataFrame:
        table = self.tables[resource["name"]]
        fields = resource["schema"]["fields"]
        rows = connection.execute(sa.select(table).order_by(table.c[SEQ])).mappings().all()
        columns = {f["name"]: [to_text(row[f["name"]], f) for row in rows] for f in fields}
        return pd.DataFrame(columns, dtype=object).astype(str) if rows else _empty(fields)

    def catalog(self) -> tuple[int, Catalog]:
        """The checked catalog of what is stored now, with the version it reflects."""
        with self.reading() as connection:
            row = connection.execute(sa.select(self.meta)).mappings().first()
            if row is None:
                raise DataPackageError([_problem("the store is empty: import a package first")])
            descriptor = _published(json.loads(row["descriptor"]), row)
            raw = self.raw_tables(connection, descriptor)
        return row["version"], checked_catalog(descriptor, raw, lambda: self.geo)

    @contextlib.contextmanager
    def reading(self) -> Iterator[sa.Connection]:
        try:
            with self.engine.connect() as connection:
                yield connection
        except FAULTS as error:
            raise StoreUnavailable.from_error(error) from error

    # --- writing -------------------------------------------------------------------------

    @contextlib.contextmanager
    def write(self) -> Iterator[State]:
        """One write transaction: the write lock, the current state, one new version on commit.

        The caller changes rows and raises to roll everything back; `commit_version` records
        the new version. Nothing is written unless the whole block succeeds.
        """
        try:
            with db.writer(self.engine).begin() as connection:
                row = connection.execute(sa.select(self.meta).with_for_update()).mappings().first()
                if row is None:
                    yield State(connection, 0, {})
                else:
                    yield State(connection, row["version"], json.loads(row["descriptor"]))
        except FAULTS as error:
            raise StoreUnavailable.from_error(error) from error

    def commit_version(self, state: State, descriptor: dict | None = None) -> int:
        """Move the store's version on by one (inside `write`); return the new version."""
        version, now = state.version + 1, dt.datetime.now(dt.UTC)
        text = json.dumps(descriptor or state.descriptor, ensure_ascii=False)
        if state.version == 0:
            state.connection.execute(
                self.meta.insert().values(
                    id=META_ID, version=version, updated_at=now, descriptor=text
                )
            )
        else:
            values = {"version": version, "updated_at": now}
            if descriptor is not None:
                values["descriptor"] = text
            state.connection.execute(self.meta.update().values(**values))
        return version

    def checked(self, state: State) -> Checked:
        """The state a write transaction starts from, checked (kept in memory between writes)."""
        last = self._last_checked
        if last is not None and last.version == state.version:
            return last
        raw = self.raw_tables(state.connection, state.descriptor)
        return check_all(state.version, state.descriptor, raw, lambda: self.geo)

    def remember(self, checked: Checked) -> None:
        """Keep a committed, checked state for the next write of this process."""
        self._last_checked = checked

    def insert_rows(self, state: State, name: str, raw: pd.DataFrame, version: int, start=0):
        """Insert rows of strings into table `name`, numbered from `start` in CSV order."""
        resource = resource_of(state.descriptor, name)
        if raw.empty:
            return
        rows = [
            _column_values(resource, record) | {SEQ: start + position, VERSION: version}
            for position, record in enumerate(raw.to_dict("records"))
        ]
        state.connection.execute(self.tables[name].insert(), rows)

    def log_entry(self, state: State, **entry) -> int:
        """Append one audit log entry; returns its id."""
        entry.setdefault("at", dt.datetime.now(dt.UTC))
        for side in ("before", "after"):
            if isinstance(entry.get(side), dict):
                entry[side] = json.dumps(entry[side], ensure_ascii=False)
        return state.connection.execute(self.log.insert().values(**entry)).inserted_primary_key[0]


def resource_of(descriptor: dict, name: str) -> dict:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def key_fields(descriptor: dict, name: str) -> list[str]:
    return as_list(resource_of(descriptor, name)["schema"].get("primaryKey", []))


def _column_values(resource: dict, record: dict[str, str]) -> dict[str, object]:
    missing = missing_values(resource["schema"])
    return {
        f["name"]: to_column(str(record.get(f["name"], "")), f, missing)
        for f in resource["schema"]["fields"]
    }


def _empty(fields: list[dict]) -> pd.DataFrame:
    return pd.DataFrame({f["name"]: pd.Series([], dtype=str) for f in fields})


def _published(descriptor: dict, meta_row) -> dict:
    """The descriptor as published: with the store's version and the date it last changed."""
    return descriptor | {
        "store_version": meta_row["version"],
        "store_updated": _utc(meta_row["updated_at"]).isoformat(timespec="seconds"),
    }


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _problem(message: str) -> Problem:
    return Problem(DESCRIPTOR_FILE, None, None, "store", message)


def _reason(error: sa.exc.OperationalError) -> str:
    """What went wrong, in one line, without the statement or the password."""
    text = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    return f"the database could not be used: {text}"


def same_schema_problems(descriptor: dict) -> list[Problem]:
    """Problems when a package's tables do not have the store's fields and types."""
    stored, given = field_types(shipped_descriptor()), field_types(descriptor)
    problems = []
    for name, fields in stored.items():
        if given.get(name) != fields:
            message = (
                f"the schema of '{name}' differs from the store's tables "
                f"(fields and types must be {fields}); a migration is needed first"
            )
            problems.append(Problem(DESCRIPTOR_FILE, None, name, "store-schema", message))
    return problems


@lru_cache(maxsize=8)
def _store_for(url: str, data_dir: str) -> Store:
    engine = db.make_engine(url)
    store = Store(engine, Path(data_dir))
    try:
        with db.first_start_lock(engine):
            db.migrate(engine)
            if store.version() == 0:
                from regiondash.store.package import import_package

                import_package(store, Path(data_dir), who="first start")
    except FAULTS as error:  # not cached: the next run tries again
        raise StoreUnavailable.from_error(error) from error
    return store


def open_store(url: str | None = None, data_dir: Path | None = None) -> Store:
    """The store at `url` (default: the configured one), migrated and filled on first start."""
    folder = Path(data_dir or settings.data_dir()).resolve()
    return _store_for(url or db.database_url(), str(folder))
