from __future__ import annotations

from django.db.models import QuerySet

from polyvox.audit.models import AuditEvent


def audit_events_for_dialogue(*, dialogue_id: int, limit: int = 500) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(dialogue_id=dialogue_id).select_related("actor", "site")[
        :limit
    ]


# Actions kept out of the public part of the trail: observers' own page views.
PAGE_VIEW = "observer.page_view"


def audit_events_public_for_dialogue(*, dialogue_id: int, limit: int = 500) -> QuerySet[AuditEvent]:
    """What an observer reads: every action on the dialogue, without who did it (staff
    accounts are personal data) and without the observers' own page views."""
    return (
        AuditEvent.objects.filter(dialogue_id=dialogue_id)
        .exclude(action=PAGE_VIEW)
        .select_related("site")
        .defer("actor")[:limit]
    )
