from __future__ import annotations

import pytest
from django.http import Http404

from polyvox.people.access import access_person_for_host
from tests.conftest import World
from tests.recruitment.helpers import make_pool

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("organiser", True),
        ("host", True),
        ("facilitator", False),
        ("citizen", False),
        ("outsider", False),
    ],
)
def test_only_organisers_and_the_sites_hosts_reach_a_person(
    world: World, role: str, allowed: bool
) -> None:
    make_pool(world.own_site, size=2)
    volunteer = world.own_site.volunteers.first()
    assert volunteer is not None
    person = volunteer.person
    if allowed:
        assert access_person_for_host(user=world.users[role], person_id=person.id) == person
    else:
        with pytest.raises(Http404):
            access_person_for_host(user=world.users[role], person_id=person.id)


def test_hosts_of_another_site_do_not_reach_a_person(world: World) -> None:
    make_pool(world.own_other_site, size=2)
    volunteer = world.own_other_site.volunteers.first()
    assert volunteer is not None
    person = volunteer.person
    with pytest.raises(Http404):
        access_person_for_host(user=world.users["host"], person_id=person.id)
