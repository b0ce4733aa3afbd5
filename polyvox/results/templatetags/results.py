from __future__ import annotations

from django import template
from django.utils import formats
from django.utils.translation import gettext, ngettext

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
def points_in_words(difference: float | None) -> str:
    """A difference of two shares in words: -0.11 -> "11 points lower" (percentage
    points: a reader mistakes "−11 %" for a share 11 % smaller)."""
    if difference is None:
        return "–"
    points = round(abs(difference) * 100)
    if points == 0:
        return gettext("about the same")
    number = formats.number_format(points)
    if difference > 0:
        return ngettext("%(points)s point higher", "%(points)s points higher", points) % {
            "points": number
        }
    return ngettext("%(points)s point lower", "%(points)s points lower", points) % {
        "points": number
    }


@register.filter
def difference_in_words(significant: bool) -> str:
    """Whether a difference is likely real (a test at 5 %, or 95 % intervals apart), in words."""
    if significant:
        return gettext("likely a real difference")
    return gettext("could be chance")


@register.simple_tag
def hidden_note(k: int) -> str:
    """What a hidden cell of a breakdown means, said where the cells are."""
    return gettext(
        "“hidden”: fewer than %(k)s people, too few to show without risking that someone "
        "could be recognised."
    ) % {"k": k}


@register.filter
def option_label(options: list[tuple[str, str]], index: int) -> str:
    """The label of a question's option by position (a breakdown's column heading)."""
    return options[index][1] if 0 <= index < len(options) else ""


@register.filter
def theme_words(label_terms: object) -> str:
    """An unnamed theme's label terms as organisers read them ("Public wifi, buses, parks");
    shown in the editor only, never to the public."""
    return theme_title(theme_strings_load(label_terms))
