from __future__ import annotations

from collections import Counter

import pytest

from polyvox.deliberation import selectors
from polyvox.deliberation.models import (
    Answer,
    Participant,
    QuestionWindow,
    Recommendation,
    RecommendationRanking,
    SiteDay,
    Table,
    TableAnswer,
    TableNote,
    TallyCount,
)
from polyvox.demo import accounts as demo_accounts
from polyvox.demo import deliberation as demo
from polyvox.demo import dialogue as dialogue_demo
from polyvox.demo import tables as demo_tables
from polyvox.dialogues.models import Question
from polyvox.people.models import Stakeholder
from polyvox.results.computation import results_compute

pytestmark = pytest.mark.django_db


def test_the_demo_has_held_days_and_one_live_site_and_loads_twice() -> None:
    dialogue = dialogue_demo.load()
    demo_accounts.load(dialogue=dialogue)
    demo.load(dialogue=dialogue)
    answers = Answer.objects.count()
    demo.load(dialogue=dialogue)
    assert Answer.objects.count() == answers > 0
    live = dialogue.sites.get(slug=demo.LIVE_SITE)
    assert QuestionWindow.objects.filter(closed_at__isnull=True).exclude(site=live).count() == 0
    assert QuestionWindow.objects.filter(site=live, closed_at__isnull=True).exists()
    assert TallyCount.objects.values("site").distinct().count() == demo.PAPER_SITES
    held = dialogue.sites.exclude(slug=demo.LIVE_SITE).first()
    assert held is not None
    assert Table.objects.filter(site=held).count() >= 5
    held_vote = selectors.vote_session(site=held)
    assert held_vote is not None
    ranked, voters = selectors.recommendations_ranked(site=held, session=held_vote)
    assert ranked[0].result.rank == 1
    assert voters > 0
    # The paper-counting sites voted on their recommendations by approval, partly on paper.
    approval_sites = SiteDay.objects.filter(recommendation_method="approval")
    assert approval_sites.count() == demo.PAPER_SITES
    first_approval = approval_sites.first()
    assert first_approval is not None
    approval_site = first_approval.site
    voted_on = selectors.vote_session(site=approval_site)
    assert voted_on is not None
    ranked, voters = selectors.recommendations_ranked(site=approval_site, session=voted_on)
    online = RecommendationRanking.objects.filter(participant__site=approval_site).count()
    assert voters > online > 0
    assert 0 < ranked[0].result.approval_share <= 1


def test_the_paris_day_has_notes_recommendations_per_session_and_stakeholders() -> None:
    dialogue = dialogue_demo.load()
    demo_accounts.load(dialogue=dialogue)
    demo.load(dialogue=dialogue)
    paris = dialogue.sites.get(slug=demo.LIVE_SITE)
    tables = Table.objects.filter(site=paris).count()
    per_session = Counter(
        Recommendation.objects.filter(site=paris).values_list("session_id", flat=True)
    )
    assert len(per_session) == demo.CLOSED_SESSIONS_AT_LIVE_SITE
    assert set(per_session.values()) == {2 * tables}
    notes = list(TableNote.objects.filter(table__site=paris))
    assert len(notes) == tables * demo.CLOSED_SESSIONS_AT_LIVE_SITE
    translated = [note for note in notes if not note.missing_languages(["fr", "en"])]
    assert 0 < len(translated) < len(notes)  # most translated, one still waiting
    stakeholders = Participant.objects.filter(site=paris, track=Participant.Track.STAKEHOLDERS)
    assert stakeholders.count() == demo.STAKEHOLDERS == 20
    assert Stakeholder.objects.filter(site=paris).count() == 20
    assert Answer.objects.filter(participant__in=stakeholders).exists()


def test_paris_has_group_answers_from_12_tables_and_a_french_local_topic() -> None:
    dialogue = dialogue_demo.load()
    demo_accounts.load(dialogue=dialogue)
    demo.load(dialogue=dialogue)
    paris = dialogue.sites.get(slug=demo.LIVE_SITE)
    table_question = Question.objects.get(key=demo_tables.TABLE_QUESTION)
    assert TableAnswer.objects.filter(table__site=paris, question=table_question).count() == 12
    local = Question.objects.get(key=demo_tables.LOCAL_QUESTION)
    assert local.site == paris
    # Only Paris asks its local topic; its citizens are answering it now.
    assert set(
        Answer.objects.filter(question=local).values_list("participant__site", flat=True)
    ) == {paris.id}
    assert not QuestionWindow.objects.filter(question=local).exclude(site=paris).exists()
    snapshot = results_compute(dialogue=dialogue)
    paris_tables = [
        row
        for row in snapshot.table_shares
        if (row.level, row.group, row.question) == ("site", paris.slug, table_question.key)
    ]
    assert {row.n for row in paris_tables} == {12}
    assert {row.level for row in snapshot.shares if row.question == local.key} == {
        "country",
        "site",
    }
