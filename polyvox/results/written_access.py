"""Who may write, approve and read the reports people write, and the record of impact.

Organisers write the global report and every country's; a national host writes only the
report of a country where they host a site. Only organisers approve. Readers see what is
approved once the results are visible. Each function returns or raises Http404."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from polyvox.accounts.models import AnyUser
from polyvox.dialogues.access import dialogues_organised_by, sites_hosted_by
from polyvox.dialogues.models import Dialogue, dialogue_languages
from polyvox.results.access import (
    access_dialogue_for_results_organiser,
    access_dialogue_for_results_reader,
)
from polyvox.results.models import ImpactEntry, WrittenReport


@dataclass(frozen=True, slots=True)
class WritingScope:
    dialogue: Dialogue
    scope: str
    language: str
    can_approve: bool


def writable_scopes(*, user: AnyUser, dialogue: Dialogue) -> list[str]:
    """The reports this user may write: the global one for organisers, then countries."""
    organiser = dialogues_organised_by(user).filter(id=dialogue.id).exists()
    hosted = sites_hosted_by(user).filter(dialogue=dialogue)
    countries = sorted({str(site.country.code) for site in hosted})
    return [WrittenReport.GLOBAL, *countries] if organiser else countries


def access_dialogue_for_writer(*, user: AnyUser, slug: str) -> Dialogue:
    """A dialogue in which the user may write at least one report."""
    try:
        dialogue = Dialogue.objects.get(slug=slug)
    except Dialogue.DoesNotExist:
        raise Http404("No such dialogue.") from None
    if not writable_scopes(user=user, dialogue=dialogue):
        raise Http404("No such dialogue.")
    return dialogue


def access_scope_for_writer(*, user: AnyUser, slug: str, scope: str, language: str) -> WritingScope:
    dialogue = access_dialogue_for_writer(user=user, slug=slug)
    if scope not in writable_scopes(user=user, dialogue=dialogue):
        raise Http404("No such report.")
    if language not in dialogue_languages(dialogue):
        raise Http404("No such language.")
    organiser = dialogues_organised_by(user).filter(id=dialogue.id).exists()
    return WritingScope(dialogue, scope, language, can_approve=organiser)


def access_report_for_approver(*, user: AnyUser, slug: str, scope: str) -> WrittenReport:
    dialogue = access_dialogue_for_results_organiser(user=user, slug=slug)
    try:
        return WrittenReport.objects.select_related("dialogue").get(dialogue=dialogue, scope=scope)
    except WrittenReport.DoesNotExist:
        raise Http404("No such report.") from None


def access_written_report_for_reader(*, user: AnyUser, slug: str, scope: str) -> WrittenReport:
    dialogue = access_dialogue_for_results_reader(user=user, slug=slug)
    try:
        return WrittenReport.objects.select_related("dialogue").get(dialogue=dialogue, scope=scope)
    except WrittenReport.DoesNotExist:
        raise Http404("No such report.") from None


def access_impact_entry_for_organiser(*, user: AnyUser, slug: str, entry_id: int) -> ImpactEntry:
    dialogue = access_dialogue_for_results_organiser(user=user, slug=slug)
    try:
        return ImpactEntry.objects.select_related("dialogue").get(dialogue=dialogue, id=entry_id)
    except ImpactEntry.DoesNotExist:
        raise Http404("No such entry.") from None


def access_impact_document_for_reader(*, user: AnyUser, slug: str, entry_id: int) -> ImpactEntry:
    dialogue = access_dialogue_for_results_reader(user=user, slug=slug)
    entry = ImpactEntry.objects.filter(dialogue=dialogue, id=entry_id).first()
    if entry is None or not entry.response_document:
        raise Http404("No such document.")
    return entry
