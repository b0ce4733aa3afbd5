"""The web server's access log names the route, never the path a visitor requested.

Paths carry credentials and personal data: invitation tokens, voting codes from QR cards,
signed self-service links, anything a visitor types into the address bar. Logging the URL
pattern ("en/vote/<str:code>/") keeps the log useful for operations without them.

With LOG_FORMAT=json (the default in production) each request is one JSON line (see
polyvox.core.logs): route, method, status, duration and the request id, nothing else.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.conf import settings
from django.urls import Resolver404, resolve
from gunicorn.glogging import Logger

UNMATCHED = "<no route>"
STATIC_ROUTE = "/static/<file>"


def route_of(path: str) -> str:
    """The URL pattern that serves `path`, or a placeholder when none does."""
    try:
        return "/" + resolve(path).route
    except Resolver404:
        # Static files are whitenoise's, outside the URL map.
        return STATIC_ROUTE if path.startswith(settings.STATIC_URL) else UNMATCHED


def request_line(resp: Any, environ: dict[str, Any], request_time: datetime.timedelta) -> str:
    """The request as one JSON object: no path, query, referrer, user agent or address."""
    headers = {str(name).lower(): str(value) for name, value in resp.headers}
    line = {
        "time": datetime.datetime.now(tz=datetime.UTC).isoformat(timespec="milliseconds"),
        "event": "request",
        "request_id": headers.get("x-request-id", "-"),
        "method": environ.get("REQUEST_METHOD", "-"),
        "route": route_of(environ.get("PATH_INFO") or "/"),
        "status": int(str(resp.status).split(" ", 1)[0]),
        "duration_ms": round(request_time.total_seconds() * 1000, 1),
        "bytes": getattr(resp, "sent", 0),
    }
    return json.dumps(line)


class RouteOnlyLogger(Logger):  # type: ignore[misc]
    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        if settings.LOG_FORMAT == "json":
            # gunicorn's own lines (workers booting, timeouts) as JSON objects too.
            from polyvox.core.logs import JsonFormatter

            for handler in self.error_log.handlers:
                handler.setFormatter(JsonFormatter())

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        atoms = super().atoms(resp, req, environ, request_time)
        # The path, the request line, the query and the referrer may each hold a token.
        atoms["U"] = route_of(environ.get("PATH_INFO") or "/")
        atoms["r"] = f"{environ['REQUEST_METHOD']} {atoms['U']}"
        atoms["q"] = atoms["f"] = "-"
        return atoms

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if settings.LOG_FORMAT != "json":
            super().access(resp, req, environ, request_time)
        elif self.access_log_enabled:
            self.access_log.info(request_line(resp, environ, request_time))
