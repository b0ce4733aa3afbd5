"""How staff reach a site's day records and how citizens reach their own ballot.

Staff go through accounts.access (facilitators, hosts and organisers of the site); a
citizen has no account: their personal code, exchanged once by a POST form, puts their
participant id in their signed session. "Not found" and "not allowed" both give 404.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from polyvox.accounts.models import AnyUser
from polyvox.deliberation.models import Participant
from polyvox.dialogues.access import access_site_for_facilitator
from polyvox.dialogues.models import Question, Site

SESSION_KEY = "polyvox_participant"


def access_participant_for_staff(
    *, user: AnyUser, site_id: int, participant_id: int
) -> Participant:
    site = access_site_for_facilitator(user=user, site_id=site_id)
    try:
        return Participant.objects.select_related("site").get(id=participant_id, site=site)
    except Participant.DoesNotExist:
        raise Http404("No such participant.") from None


def access_question_for_site(*, site: Site, question_id: int) -> Question:
    try:
        return Question.objects.get(id=question_id, session__dialogue_id=site.dialogue_id)
    except Question.DoesNotExist:
        raise Http404("No such question.") from None


def participant_by_code(*, code: str) -> Participant | None:
    """The citizen holding this voting code (case and spaces forgiven), with their site."""
    cleaned = "".join(code.split()).upper()
    if not cleaned:
        return None
    return Participant.objects.select_related("site", "site__dialogue").filter(code=cleaned).first()


def participant_from_session(request: HttpRequest) -> Participant | None:
    participant_id = request.session.get(SESSION_KEY)
    if participant_id is None:
        return None
    return (
        Participant.objects.select_related("site", "site__dialogue")
        .filter(id=participant_id)
        .first()
    )
