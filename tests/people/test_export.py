"""Export: everything Polyvox holds about one person, for staff of their site (audited) and
for the person through a signed link emailed to the address they registered with."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail, signing
from django.http import Http404
from django.urls import reverse

from polyvox.audit.models import AuditEvent
from polyvox.deliberation import personal_data as services
from polyvox.people.access import access_people_by_token, self_service_token
from polyvox.people.models import Person
from polyvox.recruitment.invitations import invitations_send
from tests.conftest import World
from tests.people.helpers import Panel, drawn_panel, participant_of, selected_person, vote_everyone

pytestmark = pytest.mark.django_db


@pytest.fixture
def voted(world: World) -> tuple[Panel, Person]:
    panel = drawn_panel(world.own_site)
    invitations_send(site=panel.site)
    vote_everyone(panel)
    return panel, selected_person(panel)


def test_staff_export_holds_identity_registration_invitations_and_answers(
    world: World, voted: tuple[Panel, Person]
) -> None:
    _panel, person = voted
    participant = participant_of(person)
    response = world.client_for("host").get(reverse("people:person-export", args=[person.id]))

    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "private, no-store"
    data = response.json()
    assert data["format"] == "polyvox.person/1"
    assert data["person"]["full_name"] == person.full_name
    assert data["person"]["email"] == person.email
    (registration,) = data["registrations"]
    assert registration["status"] == "selected"
    assert registration["personal_data_kept_until"] == "2037-06-05"
    assert {row["category"] for row in registration["profile"]} == {"gender", "age"}
    assert [invitation["kind"] for invitation in registration["invitations"]] == ["panel"]
    assert registration["invitations"][0]["sent_at"] is not None
    participation = registration["participation"]
    assert participation["pseudonym"] == participant.pseudonym
    assert {answer["question"] for answer in participation["answers"]} == {"access", "idea"}
    texts = [answer["text"] for answer in participation["answers"] if answer["text"]]
    assert texts[0].startswith("Idea number")


def test_every_staff_export_is_in_the_audit_trail(
    world: World, voted: tuple[Panel, Person]
) -> None:
    _panel, person = voted
    client = world.client_for("organiser")
    client.get(reverse("people:person-export", args=[person.id]))
    page = client.get(reverse("people:person", args=[person.id]))
    assert person.full_name in page.content.decode()
    events = AuditEvent.objects.filter(action=services.EXPORT_ACTION).order_by("id")
    assert [(e.actor, e.site, e.target, e.details["format"]) for e in events] == [
        (world.users["organiser"], world.own_site, f"Person {person.id}", "json"),
        (world.users["organiser"], world.own_site, f"Person {person.id}", "html"),
    ]


def test_hosts_find_their_volunteers_by_name_or_email(
    world: World, voted: tuple[Panel, Person]
) -> None:
    _panel, person = voted
    client = world.client_for("host")
    url = reverse("people:site", args=[world.own_site.id])
    assert person.full_name not in client.get(url).content.decode()  # nothing before a search
    found = client.get(url, {"q": person.email}).content.decode()
    assert reverse("people:person", args=[person.id]) in found
    assert "Nobody found" in client.get(url, {"q": "nobody@nowhere.example"}).content.decode()


class TestSelfService:
    def request_link(self, world: World, email: str) -> str:
        response = world.client_for("anonymous").post(
            reverse("people:self-request"), {"email": email}
        )
        assert response.status_code == 200
        # Without the per-response CSRF mask, which differs on every page.
        return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode())

    def test_a_volunteer_gets_a_link_to_see_download_and_erase_their_data(
        self, world: World, voted: tuple[Panel, Person]
    ) -> None:
        _panel, person = voted
        mail.outbox.clear()
        self.request_link(world, person.email.upper())
        (email,) = mail.outbox
        assert email.to == [person.email]
        link = re.search(r"https?://\S+", str(email.body))
        assert link is not None
        path = link.group(0).split("//", 1)[1].split("/", 1)[1]
        client = world.client_for("anonymous")
        page = client.get("/" + path).content.decode()
        assert person.full_name in page
        assert person.email not in path  # the link carries ids, not the address
        download = client.get("/" + path + "export.json").json()
        assert download[0]["person"]["email"] == person.email

        client.post("/" + path + "erase/", {"confirm": "on"})

        assert Person.objects.get(id=person.id).erased_at is not None
        after = client.get("/" + path).content.decode()
        # The link is in the person's language (French), not the English request's.
        assert path.startswith("fr/")
        assert "Nous ne détenons plus aucune donnée personnelle vous concernant." in after
        assert AuditEvent.objects.get(action=services.ERASE_ACTION).details == {
            "by": "self-service"
        }

    def test_an_unknown_address_gets_the_same_answer_and_no_email(
        self, world: World, voted: tuple[Panel, Person]
    ) -> None:
        _panel, person = voted
        mail.outbox.clear()
        unknown = self.request_link(world, "nobody@nowhere.example")
        known = self.request_link(world, person.email)
        assert unknown == known
        assert len(mail.outbox) == 1

    def test_a_link_expires_after_two_days(
        self, world: World, voted: tuple[Panel, Person], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        _panel, person = voted
        token = self_service_token(people=[person])
        assert access_people_by_token(token=token) == [person]
        later = time.time() + 2 * 24 * 3600 + 60
        monkeypatch.setattr(time, "time", lambda: later)
        with pytest.raises(Http404):
            access_people_by_token(token=token)

    def test_a_forged_link_is_refused(self, world: World, voted: tuple[Panel, Person]) -> None:
        _panel, person = voted
        token = self_service_token(people=[person])
        # Someone else's id in the payload, the signature left as it was.
        _payload, timestamp, signature = token.split(":")
        other = signing.b64_encode(b"[%d]" % (person.id + 1)).decode()
        forged = f"{other}:{timestamp}:{signature}"
        response = world.client_for("anonymous").get(reverse("people:self", args=[forged]))
        assert response.status_code == 404
