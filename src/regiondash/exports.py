"""Table downloads: CSV and Excel with a header naming filters and sources, formulas neutralised."""

from __future__ import annotations

import io

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells a spreadsheet would run as a formula get a leading apostrophe."""
    safe = frame.copy()
    for column in safe.columns:
        if pd.api.types.is_string_dtype(safe[column]) or safe[column].dtype == object:
            safe[column] = safe[column].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_PREFIXES) else v
            )
    return safe


def neutralise_lines(lines: list[str]) -> list[str]:
    """Header lines are data too (source titles): same neutralisation as cells."""
    return ["'" + line if line.startswith(FORMULA_PREFIXES) else line for line in lines]


def csv_bytes(frame: pd.DataFrame, header: list[str] | None = None) -> bytes:
    """UTF-8 CSV (with BOM, so spreadsheets read accents and Chinese) of a neutralised table.

    `header` lines (filters, sources, as-of) come first, each starting with "#".
    """
    preamble = "".join(f"# {line}\n" for line in neutralise_lines(header or []))
    body = neutralise_formulas(frame).to_csv(index=False, date_format="%Y-%m-%d")
    return (preamble + body).encode("utf-8-sig")


def excel_bytes(frame: pd.DataFrame, header: list[str] | None = None) -> bytes:
    """An .xlsx workbook: the neutralised rows on sheet "data", the header on sheet "about"."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise_formulas(frame).to_excel(writer, sheet_name="data", index=False)
        about = pd.DataFrame({"about": neutralise_lines(header or [])})
        about.to_excel(writer, sheet_name="about", index=False)
    return buffer.getvalue()
