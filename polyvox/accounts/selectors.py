from __future__ import annotations

from typing import Any

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
