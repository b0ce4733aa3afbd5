from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from polyvox.accounts.scoped_admin import ScopedAdmin
from polyvox.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ScopedAdmin):
    """Read-only: the trail is written by the services, never by hand."""

    list_display = ["at", "actor", "action", "dialogue", "site", "target"]
    list_filter = ["action", "dialogue"]
    readonly_fields = [field.name for field in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
