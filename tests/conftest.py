"""Shared personas: an organiser, a national host, a facilitator, an observer (of the whole
dialogue), a citizen and an outsider (the organiser of another dialogue), with one
dialogue of their own each."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import translation
from hypothesis import settings as hypothesis_settings
from pytest_django import Settings

from polyvox.accounts.models import Membership, Role, User
from polyvox.dialogues import services
from polyvox.dialogues.models import Dialogue, Site, Tier

pytest_plugins = ["tests.browser_fixtures"]

PASSWORD = "correct horse battery staple"
ROLES = ("anonymous", "citizen", "organiser", "host", "facilitator", "observer")


@dataclass
class World:
    own: Dialogue
    own_site: Site
    own_other_site: Site
    other: Dialogue
    other_site: Site
    published: Dialogue
    published_site: Site
    users: dict[str, User]

    def client_for(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


@pytest.fixture(autouse=True)
def _test_settings(settings: Settings, tmp_path: Path) -> None:
    # Uploads and reports go to a folder of the test's own.
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tests run background jobs in-process; the worker has tests of its own.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # A deliberately slow password hash protects real accounts; tests only need it to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Rate-limit counters live in the cache: start every test with none.
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    # A request in French leaves French active in this thread; reverse() and lazy strings
    # in the next test would follow it.
    translation.activate("en")
    yield
    translation.deactivate()


def make_dialogue(slug: str, status: str = Dialogue.Status.DRAFT) -> Dialogue:
    organiser = services.organisation_upsert(name=f"Organiser of {slug}", country="FR")
    # Ahead of the clock: nobody is invited to, or registers for, a day that is past.
    day = datetime.date(2036, 12, 5)
    dialogue = services.dialogue_upsert(
        slug=slug,
        organiser=organiser,
        title={"en": f"Dialogue {slug}", "fr": f"Dialogue {slug} (fr)"},
        theme={"en": "A theme"},
        source_language="en",
        start_date=day,
        end_date=day,
        status=status,
    )
    services.partnership_ensure(dialogue=dialogue, organisation=organiser, tier=Tier.ORGANISER)
    return dialogue


def make_site(dialogue: Dialogue, slug: str, country: str = "FR", city: str = "Paris") -> Site:
    return services.site_upsert(
        dialogue=dialogue,
        slug=slug,
        country=country,
        city=city,
        languages=["fr"],
        time_zone="Europe/Paris",
        date=dialogue.start_date,
    )


def make_user(username: str, *, staff: bool = False) -> User:
    return User.objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, is_staff=staff
    )


@pytest.fixture
def world(db: None) -> World:
    own = make_dialogue("own")
    own_site, own_other_site = make_site(own, "paris"), make_site(own, "lyon", city="Lyon")
    other = make_dialogue("other")
    other_site = make_site(other, "berlin", country="DE", city="Berlin")
    published = make_dialogue("published", status=Dialogue.Status.RECRUITING)
    published_site = make_site(published, "dakar", country="SN", city="Dakar")
    users = {
        "organiser": make_user("organiser", staff=True),
        "host": make_user("host", staff=True),
        "facilitator": make_user("facilitator"),
        "citizen": make_user("citizen"),
        "outsider": make_user("outsider", staff=True),
        "observer": make_user("observer"),
    }
    Membership.objects.create(user=users["organiser"], role=Role.ORGANISER, dialogue=own)
    Membership.objects.create(user=users["host"], role=Role.HOST, dialogue=own, site=own_site)
    Membership.objects.create(
        user=users["facilitator"], role=Role.FACILITATOR, dialogue=own, site=own_site
    )
    Membership.objects.create(user=users["outsider"], role=Role.ORGANISER, dialogue=other)
    Membership.objects.create(user=users["observer"], role=Role.OBSERVER, dialogue=own)
    return World(own, own_site, own_other_site, other, other_site, published, published_site, users)


# `make test` and CI run the property-based tests on the same examples every time
# (HYPOTHESIS_PROFILE=ci), so a red build is reproducible; `make fuzz` explores new ones.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `postgres` need PostgreSQL's concurrency: they skip on SQLite."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://...)")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)
