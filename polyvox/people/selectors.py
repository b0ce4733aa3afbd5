"""Reads of the vault that need only the vault: finding a person.

What spans volunteers and answers (export, who is due for erasure) is in
polyvox.deliberation.personal_data, the layer that sees all of them.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from polyvox.people.models import Person


def people_search(*, people: QuerySet[Person], query: str, limit: int = 50) -> list[Person]:
    """People whose name or email contains the query (at least three characters)."""
    query = query.strip()
    if len(query) < 3:
        return []
    matching = people.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    return list(matching.order_by("full_name", "id")[:limit])
