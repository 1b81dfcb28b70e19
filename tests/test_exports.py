"""Downloads: formula injection neutralised, header present, Excel readable, zip complete."""

from __future__ import annotations

import io
import zipfile

import pandas as pd
from conftest import DATA_DIR

from regiondash.data import package_archive
from regiondash.exports import csv_bytes, excel_bytes

HOSTILE = pd.DataFrame(
    {
        "title": ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "Plain"],
        "count": [1, 2, 3, 4, 5],
    }
)


def test_csv_neutralises_formula_cells_and_keeps_numbers():
    text = csv_bytes(HOSTILE, ["Filters: all", "=cmd|' /C calc'!A0"]).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "# Filters: all"
    assert lines[1] == "# '=cmd|' /C calc'!A0"
    frame = pd.read_csv(io.StringIO(text), comment="#")
    assert list(frame["title"]) == [
        '\'=HYPERLINK("http://x")',
        "'+1",
        "'-2+3",
        "'@SUM(A1)",
        "Plain",
    ]
    assert list(frame["count"]) == [1, 2, 3, 4, 5]


def test_excel_has_neutralised_data_and_an_about_sheet():
    workbook = pd.read_excel(io.BytesIO(excel_bytes(HOSTILE, ["Sources: x"])), sheet_name=None)
    assert workbook["data"]["title"].str.startswith("'").sum() == 4
    assert list(workbook["about"]["about"]) == ["Sources: x"]


def test_package_zip_holds_every_file_of_the_package():
    archive = zipfile.ZipFile(io.BytesIO(package_archive(DATA_DIR)))
    names = set(archive.namelist())
    expected = {
        f"regiondash-data/{p.relative_to(DATA_DIR)}" for p in DATA_DIR.rglob("*") if p.is_file()
    }
    assert names == expected
    assert "regiondash-data/datapackage.json" in names
