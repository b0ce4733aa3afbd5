"""Consultation texts in the translators' files of their dialogue (dialogues.translatable)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from polyvox.consultation.models import Consultation
from polyvox.core.translation import pick_text
from polyvox.dialogues.models import Dialogue
from polyvox.dialogues.translatable import TranslatableText, register_texts, text_entry


def consultation_texts(dialogue: Dialogue) -> Iterator[TranslatableText]:
    for consultation in Consultation.objects.filter(dialogue=dialogue).order_by("id"):
        name = pick_text(consultation.title, dialogue.source_language) or consultation.slug
        yield text_entry(
            consultation, "title", _("Consultation “%(name)s”: title") % {"name": name}
        )
        yield text_entry(
            consultation, "topic", _("Consultation “%(name)s”: question") % {"name": name}
        )


def register() -> None:
    register_texts(
        kind="consultation",
        model=Consultation,
        max_lengths={"title": 200, "topic": 1000},
        texts=consultation_texts,
    )
