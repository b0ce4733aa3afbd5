from __future__ import annotations

from typing import Any

from polyvox.accounts.access import AnyUser
from polyvox.audit.models import AuditEvent
from polyvox.dialogues.models import Dialogue, Site


def audit_record(
    *,
    actor: AnyUser | None,
    action: str,
    dialogue: Dialogue | None = None,
    site: Site | None = None,
    target: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one action. `details` must hold ids, counts and settings, never names or contacts."""
    if site is not None and dialogue is None:
        dialogue = site.dialogue
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        dialogue=dialogue,
        site=site,
        target=target[:200],
        details=details or {},
    )
