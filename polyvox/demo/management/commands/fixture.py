"""`polyvox fixture ballots --citizens N --out FILE.json`: a voting site for load tests.

Writes what a load generator needs: {"question", "options", "codes", "results_url", "token"}.
Refuses production: it creates an organiser with an API token.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from polyvox.demo.fixtures import ballots_fixture
from polyvox.demo.guard import refuse_production


class Command(BaseCommand):
    help = "Create fixtures: `fixture ballots` makes a voting site with N citizens."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["ballots"])
        parser.add_argument("--citizens", type=int, default=100)
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_production("The fixture creates an organiser with an API token")
        if options["citizens"] < 1:
            self.stderr.write("--citizens must be at least 1")
            raise SystemExit(2)
        data = ballots_fixture(citizens=options["citizens"], base_url=options["base_url"])
        options["out"].write_text(json.dumps(dataclasses.asdict(data)))
        self.stdout.write(
            f"{options['citizens']} citizens, question {data.question}: {options['out']}"
        )
