"""Erasure blanks a person's identity and cuts the link to their pseudonym; the anonymous
answers stay, so the results do not move, and no table keeps a trace of who they were."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from polyvox.audit.models import AuditEvent
from polyvox.deliberation import personal_data as services
from polyvox.deliberation.models import Answer
from polyvox.people.digests import email_digest_for, household_key_for
from polyvox.people.models import Person
from polyvox.recruitment.invitations import invitations_send
from polyvox.recruitment.models import Volunteer
from polyvox.recruitment.registration import Registration, volunteer_register
from polyvox.results.computation import results_compute
from tests.conftest import World
from tests.people.helpers import Panel, drawn_panel, participant_of, selected_person, vote_everyone

pytestmark = pytest.mark.django_db

IDENTITY = {
    "full_name": "Zoé Quarantotto",
    "email": "zoe.quarantotto@example.net",
    "phone": "+33 6 12 34 56 78",
    "postal_address": "12 Rue des Lilas, 75020 Paris",
}


def give_identity(person: Person) -> None:
    """A name and contacts that occur nowhere else, so a scan for them cannot mistake another row."""
    Person.objects.filter(id=person.id).update(**IDENTITY)
    Volunteer.objects.filter(person=person).update(
        email_digest=email_digest_for(IDENTITY["email"]),
        household_key=household_key_for(IDENTITY["postal_address"]),
    )


def rows_containing(*needles: str) -> list[str]:
    """Every table of the database, every column, searched for the needles."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                text = " ".join(str(cell) for cell in row).casefold()
                found += [f"{table}: {needle}" for needle in needles if needle.casefold() in text]
    return found


@pytest.fixture
def voted(world: World) -> tuple[Panel, Person]:
    panel = drawn_panel(world.own_site)
    person = selected_person(panel)
    give_identity(person)
    invitations_send(site=panel.site)
    vote_everyone(panel)
    return panel, person


def test_erasure_keeps_the_results_and_leaves_no_trace_of_the_person(
    world: World, voted: tuple[Panel, Person]
) -> None:
    _panel, person = voted
    participant = participant_of(person)
    answers = set(Answer.objects.filter(participant=participant).values_list("id", "text"))
    before = results_compute(dialogue=world.own)
    # The scan does find the identity while it is there.
    assert rows_containing(IDENTITY["full_name"], IDENTITY["email"])

    response = world.client_for("host").post(
        reverse("people:person-erase", args=[person.id]), {"confirm": "on"}
    )

    assert response.status_code == 302
    assert results_compute(dialogue=world.own) == before
    assert set(Answer.objects.filter(participant=participant).values_list("id", "text")) == answers
    assert rows_containing(*IDENTITY.values()) == []
    volunteer = Volunteer.objects.get(person=person)
    assert (volunteer.participant_digest, volunteer.email_digest, volunteer.household_key) == (
        "",
        "",
        "",
    )


def test_the_export_no_longer_leads_to_the_answers(
    world: World, voted: tuple[Panel, Person]
) -> None:
    _panel, person = voted
    services.person_erase(person=person, actor=None)
    data = (
        world.client_for("organiser").get(reverse("people:person-export", args=[person.id])).json()
    )
    assert data["person"]["full_name"] == ""
    assert data["person"]["erased_at"] is not None
    assert data["registrations"][0]["participation"] is None


def test_erasing_twice_changes_nothing_and_is_audited_once(
    world: World, voted: tuple[Panel, Person]
) -> None:
    _panel, person = voted
    assert services.person_erase(person=person, actor=world.users["host"]) is True
    erased_at = Person.objects.get(id=person.id).erased_at
    assert services.person_erase(person=person, actor=world.users["host"]) is False
    assert Person.objects.get(id=person.id).erased_at == erased_at
    events = AuditEvent.objects.filter(action=services.ERASE_ACTION)
    assert [(event.target, event.site, event.details) for event in events] == [
        (f"Person {person.id}", world.own_site, {"by": "staff"})
    ]


def test_an_erased_volunteer_leaves_the_pool_and_may_register_again(world: World) -> None:
    drawn_panel(world.own_site)
    volunteer = Volunteer.objects.filter(site=world.own_site, status=Volunteer.Status.POOL).first()
    assert volunteer is not None
    email = volunteer.person.email
    services.person_erase(person=volunteer.person, actor=None)
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.WITHDRAWN
    registration = Registration(
        full_name="Again", email=email, phone="", address="", language="fr", values=volunteer.values
    )
    volunteer_register(site=world.own_site, registration=registration, consent=True)
    assert Volunteer.objects.filter(site=world.own_site, person__email=email).count() == 1


def test_staff_must_confirm_an_erasure(world: World, voted: tuple[Panel, Person]) -> None:
    _panel, person = voted
    response = world.client_for("host").post(reverse("people:person-erase", args=[person.id]))
    assert response.status_code == 400
    assert Person.objects.get(id=person.id).erased_at is None
