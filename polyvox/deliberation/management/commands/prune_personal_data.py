"""`polyvox prune_personal_data [--dry-run]`: erase the volunteers whose dialogue's retention
period has ended. Safe to run from cron as often as you like; prints counts, never names.

    # every night at 03:10
    10 3 * * *  cd /srv/polyvox && .venv/bin/polyvox prune_personal_data
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from polyvox.deliberation.personal_data import people_prune


class Command(BaseCommand):
    help = (
        "Erase the names and contacts of volunteers whose dialogue ended longer ago than its "
        "retention period; anonymous answers are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="count who would be erased, change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = people_prune(dry_run=options["dry_run"])
        verb = "would erase" if report.dry_run else "erased"
        for slug, count in report.per_dialogue.items():
            self.stdout.write(f"{slug}: {verb} {count} people")
        self.stdout.write(f"Total: {verb} {report.total} people")
