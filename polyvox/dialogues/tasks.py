"""Background jobs of the dialogues app."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from polyvox.dialogues.models import Dialogue, dialogue_languages
from polyvox.dialogues.selectors import dialogue_agenda
from polyvox.jobs.registry import JobResult, ProgressReporter, job_handler

TRANSLATION_CHECK = "dialogues.translation_check"


@job_handler(TRANSLATION_CHECK)
def translation_check(params: Mapping[str, object], report: ProgressReporter) -> JobResult:
    """Count, per language the dialogue's sites use, the participant texts still untranslated."""
    dialogue_id = params["dialogue_id"]
    if not isinstance(dialogue_id, int):
        raise TypeError(f"dialogue_id must be an integer, not {dialogue_id!r}")
    dialogue = Dialogue.objects.get(id=dialogue_id)
    languages = dialogue_languages(dialogue)
    missing: dict[str, list[str]] = {code: [] for code in languages}
    sessions = list(dialogue_agenda(dialogue=dialogue))
    total = 0
    for done, session in enumerate(sessions, start=1):
        for label, text in _session_texts(session):
            total += 1
            for code in languages:
                if not text.get(code):
                    missing[code].append(label)
        report(done / max(len(sessions), 1), session.key)
    return {
        "total": total,
        "languages": [
            {"code": code, "missing": len(labels), "examples": labels[:5]}
            for code, labels in missing.items()
        ],
    }


def _session_texts(session: Any) -> list[tuple[str, dict[str, str]]]:
    texts = [(f"{session.key}: title", session.title)]
    if session.information:
        texts.append((f"{session.key}: information", session.information))
    for question in session.questions.all():
        texts.append((f"{question.key}", question.text))
        texts.extend(
            (f"{question.key}/{option.key}", option.text) for option in question.options.all()
        )
    return texts
