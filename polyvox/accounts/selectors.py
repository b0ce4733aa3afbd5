from __future__ import annotations

from django.db.models import QuerySet

from polyvox.accounts.models import Membership, User


def membership_list_for_user(*, user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("dialogue", "site")
        .order_by("dialogue__slug", "role", "site__city")
    )
