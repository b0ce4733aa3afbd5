"""`polyvox consultation_import DIR --dialogue SLUG --title ...`: a Polis conversation in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from polyvox.consultation import services
from polyvox.consultation.models import Consultation
from polyvox.dialogues.models import Dialogue
from polyvox.engines.opinion.formats import OpinionInputError


class Command(BaseCommand):
    help = (
        "Import a Polis openData CSV folder (comments.csv, votes.csv) or a Polis API dump "
        "(comments.json, votes.json) as a new consultation of a dialogue. All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--dialogue", required=True, help="slug of the dialogue")
        parser.add_argument("--title", required=True)
        parser.add_argument("--slug", help="address name (default: the folder's name)")
        parser.add_argument("--language", default="en", help="language of the statements")
        parser.add_argument("--attribution", default="", help="source and licence to show")
        parser.add_argument(
            "--status", default=Consultation.Status.CLOSED, choices=Consultation.Status.values
        )
        parser.add_argument("--compute", action="store_true", help="compute the map now")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        try:
            dialogue = Dialogue.objects.get(slug=options["dialogue"])
        except Dialogue.DoesNotExist:
            raise CommandError(f"--dialogue: no dialogue {options['dialogue']!r}") from None
        slug = options["slug"] or folder.name.replace(".", "-").lower()
        try:
            consultation = services.consultation_import(
                folder=folder,
                dialogue=dialogue,
                slug=slug,
                title=options["title"],
                language=options["language"],
                attribution=options["attribution"],
                status=options["status"],
            )
        except (OpinionInputError, services.ConsultationError) as error:
            raise CommandError(str(error)) from None
        counts = f"{consultation.statements.count()} statements, {consultation.participants.count()} participants"
        self.stdout.write(self.style.SUCCESS(f"Imported {slug}: {counts}"))
        if options["compute"]:
            summary = services.consultation_recompute(consultation_id=consultation.id)
            self.stdout.write(f"Opinion map: {summary.groups} groups in {summary.seconds} s")
