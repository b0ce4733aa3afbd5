"""Observers and evaluators (issue 16 item 3): they follow the day without touching it.

An observer of a dialogue reads every site's dashboard, an observer of one site only
theirs; the audit trail they read hides who did what; each page they open is recorded;
someone who observes one dialogue and hosts another keeps their host's rights there.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from polyvox.accounts.models import Membership, Role
from polyvox.audit.models import AuditEvent
from polyvox.audit.selectors import PAGE_VIEW
from polyvox.audit.services import audit_record
from polyvox.deliberation.models import Table
from tests.conftest import World, make_user
from tests.deliberation.helpers import make_participants

pytestmark = pytest.mark.django_db


def test_an_observer_reads_every_tables_counts_but_no_code(world: World) -> None:
    people = make_participants(world.own_site, 4)
    for number in (1, 2):
        Table.objects.create(site=world.own_site, number=number)
    client = world.client_for("observer")
    page = client.get(reverse("deliberation:dashboard", args=[world.own_site.id])).content.decode()
    assert "Table 1" in page
    assert "Table 2" in page
    assert all(person.code not in page for person in people)
    # The day's other pages are not theirs, nor are the links to them.
    assert f'href="{reverse("deliberation:day", args=[world.own_site.id])}"' not in page
    assert client.get(reverse("deliberation:day", args=[world.own_site.id])).status_code == 404
    assert client.get(reverse("deliberation:cards", args=[world.own_site.id])).status_code == 404
    assert client.get(reverse("people:site", args=[world.own_site.id])).status_code == 404


def test_an_observer_of_one_site_reads_that_site_alone(world: World) -> None:
    observer = make_user("site-observer")
    Membership.objects.create(
        user=observer, role=Role.OBSERVER, dialogue=world.own, site=world.own_site
    )
    client = Client()
    client.force_login(observer)
    assert (
        client.get(reverse("deliberation:dashboard", args=[world.own_site.id])).status_code == 200
    )
    other = reverse("deliberation:dashboard", args=[world.own_other_site.id])
    assert client.get(other).status_code == 404


def test_the_public_audit_trail_hides_who_and_the_observers_own_visits(world: World) -> None:
    actor = make_user("zelda-actor")
    audit_record(actor=actor, action="deliberation.window_open", site=world.own_site)
    client = world.client_for("observer")
    url = reverse("audit:dialogue", args=[world.own.id])
    client.get(url)
    page = client.get(url).content.decode()
    assert "deliberation.window_open" in page
    assert "zelda-actor" not in page
    assert PAGE_VIEW not in page
    # The organiser reads the whole trail, the observer's visits included.
    organiser_page = world.client_for("organiser").get(url).content.decode()
    assert PAGE_VIEW in organiser_page
    assert "zelda-actor" in organiser_page


def test_each_page_is_recorded_by_its_route_and_ids(world: World) -> None:
    client = world.client_for("observer")
    client.get(reverse("deliberation:dashboard", args=[world.own_site.id]))
    client.get(reverse("results:results", args=["own"]))
    events = AuditEvent.objects.filter(action=PAGE_VIEW).order_by("id")
    assert [(e.target, e.site_id, e.dialogue_id) for e in events] == [
        ("deliberation:dashboard", world.own_site.id, world.own.id),
        ("results:results", None, world.own.id),
    ]
    assert events[0].details["route"].endswith("day/<int:site_id>/dashboard/")
    assert events[0].details["arguments"] == {"site_id": world.own_site.id}
    # Other roles' pages are not recorded.
    world.client_for("host").get(reverse("deliberation:dashboard", args=[world.own_site.id]))
    assert AuditEvent.objects.filter(action=PAGE_VIEW).count() == 2


def test_observing_one_dialogue_takes_nothing_from_a_role_in_another(world: World) -> None:
    outsider = world.users["outsider"]  # organiser of "other"
    Membership.objects.create(user=outsider, role=Role.OBSERVER, dialogue=world.own)
    client = Client()
    client.force_login(outsider)
    # Their own dialogue: writes still reach the view.
    response = client.post(reverse("results:recompute", args=["other"]))
    assert response.status_code == 302
    # The observed one: read, never write (the access functions refuse it).
    assert client.get(reverse("results:results", args=["own"])).status_code == 200
    assert client.post(reverse("results:recompute", args=["own"])).status_code == 404


def test_a_new_observer_membership_takes_effect_on_the_next_request(world: World) -> None:
    person = make_user("late-observer")
    client = Client()
    client.force_login(person)
    assert client.get(reverse("results:results", args=["own"])).status_code == 404
    Membership.objects.create(user=person, role=Role.OBSERVER, dialogue=world.own)
    assert client.get(reverse("results:results", args=["own"])).status_code == 200
    assert client.post(reverse("results:recompute", args=["own"])).status_code == 403
    assert AuditEvent.objects.filter(action=PAGE_VIEW, actor=person).count() == 1
