"""Question purposes: an after question repeats a before question of its own dialogue."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from polyvox.accounts.scoped_admin import scoped_choices
from polyvox.dialogues import services
from polyvox.dialogues.models import Dialogue, Question
from tests.conftest import World

pytestmark = pytest.mark.django_db


def question(dialogue: Dialogue, key: str, purpose: str, kind: str = "single") -> Question:
    session = services.session_upsert(dialogue=dialogue, key="s", title={"en": "S"}, questions=[])
    return services.question_upsert(
        session=session,
        key=key,
        position=0,
        kind=kind,
        text={"en": key},
        options=[],
        purpose=purpose,
    )


def test_only_an_after_question_repeats_a_before_question_of_its_dialogue(world: World) -> None:
    before = question(world.own, "before", Question.Purpose.BEFORE)
    after = question(world.own, "after", Question.Purpose.AFTER)
    after.before_question = before
    after.full_clean()  # the pair is valid
    main = question(world.own, "main", Question.Purpose.MAIN)
    main.before_question = before
    with pytest.raises(ValidationError, match="Only an after question"):
        main.full_clean()
    scale = question(world.own, "scale", Question.Purpose.AFTER, kind="scale")
    scale.before_question = before
    with pytest.raises(ValidationError, match="same kind"):
        scale.full_clean()
    elsewhere = question(world.other, "after", Question.Purpose.AFTER)
    elsewhere.before_question = before
    with pytest.raises(ValidationError, match="another dialogue"):
        elsewhere.full_clean()


def test_the_admin_offers_only_the_organisers_own_questions_to_pair(world: World) -> None:
    own = question(world.own, "before", Question.Purpose.BEFORE)
    other = question(world.other, "before", Question.Purpose.BEFORE)
    request = RequestFactory().get("/")
    request.user = world.users["organiser"]
    choices = scoped_choices(Question, request)
    assert choices is not None
    assert own in choices
    assert other not in choices
