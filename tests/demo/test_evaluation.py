"""The demo's evaluation: before/after and evaluation answers at three sites, an observer."""

from __future__ import annotations

import pytest

from polyvox.accounts.models import Membership, Role
from polyvox.audit.models import AuditEvent
from polyvox.deliberation.models import Answer
from polyvox.demo import accounts as demo_accounts
from polyvox.demo import deliberation as demo_deliberation
from polyvox.demo import dialogue as dialogue_demo
from polyvox.demo import evaluation as demo
from polyvox.dialogues.models import Question
from polyvox.dialogues.questionnaire import ITEMS
from polyvox.results.evaluation import GLOBAL, Scope, evaluation_results

pytestmark = pytest.mark.django_db


def test_the_demo_has_evaluation_answers_at_three_sites_and_an_observer() -> None:
    dialogue = dialogue_demo.load()
    logins = demo_accounts.load(dialogue=dialogue)
    demo_deliberation.load(dialogue=dialogue)
    demo.load(dialogue=dialogue)
    answers = Answer.objects.count()
    demo.load(dialogue=dialogue)
    assert Answer.objects.count() == answers
    assert Question.objects.filter(purpose=Question.Purpose.EVALUATION).count() == len(ITEMS)
    # Adding the questionnaire again was recorded, and added nothing.
    assert AuditEvent.objects.filter(action="dialogue.evaluation_questionnaire_add").count() == 2
    evaluated = Answer.objects.filter(question__purpose=Question.Purpose.EVALUATION)
    assert evaluated.values("participant__site").distinct().count() == demo.EVALUATED_SITES
    results = evaluation_results(dialogue=dialogue, scope=Scope(GLOBAL, "", "All"))
    (change,) = results.changes
    assert not change.withheld
    assert change.pairs > 100
    # The demo's citizens learn during the day: fewer say they know "very little" after.
    little = next(row for row in change.rows if row.option == "Very little")
    assert little.high < 0
    assert all(not figure.withheld for figure in results.evaluation)
    assert "observer" in [login.username for login in logins]
    assert Membership.objects.filter(
        user__username="observer", role=Role.OBSERVER, dialogue=dialogue, site=None
    ).exists()
