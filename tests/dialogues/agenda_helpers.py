"""Sessions with real times, and sites in three time zones, for the agenda's tests."""

from __future__ import annotations

import datetime

from polyvox.dialogues import services
from polyvox.dialogues.models import Dialogue, Session, Site
from tests.conftest import make_site

UTC = datetime.UTC


def timed_sessions(dialogue: Dialogue) -> tuple[Session, Session]:
    """09:00–10:00 and 10:30–11:30, local time at every site."""
    first = services.session_upsert(
        dialogue=dialogue,
        key="morning",
        questions=[],
        position=0,
        title={"en": "Morning session", "fr": "Séance du matin"},
        duration_minutes=60,
        start_time=datetime.time(9, 0),
    )
    second = services.session_upsert(
        dialogue=dialogue,
        key="late-morning",
        questions=[],
        position=1,
        title={"en": "Late-morning session", "fr": "Séance de fin de matinée"},
        duration_minutes=60,
        start_time=datetime.time(10, 30),
    )
    return first, second


def sites_in_three_zones(dialogue: Dialogue) -> tuple[Site, Site, Site]:
    """Sydney (UTC+11 in December), Paris (UTC+1) and Mexico City (UTC−6)."""
    sydney = make_site(dialogue, "sydney", country="AU", city="Sydney")
    sydney.time_zone = "Australia/Sydney"
    sydney.save()
    paris = Site.objects.get(dialogue=dialogue, slug="paris")
    mexico = make_site(dialogue, "mexico", country="MX", city="Mexico City")
    mexico.time_zone = "America/Mexico_City"
    mexico.save()
    return sydney, paris, mexico
