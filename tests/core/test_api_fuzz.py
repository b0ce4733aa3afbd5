"""Every endpoint of the JSON API, fed generated input from its own OpenAPI schema:
no server error, ever, and every answer is one the document lists (status, content type,
body schema). New endpoints are covered as soon as they are in the schema.

In process and fast; CI also runs schemathesis with all its checks against a running
server (tests/api/schemathesis_run.sh)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from polyvox.wsgi import application
from tests.conftest import World

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Calling the WSGI application sends request signals that close stale connections;
    Django's test client turns that off, and so must we, or PostgreSQL's test
    transaction would be closed under the test."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_fails_with_a_server_error(case: schemathesis.Case[Any], world: World) -> None:
    # A savepoint per call, so that on PostgreSQL one failed statement cannot hide the next.
    # Uncompressed: the WSGI transport hands the body over as sent, undecoded (the gzip
    # middleware is tested in tests/results/test_compression.py).
    with transaction.atomic():
        response = case.call(headers={"Accept-Encoding": "identity"})
    assert response.status_code < 500, response.text[:500]
    case.validate_response(
        response,
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
