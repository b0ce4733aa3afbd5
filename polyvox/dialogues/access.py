"""The only way views, the admin and the API reach dialogues, sites and their uploads.

Each `access_*` function returns the object or raises Http404: "not found" and "not
allowed" look the same, so nobody can probe which drafts or sites exist. One condition
per line, so that branch coverage shows each case is tested. Roles come from
memberships (accounts); what they open is decided here.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.http import Http404

from polyvox.accounts.models import AnyUser
from polyvox.accounts.selectors import (
    hosted_site_ids,
    memberships_of,
    observed_dialogue_ids,
    observed_site_ids,
    observer_dialogue_ids,
    organised_dialogue_ids,
    staffed_site_ids,
)
from polyvox.dialogues.models import Dialogue, Organisation, Session, SessionMaterial, Site


def dialogues_organised_by(user: AnyUser) -> QuerySet[Dialogue]:
    if user.is_superuser:
        return Dialogue.objects.all()
    return Dialogue.objects.filter(id__in=organised_dialogue_ids(user))


def sites_hosted_by(user: AnyUser) -> QuerySet[Site]:
    """Sites the user may run: their own as host, or any site of a dialogue they organise."""
    if user.is_superuser:
        return Site.objects.all()
    hosted = Q(id__in=hosted_site_ids(user))
    return Site.objects.filter(hosted | Q(dialogue_id__in=organised_dialogue_ids(user)))


def sites_facilitated_by(user: AnyUser) -> QuerySet[Site]:
    """Sites where the user may work on the day: facilitators, hosts and organisers."""
    if user.is_superuser:
        return Site.objects.all()
    staffed = Q(id__in=staffed_site_ids(user))
    return Site.objects.filter(staffed | Q(dialogue_id__in=organised_dialogue_ids(user)))


def dialogues_observed_by(user: AnyUser) -> QuerySet[Dialogue]:
    """Dialogues the user observes, as a whole or at one site: they read its results before
    publication and the public part of its audit trail, and change nothing."""
    return Dialogue.objects.filter(id__in=observer_dialogue_ids(user))


def sites_observed_by(user: AnyUser) -> QuerySet[Site]:
    """Sites whose day an observer follows: the one they observe, or every site of a
    dialogue they observe as a whole."""
    observed = Q(id__in=observed_site_ids(user))
    return Site.objects.filter(observed | Q(dialogue_id__in=observed_dialogue_ids(user)))


def access_site_for_day_reader(*, user: AnyUser, site_id: int) -> Site:
    """The day's read-only pages (the dashboard): the site's staff and its observers."""
    try:
        return sites_facilitated_by(user).select_related("dialogue").get(id=site_id)
    except Site.DoesNotExist:
        pass
    try:
        return sites_observed_by(user).select_related("dialogue").get(id=site_id)
    except Site.DoesNotExist:
        raise Http404("No such site.") from None


def dialogues_visible_to(user: AnyUser) -> QuerySet[Dialogue]:
    """Published dialogues, plus drafts the user works on or observes: every role, the
    observer's too, may read a draft's public pages (and nothing more from this)."""
    public = ~Q(status=Dialogue.Status.DRAFT)
    if user.is_superuser:
        return Dialogue.objects.all()
    member_of = memberships_of(user).values("dialogue_id")
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


def access_upload_for_reader(*, user: AnyUser, name: str) -> FieldFile:
    """A logo is public, a booklet is as visible as its dialogue. A path that no row names
    is not served at all, so guessing a storage path under /media/ finds nothing."""
    if name.startswith("logos/"):
        organisation = Organisation.objects.filter(logo=name).first()
        if organisation is not None:
            logo: FieldFile = organisation.logo
            return logo
    if name.startswith("booklets/"):
        visible = dialogues_visible_to(user)
        session = Session.objects.filter(booklet=name, dialogue__in=visible).first()
        if session is not None:
            booklet: FieldFile = session.booklet
            return booklet
        material = SessionMaterial.objects.filter(
            booklet=name, session__dialogue__in=visible
        ).first()
        if material is not None:
            translated: FieldFile = material.booklet
            return translated
    raise Http404("No such file.")
