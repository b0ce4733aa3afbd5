"""Publishing the results as final, and taking them back to provisional, ask first (saying
what changes) and say what was done; without `confirm=yes` nothing changes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from pytest_django import Settings

from polyvox.audit.models import AuditEvent
from polyvox.dialogues.models import Dialogue
from tests.conftest import World
from tests.hostile import HOSTILE, nasty_text, rolled_back
from tests.results.conftest import Results

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def set_status(dialogue: Dialogue, status: str) -> None:
    dialogue.status = status
    dialogue.save(update_fields=["status"])


def status_of(results: Results) -> str:
    results.dialogue.refresh_from_db()
    return results.dialogue.status


URL = reverse("results:publication", args=["own"])


class TestPublishAsFinal:
    def test_it_asks_first_and_changes_nothing(self, world: World, results: Results) -> None:
        set_status(results.dialogue, Dialogue.Status.DELIBERATING)
        response = world.client_for("organiser").post(URL, {"action": "publish"})
        page = response.content.decode()
        assert response.status_code == 200
        assert "Publish the results as final?" in page
        assert "no longer change them" in page
        assert re.search(r'name="confirm" value="yes"', page)
        assert re.search(r'name="action" value="publish"', page)
        assert status_of(results) == Dialogue.Status.DELIBERATING
        assert not AuditEvent.objects.filter(action="results.publish").exists()

    def test_once_confirmed_it_publishes_says_so_and_is_audited(
        self, world: World, results: Results
    ) -> None:
        set_status(results.dialogue, Dialogue.Status.DELIBERATING)
        response = world.client_for("organiser").post(
            URL, {"action": "publish", "confirm": "yes"}, follow=True
        )
        assert "The results are published as final." in response.content.decode()
        assert status_of(results) == Dialogue.Status.RESULTS_PUBLISHED
        assert AuditEvent.objects.filter(action="results.publish").count() == 1


class TestTakeBackToProvisional:
    def test_it_asks_first_then_acts_and_says_so(self, world: World, results: Results) -> None:
        set_status(results.dialogue, Dialogue.Status.RESULTS_PUBLISHED)
        client = world.client_for("organiser")
        page = client.post(URL, {"action": "unpublish"}).content.decode()
        assert "Take the results back to provisional?" in page
        assert status_of(results) == Dialogue.Status.RESULTS_PUBLISHED
        response = client.post(URL, {"action": "unpublish", "confirm": "yes"}, follow=True)
        assert "The results are provisional again." in response.content.decode()
        assert status_of(results) == Dialogue.Status.DELIBERATING
        assert AuditEvent.objects.filter(action="results.unpublish").count() == 1


class TestAStepThatCannotBeTaken:
    def test_it_is_refused_without_asking(self, world: World, results: Results) -> None:
        set_status(results.dialogue, Dialogue.Status.DELIBERATING)
        response = world.client_for("organiser").post(URL, {"action": "unpublish"}, follow=True)
        page = response.content.decode()
        assert "Take the results back to provisional?" not in page
        assert "These results are not published." in page
        assert status_of(results) == Dialogue.Status.DELIBERATING


class TestHostileConfirmation:
    @HOSTILE
    @given(
        confirm=nasty_text.filter(lambda value: value != "yes"),
        action=st.sampled_from(["publish", "unpublish"]) | nasty_text,
    )
    def test_it_changes_nothing(
        self, world: World, results: Results, confirm: str, action: str
    ) -> None:
        set_status(results.dialogue, Dialogue.Status.DELIBERATING)
        with rolled_back():
            response = world.client_for("organiser").post(
                URL, {"action": action, "confirm": confirm}
            )
            assert response.status_code in (200, 302, 400)
            assert status_of(results) == Dialogue.Status.DELIBERATING
            assert not AuditEvent.objects.filter(action__startswith="results.").exists()
