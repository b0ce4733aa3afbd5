"""Writes for dialogues, organisations, sites and the agenda.

The upserts are keyed on natural keys (names, slugs, keys) so that loading the same
content twice, as the demo does, changes nothing.
"""

from __future__ import annotations

import datetime
from typing import Any, TypedDict, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext as _

from polyvox.accounts.models import AnyUser
from polyvox.audit.services import audit_record
from polyvox.dialogues.models import (
    Dialogue,
    Option,
    Organisation,
    Partnership,
    Question,
    Session,
    SessionStart,
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
    answered_by: str = Question.AnsweredBy.CITIZEN,
    site: Site | None = None,
    purpose: str = Question.Purpose.MAIN,
    before_question: Question | None = None,
) -> Question:
    question = Question.objects.filter(session=session, key=key).first() or Question(
        session=session, key=key
    )
    question.position, question.kind, question.text = position, kind, text
    question.answered_by, question.site = answered_by, site
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


class LocalQuestionError(Exception):
    """A local question that cannot be added; the message says why, for the form."""


# Room in Question.key for the site's address name in front of the host's own key.
LOCAL_KEY_LENGTH = 60


@transaction.atomic
def local_question_add(
    *,
    site: Site,
    session: Session,
    key: str,
    kind: str,
    answered_by: str,
    language: str,
    text: str,
    options: list[str],
    actor: AnyUser,
) -> Question:
    """A host's question for their own site (its local topic), audited. Its key starts
    with the site's address name, so no two sites' topics share a key: results tell
    questions apart by key across the whole dialogue."""
    assert session.dialogue_id == site.dialogue_id
    full_key = f"{site.slug}-{key}"[:LOCAL_KEY_LENGTH]
    if Question.objects.filter(session__dialogue_id=site.dialogue_id, key=full_key).exists():
        raise LocalQuestionError(_("A question with this key already exists: choose another."))
    last = session.questions.order_by("-position").values_list("position", flat=True).first()
    question = _saved(
        Question(
            session=session,
            site=site,
            key=full_key,
            position=(last or 0) + 1,
            kind=kind,
            answered_by=answered_by,
            text={language: text},
        )
    )
    for position, label in enumerate(options):
        _saved(
            Option(
                question=question, key=f"o{position + 1}", position=position, text={language: label}
            )
        )
    audit_record(
        actor=actor,
        action="question.local_add",
        site=site,
        target=f"question {question.id}",
        details={"question": question.id, "session": session.id, "options": len(options)},
    )
    return question


@transaction.atomic
def site_schedule_set(
    *,
    site: Site,
    shift_minutes: int,
    own_starts: dict[int, tuple[datetime.date, datetime.time] | None],
    actor: AnyUser,
) -> bool:
    """A host's schedule for their site: the shift of its whole day and, per session, an
    optional local date and time of its own. Audited with what changed; returns whether
    anything did."""
    site = Site.objects.select_for_update().get(pk=site.pk)
    sessions = set(
        Session.objects.filter(dialogue_id=site.dialogue_id).values_list("id", flat=True)
    )
    unknown = set(own_starts) - sessions
    if unknown:
        raise ValueError(f"Sessions {sorted(unknown)} are not in this site's dialogue.")
    changed_sessions: list[int] = []
    existing = {start.session_id: start for start in SessionStart.objects.filter(site=site)}
    for session_id, wanted in own_starts.items():
        start = existing.get(session_id)
        if wanted is None and start is not None:
            start.delete()
            changed_sessions.append(session_id)
        elif wanted is not None and (start is None or (start.date, start.time) != wanted):
            SessionStart.objects.update_or_create(
                site=site,
                session_id=session_id,
                defaults={"date": wanted[0], "time": wanted[1]},
            )
            changed_sessions.append(session_id)
    shift_before = site.schedule_shift_minutes
    if shift_before != shift_minutes:
        site.schedule_shift_minutes = shift_minutes
        _saved(site)
    if shift_before == shift_minutes and not changed_sessions:
        return False
    audit_record(
        actor=actor,
        action="site.schedule",
        site=site,
        details={
            "shift_minutes": [shift_before, shift_minutes],
            "sessions_with_own_start": sorted(changed_sessions),
        },
    )
    return True
