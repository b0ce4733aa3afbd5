"""Reading uploaded CSV and XLSX files into rows, with errors that name file, row and column."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from polyvox.core.uploads import MAX_DATA_ROWS


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column %(column)s") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}"


class TableError(Exception):
    """Bad input: every problem found, so the user can fix the file in one go."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems[:3]))
        self.problems = problems


@dataclass(frozen=True)
class Table:
    file: str
    header: list[str]  # lower-cased, stripped
    rows: list[tuple[int, dict[str, str]]]  # (row number as a spreadsheet shows it, cells)


MAX_ROWS = MAX_DATA_ROWS


def read_table(*, name: str, content: bytes) -> Table:
    raw = _xlsx_rows(name, content) if name.lower().endswith(".xlsx") else _csv_rows(name, content)
    if not raw or not any(cell.strip() for cell in raw[0]):
        raise TableError([Problem(name, 1, None, _("the file has no header row"))])
    header = [cell.strip().casefold() for cell in raw[0]]
    seen: set[str] = set()
    for column in header:
        if column and column in seen:
            raise TableError([Problem(name, 1, column, _("this column appears twice"))])
        seen.add(column)
    if len(raw) - 1 > MAX_ROWS:
        raise TableError([Problem(name, None, None, _("more than %(n)s rows") % {"n": MAX_ROWS})])
    rows = []
    problems = []
    for number, cells in enumerate(raw[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines at the end of spreadsheets
        padded = list(cells) + [""] * (len(header) - len(cells))
        row = {column: padded[i].strip() for i, column in enumerate(header)}
        # PostgreSQL cannot store a NUL character in text; say where it is.
        problems += [
            Problem(name, number, column, _("this cell contains a NUL character"))
            for column, text in row.items()
            if "\x00" in text
        ]
        rows.append((number, row))
    if problems:
        raise TableError(problems)
    return Table(file=name, header=header, rows=rows)


def _csv_rows(name: str, content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError([Problem(name, None, None, _("the file is not UTF-8 text"))]) from None
    # The separator is the one the header row uses most (spreadsheets in many locales
    # write ";"). csv.Sniffer is not used: a name like O'Brien made it guess ' for quotes.
    header_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header_line.count)
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows.extend(list(row) for row in reader)
    except csv.Error as error:
        # The csv module refuses fields past 128 KiB: no cell of ours is anywhere near that.
        message = _("not a readable CSV file (%(error)s)") % {"error": error}
        raise TableError([Problem(name, len(rows) + 1, None, message)]) from None
    return rows


def _xlsx_rows(name: str, content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise TableError([Problem(name, None, None, _("not a readable XLSX file"))]) from None
    sheet = workbook.worksheets[0]
    rows = [
        ["" if cell is None else _cell_text(cell) for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    workbook.close()
    return rows


def _cell_text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)
