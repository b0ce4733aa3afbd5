"""Each audit action told as a sentence, and the areas the trail's filter groups them in.

Every action name recorded anywhere in the code needs a sentence here:
tests/audit/test_sentences.py finds them all in the source and fails on one without.
A sentence names its actor as %(actor)s and may use any key of the event's details
(a list or mapping stands for its length); a missing key reads as "…".
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

SENTENCES: dict[str, StrOrPromise] = {
    # Recruitment
    "categories.change": _("%(actor)s changed the category “%(target)s”."),
    "categories.import": _("%(actor)s imported the categories file “%(target)s”."),
    "invitations.send": _("%(actor)s sent invitations (%(sent)s)."),
    "pool.import": _("%(actor)s imported volunteers from “%(file)s” (%(rows)s rows)."),
    "pool.import_refused": _("The pool file “%(file)s” from %(actor)s was refused."),
    "quotas.change": _("%(actor)s changed the quotas."),
    "registration.close": _("%(actor)s closed the public registration."),
    "registration.open": _("%(actor)s opened the public registration."),
    "replacements.draw": _(
        "%(actor)s drew replacements (%(replacements)s) for those who declined (%(declined)s)."
    ),
    "selection.draw": _("%(actor)s drew the panel by public lottery."),
    "selection.run": _("%(actor)s prepared the lottery and published its commitment."),
    # The dialogue day
    "counts.enter": _("%(actor)s entered paper counts (%(lines)s lines)."),
    "counts.import": _("%(actor)s imported paper counts from “%(file)s” (%(rows)s rows)."),
    "deliberation.breakouts_redraw": _(
        "%(actor)s redrew the breakout tables: %(citizens)s citizens at %(tables)s tables."
    ),
    "deliberation.cards_print": _("%(actor)s printed voting cards (%(cards)s)."),
    "deliberation.cards_reissue": _("%(actor)s reissued voting cards (%(cards)s)."),
    "deliberation.check_in": _("%(actor)s changed a participant's check-in."),
    "deliberation.double_entry": _("%(actor)s changed whether paper counts need a second check."),
    "deliberation.note_translate": _("%(actor)s translated a table's notes."),
    "deliberation.note_write": _("%(actor)s wrote a table's notes."),
    "deliberation.recommendation_method": _("%(actor)s chose how recommendations are voted on."),
    "deliberation.recommendation_paper_counts": _(
        "%(actor)s entered the paper votes on recommendations (%(ballots)s ballots)."
    ),
    "deliberation.recommendation_translate": _("%(actor)s translated a recommendation."),
    "deliberation.recommendation_vote": _(
        "%(actor)s opened or closed the vote on recommendations."
    ),
    "deliberation.recommendation_write": _("%(actor)s wrote a recommendation."),
    "deliberation.rooms": _("%(actor)s changed the online rooms."),
    "deliberation.seat_everyone": _(
        "%(actor)s seated everyone present: %(citizens)s citizens at %(tables)s tables."
    ),
    "deliberation.seat_latecomers": _("%(actor)s seated latecomers (%(citizens)s)."),
    "deliberation.stakeholder_register": _("%(actor)s registered a stakeholder."),
    "deliberation.table_answer": _("%(actor)s recorded a table's answer."),
    "deliberation.table_answers_import": _(
        "%(actor)s imported tables' answers from “%(target)s” (%(rows)s rows)."
    ),
    "deliberation.table_facilitators": _(
        "%(actor)s assigned facilitators and note-takers (%(tables)s tables)."
    ),
    "deliberation.window_close": _("%(actor)s closed a question to answers."),
    "deliberation.window_open": _("%(actor)s opened a question for answers."),
    "deliberation.window_reopen": _("%(actor)s reopened a question for answers."),
    # Setting up the dialogue
    "dialogue.evaluation_questionnaire_add": _(
        "%(actor)s added the evaluation questionnaire (%(questions_added)s questions)."
    ),
    "dialogue.k_anonymity": _(
        "%(actor)s changed the smallest group results may show from %(from)s to %(to)s."
    ),
    "dialogue.status": _("%(actor)s moved the dialogue to another stage."),
    "question.local_add": _("%(actor)s added a local question with %(options)s answers."),
    "role.grant": _("%(actor)s gave %(user)s the role “%(role)s”."),
    "role.revoke": _("%(actor)s took the role “%(role)s” from %(user)s."),
    "site.schedule": _("%(actor)s changed the site's timetable."),
    "translations.import": _(
        "%(actor)s imported translations into %(language)s (%(updated)s texts updated)."
    ),
    # Results
    "results.export": _("%(actor)s downloaded a results file (%(format)s)."),
    "results.impact.create": _("%(actor)s added an entry to the record of impact."),
    "results.impact.delete": _("%(actor)s removed an entry from the record of impact."),
    "results.impact.update": _("%(actor)s changed an entry of the record of impact."),
    "results.population_override": _("%(actor)s gave their own population figure for %(target)s."),
    "results.publish": _("%(actor)s published the results as final."),
    "results.unpublish": _("%(actor)s took the results back to provisional."),
    "results.report": _("%(actor)s asked for a PDF report in %(language)s."),
    "results.theme_edit": _("%(actor)s edited a theme."),
    "results.themes_compute": _("%(actor)s asked for the themes to be found again."),
    "results.themes_merge": _("%(actor)s merged themes (%(merged)s)."),
    "results.written.approve": _("%(actor)s approved sections of a written report (%(sections)s)."),
    "results.written.return": _(
        "%(actor)s sent sections of a written report back for changes (%(sections)s)."
    ),
    "results.written.save": _("%(actor)s saved sections of a written report (%(sections)s)."),
    "results.written.submit": _(
        "%(actor)s submitted sections of a written report for approval (%(sections)s)."
    ),
    # Personal data and the rest
    "people.prune": _("The retention rule erased the personal data of %(erased)s people."),
    "person.erase": _("%(actor)s erased a person's personal data."),
    "person.export": _("%(actor)s exported a person's personal data."),
    "job.cancel": _("%(actor)s cancelled a background job."),
    "observer.page_view": _("%(actor)s read a page."),
}

# The trail's "what" filter: areas, each the action-name prefixes it covers.
AREAS: dict[str, tuple[StrOrPromise, tuple[str, ...]]] = {
    "recruitment": (
        _("Recruitment and the lottery"),
        (
            "categories.",
            "invitations.",
            "pool.",
            "quotas.",
            "registration.",
            "replacements.",
            "selection.",
        ),
    ),
    "day": (_("The dialogue day"), ("counts.", "deliberation.")),
    "setup": (
        _("Setting up the dialogue"),
        ("dialogue.", "question.", "role.", "site.", "translations."),
    ),
    "results": (_("Results and reports"), ("results.",)),
    "personal-data": (_("Personal data"), ("people.", "person.")),
    "other": (_("Background jobs and observers' visits"), ("job.", "observer.")),
}

UNKNOWN = _("%(actor)s: %(action)s.")


class _Facts(dict[str, object]):
    """Details as a sentence reads them: a key the event lacks shows as "…"."""

    def __missing__(self, key: str) -> str:
        return "…"


def event_sentence(*, action: str, actor: str, target: str, facts: dict[str, Any]) -> str:
    """The sentence for one event. `facts` are its details, with ids already named."""
    values = _Facts({key: _shown(value) for key, value in facts.items()})
    values.update(actor=actor, target=target or "…", action=action)
    template = SENTENCES.get(action, UNKNOWN)
    return str(template) % values


def _shown(value: object) -> object:
    if isinstance(value, list | dict | tuple):
        return len(value)
    if value is None or value == "":
        return "…"
    return value
