"""Anonymous endpoints slow down floods without locking out a venue that shares one address."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from pytest_django import Settings

from polyvox.core.ratelimit import Rate, client_address, rate_limited


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def code_of(request: HttpRequest) -> str | None:
    return request.POST.get("code")


@rate_limited("test", per_address=Rate(300, 60), per_person=Rate(3, 60), person=code_of)
def vote(request: HttpRequest) -> HttpResponse:
    return HttpResponse("recorded")


def post(code: str, address: str = "198.51.100.20") -> HttpResponse:
    return vote(RequestFactory().post("/vote", {"code": code}, REMOTE_ADDR=address))


def test_one_person_hammering_is_stopped_with_retry_after() -> None:
    assert [post("AAAA").status_code for _ in range(3)] == [200, 200, 200]
    refused = post("AAAA")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"


def test_two_hundred_citizens_behind_one_address_all_get_through() -> None:
    statuses = {post(f"CODE{number}").status_code for number in range(200)}
    assert statuses == {200}


def test_a_flood_from_one_address_is_stopped() -> None:
    statuses = [post(f"CODE{number}").status_code for number in range(301)]
    assert statuses[:300] == [200] * 300
    assert statuses[300] == 429


def test_limits_can_be_switched_off(settings: Settings) -> None:
    settings.RATE_LIMITS_ENABLED = False
    assert {post("AAAA").status_code for _ in range(10)} == {200}


def test_address_behind_a_trusted_proxy(settings: Settings) -> None:
    settings.TRUSTED_PROXIES = 1
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.1", REMOTE_ADDR="10.0.0.2"
    )
    assert client_address(request) == "10.0.0.1"
    settings.TRUSTED_PROXIES = 0
    assert client_address(request) == "10.0.0.2"
