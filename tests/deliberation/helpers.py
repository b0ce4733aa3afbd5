"""A site's day for the tests: an agenda with one question of each kind, and citizens."""

from __future__ import annotations

from dataclasses import dataclass

from polyvox.deliberation.models import Participant
from polyvox.deliberation.windows import window_open
from polyvox.dialogues import services as dialogue_services
from polyvox.dialogues.models import Dialogue, Option, Question, Session, Site
from polyvox.dialogues.services import OptionSpec


@dataclass
class Agenda:
    single: Question
    multiple: Question
    ranking: Question
    open: Question


def option_list(*keys: str) -> list[OptionSpec]:
    return [
        {"key": key, "text": {"en": f"Option {key}", "fr": f"Option {key} (fr)"}} for key in keys
    ]


def make_agenda(dialogue: Dialogue) -> Agenda:
    session = dialogue_services.session_upsert(
        dialogue=dialogue,
        key="internet",
        title={"en": "The internet"},
        questions=[
            {
                "key": "access",
                "kind": "single",
                "text": {"en": "Is access a right?", "fr": "L'accès est-il un droit ?"},
                "options": option_list("yes", "no"),
            },
            {
                "key": "threats",
                "kind": "multiple",
                "text": {"en": "Which threats?"},
                "options": option_list("spam", "fraud", "hate"),
            },
            {
                "key": "priorities",
                "kind": "ranking",
                "text": {"en": "Rank the priorities"},
                "options": option_list("a", "b", "c"),
            },
            {"key": "idea", "kind": "open", "text": {"en": "Your idea?"}, "options": []},
        ],
    )
    by_key = {question.key: question for question in session.questions.all()}
    return Agenda(by_key["access"], by_key["threats"], by_key["priorities"], by_key["idea"])


def make_participants(
    site: Site, n: int, *, status: str = Participant.Status.PRESENT, language: str = "fr"
) -> list[Participant]:
    genders, ages = ("woman", "man"), ("16-29", "30-49", "50+")
    return [
        Participant.objects.create(
            site=site,
            language=language,
            status=status,
            categories={"gender": genders[i % 2], "age": ages[i % 3]},
        )
        for i in range(n)
    ]


def open_all(site: Site, agenda: Agenda) -> None:
    for question in (agenda.single, agenda.multiple, agenda.ranking, agenda.open):
        window_open(site=site, question=question)


def first_option(question: Question) -> Option:
    """The question's first option (`options.first()`, which the types leave optional)."""
    option = question.options.first()
    assert option is not None
    return option


def make_sessions(dialogue: Dialogue, *keys: str) -> list[Session]:
    """Sessions with no questions (recommendations and notes belong to a session)."""
    return [
        Session.objects.get_or_create(
            dialogue=dialogue,
            key=key,
            defaults={"title": {"en": f"Session {key}"}, "position": 10 + index},
        )[0]
        for index, key in enumerate(keys or ("conclusions",))
    ]


def check_in_row(page: str, participant: Participant) -> str:
    """The HTML of one citizen's row on the check-in page ("" when it is not listed)."""
    start = page.find(f'<li id="p-{participant.id}"')
    return "" if start < 0 else page[start : page.index("</li>", start)]
