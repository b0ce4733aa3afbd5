"""Small consultations built in the tests: two camps of voters who disagree on half the statements."""

from __future__ import annotations

import csv
from pathlib import Path

from django.utils import timezone

from polyvox.consultation import services
from polyvox.consultation.models import Consultation, Statement
from polyvox.dialogues.models import Dialogue


def make_consultation(
    dialogue: Dialogue,
    slug: str,
    *,
    statements: int = 3,
    status: str = Consultation.Status.OPEN,
    moderation: str = Consultation.Moderation.PRE,
) -> Consultation:
    consultation = Consultation.objects.create(
        dialogue=dialogue,
        slug=slug,
        title={"en": f"Consultation {slug}", "fr": f"Consultation {slug} (fr)"},
        topic={"en": "What should happen next?"},
        status=status,
        moderation=moderation,
    )
    for number in range(1, statements + 1):
        text = f"Statement number {number} of {slug}"
        Statement.objects.create(
            consultation=consultation,
            number=number,
            text={"en": text},
            language="en",
            fingerprint=services.fingerprint(text),
            status=Statement.Status.ACCEPTED,
            created_at=timezone.now(),
        )
    return consultation


def camp_votes(participants: int = 20, statements: int = 8) -> list[tuple[int, int, int, int]]:
    """(timestamp ms, statement, voter, vote): camp A agrees where camp B disagrees, on half."""
    rows = []
    stamp = 1_700_000_000_000
    for voter in range(participants):
        camp = 1 if voter % 2 == 0 else -1
        for statement in range(statements):
            value = camp if statement % 2 == 0 else 1
            if (voter + statement) % 7 == 3:
                value = 0
            stamp += 1000
            rows.append((stamp, statement, voter, value))
    return rows


def write_open_data(folder: Path, *, participants: int = 20, statements: int = 8) -> Path:
    """A Polis openData folder with a re-vote, so votes.csv holds more rows than final votes."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "comments.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["timestamp", "comment-id", "author-id", "moderated", "comment-body"])
        for statement in range(statements):
            moderated = -1 if statement == statements - 1 else 1
            author = statement % participants
            writer.writerow(
                [1_699_999_000_000 + statement, statement, author, moderated, f"Idea {statement}"]
            )
    rows = camp_votes(participants, statements)
    last = rows[-1]
    rows.append((last[0] + 1000, 0, 0, -1))  # voter 0 changes their mind on statement 0
    with (folder / "votes.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["timestamp", "datetime", "comment-id", "voter-id", "vote"])
        for stamp, statement, voter, value in rows:
            writer.writerow([stamp, "", statement, voter, value])
    with (folder / "summary.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["topic", "Two camps"], ["voters", participants]])
    return folder
