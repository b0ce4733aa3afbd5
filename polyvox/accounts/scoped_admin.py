"""Admin classes that show each organiser and host only their own dialogues and sites.

Permissions come from memberships, not from Django's per-model permissions, so giving
someone a role is all it takes to give them the right screens. Scopes are written as
lookups through the models' relations (`dialogue_id`, `site_id`), so this module needs
no dialogue model and every app's admin, from accounts up, can use it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from polyvox.accounts.models import User
from polyvox.accounts.selectors import hosted_site_ids, organised_dialogue_ids
from polyvox.core.admin_mixins import DEFAULT_LANGUAGES, TranslatedTextAdminMixin

__all__ = [
    "DEFAULT_LANGUAGES",
    "AccountField",
    "ScopedAdmin",
    "ScopedInline",
    "is_host",
    "is_organiser",
    "scoped_list_filter",
]


def is_organiser(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_superuser or organised_dialogue_ids(user).exists())


def is_host(request: HttpRequest) -> bool:
    """Hosts, and organisers of a dialogue that has sites (they may run every site of it)."""
    user = request.user
    if user.is_superuser:
        return True
    organises_sites = organised_dialogue_ids(user).filter(dialogue__sites__isnull=False)
    return hosted_site_ids(user).exists() or organises_sites.exists()


class ScopedAdmin(TranslatedTextAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """`dialogue_lookup` leads from the model to its dialogue; `site_lookup` to its site, for
    models that hosts may see and change."""

    dialogue_lookup = "dialogue"
    site_lookup: str | None = None

    def organiser_scope(self, request: HttpRequest) -> Q:
        organised = organised_dialogue_ids(request.user)
        return Q(**{f"{self.dialogue_lookup}__in": organised})

    def host_scope(self, request: HttpRequest) -> Q:
        """Sites the user hosts, and every site of a dialogue they organise."""
        if self.site_lookup is None:
            return Q(pk__in=[])
        hosted = Q(**{f"{self.site_lookup}__in": hosted_site_ids(request.user)})
        # From the site to its dialogue ("id" means the model is the site itself).
        to_dialogue = (
            "dialogue" if self.site_lookup in ("id", "pk") else f"{self.site_lookup}__dialogue"
        )
        organised = organised_dialogue_ids(request.user)
        return hosted | Q(**{f"{to_dialogue}__in": organised})

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

    def get_list_filter(self, request: HttpRequest) -> Any:
        return scoped_list_filter(self.model, super().get_list_filter(request))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        related = db_field.related_model
        if not request.user.is_superuser and hasattr(related, "_meta"):
            limit = scoped_choices(related, request)
            if limit is not None:
                kwargs["queryset"] = limit
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def scoped_list_filter(model: type[models.Model], list_filter: Any) -> list[Any]:
    """Filters on a relation offer only the related rows the list itself shows.

    Django's default related filter lists every row of the related table: a host's
    volunteer list would link to, and so name, every other organiser's draft dialogue.
    """
    scoped: list[Any] = []
    for entry in list_filter:
        if isinstance(entry, str) and get_fields_from_path(model, entry)[-1].is_relation:
            entry = (entry, admin.RelatedOnlyFieldListFilter)
        scoped.append(entry)
    return scoped


# Foreign keys whose choices are limited to the user's own dialogues: model label, and
# the lookups from that model to a dialogue's id (any of them will do).
SCOPED_CHOICES = {
    "dialogues.Dialogue": ["id"],
    "dialogues.Site": ["dialogue_id"],
    "dialogues.Session": ["dialogue_id"],
    "dialogues.Question": ["session__dialogue_id"],
    # People who already have a role in one of them; others are named exactly (AccountField).
    "accounts.User": ["memberships__dialogue_id"],
    # Organisations taking part in one of them (partners, hosts, the organiser).
    "dialogues.Organisation": ["partnerships__dialogue_id", "organised_dialogues__id"],
}


def scoped_choices(related: type[models.Model], request: HttpRequest) -> QuerySet[Any] | None:
    """Foreign-key choices an organiser may pick from: their own dialogues and what hangs off them."""
    lookups = SCOPED_CHOICES.get(related._meta.label)
    if lookups is None:
        return None
    organised = organised_dialogue_ids(request.user)
    scope = Q(pk__in=[])
    for lookup in lookups:
        scope |= Q(**{f"{lookup}__in": organised})
    if related._meta.label == "dialogues.Organisation":
        # One just added in the admin takes part in nothing yet: it must be choosable
        # to become a partner at all.
        scope |= Q(partnerships__isnull=True, organised_dialogues__isnull=True)
    return related._default_manager.filter(scope).distinct()


class AccountField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """An account named by its exact username or e-mail address, instead of a list of
    every account on the server."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid_choice": _("No single account has this username or e-mail address."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("The exact username or e-mail address of the account."))
        super().__init__(User.objects.filter(is_active=True), **kwargs)

    def prepare_value(self, value: Any) -> Any:
        # The form's initial value is the account's id; what someone typed is shown as typed.
        if isinstance(value, int):
            return User.objects.filter(pk=value).values_list("username", flat=True).first()
        if isinstance(value, User):
            return value.username
        return value

    def to_python(self, value: Any) -> User | None:
        if value in self.empty_values:
            return None
        name = str(value).strip()
        accounts = User.objects.filter(is_active=True)
        matches = list(accounts.filter(Q(username=name) | Q(email__iexact=name))[:2])
        if len(matches) != 1:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return matches[0]


class ScopedInline(TranslatedTextAdminMixin, admin.StackedInline):  # type: ignore[type-arg]
    """Inlines of a scoped parent: only the parent's organisers may change them.

    Stacked, not tabular: Django's tabular inlines give their fields no label, which
    screen readers need (axe: label, select-name)."""

    extra = 0

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if not request.user.is_superuser:
            limit = scoped_choices(db_field.related_model, request)
            if limit is not None:
                kwargs["queryset"] = limit
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
