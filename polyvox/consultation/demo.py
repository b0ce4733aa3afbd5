"""The consultation part of the demo dialogue: a real Polis conversation, with its map."""

from __future__ import annotations

from pathlib import Path

from polyvox.consultation import services
from polyvox.consultation.models import Consultation
from polyvox.dialogues.models import Dialogue

DEMO_FOLDER = Path(__file__).parent / "demo_data"
DEMO_SLUG = "london-youth-policing"
ATTRIBUTION = (
    "Data was gathered using the Polis software (compdemocracy.org/polis) and is "
    "sub-licensed under CC BY 4.0 with Attribution to The Computational Democracy Project. "
    "Source: the Polis openData conversation london.youth.policing."
)


def load(*, dialogue: Dialogue) -> None:
    """Add this app's demo records to the demo dialogue; safe to run twice."""
    if Consultation.objects.filter(slug=DEMO_SLUG).exists():
        return
    consultation = services.consultation_import(
        folder=DEMO_FOLDER,
        dialogue=dialogue,
        slug=DEMO_SLUG,
        title="Young people and local scrutiny of policing",
        language="en",
        attribution=ATTRIBUTION,
        status=Consultation.Status.OPEN,
    )
    # In-process: the demo must show a map on a fresh machine without a worker.
    services.consultation_recompute(consultation_id=consultation.id)
