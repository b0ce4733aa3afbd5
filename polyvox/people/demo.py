"""The people part of the demo dialogue."""

from __future__ import annotations

from polyvox.dialogues.models import Dialogue


def load(*, dialogue: Dialogue) -> None:
    """Add this app's demo records to the demo dialogue; safe to run twice."""
