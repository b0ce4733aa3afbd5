"""Background jobs of the dialogues app."""

from __future__ import annotations

from collections.abc import Mapping

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from polyvox.dialogues.models import Dialogue, dialogue_languages
from polyvox.dialogues.selectors import dialogue_agenda
from polyvox.dialogues.translatable import session_texts
from polyvox.jobs.models import Job
from polyvox.jobs.registry import JobOutcome, JobResult, ProgressReporter, job_handler, job_outcome

TRANSLATION_CHECK = "dialogues.translation_check"
EXAMPLES = 5


@job_handler(TRANSLATION_CHECK)
def translation_check(params: Mapping[str, object], report: ProgressReporter) -> JobResult:
    """Count, per language the dialogue's sites use, the participant texts still untranslated.

    Each example names the text as people read it and links to where it is edited."""
    dialogue_id = params["dialogue_id"]
    if not isinstance(dialogue_id, int):
        raise TypeError(f"dialogue_id must be an integer, not {dialogue_id!r}")
    dialogue = Dialogue.objects.get(id=dialogue_id)
    languages = dialogue_languages(dialogue)
    missing: dict[str, list[dict[str, str]]] = {code: [] for code in languages}
    sessions = list(dialogue_agenda(dialogue=dialogue))
    total = 0
    for done, session in enumerate(sessions, start=1):
        for text in session_texts(session=session, source=dialogue.source_language):
            if not text.text.get(dialogue.source_language):
                continue  # nothing written yet, so nothing to translate
            total += 1
            for code in languages:
                if not text.text.get(code):
                    missing[code].append({"label": text.label, "url": text.admin_url})
        report(done / max(len(sessions), 1), session.key)
    return {
        "total": total,
        "languages": [
            {"code": code, "missing": len(texts), "examples": texts[:EXAMPLES]}
            for code, texts in missing.items()
        ],
    }


@job_outcome(TRANSLATION_CHECK, title=gettext_lazy("Check the translations"))
def translation_check_outcome(job: Job) -> JobOutcome:
    incomplete = sum(1 for language in job.result["languages"] if language["missing"])
    return JobOutcome(
        summary=ngettext(
            "%(count)s language still lacks texts.",
            "%(count)s languages still lack texts.",
            incomplete,
        )
        % {"count": incomplete}
        if incomplete
        else _("Every participant text is translated."),
        link_url=reverse("dialogues:translations", args=[int(job.params["dialogue_id"])]),
        link_label=_("See each missing or outdated text, with a link to fix it"),
    )
