"""A tiny dialogue with answers: ballots in Paris and Berlin, a paper count in Lyon.

Hand-computed shares of question `agree` (single choice: yes / no / unsure):
- Paris ballots: yes, yes, no  (3 people)
- Berlin ballots: no, no        (2 people)
- Lyon paper: yes 4, no 1 (first entry, checked by an agreeing second entry);
  a count of "unsure" whose second entry disagrees (2 vs 3) is left out.
Pooled, all participants: yes 6/10, no 4/10, unsure 0/10.
France (Paris + Lyon): yes 6/8. Germany: yes 0/2. Country-equal, global: (0.75 + 0) / 2.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from polyvox.deliberation.models import Answer, Participant, TallyCount
from polyvox.dialogues import services
from polyvox.dialogues.models import Dialogue, Option, Question, Site
from tests.conftest import World, make_site


@dataclass
class Results:
    dialogue: Dialogue
    agree: Question
    topics: Question
    option: dict[str, Option]


def add_ballot(
    site: Site,
    question: Question,
    option: Option | None = None,
    *,
    choices: list[int] | None = None,
    categories: dict[str, str] | None = None,
) -> Participant:
    participant = Participant.objects.create(
        site=site, language="fr", categories=categories or {}, status="present"
    )
    Answer.objects.create(
        participant=participant, question=question, option=option, choices=choices or []
    )
    return participant


def five_of_each_age(results: Results, world: World) -> None:
    """Ballots that make Paris's two age bands groups of five: k-anonymous, so published."""
    for _ in range(4):
        add_ballot(
            world.own_site, results.agree, results.option["yes"], categories={"age": "18-24"}
        )
    for _ in range(3):
        add_ballot(world.own_site, results.agree, results.option["no"], categories={"age": "25+"})


@pytest.fixture
def results(world: World) -> Results:
    dialogue = world.own
    berlin = make_site(dialogue, "berlin", country="DE", city="Berlin")
    session = services.session_upsert(
        dialogue=dialogue,
        key="s1",
        title={"en": "Session one"},
        questions=[
            {
                "key": "agree",
                "kind": "single",
                "text": {"en": "Do you agree?", "fr": "D'accord ?"},
                "options": [
                    {"key": "yes", "text": {"en": "Yes", "fr": "Oui"}},
                    {"key": "no", "text": {"en": "No", "fr": "Non"}},
                    {"key": "unsure", "text": {"en": "Unsure"}},
                ],
            },
            {
                "key": "topics",
                "kind": "multiple",
                "text": {"en": "Which topics?"},
                "options": [
                    {"key": "privacy", "text": {"en": "Privacy"}},
                    {"key": "access", "text": {"en": "Access"}},
                ],
            },
            {
                "key": "trust",
                "kind": "scale",
                "text": {"en": "How much do you trust it?"},
                "options": [
                    {"key": "low", "text": {"en": "Low"}},
                    {"key": "middle", "text": {"en": "Middle"}},
                    {"key": "high", "text": {"en": "High"}},
                ],
            },
            {"key": "why", "kind": "open", "text": {"en": "Why?"}, "options": []},
        ],
    )
    agree = session.questions.get(key="agree")
    topics = session.questions.get(key="topics")
    option = {o.key: o for o in Option.objects.filter(question__session=session)}
    paris = world.own_site
    young, old = {"age": "18-24"}, {"age": "25+"}
    first = add_ballot(paris, agree, option["yes"], categories=young)
    second = add_ballot(paris, agree, option["yes"], categories=old)
    add_ballot(paris, agree, option["no"], categories=old)
    add_ballot(berlin, agree, option["no"])
    add_ballot(berlin, agree, option["no"])
    Answer.objects.create(
        participant=first,
        question=topics,
        choices=[option["privacy"].id, option["access"].id],
    )
    trust = session.questions.get(key="trust")
    Answer.objects.create(participant=first, question=trust, option=option["low"])
    Answer.objects.create(participant=second, question=trust, option=option["high"])
    organiser = world.users["organiser"]
    lyon = world.own_other_site
    for key, count, entry in [
        ("yes", 4, 1),
        ("yes", 4, 2),
        ("no", 1, 1),
        ("unsure", 2, 1),
        ("unsure", 3, 2),
    ]:
        TallyCount.objects.create(
            site=lyon,
            question=agree,
            option=option[key],
            count=count,
            entry=entry,
            entered_by=organiser,
        )
    return Results(dialogue, agree, topics, option)
