"""Every page of every role, crawled with payloads in every user-written text: the payloads
show as text, never as markup, and no link carries a javascript: address."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import World
from tests.xss import ESCAPED_MARKER, LIVE_MARKERS, SCRIPT_URL, admin_user, crawl, seed

pytestmark = pytest.mark.django_db


def check_pages(client: Client, start: list[str], skip: tuple[str, ...] = ()) -> set[str]:
    shown = set()
    for url, page in crawl(client, start, skip=skip):
        for marker in LIVE_MARKERS:
            assert marker not in page, f"{url} renders {marker!r} as markup"
        assert f'href="{SCRIPT_URL}' not in page, f"{url} links a javascript: address"
        if ESCAPED_MARKER in page:
            shown.add(url)
    return shown


class TestPayloadsAreInert:
    def test_on_the_host_organiser_facilitator_and_observer_pages(self, world: World) -> None:
        dialogue = seed(world)
        site = world.own_site
        shown: set[str] = set()
        for role in ("organiser", "host", "facilitator", "observer"):
            # The admin's screens are crawled once, as a superuser, below.
            start = [reverse("accounts:dashboard")]
            shown |= check_pages(world.client_for(role), start, skip=("/admin/",))
        # The crawl reached the pages that show people's and participants' words.
        expected = [
            reverse("dialogues:dialogue", args=[dialogue.slug]),
            reverse("recruitment:manage", args=[site.id]),
            reverse("deliberation:recommendations", args=[site.id]),
            reverse("results:themes", args=[dialogue.slug]),
            reverse("results:evaluation", args=[dialogue.slug]),
            reverse("audit:dialogue", args=[dialogue.id]),
        ]
        assert set(expected) <= shown, sorted(shown)
        assert len(shown) >= 10, sorted(shown)

    def test_on_the_public_pages(self, world: World) -> None:
        seed(world)
        dialogue = world.own
        dialogue.status = "results_published"
        dialogue.save(update_fields=["status"])
        shown = check_pages(Client(), [reverse("dialogues:home")])
        assert reverse("dialogues:dialogue", args=[dialogue.slug]) in shown
        assert reverse("results:impact", args=[dialogue.slug]) in shown
        written = reverse("results:written-public", args=[dialogue.slug, "global", "en"])
        assert written in shown

    def test_in_the_admin(self, world: World) -> None:
        seed(world)
        client = Client()
        client.force_login(admin_user())
        # Empty "add" forms show no stored text.
        shown = check_pages(client, [reverse("admin:index")], skip=("/add/",))
        assert any("/admin/dialogues/dialogue/" in url for url in shown), sorted(shown)
