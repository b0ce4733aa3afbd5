"""The admin shows organisers only their dialogues and hosts only their sites.

Every registered model needs a row in OBJECTS, so a new admin screen cannot ship
without these checks.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib import admin
from django.urls import reverse

from polyvox.accounts.models import Membership
from polyvox.dialogues.models import Dialogue, Organisation, Site
from tests.conftest import World

pytestmark = pytest.mark.django_db

# model label -> (own object, other object); None for screens only administrators use.
AdminObjects = Callable[[World], tuple[Any, Any]]


# model label -> (the host's own object, one at another site of the host's dialogue, one
# in another dialogue); models without one are the sites themselves.
HostObjects = Callable[[World], tuple[Any, Any, Any]]


def collect_admin_cases() -> tuple[
    dict[str, AdminObjects | None], set[str], dict[str, HostObjects]
]:
    """Each app lists its admin models in tests/<app>/admin_cases.py: OBJECTS, and for the
    models hosts may reach HOST_MODELS (and HOST_OBJECTS unless they are sites)."""
    objects: dict[str, AdminObjects | None] = {}
    host_models: set[str] = set()
    host_objects: dict[str, HostObjects] = {}
    for path in sorted(Path(__file__).parents[1].glob("*/admin_cases.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.admin_cases")
        objects.update(module.OBJECTS)
        host_models |= getattr(module, "HOST_MODELS", set())
        host_objects.update(getattr(module, "HOST_OBJECTS", {}))
    return objects, host_models, host_objects


OBJECTS, HOST_MODELS, HOST_OBJECTS = collect_admin_cases()


def sites(world: World) -> tuple[Site, Site, Site]:
    return world.own_site, world.own_other_site, world.other_site


def admin_url(obj_or_model: Any, view: str, *args: Any) -> str:
    meta = obj_or_model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def model_for(label: str) -> Any:
    return next(model for model in admin.site._registry if model._meta.label == label)


def test_every_admin_model_has_scope_cases() -> None:
    assert {model._meta.label for model in admin.site._registry} == set(OBJECTS)


@pytest.mark.parametrize("label", sorted(OBJECTS))
def test_organiser_sees_and_changes_only_their_own(world: World, label: str) -> None:
    client = world.client_for("organiser")
    factory = OBJECTS[label]
    changelist = client.get(admin_url(model_for(label), "changelist"))
    if factory is None:
        assert changelist.status_code == 403
        return
    own, other = factory(world)
    assert changelist.status_code == 200
    listed = set(changelist.context["cl"].queryset)
    assert own in listed
    assert other not in listed
    assert client.get(admin_url(own, "change", own.pk)).status_code == 200
    # Django's admin answers "does not exist" (a redirect) for objects outside the queryset.
    assert client.get(admin_url(other, "change", other.pk)).status_code == 302


@pytest.mark.parametrize("label", sorted(OBJECTS))
def test_host_reaches_only_their_own_site(world: World, label: str) -> None:
    client = world.client_for("host")
    changelist = client.get(admin_url(model_for(label), "changelist"))
    if label not in HOST_MODELS:
        assert changelist.status_code == 403
        return
    own, same_dialogue, elsewhere = HOST_OBJECTS.get(label, sites)(world)
    changelist = client.get(admin_url(model_for(label), "changelist"))
    assert set(changelist.context["cl"].queryset) == {own}
    assert client.get(admin_url(own, "change", own.pk)).status_code == 200
    assert client.get(admin_url(same_dialogue, "change", same_dialogue.pk)).status_code == 302
    assert client.get(admin_url(elsewhere, "change", elsewhere.pk)).status_code == 302


def filter_choices(changelist: Any) -> list[str]:
    """Every label of every filter link on a list page."""
    cl = changelist.context["cl"]
    return [str(choice["display"]) for spec in cl.filter_specs for choice in spec.choices(cl)]


# What only the other dialogue's list pages would name: its title, its site, its consultation.
OTHER_NAMES = ("Dialogue other", "Berlin", "admin-other")


@pytest.mark.parametrize("label", sorted(label for label, made in OBJECTS.items() if made))
def test_organiser_list_filters_name_only_their_own_dialogues(world: World, label: str) -> None:
    OBJECTS[label](world)  # type: ignore[misc]
    changelist = world.client_for("organiser").get(admin_url(model_for(label), "changelist"))
    content = changelist.content.decode()
    leaked = [name for name in OTHER_NAMES if name in content]
    assert leaked == [], filter_choices(changelist)


@pytest.mark.parametrize("label", sorted(HOST_MODELS))
def test_host_list_filters_name_only_their_own_site(world: World, label: str) -> None:
    HOST_OBJECTS.get(label, sites)(world)
    changelist = world.client_for("host").get(admin_url(model_for(label), "changelist"))
    content = changelist.content.decode()
    # Lyon is another site of the host's own dialogue: not theirs either.
    leaked = [name for name in (*OTHER_NAMES, "Lyon") if name in content]
    assert leaked == [], filter_choices(changelist)


@pytest.mark.parametrize("role", ["anonymous", "citizen", "facilitator"])
def test_people_without_staff_status_are_sent_to_the_login(world: World, role: str) -> None:
    response = world.client_for(role).get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def site_form(site: Site, **changes: Any) -> dict[str, Any]:
    data = {
        "dialogue": site.dialogue_id,
        "slug": site.slug,
        "country": site.country.code,
        "city": site.city,
        "languages": '["fr"]',
        "time_zone": site.time_zone,
        "date": site.date.isoformat(),
        "mode": site.mode,
        "target_participants": site.target_participants,
    }
    return {**data, **changes}


def test_invalid_site_is_refused_field_by_field_and_nothing_is_saved(world: World) -> None:
    client = world.client_for("organiser")
    url = admin_url(world.own_site, "change", world.own_site.pk)
    response = client.post(
        url, site_form(world.own_site, time_zone="Mars/Olympus", target_participants=0)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"time_zone", "target_participants"}
    world.own_site.refresh_from_db()
    assert world.own_site.time_zone == "Europe/Paris"


def test_host_may_change_their_site_but_not_move_it(world: World) -> None:
    client = world.client_for("host")
    url = admin_url(world.own_site, "change", world.own_site.pk)
    response = client.post(
        url, site_form(world.own_site, city="Paris 11e", dialogue=world.other.id, country="DE")
    )
    assert response.status_code == 302
    site = Site.objects.get(pk=world.own_site.pk)
    assert (site.city, site.dialogue_id, site.country.code) == ("Paris 11e", world.own.id, "FR")


def test_organiser_who_creates_a_dialogue_organises_it(world: World) -> None:
    client = world.client_for("organiser")
    organisation = Organisation.objects.get(name="Organiser of own")
    response = client.post(
        admin_url(Dialogue, "add"),
        {
            "slug": "new-one",
            "title__en": "A new dialogue",
            "source_language": "en",
            "start_date": "2027-01-10",
            "end_date": "2027-01-10",
            "retention_months": 6,
            "k_anonymity": 5,
            "status": "draft",
            "organiser": organisation.id,
            "licence": "CC-BY-4.0",
            "partnerships-TOTAL_FORMS": 0,
            "partnerships-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    dialogue = Dialogue.objects.get(slug="new-one")
    assert dialogue.title == {"en": "A new dialogue"}
    assert Membership.objects.filter(
        user=world.users["organiser"], dialogue=dialogue, role="organiser"
    ).exists()


def test_dialogue_ending_before_it_starts_is_refused(world: World) -> None:
    client = world.client_for("organiser")
    response = client.post(
        admin_url(Dialogue, "add"),
        {
            "slug": "backwards",
            "title__en": "Backwards",
            "source_language": "en",
            "start_date": "2027-01-10",
            "end_date": "2027-01-09",
            "retention_months": 6,
            "k_anonymity": 5,
            "status": "draft",
            "organiser": world.own.organiser_id,
            "partnerships-TOTAL_FORMS": 0,
            "partnerships-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "end_date" in response.context["adminform"].form.errors
    assert not Dialogue.objects.filter(slug="backwards").exists()
