"""Configuration comes from the environment and bad values stop start-up with a clear message."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest

PRODUCTION = {
    "POLYVOX_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "DATABASE_URL": "sqlite:////tmp/polyvox-settings-test.sqlite3",
    "ALLOWED_HOSTS": "dialogues.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_HOST": "smtp.example.org",
}


def polyvox(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    inherited = {*PRODUCTION, "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in inherited and not key.startswith("EMAIL_")
    }
    return subprocess.run(
        [sys.executable, "-m", "polyvox.cli", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing: str) -> None:
    env = {key: value for key, value in PRODUCTION.items() if key != missing}
    result = polyvox("check", **env)
    assert result.returncode == 2
    assert f"{missing} must be set when POLYVOX_ENV=production" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("POLYVOX_ENV", "prod", "POLYVOX_ENV='prod' is not one of"),
        ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
        ("DATABASE_URL", "nonsense://x", "DATABASE_URL is not a valid database URL"),
        ("POLYVOX_JOBS", "celery", "POLYVOX_JOBS='celery' is not one of"),
        ("LOG_FORMAT", "xml", "LOG_FORMAT='xml' is not one of"),
        ("METRICS_ALLOWED_IPS", "127.0.0.1,prometheus", "'prometheus' is not an address"),
        ("JOBS_STALLED_SECONDS", "5m", "JOBS_STALLED_SECONDS='5m' is not a whole number"),
    ],
)
def test_malformed_values_are_refused_by_name(variable: str, value: str, message: str) -> None:
    result = polyvox("check", **{variable: value})
    assert result.returncode == 2
    assert message in result.stderr


def test_production_settings_pass_the_deployment_checks() -> None:
    result = polyvox("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_production_with_a_weak_secret_key_fails_the_deployment_checks() -> None:
    result = polyvox(
        "check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "SECRET_KEY": "short"}
    )
    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_production_without_a_shared_cache_fails_the_deployment_checks() -> None:
    env = {key: value for key, value in PRODUCTION.items() if key != "REDIS_URL"}
    result = polyvox("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    assert "polyvox.W001" in result.stderr
