"""Who may read a dialogue's results: everyone once the day begins, organisers before."""

from __future__ import annotations

from django.http import Http404

from polyvox.accounts.access import AnyUser, dialogues_organised_by
from polyvox.dialogues.models import Dialogue
from polyvox.results.models import Report

RESULTS_VISIBLE = (Dialogue.Status.DELIBERATING, Dialogue.Status.RESULTS_PUBLISHED)


def access_dialogue_for_results_reader(*, user: AnyUser, slug: str) -> Dialogue:
    try:
        dialogue = Dialogue.objects.select_related("organiser").get(slug=slug)
    except Dialogue.DoesNotExist:
        raise Http404("No such dialogue.") from None
    if dialogue.status in RESULTS_VISIBLE:
        return dialogue
    if dialogues_organised_by(user).filter(id=dialogue.id).exists():
        return dialogue
    raise Http404("No such dialogue.")


def access_dialogue_for_results_organiser(*, user: AnyUser, slug: str) -> Dialogue:
    try:
        return dialogues_organised_by(user).get(slug=slug)
    except Dialogue.DoesNotExist:
        raise Http404("No such dialogue.") from None


def access_report_for_reader(*, user: AnyUser, slug: str, report_id: int) -> Report:
    dialogue = access_dialogue_for_results_reader(user=user, slug=slug)
    try:
        return Report.objects.get(dialogue=dialogue, id=report_id)
    except Report.DoesNotExist:
        raise Http404("No such report.") from None
