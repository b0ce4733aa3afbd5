from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from polyvox.people.models import Person
from polyvox.recruitment.models import Volunteer
from tests.conftest import World
from tests.recruitment.helpers import HEADER, define_categories, pool_csv

pytestmark = pytest.mark.django_db


def upload(world: World, name: str, content: bytes):
    client = world.client_for("host")
    file = io.BytesIO(content)
    file.name = name
    return client.post(reverse("recruitment:pool-import", args=[world.own_site.id]), {"file": file})


class TestPoolImport:
    def test_it_imports_a_csv(self, world: World):
        define_categories(world.own_site)
        response = upload(world, "pool.csv", pool_csv(12))
        assert response.status_code == 302
        assert Volunteer.objects.filter(site=world.own_site).count() == 12
        assert Person.objects.filter(email="p3@example.org").exists()

    def test_it_imports_an_xlsx(self, world: World):
        define_categories(world.own_site)
        book = Workbook()
        sheet = book.active
        for line in pool_csv(5).decode().splitlines():
            sheet.append(line.split(","))
        content = io.BytesIO()
        book.save(content)
        assert upload(world, "pool.xlsx", content.getvalue()).status_code == 302
        assert Volunteer.objects.count() == 5

    def test_it_names_file_row_and_column_and_imports_nothing(self, world: World):
        define_categories(world.own_site)
        rows = (
            HEADER
            + "A,a@example.org,,1 Main St,fr,f,old\n"
            + "B,,,,fr,m,old\n"  # row 3: blank email
            + "C,a@example.org,,,fr,m,old\n"  # row 4: duplicate email
            + "D,d@example.org,,,fr,x,old\n"  # row 5: unknown gender
            + "E,e@example.org,,,fr,m,\n"  # row 6: blank age
        )
        response = upload(world, "pool.csv", rows.encode())
        assert response.status_code == 400
        page = response.content.decode()
        assert "pool.csv, row 3, column email: this cell is blank" in page
        assert "pool.csv, row 4, column email: the same email as row 2" in page
        assert "pool.csv, row 5, column gender: unknown value x" in page
        assert "pool.csv, row 6, column age: this cell is blank" in page
        assert not Volunteer.objects.exists()
        assert not Person.objects.exists()

    def test_it_names_a_missing_column(self, world: World):
        define_categories(world.own_site)
        response = upload(world, "pool.csv", b"name,email,phone,address,language,gender\n")
        assert "pool.csv, row 1, column age: this column is missing" in response.content.decode()

    def test_it_refuses_emails_already_in_the_pool(self, world: World):
        define_categories(world.own_site)
        upload(world, "pool.csv", pool_csv(3))
        response = upload(world, "more.csv", pool_csv(4))
        assert "more.csv, row 2, column email: this email is already in the pool" in (
            response.content.decode()
        )
        assert Volunteer.objects.count() == 3


class TestCategoriesUpload:
    def test_it_defines_categories_and_values(self, world: World):
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

    def test_it_names_the_bad_cell(self, world: World):
        client = world.client_for("organiser")
        file = io.BytesIO(b"category,value,share\ngender,f,2\n")
        file.name = "categories.csv"
        url = reverse("recruitment:categories-upload", args=[world.own_site.id])
        page = client.post(url, {"file": file}).content.decode()
        assert "categories.csv, row 2, column share" in page
