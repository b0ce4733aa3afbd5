"""Recommendations and table notes belong to a session: the own dialogue gets one. And the
ballot's day most tests vote on (a module with another day defines its own `day`)."""

from __future__ import annotations

import pytest

from polyvox.deliberation.models import Participant
from tests.conftest import World
from tests.deliberation.helpers import (
    Agenda,
    make_agenda,
    make_participants,
    make_sessions,
    open_all,
)


@pytest.fixture(autouse=True)
def _conclusions_session(request: pytest.FixtureRequest) -> None:
    if "world" in request.fixturenames:
        make_sessions(request.getfixturevalue("world").own)


@pytest.fixture
def day(world: World) -> tuple[Agenda, Participant]:
    """An English and French site with every question open, and one English citizen."""
    world.own_site.languages = ["en", "fr"]
    world.own_site.save()
    agenda = make_agenda(world.own)
    open_all(world.own_site, agenda)
    (citizen,) = make_participants(world.own_site, 1, language="en")
    return agenda, citizen
