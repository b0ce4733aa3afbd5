"""Issue 12, item 2: voting codes cannot be guessed.

The attack: 2,000 random codes posted to the ballot API from one address all answered 404,
never 429; an absent citizen's code answered 403 "cannot vote", telling a guesser it
exists; the API took text/plain, so any web page could make its visitors guess. Every path
that takes a code now counts failed look-ups per address and overall, answers unknown and
unusable codes alike, and the API takes JSON only.
"""

from __future__ import annotations

import dataclasses
import secrets

import pytest
from django.test import Client
from django.urls import reverse

from polyvox.core.ratelimit import Rate
from polyvox.deliberation import guessing
from polyvox.deliberation.models import CODE_ALPHABET, Answer, Participant
from polyvox.deliberation.recommendations import ranking_open_set
from tests.client import Response
from tests.conftest import World
from tests.deliberation.helpers import (
    Agenda,
    first_option,
    make_agenda,
    make_participants,
    open_all,
)

Day = tuple[Agenda, list[Participant]]

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
VENUE = "198.51.100.7"
LIMIT = guessing.CODE_LOOKUPS.per_address.limit


@pytest.fixture(autouse=True)
def _one_window(monkeypatch: pytest.MonkeyPatch) -> None:
    # Counters live in fixed windows: hold the clock in the middle of one, so that a long
    # test never straddles two.
    monkeypatch.setattr("polyvox.core.ratelimit.time.time", lambda: 1_800_000_300.0)


@pytest.fixture
def day(world: World) -> Day:
    agenda = make_agenda(world.own)
    open_all(world.own_site, agenda)
    return agenda, make_participants(world.own_site, 3)


def random_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def api(
    name: str,
    payload: object,
    *,
    address: str = ATTACKER,
    content_type: str = "application/json",
) -> Response:
    return Client(REMOTE_ADDR=address).post(
        reverse(f"api-1:{name}"), payload, content_type=content_type
    )


def ballot(code: str, question: int, choice: object, *, address: str = ATTACKER) -> Response:
    return api(
        "cast_ballot", {"code": code, "question": question, "choice": choice}, address=address
    )


def test_two_thousand_random_codes_from_one_address_meet_429(world: World, day: Day) -> None:
    agenda, (citizen, *_rest) = day
    yes = first_option(agenda.single).id
    statuses = [ballot(random_code(), agenda.single.id, yes).status_code for _ in range(2000)]
    assert statuses[:LIMIT] == [404] * LIMIT
    assert set(statuses[LIMIT:]) == {429}
    # Once blocked, even a right code is not looked up: the guesser cannot confirm a hit.
    blocked = ballot(citizen.code, agenda.single.id, yes)
    assert blocked.status_code == 429
    assert blocked["Retry-After"] == str(guessing.CODE_LOOKUPS.per_address.seconds)
    assert not Answer.objects.exists()
    # Another address (the venue) is not held back by the guesser.
    assert ballot(citizen.code, agenda.single.id, yes, address=VENUE).status_code == 201


def test_recommendation_ballots_count_failures_too(world: World, day: Day) -> None:
    ranking_open_set(site=world.own_site, enabled=True)
    statuses = [
        api("cast_recommendation_ballot", {"code": random_code(), "choice": []}).status_code
        for _ in range(LIMIT + 20)
    ]
    assert statuses[:LIMIT] == [404] * LIMIT
    assert set(statuses[LIMIT:]) == {429}


def test_every_path_shares_one_count(world: World, day: Day) -> None:
    """Guesses spread over the API, the sign-in form and the QR link add up."""
    agenda, _citizens = day
    third = LIMIT // 3
    for _ in range(third):
        assert ballot(random_code(), agenda.single.id, 1).status_code == 404
    client = Client(REMOTE_ADDR=ATTACKER)
    url = reverse("deliberation:vote-login")
    for _ in range(third):
        assert client.post(url, {"code": random_code()}).status_code == 400
    scans = LIMIT - 2 * third
    for _ in range(scans):
        assert client.get(url, {"code": random_code()}).status_code == 400
    assert client.get(url, {"code": random_code()}).status_code == 429
    assert client.post(url, {"code": random_code()}).status_code == 429
    assert ballot(random_code(), agenda.single.id, 1).status_code == 429


def test_a_link_from_another_site_is_not_a_look_up(world: World, day: Day) -> None:
    """GET ?code= from another site only fills in the form: nothing is looked up or counted."""
    client = Client(REMOTE_ADDR=ATTACKER)
    url = reverse("deliberation:vote-login")
    for _ in range(LIMIT + 5):
        response = client.get(
            url, {"code": random_code()}, headers={"Sec-Fetch-Site": "cross-site"}
        )
        assert response.status_code == 200


def test_an_absent_citizens_code_answers_as_an_unknown_one(world: World, day: Day) -> None:
    agenda, (citizen, *_rest) = day
    yes = first_option(agenda.single).id
    Participant.objects.filter(id=citizen.id).update(status=Participant.Status.ABSENT)
    unknown = ballot(random_code(), agenda.single.id, yes)
    absent = ballot(citizen.code, agenda.single.id, yes)
    assert (absent.status_code, absent.content) == (unknown.status_code, unknown.content)
    ranking_open_set(site=world.own_site, enabled=True)
    unknown = api("cast_recommendation_ballot", {"code": random_code(), "choice": []})
    absent = api("cast_recommendation_ballot", {"code": citizen.code, "choice": []})
    assert (absent.status_code, absent.content) == (unknown.status_code, unknown.content)
    url = reverse("deliberation:vote-login")
    unknown = Client().post(url, {"code": random_code()})
    absent = Client().post(url, {"code": citizen.code})
    assert absent.status_code == unknown.status_code == 400
    assert absent.context["form"].errors == unknown.context["form"].errors


def test_a_code_of_another_site_answers_as_an_unknown_one(world: World, day: Day) -> None:
    agenda, _citizens = day
    elsewhere = make_participants(world.own_other_site, 1)[0]
    yes = first_option(agenda.single).id
    unknown = ballot(random_code(), agenda.single.id, yes)
    other_site = ballot(elsewhere.code, agenda.single.id, yes)
    assert (other_site.status_code, other_site.content) == (unknown.status_code, unknown.content)


@pytest.mark.parametrize("name", ["cast_ballot", "cast_recommendation_ballot"])
@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_a_page_on_another_site_cannot_make_its_visitors_guess(
    world: World, day: Day, name: str, content_type: str
) -> None:
    """A cross-site form or fetch can send text/plain without asking: refused unread."""
    agenda, (citizen, *_rest) = day
    ranking_open_set(site=world.own_site, enabled=True)
    yes = first_option(agenda.single).id
    body = (
        f'{{"code": "{citizen.code}", "question": {agenda.single.id}, "choice": {yes}}}'
        if name == "cast_ballot"
        else f'{{"code": "{citizen.code}", "choice": []}}'
    )
    response = api(name, body, content_type=content_type)
    assert response.status_code == 415
    assert not Answer.objects.exists()
    assert not citizen.__class__.objects.filter(recommendation_rankings__isnull=False).exists()


def test_a_guesser_spread_over_many_addresses_is_held_overall(
    world: World, day: Day, monkeypatch: pytest.MonkeyPatch
) -> None:
    agenda, (citizen, *_rest) = day
    overall = dataclasses.replace(guessing.CODE_LOOKUPS, overall=Rate(50, 600))
    monkeypatch.setattr(guessing, "CODE_LOOKUPS", overall)
    yes = first_option(agenda.single).id
    addresses = [f"192.0.2.{number}" for number in range(1, 51)]
    for address in addresses:
        assert ballot(random_code(), agenda.single.id, yes, address=address).status_code == 404
    # Over the overall limit, an address that has failed gets no second try...
    assert ballot(random_code(), agenda.single.id, yes, address=addresses[0]).status_code == 429
    # ...but a citizen typing their code right still votes: a flood cannot lock a venue out.
    assert ballot(citizen.code, agenda.single.id, yes, address=VENUE).status_code == 201


def test_a_venue_of_two_hundred_citizens_on_one_address_votes(world: World) -> None:
    """200 citizens behind one address, a tenth of them mistyping once, all vote."""
    agenda = make_agenda(world.own)
    open_all(world.own_site, agenda)
    citizens = make_participants(world.own_site, 200)
    yes = first_option(agenda.single).id
    url = reverse("deliberation:vote-login")
    for number, citizen in enumerate(citizens):
        if number % 10 == 0:
            assert (
                ballot(citizen.code[::-1] + "X", agenda.single.id, yes, address=VENUE).status_code
                == 404
            )
            assert Client(REMOTE_ADDR=VENUE).post(url, {"code": "TYPO"}).status_code == 400
        if number % 2:
            assert ballot(citizen.code, agenda.single.id, yes, address=VENUE).status_code == 201
        else:
            response = Client(REMOTE_ADDR=VENUE).post(url, {"code": citizen.code.lower()})
            assert response.status_code == 302
    assert Answer.objects.count() == 100
