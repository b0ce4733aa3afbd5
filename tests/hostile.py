"""Hostile input for property-based tests of the importers: nasty text, broken files.

The strategies aim at what real uploads contain when something has gone wrong (a BOM, a
NUL from a binary export, a spreadsheet formula, a megabyte in one cell, the wrong
encoding) rather than at random noise.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

if TYPE_CHECKING:
    from django.db import models

# Few examples keep the suite fast; HOSTILE_EXAMPLES=1000 searches harder before a release.
HOSTILE = settings(
    max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text that has broken importers: CSV/formula injection, NUL, BOM, bidi overrides, digits
# that str.isdigit() accepts but int() refuses, numbers too large for any column.
NASTY_WORDS = (
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.org","x")',
    "+1",
    "-1",
    "@SUM(A1:A2)",
    "\x00",
    "a\x00b",
    "\ufeff",
    "\u202eevil",
    "²",
    "١٢",
    "1e400",
    "NaN",
    "-inf",
    "9" * 30,
    "-0",
    "0x1F",
    "1_000",
    "<script>window.__xss=1</script>",
    "' OR 1=1 --",
    '"',
    '""',
    ",",
    ";",
    "\t",
    "\r",
    "\n",
    "\r\n",
    " ",
)
HUGE = "x" * 200_000

nasty_text = st.one_of(
    st.text(max_size=12),
    st.sampled_from(NASTY_WORDS),
    st.builds(lambda a, b: a + b, st.sampled_from(NASTY_WORDS), st.text(max_size=6)),
)
# Text a spreadsheet can hold (openpyxl refuses control characters in cells).
sheet_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12
) | st.sampled_from([word for word in NASTY_WORDS if word.isprintable() and word])


def csv_bytes(
    rows: Sequence[Sequence[str]], *, encoding: str = "utf-8", bom: bool = False
) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode(encoding, "replace")


def xlsx_bytes(rows: Sequence[Sequence[object]], *, merge: str | None = None) -> bytes:
    """A workbook; strings starting with "=" become formulas (with no cached value)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    if merge:
        sheet.merge_cells(merge)
    content = io.BytesIO()
    book.save(content)
    return content.getvalue()


ENCODINGS = ("utf-8", "utf-16", "latin-1", "cp1252")


@st.composite
def broken_file(draw: st.DrawFn, header: Sequence[str], cell: st.SearchStrategy[str]) -> bytes:
    """A CSV file that is wrong in one or more ways, or sometimes right by chance."""
    columns = list(header)
    shape = draw(st.sampled_from(("empty", "bom-only", "binary", "header", "rows", "rows")))
    if shape == "empty":
        return b""
    if shape == "bom-only":
        return b"\xef\xbb\xbf"
    if shape == "binary":
        return draw(st.binary(max_size=200))
    if draw(st.booleans()):
        columns = draw(st.permutations(columns))
    if draw(st.integers(0, 4)) == 0 and columns:
        columns.append(draw(st.sampled_from(columns)).upper())  # duplicated header
    if draw(st.integers(0, 4)) == 0 and columns:
        columns.pop(draw(st.integers(0, len(columns) - 1)))  # missing column
    rows: list[list[str]] = [columns]
    if shape == "rows":
        width = st.integers(max(0, len(columns) - 1), len(columns) + 1)
        for _ in range(draw(st.integers(1, 4))):
            rows.append([draw(cell) for _ in range(draw(width))])
    if draw(st.integers(0, 9)) == 0:
        rows[-1].append(HUGE)
    encoding = draw(st.sampled_from(ENCODINGS))
    return csv_bytes(rows, encoding=encoding, bom=draw(st.booleans()))


def assert_storable(instance: models.Model) -> None:
    """What SQLite accepts but PostgreSQL refuses: text past max_length, NUL characters."""
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            assert "\x00" not in value, f"{field.name} holds a NUL"
            if field.max_length is not None:
                assert len(value) <= field.max_length, f"{field.name} too long: {len(value)}"


@contextmanager
def rolled_back() -> Iterator[None]:
    """Each generated example starts from the same database."""
    from django.db import transaction

    with transaction.atomic():
        yield
        transaction.set_rollback(True)
