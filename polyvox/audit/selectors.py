from __future__ import annotations

from django.db.models import QuerySet

from polyvox.audit.models import AuditEvent
from polyvox.dialogues.models import Dialogue


def audit_events_for_dialogue(*, dialogue: Dialogue, limit: int = 500) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(dialogue=dialogue).select_related("actor", "site")[:limit]
