"""Writes of the consultation app: votes, statements, moderation, map updates, imports."""

from __future__ import annotations

import datetime
import hashlib
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Model, Q, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from polyvox.accounts.models import User
from polyvox.consultation.models import (
    Consultation,
    ConsultationParticipant,
    ModerationDecision,
    Statement,
    Vote,
    VoteEvent,
)
from polyvox.consultation.opinion_map import (
    RecomputeParams,
    RecomputeSummary,
    VoteRow,
    dump_opinion_map,
    map_from_result,
)
from polyvox.dialogues.models import Dialogue
from polyvox.engines.opinion import OpinionState, Votes, compute
from polyvox.engines.opinion.formats import Conversation, read_conversation
from polyvox.jobs.models import Job
from polyvox.jobs.services import job_enqueue

RECOMPUTE = "consultation.recompute"
STATEMENT_MAX_LENGTH = 280


class ConsultationError(ValueError):
    """A request the consultation refuses, with a message fit for the participant."""


# ---------------------------------------------------------------- participants


def participant_key(*, consultation: Consultation, raw: str) -> str:
    """A keyed hash of the cookie or account id, different in every consultation."""
    salt = f"polyvox.consultation.{consultation.pk}"
    return salted_hmac(salt, raw, algorithm="sha256").hexdigest()


def participant_ensure(*, consultation: Consultation, key: str) -> ConsultationParticipant:
    # get_or_create leans on the unique constraint, so two first votes at once make one row.
    participant, _created = ConsultationParticipant.objects.get_or_create(
        consultation=consultation, key=key
    )
    return participant


@transaction.atomic
def participant_ban(
    *, participant: ConsultationParticipant, reason: str, moderator: User
) -> ConsultationParticipant:
    if not reason.strip():
        raise ConsultationError(_("Give a reason for the ban."))
    participant.banned = True
    participant.ban_reason = reason.strip()
    participant.banned_by = moderator
    participant.save(update_fields=["banned", "ban_reason", "banned_by"])
    return participant


@transaction.atomic
def participant_describe(
    *, consultation: Consultation, key: str, answers: dict[str, str]
) -> ConsultationParticipant:
    """Store the optional demographic answers; an empty answer removes a previous one."""
    participant = participant_ensure(consultation=consultation, key=key)
    _check_participation(consultation, participant)
    demographics = dict(participant.demographics)
    for question in consultation.demographic_questions.all():
        answer = answers.get(question.key, "")
        if not answer:
            demographics.pop(question.key, None)
            continue
        if answer not in {choice["key"] for choice in question.choices}:
            raise ConsultationError(
                _("%(answer)s is not a choice of %(question)s.")
                % {"answer": answer, "question": question.key}
            )
        demographics[question.key] = answer
    participant.demographics = demographics
    participant.save(update_fields=["demographics"])
    return participant


def _check_participation(consultation: Consultation, participant: ConsultationParticipant) -> None:
    if not consultation.is_open:
        raise ConsultationError(_("This consultation is closed."))
    if participant.banned:
        raise ConsultationError(_("A moderator has excluded you from this consultation."))


# ---------------------------------------------------------------- votes


@transaction.atomic
def vote_cast(*, consultation: Consultation, key: str, statement_number: int, value: int) -> Vote:
    """Record a vote; a second vote on the same statement replaces the first (both are logged)."""
    if value not in (-1, 0, 1):
        raise ConsultationError(_("Choose agree, disagree or pass."))
    try:
        statement = statements_open_for_votes(consultation).get(number=statement_number)
    except Statement.DoesNotExist:
        raise ConsultationError(_("This statement is not open for votes.")) from None
    participant = participant_ensure(consultation=consultation, key=key)
    _check_participation(consultation, participant)
    vote = _vote_record(participant, statement, value)
    recompute_request(consultation=consultation)
    return vote


def _vote_record(participant: ConsultationParticipant, statement: Statement, value: int) -> Vote:
    now = timezone.now()
    # update_or_create locks the row and falls back on the unique constraint when two
    # requests create it at once, so a participant never holds two votes on one statement.
    vote, _created = Vote.objects.update_or_create(
        participant=participant, statement=statement, defaults={"value": value, "updated_at": now}
    )
    VoteEvent.objects.create(
        participant=participant, statement=statement, value=value, created_at=now
    )
    return vote


def statements_open_for_votes(consultation: Consultation) -> QuerySet[Statement]:
    """Accepted statements, and under post-moderation those not yet moderated too."""
    shown = [Statement.Status.ACCEPTED]
    if consultation.moderation == Consultation.Moderation.POST:
        shown.append(Statement.Status.PENDING)
    return consultation.statements.filter(status__in=shown)


# ---------------------------------------------------------------- statements


def fingerprint(text: str) -> str:
    normal = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(normal.encode()).hexdigest()


@transaction.atomic
def statement_submit(
    *, consultation: Consultation, key: str, text: str, language: str
) -> Statement:
    text = " ".join(text.split())
    if not text:
        raise ConsultationError(_("Write your statement first."))
    if len(text) > STATEMENT_MAX_LENGTH:
        raise ConsultationError(
            _("Keep your statement under %(limit)s characters.") % {"limit": STATEMENT_MAX_LENGTH}
        )
    if not consultation.accepts_statements:
        raise ConsultationError(_("This consultation does not take new statements."))
    participant = participant_ensure(consultation=consultation, key=key)
    _check_participation(consultation, participant)
    # The row lock serialises numbering; the unique constraint is the last word.
    Consultation.objects.select_for_update().filter(id=consultation.id).first()
    number = (consultation.statements.aggregate(top=Max("number"))["top"] or 0) + 1
    try:
        with transaction.atomic():
            statement = Statement.objects.create(
                consultation=consultation,
                number=number,
                text={language: text},
                language=language,
                fingerprint=fingerprint(text),
                author=participant,
                created_at=timezone.now(),
            )
    except IntegrityError:
        raise ConsultationError(_("This statement is already in the consultation.")) from None
    # As in Polis, authors agree with what they wrote.
    _vote_record(participant, statement, 1)
    return statement


@transaction.atomic
def statement_moderate(
    *, statement: Statement, status: str, reason: str, moderator: User
) -> ModerationDecision:
    if status not in (Statement.Status.ACCEPTED, Statement.Status.REJECTED):
        raise ConsultationError(_("Choose accept or reject."))
    if status == Statement.Status.REJECTED and not reason.strip():
        raise ConsultationError(_("Give a reason for rejecting the statement."))
    statement.status = status
    statement.save(update_fields=["status"])
    return ModerationDecision.objects.create(
        statement=statement, status=status, reason=reason.strip(), moderator=moderator
    )


# ---------------------------------------------------------------- the opinion map


def recompute_request(*, consultation: Consultation) -> Job | None:
    """Queue a map update unless one is queued or the last is younger than the interval."""
    threshold = timezone.now() - datetime.timedelta(seconds=consultation.recompute_interval_seconds)
    # Compare-and-set: of many votes arriving together, exactly one flips the flag and queues.
    claimed = (
        Consultation.objects.filter(id=consultation.id, recompute_pending=False)
        .filter(Q(computed_at__isnull=True) | Q(computed_at__lte=threshold))
        .update(recompute_pending=True)
    )
    if not claimed:
        return None
    return _enqueue(consultation, None)


def recompute_if_stale(*, consultation: Consultation) -> Job | None:
    """Catch the votes that came in just after the last update (the debounce's trailing edge)."""
    votes = Vote.objects.filter(statement__consultation=consultation)
    if consultation.computed_at is not None:
        votes = votes.filter(updated_at__gt=consultation.computed_at)
    if consultation.recompute_pending or not votes.exists():
        return None
    return recompute_request(consultation=consultation)


def recompute_now(*, consultation: Consultation, requested_by: User) -> Job:
    """An organiser's explicit update, whatever the interval."""
    Consultation.objects.filter(id=consultation.id).update(recompute_pending=True)
    return _enqueue(consultation, requested_by)


def _enqueue(consultation: Consultation, user: User | None) -> Job:
    return job_enqueue(
        kind=RECOMPUTE,
        params=RecomputeParams(consultation_id=consultation.id).model_dump(),
        dialogue=consultation.dialogue,
        created_by=user,
    )


def consultation_recompute(*, consultation_id: int) -> RecomputeSummary:
    """Run the engine on the current votes, warm-started from the stored state, and store both."""
    # Cleared first, so votes arriving while we compute can queue the next update.
    Consultation.objects.filter(id=consultation_id).update(recompute_pending=False)
    consultation = Consultation.objects.get(id=consultation_id)
    rows: list[VoteRow] = list(
        Vote.objects.filter(statement__consultation=consultation, participant__banned=False)
        .order_by("id")
        .values_list("participant_id", "statement_id", "value")
    )
    hidden = consultation.statements.exclude(
        id__in=statements_open_for_votes(consultation).values("id")
    )
    previous = (
        OpinionState.from_dict(consultation.engine_state) if consultation.engine_state else None
    )
    result = compute(
        Votes.from_lists([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]),
        moderated_out=list(hidden.values_list("id", flat=True)),
        meta=list(consultation.statements.filter(is_meta=True).values_list("id", flat=True)),
        previous_state=previous,
    )
    now = timezone.now()
    opinion_map = map_from_result(result, rows, computed_at=now.isoformat())
    Consultation.objects.filter(id=consultation_id).update(
        engine_state=result.state.to_dict(),
        opinion_map=dump_opinion_map(opinion_map),
        computed_at=now,
    )
    return RecomputeSummary(
        consultation=consultation.slug,
        participants=len(result.participants),
        groups=len(result.groups),
        votes=len(rows),
        seconds=round(result.seconds, 3),
    )


# ---------------------------------------------------------------- Polis files


def _milliseconds_to_datetime(milliseconds: float | None) -> datetime.datetime:
    if milliseconds is None:
        return timezone.now()
    return datetime.datetime.fromtimestamp(milliseconds / 1000, tz=datetime.UTC)


@transaction.atomic
def consultation_import(
    *,
    folder: Path,
    dialogue: Dialogue,
    slug: str,
    title: str,
    language: str,
    attribution: str = "",
    status: str = Consultation.Status.OPEN,
) -> Consultation:
    """A new consultation from a Polis openData folder or API dump; all or nothing.

    Raises OpinionInputError (naming the file and row) on bad files, ConsultationError when
    the address is taken.
    """
    conversation = read_conversation(folder)
    try:
        with transaction.atomic():
            consultation = Consultation.objects.create(
                dialogue=dialogue,
                slug=slug,
                title={language: title},
                topic={language: conversation.topic} if conversation.topic else {},
                source_language=language,
                status=status,
                moderation=Consultation.Moderation.POST,
                attribution=attribution,
            )
    except IntegrityError:
        raise ConsultationError(
            f"a consultation with the address {slug!r} already exists"
        ) from None
    participants = _import_participants(consultation, conversation)
    statements = _import_statements(consultation, conversation, participants, language)
    _import_votes(conversation, participants, statements)
    return consultation


def _import_participants(consultation: Consultation, conversation: Conversation) -> dict[int, int]:
    numbers = set(conversation.votes.participant_ids.tolist())
    numbers |= {s.author_id for s in conversation.statements if s.author_id is not None}
    ConsultationParticipant.objects.bulk_create(
        [
            ConsultationParticipant(consultation=consultation, key=f"polis:{number}")
            for number in sorted(numbers)
        ],
        batch_size=2000,
    )
    created = consultation.participants.values_list("key", "id")
    return {int(key.removeprefix("polis:")): pk for key, pk in created}


def _import_statements(
    consultation: Consultation,
    conversation: Conversation,
    participants: dict[int, int],
    language: str,
) -> dict[int, int]:
    status_of = {1: Statement.Status.ACCEPTED, -1: Statement.Status.REJECTED}
    seen: set[str] = set()
    rows = []
    for s in conversation.statements:
        mark = fingerprint(s.text)
        # Polis files may repeat a text; keep both, told apart by their number.
        mark = fingerprint(f"{s.text}#{s.id}") if mark in seen else mark
        seen.add(mark)
        rows.append(
            Statement(
                consultation=consultation,
                number=s.id,
                text={language: s.text},
                language=language,
                fingerprint=mark,
                author_id=None if s.author_id is None else participants[s.author_id],
                status=status_of.get(s.moderated, Statement.Status.PENDING),
                is_meta=s.is_meta,
                created_at=_milliseconds_to_datetime(s.created),
            )
        )
    Statement.objects.bulk_create(rows, batch_size=2000)
    return dict(consultation.statements.values_list("number", "id"))


def _import_votes(
    conversation: Conversation, participants: dict[int, int], statements: dict[int, int]
) -> None:
    votes = conversation.votes
    stamps = votes.timestamps if votes.timestamps is not None else [None] * len(votes)
    adapt = connection.ops.adapt_datetimefield_value
    events = [
        (participants[p], statements[s], v, _milliseconds_to_datetime(t))
        for p, s, v, t in zip(
            votes.participant_ids.tolist(),
            votes.statement_ids.tolist(),
            votes.values.tolist(),
            list(stamps),
            strict=True,
        )
    ]
    _insert_rows(
        VoteEvent,
        ["participant_id", "statement_id", "value", "created_at"],
        [(p, s, v, adapt(t)) for p, s, v, t in events],
    )
    final: dict[tuple[int, int], tuple[int, datetime.datetime]] = {}
    # The last event per pair counts (a stable sort keeps file order among equal times).
    for p, s, v, t in sorted(events, key=lambda event: event[3]):
        final[(p, s)] = (v, t)
    _insert_rows(
        Vote,
        ["participant_id", "statement_id", "value", "updated_at"],
        [(p, s, v, adapt(t)) for (p, s), (v, t) in final.items()],
    )


def _insert_rows(
    model: type[Model], columns: list[str], rows: Sequence[tuple[int | str | None, ...]]
) -> None:
    """Plain executemany: the ORM's bulk_create spends most of a large import preparing values."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608 (names from the model)
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
