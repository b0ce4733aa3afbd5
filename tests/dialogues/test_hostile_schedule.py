"""The host's schedule form under hostile input: whatever is posted, the page answers 302
(saved, within bounds) or 400 (refused at its field), never a server error, and a saved
schedule is one the agenda can show."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from polyvox.dialogues.models import MAX_SHIFT_MINUTES, Site
from polyvox.dialogues.schedule import session_times
from tests.conftest import World
from tests.dialogues.agenda_helpers import timed_sessions
from tests.hostile import HOSTILE, nasty_text, rolled_back

pytestmark = pytest.mark.django_db

field_value = st.one_of(
    nasty_text,
    st.integers(-(10**9), 10**9).map(str),
    st.sampled_from(["2036-12-06", "2036-02-30", "9999-12-31", "0001-01-01", "18:00", "24:00"]),
    st.sampled_from(["23:59", "00:00", "23:59:59.999999"]),
    st.sampled_from(["02:30", "2036-03-30", "2036-10-26"]),  # DST gaps and repeats in Paris
)


@HOSTILE
@given(shift=field_value, day=field_value, at=field_value)
def test_a_hostile_schedule_is_saved_within_bounds_or_refused(
    world: World, shift: str, day: str, at: str
) -> None:
    client: Client = world.client_for("host")
    url = reverse("dialogues:site-schedule", args=[world.own_site.id])
    # Each example starts from the same schedule: what one saves must not change the next.
    with rolled_back():
        _first, second = timed_sessions(world.own)
        response = client.post(
            url, {"shift_minutes": shift, f"date_{second.id}": day, f"time_{second.id}": at}
        )
        assert response.status_code in (302, 400)
        site = Site.objects.get(id=world.own_site.id)
        assert abs(site.schedule_shift_minutes) <= MAX_SHIFT_MINUTES
        times = session_times(site=site)
        # Compared as instants: in the repeated autumn hour 02:30 (first) and 02:30 (second)
        # are an hour apart but equal as wall-clock times in one zone.
        assert all(time.ends_at_utc > time.starts_at_utc for time in times)
        assert client.get(url).status_code == 200
