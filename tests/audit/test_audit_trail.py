from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from polyvox.audit.models import AppendOnlyError, AuditEvent
from polyvox.audit.services import audit_record
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_organisers_read_their_dialogues_trail(world: World) -> None:
    audit_record(
        actor=world.users["host"], action="pool.import", site=world.own_site, details={"rows": 120}
    )
    audit_record(actor=world.users["outsider"], action="pool.import", dialogue=world.other)
    response = world.client_for("organiser").get(reverse("audit:dialogue", args=[world.own.id]))
    events = [line.event for line in response.context["lines"]]
    assert [(event.action, event.actor) for event in events] == [
        ("pool.import", world.users["host"])
    ]
    assert events[0].dialogue == world.own  # derived from the site
    assert "(120 rows)" in response.content.decode()


def test_events_cannot_be_changed_or_deleted_through_the_model(world: World) -> None:
    event = audit_record(
        actor=world.users["organiser"], action="results.publish", dialogue=world.own
    )
    event.action = "nothing happened"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_auditevent SET action = 'x'", "DELETE FROM audit_auditevent"]
)
def test_the_database_refuses_changes_too(world: World, statement: str) -> None:
    audit_record(actor=world.users["organiser"], action="results.publish", dialogue=world.own)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),  # a savepoint, so PostgreSQL can go on after the refusal
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AuditEvent.objects.get().action == "results.publish"


def test_publishing_results_in_the_admin_is_recorded(world: World) -> None:
    client = world.client_for("organiser")
    dialogue = world.own
    response = client.post(
        reverse("admin:dialogues_dialogue_change", args=[dialogue.id]),
        {
            "slug": dialogue.slug,
            "title__en": "Dialogue own",
            "source_language": "en",
            "start_date": "2026-12-05",
            "end_date": "2026-12-05",
            "retention_months": 6,
            "k_anonymity": 5,
            "status": "results_published",
            "organiser": dialogue.organiser_id,
            "licence": "CC-BY-4.0",
            "partnerships-TOTAL_FORMS": 0,
            "partnerships-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="dialogue.status")
    assert (event.actor, event.dialogue, event.details) == (
        world.users["organiser"],
        dialogue,
        {"from": "draft", "to": "results_published"},
    )
