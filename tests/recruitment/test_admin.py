"""What the recruitment admin shows and lets change, beyond scoping (tests/core)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from polyvox.people.models import Person
from polyvox.recruitment.models import Invitation, SelectionRun, Volunteer
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_volunteers_and_invitations_show_no_identity_and_no_token(world: World) -> None:
    person = Person.objects.create(
        full_name="Ada Lovelace", email="ada@example.org", preferred_language="fr"
    )
    volunteer = Volunteer.objects.create(site=world.own_site, person=person, values={"a": "b"})
    invitation = Invitation.objects.create(volunteer=volunteer, kind=Invitation.Kind.PANEL)
    client = world.client_for("organiser")
    for url in (
        reverse("admin:recruitment_volunteer_change", args=[volunteer.id]),
        reverse("admin:recruitment_invitation_change", args=[invitation.id]),
        reverse("admin:recruitment_invitation_changelist"),
    ):
        page = client.get(url).content.decode()
        assert "Ada" not in page
        assert "ada@example.org" not in page
        # The token is the invitee's credential: whoever saw it could answer for them.
        assert invitation.token not in page


def test_a_published_selection_cannot_be_changed_or_deleted(world: World) -> None:
    run = SelectionRun.objects.create(
        site=world.own_site, panel_size=5, commitment="c" * 64, status="drawn"
    )
    client = world.client_for("organiser")
    change = reverse("admin:recruitment_selectionrun_change", args=[run.id])
    client.post(change, {"panel_size": 6, "commitment": "d" * 64})
    assert (
        client.post(reverse("admin:recruitment_selectionrun_delete", args=[run.id])).status_code
        == 403
    )
    run.refresh_from_db()
    assert (run.panel_size, run.commitment) == (5, "c" * 64)
