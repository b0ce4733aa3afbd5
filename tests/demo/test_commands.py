from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pytest_django import Settings

from polyvox.accounts.models import User
from polyvox.demo import content
from polyvox.dialogues.models import Dialogue

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "command",
    [["demo"], ["fixture", "ballots", "--citizens", "3", "--out", "ballots.json"]],
    ids=["demo", "fixture"],
)
def test_the_demo_and_the_fixtures_refuse_production(
    command: list[str], settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="does not load in production"):
        call_command(*command, stdout=io.StringIO())
    assert not User.objects.exists()
    assert not Dialogue.objects.exists()
    assert not (tmp_path / "ballots.json").exists()


def test_the_ballots_fixture_writes_what_a_load_generator_needs(tmp_path: Path) -> None:
    out = tmp_path / "ballots.json"
    call_command("fixture", "ballots", "--citizens", "3", "--out", str(out), stdout=io.StringIO())
    data = json.loads(out.read_text())
    assert sorted(data) == ["codes", "options", "question", "results_url", "token"]
    assert len(data["codes"]) == 3
    assert len(data["options"]) == 4


def test_the_content_files_give_every_text_in_english_and_french() -> None:
    dialogue = content.dialogue()
    texts = [dialogue.dialogue.title, dialogue.dialogue.theme, dialogue.dialogue.description]
    texts += [organisation.description for organisation in [dialogue.organiser, *dialogue.partners]]
    texts += [site.host.description for site in dialogue.sites]
    for session in dialogue.sessions:
        texts += [session.title, session.information]
        for question in session.questions:
            texts += [question.text, *(option.text for option in question.options)]
    assert all({"en", "fr"} <= set(text) for text in texts)
    for category in content.categories():
        assert sum(value.share for value in category.values) == pytest.approx(1)
    assert set(content.texts().recommendations) == set(content.texts().open_answers) == {"en", "fr"}
