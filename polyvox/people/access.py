"""The only way to reach a person's identity: organisers of the dialogue and hosts of
the person's site, through the volunteers that tie a person to a site."""

from __future__ import annotations

import datetime

from django.core import signing
from django.db.models import QuerySet
from django.http import Http404

from polyvox.accounts.models import AnyUser
from polyvox.dialogues.access import sites_hosted_by
from polyvox.people.models import Person


def people_managed_by(user: AnyUser) -> QuerySet[Person]:
    """People who volunteered at a site the user hosts or whose dialogue they organise."""
    sites = sites_hosted_by(user)
    return Person.objects.filter(volunteers__site__in=sites).distinct()


def access_person_for_host(*, user: AnyUser, person_id: int) -> Person:
    try:
        return people_managed_by(user).get(id=person_id)
    except Person.DoesNotExist:
        raise Http404("No such person.") from None


# The emailed self-service link carries the person ids, signed and dated: no name or email
# (a signed value is readable, only not forgeable), so the link can sit in server logs.
SELF_SERVICE_SALT = "polyvox.people.self-service"
SELF_SERVICE_MAX_AGE = datetime.timedelta(days=2)


def self_service_token(*, people: list[Person]) -> str:
    return signing.dumps([person.id for person in people], salt=SELF_SERVICE_SALT)


def access_people_by_token(*, token: str) -> list[Person]:
    """The people a self-service link was sent for; 404 when it is forged or too old."""
    try:
        ids = signing.loads(token, salt=SELF_SERVICE_SALT, max_age=SELF_SERVICE_MAX_AGE)
    except signing.BadSignature:
        raise Http404("No such link.") from None
    return list(Person.objects.filter(id__in=ids).order_by("id"))
