"""Every endpoint of the JSON API, fed generated input from its own OpenAPI schema:
no server error, ever. New endpoints are covered as soon as they are in the schema."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings

from polyvox.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_fails_with_a_server_error(case, world):
    response = case.call()
    assert response.status_code < 500, response.text[:500]
