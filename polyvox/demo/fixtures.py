"""Load-test fixtures: `ballots_fixture` makes a voting site with N citizens present.

Creates, in the configured database, a dialogue with one site, one open single-choice question
and N citizens present with voting codes, plus an organiser with an API token; returns what a
load generator needs.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from polyvox.accounts.models import Membership, Role, User
from polyvox.accounts.tokens import api_token_issue
from polyvox.deliberation.models import Participant, new_voting_code
from polyvox.deliberation.windows import window_open
from polyvox.dialogues import services as dialogue_services
from polyvox.dialogues.models import Dialogue, Tier

OPTIONS = 4


@dataclass(frozen=True)
class BallotsFixture:
    """Written as JSON for the load generators (bench/ballots, bench/resilience)."""

    question: int
    options: list[int]
    codes: list[str]
    results_url: str
    token: str


@transaction.atomic
def ballots_fixture(*, citizens: int, base_url: str) -> BallotsFixture:
    tag = secrets.token_hex(4)
    organiser = dialogue_services.organisation_upsert(name=f"Ballot fixture {tag}", country="FR")
    day = timezone.localdate()
    dialogue = dialogue_services.dialogue_upsert(
        slug=f"ballots-{tag}",
        organiser=organiser,
        title={"en": f"Ballot fixture {tag}"},
        theme={"en": "Load test"},
        source_language="en",
        start_date=day,
        end_date=day,
        status=Dialogue.Status.DELIBERATING,
    )
    dialogue_services.partnership_ensure(
        dialogue=dialogue, organisation=organiser, tier=Tier.ORGANISER
    )
    site = dialogue_services.site_upsert(
        dialogue=dialogue,
        slug="site",
        country="FR",
        city="Paris",
        languages=["en"],
        time_zone="Europe/Paris",
        date=day,
    )
    session = dialogue_services.session_upsert(
        dialogue=dialogue,
        key="s1",
        title={"en": "Session 1"},
        questions=[
            {
                "key": "q1",
                "kind": "single",
                "text": {"en": "Which option do you prefer?"},
                "options": [
                    {"key": f"o{i}", "text": {"en": f"Option {i}"}} for i in range(1, OPTIONS + 1)
                ],
            }
        ],
    )
    question = session.questions.get()
    window_open(site=site, question=question)
    codes: set[str] = set()
    while len(codes) < citizens:
        codes.add(new_voting_code())
    Participant.objects.bulk_create(
        [
            Participant(site=site, code=code, language="en", status=Participant.Status.PRESENT)
            for code in codes
        ],
        batch_size=2000,
    )
    user = User.objects.create_user(username=f"fixture-{tag}", email=f"fixture-{tag}@example.org")
    Membership.objects.create(user=user, role=Role.ORGANISER, dialogue=dialogue)
    token = api_token_issue(user=user, name="ballot fixture")
    path = reverse("api-1:question_results", args=[question.id])
    return BallotsFixture(
        question=question.id,
        options=list(question.options.values_list("id", flat=True)),
        codes=sorted(codes),
        results_url=base_url.rstrip("/") + path,
        token=token,
    )
