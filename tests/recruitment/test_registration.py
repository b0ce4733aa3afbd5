from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from polyvox.people.models import Person
from polyvox.recruitment import registration
from polyvox.recruitment.models import SelectionRun, Volunteer
from tests.client import Response
from tests.conftest import World
from tests.recruitment.helpers import define_categories

pytestmark = pytest.mark.django_db


def form(**changes: str) -> dict[str, str]:
    data = {
        "full_name": "Ada Lovelace",
        "email": "ada@example.org",
        "address": "12  rue de la Paix\nParis",
        "language": "fr",
        "category_gender": "f",
        "category_age": "old",
        "consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value}


def page(response: Response) -> str:
    # The page up to its CSRF token, which changes on every answer.
    return re.sub(r'value="[A-Za-z0-9]{64}"', "", response.content.decode())


@pytest.fixture
def url(world: World) -> str:
    define_categories(world.published_site)
    return reverse("recruitment:register", args=["published", "dakar"])


class TestRegistration:
    def test_it_shows_the_questions_in_the_readers_language(self, client: Client, url: str) -> None:
        page = client.get(url.replace("/en/", "/fr/")).content.decode()
        assert "Genre" in page
        assert "Femme" in page
        assert "Avis de confidentialité" in page

    def test_it_puts_the_volunteer_in_the_pool(self, client: Client, url: str) -> None:
        response = client.post(url, form())
        assert response.status_code == 200
        volunteer = Volunteer.objects.get()
        assert volunteer.values == {"gender": "f", "age": "old"}
        assert volunteer.status == Volunteer.Status.POOL
        assert volunteer.person.full_name == "Ada Lovelace"
        assert volunteer.person.preferred_language == "fr"
        assert volunteer.person.consent_given_at is not None
        # The household key is a digest, the same for the same home however typed.
        assert "rue" not in volunteer.household_key
        client.post(url, form(email="bob@example.org", address="12 Rue de la paix paris"))
        assert (
            Volunteer.objects.get(
                email_digest__isnull=False, person__email="bob@example.org"
            ).household_key
            == volunteer.household_key
        )

    def test_it_requires_consent(self, client: Client, url: str) -> None:
        response = client.post(url, form(consent=""))
        assert response.status_code == 400
        assert "Consent is required" in response.content.decode()
        assert not Person.objects.exists()

    def test_a_second_registration_answers_the_same_and_is_settled_by_email(
        self, client: Client, url: str
    ) -> None:
        first = client.post(url, form())
        (confirmation,) = mail.outbox  # a new address gets its confirmation
        mail.outbox.clear()
        again = client.post(url, form(email="ADA@example.org ", full_name="Other"))
        # The page cannot tell a stranger whether the address was known.
        assert again.status_code == first.status_code == 200
        assert page(again) == page(first)
        assert "already" not in again.content.decode()
        assert Volunteer.objects.count() == 1
        assert Person.objects.count() == 1
        assert Person.objects.get().full_name == "Ada Lovelace"
        (email,) = mail.outbox
        assert email.to == ["ADA@example.org"]
        assert "already registered" in email.body or "déjà" in email.body
        # Both e-mails exist either way, so a mailbox alone does not tell who registered.
        assert confirmation.to == ["ada@example.org"]

    def test_it_refuses_an_unknown_value(self, client: Client, url: str) -> None:
        response = client.post(url, form(category_gender="x"))
        assert response.status_code == 400
        assert not Volunteer.objects.exists()


class TestClosingRegistration:
    def test_a_closed_page_takes_nobody_and_the_site_page_stops_offering_it(
        self, client: Client, url: str, world: World
    ) -> None:
        site_page = reverse("dialogues:site", args=["published", "dakar"])
        assert url in client.get(site_page).content.decode()
        registration.registration_set(
            site=world.published_site, is_open=False, actor=world.users["organiser"]
        )
        response = client.post(url, form())
        assert "Registration is closed for this site." in response.content.decode()
        assert not Volunteer.objects.exists()
        assert url not in client.get(site_page).content.decode()

    def test_a_drawn_panel_closes_it_and_the_site_page_links_the_report(
        self, client: Client, url: str, world: World
    ) -> None:
        run = SelectionRun.objects.create(
            site=world.published_site, panel_size=1, status=SelectionRun.Status.DRAWN
        )
        assert "Registration is closed" in client.get(url).content.decode()
        page = client.get(reverse("dialogues:site", args=["published", "dakar"]))
        assert reverse("recruitment:report", args=[run.id]) in page.content.decode()
        assert url not in page.content.decode()
