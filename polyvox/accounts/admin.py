from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from polyvox.accounts.models import Membership, User
from polyvox.accounts.scoped_admin import ScopedAdmin
from polyvox.audit.services import audit_record


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    """Accounts are created by administrators; organisers then give roles through memberships."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ["user", "role", "dialogue", "site"]
    list_filter = ["role", "dialogue"]
    search_fields = ["user__username", "user__email"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        details = {"user": obj.user_id, "role": obj.role}
        audit_record(
            actor=request.user,
            action="role.grant",
            dialogue=obj.dialogue,
            site=obj.site,
            details=details,
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        details = {"user": obj.user_id, "role": obj.role}
        audit_record(
            actor=request.user,
            action="role.revoke",
            dialogue=obj.dialogue,
            site=obj.site,
            details=details,
        )
        super().delete_model(request, obj)
