from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from polyvox.accounts.scoped_admin import ScopedAdmin
from polyvox.jobs.models import Job


@admin.register(Job)
class JobAdmin(ScopedAdmin):
    """Read-only: jobs are started from the pages that need them."""

    list_display = [
        "kind",
        "status",
        "progress",
        "attempts",
        "worker",
        "dialogue",
        "created_at",
        "finished_at",
    ]
    list_filter = ["status", "kind"]
    readonly_fields = [field.name for field in Job._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
