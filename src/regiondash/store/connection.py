"""Engines for the store: SQLite (the embedded default) or PostgreSQL, and their migrations.

SQLite runs in WAL mode with synchronous=FULL, so a committed change survives a kill or a power
cut, and readers never wait for the writer. Every write transaction takes the store's write
lock first (SQLite: BEGIN IMMEDIATE; PostgreSQL: the store_meta row FOR UPDATE), so changes are
checked and applied one after another against the data they were checked on.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from regiondash import settings
from regiondash.store.schema import migrations_dir

WRITE = "regiondash_write"
INIT_LOCK_ID = 0x5245_4744  # pg_advisory_lock key for first start ("REGD")


def database_url() -> str:
    """REGIONDASH_DATABASE_URL, or the SQLite file var/regiondash.sqlite for the shipped data.

    Another package (REGIONDASH_DATA_DIR) gets a file of its own, so it is never shown from a
    store that was filled from a different package.
    """
    configured = settings.get("database_url")
    if configured:
        return configured
    folder = settings.data_dir().resolve()
    name = "regiondash"
    if folder != (settings.PROJECT_ROOT / "data").resolve():
        name += "-" + hashlib.sha1(str(folder).encode()).hexdigest()[:12]
    return f"sqlite:///{settings.PROJECT_ROOT / 'var' / name}.sqlite"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str) -> sa.Engine:
    """An engine on `url`; SQLite files get their folder, WAL and full sync."""
    if not is_sqlite(url):
        return sa.create_engine(url, pool_pre_ping=True)
    path = sa.make_url(url).database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": 30})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # SQLAlchemy's begin event issues BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection):
        immediate = connection.get_execution_options().get(WRITE)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def writer(engine: sa.Engine) -> sa.Engine:
    """The same engine, whose transactions take SQLite's write lock when they begin."""
    return engine.execution_options(**{WRITE: True})


def alembic_config(url: str) -> Config:
    config = Config(str(migrations_dir().parent / "alembic.ini"))
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(engine: sa.Engine) -> None:
    """Bring the database's tables to the newest migration."""
    with engine.begin() as connection:
        config = alembic_config(engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextlib.contextmanager
def first_start_lock(engine: sa.Engine) -> Iterator[None]:
    """One process at a time creates and fills a new store (others wait, then find it done)."""
    if engine.dialect.name == "sqlite":
        path = engine.url.database
        if not path or path == ":memory:":
            yield
            return
        with open(f"{path}.init-lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        return
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": INIT_LOCK_ID})
        connection.commit()
        try:
            yield
        finally:
            connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": INIT_LOCK_ID})
            connection.commit()
