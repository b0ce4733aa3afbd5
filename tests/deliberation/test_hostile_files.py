"""Paper-count files, generated to be hostile: stored whole or refused with messages that
name the file, row and column; never a server error, never part of a file."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from polyvox.deliberation.counts import TallyError
from polyvox.deliberation.imports import tally_import
from polyvox.deliberation.models import Table, TallyCount
from tests.conftest import World
from tests.deliberation.helpers import Agenda, make_agenda
from tests.hostile import (
    HOSTILE,
    assert_storable,
    broken_file,
    csv_bytes,
    nasty_text,
    rolled_back,
    sheet_text,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

HEADER = ("question", "option", "count", "table", "stratum")
count_cell = st.one_of(
    nasty_text,
    st.sampled_from(["access", "yes", "no", "1", "2", "3", "0", "4.0", "²", "-3", "1e400"]),
    st.integers(-5, 2**40).map(str),
)
xlsx_cell = st.one_of(
    sheet_text,
    st.sampled_from(["access", "yes", "no", "=1+1", "=A1"]),
    st.integers(-5, 2**40),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
)


@st.composite
def xlsx_file(draw: st.DrawFn) -> bytes:
    rows: list[list[object]] = [list(draw(st.permutations(HEADER)))]
    for _ in range(draw(st.integers(0, 4))):
        rows.append([draw(xlsx_cell) for _ in range(draw(st.integers(0, len(HEADER) + 1)))])
    return xlsx_bytes(rows, merge="A2:B3" if len(rows) > 3 else None)


@pytest.fixture
def agenda(world: World) -> Agenda:
    agenda = make_agenda(world.own)
    Table.objects.create(site=world.own_site, number=1)
    Table.objects.create(site=world.own_site, number=2)
    return agenda


def check_refusal(error: TallyError, name: str) -> None:
    assert error.errors
    assert all(message.startswith(name) for message in error.errors), error.errors
    assert not TallyCount.objects.exists()


class TestTallyFiles:
    @HOSTILE
    @given(
        file=st.one_of(
            st.tuples(st.just("counts.csv"), broken_file(HEADER, count_cell)),
            st.tuples(st.just("counts.xlsx"), xlsx_file()),
            st.tuples(st.just("counts.xlsx"), st.binary(max_size=60)),
        )
    )
    def test_a_hostile_file_is_stored_whole_or_refused_naming_the_cell(
        self, world: World, agenda: Agenda, file: tuple[str, bytes]
    ) -> None:
        name, content = file
        with rolled_back():
            try:
                stored = tally_import(
                    site=world.own_site,
                    name=name,
                    content=content,
                    entry=TallyCount.Entry.FIRST,
                    entered_by=world.users["host"],
                )
            except TallyError as error:
                check_refusal(error, name)
            else:
                assert TallyCount.objects.count() == stored > 0
                for count in TallyCount.objects.all():
                    assert_storable(count)
                    assert 0 <= count.count < 2**31  # PostgreSQL's integer column

    @HOSTILE
    @given(
        counts=st.dictionaries(
            st.tuples(st.sampled_from(["", "1", "2"]), st.sampled_from(["yes", "no"]), sheet_text),
            st.integers(0, 10_000),
            min_size=1,
            max_size=6,
        ).filter(lambda counts: all(len(key[2].strip()) <= 60 for key in counts)),
        xlsx=st.booleans(),
    )
    def test_valid_counts_round_trip(
        self, world: World, agenda: Agenda, counts: dict[tuple[str, str, str], int], xlsx: bool
    ) -> None:
        # Strata that differ only in surrounding blanks are one stratum once read.
        stripped = {(t, o, s.strip()): c for (t, o, s), c in counts.items()}
        rows = [["question", "option", "count", "table", "stratum"]] + [
            ["access", option, str(count), table, stratum]
            for (table, option, stratum), count in stripped.items()
        ]
        if xlsx:
            rows = [[cell.lstrip("=") for cell in row] for row in rows]
            stripped = {(t, o, s.lstrip("=").strip()): c for (t, o, s), c in stripped.items()}
            rows = [rows[0]] + [
                ["access", option, str(count), table, stratum]
                for (table, option, stratum), count in stripped.items()
            ]
        content = xlsx_bytes(rows) if xlsx else csv_bytes(rows)
        with rolled_back():
            tally_import(
                site=world.own_site,
                name="counts.xlsx" if xlsx else "counts.csv",
                content=content,
                entry=TallyCount.Entry.FIRST,
                entered_by=world.users["host"],
            )
            stored = {
                (str(c.table.number) if c.table else "", c.option.key, c.stratum): c.count
                for c in TallyCount.objects.select_related("table", "option")
            }
            assert stored == stripped

    def test_a_hostile_upload_is_never_a_server_error(self, world: World, agenda: Agenda) -> None:
        client = world.client_for("facilitator")
        url = reverse("deliberation:counts-import", args=[world.own_site.id])
        for content in [
            b"",
            b"question,option,count\naccess,yes,\xc2\xb2\n",
            b"question,option,count\naccess,yes,99999999999999\n",
            b"question,option,count\naccess,yes,1\x00\n",
            b"question,option,count\naccess,yes," + b"1" * 200_000 + b"\n",
        ]:
            response = client.post(
                url, {"file": SimpleUploadedFile("counts.csv", content)}, follow=True
            )
            assert response.status_code == 200
            assert b"Nothing was imported" in response.content
        assert not TallyCount.objects.exists()
