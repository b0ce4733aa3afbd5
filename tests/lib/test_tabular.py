"""The one upload reader refuses hostile workbooks cheaply (issue #12, item 1)."""

from __future__ import annotations

import io
import resource
import time
import tracemalloc
import zipfile
from collections.abc import Callable

import openpyxl  # imported here so that its import is not counted in the refusal's cost
import pytest
from django.utils import translation

from polyvox.lib import tabular
from polyvox.lib.problems import Problem, ProblemsError
from polyvox.lib.tabular import read_table
from tests.hostile import xlsx_bytes

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def workbook_with_sheet(sheet: bytes, *, blank_megabytes: int = 0) -> bytes:
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            member.write(sheet)
            megabyte = b" " * (1024 * 1024)
            for _ in range(blank_megabytes):  # written in pieces: the test stays small too
                member.write(megabyte)
    return content.getvalue()


def sheet_xml(dimension: str, rows: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    ).encode()


def declared_huge() -> bytes:
    """1.6 KB that claims A1:ALL100000 and has a header and one cell, at row 100,000."""
    cells = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'
        '<row r="100000"><c r="A100000" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    return workbook_with_sheet(sheet_xml("A1:ALL100000", cells))


def zip_bomb() -> bytes:
    """A sheet that deflates 200 MB of blanks into a few hundred KB."""
    return workbook_with_sheet(sheet_xml("A1", ""), blank_megabytes=200)


def refusal_cost(read: Callable[[], object]) -> tuple[ProblemsError, float, int]:
    """The refusal, with the CPU seconds and the bytes of Python memory it took."""
    tracemalloc.start()
    cpu = time.process_time()
    try:
        with pytest.raises(ProblemsError) as refused:
            read()
        spent = time.process_time() - cpu
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return refused.value, spent, peak


assert openpyxl


def max_rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


class TestHostileWorkbooks:
    def test_it_refuses_a_sheet_declaring_a_huge_dimension_quickly(self) -> None:
        content = declared_huge()
        assert len(content) < 2_000
        rss_before = max_rss_bytes()
        error, cpu, peak = refusal_cost(lambda: read_table(name="huge.xlsx", content=content))
        assert error.problems == [Problem("huge.xlsx", None, None, "more than 20000 rows")]
        assert cpu < 2.0
        assert peak < 50 * 1024 * 1024
        assert max_rss_bytes() - rss_before < 50 * 1024 * 1024

    def test_it_refuses_a_zip_bomb_before_unpacking_it(self) -> None:
        content = zip_bomb()
        assert len(content) < 1024 * 1024
        rss_before = max_rss_bytes()
        error, cpu, peak = refusal_cost(lambda: read_table(name="bomb.xlsx", content=content))
        [problem] = error.problems
        assert problem.file == "bomb.xlsx"
        assert "unpacks to more than" in problem.message
        assert cpu < 2.0
        assert peak < 50 * 1024 * 1024
        assert max_rss_bytes() - rss_before < 50 * 1024 * 1024

    def test_it_refuses_a_row_past_the_column_limit(self) -> None:
        content = xlsx_bytes([["name"], ["x"] * (tabular.MAX_COLUMNS + 1)])
        with pytest.raises(ProblemsError) as refused:
            read_table(name="wide.xlsx", content=content)
        assert refused.value.problems == [
            Problem("wide.xlsx", 2, None, f"more than {tabular.MAX_COLUMNS} columns")
        ]

    def test_it_reads_a_sheet_whose_dimension_understates_it(self) -> None:
        rows = (
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>Age</t></is></c></row>'
            '<row r="3"><c r="A3" t="inlineStr"><is><t>Ada</t></is></c>'
            '<c r="B3"><v>36</v></c></row>'
        )
        content = workbook_with_sheet(sheet_xml("A1", rows))
        table = read_table(name="small.xlsx", content=content)
        assert table.header == ["name", "age"]
        assert table.rows == [(3, {"name": "Ada", "age": "36"})]


class TestRowLimit:
    def test_it_reads_a_csv_file_at_the_limit(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(tabular, "MAX_ROWS", 3)
        table = read_table(name="ok.csv", content=b"a,b\n1,2\n3,4\n5,6\n")
        assert [number for number, _ in table.rows] == [2, 3, 4]

    def test_it_refuses_a_csv_file_past_the_limit(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(tabular, "MAX_ROWS", 3)
        with pytest.raises(ProblemsError, match="more than 3 rows"):
            read_table(name="long.csv", content=b"a,b\n1,2\n3,4\n5,6\n\n")


class TestProblem:
    def test_it_names_the_file_row_and_column(self) -> None:
        problem = Problem("pool.csv", 3, "email", "this cell is blank")
        assert str(problem) == "pool.csv, row 3, column email: this cell is blank"

    def test_the_error_carries_every_problem(self) -> None:
        problems = [Problem("a.csv", row, None, "bad") for row in range(2, 7)]
        error = ProblemsError(problems)
        assert error.problems == problems
        assert str(error).count("bad") == 3


class TestTranslation:
    def test_the_problem_reads_in_the_users_language(self) -> None:
        with translation.override("fr"):
            text = str(Problem("pool.csv", 3, "email", "x"))
        assert text == "pool.csv, ligne 3, colonne email: x"
