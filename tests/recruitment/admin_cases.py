"""Recruitment models in the admin, for tests/core/test_admin_scope.py: organisers see
every site of their dialogues, hosts only their own site."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from polyvox.dialogues.models import Site
from polyvox.people.models import Person
from polyvox.recruitment.categories import ValueDefinition, category_define
from polyvox.recruitment.models import (
    Category,
    Invitation,
    PoolImport,
    Quota,
    SelectionRun,
    Volunteer,
)
from tests.conftest import World

Factory = Callable[[Site], Any]


def category(site: Site) -> Category:
    return category_define(
        site=site,
        key="gender",
        label={"en": "Gender"},
        values=[ValueDefinition(key="f", label={"en": "Woman"}, share=0.5)],
    )


def quota(site: Site) -> Quota:
    value = category(site).values.get()
    return Quota.objects.create(site=site, value=value, min=1, max=2)


def volunteer(site: Site) -> Volunteer:
    person = Person.objects.create(full_name="Someone", preferred_language="fr")
    return Volunteer.objects.create(site=site, person=person, values={"gender": "f"})


def run(site: Site) -> SelectionRun:
    return SelectionRun.objects.create(site=site, panel_size=1)


def invitation(site: Site) -> Invitation:
    return Invitation.objects.create(volunteer=volunteer(site), kind=Invitation.Kind.PANEL)


def pool_import(site: Site) -> PoolImport:
    return PoolImport.objects.create(site=site, file_name="pool.csv")


FACTORIES: dict[str, Factory] = {
    "recruitment.Category": category,
    "recruitment.Quota": quota,
    "recruitment.Volunteer": volunteer,
    "recruitment.SelectionRun": run,
    "recruitment.Invitation": invitation,
    "recruitment.PoolImport": pool_import,
}


def pair(factory: Factory) -> Callable[[World], tuple[Any, Any]]:
    return lambda world: (factory(world.own_site), factory(world.other_site))


def triple(factory: Factory) -> Callable[[World], tuple[Any, Any, Any]]:
    """The host's own object, one at another site of the same dialogue, one elsewhere."""
    return lambda world: (
        factory(world.own_site),
        factory(world.own_other_site),
        factory(world.other_site),
    )


OBJECTS: dict[str, Callable[[World], tuple[Any, Any]] | None] = {
    label: pair(factory) for label, factory in FACTORIES.items()
}
HOST_MODELS = set(FACTORIES)
HOST_OBJECTS = {label: triple(factory) for label, factory in FACTORIES.items()}
