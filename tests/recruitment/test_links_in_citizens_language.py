"""Every link a citizen receives opens in their language, whoever sent it and in
whichever language the sender's page was."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from pytest_django import DjangoCaptureOnCommitCallbacks

from polyvox.core.links import interface_language
from polyvox.people.models import Person
from polyvox.people.services import self_service_link_send
from tests.conftest import World
from tests.recruitment.test_selection import draw, prepare

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+")


def test_the_invitation_links_to_the_citizens_french_page_when_an_english_page_sent_it(
    world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    run = draw(world, prepare(world, django_capture_on_commit_callbacks))
    url = reverse("recruitment:invitations-send", args=[run.id])
    assert url.startswith("/en/")
    world.client_for("host").post(url, {"confirm": "yes"})
    assert mail.outbox
    for message in mail.outbox:
        links = LINK.findall(str(message.body))
        assert links
        assert all(link.startswith(f"{settings.SITE_URL}/fr/invitations/") for link in links)


def test_the_link_to_ones_own_data_is_in_ones_language(world: World) -> None:
    Person.objects.create(full_name="Anne", email="anne@example.org", preferred_language="fr")
    with translation.override("en"):
        assert self_service_link_send(email="anne@example.org") == 1
    (message,) = mail.outbox
    (link,) = LINK.findall(str(message.body))
    assert link.startswith(f"{settings.SITE_URL}/fr/")


def test_a_language_the_interface_does_not_speak_falls_back_in_order() -> None:
    assert interface_language("fr-CA") == "fr"
    assert interface_language("ja", "fr") == "fr"
    assert interface_language(None, "") == settings.LANGUAGE_CODE
