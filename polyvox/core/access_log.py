"""The web server's access log names the route, never the path a visitor requested.

Paths carry credentials and personal data: invitation tokens, voting codes from QR cards,
signed self-service links, anything a visitor types into the address bar. Logging the URL
pattern ("en/vote/<str:code>/") keeps the log useful for operations without them.
"""

from __future__ import annotations

from typing import Any

from django.urls import Resolver404, resolve
from gunicorn.glogging import Logger

UNMATCHED = "<no route>"


def route_of(path: str) -> str:
    """The URL pattern that serves `path`, or a placeholder when none does."""
    try:
        return "/" + resolve(path).route
    except Resolver404:
        return UNMATCHED


class RouteOnlyLogger(Logger):  # type: ignore[misc]
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        atoms = super().atoms(resp, req, environ, request_time)
        # The path, the request line, the query and the referrer may each hold a token.
        atoms["U"] = route_of(environ.get("PATH_INFO") or "/")
        atoms["r"] = f"{environ['REQUEST_METHOD']} {atoms['U']}"
        atoms["q"] = atoms["f"] = "-"
        return atoms
