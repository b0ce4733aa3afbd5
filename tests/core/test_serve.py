"""`polyvox serve` outside production runs with debug pages and the published development
SECRET_KEY: it must not be reachable from other machines."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from gunicorn.app.base import BaseApplication
from pytest_django import Settings


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    # Each run of gunicorn appends the addresses it was told to bind.
    binds: list[list[str]] = []
    monkeypatch.setattr(
        BaseApplication, "run", lambda self: binds.append(self.cfg.settings["bind"].value)
    )
    return binds


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "polyvox.example.org"])  # noqa: S104
def test_it_refuses_a_public_address_outside_production(
    settings: Settings, started: list[list[str]], host: str
) -> None:
    settings.PRODUCTION = False
    with pytest.raises(CommandError, match="outside production"):
        call_command("serve", host=host, port=8123)
    assert started == []


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "[::1]"])
def test_it_serves_on_the_loopback_outside_production(
    settings: Settings, started: list[list[str]], host: str
) -> None:
    settings.PRODUCTION = False
    call_command("serve", host=host, port=8123, stdout=None)
    assert len(started) == 1


def test_production_may_bind_any_address(
    settings: Settings, started: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.PRODUCTION = True
    monkeypatch.setattr(
        "polyvox.core.management.commands.serve.call_command", lambda *args, **kwargs: None
    )
    call_command("serve", host="0.0.0.0", port=8123)  # noqa: S104
    assert started == [["0.0.0.0:8123"]]


def test_production_collects_static_files_only_when_they_changed(
    settings: Settings,
    started: list[list[str]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """A restart skips collectstatic's half minute of CPU when nothing changed since."""
    settings.PRODUCTION = True
    settings.STATIC_ROOT = tmp_path
    collected: list[str] = []
    monkeypatch.setattr(
        "polyvox.core.management.commands.serve.call_command",
        lambda *args, **kwargs: collected.append(args[0]),
    )
    call_command("serve", port=8123)
    assert collected == ["collectstatic"]  # no manifest yet

    manifest = tmp_path / "staticfiles.json"
    manifest.write_text("{}")
    call_command("serve", port=8123)
    assert collected == ["collectstatic"]  # the manifest is newer than every source file

    os.utime(manifest, (0, 0))  # a source file is now newer: an upgrade installed it
    call_command("serve", port=8123)
    assert collected == ["collectstatic", "collectstatic"]
