"""Voting windows: a site opens and closes each question; ballots count only while open."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from polyvox.deliberation.models import QuestionWindow
from polyvox.dialogues.models import Question, Site


@transaction.atomic
def window_open(*, site: Site, question: Question) -> QuestionWindow:
    window, created = QuestionWindow.objects.select_for_update().get_or_create(
        site=site, question=question, defaults={"opened_at": timezone.now()}
    )
    if not created and window.closed_at is not None:
        window.closed_at = None
        window.save(update_fields=["closed_at"])
    return window


@transaction.atomic
def window_close(*, site: Site, question: Question) -> None:
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
