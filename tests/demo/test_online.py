"""The demo's online site (Lisbon, Jitsi rooms) and hybrid site (Montréal), issue 14."""

from __future__ import annotations

import pytest

from polyvox.deliberation.models import Participant, Table
from polyvox.deliberation.online import table_room
from polyvox.demo import accounts as demo_accounts
from polyvox.demo import deliberation as demo_deliberation
from polyvox.demo import dialogue as dialogue_demo
from polyvox.demo import online as demo_online
from polyvox.dialogues.models import FacilitatorStep, Session, SessionMaterial, Site

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_online_and_a_hybrid_site_with_rooms_and_loads_twice() -> None:
    dialogue = dialogue_demo.load()
    demo_accounts.load(dialogue=dialogue)
    demo_deliberation.load(dialogue=dialogue)
    demo_online.load(dialogue=dialogue)
    demo_online.load(dialogue=dialogue)
    first = Session.objects.filter(dialogue=dialogue).order_by("position").first()
    assert first is not None

    lisbon = dialogue.sites.get(slug="pt-lisbon-online")
    assert (lisbon.mode, lisbon.time_zone) == (Site.Mode.ONLINE, "Europe/Lisbon")
    tables = list(Table.objects.filter(site=lisbon))
    rooms = {table_room(table=table, site=lisbon, session=first) for table in tables}
    assert len(tables) >= 2
    assert len(rooms) == len(tables)
    assert all(room.startswith("https://meet.jit.si/polyvox-demo-") for room in rooms)
    assert Participant.objects.filter(site=lisbon, table__isnull=False).exists()

    montreal = dialogue.sites.get(slug="ca-montreal")
    assert montreal.mode == Site.Mode.HYBRID
    assert montreal.venue_address
    flags = set(Table.objects.filter(site=montreal).values_list("online", flat=True))
    assert flags == {True, False}

    materials = SessionMaterial.objects.filter(session=first)
    assert set(materials.values_list("language", flat=True)) >= {"en", "fr", "pt"}
    assert all(material.booklet.read(5) == b"%PDF-" for material in materials)
    assert SessionMaterial.objects.filter(session__dialogue=dialogue).count() == 4 * 5
    assert FacilitatorStep.objects.filter(session=first, kind="vote").count() == 1
