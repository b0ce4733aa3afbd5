"""Links that speak their reader's language.

`reverse()` prefixes the language active *now*: a link built while a host's English
request is running sends a French citizen to an /en/ page. Links in emails, QR codes
and printed cards are built for the citizen's language instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def spoken_interface_language(code: str | None) -> str | None:
    """The interface language that speaks `code` ("fr-CA" counts as "fr"), or None."""
    try:
        return translation.get_supported_language_variant((code or "").lower())
    except LookupError:
        return None


def interface_language(*preferences: str | None) -> str:
    """The first of these languages the interface speaks, else the site's default."""
    for preference in preferences:
        if spoken := spoken_interface_language(preference):
            return spoken
    return str(settings.LANGUAGE_CODE)


def reverse_for(language: str, viewname: str, *, args: Sequence[Any] = ()) -> str:
    """The path of `viewname` under `language`'s prefix (/fr/...)."""
    with translation.override(interface_language(language)):
        return reverse(viewname, args=args)
