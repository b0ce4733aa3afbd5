from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from polyvox.accounts.models import Membership, Role
from polyvox.accounts.scoped_admin import (
    DEFAULT_LANGUAGES,
    AccountField,
    ScopedAdmin,
    ScopedInline,
    is_organiser,
)
from polyvox.audit.services import audit_record
from polyvox.dialogues.access import dialogues_organised_by
from polyvox.dialogues.models import (
    Dialogue,
    FacilitatorStep,
    Option,
    Organisation,
    Partnership,
    Question,
    Session,
    SessionMaterial,
    Site,
    dialogue_languages,
)
from polyvox.dialogues.translatable import MAX_LENGTHS, text_key
from polyvox.dialogues.translations import translation_edits_note


class TranslationOriginsMixin:
    """Edits by hand keep the record of which source each translation was made from, so a
    changed source marks its translations as needing an update (dialogues.translations)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        note_translation_edits(obj, form)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        for inline_form in formset.forms:
            if inline_form.instance.pk is not None and inline_form.has_changed():
                note_translation_edits(inline_form.instance, inline_form)


def note_translation_edits(obj: Any, form: Any) -> None:
    kind = type(obj).__name__.lower()
    dialogue = _dialogue_of(obj)
    if dialogue is None:
        return
    for (model_kind, field), _length in MAX_LENGTHS.items():
        if model_kind == kind and field in form.changed_data:
            translation_edits_note(
                key=text_key(obj, field),
                before=form.initial.get(field) or {},
                after=getattr(obj, field) or {},
                source_language=dialogue.source_language,
            )


def _dialogue_of(obj: Any) -> Dialogue | None:
    if isinstance(obj, Dialogue):
        return obj
    if isinstance(obj, Session):
        return obj.dialogue
    if isinstance(obj, Question):
        return obj.session.dialogue
    if isinstance(obj, Option):
        return obj.question.session.dialogue
    # Texts registered by apps above (dialogues.translatable.register_texts) belong to a
    # dialogue directly.
    dialogue = getattr(obj, "dialogue", None)
    return dialogue if isinstance(dialogue, Dialogue) else None


def remember_languages(request: HttpRequest, dialogue: Dialogue | None) -> None:
    languages = dialogue_languages(dialogue) if dialogue else DEFAULT_LANGUAGES
    request.polyvox_languages = languages  # type: ignore[attr-defined]


class PartnershipInline(ScopedInline):
    model = Partnership


@admin.register(Dialogue)
class DialogueAdmin(TranslationOriginsMixin, ScopedAdmin):
    dialogue_lookup = "id"
    list_display = ["__str__", "slug", "status", "start_date", "organiser"]
    list_filter = ["status"]
    search_fields = ["slug", "title"]
    inlines = [PartnershipInline]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        remember_languages(request, obj)
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        previous_status = form.initial.get("status") if change else None
        previous_k = form.initial.get("k_anonymity") if change else None
        super().save_model(request, obj, form, change)
        if change and obj.k_anonymity != previous_k:
            # What the open data may show of small groups is a publication decision.
            details = {"from": previous_k, "to": obj.k_anonymity}
            audit_record(
                actor=request.user, action="dialogue.k_anonymity", dialogue=obj, details=details
            )
        if obj.status != previous_status:
            # Publishing results is the status change decision-makers care about.
            details = {"from": previous_status or "", "to": obj.status}
            audit_record(
                actor=request.user, action="dialogue.status", dialogue=obj, details=details
            )
        if not change and not request.user.is_superuser:
            # Whoever creates a dialogue organises it, or they could not see it afterwards.
            Membership.objects.get_or_create(user=request.user, role=Role.ORGANISER, dialogue=obj)


@admin.register(Site)
class SiteAdmin(ScopedAdmin):
    site_lookup = "id"
    list_display = ["__str__", "dialogue", "date", "mode", "target_participants"]
    list_filter = ["mode", "dialogue"]
    search_fields = ["city"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The shift is set on the site's schedule page, which records it on the audit trail.
        # Hosts run their site but do not move it to another dialogue or country.
        if obj is not None and not self._in_scope(request, obj, self.organiser_scope(request)):
            return ["dialogue", "slug", "country", "schedule_shift_minutes"]
        return ["schedule_shift_minutes"]


class OptionInline(ScopedInline):
    model = Option


class QuestionInline(ScopedInline):
    model = Question
    show_change_link = True
    fields = ["position", "key", "kind", "purpose", "text"]


class SessionMaterialInline(ScopedInline):
    """A booklet (same file checks as the session's own) and a video per language."""

    model = SessionMaterial


class FacilitatorStepInline(ScopedInline):
    """The facilitator's kit: timed steps, each in every language of the dialogue."""

    model = FacilitatorStep
    fields = ["minute", "kind", "question", "text"]


@admin.register(Session)
class SessionAdmin(TranslationOriginsMixin, ScopedAdmin):
    list_display = ["__str__", "dialogue", "position", "duration_minutes"]
    list_filter = ["dialogue"]
    inlines = [QuestionInline, SessionMaterialInline, FacilitatorStepInline]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        remember_languages(request, obj.dialogue if obj else None)
        return super().get_form(request, obj, change, **kwargs)


@admin.register(Question)
class QuestionAdmin(TranslationOriginsMixin, ScopedAdmin):
    dialogue_lookup = "session__dialogue"
    list_display = ["__str__", "key", "kind", "answered_by", "purpose", "site", "session"]
    list_filter = ["kind", "answered_by", "purpose", "session__dialogue"]
    inlines = [OptionInline]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        remember_languages(request, obj.session.dialogue if obj else None)
        return super().get_form(request, obj, change, **kwargs)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Organisations are shared between dialogues: an organiser may change one only when
    every dialogue it takes part in is theirs."""

    list_display = ["name", "short_name", "country", "website"]
    search_fields = ["name", "short_name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        organised = dialogues_organised_by(request.user)
        involved = Q(partnerships__dialogue__in=organised) | Q(organised_dialogues__in=organised)
        return queryset.filter(involved).distinct()

    def _only_in_own_dialogues(self, request: HttpRequest, obj: Organisation) -> bool:
        organised = dialogues_organised_by(request.user)
        elsewhere = Dialogue.objects.filter(
            Q(partnerships__organisation=obj) | Q(organiser=obj)
        ).exclude(id__in=organised)
        return not elsewhere.exists()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_organiser(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_organiser(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_organiser(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None or request.user.is_superuser:
            return is_organiser(request)
        return is_organiser(request) and self._only_in_own_dialogues(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    """Roles on dialogues and sites (accounts.Membership); every grant and revoke is audited."""

    list_display = ["user", "role", "dialogue", "site"]
    list_filter = ["role", "dialogue"]
    search_fields = ["user__username", "user__email"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "user" and not request.user.is_superuser:
            # A list of accounts would show every organiser every account on the server.
            return AccountField(label=db_field.verbose_name.capitalize())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
