"""Shared fixtures: a private copy of the shipped Data Package to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"


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
