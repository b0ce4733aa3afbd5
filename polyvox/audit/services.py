from __future__ import annotations

from typing import Any, Protocol

from polyvox.accounts.models import AnyUser
from polyvox.audit.models import AuditEvent


class DialogueRecord(Protocol):
    """A dialogue as the audit trail sees it: by id (audit sits below dialogues)."""

    @property
    def pk(self) -> Any: ...


class SiteRecord(Protocol):
    @property
    def pk(self) -> Any: ...

    @property
    def dialogue_id(self) -> int: ...


def audit_record(
    *,
    actor: AnyUser | None,
    action: str,
    dialogue: DialogueRecord | None = None,
    site: SiteRecord | None = None,
    target: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one action. `details` must hold ids, counts and settings, never names or contacts.

    The event names its dialogue and site by id; a site's event is also its dialogue's.
    """
    dialogue_id = dialogue.pk if dialogue is not None else None
    if site is not None and dialogue_id is None:
        dialogue_id = site.dialogue_id
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        dialogue_id=dialogue_id,
        site_id=site.pk if site is not None else None,
        target=target[:200],
        details=details or {},
    )
