"""The organisers' tools live on the results' manage page, not on the public page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from polyvox.dialogues.models import Dialogue
from polyvox.jobs.models import Job
from tests.conftest import World
from tests.results.conftest import Results

pytestmark = pytest.mark.django_db

MANAGE = reverse("results:manage", args=["own"])
PUBLIC = reverse("results:results", args=["own"])


@pytest.fixture
def deliberating(results: Results) -> Dialogue:
    results.dialogue.status = Dialogue.Status.DELIBERATING
    results.dialogue.save(update_fields=["status"])
    return results.dialogue


class TestThePublicPage:
    def test_it_shows_staff_one_link_to_their_tools_and_no_forms(
        self, world: World, deliberating: Dialogue
    ) -> None:
        page = world.client_for("organiser").get(PUBLIC).content.decode()
        assert f'href="{MANAGE}"' in page
        for tool in ("publication", "recompute", "report-new"):
            assert reverse(f"results:{tool}", args=["own"]) not in page

    @pytest.mark.parametrize("role", ["anonymous", "citizen", "observer", "facilitator"])
    def test_others_see_no_link(self, world: World, deliberating: Dialogue, role: str) -> None:
        assert MANAGE not in world.client_for(role).get(PUBLIC).content.decode()

    def test_hosts_see_the_link(self, world: World, deliberating: Dialogue) -> None:
        assert MANAGE in world.client_for("host").get(PUBLIC).content.decode()


class TestTheManagePage:
    def test_organisers_find_every_tool(self, world: World, deliberating: Dialogue) -> None:
        page = world.client_for("organiser").get(MANAGE).content.decode()
        for tool in ("publication", "recompute", "report-new", "themes", "populations"):
            assert reverse(f"results:{tool}", args=["own"]) in page
        assert reverse("results:impact-manage", args=["own"]) in page
        assert reverse("audit:dialogue", args=[deliberating.id]) in page
        assert "Publish these results as final" in page

    def test_it_lists_the_dialogues_recent_jobs(self, world: World, deliberating: Dialogue) -> None:
        job = Job.objects.create(kind="results.report", dialogue=deliberating)
        page = world.client_for("organiser").get(MANAGE).content.decode()
        assert f'<a href="{reverse("jobs:detail", args=[job.id])}">Write a PDF report</a>' in page

    def test_hosts_find_their_sites_themes_only(self, world: World, deliberating: Dialogue) -> None:
        page = world.client_for("host").get(MANAGE).content.decode()
        assert reverse("results:site-themes", args=["own", world.own_site.slug]) in page
        assert reverse("results:site-themes", args=["own", world.own_other_site.slug]) not in page
        assert reverse("results:publication", args=["own"]) not in page

    def test_publishing_asks_first_then_returns_here(
        self, world: World, deliberating: Dialogue
    ) -> None:
        client = world.client_for("organiser")
        url = reverse("results:publication", args=["own"])
        asked = client.post(url, {"action": "publish"}).content.decode()
        assert "Publish the results as final?" in asked
        assert f'href="{MANAGE}"' in asked  # "cancel" goes back to the tools
        done = client.post(url, {"action": "publish", "confirm": "yes"})
        assert done["Location"] == MANAGE
        deliberating.refresh_from_db()
        assert deliberating.status == Dialogue.Status.RESULTS_PUBLISHED
