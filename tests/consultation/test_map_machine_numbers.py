"""The opinion map's SVG carries machine numbers in every language: a French reader's
page must not write `cx="95,0"`, which browsers cannot read, so no dot would be drawn."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from polyvox.consultation import services
from polyvox.consultation.models import Consultation
from tests.conftest import World
from tests.consultation.helpers import camp_votes, make_consultation

pytestmark = pytest.mark.django_db

ATTRIBUTE = re.compile(r'<circle cx="([^"]*)" cy="([^"]*)"')


def voted(world: World) -> Consultation:
    consultation = make_consultation(world.published, "map-fr", statements=8)
    for _stamp, statement, voter, value in camp_votes(20, 8):
        services.vote_cast(
            consultation=consultation, key=f"v{voter}", statement_number=statement + 1, value=value
        )
    services.consultation_recompute(consultation_id=consultation.id)
    return consultation


@pytest.mark.parametrize("language", ["en", "fr", "ar", "hi"])
def test_every_dot_has_coordinates_a_browser_can_read(world: World, language: str) -> None:
    consultation = voted(world)
    response = Client().get(f"/{language}/consultations/{consultation.slug}/map/")
    html = response.content.decode()
    dots = ATTRIBUTE.findall(html)
    assert len(dots) == 20
    for x, y in dots:
        assert 0 <= float(x) <= 100
        assert 0 <= float(y) <= 100
