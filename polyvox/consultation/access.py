"""How views and the API reach consultations: "not found" and "not allowed" both 404."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from polyvox.accounts.models import AnyUser
from polyvox.consultation.models import Consultation, ConsultationParticipant, Statement
from polyvox.dialogues.access import dialogues_organised_by


def consultations_visible_to(user: AnyUser) -> QuerySet[Consultation]:
    """Open and closed consultations, plus drafts of the dialogues the user organises."""
    public = ~Q(status=Consultation.Status.DRAFT)
    organised = Q(dialogue__in=dialogues_organised_by(user))
    return Consultation.objects.filter(public | organised)


def consultations_moderated_by(user: AnyUser) -> QuerySet[Consultation]:
    return Consultation.objects.filter(dialogue__in=dialogues_organised_by(user))


def access_consultation_for_reader(*, user: AnyUser, slug: str) -> Consultation:
    try:
        return consultations_visible_to(user).select_related("dialogue", "session").get(slug=slug)
    except Consultation.DoesNotExist:
        raise Http404("No such consultation.") from None


def access_consultation_for_organiser(*, user: AnyUser, slug: str) -> Consultation:
    try:
        return consultations_moderated_by(user).select_related("dialogue").get(slug=slug)
    except Consultation.DoesNotExist:
        raise Http404("No such consultation.") from None


def access_statement_for_organiser(*, user: AnyUser, slug: str, number: int) -> Statement:
    consultation = access_consultation_for_organiser(user=user, slug=slug)
    try:
        return consultation.statements.select_related("consultation").get(number=number)
    except Statement.DoesNotExist:
        raise Http404("No such statement.") from None


def access_participant_for_organiser(
    *, user: AnyUser, slug: str, participant_id: int
) -> ConsultationParticipant:
    consultation = access_consultation_for_organiser(user=user, slug=slug)
    try:
        return consultation.participants.select_related("consultation").get(id=participant_id)
    except ConsultationParticipant.DoesNotExist:
        raise Http404("No such participant.") from None
