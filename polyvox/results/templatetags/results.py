from __future__ import annotations

from django import template

from polyvox.core.formats import local_percent
from polyvox.results.models import theme_strings_load
from polyvox.results.services import theme_title

register = template.Library()


@register.filter
def percent(value: float | None, digits: int = 0) -> str:
    """0.4567 -> "46 %" in the reader's number format; "–" where there is no figure."""
    return local_percent(value, digits)


@register.filter
def share_of(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@register.filter
def theme_words(label_terms: object) -> str:
    """An unnamed theme's label terms as organisers read them ("Public wifi, buses, parks");
    shown in the editor only, never to the public."""
    return theme_title(theme_strings_load(label_terms))
