"""Online rooms: a site's room template, checked, and the link it makes for a table.

Any video-call service works (Jitsi Meet, BigBlueButton, Zoom…): a room is only an
address, made from the site's template or pasted per table; no vendor API, no keys.
"""

from __future__ import annotations

from string import Formatter

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

PLACEHOLDERS = frozenset({"table", "session"})
_https = URLValidator(schemes=["https"])


def validate_https_url(value: str) -> None:
    """Rooms and videos open from a citizen's phone: https only, so nobody on the café
    Wi-Fi reads or rewrites where they go."""
    try:
        _https(value)
    except ValidationError:
        raise ValidationError(_("Enter a full https:// address."), code="not_https") from None


def validate_room_template(value: str) -> None:
    """An https address where only {table} and {session} may appear between braces."""
    try:
        parts = list(Formatter().parse(value))
    except ValueError:
        raise ValidationError(
            _("Braces must enclose {table} or {session}."), code="braces"
        ) from None
    for literal, field, spec, conversion in parts:
        if "{" in literal or "}" in literal:
            raise ValidationError(_("Braces must enclose {table} or {session}."), code="braces")
        if field is None:
            continue
        if field not in PLACEHOLDERS or spec or conversion:
            raise ValidationError(
                _("Unknown placeholder {%(name)s}: use {table} or {session}."),
                params={"name": field},
                code="placeholder",
            )
    validate_https_url(room_from_template(value, table=1, session="s"))


def room_from_template(template: str, *, table: int, session: str) -> str:
    """The room of a table in a session; the template was checked when it was saved."""
    return template.format(table=table, session=session)
