from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from polyvox.recruitment import selectors
from polyvox.recruitment.models import CategoryValue, Quota
from tests.conftest import World
from tests.recruitment.helpers import make_pool

pytestmark = pytest.mark.django_db


def bounds(world: World, k: int, **by_value: tuple[int, int]) -> dict[str, str]:
    data = {"panel_size": str(k)}
    for category in selectors.site_categories(site=world.own_site):
        for value in category.values.all():
            low, high = by_value.get(value.key, (0, k))
            data[f"min-{value.id}"], data[f"max-{value.id}"] = str(low), str(high)
    return data


class TestQuotaEditor:
    def test_it_shows_pool_counts_per_value(
        self, world: World, django_assert_max_num_queries: DjangoAssertNumQueries
    ) -> None:
        make_pool(world.own_site)
        client = world.client_for("host")
        with django_assert_max_num_queries(12):
            response = client.get(reverse("recruitment:quotas", args=[world.own_site.id]))
        rows = {(row.category.key, row.value.key): row.pool for row in response.context["rows"]}
        assert rows == {
            ("gender", "f"): 20,
            ("gender", "m"): 20,
            ("age", "young"): 16,
            ("age", "old"): 24,
        }

    def test_it_saves_feasible_quotas(self, world: World) -> None:
        make_pool(world.own_site)
        client = world.client_for("organiser")
        url = reverse("recruitment:quotas", args=[world.own_site.id])
        response = client.post(url, bounds(world, 10, f=(4, 6), m=(4, 6)))
        assert response.status_code == 302
        assert (Quota.objects.get(value__key="f").min, Quota.objects.get(value__key="f").max) == (
            4,
            6,
        )

    def test_it_refuses_quotas_that_cannot_meet_the_panel_size(self, world: World) -> None:
        make_pool(world.own_site)
        client = world.client_for("host")
        url = reverse("recruitment:quotas", args=[world.own_site.id])
        response = client.post(
            url, bounds(world, 10, f=(7, 8), m=(5, 6), young=(17, 20), old=(0, 2))
        )
        page = response.content.decode()
        assert response.status_code == 400
        assert "Gender: the minimums add up to 12, more than the panel size 10." in page
        assert "Age = 16-39: the minimum 17 is more than the 16 in the pool." in page
        assert "the minimum 17 is above the maximum" not in page
        # The engine proposes the smallest change, naming each quota to move.
        assert "The smallest change that makes a panel possible:" in page
        assert "Age = 16-39: from 17–20 to 10–20" in page
        assert not Quota.objects.exists()

    def test_it_refuses_a_minimum_above_its_maximum_without_asking_the_engine(
        self, world: World
    ) -> None:
        make_pool(world.own_site)
        url = reverse("recruitment:quota-check", args=[world.own_site.id])
        page = world.client_for("host").post(url, bounds(world, 10, f=(6, 4))).content.decode()
        assert "Gender = Woman: the minimum 6 is above the maximum 4." in page
        assert "smallest change" not in page

    def test_the_check_fragment_flags_infeasibility_as_you_type(self, world: World) -> None:
        make_pool(world.own_site)
        client = world.client_for("host")
        url = reverse("recruitment:quota-check", args=[world.own_site.id])
        page = client.post(url, bounds(world, 10, f=(0, 3), m=(0, 3))).content.decode()
        assert "<html" not in page
        assert (
            "Gender: the maximums (capped by the pool) add up to 6, less than the panel size 10."
            in page
        )
        assert "Gender = Man: from 0–3 to 0–7" in page
        page = client.post(url, bounds(world, 50)).content.decode()
        assert "The panel size 50 is larger than the pool (40 volunteers)." in page
        assert "No contradiction" in client.post(url, bounds(world, 10)).content.decode()

    def test_it_speaks_french(self, world: World) -> None:
        make_pool(world.own_site)
        client = world.client_for("host")
        url = reverse("recruitment:quota-check", args=[world.own_site.id]).replace("/en/", "/fr/")
        page = client.post(url, bounds(world, 10, f=(7, 8), m=(5, 6))).content.decode()
        assert "Genre : les minimums totalisent 12" in page
        assert "Genre = Femme : de 7–8 à 6–8" in page


class TestEngineCheck:
    def test_it_finds_quotas_that_clash_through_the_pools_make_up(self, world: World) -> None:
        # Every sum adds up, but a panel of 10 young people with at most one man needs
        # nine young women, and the pool has eight.
        make_pool(world.own_site)
        client = world.client_for("host")
        url = reverse("recruitment:quotas", args=[world.own_site.id])
        data = bounds(world, 10, f=(9, 10), m=(0, 1), young=(10, 10), old=(0, 0))
        response = client.post(url, data)
        page = response.content.decode()
        assert response.status_code == 400
        assert "No panel meets every quota." in page
        assert "The smallest change that makes a panel possible:" in page
        assert "Gender = Woman: from 9–10 to 8–10" in page
        assert "Gender = Man: from 0–1 to 0–2" in page
        assert not Quota.objects.exists()
        check = reverse("recruitment:quota-check", args=[world.own_site.id])
        assert "No panel meets every quota." in client.post(check, data).content.decode()


class TestManagePage:
    def test_it_counts_volunteers_by_status_in_a_few_queries(
        self, world: World, django_assert_max_num_queries: DjangoAssertNumQueries
    ) -> None:
        make_pool(world.own_site)
        client = world.client_for("host")
        with django_assert_max_num_queries(14):
            response = client.get(reverse("recruitment:manage", args=[world.own_site.id]))
        assert response.context["counts"] == {"pool": 40}
        assert reverse("recruitment:register", args=["own", "paris"]) in response.content.decode()


class TestUnreadableCells:
    def test_a_cell_that_is_not_a_number_is_refused_at_its_field_and_kept(
        self, world: World
    ) -> None:
        make_pool(world.own_site)
        client = world.client_for("host")
        url = reverse("recruitment:quotas", args=[world.own_site.id])
        data = bounds(world, 10, f=(4, 6), m=(4, 6))
        woman = CategoryValue.objects.get(category__site=world.own_site, key="f")
        data[f"min-{woman.id}"] = "four"
        response = client.post(url, data)
        assert response.status_code == 400
        form = response.context["form"]
        assert form.errors == {f"min-{woman.id}": ["Enter a whole number."]}
        page = response.content.decode()
        assert f'name="min-{woman.id}" value="four"' in page
        assert "Gender = Woman: Minimum: Enter a whole number." in page
        assert not Quota.objects.exists()
        check = reverse("recruitment:quota-check", args=[world.own_site.id])
        fragment = client.post(check, data).content.decode()
        assert "Gender = Woman: Minimum: Enter a whole number." in fragment

    def test_a_missing_panel_size_is_refused_at_its_field(self, world: World) -> None:
        make_pool(world.own_site)
        data = bounds(world, 10)
        data["panel_size"] = ""
        url = reverse("recruitment:quotas", args=[world.own_site.id])
        response = world.client_for("host").post(url, data)
        assert response.status_code == 400
        assert "panel_size" in response.context["form"].errors
        assert not Quota.objects.exists()
