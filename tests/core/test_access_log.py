"""The server's access log keeps routes for operations and drops the tokens in paths."""

from __future__ import annotations

import datetime
import json
import logging
import re
from types import SimpleNamespace

import pytest
from django.test import Client
from gunicorn.config import Config
from pytest_django import Settings

from polyvox.core.access_log import UNMATCHED, RouteOnlyLogger
from polyvox.core.logs import JsonFormatter
from polyvox.jobs.models import Job
from polyvox.jobs.registry import ProgressReporter, job_handler
from polyvox.jobs.runner import job_run

TOKEN = "s3cr3t-invitation-token"


def access_line(path: str, query: str = "") -> str:
    logger = RouteOnlyLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?{query}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_REFERER": f"https://example.org{path}?{query}",
        "REMOTE_ADDR": "192.0.2.1",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, datetime.timedelta(0))
    return " ".join(str(atoms[key]) for key in ("r", "U", "q", "f"))


def test_a_token_in_the_path_is_logged_as_its_route() -> None:
    line = access_line(f"/en/invitations/{TOKEN}/")

    assert TOKEN not in line
    assert "invitations/<str:token>/" in line


def test_query_strings_and_referrers_are_not_logged() -> None:
    line = access_line("/en/vote/", query=f"code={TOKEN}")

    assert TOKEN not in line
    assert "/en/vote/" in line


def test_a_static_file_is_logged_under_one_route() -> None:
    line = access_line("/static/core/site.4f2a9c.css")

    assert "/static/<file>" in line
    assert "site.4f2a9c" not in line


def test_an_unknown_path_is_not_echoed() -> None:
    line = access_line(f"/en/no-such-page/{TOKEN}")

    assert TOKEN not in line
    assert UNMATCHED in line


# --- LOG_FORMAT=json (production): one JSON object per request -----------------------------


def json_access_line(
    settings: Settings, path: str, query: str = "", request_id: str = "abc123def456"
) -> str:
    settings.LOG_FORMAT = "json"
    config = Config()
    config.set("accesslog", "-")
    logger = RouteOnlyLogger(config)
    lines: list[str] = []
    logger.access_log = SimpleNamespace(info=lambda message, *args: lines.append(message))
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": f"{path}?{query}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_REFERER": f"https://example.org{path}?{query}",
        "HTTP_USER_AGENT": "Mozilla/5.0 (Jane Doe's phone)",
        "REMOTE_ADDR": "192.0.2.1",
    }
    response = SimpleNamespace(
        status="201 Created", sent=42, headers=[("X-Request-ID", request_id)]
    )
    logger.access(
        response, SimpleNamespace(headers=[]), environ, datetime.timedelta(seconds=0.0125)
    )
    assert len(lines) == 1
    return lines[0]


def test_a_json_line_carries_route_method_status_duration_and_request_id(
    settings: Settings,
) -> None:
    line = json.loads(json_access_line(settings, f"/en/invitations/{TOKEN}/"))

    assert line == {
        "time": line["time"],
        "event": "request",
        "request_id": "abc123def456",
        "method": "POST",
        "route": "/en/invitations/<str:token>/",
        "status": 201,
        "duration_ms": 12.5,
        "bytes": 42,
    }


def test_a_json_line_has_no_path_query_referrer_agent_or_address(settings: Settings) -> None:
    line = json_access_line(settings, f"/en/my-data/{TOKEN}/", query=f"code={TOKEN}")

    for secret in (TOKEN, "192.0.2.1", "Jane Doe", "example.org", "code="):
        assert secret not in line


def test_gunicorn_s_own_lines_are_json_too(settings: Settings) -> None:
    settings.LOG_FORMAT = "json"
    config = Config()
    config.set("errorlog", "-")
    logger = RouteOnlyLogger(config)
    handlers = [h for h in logger.error_log.handlers if getattr(h, "_gunicorn", False)]
    record = logging.LogRecord(
        "gunicorn.error", logging.INFO, __file__, 1, "Booting %s", ("w",), None
    )

    assert handlers
    for handler in handlers:
        assert json.loads(handler.format(record))["message"] == "Booting w"


# --- Request ids ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "offered", "kept"),
    [
        (1, "f3a9c2e1-77aa-4c1e-9b1d-0c2d3e4f5a6b", True),
        (0, "f3a9c2e1-77aa-4c1e-9b1d-0c2d3e4f5a6b", False),  # no proxy: the client made it up
        (1, "short", False),
        (1, "x" * 65, False),
        (1, '"}{"admin":true', False),  # not an id: nothing to inject into a log line
    ],
)
def test_a_request_id_is_taken_only_from_a_trusted_proxy(
    settings: Settings, proxies: int, offered: str, kept: bool
) -> None:
    settings.TRUSTED_PROXIES = proxies
    response = Client().get("/healthz", HTTP_X_REQUEST_ID=offered)

    assert (response["X-Request-ID"] == offered) is kept
    assert re.fullmatch(r"[A-Za-z0-9._-]{8,64}", response["X-Request-ID"])


def test_each_request_gets_its_own_id() -> None:
    client = Client()

    assert client.get("/healthz")["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


# --- Every other record, and jobs ----------------------------------------------------------


def test_the_json_formatter_keeps_only_known_fields() -> None:
    record = logging.LogRecord(
        "polyvox.jobs.runner", logging.INFO, __file__, 1, "Job %s", ("x",), None
    )
    record.__dict__.update({"event": "job", "job_id": "x", "email": "jane@example.org"})

    line = json.loads(JsonFormatter().format(record))

    assert line["message"] == "Job x"
    assert line["event"] == "job"
    assert "email" not in line
    assert "jane@example.org" not in json.dumps(line)


@job_handler("tests.logged")
def logged_job(params: dict[str, object], report: ProgressReporter) -> dict[str, object]:
    return {"n": 1}


@pytest.mark.django_db
def test_a_job_attempt_ends_with_one_structured_line(caplog: pytest.LogCaptureFixture) -> None:
    job = Job.objects.create(kind="tests.logged", params={"name": "Jane Doe"})

    with caplog.at_level(logging.INFO, logger="polyvox.jobs.runner"):
        job_run(job_id=job.id)

    [record] = [r for r in caplog.records if getattr(r, "event", None) == "job"]
    line = json.loads(JsonFormatter().format(record))
    assert {key: line[key] for key in ("event", "job", "job_id", "status", "attempts")} == {
        "event": "job",
        "job": "tests.logged",
        "job_id": str(job.id),
        "status": "succeeded",
        "attempts": 1,
    }
    assert line["duration_ms"] >= 0
    assert "Jane Doe" not in json.dumps(line)
