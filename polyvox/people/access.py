"""The only way to reach a person's identity: organisers of the dialogue and hosts of
the person's site, through the volunteers that tie a person to a site."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from polyvox.accounts.access import AnyUser, sites_hosted_by
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
