"""Production must send e-mail through a real server: the console backend would write
every invitation's voting code and every self-service data link into the server log."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_django import Settings

from polyvox.core.checks import check_real_email

ROOT = Path(__file__).parents[2]
PRODUCTION = {
    "POLYVOX_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
    "ALLOWED_HOSTS": "polyvox.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def deploy_check(**email: str) -> subprocess.CompletedProcess[str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        # Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never does.
        if not name.startswith("EMAIL_") and name != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "-m", "polyvox.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env={**environment, **PRODUCTION, **email},
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_production_without_an_email_server_fails_the_deploy_check() -> None:
    result = deploy_check()
    assert result.returncode != 0
    assert "polyvox.E002" in result.stderr


def test_production_with_an_email_server_passes_the_deploy_check() -> None:
    result = deploy_check(EMAIL_HOST="smtp.example.org")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("backend", ["console", "filebased", "locmem", "dummy"])
def test_backends_that_keep_messages_on_the_server_are_refused(
    settings: Settings, backend: str
) -> None:
    settings.EMAIL_BACKEND = f"django.core.mail.backends.{backend}.EmailBackend"
    settings.EMAIL_HOST = "smtp.example.org"
    assert [error.id for error in check_real_email(None)] == ["polyvox.E001"]


def test_smtp_needs_a_host(settings: Settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = ""
    assert [error.id for error in check_real_email(None)] == ["polyvox.E002"]
    settings.EMAIL_HOST = "smtp.example.org"
    assert check_real_email(None) == []
