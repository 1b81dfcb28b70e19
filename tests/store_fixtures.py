"""Stores for tests: SQLite files and PostgreSQL databases, each a copy of one filled from data/.

Filling a store checks the whole package (about a second), so each backend is filled once per
test process and every test gets a fresh copy (a file copy; PostgreSQL's CREATE DATABASE ...
TEMPLATE).
"""

from __future__ import annotations

import itertools
import shutil

import pytest
from conftest import DATA_DIR
from postgres import create_database, postgres_cluster, postgres_or_skip

from regiondash.store import open_store

BACKENDS = ["sqlite", "postgresql"]
_numbers = itertools.count()


@pytest.fixture(scope="session")
def postgres_server():
    """URL of a throwaway PostgreSQL server's `postgres` database (skips when not installed)."""
    with postgres_cluster(postgres_or_skip()) as url:
        yield url


@pytest.fixture(scope="session")
def seeded_sqlite(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "seed.sqlite"
    store = open_store(f"sqlite:///{path}", DATA_DIR)
    store.engine.dispose()  # the last connection out checkpoints the WAL into the file
    return path


@pytest.fixture(scope="session")
def seed_checked(seeded_sqlite):
    """The checked state every copy starts from (checked once, not once per copy)."""
    store = open_store(f"sqlite:///{seeded_sqlite}", DATA_DIR)
    with store.write() as state:
        checked = store.checked(state)
    store.engine.dispose()
    return checked


@pytest.fixture(scope="session")
def seeded_postgres(postgres_server):
    url = create_database(postgres_server, "seed")
    open_store(url, DATA_DIR).engine.dispose()  # a template database has no open connection
    return postgres_server


def new_store_url(backend: str, request, tmp_path) -> str:
    """URL of a fresh copy of the seeded store on `backend` (sqlite or postgresql)."""
    if backend == "sqlite":
        path = tmp_path / "store.sqlite"
        shutil.copyfile(request.getfixturevalue("seeded_sqlite"), path)
        return f"sqlite:///{path}"
    server = request.getfixturevalue("seeded_postgres")
    return create_database(server, f"test_{next(_numbers)}", template="seed")


@pytest.fixture
def store_url_on(request, tmp_path):
    """A function: backend name -> URL of a fresh copy of the seeded store."""
    return lambda backend: new_store_url(backend, request, tmp_path)


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    """A store filled from data/, on SQLite and on PostgreSQL."""
    opened = open_store(new_store_url(request.param, request, tmp_path), DATA_DIR)
    opened.remember(request.getfixturevalue("seed_checked"))  # same content as the seed
    yield opened
    opened.engine.dispose()
