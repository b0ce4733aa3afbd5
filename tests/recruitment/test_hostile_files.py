"""Pool and category files, generated to be hostile: each is imported whole or refused
with problems that name the file, row and column; nothing else can happen."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st
from pytest_django import DjangoCaptureOnCommitCallbacks

from polyvox.lib.problems import ProblemsError
from polyvox.lib.tabular import read_table
from polyvox.people.models import Person
from polyvox.recruitment.categories import categories_import
from polyvox.recruitment.models import Category, CategoryValue, PoolImport, Volunteer
from polyvox.recruitment.pool_imports import pool_import
from tests.conftest import World
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
from tests.recruitment.helpers import define_categories

pytestmark = pytest.mark.django_db

POOL_HEADER = ("name", "email", "phone", "address", "language", "gender", "age")
CATEGORY_HEADER = ("category", "value", "share", "category_label", "value_label_en")
# 40 characters, as the key field allows, until casefolding turns "ß" into "ss".
KEY_GROWING_PAST_40 = "ß" + "a" * 39

pool_cell = st.one_of(nasty_text, st.sampled_from(["f", "m", "young", "old", "fr", "a@b.org"]))
xlsx_cell = st.one_of(
    sheet_text,
    st.sampled_from(["f", "m", "young", "old", "fr", "a@b.org", "=1+1", "=A1", "=SUM(A1:A9)"]),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
    st.just(datetime.date(2026, 12, 5)),
)


@st.composite
def xlsx_file(draw: st.DrawFn, header: tuple[str, ...]) -> bytes:
    rows: list[list[object]] = [list(header)]
    for _ in range(draw(st.integers(0, 4))):
        rows.append([draw(xlsx_cell) for _ in range(draw(st.integers(0, len(header) + 1)))])
    merge = draw(st.sampled_from([None, "A2:B2", "A1:C1", "F2:G3"]))
    return xlsx_bytes(rows, merge=merge if len(rows) > 2 else None)


def pool_file() -> st.SearchStrategy[tuple[str, bytes]]:
    return st.one_of(
        st.tuples(st.just("pool.csv"), broken_file(POOL_HEADER, pool_cell)),
        st.tuples(st.just("pool.xlsx"), xlsx_file(POOL_HEADER)),
        st.tuples(st.just("pool.xlsx"), st.binary(max_size=100)),
    )


def check_refusal(error: ProblemsError, name: str) -> None:
    assert error.problems
    for problem in error.problems:
        assert problem.file == name
        # A problem in a data row says which cell, unless the row itself cannot be read.
        assert problem.row in (None, 1) or problem.column or "CSV" in problem.message, problem
        assert str(problem).startswith(name)


class TestPoolFiles:
    @HOSTILE
    @given(file=pool_file())
    def test_a_hostile_file_is_imported_whole_or_refused_naming_the_cell(
        self, world: World, file: tuple[str, bytes]
    ) -> None:
        name, content = file
        with rolled_back():
            define_categories(world.own_site)
            try:
                added = pool_import(
                    site=world.own_site, table=read_table(name=name, content=content)
                )
            except ProblemsError as error:
                check_refusal(error, name)
                assert not Person.objects.exists()
                assert not Volunteer.objects.exists()
            else:
                assert Volunteer.objects.count() == added > 0
                for volunteer in Volunteer.objects.select_related("person"):
                    assert_storable(volunteer.person)
                    assert_storable(volunteer)

    @HOSTILE
    @given(
        people=st.lists(
            st.tuples(
                st.text(
                    alphabet=st.characters(blacklist_categories=("Cs", "Cc")),
                    min_size=1,
                    max_size=30,
                ).filter(str.strip),
                sheet_text,
                st.sampled_from(["f", "m", " F "]),
                st.sampled_from(["young", "OLD"]),
            ),
            min_size=1,
            max_size=6,
        ),
        xlsx=st.booleans(),
        separator=st.sampled_from([",", ";", "\t"]),
    )
    def test_a_valid_file_round_trips(
        self, world: World, people: list[tuple[str, str, str, str]], xlsx: bool, separator: str
    ) -> None:
        rows = [list(POOL_HEADER)] + [
            [name, f"p{n}@example.org", phone, f"{n} Main St", "fr", gender, age]
            for n, (name, phone, gender, age) in enumerate(people)
        ]
        if xlsx:
            # A spreadsheet keeps a leading "=" as a formula; people type text, not formulas.
            rows = [["x" + cell if cell.startswith("=") else cell for cell in row] for row in rows]
            name, content = "pool.xlsx", xlsx_bytes(rows)
        else:
            out = io.StringIO()
            import csv

            csv.writer(out, delimiter=separator).writerows(rows)
            name, content = "pool.csv", out.getvalue().encode()
        with rolled_back():
            define_categories(world.own_site)
            pool_import(site=world.own_site, table=read_table(name=name, content=content))
            stored = {p.email: (p.full_name, p.phone) for p in Person.objects.all()}
            expected = {row[1]: (row[0].strip(), row[2].strip()) for row in rows[1:]}
            assert stored == expected
            values = sorted((v.values["gender"], v.values["age"]) for v in Volunteer.objects.all())
            assert values == sorted(
                (row[5].strip().casefold(), row[6].casefold()) for row in rows[1:]
            )

    def test_a_hostile_upload_is_refused_and_shown_inert(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        define_categories(world.own_site)
        client = world.client_for("host")
        url = reverse("recruitment:pool-import", args=[world.own_site.id])
        header = ",".join(POOL_HEADER).encode()
        for name, content in [
            ("pool.csv", b""),
            ("pool.csv", b"\xff\xfe" + "name".encode("utf-16-le")),
            ("pool.csv", header + b"\nA\x00,a@b.org,,,fr,f,old\n"),
            ("pool.csv", header + b"\n" + b"x" * 200_000 + b",a@b.org,,,fr,f,old\n"),
            ("pool.xlsx", b"PK\x03\x04 not really a zip"),
            ("<img src=x onerror=alert(1)>.csv", b"name\n"),
        ]:
            file = io.BytesIO(content)
            file.name = name
            with django_capture_on_commit_callbacks(execute=True):  # the import job runs
                response = client.post(url, {"file": file}, follow=True)
            assert b"<img src=x" not in response.content
            if response.status_code == 400:  # the form refuses an empty file itself
                assert b"Choose a file" in response.content
                continue
            assert response.status_code == 200, name
            assert PoolImport.objects.latest("id").status == PoolImport.Status.REFUSED, name
        assert not Person.objects.exists()


class TestCategoryFiles:
    @HOSTILE
    @example(
        file=(
            "categories.csv",
            csv_bytes([list(CATEGORY_HEADER), [KEY_GROWING_PAST_40, "f", "", "", "Woman"]]),
        )
    )
    @given(
        file=st.one_of(
            st.tuples(st.just("categories.csv"), broken_file(CATEGORY_HEADER, nasty_text)),
            st.tuples(st.just("categories.xlsx"), xlsx_file(CATEGORY_HEADER)),
        )
    )
    def test_a_hostile_file_is_imported_whole_or_refused_naming_the_cell(
        self, world: World, file: tuple[str, bytes]
    ) -> None:
        name, content = file
        with rolled_back():
            define_categories(world.own_site)
            before = list(CategoryValue.objects.values_list("id", "key", "label"))
            try:
                categories_import(site=world.own_site, table=read_table(name=name, content=content))
            except ProblemsError as error:
                check_refusal(error, name)
                assert list(CategoryValue.objects.values_list("id", "key", "label")) == before
            else:
                for category in Category.objects.all():
                    assert_storable(category)
                for value in CategoryValue.objects.all():
                    assert_storable(value)
                    assert value.population_share is None or 0 <= value.population_share <= 1

    def test_a_key_too_long_once_casefolded_is_refused_at_its_cell(self, world: World) -> None:
        content = csv_bytes([["category", "value"], ["gender", KEY_GROWING_PAST_40]])
        with pytest.raises(ProblemsError) as refused:
            categories_import(site=world.own_site, table=read_table(name="c.csv", content=content))
        [problem] = refused.value.problems
        assert (problem.file, problem.row, problem.column) == ("c.csv", 2, "value")
        assert "at most 40 characters" in problem.message
        assert not Category.objects.exists()

    def test_a_valid_file_round_trips(self, world: World) -> None:
        content = csv_bytes(
            [
                ["category", "value", "share", "value_label_en"],
                ["gender", "f", "51%", "=Woman"],
                ["gender", "m", "0,49", "Man"],
            ],
            bom=True,
        )
        categories_import(site=world.own_site, table=read_table(name="c.csv", content=content))
        values = CategoryValue.objects.order_by("position")
        assert [(v.key, v.label, v.population_share) for v in values] == [
            ("f", {"en": "=Woman"}, 0.51),
            ("m", {"en": "Man"}, 0.49),
        ]
