"""Recruitment in the admin: organisers see every site of their dialogues, hosts their own.

The recruitment pages do the work (imports, quotas, the lottery); the admin is for
reading, for the labels of categories, and for the flexible quota bounds the editor does
not show. What the lottery published (runs) and what volunteers answered (invitations)
is read-only; invitation tokens, household and email digests are never shown.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from polyvox.accounts.scoped_admin import ScopedAdmin, ScopedInline, is_host
from polyvox.audit.services import audit_record
from polyvox.recruitment.models import (
    Category,
    CategoryValue,
    Invitation,
    PoolImport,
    Quota,
    SelectionRun,
    Volunteer,
)


class SiteScoped(ScopedAdmin):
    dialogue_lookup = "site__dialogue"
    site_lookup = "site"


class ReadOnly(SiteScoped):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CategoryValueInline(ScopedInline):
    model = CategoryValue
    fields = ["key", "label", "population_share", "position"]

    def _parent_organiser(self, request: HttpRequest) -> bool:
        # The category's own admin has already checked the site; hosts translate labels too.
        return super()._parent_organiser(request) or is_host(request)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Volunteers' answers refer to the keys: they change only with a new categories file.
        return ["key"] if obj is not None else []

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Category)
class CategoryAdmin(SiteScoped):
    list_display = ["key", "site", "position"]
    list_filter = ["site__dialogue"]
    readonly_fields = ["site", "key"]
    fields = ["site", "key", "label", "position"]
    inlines = [CategoryValueInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # categories come from the site's categories file

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="categories.change",
            site=obj.site,
            target=obj.key,
            details={"fields": ", ".join(form.changed_data)},
        )


@admin.register(Quota)
class QuotaAdmin(SiteScoped):
    list_display = ["value", "site", "min", "max", "min_flex", "max_flex"]
    list_filter = ["site__dialogue"]
    readonly_fields = ["site", "value"]
    fields = ["site", "value", "min", "max", "min_flex", "max_flex"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the quota editor creates them

    def save_model(self, request: HttpRequest, obj: Quota, form: Any, change: bool) -> None:
        before = {name: form.initial.get(name) for name in form.changed_data}
        super().save_model(request, obj, form, change)
        if form.changed_data:
            audit_record(
                actor=request.user,
                action="quotas.change",
                site=obj.site,
                details={
                    str(obj.value): ", ".join(
                        f"{name} {before[name]} → {getattr(obj, name)}"
                        for name in form.changed_data
                    )
                },
            )


@admin.register(Volunteer)
class VolunteerAdmin(ReadOnly):
    """Status and answers only: the person's identity stays in the people vault."""

    list_display = ["id", "site", "status", "source", "created_at"]
    list_filter = ["status", "source", "site__dialogue"]
    fields = ["site", "values", "status", "source", "created_at"]


@admin.register(SelectionRun)
class SelectionRunAdmin(ReadOnly):
    list_display = ["id", "site", "status", "algorithm", "panel_size", "created_at", "drawn_at"]
    list_filter = ["status", "site__dialogue"]
    fields = [
        "site",
        "status",
        "algorithm",
        "panel_size",
        "reserves",
        "panels",
        "seed",
        "commitment",
        "minimum_probability",
        "number_of_panels",
        "public_random",
        "draw_seed",
        "ticket",
        "error",
        "created_by",
        "created_at",
        "drawn_at",
    ]


@admin.register(Invitation)
class InvitationAdmin(ReadOnly):
    dialogue_lookup = "volunteer__site__dialogue"
    site_lookup = "volunteer__site"
    list_display = ["id", "volunteer", "kind", "sent_at", "answer", "answered_at"]
    list_filter = ["kind", "answer"]
    fields = ["volunteer", "kind", "sent_at", "answer", "answered_at"]


@admin.register(PoolImport)
class PoolImportAdmin(ReadOnly):
    list_display = ["file_name", "site", "status", "rows", "created_by", "created_at"]
    list_filter = ["status", "site__dialogue"]
    fields = ["site", "file_name", "status", "rows", "problems", "created_by", "created_at"]
