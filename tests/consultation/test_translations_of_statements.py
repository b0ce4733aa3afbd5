"""Organisers add translations of statements in the admin; readers see their language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import World
from tests.consultation.helpers import make_consultation

pytestmark = pytest.mark.django_db


def test_an_organiser_adds_a_french_translation(world: World):
    consultation = make_consultation(world.own, "translate", statements=1)
    statement = consultation.statements.get()
    client = world.client_for("organiser")
    url = reverse("admin:consultation_statement_change", args=[statement.pk])
    response = client.post(
        url,
        {
            "text__en": statement.text["en"],
            "text__fr": "Proposition numéro 1",
            "is_meta": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    statement.refresh_from_db()
    assert statement.text == {"en": "Statement number 1 of translate", "fr": "Proposition numéro 1"}
    french = Client().get(f"/fr/consultations/{consultation.slug}/")
    assert "Proposition numéro 1" in french.content.decode()
