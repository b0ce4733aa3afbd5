"""Writes for dialogues, organisations, sites and the agenda.

The upserts are keyed on natural keys (names, slugs, keys) so that loading the same
content twice, as the demo does, changes nothing.
"""

from __future__ import annotations

import datetime
from typing import Any, TypedDict, TypeVar

from django.db import models, transaction

from polyvox.dialogues.models import (
    Dialogue,
    Option,
    Organisation,
    Partnership,
    Question,
    Session,
    Site,
    Tier,
)

Model = TypeVar("Model", bound=models.Model)


def _saved(instance: Model) -> Model:
    """Validate as the admin forms do, so nothing invalid is saved by any route."""
    instance.full_clean()
    instance.save()
    return instance


def organisation_upsert(*, name: str, **fields: Any) -> Organisation:
    organisation = Organisation.objects.filter(name=name).first() or Organisation(name=name)
    for field, value in fields.items():
        setattr(organisation, field, value)
    return _saved(organisation)


def dialogue_upsert(*, slug: str, organiser: Organisation, **fields: Any) -> Dialogue:
    dialogue = Dialogue.objects.filter(slug=slug).first() or Dialogue(slug=slug)
    dialogue.organiser = organiser
    for field, value in fields.items():
        setattr(dialogue, field, value)
    return _saved(dialogue)


def site_upsert(*, dialogue: Dialogue, slug: str, **fields: Any) -> Site:
    site = Site.objects.filter(dialogue=dialogue, slug=slug).first() or Site(
        dialogue=dialogue, slug=slug
    )
    for field, value in fields.items():
        setattr(site, field, value)
    return _saved(site)


def partnership_ensure(
    *, dialogue: Dialogue, organisation: Organisation, tier: Tier, site: Site | None = None
) -> Partnership:
    existing = Partnership.objects.filter(
        dialogue=dialogue, organisation=organisation, tier=tier, site=site
    ).first()
    return existing or _saved(
        Partnership(dialogue=dialogue, organisation=organisation, tier=tier, site=site)
    )


class OptionSpec(TypedDict):
    key: str
    text: dict[str, str]


class QuestionSpec(TypedDict):
    """One question as session_upsert takes it: question_upsert's keyword arguments."""

    key: str
    kind: str
    text: dict[str, str]
    options: list[OptionSpec]


@transaction.atomic
def session_upsert(
    *, dialogue: Dialogue, key: str, questions: list[QuestionSpec], **fields: Any
) -> Session:
    """A session with its questions and options, in the given order."""
    session = Session.objects.filter(dialogue=dialogue, key=key).first() or Session(
        dialogue=dialogue, key=key
    )
    for field, value in fields.items():
        setattr(session, field, value)
    _saved(session)
    for position, question_fields in enumerate(questions):
        question_upsert(session=session, position=position, **question_fields)
    return session


def question_upsert(
    *,
    session: Session,
    key: str,
    position: int,
    kind: str,
    text: dict[str, str],
    options: list[OptionSpec],
    purpose: str = Question.Purpose.MAIN,
    before_question: Question | None = None,
) -> Question:
    question = Question.objects.filter(session=session, key=key).first() or Question(
        session=session, key=key
    )
    question.position, question.kind, question.text = position, kind, text
    question.purpose, question.before_question = purpose, before_question
    _saved(question)
    for option_position, option in enumerate(options):
        existing = Option.objects.filter(question=question, key=option["key"]).first()
        target = existing or Option(question=question, key=option["key"])
        target.position, target.text = option_position, option["text"]
        _saved(target)
    return question


def parse_date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)
