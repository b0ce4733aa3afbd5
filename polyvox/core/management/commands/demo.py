"""`polyvox demo`: loads the demo dialogue and its people. Safe to run again."""

from __future__ import annotations

import importlib
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from polyvox.core import demo_accounts
from polyvox.dialogues import demo as dialogues_demo

# Each stage of a dialogue adds its part of the demo, in the order data flows.
DEMO_STAGES = ["recruitment", "deliberation", "results", "consultation"]


class Command(BaseCommand):
    help = "Load the demo dialogue with an organiser, a national host and a facilitator."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The demo has well-known passwords: it does not load in production.")
        with transaction.atomic():
            dialogue = dialogues_demo.load()
            logins = demo_accounts.load(dialogue=dialogue)
            for stage in DEMO_STAGES:
                self.stdout.write(f"Loading the demo's {stage}…")
                importlib.import_module(f"polyvox.{stage}.demo").load(dialogue=dialogue)
        self.stdout.write(self.style.SUCCESS(f"Loaded the demo dialogue: {dialogue}"))
        self.stdout.write("Log in at /en/login/ with:")
        for login in logins:
            self.stdout.write(
                f"  {login.role:<12} {login.username:<12} password: {login.password}   ({login.scope})"
            )
