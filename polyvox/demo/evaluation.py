"""The evaluation part of the demo dialogue: a question asked before and after the day, the
ready-made evaluation questionnaire, and the answers of three sites that held their day
online. Safe to run twice: answers already given are left as they are."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from polyvox.accounts.models import Role, User
from polyvox.deliberation.models import Answer, Participant, QuestionWindow, TallyCount
from polyvox.demo.accounts import DEMO_HOST_SITE
from polyvox.dialogues.models import Dialogue, Option, Question, Site
from polyvox.dialogues.questionnaire import SESSION_KEY, evaluation_questionnaire_add
from polyvox.dialogues.services import OptionSpec, question_upsert

EVALUATED_SITES = 3
BEFORE_KEY, AFTER_KEY = "knowledge-before", "knowledge-after"
KNOWLEDGE_TEXT = {
    "en": "How much do you know about how the Internet is governed?",
    "fr": "Que savez-vous de la façon dont Internet est gouverné ?",
}
KNOWLEDGE_OPTIONS: list[OptionSpec] = [
    {"key": "a-lot", "text": {"en": "A lot", "fr": "Beaucoup de choses"}},
    {"key": "some", "text": {"en": "Some things", "fr": "Quelques choses"}},
    {"key": "little", "text": {"en": "Very little", "fr": "Très peu de choses"}},
    {"key": "nothing", "text": {"en": "Nothing", "fr": "Rien"}},
]
# Before the day most citizens say they know little (the 2020 edition: 64.5 %).
KNOWLEDGE_BEFORE = [0.08, 0.28, 0.45, 0.19]
# Those with more schooling say they know more before the day; the day narrows the gap.
KNOWLEDGE_BY_EDUCATION = {
    "primary": [0.03, 0.17, 0.48, 0.32],
    "higher": [0.15, 0.40, 0.37, 0.08],
    "tertiary": [0.15, 0.40, 0.37, 0.08],
}
AGREEMENT_WEIGHTS = [0.03, 0.07, 0.13, 0.45, 0.32]


def load(*, dialogue: Dialogue) -> None:
    organiser = (
        User.objects.filter(memberships__dialogue=dialogue, memberships__role=Role.ORGANISER)
        .order_by("id")
        .first()
    )
    if organiser is None:
        return
    # The agenda's own sessions: the questionnaire adds one after them.
    sessions = list(dialogue.sessions.exclude(key=SESSION_KEY).order_by("position", "id"))
    if not sessions:
        return
    before = question_upsert(
        session=sessions[0],
        key=BEFORE_KEY,
        position=90,
        kind=Question.Kind.SINGLE,
        text=KNOWLEDGE_TEXT,
        options=KNOWLEDGE_OPTIONS,
        purpose=Question.Purpose.BEFORE,
    )
    after = question_upsert(
        session=sessions[-1],
        key=AFTER_KEY,
        position=90,
        kind=Question.Kind.SINGLE,
        text=KNOWLEDGE_TEXT,
        options=KNOWLEDGE_OPTIONS,
        purpose=Question.Purpose.AFTER,
        before_question=before,
    )
    evaluation_questionnaire_add(dialogue=dialogue, actor=organiser)
    if Answer.objects.filter(question=before).exists():
        return
    evaluation = list(
        Question.objects.filter(
            session__dialogue=dialogue, purpose=Question.Purpose.EVALUATION
        ).prefetch_related("options")
    )
    for site in evaluated_sites(dialogue):
        _answers(site, before, after, evaluation, random.Random(f"evaluation-{site.slug}"))


def evaluated_sites(dialogue: Dialogue) -> list[Site]:
    """Three sites that held their day online: not the live one, none that counted paper."""
    paper = TallyCount.objects.filter(site__dialogue=dialogue).values("site_id")
    held = Answer.objects.filter(participant__site__dialogue=dialogue).values("participant__site")
    sites = (
        dialogue.sites.exclude(slug=DEMO_HOST_SITE)
        .exclude(id__in=paper)
        .filter(id__in=held)
        .order_by("id")
    )
    return list(sites[:EVALUATED_SITES])


@transaction.atomic
def _answers(
    site: Site, before: Question, after: Question, evaluation: list[Question], rng: random.Random
) -> None:
    present = list(Participant.objects.filter(site=site, status=Participant.Status.PRESENT))
    knowledge = list(before.options.order_by("position"))
    after_options = {option.key: option for option in after.options.all()}
    answers: list[Answer] = []
    for person in present:
        education = person.categories.get("education", "")
        before_weights = KNOWLEDGE_BY_EDUCATION.get(education, KNOWLEDGE_BEFORE)
        level = rng.choices(range(len(knowledge)), weights=before_weights)[0]
        if rng.random() < 0.97:
            answers.append(Answer(participant=person, question=before, option=knowledge[level]))
        # Most learn something during the day: they move one level up, some two.
        learned = max(level - rng.choices([0, 1, 2], weights=[0.35, 0.5, 0.15])[0], 0)
        if rng.random() < 0.95:
            option = after_options[knowledge[learned].key]
            answers.append(Answer(participant=person, question=after, option=option))
        answers += [
            Answer(participant=person, question=question, option=_agreement(question, rng))
            for question in evaluation
            if rng.random() < 0.9
        ]
    Answer.objects.bulk_create(answers, batch_size=2000)
    now = timezone.now()
    for question in [before, after, *evaluation]:
        QuestionWindow.objects.get_or_create(
            site=site,
            question=question,
            defaults={"opened_at": now - timedelta(hours=7), "closed_at": now - timedelta(hours=1)},
        )


def _agreement(question: Question, rng: random.Random) -> Option:
    options = sorted(question.options.all(), key=lambda option: option.position)
    return rng.choices(options, weights=AGREEMENT_WEIGHTS[: len(options)])[0]
