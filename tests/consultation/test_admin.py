"""Organisers set up consultations and translate statements in the admin."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import World
from tests.consultation.helpers import make_consultation

pytestmark = pytest.mark.django_db


def test_an_organiser_adds_a_french_translation(world: World) -> None:
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


def test_an_organiser_creates_a_consultation_in_the_admin(world: World) -> None:
    from polyvox.consultation.models import Consultation
    from polyvox.dialogues import services

    session = services.session_upsert(
        dialogue=world.own, key="s1", title={"en": "Session"}, questions=[]
    )
    other_session = services.session_upsert(
        dialogue=world.other, key="s1", title={"en": "Session"}, questions=[]
    )
    client = world.client_for("organiser")
    url = reverse("admin:consultation_consultation_add")
    form = {
        "dialogue": world.own.id,
        "slug": "admin-made",
        "title__en": "Our online track",
        "source_language": "en",
        "status": "open",
        "moderation": "post",
        "accepts_statements": "on",
        "recompute_interval_seconds": 30,
        "demographic_questions-TOTAL_FORMS": 0,
        "demographic_questions-INITIAL_FORMS": 0,
    }
    refused = client.post(url, {**form, "session": other_session.id})
    assert refused.status_code == 200
    assert not Consultation.objects.exists()
    response = client.post(url, {**form, "session": session.id})
    assert response.status_code == 302
    consultation = Consultation.objects.get(slug="admin-made")
    assert consultation.session == session
    assert Client().get(reverse("consultation:detail", args=["admin-made"])).status_code == 200
