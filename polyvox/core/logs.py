"""Structured logs: in production, one JSON object per line, for a log platform to read.

Two kinds of lines matter for operations, each with an `event` field:
- "request", written by the web server's access log (polyvox.core.access_log): route
  pattern, method, status, duration and request id; never the path, the query, the
  referrer or the client's address;
- "job", written by the jobs runner when an attempt ends: kind, id, status, duration,
  attempts; never the parameters (they may name people).
Every other log record becomes a JSON line too, with its level, logger and message.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# The fields a record's `extra` may add to its JSON line; anything else stays out, so a
# careless `extra={"person": ...}` cannot put personal data in the log.
STRUCTURED_FIELDS = (
    "event",
    "request_id",
    "method",
    "route",
    "status",
    "duration_ms",
    "bytes",
    "job",
    "job_id",
    "attempts",
)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in STRUCTURED_FIELDS:
            if field in record.__dict__:
                line[field] = record.__dict__[field]
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


# What a proxy's X-Request-ID may look like: an id, not a place to smuggle text into logs.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
REQUEST_ID_HEADER = "X-Request-ID"


def request_id_of(request: HttpRequest) -> str:
    """The id a trusted proxy gave this request, or a new one."""
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    if settings.TRUSTED_PROXIES and REQUEST_ID.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Gives each request an id, returned in X-Request-ID so a citizen's or an operator's
    report can be matched with the log line (the access log reads it from the response)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_of(request)
        request.request_id = request_id  # type: ignore[attr-defined]
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response
