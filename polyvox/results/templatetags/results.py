from __future__ import annotations

from django import template

from polyvox.core.formats import local_percent

register = template.Library()


@register.filter
def percent(value: float | None, digits: int = 0) -> str:
    """0.4567 -> "46 %" in the reader's number format; "–" where there is no figure."""
    return local_percent(value, digits)


@register.filter
def share_of(part: int, whole: int) -> float | None:
    return part / whole if whole else None
