"""Invitations and reminders carry the day: date, local time, place, contact and a
calendar file; reminders go once each, never after the start; nobody is invited to,
or registers for, a day that is past."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager

import icalendar
import pytest
from django.core import mail
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from polyvox.deliberation.personal_data import person_export_for
from polyvox.dialogues import services as dialogue_services
from polyvox.dialogues.calendar import site_calendar
from polyvox.dialogues.models import Site, Tier
from polyvox.jobs.models import Job
from polyvox.jobs.services import periodic_run
from polyvox.people.models import Person
from polyvox.recruitment import reminders
from polyvox.recruitment.event_mail import CALENDAR_FILE, SiteOverError
from polyvox.recruitment.invitations import invitation_answer, invitations_send
from polyvox.recruitment.models import Invitation, Reminder, Volunteer
from polyvox.recruitment.records import REMINDERS
from polyvox.recruitment.registration import Registration, volunteer_register
from tests.conftest import World
from tests.people.helpers import PANEL, Panel
from tests.people.helpers import drawn_panel as drawn_french_panel

UTC = datetime.UTC
# make_agenda's one session: 09:00–10:00 in Paris on 5 December 2036, 08:00 UTC.
START = datetime.datetime(2036, 12, 5, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _english_sites(request: pytest.FixtureRequest) -> None:
    """E-mails go out in the citizen's language among the site's: English here, so the
    assertions read the English text."""
    if "world" in request.fixturenames:
        world: World = request.getfixturevalue("world")
        Site.objects.filter(id__in=[world.own_site.id, world.published_site.id]).update(
            languages=["fr", "en"]
        )
        world.own_site.refresh_from_db()
        world.published_site.refresh_from_db()


def at(moment: datetime.datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def with_host(site: Site) -> None:
    host = dialogue_services.organisation_upsert(
        name="Maison du débat", country="FR", website="https://debat.example.org"
    )
    dialogue_services.partnership_ensure(
        dialogue=site.dialogue, organisation=host, tier=Tier.NATIONAL_HOST, site=site
    )


def calendar_of(message: mail.EmailMessage) -> icalendar.Calendar:
    (name, content, mimetype), *_others = message.attachments
    assert name == CALENDAR_FILE
    assert mimetype.startswith("text/calendar")
    return icalendar.Calendar.from_ical(content)


def drawn_panel(site: Site) -> Panel:
    """A drawn panel whose citizens read English."""
    panel = drawn_french_panel(site)
    Person.objects.update(preferred_language="en")
    return panel


def invited_panel(site: Site) -> Panel:
    panel = drawn_panel(site)
    invitations_send(site=site)
    mail.outbox.clear()
    return panel


# --- The invitation ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_invitation_gives_date_local_time_place_contact_and_calendar(world: World) -> None:
    with_host(world.own_site)
    drawn_panel(world.own_site)
    assert invitations_send(site=world.own_site) == PANEL + 2
    message = mail.outbox[0]
    assert "When: Dec. 5, 2036, from 9 a.m. (local time, Europe/Paris)" in message.body
    assert "Where: Paris, France" in message.body
    assert "- Dec. 5, 2036, 9 a.m.–10 a.m.: The internet" in message.body
    assert "Your contact: Maison du débat – https://debat.example.org" in message.body
    (event,) = calendar_of(message).walk("VEVENT")
    assert event.decoded("dtstart") == START
    assert event.decoded("dtend") == START + datetime.timedelta(hours=1)
    assert str(event["location"]) == "Paris, France"
    assert str(event["summary"]) == "Dialogue own: The internet"
    # The file is the same for everyone: it names nobody.
    names = Person.objects.values_list("full_name", flat=True)
    ics = message.attachments[0][1]
    assert not any(name in ics for name in names)


@pytest.mark.django_db
def test_an_online_site_invites_people_online_in_its_own_time_zone(world: World) -> None:
    site = world.own_site
    site.mode, site.time_zone = Site.Mode.ONLINE, "America/Montreal"
    site.save()
    drawn_panel(site)
    invitations_send(site=site)
    message = mail.outbox[0]
    assert "Where: online; the link to your room will be on your page." in message.body
    assert "(local time, America/Montreal)" in message.body
    (event,) = calendar_of(message).walk("VEVENT")
    assert str(event["location"]) == "Online"
    # 09:00 in Montreal (UTC−5 in December) is 14:00 UTC.
    assert event.decoded("dtstart") == datetime.datetime(2036, 12, 5, 14, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_the_calendar_gives_the_right_instants_across_a_dst_change(world: World) -> None:
    # Paris goes back from 03:00 CEST to 02:00 CET in the night of 26 October 2036. A
    # session from 01:30 lasting two hours ends at the second 02:30 (01:30 UTC); a local
    # time would read as the first one, an hour early.
    site = world.own_site
    site.date = datetime.date(2036, 10, 26)
    site.save()
    dialogue_services.session_upsert(
        dialogue=site.dialogue,
        key="night",
        questions=[],
        title={"en": "Night session"},
        duration_minutes=120,
        start_time=datetime.time(1, 30),
    )
    dialogue_services.session_upsert(
        dialogue=site.dialogue,
        key="morning",
        questions=[],
        position=1,
        title={"en": "Morning"},
        duration_minutes=60,
        start_time=datetime.time(9, 0),
    )
    stamp = datetime.datetime(2036, 10, 1, tzinfo=UTC)
    parsed = icalendar.Calendar.from_ical(site_calendar(site=site, language="en", stamp=stamp))
    night, morning = parsed.walk("VEVENT")
    assert night.decoded("dtstart") == datetime.datetime(2036, 10, 25, 23, 30, tzinfo=UTC)
    assert night.decoded("dtend") == datetime.datetime(2036, 10, 26, 1, 30, tzinfo=UTC)
    # 09:00 CET is 08:00 UTC; the day before it would have been 07:00 UTC.
    assert morning.decoded("dtstart") == datetime.datetime(2036, 10, 26, 8, 0, tzinfo=UTC)
    assert str(parsed["prodid"]).startswith("-//Polyvox")


@pytest.mark.django_db
def test_no_invitation_once_the_day_is_past(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    panel = drawn_panel(world.own_site)
    # 6 December, the day after: the host's button is refused, in the service.
    at(datetime.datetime(2036, 12, 6, 9, 0, tzinfo=UTC), monkeypatch)
    with pytest.raises(SiteOverError, match=r"took place on Dec\. 5, 2036"):
        invitations_send(site=world.own_site)
    assert not Invitation.objects.exists()
    response = world.client_for("host").post(
        reverse("recruitment:invitations-send", args=[panel.run.id]), follow=True
    )
    assert "nobody can be invited any more" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_no_registration_once_the_day_is_past(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = world.published_site  # its one session: 09:00–10:00 in Paris, 08:00 UTC
    dialogue_services.session_upsert(
        dialogue=site.dialogue, key="only", questions=[], title={"en": "Only"}
    )
    url = reverse("recruitment:register", args=[site.dialogue.slug, site.slug])
    at(datetime.datetime(2036, 12, 5, 10, 0, tzinfo=UTC), monkeypatch)
    page = world.client_for("anonymous").get(url).content.decode()
    assert "took place on" in page
    assert "registration has ended." in page
    registration = Registration(
        full_name="Late Comer",
        email="late@example.org",
        phone="",
        address="",
        language="en",
        values={},
    )
    with pytest.raises(SiteOverError, match="registration has ended"):
        volunteer_register(site=site, registration=registration, consent=True)
    assert not Person.objects.filter(email="late@example.org").exists()


@pytest.mark.django_db
def test_a_volunteer_who_registers_gets_a_confirmation(world: World) -> None:
    site = world.published_site
    with_host(site)
    dialogue_services.session_upsert(
        dialogue=site.dialogue, key="only", questions=[], title={"en": "Only"}
    )
    url = reverse("recruitment:register", args=[site.dialogue.slug, site.slug])
    response = world.client_for("anonymous").post(
        url,
        {"full_name": "Awa Diop", "email": "awa@example.org", "language": "en", "consent": "on"},
    )
    assert response.status_code == 200, response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["awa@example.org"]
    assert message.subject == "You are registered for the citizens' dialogue in Dakar"
    assert "You are in the pool of volunteers" in message.body
    assert "When: Dec. 5, 2036, from 9 a.m. (local time, Europe/Paris)" in message.body
    assert message.attachments == []  # no calendar until they are drawn


# --- Reminders ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "kind"),
    [
        (datetime.timedelta(days=8), None),
        (datetime.timedelta(days=7), Reminder.Kind.WEEK),
        (datetime.timedelta(days=2), Reminder.Kind.WEEK),
        (datetime.timedelta(hours=24), Reminder.Kind.DAY),
        (datetime.timedelta(hours=2), Reminder.Kind.DAY),
        (datetime.timedelta(minutes=60), Reminder.Kind.HOUR),
        (datetime.timedelta(minutes=1), Reminder.Kind.HOUR),
        (datetime.timedelta(0), None),
        (-datetime.timedelta(hours=3), None),
    ],
)
def test_each_reminder_has_its_window_and_none_comes_after_the_start(
    before: datetime.timedelta, kind: Reminder.Kind | None
) -> None:
    assert reminders.reminder_due(start=START, now=START - before) == kind


@pytest.mark.django_db
def test_each_reminder_goes_once_to_each_citizen_who_has_not_declined(world: World) -> None:
    with_host(world.own_site)
    invited_panel(world.own_site)
    decliner = Invitation.objects.filter(kind=Invitation.Kind.PANEL).first()
    assert decliner is not None
    invitation_answer(invitation=decliner, answer=Invitation.Answer.DECLINED)
    mail.outbox.clear()  # the replacement's invitation
    panel = Volunteer.objects.filter(
        site=world.own_site, status=Volunteer.Status.SELECTED, invitations__sent_at__isnull=False
    ).count()
    a_day_before = START - datetime.timedelta(hours=20)
    assert reminders.reminders_send(site=world.own_site, now=a_day_before) == ("day", panel)
    # A second run, and the next minute's, find everyone reminded.
    assert reminders.reminders_send(site=world.own_site, now=a_day_before) == ("day", 0)
    assert len(mail.outbox) == panel
    assert decliner.volunteer.person.email not in {m.to[0] for m in mail.outbox}
    assert mail.outbox[0].subject == "Tomorrow: the citizens' dialogue in Paris"
    assert "starts" not in mail.outbox[0].subject
    assert calendar_of(mail.outbox[0]).walk("VEVENT")[0].decoded("dtstart") == START
    assert Reminder.objects.filter(kind="day", sent_at__isnull=False).count() == panel
    # A citizen's data export lists the reminders they were sent.
    reminded = Reminder.objects.select_related("volunteer__person").first()
    assert reminded is not None
    export = person_export_for(person=reminded.volunteer.person, actor=None)
    assert [r["kind"] for r in export["registrations"][0]["reminders"]] == ["day"]
    # The hour's reminder is another one, sent once too.
    an_hour_before = START - datetime.timedelta(minutes=50)
    assert reminders.reminders_send(site=world.own_site, now=an_hour_before) == ("hour", panel)


@pytest.mark.django_db
def test_no_reminder_after_the_start(world: World) -> None:
    invited_panel(world.own_site)
    for moment in (
        START,
        START + datetime.timedelta(minutes=5),
        START + datetime.timedelta(days=1),
    ):
        assert reminders.reminders_send(site=world.own_site, now=moment) == (None, 0)
    assert mail.outbox == []
    assert not Reminder.objects.exists()


@pytest.mark.django_db
def test_a_reminder_that_cannot_be_sent_is_tried_again(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    invited_panel(world.own_site)
    now = START - datetime.timedelta(days=3)

    def broken(*args: object, **kwargs: object) -> None:
        raise ConnectionError("the mail server is down")

    monkeypatch.setattr(reminders, "event_email", broken)
    assert reminders.reminders_send(site=world.own_site, now=now) == ("week", 0)
    assert not Reminder.objects.exists()
    monkeypatch.undo()
    assert reminders.reminders_send(site=world.own_site, now=now) == ("week", PANEL)


@pytest.mark.django_db
def test_workers_queue_a_reminders_job_when_one_is_due(
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[object]],
) -> None:
    invited_panel(world.own_site)
    at(START - datetime.timedelta(days=6), monkeypatch)
    # The worker's periodic tasks queue the job; tests run jobs at once.
    with django_capture_on_commit_callbacks(execute=True):
        assert periodic_run() == 0
    job = Job.objects.get(kind=REMINDERS)
    assert job.status == Job.Status.SUCCEEDED
    assert job.result == {"version": 1, "site_id": world.own_site.id, "kind": "week", "sent": PANEL}
    assert len(mail.outbox) == PANEL
    # Everyone has had it: the next minute queues nothing.
    assert reminders.reminders_queue_due() == 0
    assert len(mail.outbox) == PANEL


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_at_once_send_each_reminder_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    invited_panel(world.own_site)
    both_listed = threading.Barrier(2, timeout=30)
    listing = reminders._recipients

    def listed_together(site: Site, kind: Reminder.Kind) -> list[Volunteer]:
        # Both workers see everyone still to remind before either claims anyone.
        volunteers = list(listing(site, kind))
        both_listed.wait()
        return volunteers

    monkeypatch.setattr(reminders, "_recipients", listed_together)
    now = START - datetime.timedelta(minutes=30)
    results: list[tuple[str | None, int]] = []

    def worker() -> None:
        try:
            site = Site.objects.get(id=world.own_site.id)
            results.append(reminders.reminders_send(site=site, now=now))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(sent for _kind, sent in results) != [0, 0]
    assert sum(sent for _kind, sent in results) == PANEL
    assert len(mail.outbox) == PANEL
    assert len({message.to[0] for message in mail.outbox}) == PANEL
    assert Reminder.objects.filter(kind="hour").count() == PANEL


@pytest.mark.django_db
def test_a_site_waiting_for_its_reminders_job_gets_no_second_one(world: World) -> None:
    invited_panel(world.own_site)
    a_day_before = START - datetime.timedelta(hours=12)
    # Without a commit the job stays queued, as when every worker is busy.
    assert reminders.reminders_queue_due(now=a_day_before) == 1
    assert reminders.reminders_queue_due(now=a_day_before) == 0
    assert Job.objects.filter(kind=REMINDERS, status=Job.Status.QUEUED).count() == 1
