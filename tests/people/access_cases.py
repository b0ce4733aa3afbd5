"""Access cases for the vault's pages: staff of the person's site, or the emailed link."""

from __future__ import annotations

from django.urls import reverse

from polyvox.people.access import self_service_token
from polyvox.people.models import Person
from polyvox.recruitment.models import Volunteer
from tests.access import REFUSED_TO_OBSERVER, Case, UrlOf, everyone, members_only, site_of
from tests.conftest import World

HOSTS = ("organiser", "host")


def person_of(world: World, which: str) -> Person:
    person = Person.objects.create(full_name="Ada Example", preferred_language="fr")
    Volunteer.objects.create(site=site_of(world, which), person=person)
    return person


def person_url(name: str) -> UrlOf:
    return lambda w, which: reverse(name, args=[person_of(w, which).id])


def token_url(name: str) -> UrlOf:
    return lambda w, which: reverse(name, args=[self_service_token(people=[person_of(w, which)])])


CASES: dict[str, Case] = {
    "people:site": Case(
        lambda w, which: reverse("people:site", args=[site_of(w, which).id]),
        members_only(anonymous=302, staff_roles=HOSTS),
    ),
    "people:person": Case(
        person_url("people:person"), members_only(anonymous=302, staff_roles=HOSTS)
    ),
    "people:person-export": Case(
        person_url("people:person-export"), members_only(anonymous=302, staff_roles=HOSTS)
    ),
    # Posted without the confirmation box: refused with the form again.
    "people:person-erase": Case(
        person_url("people:person-erase"),
        members_only(anonymous=302, member=400, staff_roles=HOSTS, observer=REFUSED_TO_OBSERVER),
        method="post",
    ),
    "people:self-request": Case(
        lambda w, which: reverse("people:self-request"), everyone(200, 200)
    ),
    # The signed, dated link is the credential, whoever follows it.
    "people:self": Case(token_url("people:self"), everyone(200, 200)),
    "people:self-export": Case(token_url("people:self-export"), everyone(200, 200)),
    "people:self-erase": Case(
        token_url("people:self-erase"),
        everyone(302, 302, observer=REFUSED_TO_OBSERVER),
        method="post",
    ),
}
