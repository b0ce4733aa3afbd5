"""TEMPORARY aliases (issue #11): the scoped admin classes moved to
polyvox.accounts.scoped_admin (scopes come from memberships) and the translated-text
mixin to polyvox.core.admin_mixins. Remove once recruitment and consultation import
them from there (and drop this module's import-linter ignore_imports entry)."""

from polyvox.accounts.scoped_admin import (
    DEFAULT_LANGUAGES,
    ScopedAdmin,
    ScopedInline,
    is_host,
    is_organiser,
)

__all__ = ["DEFAULT_LANGUAGES", "ScopedAdmin", "ScopedInline", "is_host", "is_organiser"]
