"""Issue 12, item 7: site staff cannot change citizens' votes without a trace.

The attack: a facilitator closed a question, reopened it, voted with a citizen's code and
closed it again; the audit trail recorded none of it. Opening, closing and reopening are
now audited, and only the site's hosts and the dialogue's organisers reopen a question.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from polyvox.audit.models import AuditEvent
from polyvox.deliberation.models import QuestionWindow
from tests.client import Response
from tests.conftest import World
from tests.deliberation.helpers import make_agenda

pytestmark = pytest.mark.django_db


def run_sheet(world: World, role: str, question: int, action: str) -> Response:
    client: Client = world.client_for(role)
    url = reverse("deliberation:run-sheet", args=[world.own_site.id])
    return client.post(url, {"question": question, "action": action})


def test_a_facilitator_cannot_reopen_a_closed_question(world: World) -> None:
    agenda = make_agenda(world.own)
    question = agenda.single.id
    assert run_sheet(world, "facilitator", question, "open").status_code == 302
    assert run_sheet(world, "facilitator", question, "close").status_code == 302
    assert run_sheet(world, "facilitator", question, "open").status_code == 403
    assert QuestionWindow.objects.get(question_id=question).closed_at is not None
    page = world.client_for("facilitator").get(
        reverse("deliberation:run-sheet", args=[world.own_site.id])
    )
    assert b"Reopen voting" not in page.content


@pytest.mark.parametrize("role", ["host", "organiser"])
def test_hosts_and_organisers_reopen_and_every_step_is_audited(world: World, role: str) -> None:
    agenda = make_agenda(world.own)
    question = agenda.single.id
    for action in ("open", "close", "open", "close"):
        assert run_sheet(world, role, question, action).status_code == 302
    events = list(
        AuditEvent.objects.filter(site_id=world.own_site.id)
        .order_by("id")
        .values_list("action", "actor__username", "details")
    )
    assert events == [
        ("deliberation.window_open", role, {"question": question}),
        ("deliberation.window_close", role, {"question": question}),
        ("deliberation.window_reopen", role, {"question": question}),
        ("deliberation.window_close", role, {"question": question}),
    ]


def test_staff_pages_show_no_voting_code_and_printing_cards_is_audited(world: World) -> None:
    from polyvox.deliberation.models import Participant
    from tests.deliberation.helpers import make_participants

    citizens = make_participants(world.own_site, 4, status=Participant.Status.SELECTED)
    facilitator = world.client_for("facilitator")
    day = facilitator.get(reverse("deliberation:day", args=[world.own_site.id]))
    assert day.status_code == 200
    assert not any(citizen.code in day.content.decode() for citizen in citizens)
    cards = reverse("deliberation:cards", args=[world.own_site.id])
    assert facilitator.get(cards).status_code == 404
    assert not AuditEvent.objects.filter(action="deliberation.cards_print").exists()
    printed = world.client_for("host").get(cards)
    assert all(citizen.code in printed.content.decode() for citizen in citizens)
    event = AuditEvent.objects.get(action="deliberation.cards_print")
    assert event.actor == world.users["host"]
    assert event.details["cards"] == 4
    assert sorted(event.details["participants"]) == sorted(c.id for c in citizens)
