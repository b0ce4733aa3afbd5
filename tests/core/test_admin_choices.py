"""The admin's forms offer organisers only the accounts and organisations of their own
dialogues: a list of every account would tell anyone who organises anything who else
uses the server."""

from __future__ import annotations

import pytest
from django.urls import reverse

from polyvox.accounts.models import Membership, Role
from polyvox.dialogues.services import organisation_upsert
from tests.conftest import World, make_user

pytestmark = pytest.mark.django_db

MEMBERSHIP_ADD = "admin:accounts_membership_add"


def membership_form(world: World, user: str) -> dict[str, object]:
    return {
        "user": user,
        "role": Role.FACILITATOR,
        "dialogue": world.own.id,
        "site": world.own_site.id,
    }


class TestMembershipForm:
    def test_it_lists_no_account(self, world: World) -> None:
        make_user("stranger")
        response = world.client_for("organiser").get(reverse(MEMBERSHIP_ADD))
        content = response.content.decode()
        assert response.status_code == 200
        for name in ("outsider", "stranger"):
            assert f">{name}<" not in content
            assert f"{name}@example.org" not in content

    def test_it_finds_an_account_by_its_exact_email(self, world: World) -> None:
        newcomer = make_user("newcomer")
        client = world.client_for("organiser")
        response = client.post(
            reverse(MEMBERSHIP_ADD), membership_form(world, "NEWCOMER@example.org")
        )
        assert response.status_code == 302
        assert Membership.objects.filter(user=newcomer, site=world.own_site).exists()

    def test_it_refuses_a_partial_name(self, world: World) -> None:
        make_user("newcomer")
        client = world.client_for("organiser")
        response = client.post(reverse(MEMBERSHIP_ADD), membership_form(world, "newcom"))
        assert response.status_code == 200
        assert "user" in response.context["adminform"].form.errors
        assert not Membership.objects.filter(user__username="newcomer").exists()

    def test_it_shows_the_account_of_an_existing_role_by_name(self, world: World) -> None:
        membership = Membership.objects.get(user=world.users["host"])
        url = reverse("admin:accounts_membership_change", args=[membership.pk])
        response = world.client_for("organiser").get(url)
        assert 'value="host"' in response.content.decode()


class TestDialogueForm:
    def test_it_offers_only_organisations_of_own_dialogues(self, world: World) -> None:
        response = world.client_for("organiser").get(reverse("admin:dialogues_dialogue_add"))
        content = response.content.decode()
        assert "Organiser of own" in content
        assert "Organiser of other" not in content
        assert "Organiser of published" not in content

    def test_partners_are_chosen_among_the_same_organisations(self, world: World) -> None:
        url = reverse("admin:dialogues_dialogue_change", args=[world.own.pk])
        response = world.client_for("organiser").get(url)
        content = response.content.decode()
        assert "Organiser of own" in content
        assert "Organiser of other" not in content

    def test_an_organisation_in_no_dialogue_yet_can_be_chosen(self, world: World) -> None:
        organisation_upsert(name="Brand new partner", country="FR")
        response = world.client_for("organiser").get(reverse("admin:dialogues_dialogue_add"))
        assert "Brand new partner" in response.content.decode()
