"""Access to recruitment objects: hosts run their own site, organisers every site of
their dialogue; the report of a drawn panel is public with its dialogue."""

from __future__ import annotations

from django.http import Http404

from polyvox.accounts.models import AnyUser
from polyvox.dialogues.access import dialogues_visible_to, sites_hosted_by
from polyvox.recruitment.models import Invitation, PoolImport, SelectionRun


def access_run_for_host(*, user: AnyUser, run_id: int) -> SelectionRun:
    try:
        return SelectionRun.objects.select_related("site__dialogue").get(
            id=run_id, site__in=sites_hosted_by(user)
        )
    except SelectionRun.DoesNotExist:
        raise Http404("No such selection.") from None


def access_import_for_host(*, user: AnyUser, import_id: int) -> PoolImport:
    try:
        return (
            PoolImport.objects.select_related("site__dialogue", "job")
            .defer("content")
            .get(id=import_id, site__in=sites_hosted_by(user))
        )
    except PoolImport.DoesNotExist:
        raise Http404("No such import.") from None


def access_run_for_reader(*, user: AnyUser, run_id: int) -> SelectionRun:
    """A drawn selection of a dialogue the user may read."""
    try:
        return SelectionRun.objects.select_related("site__dialogue").get(
            id=run_id,
            status=SelectionRun.Status.DRAWN,
            site__dialogue__in=dialogues_visible_to(user),
        )
    except SelectionRun.DoesNotExist:
        raise Http404("No such selection.") from None


def access_invitation_by_token(*, token: str) -> Invitation:
    """The emailed link is the credential: whoever holds it may answer."""
    try:
        return Invitation.objects.select_related("volunteer__site__dialogue").get(token=token)
    except Invitation.DoesNotExist:
        raise Http404("No such invitation.") from None
