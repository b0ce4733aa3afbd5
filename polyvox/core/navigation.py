"""Which section of the site a page belongs to, for the header's aria-current.

A context processor rather than `request.resolver_match.namespace` in the template: on a
404 there is no match, and Django's template engine logs the failed lookup at DEBUG with the
unmatched path, which may hold an e-mail address or a token (tests/people: no personal data
in the logs).
"""

from __future__ import annotations

from django.http import HttpRequest


def current_page(request: HttpRequest) -> dict[str, str]:
    match = request.resolver_match
    if match is None:
        return {"nav_section": "", "nav_page": ""}
    return {"nav_section": match.namespace, "nav_page": match.url_name or ""}
