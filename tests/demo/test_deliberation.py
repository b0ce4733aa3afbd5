from __future__ import annotations

import pytest

from polyvox.deliberation import selectors
from polyvox.deliberation.models import (
    Answer,
    QuestionWindow,
    RecommendationRanking,
    SiteDay,
    Table,
    TallyCount,
)
from polyvox.demo import accounts as demo_accounts
from polyvox.demo import deliberation as demo
from polyvox.demo import dialogue as dialogue_demo

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
    ranked, voters = selectors.recommendations_ranked(
        site=held, session=selectors.vote_session(site=held)
    )
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
