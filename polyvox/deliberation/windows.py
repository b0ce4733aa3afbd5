"""Voting windows: a site opens and closes each question; ballots count only while open."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from polyvox.accounts.models import AnyUser
from polyvox.audit.services import audit_record
from polyvox.deliberation.models import QuestionWindow
from polyvox.dialogues.access import sites_hosted_by
from polyvox.dialogues.models import Question, Site


@transaction.atomic
def window_open(*, site: Site, question: Question, actor: AnyUser | None = None) -> QuestionWindow:
    """Open voting on a question, or reopen it. Reopening lets citizens change answers
    after the count was read, so only the site's hosts and the dialogue's organisers may;
    with an `actor`, both are checked and written to the audit trail."""
    window, created = QuestionWindow.objects.select_for_update().get_or_create(
        site=site, question=question, defaults={"opened_at": timezone.now()}
    )
    reopened = not created and window.closed_at is not None
    if reopened and actor is not None and not sites_hosted_by(actor).filter(id=site.id).exists():
        raise PermissionDenied("Only hosts and organisers reopen a question.")
    if reopened:
        window.closed_at = None
        window.save(update_fields=["closed_at"])
    if actor is not None and (created or reopened):
        action = "deliberation.window_reopen" if reopened else "deliberation.window_open"
        audit_record(
            actor=actor,
            action=action,
            site=site,
            target=f"question {question.id}",
            details={"question": question.id},
        )
    return window


@transaction.atomic
def window_close(*, site: Site, question: Question, actor: AnyUser | None = None) -> None:
    """Close voting. The row lock (FOR UPDATE) waits for every ballot in flight, which holds
    a key-share lock on the window from its INSERT to its commit: those are stored before
    the close and counted; ballots that come after find the window closed. The time is
    read once the lock is ours, so no answer was committed after `closed_at`. While ballots
    keep overlapping, PostgreSQL lets new key-share lockers in ahead of the waiting close;
    at one site's hundred citizens that delays the close by moments, never loses a ballot."""
    window = (
        QuestionWindow.objects.select_for_update()
        .filter(site=site, question=question, closed_at__isnull=True)
        .first()
    )
    if window is None:
        return
    window.closed_at = timezone.now()
    window.save(update_fields=["closed_at"])
    if actor is not None:
        audit_record(
            actor=actor,
            action="deliberation.window_close",
            site=site,
            target=f"question {question.id}",
            details={"question": question.id},
        )
