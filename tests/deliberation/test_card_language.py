"""A French citizen's printed card sends them to the French vote page, though the host
printed it from an English page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from polyvox.deliberation.checkin import tables_seat
from tests.conftest import World
from tests.deliberation.helpers import make_agenda, make_participants, open_all

pytestmark = pytest.mark.django_db


def test_the_address_printed_on_the_card_is_in_the_citizens_language(world: World) -> None:
    open_all(world.own_site, make_agenda(world.own))
    citizens = make_participants(world.own_site, 2)
    tables_seat(site=world.own_site, table_size=2)
    assert {citizen.language for citizen in citizens} == {"fr"}
    url = reverse("deliberation:cards", args=[world.own_site.id])
    assert url.startswith("/en/")
    response = world.client_for("host").post(url, {"action": "print", "format": "html"})
    html = response.content.decode()
    addresses = re.findall(r"https?://testserver/[^\s<]*", html)
    assert len(addresses) == 2
    assert all(address == "http://testserver/fr/vote/" for address in addresses)
