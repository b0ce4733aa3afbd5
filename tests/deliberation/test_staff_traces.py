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
from tests.conftest import World
from tests.deliberation.helpers import make_agenda

pytestmark = pytest.mark.django_db


def run_sheet(world: World, role: str, question: int, action: str):
    client: Client = world.client_for(role)
    url = reverse("deliberation:run-sheet", args=[world.own_site.id])
    return client.post(url, {"question": question, "action": action})


def test_a_facilitator_cannot_reopen_a_closed_question(world: World):
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
def test_hosts_and_organisers_reopen_and_every_step_is_audited(world: World, role: str):
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
