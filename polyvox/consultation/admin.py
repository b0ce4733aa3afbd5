from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from polyvox.accounts.scoped_admin import ScopedAdmin, ScopedInline
from polyvox.consultation.models import Consultation, DemographicQuestion, Statement
from polyvox.dialogues.admin import TranslationOriginsMixin, remember_languages


class DemographicQuestionInline(ScopedInline):
    model = DemographicQuestion


@admin.register(Consultation)
class ConsultationAdmin(TranslationOriginsMixin, ScopedAdmin):
    inlines = [DemographicQuestionInline]
    list_display = ["__str__", "slug", "dialogue", "status", "moderation", "computed_at"]
    list_filter = ["status", "moderation"]
    search_fields = ["slug"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        remember_languages(request, obj.dialogue if obj else None)
        return super().get_form(request, obj, change, **kwargs)


@admin.register(Statement)
class StatementAdmin(ScopedAdmin):
    """Where organisers add translations of statements; decisions go through the moderation page."""

    dialogue_lookup = "consultation__dialogue"
    list_display = ["__str__", "consultation", "language", "status", "is_meta"]
    list_filter = ["status", "consultation"]
    fields = ["consultation", "number", "text", "language", "status", "is_meta"]
    readonly_fields = ["consultation", "number", "language", "status"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        remember_languages(request, obj.consultation.dialogue if obj else None)
        return super().get_form(request, obj, change, **kwargs)
