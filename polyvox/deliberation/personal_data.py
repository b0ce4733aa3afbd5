"""A person's data across the vault, recruitment and the day: export and erasure.

It lives here, above people, recruitment and deliberation, because it spans all three:
the vault's identity, the volunteers that tie a person to sites, and (through the keyed
hash of the pseudonym) the participant and their answers. The vault itself (people)
knows none of them.

The export follows a person as far as the vault still links them: their registrations,
the lottery's outcome and their invitations, and, while the volunteer keeps the keyed hash
of their pseudonym, their participation on the day and their answers. Once erased, that
hash is gone: the answers are anonymous and no longer theirs to export (nor anyone's to find).

Erasure blanks the identity and cuts the only link from a person to their pseudonym (the
volunteer's HMAC of it), and leaves the pseudonymous participant and its answers as they
are: results do not change, and nothing can lead back to the person any more.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import TypedDict

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from polyvox.accounts.models import AnyUser
from polyvox.audit.services import audit_record
from polyvox.core.translation import pick_text
from polyvox.deliberation.models import Answer, Participant, RecommendationRanking
from polyvox.dialogues.models import Dialogue, Site
from polyvox.people.digests import participant_digest_for
from polyvox.people.models import Person
from polyvox.recruitment.models import Category, Volunteer

EXPORT_FORMAT = "polyvox.person/1"


# The export is a JSON document built for output (and shown as HTML): TypedDicts keep
# its keys, their order and json.dumps unchanged.
class PersonRecord(TypedDict):
    id: int
    full_name: str
    email: str
    phone: str
    postal_address: str
    preferred_language: str
    consent_given_at: str | None
    consent_version: str
    registered_at: str | None
    erased_at: str | None


class InvitationRecord(TypedDict):
    kind: str
    sent_at: str | None
    answer: str
    answered_at: str | None


class ReminderRecord(TypedDict):
    kind: str
    sent_at: str | None


class AnswerRecord(TypedDict):
    question: str
    question_text: str
    options: list[str]
    options_text: list[str]
    text: str
    origin: str
    at: str | None


class ParticipationRecord(TypedDict):
    pseudonym: str
    status: str
    table: int | None
    answers: list[AnswerRecord]
    recommendation_ranking: list[int]
    recommendation_rankings: dict[str, list[int]]  # by session key


class RegistrationRecord(TypedDict):
    dialogue: str
    dialogue_slug: str
    site: str
    date: str
    source: str
    status: str
    profile: list[dict[str, str]]
    personal_data_kept_until: str
    invitations: list[InvitationRecord]
    reminders: list[ReminderRecord]
    participation: ParticipationRecord | None


class PersonExport(TypedDict):
    format: str
    exported_at: str
    person: PersonRecord
    registrations: list[RegistrationRecord]


ERASE_ACTION = "person.erase"
EXPORT_ACTION = "person.export"
PRUNE_ACTION = "people.prune"


def person_export_for(
    *, person: Person, actor: AnyUser | None, by: str = "staff", form: str = "json"
) -> PersonExport:
    """The export, recorded in the audit trail of each site the person volunteered at:
    it links a name to answers, so whoever reads it should be on record."""
    for site in Site.objects.filter(volunteers__person_id=person.id).distinct():
        audit_record(
            actor=actor,
            action=EXPORT_ACTION,
            site=site,
            target=f"Person {person.id}",
            details={"by": by, "format": form},
        )
    return person_export(person=person)


def _erase_rows(people: QuerySet[Person], now: datetime.datetime) -> list[int]:
    """Blank every not yet erased person of the queryset; returns the ids this call erased."""
    candidates = list(people.filter(erased_at=None).values_list("id", flat=True).distinct())
    # Lock, then re-read: of two erasures running at once only one finds each row unerased.
    ids = list(
        Person.objects.filter(id__in=candidates, erased_at=None)
        .select_for_update()
        .values_list("id", flat=True)
    )
    if not ids:
        return []
    Person.objects.filter(id__in=ids).update(
        full_name="", email="", phone="", postal_address="", erased_at=now
    )
    volunteers = Volunteer.objects.filter(person_id__in=ids)
    # The digests are keyed hashes of the email, the address and the pseudonym: blanking
    # them breaks the person → participant link and frees the email for a new registration.
    volunteers.update(household_key="", email_digest="", participant_digest="")
    # Nobody could invite them any more: out of future lotteries. Those already drawn keep
    # their status, so a finished panel's records stay as they were.
    volunteers.filter(status=Volunteer.Status.POOL).update(status=Volunteer.Status.WITHDRAWN)
    return ids


@transaction.atomic
def person_erase(
    *,
    person: Person,
    actor: AnyUser | None,
    by: str = "staff",
    now: datetime.datetime | None = None,
) -> bool:
    """Erase one person; False when they were erased already (erasing twice is harmless)."""
    erased = _erase_rows(Person.objects.filter(id=person.id), now or timezone.now())
    if not erased:
        return False
    # One event per site they volunteered at, so each site's organisers see it. The event
    # names the row, never what it held.
    for site in Site.objects.filter(volunteers__person_id=person.id).distinct():
        audit_record(
            actor=actor,
            action=ERASE_ACTION,
            site=site,
            target=f"Person {person.id}",
            details={"by": by},
        )
    person.refresh_from_db()
    return True


@dataclass(frozen=True)
class PruneReport:
    """People erased (or, in a dry run, to erase) per dialogue slug."""

    per_dialogue: dict[str, int]
    dry_run: bool

    @property
    def total(self) -> int:
        return sum(self.per_dialogue.values())


@transaction.atomic
def people_prune(*, now: datetime.datetime | None = None, dry_run: bool = False) -> PruneReport:
    """Erase everyone whose every dialogue is past its retention period. Running it again
    finds nobody new, so cron may run it as often as it likes."""
    now = now or timezone.now()
    due = people_due_for_erasure(today=now.date())
    counts: Counter[str] = Counter()
    slugs = dict(Dialogue.objects.values_list("id", "slug"))
    pairs = Volunteer.objects.filter(person__in=due).values_list("person_id", "site__dialogue_id")
    dialogue_of = dict(pairs)
    erased = list(due.values_list("id", flat=True)) if dry_run else _erase_rows(due, now)
    for person_id in erased:
        counts[slugs[dialogue_of[person_id]]] += 1
    if not dry_run:
        for dialogue in Dialogue.objects.filter(slug__in=list(counts)):
            audit_record(
                actor=None,
                action=PRUNE_ACTION,
                dialogue=dialogue,
                details={
                    "erased": counts[dialogue.slug],
                    "retention_months": dialogue.retention_months,
                },
            )
    return PruneReport(per_dialogue=dict(sorted(counts.items())), dry_run=dry_run)


# --- Reads ------------------------------------------------------------------------------


def dialogues_past_retention(*, today: datetime.date) -> list[int]:
    """Ids of dialogues whose volunteers' personal data must be erased by `today`."""
    return [
        dialogue.id
        for dialogue in Dialogue.objects.only("id", "end_date", "retention_months")
        if dialogue.personal_data_kept_until <= today
    ]


def people_due_for_erasure(*, today: datetime.date) -> QuerySet[Person]:
    """Unerased people all of whose dialogues are past their retention period."""
    expired = dialogues_past_retention(today=today)
    return (
        Person.objects.filter(erased_at=None, volunteers__site__dialogue_id__in=expired)
        .exclude(volunteers__in=Volunteer.objects.filter(~Q(site__dialogue_id__in=expired)))
        .distinct()
    )


def person_export(*, person: Person) -> PersonExport:
    """Everything about one person, as plain JSON-ready data."""
    language = person.preferred_language
    volunteers = Volunteer.objects.filter(person=person).select_related("site__dialogue")
    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "person": {
            "id": person.id,
            "full_name": person.full_name,
            "email": person.email,
            "phone": person.phone,
            "postal_address": person.postal_address,
            "preferred_language": person.preferred_language,
            "consent_given_at": _when(person.consent_given_at),
            "consent_version": person.consent_version,
            "registered_at": _when(person.created_at),
            "erased_at": _when(person.erased_at),
        },
        "registrations": [_registration(volunteer, language) for volunteer in volunteers],
    }


def _when(moment: datetime.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _registration(volunteer: Volunteer, language: str) -> RegistrationRecord:
    site, dialogue = volunteer.site, volunteer.site.dialogue
    return {
        "dialogue": pick_text(dialogue.title, language),
        "dialogue_slug": dialogue.slug,
        "site": f"{site.city}, {site.country.code}",
        "date": site.date.isoformat(),
        "source": volunteer.source,
        "status": volunteer.status,
        "profile": _profile(volunteer, language),
        "personal_data_kept_until": dialogue.personal_data_kept_until.isoformat(),
        "invitations": [
            {
                "kind": invitation.kind,
                "sent_at": _when(invitation.sent_at),
                "answer": invitation.answer,
                "answered_at": _when(invitation.answered_at),
            }
            for invitation in volunteer.invitations.order_by("id")
        ],
        "reminders": [
            {"kind": reminder.kind, "sent_at": _when(reminder.sent_at)}
            for reminder in volunteer.reminders.order_by("id")
        ],
        "participation": _participation(volunteer, language),
    }


def _profile(volunteer: Volunteer, language: str) -> list[dict[str, str]]:
    """The answers to the lottery's demographic questions, with their labels."""
    categories = Category.objects.filter(site_id=volunteer.site_id).prefetch_related("values")
    rows = []
    for category in categories:
        value_key = volunteer.values.get(category.key, "")
        labels = {value.key: value.label for value in category.values.all()}
        rows.append(
            {
                "category": category.key,
                "question": pick_text(category.label, language) or category.key,
                "value": value_key,
                "answer": pick_text(labels.get(value_key), language) or value_key,
            }
        )
    return rows


def _participant_of(volunteer: Volunteer) -> Participant | None:
    if not volunteer.participant_digest:
        return None
    for participant in Participant.objects.filter(site_id=volunteer.site_id).select_related(
        "table"
    ):
        if participant_digest_for(participant.pseudonym) == volunteer.participant_digest:
            return participant
    return None


def _participation(volunteer: Volunteer, language: str) -> ParticipationRecord | None:
    participant = _participant_of(volunteer)
    if participant is None:
        return None
    answers = Answer.objects.filter(participant=participant).select_related("question", "option")
    rankings = dict(
        RecommendationRanking.objects.filter(participant=participant)
        .order_by("session__position", "session_id")
        .values_list("session__key", "order")
    )
    return {
        "pseudonym": participant.pseudonym,
        "status": participant.status,
        "table": participant.table.number if participant.table else None,
        "answers": [_answer(answer, language) for answer in answers.order_by("question_id")],
        # The last session's vote, as before votes were per session; then every session's.
        "recommendation_ranking": list(rankings.values())[-1] if rankings else [],
        "recommendation_rankings": rankings,
    }


def _answer(answer: Answer, language: str) -> AnswerRecord:
    options = {option.id: option for option in answer.question.options.all()}
    chosen = [options[i] for i in answer.choices if i in options]
    if answer.option is not None:
        chosen = [answer.option]
    return {
        "question": answer.question.key,
        "question_text": pick_text(answer.question.text, language),
        "options": [option.key for option in chosen],
        "options_text": [pick_text(option.text, language) for option in chosen],
        "text": answer.text,
        "origin": answer.origin,
        "at": _when(answer.updated_at),
    }
