"""Keeps what visitors typed out of Django's request log.

`django.request` logs the path of every 4xx and 5xx response and, for a 500, the exception:
a path can hold an email someone typed or an invitation token, a form value can end up in
an exception message, and PostgreSQL quotes the whole offending row in its errors ("DETAIL:
Failing row contains (…)"). This filter replaces the path with its URL pattern, blanks
every submitted value wherever it appears, and drops the detail lines of database errors,
keeping the exception's type and traceback for whoever debugs it.

No model imports here: logging is configured before the apps are loaded.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from django.db import DatabaseError
from django.http import HttpRequest, QueryDict
from django.urls import Resolver404, resolve

REDACTED = "[withheld]"
# Shorter values (a checkbox's "on", a language code) say nothing about anyone.
SHORTEST_REDACTED = 3


class RedactedError(Exception):
    """Stands in for a logged exception whose message may have held personal data."""


def _route(request: HttpRequest) -> str:
    try:
        return "/" + resolve(request.path_info).route
    except Resolver404:
        return "[unmatched path]"


def _submitted_values(request: HttpRequest) -> list[str]:
    values = [request.path]
    # The form only if the view parsed it: parsing a body here could fail (a malformed
    # upload is often why there is something to log) or consume the stream.
    parsed_form = request.__dict__.get("_post")
    for query in (request.GET, parsed_form or QueryDict()):
        values += [value for _key, items in query.lists() for value in items]
    values += [segment for segment in request.path.split("/") if segment]
    # Longest first, so a value is not half-replaced through a shorter one it contains.
    return sorted({v for v in values if len(v) >= SHORTEST_REDACTED}, key=len, reverse=True)


def _scrub(text: str, values: list[str]) -> str:
    for value in values:
        text = text.replace(value, REDACTED)
    return text


def _exception_text(error: BaseException) -> str:
    text = "".join(traceback.format_exception(error))
    if isinstance(error, DatabaseError):
        # Keep each error line's first line; PostgreSQL's DETAIL lines quote the row.
        text = "\n".join(line for line in text.splitlines() if not line.startswith("DETAIL:"))
    return text


class RedactRequestDetails(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if not isinstance(request, HttpRequest):
            return True
        try:
            self._redact(record, request)
        except Exception:  # a log filter must never break the request it logs
            record.msg, record.args = "%s response; details withheld", (record.levelname,)
            record.exc_info, record.exc_text = None, None
        return True

    def _redact(self, record: logging.LogRecord, request: HttpRequest) -> None:
        values = _submitted_values(request)
        route = _route(request)
        record.msg = _scrub(str(record.msg), values)
        if isinstance(record.args, tuple):
            record.args = tuple(self._arg(arg, request.path, route, values) for arg in record.args)
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            record.exc_text = _scrub(_exception_text(error), values)
            summary = _scrub(_exception_text(error).strip().splitlines()[-1], values)
            record.exc_info = (RedactedError, RedactedError(summary), record.exc_info[2])

    @staticmethod
    def _arg(arg: Any, path: str, route: str, values: list[str]) -> Any:
        if arg == path:
            return route
        return _scrub(arg, values) if isinstance(arg, str) else arg
