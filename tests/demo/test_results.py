from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django import Settings

from polyvox.demo import results as demo
from polyvox.dialogues.models import Dialogue, Question
from polyvox.results.models import Report, ResultsSnapshot, Theme
from tests.conftest import World
from tests.results.conftest import Results
from tests.results.test_themes import PRIVACY, WIFI, write_answers


@pytest.fixture(autouse=True)
def _media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
class TestDemo:
    def test_it_publishes_results_and_writes_a_global_and_two_country_reports(
        self, results: Results
    ) -> None:
        demo.load(dialogue=results.dialogue)
        demo.load(dialogue=results.dialogue)  # a second run adds nothing
        results.dialogue.refresh_from_db()
        assert results.dialogue.status == Dialogue.Status.RESULTS_PUBLISHED
        assert ResultsSnapshot.objects.filter(dialogue=results.dialogue).exists()
        scopes = sorted(
            Report.objects.filter(dialogue=results.dialogue).values_list("scope", flat=True)
        )
        assert scopes == ["DE", "FR", "global"]

    def test_it_shows_themes_of_the_open_answers(self, world: World, results: Results) -> None:
        why = Question.objects.get(session__dialogue=results.dialogue, key="why")
        write_answers(world.own_site, why, WIFI + PRIVACY)
        demo.load(dialogue=results.dialogue)
        themes = Theme.objects.filter(dialogue=results.dialogue, question=why, site=None)
        assert sum(theme.size for theme in themes) == 6
        assert all(theme.quotes for theme in themes)

    def test_it_does_nothing_before_any_answer(self, world: World) -> None:
        demo.load(dialogue=world.own)
        world.own.refresh_from_db()
        assert world.own.status == Dialogue.Status.DRAFT
        assert not ResultsSnapshot.objects.exists()
