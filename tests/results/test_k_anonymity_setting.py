"""The organiser sets k per dialogue in its settings; the change is audited and reaches
the open data."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from polyvox.audit.models import AuditEvent
from polyvox.dialogues.models import Dialogue
from tests.conftest import World
from tests.results.conftest import Results, add_ballot
from tests.results.test_pages import publish

pytestmark = pytest.mark.django_db


def dialogue_form(dialogue: Dialogue, k: int) -> dict[str, object]:
    return {
        "slug": dialogue.slug,
        "title__en": "Dialogue own",
        "source_language": "en",
        "start_date": "2026-12-05",
        "end_date": "2026-12-05",
        "retention_months": 6,
        "k_anonymity": k,
        "status": dialogue.status,
        "organiser": dialogue.organiser_id,
        "licence": "CC-BY-4.0",
        "partnerships-TOTAL_FORMS": 0,
        "partnerships-INITIAL_FORMS": 0,
    }


def test_a_new_dialogue_publishes_no_group_under_five(world: World) -> None:
    assert world.own.k_anonymity == 5


def test_the_organiser_changes_k_on_the_audit_trail(world: World) -> None:
    client = world.client_for("organiser")
    url = reverse("admin:dialogues_dialogue_change", args=[world.own.id])
    response = client.post(url, dialogue_form(world.own, 10))
    assert response.status_code == 302
    world.own.refresh_from_db()
    assert world.own.k_anonymity == 10
    event = AuditEvent.objects.get(action="dialogue.k_anonymity")
    assert (event.actor, event.dialogue, event.details) == (
        world.users["organiser"],
        world.own,
        {"from": 5, "to": 10},
    )


@pytest.mark.parametrize("k", [0, 1, 101])
def test_a_k_that_protects_nobody_or_hides_everything_is_refused(world: World, k: int) -> None:
    client = world.client_for("organiser")
    url = reverse("admin:dialogues_dialogue_change", args=[world.own.id])
    response = client.post(url, dialogue_form(world.own, k))
    assert response.status_code == 200  # the form again, with its error
    world.own.refresh_from_db()
    assert world.own.k_anonymity == 5
    assert not AuditEvent.objects.filter(action="dialogue.k_anonymity").exists()


def test_the_open_data_follows_the_dialogues_k(results: Results, world: World) -> None:
    results.dialogue.k_anonymity = 2
    results.dialogue.save(update_fields=["k_anonymity"])
    add_ballot(world.own_site, results.agree, results.option["no"], categories={"age": "25+"})
    publish(results)
    response = world.client_for("anonymous").get(
        reverse("results:download", args=["own", "answers", "csv"])
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    readme = archive.read("README.txt").decode()
    rows = archive.read("answers.csv").decode().splitlines()
    assert "k = 2" in readme
    # Paris: one aged 18-24 and three aged 25+; with k = 2 the one is withheld with one
    # other, and two keep their age band (with k = 5, nobody would).
    paris = {row.split(",")[0]: row.rsplit(",", 1)[1] for row in rows[1:] if ",paris," in row}
    assert sorted(paris.values()) == ["", "", "25+", "25+"]
