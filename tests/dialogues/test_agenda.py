"""Sessions at real local times, DST-correct; the organisers' "follow the sun" agenda and
the run sheet's "due now", with a fixed clock; a host's shift of their site, audited."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from polyvox.audit.models import AuditEvent
from polyvox.dialogues import selectors
from polyvox.dialogues.models import SessionStart, Site
from polyvox.dialogues.schedule import Phase, session_times, site_is_over
from tests.conftest import World, make_site
from tests.dialogues.agenda_helpers import UTC, sites_in_three_zones, timed_sessions

pytestmark = pytest.mark.django_db

# 09:45 UTC on the day: 20:45 in Sydney, 10:45 in Paris, 03:45 in Mexico City.
FIXED = datetime.datetime(2036, 12, 5, 9, 45, tzinfo=UTC)


def at(moment: datetime.datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_sessions_start_at_their_local_time_in_each_zone(world: World) -> None:
    timed_sessions(world.own)
    sydney, paris, mexico = sites_in_three_zones(world.own)
    starts = {
        site.city: [time.starts_at_utc for time in session_times(site=site)]
        for site in (sydney, paris, mexico)
    }
    assert starts["Paris"] == [
        datetime.datetime(2036, 12, 5, 8, 0, tzinfo=UTC),
        datetime.datetime(2036, 12, 5, 9, 30, tzinfo=UTC),
    ]
    assert starts["Sydney"][0] == datetime.datetime(2036, 12, 4, 22, 0, tzinfo=UTC)
    assert starts["Mexico City"][0] == datetime.datetime(2036, 12, 5, 15, 0, tzinfo=UTC)


def test_a_day_across_the_dst_change_keeps_local_times_and_exact_durations(
    world: World,
) -> None:
    # Europe/Paris went back from 03:00 to 02:00 on 25 October 2026.
    timed_sessions(world.own)
    site = world.own_site
    site.date = datetime.date(2026, 10, 25)
    site.save()
    night = SessionStart.objects.create(
        site=site,
        session=world.own.sessions.get(key="morning"),
        date=datetime.date(2026, 10, 25),
        time=datetime.time(1, 30),
    )
    morning, late = session_times(site=site)
    assert morning.moved
    assert morning.starts_at_utc == datetime.datetime(2026, 10, 24, 23, 30, tzinfo=UTC)
    # Sixty real minutes, though the wall clock goes back an hour on the way.
    assert morning.ends_at_utc - morning.starts_at_utc == datetime.timedelta(minutes=60)
    assert late.starts_at.hour == 10
    assert late.starts_at_utc.hour == 9
    site.date = datetime.date(2026, 10, 24)
    site.save()
    night.delete()
    assert session_times(site=site)[1].starts_at_utc.hour == 8  # still CEST, UTC+2


def test_the_global_agenda_follows_the_sun_and_shows_each_sites_now(world: World) -> None:
    timed_sessions(world.own)
    sites_in_three_zones(world.own)
    agendas = selectors.dialogue_global_agenda(dialogue=world.own, now=FIXED)
    by_city = {agenda.site.city: agenda for agenda in agendas}
    cities = [agenda.site.city for agenda in agendas]
    assert (cities[0], cities[-1]) == ("Sydney", "Mexico City")
    assert by_city["Sydney"].moment.phase == Phase.AFTER
    assert by_city["Paris"].moment.phase == Phase.DURING
    assert by_city["Paris"].current_slot is not None
    assert by_city["Paris"].current_slot.title["en"] == "Late-morning session"
    assert by_city["Mexico City"].moment.phase == Phase.BEFORE
    assert by_city["Mexico City"].local_now.hour == 3
    assert by_city["Sydney"].utc_offset == "UTC+11:00"


def test_the_global_agenda_page_with_a_fixed_clock(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    timed_sessions(world.own)
    sites_in_three_zones(world.own)
    at(FIXED, monkeypatch)
    url = reverse("dialogues:global-agenda", args=[world.own.id])
    page = world.client_for("organiser").get(url).content.decode()
    sydney, paris, mexico = (page.index(city) for city in ("Sydney", "Paris", "Mexico City"))
    assert sydney < paris < mexico
    assert "Now: Dec. 5, 2036, 9:45 a.m. UTC" in page
    assert "Local time 8:45 p.m. (Australia/Sydney, UTC+11:00)" in page
    assert "Finished." in page
    assert "Late-morning session (until 11:30 a.m.)" in page
    assert "Morning session (on Dec. 5, 2036 at 9 a.m.)" in page
    # Paris's second session is at 09:30 UTC, Mexico City's first at 15:00 UTC.
    assert 'datetime="2036-12-05T09:30:00+00:00"' in page
    assert 'datetime="2036-12-05T15:00:00+00:00"' in page
    # Sydney's morning is the evening before in UTC: the date says so.
    assert 'datetime="2036-12-04T22:00:00+00:00">Dec. 4, 2036, 10 p.m.</time>' in page


def test_the_run_sheet_shows_what_is_due_now_in_local_time(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    timed_sessions(world.own)
    # 08:15 UTC is 09:15 in Paris: the morning session is under way, the next at 10:30.
    at(datetime.datetime(2036, 12, 5, 8, 15, tzinfo=UTC), monkeypatch)
    url = reverse("deliberation:run-sheet", args=[world.own_site.id])
    page = world.client_for("facilitator").get(url).content.decode()
    assert "Local time 9:15 a.m. (Europe/Paris)." in page
    assert "Morning session (until 10 a.m.); next: Late-morning session (at 10:30 a.m.)" in page
    at(datetime.datetime(2036, 12, 5, 9, 10, tzinfo=UTC), monkeypatch)
    page = world.client_for("facilitator").get(url).content.decode()
    assert "next: Late-morning session (on Dec. 5, 2036 at 10:30 a.m.)" in page


def test_a_host_shifts_their_site_and_the_change_is_audited(world: World) -> None:
    first, second = timed_sessions(world.own)
    url = reverse("dialogues:site-schedule", args=[world.own_site.id])
    client = world.client_for("host")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "shift_minutes": "90",
            f"date_{second.id}": "2036-12-06",
            f"time_{second.id}": "18:00",
        },
    )
    assert response.status_code == 302
    site = Site.objects.get(id=world.own_site.id)
    morning, evening = session_times(site=site)
    assert morning.starts_at.time() == datetime.time(10, 30)  # 09:00 moved by 90 minutes
    assert (evening.starts_at.date(), evening.starts_at.time()) == (
        datetime.date(2036, 12, 6),
        datetime.time(18, 0),
    )
    event = AuditEvent.objects.get(action="site.schedule")
    assert event.actor == world.users["host"]
    assert event.site_id == site.id
    assert event.details == {"shift_minutes": [0, 90], "sessions_with_own_start": [second.id]}
    # The same schedule again changes nothing and records nothing.
    client.post(
        url,
        {"shift_minutes": "90", f"date_{second.id}": "2036-12-06", f"time_{second.id}": "18:00"},
    )
    assert AuditEvent.objects.filter(action="site.schedule").count() == 1
    # Clearing the session's own start brings it back to the common time, shifted.
    client.post(url, {"shift_minutes": "90"})
    assert session_times(site=site)[1].starts_at.time() == datetime.time(12, 0)
    assert not SessionStart.objects.exists()
    assert first.id not in AuditEvent.objects.last().details["sessions_with_own_start"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "data",
    [
        {"shift_minutes": "721"},
        {"shift_minutes": "abc"},
        {"shift_minutes": "0", "date_SESSION": "2036-12-06"},
        {"shift_minutes": "0", "time_SESSION": "25:00", "date_SESSION": "2036-12-06"},
        {"shift_minutes": "0", "time_SESSION": "23:30", "date_SESSION": "9999-12-31"},
    ],
)
def test_a_wrong_schedule_is_refused_at_its_field(world: World, data: dict[str, str]) -> None:
    _first, second = timed_sessions(world.own)
    form = {key.replace("SESSION", str(second.id)): value for key, value in data.items()}
    url = reverse("dialogues:site-schedule", args=[world.own_site.id])
    response = world.client_for("host").post(url, form)
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()  # the error shows, at its field
    assert not AuditEvent.objects.filter(action="site.schedule").exists()


def test_a_site_is_over_once_its_last_session_has_ended(world: World) -> None:
    timed_sessions(world.own)
    site = world.own_site  # Paris: the last session ends at 11:30 local, 10:30 UTC
    assert not site_is_over(site=site, now=datetime.datetime(2036, 12, 5, 10, 29, tzinfo=UTC))
    assert site_is_over(site=site, now=datetime.datetime(2036, 12, 5, 10, 30, tzinfo=UTC))
    other = world.own_other_site
    other.dialogue.sessions.all().delete()
    assert not site_is_over(site=other, now=datetime.datetime(2036, 12, 5, 22, 59, tzinfo=UTC))
    assert site_is_over(site=other, now=datetime.datetime(2036, 12, 5, 23, 0, tzinfo=UTC))


def test_the_global_agenda_reads_a_fixed_number_of_queries(world: World) -> None:
    timed_sessions(world.own)
    sites_in_three_zones(world.own)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.dialogue_global_agenda(dialogue=world.own, now=FIXED)
        return len(captured.captured_queries)

    before = queries()
    for n in range(5):
        make_site(world.own, f"more-{n}", city=f"Town {n}")
    assert queries() == before == 4
