"""The record of impact: who received a dialogue's results, what they answered and what
came of it. Written by organisers, every change audited; read by everyone once the
results are visible."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from polyvox.accounts.models import User
from polyvox.audit.services import audit_record
from polyvox.dialogues.models import Dialogue
from polyvox.results.models import ImpactEntry


@dataclass(frozen=True, slots=True)
class ImpactFields:
    institution: str
    event: str
    received_on: datetime.date
    language: str
    status: str
    response_text: str
    evidence_links: list[str]


def impact_entries(*, dialogue: Dialogue) -> list[ImpactEntry]:
    return list(ImpactEntry.objects.filter(dialogue=dialogue).order_by("-received_on", "id"))


@transaction.atomic
def impact_entry_save(
    *,
    dialogue: Dialogue,
    entry: ImpactEntry | None,
    fields: ImpactFields,
    document: UploadedFile | None,
    remove_document: bool,
    actor: User,
) -> ImpactEntry:
    """Create or update one entry; a new document replaces the old one."""
    created = entry is None
    if entry is None:
        entry = ImpactEntry(dialogue=dialogue)
    for name in ImpactFields.__slots__:
        setattr(entry, name, getattr(fields, name))
    entry.updated_by = actor
    if (remove_document or document is not None) and entry.response_document:
        entry.response_document.delete(save=False)
    if document is not None:
        # A name of our own: the uploader's file name is neither trusted nor kept.
        entry.response_document.save(f"{uuid.uuid4().hex}.pdf", document, save=False)
    entry.save()
    audit_record(
        actor=actor,
        action="results.impact.create" if created else "results.impact.update",
        dialogue=dialogue,
        target=f"impact:{entry.pk}",
        details={
            "status": entry.status,
            "links": len(entry.evidence_links),
            "document": bool(entry.response_document),
        },
    )
    return entry


@transaction.atomic
def impact_entry_delete(*, entry: ImpactEntry, actor: User) -> None:
    entry_id, dialogue = entry.pk, entry.dialogue
    if entry.response_document:
        entry.response_document.delete(save=False)
    entry.delete()
    audit_record(
        actor=actor, action="results.impact.delete", dialogue=dialogue, target=f"impact:{entry_id}"
    )
