from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value: float | None, digits: int = 0) -> str:
    """0.4567 -> "46 %" in the reader's number format; "–" where there is no figure."""
    if value is None:
        return "–"
    return f"{number_format(round(value * 100, digits), decimal_pos=digits)} %"


@register.filter
def share_of(part: int, whole: int) -> float | None:
    return part / whole if whole else None
