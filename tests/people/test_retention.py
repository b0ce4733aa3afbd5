"""Retention: each dialogue keeps volunteers' identities a set number of months after its end,
says so in the privacy notice, and `polyvox prune_personal_data` erases them afterwards."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from polyvox.audit.models import AuditEvent
from polyvox.deliberation import personal_data as services
from polyvox.dialogues.models import Dialogue
from polyvox.people.models import Person
from polyvox.recruitment.models import Volunteer
from polyvox.results.computation import results_compute
from tests.conftest import World
from tests.people.helpers import drawn_panel, vote_everyone
from tests.recruitment.helpers import make_pool

pytestmark = pytest.mark.django_db


def moment(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)


def test_the_retention_ends_months_after_the_dialogue(world: World) -> None:
    dialogue = world.own  # ends on 5 December 2036
    assert dialogue.retention_months == 6
    assert dialogue.personal_data_kept_until == datetime.date(2037, 6, 5)
    # Six months after 31 August is the end of February, 29th in a leap year.
    dialogue.end_date, dialogue.retention_months = datetime.date(2039, 8, 31), 6
    assert dialogue.personal_data_kept_until == datetime.date(2040, 2, 29)


def test_the_privacy_notice_tells_volunteers_when_their_data_goes(world: World) -> None:
    site = world.published_site
    url = reverse("recruitment:register", args=[world.published.slug, site.slug])
    page = world.client_for("anonymous").get(url).content.decode()
    assert "We erase your name and contact details on June 5, 2037, 6 months after" in page
    assert reverse("people:self-request") in page


def test_pruning_erases_only_dialogues_past_their_retention(world: World) -> None:
    panel = drawn_panel(world.own_site)
    vote_everyone(panel)
    make_pool(world.other_site, size=5)
    world.other.retention_months = 12  # still kept when the own dialogue's are erased
    world.other.save()
    before = results_compute(dialogue=world.own)

    assert services.people_prune(now=moment(2037, 6, 4)).total == 0
    report = services.people_prune(now=moment(2037, 6, 5))

    assert report.per_dialogue == {"own": 16}
    assert not Person.objects.filter(volunteers__site=world.own_site, erased_at=None).exists()
    assert Person.objects.filter(volunteers__site=world.other_site, erased_at=None).count() == 5
    assert results_compute(dialogue=world.own) == before
    event = AuditEvent.objects.get(action=services.PRUNE_ACTION)
    assert (event.dialogue, event.actor, event.details) == (
        world.own,
        None,
        {"erased": 16, "retention_months": 6},
    )


def test_pruning_again_finds_nobody(world: World) -> None:
    make_pool(world.own_site, size=4)
    later = moment(2038, 1, 1)
    assert services.people_prune(now=later).total == 4
    assert services.people_prune(now=later).total == 0
    assert AuditEvent.objects.filter(action=services.PRUNE_ACTION).count() == 1


def test_a_person_still_kept_by_another_dialogue_is_not_erased(world: World) -> None:
    make_pool(world.own_site, size=2)
    person = Person.objects.filter(volunteers__site=world.own_site).first()
    assert person is not None
    Volunteer.objects.create(site=world.other_site, person=person)
    Dialogue.objects.filter(id=world.other.id).update(end_date=datetime.date(2037, 12, 1))
    assert services.people_prune(now=moment(2037, 7, 1)).total == 1
    person.refresh_from_db()
    assert person.erased_at is None


def test_the_command_prints_counts_and_a_dry_run_changes_nothing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_pool(world.own_site, size=3)
    monkeypatch.setattr(timezone, "now", lambda: moment(2040, 1, 1))
    out = StringIO()
    call_command("prune_personal_data", "--dry-run", stdout=out)
    assert out.getvalue() == "own: would erase 3 people\nTotal: would erase 3 people\n"
    assert Person.objects.filter(erased_at=None).count() == 3
    out = StringIO()
    call_command("prune_personal_data", stdout=out)
    assert out.getvalue() == "own: erased 3 people\nTotal: erased 3 people\n"
    assert "Person 0" not in out.getvalue()
    assert Person.objects.filter(erased_at=None).count() == 0
