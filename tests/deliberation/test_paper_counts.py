"""Vote counters enter paper counts by hand or from a spreadsheet, optionally twice."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from polyvox.deliberation.models import Origin, Table, TallyCount
from tests.conftest import World
from tests.deliberation.helpers import make_agenda

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(world: World):
    agenda = make_agenda(world.own)
    Table.objects.create(site=world.own_site, number=1)
    Table.objects.create(site=world.own_site, number=2)
    return agenda


def counts_url(world: World) -> str:
    return reverse("deliberation:counts", args=[world.own_site.id])


def enter(
    client, world: World, agenda, yes: int, no: int, *, entry: str = "1", table=None, stratum=""
):
    a, b = agenda.single.options.all()
    data = {
        "question": agenda.single.id,
        "table": table.id if table else "",
        "stratum": stratum,
        "entry": entry,
    }
    data |= {f"count-{a.id}": str(yes), f"count-{b.id}": str(no)}
    return client.post(counts_url(world), data, follow=True)


def upload(client, world: World, name: str, content: bytes, entry: str = "1"):
    url = reverse("deliberation:counts-import", args=[world.own_site.id])
    return client.post(
        url, {"file": SimpleUploadedFile(name, content), "entry": entry}, follow=True
    )


class TestEntry:
    def test_a_host_enters_counts_per_table_and_stratum(self, world: World, agenda):
        client = world.client_for("host")
        table = Table.objects.get(number=1)
        enter(client, world, agenda, 4, 2, table=table, stratum="16-24")
        enter(client, world, agenda, 5, 1, table=table, stratum="16-24")  # a correction
        counts = TallyCount.objects.filter(table=table, stratum="16-24").order_by(
            "option__position"
        )
        assert [count.count for count in counts] == [5, 1]
        assert {(count.origin, count.entered_by_id) for count in counts} == {
            (Origin.PAPER, world.users["host"].id)
        }

    def test_a_count_that_is_not_a_number_is_refused(self, world: World, agenda):
        response = enter(world.client_for("host"), world, agenda, "four", 2)  # type: ignore[arg-type]
        assert "is not a whole number" in response.content.decode()
        assert not TallyCount.objects.exists()

    def test_double_entry_flags_mismatches_and_finalises_agreement(self, world: World, agenda):
        host, facilitator = world.client_for("host"), world.client_for("facilitator")
        host.post(counts_url(world), {"double_entry": "on"})
        enter(host, world, agenda, 4, 2)
        page = enter(facilitator, world, agenda, 4, 3, entry="2").content.decode()
        assert "Mismatch: count again" in page
        page = enter(facilitator, world, agenda, 4, 2, entry="2").content.decode()
        assert "Mismatch" not in page
        assert TallyCount.objects.filter(entry=TallyCount.Entry.SECOND).count() == 2

    def test_the_second_count_must_come_from_another_counter(self, world: World, agenda):
        host = world.client_for("host")
        host.post(counts_url(world), {"double_entry": "on"})
        enter(host, world, agenda, 4, 2)
        page = enter(host, world, agenda, 4, 2, entry="2").content.decode()
        assert "another counter" in page
        assert not TallyCount.objects.filter(entry=TallyCount.Entry.SECOND).exists()


class TestImport:
    def test_a_csv_file_is_imported_with_its_origin(self, world: World, agenda):
        content = b"table,question,option,stratum,count\n1,access,yes,,3\n1,access,no,,2\n,threats,spam,,9\n"
        upload(world.client_for("host"), world, "counts.csv", content)
        assert TallyCount.objects.count() == 3
        assert set(TallyCount.objects.values_list("origin", flat=True)) == {Origin.IMPORT}
        assert TallyCount.objects.get(table__isnull=True).count == 9

    def test_an_xlsx_file_is_imported(self, world: World, agenda):
        book = Workbook()
        sheet = book.active
        sheet.append(["question", "option", "count"])
        sheet.append(["access", "yes", 12])
        sheet.append(["access", "no", 8])
        buffer = io.BytesIO()
        book.save(buffer)
        upload(world.client_for("host"), world, "counts.xlsx", buffer.getvalue())
        assert sorted(TallyCount.objects.values_list("count", flat=True)) == [8, 12]

    def test_errors_name_file_row_and_column_and_nothing_is_stored(self, world: World, agenda):
        content = (
            b"table,question,option,count\n"
            b"1,access,yes,3\n"
            b"1,access,maybe,2\n"
            b"9,access,no,2\n"
            b"1,access,no,two\n"
            b"1,nothing,no,1\n"
            b"1,access,yes,4\n"
        )
        page = upload(world.client_for("host"), world, "day.csv", content).content.decode()
        assert "day.csv, row 3, column option" in page
        assert "day.csv, row 4, column table" in page
        assert "day.csv, row 5, column count" in page
        assert "day.csv, row 6, column question" in page
        assert "day.csv, row 7, column option" in page  # the same cell as row 2
        assert "Nothing was imported" in page
        assert not TallyCount.objects.exists()

    def test_a_file_without_the_needed_columns_is_refused(self, world: World, agenda):
        page = upload(world.client_for("host"), world, "x.csv", b"question,votes\naccess,3\n")
        assert "x.csv: missing column(s) option, count." in page.content.decode()
