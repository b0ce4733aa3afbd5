from __future__ import annotations

from django.db.models import QuerySet

from polyvox.audit.models import AuditEvent


def audit_events_for_dialogue(*, dialogue_id: int, limit: int = 500) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(dialogue_id=dialogue_id).select_related("actor", "site")[
        :limit
    ]
