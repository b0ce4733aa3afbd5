"""Cells that spreadsheet programs will not run: exported text is data, never a formula.

A CSV cell starting with = + - @ (or a tab or carriage return that hides one) is run as a
formula when the file is opened in Excel or LibreOffice, so text from citizens could make
a host's computer fetch a URL or start a program. OWASP's advice: prefix such text with
an apostrophe. In XLSX, cells carry their type, so a text cell is only ever text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# One cell of an exported table: what csv and openpyxl both write as is.
Cell = str | int | float | None


def csv_cell(value: object) -> object:
    """Text that a spreadsheet would take for a formula, made inert; anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(values: Iterable[object]) -> list[object]:
    return [csv_cell(value) for value in values]


# Any: openpyxl ships no type information for its write-only worksheet.
def xlsx_row(sheet: Any, values: Iterable[object]) -> list[object]:
    """Cells for a write-only openpyxl sheet; openpyxl would store "=…" text as a formula."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        cells.append(cell)
    return cells
