"""`polyvox api_token USERNAME --name NAME`: issue a Bearer token for the results API.

Only the token's digest is stored, so the token is printed once, here.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from polyvox.accounts.models import User
from polyvox.accounts.tokens import api_token_issue


class Command(BaseCommand):
    help = "Issue an API token for a user (an organiser reads their dialogues' results with it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="what the token is for")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {options['username']!r}.")
        self.stdout.write(api_token_issue(user=user, name=options["name"]))
