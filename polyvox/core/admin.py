"""Admin classes that show each organiser and host only their own dialogues and sites.

Permissions come from memberships (accounts.access), not from Django's per-model
permissions, so giving someone a role is all it takes to give them the right screens.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from polyvox.accounts.access import dialogues_organised_by, sites_hosted_by
from polyvox.core.forms import TranslatedTextWidget
from polyvox.core.translation import TranslatedTextField

DEFAULT_LANGUAGES = ["en", "fr"]


def is_organiser(request: HttpRequest) -> bool:
    return bool(request.user.is_superuser or dialogues_organised_by(request.user).exists())


def is_host(request: HttpRequest) -> bool:
    return sites_hosted_by(request.user).exists()


class TranslatedTextAdminMixin:
    """Offers a text area for each language the object's dialogue uses."""

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if isinstance(db_field, TranslatedTextField):
            languages = getattr(request, "polyvox_languages", DEFAULT_LANGUAGES)
            kwargs["widget"] = TranslatedTextWidget(languages=languages)
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]


class ScopedAdmin(TranslatedTextAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """`dialogue_lookup` leads from the model to its dialogue; `site_lookup` to its site, for
    models that hosts may see and change."""

    dialogue_lookup = "dialogue"
    site_lookup: str | None = None

    def organiser_scope(self, request: HttpRequest) -> Q:
        return Q(**{f"{self.dialogue_lookup}__in": dialogues_organised_by(request.user)})

    def host_scope(self, request: HttpRequest) -> Q:
        if self.site_lookup is None:
            return Q(pk__in=[])
        return Q(**{f"{self.site_lookup}__in": sites_hosted_by(request.user)})

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(self.organiser_scope(request) | self.host_scope(request)).distinct()

    def _in_scope(self, request: HttpRequest, obj: Any, scope: Q) -> bool:
        return bool(
            request.user.is_superuser
            or self.model._default_manager.filter(scope, pk=obj.pk).exists()
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_organiser(request) or (self.site_lookup is not None and is_host(request))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_module_permission(request)
        return self._in_scope(
            request, obj, self.organiser_scope(request) | self.host_scope(request)
        )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_organiser(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return is_organiser(request)
        return self._in_scope(request, obj, self.organiser_scope(request))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        related = db_field.related_model
        if not request.user.is_superuser and hasattr(related, "_meta"):
            limit = scoped_choices(related._meta.label, request)
            if limit is not None:
                kwargs["queryset"] = limit
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def scoped_choices(label: str, request: HttpRequest) -> QuerySet[Any] | None:
    """Foreign-key choices an organiser may pick from: their own dialogues and what hangs off them."""
    from polyvox.dialogues.models import Session, Site

    organised = dialogues_organised_by(request.user)
    choices: dict[str, QuerySet[Any]] = {
        "dialogues.Dialogue": organised,
        "dialogues.Site": Site.objects.filter(dialogue__in=organised),
        "dialogues.Session": Session.objects.filter(dialogue__in=organised),
    }
    return choices.get(label)


class ScopedInline(TranslatedTextAdminMixin, admin.StackedInline):  # type: ignore[type-arg]
    """Inlines of a scoped parent: only the parent's organisers may change them.

    Stacked, not tabular: Django's tabular inlines give their fields no label, which
    screen readers need (axe: label, select-name)."""

    extra = 0

    def _parent_organiser(self, request: HttpRequest) -> bool:
        return is_organiser(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._parent_organiser(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._parent_organiser(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._parent_organiser(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._parent_organiser(request)
