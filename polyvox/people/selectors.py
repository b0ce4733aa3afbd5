"""Reads of the vault: everything Polyvox holds about one person, and who is due for erasure.

The export follows a person as far as the vault still links them: their registrations,
the lottery's outcome and their invitations, and, while the volunteer keeps the keyed hash
of their pseudonym, their participation on the day and their answers. Once erased, that
hash is gone: the answers are anonymous and no longer theirs to export (nor anyone's to find).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from polyvox.core.translation import pick_text
from polyvox.deliberation.models import Answer, Participant, RecommendationRanking
from polyvox.dialogues.models import Dialogue
from polyvox.people.models import Person
from polyvox.recruitment.digests import participant_digest_for
from polyvox.recruitment.models import Category, Volunteer

EXPORT_FORMAT = "polyvox.person/1"


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


def people_search(*, people: QuerySet[Person], query: str, limit: int = 50) -> list[Person]:
    """People whose name or email contains the query (at least three characters)."""
    query = query.strip()
    if len(query) < 3:
        return []
    matching = people.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    return list(matching.order_by("full_name", "id")[:limit])


def person_export(*, person: Person) -> dict[str, Any]:
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


def _registration(volunteer: Volunteer, language: str) -> dict[str, Any]:
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


def _participation(volunteer: Volunteer, language: str) -> dict[str, Any] | None:
    participant = _participant_of(volunteer)
    if participant is None:
        return None
    answers = Answer.objects.filter(participant=participant).select_related("question", "option")
    ranking = RecommendationRanking.objects.filter(participant=participant).first()
    return {
        "pseudonym": participant.pseudonym,
        "status": participant.status,
        "table": participant.table.number if participant.table else None,
        "answers": [_answer(answer, language) for answer in answers.order_by("question_id")],
        "recommendation_ranking": ranking.order if ranking is not None else [],
    }


def _answer(answer: Answer, language: str) -> dict[str, Any]:
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
