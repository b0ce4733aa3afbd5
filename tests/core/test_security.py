"""Headers, hashing and login lockout that protect every page."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import identify_hasher
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from polyvox.accounts.models import User
from polyvox.demo import dialogue as demo
from tests.client import Response
from tests.conftest import World

pytestmark = pytest.mark.django_db
WRONG = "not-the-password"


@pytest.fixture
def lockout_settings(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    settings.AXES_FAILURE_LIMIT = 3


def login(
    client: Client, url: str, username: str, password: str, address: str = "203.0.113.7"
) -> Response:
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.parametrize(
    "path", ["/en/", "/fr/dialogues/future-of-the-internet/", "/en/login/", "/api/v1/docs"]
)
def test_every_page_carries_the_protective_headers(client: Client, path: str) -> None:
    demo.load()
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/en/", "/fr/dialogues/future-of-the-internet/", "/en/login/"])
def test_pages_have_no_inline_script(client: Client, path: str) -> None:
    demo.load()
    html = client.get(path).content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts
    assert all("src=" in tag for tag in scripts)


def test_passwords_are_hashed_with_argon2(lockout_settings: None) -> None:
    user = User.objects.create_user(
        username="ada", email="ada@example.org", password="a long passphrase"
    )
    assert identify_hasher(user.password).algorithm == "argon2"


@pytest.mark.parametrize("url_name", ["accounts:login", "admin:login"])
def test_repeated_failures_lock_the_account(
    world: World, client: Client, lockout_settings: None, url_name: str
) -> None:
    user = world.users["organiser"]
    user.set_password("the right password")
    user.save()
    url = reverse(url_name)
    for _attempt in range(2):
        assert login(client, url, "organiser", WRONG).status_code == 200
    assert login(client, url, "organiser", WRONG).status_code == 429  # the limit is reached
    locked = login(client, url, "organiser", "the right password")
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()


def test_one_persons_failures_do_not_lock_others_at_the_same_venue(
    world: World, client: Client, lockout_settings: None
) -> None:
    for name in ("organiser", "host"):
        world.users[name].set_password("the right password")
        world.users[name].save()
    url = reverse("accounts:login")
    for _attempt in range(3):
        login(client, url, "organiser", WRONG)
    response = login(client, url, "host", "the right password")
    assert response.status_code == 302


def login_through(
    client: Client, username: str, password: str, *, proxy: str, forwarded: str
) -> Response:
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_a_forged_forwarded_address_cannot_lock_someone_else(
    world: World, client: Client, lockout_settings: None, settings: Settings
) -> None:
    settings.TRUSTED_PROXIES = 0
    user = world.users["organiser"]
    user.set_password("the right password")
    user.save()
    # No proxy is trusted: the attacker claims to be the organiser's address.
    for _attempt in range(3):
        login_through(client, "organiser", WRONG, proxy="198.51.100.66", forwarded="192.0.2.10")
    response = login(
        client, reverse("accounts:login"), "organiser", "the right password", "192.0.2.10"
    )
    assert response.status_code == 302
    assert AccessAttempt.objects.get().ip_address == "198.51.100.66"


def test_behind_a_proxy_the_forwarded_address_is_the_one_locked(
    world: World, client: Client, lockout_settings: None, settings: Settings
) -> None:
    settings.TRUSTED_PROXIES = 1
    user = world.users["organiser"]
    user.set_password("the right password")
    user.save()
    proxy = "10.0.0.2"
    # The attacker forges a first X-Forwarded-For entry; the proxy appends what it saw.
    for _attempt in range(3):
        login_through(
            client, "organiser", WRONG, proxy=proxy, forwarded="192.0.2.10, 198.51.100.66"
        )
    locked = login_through(
        client, "organiser", "the right password", proxy=proxy, forwarded="198.51.100.66"
    )
    assert locked.status_code == 429
    # The organiser, through the same proxy from their own address, still logs in.
    response = login_through(
        client, "organiser", "the right password", proxy=proxy, forwarded="192.0.2.10"
    )
    assert response.status_code == 302
    assert AccessAttempt.objects.get().ip_address == "198.51.100.66"
