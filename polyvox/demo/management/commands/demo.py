"""`polyvox demo`: loads the demo dialogue and its people. Safe to run again."""

from __future__ import annotations

from typing import Any, Protocol

from django.core.management.base import BaseCommand
from django.db import transaction

from polyvox.demo import (
    accounts,
    consultation,
    deliberation,
    dialogue,
    evaluation,
    online,
    recruitment,
    results,
    written,
)
from polyvox.demo.guard import refuse_production
from polyvox.dialogues.models import Dialogue


class Stage(Protocol):
    def __call__(self, *, dialogue: Dialogue) -> None: ...


# Each stage of a dialogue adds its part of the demo, in the order data flows.
DEMO_STAGES: list[tuple[str, Stage]] = [
    ("recruitment", recruitment.load),
    ("deliberation", deliberation.load),
    ("online rooms and materials", online.load),
    # Before the results, so the demo's global PDF shows the approved written report.
    ("written reports and impact", written.load),
    ("evaluation", evaluation.load),
    ("results", results.load),
    ("consultation", consultation.load),
]


class Command(BaseCommand):
    help = (
        "Load the demo dialogue with an organiser, a national host, a facilitator and an observer."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_production("The demo has well-known passwords")
        with transaction.atomic():
            demo_dialogue: Dialogue = dialogue.load()
            logins = accounts.load(dialogue=demo_dialogue)
            for stage, load in DEMO_STAGES:
                self.stdout.write(f"Loading the demo's {stage}…")
                load(dialogue=demo_dialogue)
        self.stdout.write(self.style.SUCCESS(f"Loaded the demo dialogue: {demo_dialogue}"))
        self.stdout.write("Log in at /en/login/ with:")
        for login in logins:
            self.stdout.write(
                f"  {login.role:<12} {login.username:<12} password: {login.password}   ({login.scope})"
            )
