"""The demo and the fixtures create accounts with published passwords or API tokens: never in
production."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError


def refuse_production(what: str) -> None:
    if settings.PRODUCTION:
        raise CommandError(f"{what}: it does not load in production.")
