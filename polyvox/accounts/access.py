"""The only way views, the admin and the API reach security-sensitive objects.

Each `access_*` function returns the object or raises Http404: "not found" and "not
allowed" look the same, so nobody can probe which drafts or sites exist. One condition
per line, so that branch coverage shows each case is tested.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from polyvox.accounts.models import Membership, Role, User
from polyvox.dialogues.models import Dialogue, Site

AnyUser = User | AnonymousUser


def _memberships(user: AnyUser) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user_id=user.pk)


def dialogues_organised_by(user: AnyUser) -> QuerySet[Dialogue]:
    if user.is_superuser:
        return Dialogue.objects.all()
    ids = _memberships(user).filter(role=Role.ORGANISER).values("dialogue_id")
    return Dialogue.objects.filter(id__in=ids)


def sites_hosted_by(user: AnyUser) -> QuerySet[Site]:
    """Sites the user may run: their own as host, or any site of a dialogue they organise."""
    if user.is_superuser:
        return Site.objects.all()
    hosted = _memberships(user).filter(role=Role.HOST).values("site_id")
    organised = _memberships(user).filter(role=Role.ORGANISER).values("dialogue_id")
    return Site.objects.filter(Q(id__in=hosted) | Q(dialogue_id__in=organised))


def sites_facilitated_by(user: AnyUser) -> QuerySet[Site]:
    """Sites where the user may work on the day: facilitators, hosts and organisers."""
    if user.is_superuser:
        return Site.objects.all()
    staffed = _memberships(user).filter(role__in=[Role.HOST, Role.FACILITATOR]).values("site_id")
    organised = _memberships(user).filter(role=Role.ORGANISER).values("dialogue_id")
    return Site.objects.filter(Q(id__in=staffed) | Q(dialogue_id__in=organised))


def dialogues_visible_to(user: AnyUser) -> QuerySet[Dialogue]:
    """Published dialogues, plus drafts the user works on."""
    public = ~Q(status=Dialogue.Status.DRAFT)
    if user.is_superuser:
        return Dialogue.objects.all()
    member_of = _memberships(user).values("dialogue_id")
    return Dialogue.objects.filter(public | Q(id__in=member_of))


def access_dialogue_for_reader(*, user: AnyUser, slug: str) -> Dialogue:
    try:
        return dialogues_visible_to(user).select_related("organiser").get(slug=slug)
    except Dialogue.DoesNotExist:
        raise Http404("No such dialogue.") from None


def access_site_for_reader(*, user: AnyUser, dialogue_slug: str, site_slug: str) -> Site:
    dialogue = access_dialogue_for_reader(user=user, slug=dialogue_slug)
    try:
        return dialogue.sites.select_related("dialogue").get(slug=site_slug)
    except Site.DoesNotExist:
        raise Http404("No such site.") from None


def access_dialogue_for_organiser(*, user: AnyUser, dialogue_id: int) -> Dialogue:
    try:
        return dialogues_organised_by(user).get(id=dialogue_id)
    except Dialogue.DoesNotExist:
        raise Http404("No such dialogue.") from None


def access_site_for_host(*, user: AnyUser, site_id: int) -> Site:
    try:
        return sites_hosted_by(user).select_related("dialogue").get(id=site_id)
    except Site.DoesNotExist:
        raise Http404("No such site.") from None


def access_site_for_facilitator(*, user: AnyUser, site_id: int) -> Site:
    try:
        return sites_facilitated_by(user).select_related("dialogue").get(id=site_id)
    except Site.DoesNotExist:
        raise Http404("No such site.") from None
