"""A ready-made evaluation questionnaire, added to a dialogue in one action.

The items follow the themes of the participant survey in the OECD's "Evaluation
Guidelines for Representative Deliberative Processes" (2021): understanding the
information, being heard, the fairness of the process, trust in what happens to the
results, and the intention to act. Each is a statement on a five-point agreement scale,
in English and French; organisers edit the texts per language afterwards in the admin
(TranslatedTextField). Adding it again adds only what is missing and never overwrites
an edited text, so the action is safe to repeat.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from polyvox.accounts.models import User
from polyvox.audit.services import audit_record
from polyvox.dialogues.models import Dialogue, Option, Question, Session

SESSION_KEY = "evaluation"
SESSION_TITLE = {"en": "Evaluation of the day", "fr": "Évaluation de la journée"}

AGREEMENT = [
    ("strongly-disagree", {"en": "Strongly disagree", "fr": "Pas du tout d'accord"}),
    ("disagree", {"en": "Disagree", "fr": "Plutôt pas d'accord"}),
    ("neutral", {"en": "Neither agree nor disagree", "fr": "Ni d'accord ni pas d'accord"}),
    ("agree", {"en": "Agree", "fr": "Plutôt d'accord"}),
    ("strongly-agree", {"en": "Strongly agree", "fr": "Tout à fait d'accord"}),
]

# (key, theme of the OECD survey, statement in English and French)
ITEMS: list[tuple[str, str, dict[str, str]]] = [
    (
        "eval-understood-information",
        "understanding",
        {
            "en": "I understood the information given to us.",
            "fr": "J'ai compris les informations qui nous ont été données.",
        },
    ),
    (
        "eval-enough-information",
        "understanding",
        {
            "en": "I had enough information to form my own opinion on the questions.",
            "fr": "J'avais assez d'informations pour me faire ma propre opinion sur les questions.",
        },
    ),
    (
        "eval-could-speak",
        "being heard",
        {
            "en": "I had enough opportunity to express my views.",
            "fr": "J'ai eu suffisamment l'occasion d'exprimer mon point de vue.",
        },
    ),
    (
        "eval-listened-to",
        "being heard",
        {
            "en": "The other participants listened to me with respect.",
            "fr": "Les autres participants m'ont écouté avec respect.",
        },
    ),
    (
        "eval-neutral-facilitation",
        "fairness",
        {
            "en": "The facilitators were neutral and did not steer us towards an opinion.",
            "fr": "Les animateurs sont restés neutres et ne nous ont orientés vers aucune opinion.",
        },
    ),
    (
        "eval-balanced-information",
        "fairness",
        {
            "en": "The information presented different points of view in a balanced way.",
            "fr": "Les informations présentaient les différents points de vue de façon équilibrée.",
        },
    ),
    (
        "eval-fair-process",
        "fairness",
        {
            "en": "Overall, the process was fair.",
            "fr": "Dans l'ensemble, le processus a été équitable.",
        },
    ),
    (
        "eval-trust-results-used",
        "trust",
        {
            "en": "I trust that decision-makers will take our results into account.",
            "fr": "J'ai confiance dans la prise en compte de nos résultats par les décideurs.",
        },
    ),
    (
        "eval-trust-organisers",
        "trust",
        {
            "en": "I trust the organisers to report our conclusions faithfully.",
            "fr": "J'ai confiance dans les organisateurs pour rapporter fidèlement nos conclusions.",
        },
    ),
    (
        "eval-intend-to-act",
        "intention to act",
        {
            "en": "I intend to act on what I learned today (for example, change a habit or "
            "talk about it around me).",
            "fr": "J'ai l'intention d'agir à partir de ce que j'ai appris aujourd'hui (par "
            "exemple, changer une habitude ou en parler autour de moi).",
        },
    ),
    (
        "eval-take-part-again",
        "intention to act",
        {
            "en": "I would take part in a dialogue like this one again.",
            "fr": "Je participerais de nouveau à un dialogue comme celui-ci.",
        },
    ),
]


@dataclass(frozen=True)
class QuestionnaireAdded:
    session: Session
    questions_added: int
    options_added: int


@transaction.atomic
def evaluation_questionnaire_add(*, dialogue: Dialogue, actor: User) -> QuestionnaireAdded:
    """Add the evaluation session and whatever of its items is missing; audited."""
    # Locks the dialogue row so two organisers clicking at once do not both add it.
    Dialogue.objects.select_for_update().filter(id=dialogue.id).first()
    session = Session.objects.filter(dialogue=dialogue, key=SESSION_KEY).first()
    if session is None:
        last = Session.objects.filter(dialogue=dialogue).aggregate(last=Max("position"))["last"]
        session = Session(
            dialogue=dialogue,
            key=SESSION_KEY,
            title=SESSION_TITLE,
            position=(last or 0) + 1,
            duration_minutes=15,
        )
        session.full_clean()
        session.save()
    questions_added = options_added = 0
    for position, (key, _theme, text) in enumerate(ITEMS):
        question = Question.objects.filter(session=session, key=key).first()
        if question is None:
            question = Question(
                session=session,
                key=key,
                position=position,
                kind=Question.Kind.SCALE,
                purpose=Question.Purpose.EVALUATION,
                text=text,
            )
            question.full_clean()
            question.save()
            questions_added += 1
        options_added += _options_ensure(question)
    audit_record(
        actor=actor,
        action="dialogue.evaluation_questionnaire_add",
        dialogue=dialogue,
        target=f"session:{session.id}",
        details={"questions_added": questions_added, "options_added": options_added},
    )
    return QuestionnaireAdded(session, questions_added, options_added)


def _options_ensure(question: Question) -> int:
    existing = set(question.options.values_list("key", flat=True))
    missing = [
        Option(question=question, key=key, position=position, text=text)
        for position, (key, text) in enumerate(AGREEMENT)
        if key not in existing
    ]
    Option.objects.bulk_create(missing)
    return len(missing)
