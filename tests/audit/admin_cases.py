from __future__ import annotations

from polyvox.audit.models import AuditEvent
from polyvox.audit.services import audit_record
from tests.conftest import World


def event_pair(world: World) -> tuple[AuditEvent, AuditEvent]:
    return (
        audit_record(actor=world.users["organiser"], action="quota.change", dialogue=world.own),
        audit_record(actor=world.users["outsider"], action="quota.change", dialogue=world.other),
    )


OBJECTS = {"audit.AuditEvent": event_pair}
