"""The deliberation part of the demo dialogue: every site but one has held its day (check-in,
tables, votes on every question, recommendations ranked; two sites counted on paper), and
the demo host's site is live, with its third session's questions open. What citizens write
comes from data/texts.json. Safe to run twice: a site that already has tables is left as
it is."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from polyvox.accounts.models import Role, User
from polyvox.deliberation.checkin import tables_seat
from polyvox.deliberation.models import (
    Answer,
    Origin,
    Participant,
    QuestionWindow,
    Recommendation,
    RecommendationPaperCount,
    RecommendationRanking,
    SiteDay,
    Table,
    TableNote,
    TallyCount,
)
from polyvox.deliberation.stakeholders import StakeholderEntry, stakeholder_register
from polyvox.demo import content, opinions
from polyvox.demo import tables as demo_tables
from polyvox.demo.accounts import DEMO_HOST_SITE
from polyvox.dialogues.models import Dialogue, Question, Site

LIVE_SITE = DEMO_HOST_SITE
PAPER_SITES = 2  # the first two sites that held their day counted paper ballots
CLOSED_SESSIONS_AT_LIVE_SITE = 2
SEARCH_BUDGET = 800  # a quick seating: the demo is a picture, not a contest


def load(*, dialogue: Dialogue) -> None:
    """Hold the demo dialogue's days; safe to run twice."""
    questions = list(
        Question.objects.filter(session__dialogue=dialogue)
        .select_related("session")
        .prefetch_related("options")
        .order_by("session__position", "position")
    )
    counter = (
        User.objects.filter(memberships__dialogue=dialogue, memberships__role=Role.ORGANISER)
        .order_by("id")
        .first()
    )
    held = 0
    for number, site in enumerate(dialogue.sites.order_by("id")):
        if Table.objects.filter(site=site).exists():
            continue
        live = site.slug == LIVE_SITE
        paper = not live and held < PAPER_SITES and counter is not None
        _site_day(
            site, questions, random.Random(number), live=live, paper_by=counter if paper else None
        )
        held += not live


@transaction.atomic
def _site_day(
    site: Site, questions: list[Question], rng: random.Random, *, live: bool, paper_by: User | None
) -> None:
    panel = _panel(site, rng)
    for index, participant in enumerate(panel):
        participant.status = (
            Participant.Status.ABSENT if rng.random() < 0.06 else Participant.Status.PRESENT
        )
        if live:
            # 84 present at tables of 7: the live site has exactly 12 tables.
            present_at_live = index < 7 * demo_tables.LIVE_SITE_TABLES
            participant.status = (
                Participant.Status.PRESENT if present_at_live else Participant.Status.ABSENT
            )
    Participant.objects.bulk_update(panel, ["status"])
    tables_seat(site=site, table_size=7, seed=rng.randrange(1000), search_budget=SEARCH_BUDGET)
    site_tables = list(Table.objects.filter(site=site).order_by("number"))
    present = list(
        Participant.objects.filter(site=site, status=Participant.Status.PRESENT).select_related(
            "table"
        )
    )
    sessions = sorted({question.session.position for question in questions})
    paper_or_staff = paper_by or _staff_of(site)
    closed = set(sessions[:CLOSED_SESSIONS_AT_LIVE_SITE]) if live else set(sessions)
    now = timezone.now()
    answers: list[Answer] = []
    for question in questions:
        if question.site_id not in (None, site.id):
            continue  # another site's local topic
        position = question.session.position
        if position not in closed and (not live or position != sessions[len(closed)]):
            continue
        is_open = position not in closed
        QuestionWindow.objects.create(
            site=site,
            question=question,
            opened_at=now - timedelta(hours=6 - position),
            closed_at=None if is_open else now - timedelta(hours=5 - position),
        )
        leanings = opinions.site_leanings(site, question, len(question.options.all()))
        if question.by_tables and not is_open and paper_or_staff is not None:
            demo_tables.group_answers(
                tables=site_tables,
                question=question,
                weights=leanings.for_site(),
                rng=rng,
                by=paper_or_staff,
                paper=paper_by is not None,
            )
        if not question.by_citizens:
            continue
        voters = [p for p in present if rng.random() < (0.45 if is_open else 0.97)]
        if paper_by is not None and question.has_options:
            _paper_counts(site, question, voters, leanings, rng, paper_by)
            continue
        if not question.has_options:
            # The demo has written answers in English and French only: a Japanese
            # citizen's English answer would be grouped as Japanese text.
            voters = [voter for voter in voters if voter.language in content.texts().open_answers]
        answers.extend(
            _answer(site, question, voter, leanings.for_citizen(voter.categories), rng)
            for voter in voters
        )
    Answer.objects.bulk_create(answers, batch_size=2000)
    session_ids = list(
        dict.fromkeys(q.session_id for q in questions if q.session.position in closed)
    )
    if live:
        # Two recommendations per table in each session held so far; the vote is on the
        # last one's. Notes of every table, most translated; a stakeholders' panel.
        _recommendations(site, present, rng, paper_by=None, sessions=session_ids, per_table=2)
        _notes(site, session_ids, rng)
        _stakeholders(site, [q for q in questions if q.session.position in closed], rng)
    else:
        _recommendations(site, present, rng, paper_by=paper_by, sessions=session_ids[-1:])


def _staff_of(site: Site) -> User | None:
    """Who entered the tables' group answers: a facilitator of the site, else an organiser."""
    return (
        User.objects.filter(memberships__site=site, memberships__role=Role.FACILITATOR)
        .order_by("id")
        .first()
        or User.objects.filter(
            memberships__dialogue_id=site.dialogue_id, memberships__role=Role.ORGANISER
        )
        .order_by("id")
        .first()
    )


def _panel(site: Site, rng: random.Random) -> list[Participant]:
    panel = list(
        Participant.objects.filter(
            site=site,
            status__in=[Participant.Status.SELECTED, Participant.Status.CONFIRMED],
        )
    )
    if panel:
        return panel
    languages = site.languages or ["en"]
    return Participant.objects.bulk_create(
        Participant(
            site=site,
            language=languages[0] if rng.random() < 0.8 else rng.choice(languages),
            status=Participant.Status.SELECTED,
            categories={
                "gender": rng.choices(["woman", "man"], [51, 49])[0],
                "age": rng.choices(["16-29", "30-49", "50-64", "65+"], [22, 34, 24, 20])[0],
                "education": rng.choices(["primary", "secondary", "tertiary"], [25, 45, 30])[0],
            },
        )
        # The live site seats 84 (demo_tables.LIVE_SITE_TABLES tables of 7).
        for _ in range(90 if site.slug == LIVE_SITE else rng.randint(60, 100))
    )


def _answer(
    site: Site, question: Question, voter: Participant, weights: list[float], rng: random.Random
) -> Answer:
    options = [option.id for option in question.options.all()]
    answer = Answer(participant=voter, question=question, origin=Origin.ONLINE)
    if question.kind == Question.Kind.OPEN:
        answer.text = rng.choice(content.texts().open_answers[voter.language])
    elif question.kind == Question.Kind.MULTIPLE:
        count = rng.randint(1, min(3, len(options)))
        answer.choices = sorted(set(rng.choices(options, weights, k=count)))
    elif question.kind == Question.Kind.RANKING:
        keys = {
            option: rng.random() ** (1 / weight)
            for option, weight in zip(options, weights, strict=True)
        }
        answer.choices = sorted(options, key=lambda option: -keys[option])
    else:
        answer.option_id = rng.choices(options, weights)[0]
    return answer


def _paper_counts(
    site: Site,
    question: Question,
    voters: list[Participant],
    leanings: opinions.SiteLeanings,
    rng: random.Random,
    counter: User,
) -> None:
    """Counted at each table, as vote counters do, from the same kind of ballots."""
    options = [option.id for option in question.options.all()]
    counts: dict[tuple[int, int], int] = {}
    for voter in voters:
        if voter.table_id is None:
            continue
        weights = leanings.for_citizen(voter.categories)
        picks = (
            set(rng.choices(options, weights, k=rng.randint(1, 3)))
            if question.kind == Question.Kind.MULTIPLE
            else {rng.choices(options, weights)[0]}
        )
        for option in picks:
            counts[(voter.table_id, option)] = counts.get((voter.table_id, option), 0) + 1
    TallyCount.objects.bulk_create(
        TallyCount(
            site=site,
            table_id=table_id,
            question=question,
            option_id=option_id,
            count=count,
            origin=Origin.PAPER,
            entered_by=counter,
        )
        for (table_id, option_id), count in counts.items()
    )


def _recommendations(
    site: Site,
    present: list[Participant],
    rng: random.Random,
    *,
    paper_by: User | None,
    sessions: list[int],
    per_table: int = 1,
) -> None:
    """Each table's recommendations in each of `sessions`; the site votes on the last
    session's. Sites that counted paper ballots vote by approval, half of their citizens
    on paper; the others rank them online."""
    if not sessions:
        return
    language = "fr" if "fr" in site.languages else "en"
    written = content.texts().recommendations[language]
    ideas = rng.sample(written, k=len(written))
    tables = list(Table.objects.filter(site=site).order_by("number"))
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(
            site=site,
            table=table,
            session_id=session_id,
            language=language,
            text={language: ideas[index % len(ideas)]},
        )
        for index, (session_id, table, _copy) in enumerate(
            (session_id, table, copy)
            for session_id in sessions
            for table in tables
            for copy in range(per_table)
        )
    )
    voted_on = sessions[-1]
    appeal = {
        item.id: rng.gammavariate(2.0, 1.0)
        for item in recommendations
        if item.session_id == voted_on
    }
    ids = list(appeal)
    voters = [voter for voter in present if rng.random() < 0.95]
    if paper_by is None:
        ballots = {
            voter: sorted(ids, key=lambda item: -(rng.random() ** (1 / appeal[item])))[:3]
            for voter in voters
        }
        method = SiteDay.Method.RANKING
    else:
        top = max(appeal.values())
        ballots = {
            voter: sorted(item for item in ids if rng.random() < 0.7 * appeal[item] / top)
            for voter in voters
        }
        method = SiteDay.Method.APPROVAL
        on_paper = voters[: len(voters) // 2]
        _paper_approvals(site, voted_on, [ballots.pop(voter) for voter in on_paper], paper_by)
    RecommendationRanking.objects.bulk_create(
        RecommendationRanking(participant=voter, session_id=voted_on, order=order)
        for voter, order in ballots.items()
    )
    SiteDay.objects.update_or_create(
        site=site,
        defaults={
            "ranking_open": False,
            "recommendation_method": method,
            "vote_session_id": voted_on,
        },
    )


# What note-takers wrote (in French) and the English a volunteer translated it into.
NOTES = [
    (
        "La table s'accorde sur l'accès gratuit au wifi public, mais pas sur qui doit payer.",
        "The table agrees on free public wifi, but not on who should pay for it.",
    ),
    (
        "Deux personnes craignent la surveillance ; les autres veulent surtout des règles claires.",
        "Two people fear surveillance; the others mostly want clear rules.",
    ),
    (
        "Longue discussion sur l'école : apprendre à vérifier une information dès le collège.",
        "Long discussion about school: learning to check information from secondary school on.",
    ),
    (
        "Les plus âgés demandent des guichets humains à côté des démarches en ligne.",
        "The older members ask for human help desks beside online procedures.",
    ),
]
STAKEHOLDERS = 20
ORGANISATIONS = [
    "Fédération des opérateurs télécoms",
    "Association de défense des consommateurs",
    "Syndicat des enseignants",
    "Chambre de commerce",
    "Collectif pour les libertés numériques",
]


def _notes(site: Site, session_ids: list[int], rng: random.Random) -> None:
    """One note per table and session; the last table's newest note still needs its
    English translation, as on a real day."""
    tables = list(Table.objects.filter(site=site).order_by("number"))
    notes = []
    for session_id in session_ids:
        for table in tables:
            french, english = NOTES[rng.randrange(len(NOTES))]
            notes.append(
                TableNote(
                    table=table,
                    session_id=session_id,
                    language="fr",
                    text={"fr": french, "en": english},
                    public=rng.random() < 0.5,
                )
            )
    if notes:
        notes[-1].text = {"fr": notes[-1].text["fr"]}
    TableNote.objects.bulk_create(notes)


def _stakeholders(site: Site, questions: list[Question], rng: random.Random) -> None:
    """A stakeholders' panel of 20 (names in the vault) who answered the closed sessions'
    questions with leanings of their own: their figures stand beside the citizens'."""
    panel = [
        stakeholder_register(
            site=site,
            entry=StakeholderEntry(
                full_name=f"Partie prenante {number}",
                organisation=ORGANISATIONS[number % len(ORGANISATIONS)],
                email="",
                language="fr",
            ),
        )
        for number in range(1, STAKEHOLDERS + 1)
    ]
    answers = []
    for question in questions:
        if not question.has_options:
            continue
        # Stakeholders lean hard towards the first option: a visible difference.
        weights = [4.0, *[rng.gammavariate(1.0, 1.0) for _ in question.options.all()][1:]]
        answers += [_answer(site, question, member, weights, rng) for member in panel]
    Answer.objects.bulk_create(answers)


def _paper_approvals(site: Site, session_id: int, ballots: list[list[int]], counter: User) -> None:
    ticks: dict[int | None, int] = {None: len(ballots)}
    for ballot in ballots:
        for item in ballot:
            ticks[item] = ticks.get(item, 0) + 1
    RecommendationPaperCount.objects.bulk_create(
        RecommendationPaperCount(
            site=site,
            session_id=session_id,
            recommendation_id=item,
            count=count,
            entered_by=counter,
        )
        for item, count in ticks.items()
    )
