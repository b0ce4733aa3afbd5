from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from django.conf import settings
from django.db import DatabaseError
from django.urls import reverse
from openpyxl import Workbook
from pytest_django import DjangoCaptureOnCommitCallbacks

from polyvox.audit.models import AuditEvent
from polyvox.jobs.models import Job
from polyvox.lib.tabular import read_table
from polyvox.people.models import Person
from polyvox.recruitment.models import PoolImport, Volunteer
from polyvox.recruitment.pool_imports import pool_import
from tests.client import Response
from tests.conftest import World
from tests.recruitment.helpers import HEADER, define_categories, pool_csv

pytestmark = pytest.mark.django_db


def upload(world: World, name: str, content: bytes, capture: Any, role: str = "host") -> Response:
    """Upload a pool file, let its background job run, and open the import's page."""
    client = world.client_for(role)
    file = io.BytesIO(content)
    file.name = name
    with capture(execute=True):
        response = client.post(
            reverse("recruitment:pool-import", args=[world.own_site.id]), {"file": file}
        )
    assert response.status_code == 302
    return client.get(response["Location"])


class TestPoolImport:
    def test_it_imports_a_csv_in_the_background(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        define_categories(world.own_site)
        page = upload(world, "pool.csv", pool_csv(12), django_capture_on_commit_callbacks)
        assert "12 volunteers added to the pool." in page.content.decode()
        assert Volunteer.objects.filter(site=world.own_site).count() == 12
        assert Person.objects.filter(email="p3@example.org").exists()
        job = Job.objects.get(kind="recruitment.pool_import")
        assert (job.status, job.progress) == (Job.Status.SUCCEEDED, 1.0)

    def test_it_reports_progress_while_checking_rows(self, world: World) -> None:
        define_categories(world.own_site)
        table = read_table(name="pool.csv", content=pool_csv(600))
        reports: list[tuple[float, str]] = []

        def report(fraction: float, message: str = "") -> None:
            reports.append((fraction, message))

        pool_import(
            site=world.own_site,
            table=table,
            on_progress=report,
        )
        fractions = [fraction for fraction, _message in reports]
        assert fractions == sorted(fractions)
        assert "Checking row 251 of 600" in [message for _fraction, message in reports]
        assert reports[-1][1] == "Saving 600 volunteers"

    def test_it_imports_an_xlsx(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        define_categories(world.own_site)
        book = Workbook()
        sheet = book.active
        for line in pool_csv(5).decode().splitlines():
            sheet.append(line.split(","))
        content = io.BytesIO()
        book.save(content)
        upload(world, "pool.xlsx", content.getvalue(), django_capture_on_commit_callbacks)
        assert Volunteer.objects.count() == 5

    def test_it_names_file_row_and_column_and_imports_nothing(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        define_categories(world.own_site)
        rows = (
            HEADER
            + "A,a@example.org,,1 Main St,fr,f,old\n"
            + "B,,,,fr,m,old\n"  # row 3: blank email
            + "C,a@example.org,,,fr,m,old\n"  # row 4: duplicate email
            + "D,d@example.org,,,fr,x,old\n"  # row 5: unknown gender
            + "E,e@example.org,,,fr,m,\n"  # row 6: blank age
        )
        response = upload(world, "pool.csv", rows.encode(), django_capture_on_commit_callbacks)
        page = response.content.decode()
        assert "Nothing was imported" in page
        assert "pool.csv, row 3, column email: this cell is blank" in page
        assert "pool.csv, row 4, column email: the same email as row 2" in page
        assert "pool.csv, row 5, column gender: unknown value x" in page
        assert "pool.csv, row 6, column age: this cell is blank" in page
        assert not Volunteer.objects.exists()
        assert not Person.objects.exists()

    def test_it_lists_the_problems_in_the_uploaders_language(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        define_categories(world.own_site)
        client = world.client_for("host")
        file = io.BytesIO((HEADER + "B,,,,fr,m,old\n").encode())
        file.name = "pool.csv"
        url = reverse("recruitment:pool-import", args=[world.own_site.id]).replace("/en/", "/fr/")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"file": file})
        page = client.get(response["Location"]).content.decode()
        assert "pool.csv, ligne 2, colonne email" in page

    def test_it_names_a_missing_column(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        define_categories(world.own_site)
        response = upload(
            world,
            "pool.csv",
            b"name,email,phone,address,language,gender\n",
            django_capture_on_commit_callbacks,
        )
        assert "pool.csv, row 1, column age: this column is missing" in response.content.decode()

    def test_it_refuses_emails_already_in_the_pool(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        define_categories(world.own_site)
        upload(world, "pool.csv", pool_csv(3), django_capture_on_commit_callbacks)
        response = upload(world, "more.csv", pool_csv(4), django_capture_on_commit_callbacks)
        assert "more.csv, row 2, column email: this email is already in the pool" in (
            response.content.decode()
        )
        assert Volunteer.objects.count() == 3

    def test_the_uploaded_file_is_forgotten_and_never_served(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        define_categories(world.own_site)
        for content in (pool_csv(3), b"not,a,pool\n1,2,3\n"):
            page = upload(world, "pool.csv", content, django_capture_on_commit_callbacks)
            assert b"p1@example.org" not in page.content
        assert list(PoolImport.objects.values_list("content", flat=True)) == [b"", b""]
        assert not list(Path(settings.MEDIA_ROOT).rglob("pool*.csv"))

    def test_a_file_over_10_mb_is_refused_at_once(self, world: World) -> None:
        define_categories(world.own_site)
        file = io.BytesIO(b"x" * (10 * 1024 * 1024 + 1))
        file.name = "pool.csv"
        url = reverse("recruitment:pool-import", args=[world.own_site.id])
        response = world.client_for("host").post(url, {"file": file})
        assert response.status_code == 400
        assert not PoolImport.objects.exists()

    def test_another_sites_host_cannot_see_the_import(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        define_categories(world.own_site)
        upload(world, "pool.csv", pool_csv(3), django_capture_on_commit_callbacks)
        url = reverse("recruitment:pool-import-detail", args=[PoolImport.objects.get().id])
        assert world.client_for("outsider").get(url).status_code == 404
        assert world.client_for("organiser").get(url).status_code == 200


class TestPoolImportFailures:
    """The volunteers, the import's outcome, its audit entry and the end of the uploaded
    bytes are stored together or not at all; the bytes go in any case."""

    def test_a_failure_after_the_writes_keeps_nothing_and_blanks_the_file(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        define_categories(world.own_site)
        with patch("polyvox.recruitment.pool_imports.audit_record", side_effect=DatabaseError):
            page = upload(world, "pool.csv", pool_csv(12), django_capture_on_commit_callbacks)
        assert "stopped on an unexpected error. Nothing was imported" in page.content.decode()
        assert not Volunteer.objects.exists()
        assert not Person.objects.exists()
        assert not AuditEvent.objects.filter(action__startswith="pool.").exists()
        stored = PoolImport.objects.get()
        assert (stored.status, stored.rows, bytes(stored.content)) == (
            PoolImport.Status.QUEUED,
            None,
            b"",
        )
        assert stored.finished_at is not None
        assert Job.objects.get(kind="recruitment.pool_import").status == Job.Status.FAILED

    def test_a_failure_while_refusing_a_file_keeps_nothing_and_blanks_it(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        define_categories(world.own_site)
        with patch("polyvox.recruitment.pool_imports.audit_record", side_effect=DatabaseError):
            upload(world, "pool.csv", b"name\nA\n", django_capture_on_commit_callbacks)
        stored = PoolImport.objects.get()
        assert (stored.status, stored.problems, bytes(stored.content)) == (
            PoolImport.Status.QUEUED,
            [],
            b"",
        )
        assert Job.objects.get(kind="recruitment.pool_import").status == Job.Status.FAILED

    def test_an_email_registered_during_the_checks_refuses_the_whole_file(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        define_categories(world.own_site)
        upload(world, "pool.csv", pool_csv(2), django_capture_on_commit_callbacks)
        # As if p1 had registered after the rows were checked: only the database sees it.
        with patch("polyvox.recruitment.pool_imports._check_emails"):
            page = upload(world, "more.csv", pool_csv(5), django_capture_on_commit_callbacks)
        assert "more.csv, column email: an email is already in the pool" in page.content.decode()
        assert Volunteer.objects.count() == Person.objects.count() == 2
        refused = PoolImport.objects.get(file_name="more.csv")
        assert (refused.status, bytes(refused.content)) == (PoolImport.Status.REFUSED, b"")
        assert AuditEvent.objects.filter(action="pool.import_refused").count() == 1


class TestCategoriesUpload:
    def test_it_defines_categories_and_values(self, world: World) -> None:
        client = world.client_for("organiser")
        file = io.BytesIO(
            b"category,value,share,category_label,value_label,value_label_en\n"
            b"gender,f,51%,Genre,Femme,Woman\ngender,m,0.49,Genre,Homme,Man\n"
        )
        file.name = "categories.csv"
        url = reverse("recruitment:categories-upload", args=[world.own_site.id])
        assert client.post(url, {"file": file}).status_code == 302
        category = world.own_site.recruitment_categories.get()
        female = category.values.get(key="f")
        assert (category.label, female.label, female.population_share) == (
            {"fr": "Genre"},
            {"fr": "Femme", "en": "Woman"},
            0.51,
        )

    def test_it_names_the_bad_cell(self, world: World) -> None:
        client = world.client_for("organiser")
        file = io.BytesIO(b"category,value,share\ngender,f,2\n")
        file.name = "categories.csv"
        url = reverse("recruitment:categories-upload", args=[world.own_site.id])
        page = client.post(url, {"file": file}).content.decode()
        assert "categories.csv, row 2, column share" in page
