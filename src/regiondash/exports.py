"""Table downloads that open cleanly: a plain CSV (header row, then data), an Excel workbook
whose second sheet says what the table holds, and a zip of the CSV with a datapackage.json
beside it. Text a spreadsheet would run as a formula is neutralised; numbers stay numbers."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A negative number written as text ("-12", "-1.5") is a value, not a formula: left as is.
NEGATIVE_NUMBER = re.compile(r"-\d+(\.\d+)?")
ENCODING = "utf-8-sig"  # a BOM, so Excel reads accents and Chinese; pandas strips it
EXCEL_CELL_CHARS = 32_767  # the most text an Excel cell holds


@dataclass(frozen=True)
class ExportInfo:
    """What a download holds, for its sidecar: title, active filters, as-of date, sources.

    `labels` are the translated names of the kinds of line (title, filters, as of, source, and
    cells cut to fit Excel).
    """

    name: str
    title: str
    filters: str
    as_of: str
    sources: tuple[tuple[str, str], ...] = ()
    labels: tuple[str, str, str, str, str] = (
        "Table",
        "Filters",
        "Data as of",
        "Source",
        "Cells cut at Excel's limit of 32,767 characters (the CSV holds them whole)",
    )


def _neutralised(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return value if NEGATIVE_NUMBER.fullmatch(value) else "'" + value
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells a spreadsheet would run as a formula get a leading apostrophe; numbers (and
    negative numbers written as text) are left alone."""
    safe = frame.copy()
    for column in safe.columns:
        if pd.api.types.is_string_dtype(safe[column]) or safe[column].dtype == object:
            safe[column] = safe[column].map(_neutralised)
    return safe


def neutralise_lines(lines: list[str]) -> list[str]:
    """Sidecar lines are data too (source titles): same neutralisation as cells."""
    return [_neutralised(line) for line in lines]


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A CSV that `pandas.read_csv(path)` reads with default arguments: one header row, the
    neutralised rows, ISO dates, missing values empty. UTF-8 with a BOM for spreadsheets."""
    body = neutralise_formulas(frame).to_csv(index=False, date_format="%Y-%m-%d")
    return body.encode(ENCODING)


def about_rows(info: ExportInfo, cut: str = "") -> list[tuple[str, str, str]]:
    """The sidecar as (item, value, address) rows: title, filters, as-of, each source, then
    which cells were cut to fit Excel (`cut`, when any)."""
    title, filters, as_of, source, cut_label = info.labels
    rows = [(title, info.title, ""), (filters, info.filters, ""), (as_of, info.as_of, "")]
    rows += [(source, name, url) for name, url in info.sources]
    if cut:
        rows.append((cut_label, cut, ""))
    return [tuple(neutralise_lines(list(row))) for row in rows]


def fit_excel_cells(data: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Text longer than an Excel cell holds, cut to fit and ended with "…"; and the cut cells
    as the sheet names them ("C2, C7", the header being row 1), "" when none. Excel would
    otherwise refuse them or shorten them silently."""
    from openpyxl.utils import get_column_letter

    fitted, cut = data.copy(), []
    for number, column in enumerate(data.columns, start=1):
        values = data[column]
        long = values.map(lambda value: isinstance(value, str) and len(value) > EXCEL_CELL_CHARS)
        if long.any():
            fitted[column] = values.where(~long, values[long].str[: EXCEL_CELL_CHARS - 1] + "…")
            letter = get_column_letter(number)
            cut += [f"{letter}{row + 2}" for row in long.to_numpy().nonzero()[0]]
    return fitted, ", ".join(cut[:20]) + (" …" if len(cut) > 20 else "")


def excel_bytes(frame: pd.DataFrame, info: ExportInfo) -> bytes:
    """An .xlsx workbook: the neutralised rows on sheet "data" (numbers as numbers), what they
    hold on sheet "about"."""
    buffer = io.BytesIO()
    # Missing values as empty cells (openpyxl cannot write pandas' NA).
    data = neutralise_formulas(frame).astype(object).where(frame.notna(), None)
    data, cut = fit_excel_cells(data)
    about = pd.DataFrame(about_rows(info, cut), columns=["item", "value", "url"])
    about["value"] = fit_excel_cells(about[["value"]])[0]["value"]  # a filter list can be long
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        data.to_excel(writer, sheet_name="data", index=False)
        about.to_excel(writer, sheet_name="about", index=False)
    return buffer.getvalue()


def _field_type(series: pd.Series) -> str:
    """Table Schema type of a column, as it reads back from the CSV."""
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        whole = series.dropna()
        return "integer" if len(whole) and (whole == whole.round()).all() else "number"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    return "string"


def datapackage(frame: pd.DataFrame, info: ExportInfo) -> dict:
    """A Frictionless Data Package describing the CSV: its schema, filters, as-of and sources."""
    return {
        "name": info.name,
        "title": info.title,
        "description": "\n".join(f"{item}: {value}" for item, value, _ in about_rows(info)[:3]),
        "x_filters": info.filters,
        "x_as_of": info.as_of,
        "sources": [
            {"title": name, "path": url} if url else {"title": name} for name, url in info.sources
        ],
        "resources": [
            {
                "name": info.name,
                "path": f"{info.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": ENCODING,
                "schema": {
                    "fields": [
                        {"name": str(column), "type": _field_type(frame[column])}
                        for column in frame.columns
                    ]
                },
            }
        ],
    }


def zip_bytes(frame: pd.DataFrame, info: ExportInfo) -> bytes:
    """A zip of `<name>.csv` and the datapackage.json that says what it holds."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{info.name}.csv", csv_bytes(frame))
        described = json.dumps(datapackage(frame, info), ensure_ascii=False, indent=2)
        archive.writestr("datapackage.json", described)
    return buffer.getvalue()
