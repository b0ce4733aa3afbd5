"""A large dialogue in a scratch database, shared by the page benchmarks (bench/tally/page.py,
bench/pages/run.py): sites over 40 countries, citizens with an age band and a gender, single-choice
answers and one written answer each. Call after django.setup()."""

from __future__ import annotations

from typing import Any

COUNTRIES = [
    "FR",
    "DE",
    "SN",
    "BR",
    "IN",
    "JP",
    "US",
    "KE",
    "NG",
    "ZA",
    "EG",
    "MA",
    "CN",
    "ID",
    "PH",
    "VN",
    "MX",
    "AR",
    "CL",
    "CO",
    "PE",
    "CA",
    "AU",
    "NZ",
    "GB",
    "ES",
    "IT",
    "PL",
    "SE",
    "NO",
    "FI",
    "DK",
    "UA",
    "TR",
    "IR",
    "PK",
    "BD",
    "TH",
    "GH",
    "ET",
]


def seed(*, sites: int, citizens: int, questions: int) -> str:
    import datetime
    import random

    from polyvox.deliberation.models import Answer, Participant
    from polyvox.dialogues import services
    from polyvox.dialogues.models import Dialogue, Option, Site

    random.seed(7)
    organiser = services.organisation_upsert(name="Bench organiser", country="FR")
    day = datetime.date(2026, 12, 5)
    dialogue = services.dialogue_upsert(
        slug="bench",
        organiser=organiser,
        title={"en": "Bench dialogue"},
        source_language="en",
        start_date=day,
        end_date=day,
        status=Dialogue.Status.RESULTS_PUBLISHED,
    )
    services.session_upsert(
        dialogue=dialogue,
        key="s1",
        title={"en": "Session"},
        questions=[
            {
                "key": f"q{q}",
                "kind": "single",
                "text": {"en": f"Question {q}?", "fr": f"Question {q} ?"},
                "options": [{"key": f"o{o}", "text": {"en": f"Option {o}"}} for o in range(4)],
            }
            for q in range(questions)
        ],
    )
    Site.objects.bulk_create(
        Site(
            dialogue=dialogue,
            slug=f"site-{s}",
            country=COUNTRIES[s % len(COUNTRIES)],
            city=f"City {s}",
            languages=["en"],
            time_zone="UTC",
            date=day,
        )
        for s in range(sites)
    )
    site_ids = list(Site.objects.filter(dialogue=dialogue).values_list("id", flat=True))
    people = Participant.objects.bulk_create(
        Participant(
            site_id=site_id,
            language="en",
            status="present",
            categories={
                "age": random.choice(["18-34", "35-54", "55+"]),
                "gender": random.choice(["f", "m"]),
            },
        )
        for site_id in site_ids
        for _ in range(citizens)
    )
    _seed_open_answers(dialogue, people)
    options: dict[str, list[int]] = {}
    for option_id, question_id in Option.objects.filter(
        question__session__dialogue=dialogue
    ).values_list("id", "question_id"):
        options.setdefault(str(question_id), []).append(option_id)
    Answer.objects.bulk_create(
        (
            Answer(
                participant_id=person.id, question_id=int(question), option_id=random.choice(ids)
            )
            for person in people
            for question, ids in options.items()
        ),
        batch_size=5000,
    )
    return dialogue.slug


# Written answers: a subject, a verb phrase and a place, so texts vary but fall in themes.
SUBJECTS = ["free public wifi", "cheap broadband", "privacy of my data", "digital skills",
            "protection from online hate", "fair taxes for big tech"]  # fmt: skip
PLACES = ["in every village", "for older people", "in schools", "for poor families",
          "on buses and trains", "everywhere"]  # fmt: skip


def _seed_open_answers(dialogue: Any, people: list[Any]) -> None:
    import random

    from polyvox.deliberation.models import Answer
    from polyvox.dialogues import services

    session = services.session_upsert(
        dialogue=dialogue,
        key="open",
        title={"en": "Your words"},
        questions=[
            {"key": "change", "kind": "open", "text": {"en": "What change?"}, "options": []}
        ],
    )
    question = session.questions.get()
    Answer.objects.bulk_create(
        (
            Answer(
                participant_id=person.id,
                question=question,
                text=f"We need {random.choice(SUBJECTS)} {random.choice(PLACES)}.",
            )
            for person in people
        ),
        batch_size=5000,
    )
