"""Who may read a dialogue's results: everyone once the day begins, organisers and
observers before."""

from __future__ import annotations

from django.http import Http404

from polyvox.accounts.models import AnyUser
from polyvox.dialogues.access import (
    dialogues_observed_by,
    dialogues_organised_by,
    sites_hosted_by,
)
from polyvox.dialogues.models import Dialogue, Site
from polyvox.results.models import Report, Theme

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
    # Observers and evaluators read the results before publication, and change nothing.
    if dialogues_observed_by(user).filter(id=dialogue.id).exists():
        return dialogue
    raise Http404("No such dialogue.")


def access_dialogue_for_results_organiser(*, user: AnyUser, slug: str) -> Dialogue:
    try:
        return dialogues_organised_by(user).get(slug=slug)
    except Dialogue.DoesNotExist:
        raise Http404("No such dialogue.") from None


def access_dialogue_for_results_staff(
    *, user: AnyUser, slug: str
) -> tuple[Dialogue, bool, list[Site]]:
    """The results' manage page: organisers get every tool, hosts their sites' themes.
    Returns the dialogue, whether the user organises it, and the sites they host."""
    try:
        return access_dialogue_for_results_organiser(user=user, slug=slug), True, []
    except Http404:
        pass
    hosted = list(
        sites_hosted_by(user)
        .select_related("dialogue")
        .filter(dialogue__slug=slug)
        .order_by("city")
    )
    if not hosted:
        raise Http404("No such dialogue.")
    return hosted[0].dialogue, False, hosted


def access_report_for_reader(*, user: AnyUser, slug: str, report_id: int) -> Report:
    dialogue = access_dialogue_for_results_reader(user=user, slug=slug)
    try:
        return Report.objects.get(dialogue=dialogue, id=report_id)
    except Report.DoesNotExist:
        raise Http404("No such report.") from None


def access_theme_scope_for_editor(
    *, user: AnyUser, slug: str, site_slug: str = ""
) -> tuple[Dialogue, Site | None]:
    """Organisers edit the whole dialogue's themes; hosts (and organisers) a site's."""
    if not site_slug:
        return access_dialogue_for_results_organiser(user=user, slug=slug), None
    try:
        site = (
            sites_hosted_by(user)
            .select_related("dialogue")
            .get(dialogue__slug=slug, slug=site_slug)
        )
    except Site.DoesNotExist:
        raise Http404("No such site.") from None
    return site.dialogue, site


def access_theme_for_editor(*, user: AnyUser, slug: str, theme_id: int) -> Theme:
    try:
        theme = Theme.objects.select_related("dialogue", "site", "question").get(
            id=theme_id, dialogue__slug=slug
        )
    except Theme.DoesNotExist:
        raise Http404("No such theme.") from None
    site_slug = theme.site.slug if theme.site else ""
    access_theme_scope_for_editor(user=user, slug=slug, site_slug=site_slug)
    return theme
