from __future__ import annotations

import re

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
        assert "Age = 16-39: from 17–20 to 10–10" in page
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


class TestPanelSizeAndShortcuts:
    """The editor keeps the panel size it checked against, and offers two one-click fixes."""

    def test_the_panel_size_is_saved_with_the_quotas_and_shown_again(self, world: World) -> None:
        make_pool(world.own_site)
        client = world.client_for("host")
        url = reverse("recruitment:quotas", args=[world.own_site.id])
        response = client.post(url, bounds(world, 24, f=(10, 14), m=(10, 14)), follow=True)
        assert "Quotas saved for a panel of 24." in response.content.decode()
        assert response.context["form"]["panel_size"].value() == 24
        world.own_site.refresh_from_db()
        assert world.own_site.target_participants == 24

    def test_proportional_quotas_in_one_click_for_the_entered_size(self, world: World) -> None:
        make_pool(world.own_site)
        client = world.client_for("host")
        url = reverse("recruitment:quotas", args=[world.own_site.id])
        # Whatever the cells say, even unreadable, the button sets them from the shares.
        data = {**bounds(world, 20, f=(19, 20)), "apply": "population"}
        data[next(key for key in data if key.startswith("max-"))] = "lots"
        response = client.post(url, data, follow=True)
        assert "Quotas set in proportion to the population for a panel of 20" in (
            response.content.decode()
        )
        saved = {quota.value.key: (quota.min, quota.max) for quota in Quota.objects.all()}
        # 50 % of 20 is 10 and 40 % is 8, two people either side.
        assert saved == {"f": (8, 12), "m": (8, 12), "young": (6, 10), "old": (10, 14)}

    def test_applying_the_suggestion_saves_the_engines_smallest_change(self, world: World) -> None:
        make_pool(world.own_site)
        client = world.client_for("host")
        url = reverse("recruitment:quotas", args=[world.own_site.id])
        data = bounds(world, 10, f=(9, 10), m=(0, 1), young=(10, 10), old=(0, 0))
        refused = client.post(url, data).content.decode()
        assert "Apply this suggestion" in refused
        response = client.post(url, {**data, "apply": "suggestion"}, follow=True)
        assert "The suggested change is applied and the quotas are saved." in (
            response.content.decode()
        )
        saved = {quota.value.key: (quota.min, quota.max) for quota in Quota.objects.all()}
        assert saved["f"] == (8, 10)
        assert saved["m"] == (0, 2)

    def test_no_suggested_maximum_exceeds_the_panel_size(self, world: World) -> None:
        # Quotas made for a panel of 30, checked against a panel of 12: the suggestion
        # must not offer a maximum the panel cannot reach.
        make_pool(world.own_site)
        url = reverse("recruitment:quota-check", args=[world.own_site.id])
        data = bounds(world, 12, f=(13, 17), m=(13, 17), young=(10, 14), old=(16, 20))
        page = world.client_for("host").post(url, data).content.decode()
        assert "Apply this suggestion" in page
        suggested_maximums = [int(high) for high in re.findall(r" to \d+–(\d+)", page)]
        assert suggested_maximums
        assert max(suggested_maximums) <= 12

    def test_a_feasible_editor_offers_no_suggestion(self, world: World) -> None:
        make_pool(world.own_site)
        url = reverse("recruitment:quota-check", args=[world.own_site.id])
        page = world.client_for("host").post(url, bounds(world, 10)).content.decode()
        assert "No contradiction" in page
        assert "Apply this suggestion" not in page
