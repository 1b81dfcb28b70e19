"""Downloads open cleanly: pandas.read_csv with default arguments, Excel numbers as numbers,
filters / as-of / sources in a sidecar, formula injection neutralised, zip complete."""

from __future__ import annotations

import io
import json
import warnings
import zipfile

import openpyxl
import pandas as pd
import pytest
from conftest import DATA_DIR

from regiondash.data import TABLE_NAMES, load_catalog, package_archive
from regiondash.exports import (
    EXCEL_CELL_CHARS,
    ExportInfo,
    csv_bytes,
    datapackage,
    excel_bytes,
    zip_bytes,
)

HOSTILE = pd.DataFrame(
    {
        "title": ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "Plain"],
        "count": [1, 2, 3, 4, 5],
        "change": [-1, -20, 0, 3, -4],
    }
)
INFO = ExportInfo(
    name="hostile",
    title="regiondash — hostile",
    filters="=cmd|' /C calc'!A0",
    as_of="2026-11-24",
    sources=(("Report", "https://example.org/r"), ("-Notes", "")),
)


def read_back(data: bytes) -> pd.DataFrame:
    """What an analyst gets from pandas.read_csv(path) with default arguments."""
    return pd.read_csv(io.BytesIO(data))


def test_csv_reads_back_with_pandas_defaults_formulas_neutralised_numbers_kept():
    frame = read_back(csv_bytes(HOSTILE))
    assert list(frame.columns) == ["title", "count", "change"]  # no BOM in the first name
    assert list(frame["title"]) == [
        '\'=HYPERLINK("http://x")',
        "'+1",
        "'-2+3",
        "'@SUM(A1)",
        "Plain",
    ]
    assert list(frame["count"]) == [1, 2, 3, 4, 5]
    assert list(frame["change"]) == [-1, -20, 0, 3, -4]  # negative numbers stay numbers
    assert frame["change"].dtype.kind == "i"


def test_negative_numbers_written_as_text_are_not_turned_into_text():
    frame = read_back(csv_bytes(pd.DataFrame({"delta": ["-3", "-1.5", "-2+3", "-x"]})))
    assert list(frame["delta"]) == ["-3", "-1.5", "'-2+3", "'-x"]


def test_excel_stores_numbers_as_numbers_and_its_about_sheet_names_filters_and_sources():
    book = openpyxl.load_workbook(io.BytesIO(excel_bytes(HOSTILE, INFO)))
    assert book.sheetnames == ["data", "about"]
    data = list(book["data"].iter_rows(values_only=True))
    assert data[0] == ("title", "count", "change")
    assert [row[1] for row in data[1:]] == [1, 2, 3, 4, 5]
    assert [row[2] for row in data[1:]] == [-1, -20, 0, 3, -4]
    assert all(isinstance(row[2], int) for row in data[1:])
    assert sum(str(row[0]).startswith("'") for row in data[1:]) == 4
    about = list(book["about"].iter_rows(values_only=True))
    assert about[0] == ("item", "value", "url")
    assert ("Filters", "'=cmd|' /C calc'!A0", None) in about  # neutralised there too
    assert ("Data as of", "2026-11-24", None) in about
    assert ("Source", "Report", "https://example.org/r") in about
    assert ("Source", "'-Notes", None) in about


def test_text_too_long_for_an_excel_cell_is_cut_visibly_and_the_about_sheet_names_the_cells():
    limit = EXCEL_CELL_CHARS
    frame = pd.DataFrame(
        {
            "n": [1, 2, 3],
            "text": ["short", "x" * limit, "y" * (limit + 1)],  # the longest that fits, one more
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # openpyxl's "truncated" warning would be a silent cut
        book = openpyxl.load_workbook(io.BytesIO(excel_bytes(frame, INFO)))
    rows = list(book["data"].values)
    assert rows[2][1] == "x" * limit  # kept whole
    assert rows[3][1] == "y" * (limit - 1) + "…"
    about = list(book["about"].values)
    assert about[-1] == (INFO.labels[4], "B4", None)
    assert read_back(csv_bytes(frame))["text"].iloc[2] == "y" * (limit + 1)  # whole in the CSV


def test_an_export_with_nothing_to_cut_says_nothing_about_cutting():
    about = list(openpyxl.load_workbook(io.BytesIO(excel_bytes(HOSTILE, INFO)))["about"].values)
    assert all(INFO.labels[4] != row[0] for row in about)


def test_missing_counts_are_empty_cells_not_text():
    frame = pd.DataFrame(
        {"count": pd.array([48000, None], dtype="Int64"), "qualifier": ["at least", "not sourced"]}
    )
    back = read_back(csv_bytes(frame))
    assert back["count"].iloc[0] == 48000 and pd.isna(back["count"].iloc[1])
    rows = list(openpyxl.load_workbook(io.BytesIO(excel_bytes(frame, INFO)))["data"].values)
    assert rows[1:] == [(48000, "at least"), (None, "not sourced")]


def test_zip_holds_the_csv_and_a_datapackage_describing_it():
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(HOSTILE, INFO)))
    assert sorted(archive.namelist()) == ["datapackage.json", "hostile.csv"]
    assert read_back(archive.read("hostile.csv")).equals(read_back(csv_bytes(HOSTILE)))
    package = json.loads(archive.read("datapackage.json"))
    (resource,) = package["resources"]
    assert resource["path"] == "hostile.csv"
    fields = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
    assert fields == {"title": "string", "count": "integer", "change": "integer"}
    assert package["x_as_of"] == "2026-11-24" and package["x_filters"] == INFO.filters
    assert {"title": "Report", "path": "https://example.org/r"} in package["sources"]


def test_datapackage_types_follow_the_columns():
    frame = pd.DataFrame(
        {
            "whole": [1.0, None],
            "part": [1.5, 2.0],
            "when": pd.to_datetime(["2020-01-01", None]),
            "flag": [True, False],
        }
    )
    fields = datapackage(frame, INFO)["resources"][0]["schema"]["fields"]
    assert [f["type"] for f in fields] == ["integer", "number", "date", "boolean"]


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_every_data_table_export_reads_back_with_pandas_defaults(name):
    table = load_catalog().table(name)
    back = read_back(csv_bytes(table))
    assert list(back.columns) == list(table.columns)
    assert len(back) == len(table)
    for column in table.columns:  # numeric columns stay numeric
        if pd.api.types.is_numeric_dtype(table[column]) and table[column].notna().any():
            assert pd.api.types.is_numeric_dtype(back[column]), column


def test_package_zip_holds_every_file_of_the_package():
    archive = zipfile.ZipFile(io.BytesIO(package_archive(DATA_DIR)))
    names = set(archive.namelist())
    expected = {
        f"regiondash-data/{p.relative_to(DATA_DIR)}" for p in DATA_DIR.rglob("*") if p.is_file()
    }
    assert names == expected
    assert "regiondash-data/datapackage.json" in names
