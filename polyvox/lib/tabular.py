"""Reading uploaded CSV and XLSX files into rows, with problems that name file, row and column.

The one reader for every upload (pool, categories, paper counts). It streams and stops early:
a file is refused as soon as it passes the row or column limit, and an XLSX file is refused
before parsing when its parts would unpack to more than MAX_XLSX_UNPACKED_BYTES. The sheet's
declared `<dimension>` is ignored: it costs nothing to write `A1:XFD1048576` in 1.6 KB, and
openpyxl would otherwise pad every row to it.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from polyvox.lib.problems import Problem, ProblemsError, translate

# Data rows: every line after the header, blank lines included, so a file at the limit ends
# on spreadsheet row 20,001. The limit bounds what reading and checking a file costs before
# anything is stored; a site's pool or a day's paper counts stay far below it.
MAX_ROWS = 20_000
# Columns with something in them; a pool file has a dozen or so.
MAX_COLUMNS = 200
# A legitimate 20,000-row workbook unpacks to a few MB; a zip bomb to gigabytes.
MAX_XLSX_UNPACKED_BYTES = 48 * 1024 * 1024


@dataclass(frozen=True)
class Table:
    file: str
    header: list[str]  # lower-cased, stripped
    rows: list[tuple[int, dict[str, str]]]  # (row number as a spreadsheet shows it, cells)


def read_table(*, name: str, content: bytes) -> Table:
    """The whole file as checked rows, or ProblemsError listing every problem found."""
    raw = _xlsx_rows(name, content) if name.lower().endswith(".xlsx") else _csv_rows(name, content)
    bounded = _within_limits(name, raw)
    first = next(bounded, None)
    if first is None or not any(cell.strip() for cell in first):
        raise ProblemsError([Problem(name, 1, None, translate("the file has no header row"))])
    header = [cell.strip().casefold() for cell in first]
    seen: set[str] = set()
    for column in header:
        if column and column in seen:
            raise ProblemsError([Problem(name, 1, column, translate("this column appears twice"))])
        seen.add(column)
    rows = []
    problems = []
    for number, cells in enumerate(bounded, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines at the end of spreadsheets
        padded = list(cells) + [""] * (len(header) - len(cells))
        row = {column: padded[i].strip() for i, column in enumerate(header)}
        # PostgreSQL cannot store a NUL character in text; say where it is.
        problems += [
            Problem(name, number, column, translate("this cell contains a NUL character"))
            for column, text in row.items()
            if "\x00" in text
        ]
        rows.append((number, row))
    if problems:
        raise ProblemsError(problems)
    return Table(file=name, header=header, rows=rows)


def _within_limits(name: str, rows: Iterable[list[str]]) -> Iterator[list[str]]:
    """The rows, refusing the file at the first one past a limit (header + MAX_ROWS)."""
    for number, cells in enumerate(islice(rows, MAX_ROWS + 2), start=1):
        if number > MAX_ROWS + 1:
            message = translate("more than %(n)s rows") % {"n": MAX_ROWS}
            raise ProblemsError([Problem(name, None, None, message)])
        if len(cells) > MAX_COLUMNS:
            message = translate("more than %(n)s columns") % {"n": MAX_COLUMNS}
            raise ProblemsError([Problem(name, number, None, message)])
        yield cells


def _csv_rows(name: str, content: bytes) -> Iterator[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        message = translate("the file is not UTF-8 text")
        raise ProblemsError([Problem(name, None, None, message)]) from None
    # The separator is the one the header row uses most (spreadsheets in many locales
    # write ";"). csv.Sniffer is not used: a name like O'Brien made it guess ' for quotes.
    header_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    number = 0
    try:
        for number, row in enumerate(reader, start=1):  # noqa: B007 (read in `except`)
            yield row
    except csv.Error as error:
        # The csv module refuses fields past 128 KiB: no cell of ours is anywhere near that.
        message = translate("not a readable CSV file (%(error)s)") % {"error": error}
        raise ProblemsError([Problem(name, number + 1, None, message)]) from None


def _xlsx_rows(name: str, content: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook  # slow to import; most uploads are CSV

    unreadable = ProblemsError([Problem(name, None, None, translate("not a readable XLSX file"))])
    _check_unpacked_size(name, content, unreadable)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise unreadable from None
    try:
        sheet = workbook.worksheets[0]
        # Forget the declared <dimension>: rows then hold only the cells the file has.
        sheet.reset_dimensions()
        for row in sheet.iter_rows(values_only=True):
            yield _row_text(row)
    except Exception:
        raise unreadable from None
    finally:
        workbook.close()


def _check_unpacked_size(name: str, content: bytes, unreadable: ProblemsError) -> None:
    # The sizes a zip declares bound what zipfile will unpack: it stops at the declared
    # size and refuses a member whose data does not match it.
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise unreadable from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        message = translate("the file unpacks to more than %(n)s MB") % {
            "n": MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)
        }
        raise ProblemsError([Problem(name, None, None, message)])


def _row_text(row: Iterable[object]) -> list[str]:
    cells = ["" if cell is None else _cell_text(cell) for cell in row]
    # Styled but empty cells at the end of a row are not columns.
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def _cell_text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)
