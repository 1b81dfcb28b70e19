"""Shared fixtures: a private copy of the shipped Data Package to break on purpose."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
# Tests never touch a developer's store: each test process gets its own, filled from data/.
os.environ["REGIONDASH_DATABASE_URL"] = (
    f"sqlite:///{tempfile.mkdtemp(prefix='regiondash-test-store-')}/store.sqlite"
)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ that a test may edit."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit_cell(data_dir: Path, table: str, row: int, field: str, value: str) -> int:
    """Set one cell of a CSV (row is 0-based among data rows); returns its file line."""
    path = data_dir / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row, field] = value
    frame.to_csv(path, index=False)
    return row + 2


def row_of(data_dir: Path, table: str, column: str, value: str) -> int:
    """0-based data row where `column` equals `value`."""
    frame = pd.read_csv(data_dir / f"{table}.csv", dtype=str, keep_default_na=False)
    return int(frame.index[frame[column] == value][0])


def open_page(page: str, state: dict | None = None, **query):
    """A fresh app on one page after one run, with session state and query parameters set first.

    One run per AppTest: Streamlit 1.67's AppTest drops the entry script's sidebar widgets on
    a second run of an st.navigation app.
    """
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in (state or {}).items():
        app.session_state[key] = value
    for key, value in query.items():
        app.query_params[key] = value
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app
