"""The demo's table questions and local topic (issue 15): a question every table answers as
a group and each citizen after it, and a local topic asked in Paris only. The tables'
group answers are written by demo/deliberation.py as each site holds its day."""

from __future__ import annotations

import random

from polyvox.accounts.models import User
from polyvox.deliberation.models import Origin, Table, TableAnswer
from polyvox.demo.accounts import DEMO_HOST_SITE
from polyvox.dialogues import services
from polyvox.dialogues.models import Dialogue, Question

TABLE_QUESTION = "q2-tables"
LOCAL_QUESTION = f"{DEMO_HOST_SITE}-sobriete"
# Paris seats its citizens at exactly this many tables, so its group answers come from 12.
LIVE_SITE_TABLES = 12


def questions_load(*, dialogue: Dialogue) -> None:
    """Add the table question (second session) and Paris's local topic (third session,
    open there in the demo); safe to run twice."""
    sessions = list(dialogue.sessions.order_by("position", "id"))
    if len(sessions) < 3:
        return
    services.question_upsert(
        session=sessions[1],
        key=TABLE_QUESTION,
        position=90,
        kind=Question.Kind.RANKING,
        answered_by=Question.AnsweredBy.BOTH,
        text={
            "en": "As a table, then each of you: what should come first to protect people's data?",
            "fr": "En table, puis chacun : que faut-il faire d'abord pour protéger les "
            "données des personnes ?",
        },
        options=[
            {
                "key": "a",
                "text": {
                    "en": "Stronger rights for each person",
                    "fr": "Des droits plus forts pour chacun",
                },
            },
            {
                "key": "b",
                "text": {
                    "en": "Teaching data skills at school",
                    "fr": "Apprendre les données à l'école",
                },
            },
            {
                "key": "c",
                "text": {
                    "en": "Fines that companies feel",
                    "fr": "Des amendes qui comptent pour les entreprises",
                },
            },
            {
                "key": "d",
                "text": {
                    "en": "Privacy built into products",
                    "fr": "La vie privée intégrée aux produits",
                },
            },
        ],
    )
    services.question_upsert(
        session=sessions[2],
        key=LOCAL_QUESTION,
        position=90,
        kind=Question.Kind.SINGLE,
        site=dialogue.sites.get(slug=DEMO_HOST_SITE),
        text={
            "fr": "Faut-il une sobriété numérique inscrite dans la loi française ?",
            "en": "Should digital sobriety be written into French law?",
        },
        options=[
            {"key": "a", "text": {"fr": "Oui", "en": "Yes"}},
            {"key": "b", "text": {"fr": "Plutôt oui", "en": "Rather yes"}},
            {"key": "c", "text": {"fr": "Plutôt non", "en": "Rather no"}},
            {"key": "d", "text": {"fr": "Non", "en": "No"}},
        ],
    )


def group_answers(
    *,
    tables: list[Table],
    question: Question,
    weights: list[float],
    rng: random.Random,
    by: User,
    paper: bool,
) -> None:
    """Each table's agreed ranking (or choice), as its facilitator entered it on a phone,
    or as its host imported the paper table sheets."""
    options = [option.id for option in question.options.all()]
    rows = []
    for table in tables:
        keys = {
            option: rng.random() ** (1 / weight)
            for option, weight in zip(options, weights, strict=True)
        }
        ordered = sorted(options, key=lambda option: -keys[option])
        rows.append(
            TableAnswer(
                table=table,
                question=question,
                option_id=ordered[0] if question.kind == Question.Kind.SINGLE else None,
                choices=ordered if question.kind == Question.Kind.RANKING else [],
                origin=Origin.IMPORT if paper else Origin.ONLINE,
                entered_by=by,
            )
        )
    TableAnswer.objects.bulk_create(rows)
