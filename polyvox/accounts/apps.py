from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "polyvox.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save

        from polyvox.accounts.models import Membership

        post_save.connect(_forget_roles, sender=Membership, dispatch_uid="forget-roles-save")
        post_delete.connect(_forget_roles, sender=Membership, dispatch_uid="forget-roles-delete")
        user_logged_in.connect(_remember_roles, dispatch_uid="remember-roles")


def _forget_roles(sender: Any, instance: Any, **kwargs: Any) -> None:
    from django.core.cache import cache

    from polyvox.accounts.selectors import roles_cache_key

    cache.delete(roles_cache_key(instance.user_id))


def _remember_roles(sender: Any, user: Any, **kwargs: Any) -> None:
    """Read the roles once at login, so the first page costs no extra query."""
    from django.core.cache import cache

    from polyvox.accounts.selectors import cached_roles, roles_cache_key

    cache.delete(roles_cache_key(user.pk))
    cached_roles(user)
