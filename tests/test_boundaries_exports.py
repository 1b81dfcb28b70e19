"""Downloads at their edges: no index column, ISO dates, BOM, empty and single-row tables."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from regiondash.exports import (
    ExportInfo,
    csv_bytes,
    excel_bytes,
    neutralise_formulas,
    neutralise_lines,
)

DATED = pd.DataFrame(
    {
        "id": ["a", "b"],
        "when": pd.to_datetime(["2018-06-14", "2024-11-26"]),
        "count": [3, 4],
    },
    index=[10, 20],
)


INFO = ExportInfo(name="t", title="T", filters="all", as_of="2026-11-24")


def sheet_rows(data: bytes, sheet: str) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["data", "about"]
    return list(book[sheet].iter_rows(values_only=True))


def test_csv_has_the_table_columns_only_and_iso_dates():
    text = csv_bytes(DATED).decode("utf-8-sig")
    assert text.splitlines() == ["id,when,count", "a,2018-06-14,3", "b,2024-11-26,4"]


def test_csv_starts_with_a_utf8_byte_order_mark_then_the_header_row_and_keeps_chinese():
    data = csv_bytes(pd.DataFrame({"name": ["浙江大学"]}))
    assert data.startswith(b"\xef\xbb\xbfname\n")
    assert data.decode("utf-8-sig").splitlines() == ["name", "浙江大学"]
    assert list(pd.read_csv(io.BytesIO(data))["name"]) == ["浙江大学"]


def test_excel_sheets_hold_the_table_and_header_without_an_index():
    data = excel_bytes(DATED, ExportInfo(name="t", title="T", filters="=1+1", as_of="2026-11-24"))
    rows = sheet_rows(data, "data")
    assert rows[0] == ("id", "when", "count")
    assert [r[0] for r in rows[1:]] == ["a", "b"]
    assert [r[2] for r in rows[1:]] == [3, 4]
    assert sheet_rows(data, "about") == [
        ("item", "value", "url"),
        ("Table", "T", None),
        ("Filters", "'=1+1", None),
        ("Data as of", "2026-11-24", None),
    ]


def test_empty_table_exports_its_header_row_only():
    empty = DATED.head(0)
    assert csv_bytes(empty).decode("utf-8-sig").splitlines() == ["id,when,count"]
    assert sheet_rows(excel_bytes(empty, INFO), "data") == [("id", "when", "count")]
    assert len(sheet_rows(excel_bytes(empty, INFO), "about")) == 4  # still says what it is


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_prefix_is_neutralised_in_cells_and_header(prefix):
    frame = neutralise_formulas(pd.DataFrame({"text": [prefix + "x", "x" + prefix]}))
    assert list(frame["text"]) == ["'" + prefix + "x", "x" + prefix]
    assert neutralise_lines([prefix + "x", "x"]) == ["'" + prefix + "x", "x"]


def test_numbers_dates_and_missing_values_are_left_alone():
    frame = pd.DataFrame({"n": [-1, 2], "x": [-1.5, None], "text": ["-3", None]})
    safe = neutralise_formulas(frame)
    assert list(safe["n"]) == [-1, 2]
    assert safe["x"].iloc[0] == -1.5 and pd.isna(safe["x"].iloc[1])
    assert safe["text"].iloc[0] == "-3" and pd.isna(safe["text"].iloc[1])  # a number, as text
    assert safe["n"].dtype == frame["n"].dtype


def test_pandas_string_columns_are_neutralised_too():
    frame = pd.DataFrame({"text": pd.array(["=x", "y"], dtype="string")})
    assert list(neutralise_formulas(frame)["text"]) == ["'=x", "y"]


def test_the_input_table_is_not_modified():
    frame = pd.DataFrame({"text": ["=x"]})
    neutralise_formulas(frame)
    assert frame["text"].iloc[0] == "=x"


@pytest.mark.parametrize("text", ["-0", "-12", "-1.5", "-100000"])
def test_a_negative_number_written_as_text_stays_as_written(text):
    assert list(neutralise_formulas(pd.DataFrame({"v": [text]}))["v"]) == [text]


@pytest.mark.parametrize("text", ["-1.", "-.5", "-1e3", "- 1", "-1 ", "-1-1", "-1\n=2"])
def test_anything_more_than_a_plain_negative_number_is_neutralised(text):
    assert list(neutralise_formulas(pd.DataFrame({"v": [text]}))["v"]) == ["'" + text]
