"""Vote counters enter paper counts by hand or from a spreadsheet, optionally twice."""

from __future__ import annotations

import io
import time
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from unittest.mock import patch

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook
from pytest_django import DjangoAssertNumQueries

from polyvox.accounts.models import User
from polyvox.audit.models import AuditEvent
from polyvox.deliberation.counts import TallyError, double_entry_set
from polyvox.deliberation.imports import tally_import
from polyvox.deliberation.models import Origin, Table, TallyCount
from polyvox.lib.problems import ProblemsError
from polyvox.lib.tabular import read_table
from tests.client import Response
from tests.conftest import World
from tests.deliberation.helpers import Agenda, make_agenda
from tests.lib.test_tabular import declared_huge, zip_bomb

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(world: World) -> Agenda:
    agenda = make_agenda(world.own)
    Table.objects.create(site=world.own_site, number=1)
    Table.objects.create(site=world.own_site, number=2)
    return agenda


def counts_url(world: World) -> str:
    return reverse("deliberation:counts", args=[world.own_site.id])


def enter(
    client: Client,
    world: World,
    agenda: Agenda,
    yes: int,
    no: int,
    *,
    entry: str = "1",
    table: Table | None = None,
    stratum: str = "",
) -> Response:
    a, b = agenda.single.options.all()
    data = {
        "action": "enter",
        "question": agenda.single.id,
        "table": table.id if table else "",
        "stratum": stratum,
        "entry": entry,
    }
    data |= {f"count-{a.id}": str(yes), f"count-{b.id}": str(no)}
    return client.post(counts_url(world), data, follow=True)


def upload(client: Client, world: World, name: str, content: bytes, entry: str = "1") -> Response:
    url = reverse("deliberation:counts-import", args=[world.own_site.id])
    return client.post(
        url, {"file": SimpleUploadedFile(name, content), "entry": entry}, follow=True
    )


class TestEntry:
    def test_a_host_enters_counts_per_table_and_stratum(self, world: World, agenda: Agenda) -> None:
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

    def test_a_count_that_is_not_a_number_is_refused(self, world: World, agenda: Agenda) -> None:
        response = enter(world.client_for("host"), world, agenda, "four", 2)  # type: ignore[arg-type]
        assert "is not a whole number" in response.content.decode()
        assert not TallyCount.objects.exists()

    def test_double_entry_flags_mismatches_and_finalises_agreement(
        self, world: World, agenda: Agenda
    ) -> None:
        # Whole-site counts: a host and an organiser (facilitators count their own tables).
        host, organiser = world.client_for("host"), world.client_for("organiser")
        host.post(counts_url(world), {"action": "double-entry", "double_entry": "on"})
        enter(host, world, agenda, 4, 2)
        page = enter(organiser, world, agenda, 4, 3, entry="2").content.decode()
        assert "Mismatch: count again" in page
        page = enter(organiser, world, agenda, 4, 2, entry="2").content.decode()
        assert "Mismatch" not in page
        assert TallyCount.objects.filter(entry=TallyCount.Entry.SECOND).count() == 2

    def test_the_second_count_must_come_from_another_counter(
        self, world: World, agenda: Agenda
    ) -> None:
        host = world.client_for("host")
        host.post(counts_url(world), {"action": "double-entry", "double_entry": "on"})
        enter(host, world, agenda, 4, 2)
        page = enter(host, world, agenda, 4, 2, entry="2").content.decode()
        assert "another counter" in page
        assert not TallyCount.objects.filter(entry=TallyCount.Entry.SECOND).exists()


class TestImport:
    def test_a_csv_file_is_imported_with_its_origin(self, world: World, agenda: Agenda) -> None:
        content = b"table,question,option,stratum,count\n1,access,yes,,3\n1,access,no,,2\n,threats,spam,,9\n"
        upload(world.client_for("host"), world, "counts.csv", content)
        assert TallyCount.objects.count() == 3
        assert set(TallyCount.objects.values_list("origin", flat=True)) == {Origin.IMPORT}
        assert TallyCount.objects.get(table__isnull=True).count == 9

    def test_an_xlsx_file_is_imported(self, world: World, agenda: Agenda) -> None:
        book = Workbook()
        sheet = book.active
        sheet.append(["question", "option", "count"])
        sheet.append(["access", "yes", 12])
        sheet.append(["access", "no", 8])
        buffer = io.BytesIO()
        book.save(buffer)
        upload(world.client_for("host"), world, "counts.xlsx", buffer.getvalue())
        assert sorted(TallyCount.objects.values_list("count", flat=True)) == [8, 12]

    def test_errors_name_file_row_and_column_and_nothing_is_stored(
        self, world: World, agenda: Agenda
    ) -> None:
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

    def test_a_file_without_the_needed_columns_is_refused(
        self, world: World, agenda: Agenda
    ) -> None:
        page = upload(world.client_for("host"), world, "x.csv", b"question,votes\naccess,3\n")
        assert "x.csv: missing column(s) option, count." in page.content.decode()


def strata_file(rows: int, *, count: int = 3) -> bytes:
    """`rows` counts of the question `access`, one cell per stratum."""
    lines = ["question,option,stratum,count"]
    lines += [f"access,{('yes', 'no')[n % 2]},s{n // 2},{count}" for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def import_counts(world: World, content: bytes, *, role: str = "host", entry: int = 1) -> int:
    return tally_import(
        site=world.own_site,
        name="counts.csv",
        content=content,
        entry=entry,
        entered_by=world.users[role],
    )


class TestImportAtScale:
    def test_eighty_rows_take_no_more_queries_than_one(
        self, world: World, agenda: Agenda, django_assert_max_num_queries: DjangoAssertNumQueries
    ) -> None:
        with CaptureQueriesContext(connection) as one_row:
            import_counts(world, strata_file(1))
        with django_assert_max_num_queries(len(one_row)):
            assert import_counts(world, strata_file(80)) == 80
        with django_assert_max_num_queries(len(one_row)):  # every count replaced
            import_counts(world, strata_file(80, count=4), role="facilitator")
        assert TallyCount.objects.count() == 80
        assert set(TallyCount.objects.values_list("count", "entered_by__username")) == {
            (4, "facilitator")
        }

    def test_a_new_file_replaces_only_the_cells_it_names(
        self, world: World, agenda: Agenda
    ) -> None:
        import_counts(world, strata_file(6))
        first_ids = dict(TallyCount.objects.values_list("stratum", "id").filter(option__key="yes"))
        import_counts(
            world, b"question,option,stratum,count\naccess,yes,s0,9\n", role="facilitator"
        )
        by_stratum = {
            (count.stratum, count.option.key): count for count in TallyCount.objects.all()
        }
        assert len(by_stratum) == 6
        changed = by_stratum[("s0", "yes")]
        assert (changed.count, changed.entered_by, changed.origin, changed.id) == (
            9,
            world.users["facilitator"],
            Origin.IMPORT,
            first_ids["s0"],
        )
        kept = [count for key, count in by_stratum.items() if key != ("s0", "yes")]
        assert {(count.count, count.entered_by) for count in kept} == {(3, world.users["host"])}

    def test_with_double_entry_an_import_checks_the_first_count(
        self, world: World, agenda: Agenda
    ) -> None:
        double_entry_set(site=world.own_site, enabled=True)
        import_counts(world, strata_file(4))
        with pytest.raises(TallyError, match="another counter"):
            import_counts(world, strata_file(4, count=5), entry=2)
        assert not TallyCount.objects.filter(entry=2).exists()
        import_counts(world, strata_file(4, count=5), role="facilitator", entry=2)
        assert (
            sorted(TallyCount.objects.values_list("entry", "count")) == [(1, 3)] * 4 + [(2, 5)] * 4
        )

    def test_an_import_is_audited_with_its_file_and_rows(
        self, world: World, agenda: Agenda
    ) -> None:
        import_counts(world, strata_file(5), role="facilitator")
        event = AuditEvent.objects.get(action="counts.import")
        assert (event.actor, event.site, event.target) == (
            world.users["facilitator"],
            world.own_site,
            "counts.csv",
        )
        assert event.details == {"file": "counts.csv", "rows": 5, "entry": 1}

    def test_counts_are_not_kept_when_their_audit_entry_fails(
        self, world: World, agenda: Agenda
    ) -> None:
        with (
            patch("polyvox.deliberation.imports.audit_record", side_effect=DatabaseError),
            pytest.raises(DatabaseError),
        ):
            import_counts(world, strata_file(5))
        assert not TallyCount.objects.exists()


class TestRowLimit:
    """Both spreadsheet imports take the same number of data rows (the header aside)."""

    def test_a_count_file_takes_the_limit_and_refuses_one_more(
        self, world: World, agenda: Agenda, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr("polyvox.lib.tabular.MAX_ROWS", 4)
        assert import_counts(world, strata_file(4)) == 4
        with pytest.raises(TallyError, match="more than 4 rows"):
            import_counts(world, strata_file(5))

    def test_a_pool_file_takes_the_limit_and_refuses_one_more(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr("polyvox.lib.tabular.MAX_ROWS", 4)
        lines = "name\n" + "".join(f"n{n}\n" for n in range(4))
        assert len(read_table(name="pool.csv", content=lines.encode()).rows) == 4
        with pytest.raises(ProblemsError, match="more than 4 rows"):
            read_table(name="pool.csv", content=(lines + "n4\n").encode())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_counters_importing_the_same_cells_at_once_all_succeed(world: World) -> None:
    make_agenda(world.own)
    counters = [world.users["host"], world.users["facilitator"]] * 3
    start = Barrier(len(counters))

    def run(counter: User) -> int:
        try:
            start.wait()
            return tally_import(
                site=world.own_site,
                name="counts.csv",
                content=strata_file(50),
                entry=1,
                entered_by=counter,
            )
        finally:
            connections.close_all()  # each thread has its own connection; give it back

    with ThreadPoolExecutor(max_workers=len(counters)) as pool:
        assert list(pool.map(run, counters)) == [50] * len(counters)
    assert TallyCount.objects.count() == 50


class TestMalformedEntries:
    """Issue #12 item 10: what a form cannot parse is a field error, never a server error."""

    def test_a_table_that_is_not_an_id_is_a_field_error(self, world: World, agenda: Agenda) -> None:
        yes, _no = agenda.single.options.all()
        data = {"action": "enter", "question": agenda.single.id, "table": "abc"}
        response = world.client_for("host").post(counts_url(world), data | {f"count-{yes.id}": "3"})
        page = response.content.decode()
        assert response.status_code == 200
        assert f'id="q{agenda.single.id}-table_error"' in page
        assert f'name="count-{yes.id}" value="3"' in page  # the submitted count is kept
        assert not TallyCount.objects.exists()

    def test_a_count_past_the_import_maximum_is_a_field_error(
        self, world: World, agenda: Agenda
    ) -> None:
        yes, _no = agenda.single.options.all()
        data = {"action": "enter", "question": agenda.single.id, f"count-{yes.id}": "9" * 30}
        response = world.client_for("host").post(counts_url(world), data)
        page = response.content.decode()
        assert response.status_code == 200
        assert f'id="q{agenda.single.id}-count-{yes.id}_error"' in page
        assert "This count is too large." in page
        assert not TallyCount.objects.exists()

    def test_a_question_that_is_not_an_id_is_refused(self, world: World, agenda: Agenda) -> None:
        data = {"action": "enter", "question": "x"}
        assert world.client_for("host").post(counts_url(world), data).status_code == 400


class TestHostileWorkbooks:
    """A facilitator's count file goes through the one streaming reader (issue #12, item 1)."""

    def test_a_sheet_declaring_a_huge_dimension_is_refused_at_once(
        self, world: World, agenda: Agenda
    ) -> None:
        started = time.process_time()
        with pytest.raises(TallyError, match=r"counts\.xlsx"):
            tally_import(
                site=world.own_site,
                name="counts.xlsx",
                content=declared_huge(),
                entry=1,
                entered_by=world.users["facilitator"],
            )
        # The old reader padded 100,000 rows to the declared width: several CPU seconds.
        assert time.process_time() - started < 2
        assert not TallyCount.objects.filter(site=world.own_site).exists()

    def test_a_zip_bomb_is_refused_before_it_is_unpacked(
        self, world: World, agenda: Agenda
    ) -> None:
        with pytest.raises(TallyError, match=r"counts\.xlsx"):
            tally_import(
                site=world.own_site,
                name="counts.xlsx",
                content=zip_bomb(),
                entry=1,
                entered_by=world.users["facilitator"],
            )
        assert not TallyCount.objects.filter(site=world.own_site).exists()
