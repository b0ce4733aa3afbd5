from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet

from polyvox.accounts.models import AnyUser, Membership, Role, User


def membership_list_for_user(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("dialogue", "site")
        .order_by("dialogue__slug", "role", "site__city")
    )


def memberships_of(user: AnyUser) -> QuerySet[Membership]:
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user_id=user.pk)


def organised_dialogue_ids(user: AnyUser) -> QuerySet[Membership, Any]:
    """Ids of the dialogues the user organises (a subquery); superusers are not special here."""
    return memberships_of(user).filter(role=Role.ORGANISER).values("dialogue_id")


def hosted_site_ids(user: AnyUser) -> QuerySet[Membership, Any]:
    return memberships_of(user).filter(role=Role.HOST).values("site_id")


def staffed_site_ids(user: AnyUser) -> QuerySet[Membership, Any]:
    """Sites where the user works on the day as host, facilitator or note-taker."""
    roles = [Role.HOST, Role.FACILITATOR, Role.NOTE_TAKER]
    return memberships_of(user).filter(role__in=roles).values("site_id")


def observed_dialogue_ids(user: AnyUser) -> QuerySet[Membership, Any]:
    """Dialogues the user observes as a whole (an observer membership without a site)."""
    return memberships_of(user).filter(role=Role.OBSERVER, site__isnull=True).values("dialogue_id")


def observed_site_ids(user: AnyUser) -> QuerySet[Membership, Any]:
    """Sites the user observes alone (an observer membership naming a site)."""
    return memberships_of(user).filter(role=Role.OBSERVER, site__isnull=False).values("site_id")


def observer_dialogue_ids(user: AnyUser) -> QuerySet[Membership, Any]:
    """Dialogues the user observes, as a whole or at one of their sites."""
    return memberships_of(user).filter(role=Role.OBSERVER).values("dialogue_id")


# The roles of a signed-in user, read by polyvox.dialogues.observers on every request. They
# are cached (filled at login, dropped when a membership changes, and at most this old) so
# staff pages cost no extra query. The cache only ever restricts: what a user may open is
# decided by the access functions, which read memberships from the database.
ROLES_CACHE_SECONDS = 60


def roles_cache_key(user_id: int) -> str:
    return f"polyvox:roles:{user_id}"


def cached_roles(user: AnyUser) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    key = roles_cache_key(user.pk)
    roles: list[str] | None = cache.get(key)
    if roles is None:
        roles = sorted(set(memberships_of(user).values_list("role", flat=True)))
        cache.set(key, roles, ROLES_CACHE_SECONDS)
    return frozenset(roles)


def is_observer_only(user: AnyUser) -> bool:
    """Observers who have no other role anywhere: they may change nothing at all."""
    roles = cached_roles(user)
    return bool(roles) and roles <= {Role.OBSERVER} and not user.is_superuser
