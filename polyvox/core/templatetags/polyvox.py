from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from polyvox.core import design, formats
from polyvox.core.translation import TranslatedText, language_name, pick_text

register = template.Library()


@register.filter
def tr(text: TranslatedText | None, fallback: str = "") -> SafeString:
    """A translated text in the reader's language; marked with its own `lang` when it fell back."""
    value = pick_text(text, fallback=fallback)
    if not value:
        return SafeString("")
    current = (get_language() or "").split("-")[0]
    shown_in = next(
        (code for code, candidate in (text or {}).items() if candidate == value), current
    )
    if shown_in.split("-")[0] == current:
        return format_html("{}", value)
    # dir=auto: a fallback in another script reads in its own direction (English in Arabic).
    return format_html('<span lang="{}" dir="auto">{}</span>', shown_in, value)


@register.filter
def language_label(code: str) -> str:
    return language_name(code)


@register.filter
def web_address(url: str | None) -> str:
    """The address if it is http(s), else nothing: a javascript: link runs script when
    clicked, and escaping does not stop it. Forms refuse such addresses; rows written
    some other way (an import, a script) are caught here."""
    text = (url or "").strip()
    return text if text.lower().startswith(("https://", "http://")) else ""


# People-facing numbers and dates: one helper (polyvox.core.formats) for every page.
register.filter("local_date", formats.local_date)
register.filter("local_datetime", formats.local_datetime)
register.filter("local_percent", formats.local_percent)
register.filter("wall_time", formats.wall_time)
register.filter("wall_date", formats.wall_date)
register.filter("percentage_points", formats.percentage_points)
register.filter("chance_in_words", formats.chance_in_words)


@register.simple_tag
def design_token(name: str) -> SafeString:
    """A design token's value (`ink`, `font-print`…) for stylesheets that cannot read
    site.css, such as the PDF reports'. Marked safe: the values are our own constants, and
    escaping would turn a font name's quotes into entities a <style> element does not read."""
    return mark_safe(design.css_custom_properties()[f"--{name}"])  # noqa: S308
