"""QR codes on citizens' cards and table lists: scanning one opens the ballot signed in.

The code is drawn here (segno, pure Python) and embedded as inline SVG, so no outside
service ever sees a voting code; the vote page answers a link carrying a code with
`Referrer-Policy: no-referrer` and sends the citizen on to an address without it.
"""

from __future__ import annotations

from urllib.parse import urlencode

import segno
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from polyvox.core.links import reverse_for
from polyvox.deliberation.models import Participant


def vote_url(*, request: HttpRequest, participant: Participant) -> str:
    """The absolute address a citizen's QR code opens, in their language when we have it."""
    path = reverse_for(participant.language, "deliberation:vote-login")
    return request.build_absolute_uri(f"{path}?{urlencode({'code': participant.code})}")


def vote_address(*, request: HttpRequest, participant: Participant) -> str:
    """The vote page's address printed on a citizen's card, in their language."""
    return request.build_absolute_uri(reverse_for(participant.language, "deliberation:vote-login"))


def qr_svg(url: str, *, scale: int = 3) -> SafeString:
    """An inline SVG QR code of `url` (medium error correction: survives a creased card)."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=scale, title=_("QR code to vote"), svgclass="qr", lineclass=None)
    # segno escapes the title and writes only its own markup; the URL is encoded in the
    # drawing, never written as text.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308
