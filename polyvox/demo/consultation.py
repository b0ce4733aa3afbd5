"""The consultation part of the demo dialogue: a real Polis conversation, with its map."""

from __future__ import annotations

from polyvox.consultation import services
from polyvox.consultation.models import Consultation
from polyvox.demo import content
from polyvox.dialogues.models import Dialogue

DEMO_SLUG = content.consultation().slug
DEMO_FOLDER = content.CONSULTATION_FOLDER


def load(*, dialogue: Dialogue) -> None:
    """Add the consultation to the demo dialogue; safe to run twice."""
    fields = content.consultation()
    if Consultation.objects.filter(slug=DEMO_SLUG).exists():
        return
    consultation = services.consultation_import(
        folder=DEMO_FOLDER,
        dialogue=dialogue,
        slug=DEMO_SLUG,
        title=fields.title,
        language=fields.language,
        attribution=fields.attribution,
        status=Consultation.Status.OPEN,
    )
    # In-process: the demo must show a map on a fresh machine without a worker.
    services.consultation_recompute(consultation_id=consultation.id)
