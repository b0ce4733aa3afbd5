"""Reads of the consultation app: the next statement, the map, the moderation queue, exports."""

from __future__ import annotations

import datetime
import io
import random
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Count, QuerySet

from polyvox.accounts.models import AnyUser
from polyvox.consultation.access import consultations_visible_to
from polyvox.consultation.models import (
    Consultation,
    ConsultationParticipant,
    DemographicQuestion,
    ModerationDecision,
    Statement,
    Vote,
    VoteEvent,
)
from polyvox.consultation.opinion_map import (
    MapConsensusStatement,
    MapParticipant,
    OpinionMap,
    VoteTally,
    load_opinion_map,
)
from polyvox.consultation.services import statements_open_for_votes
from polyvox.core import design
from polyvox.core.translation import pick_text
from polyvox.dialogues.models import Dialogue
from polyvox.engines.opinion import (
    Consensus,
    OpinionGroup,
    OpinionResult,
    OpinionState,
    ParticipantPlacement,
    Votes,
)
from polyvox.engines.opinion.formats import Conversation, write_open_data
from polyvox.engines.opinion.formats import Statement as PolisStatement
from polyvox.engines.opinion.repness import META_PRIORITY

# Statements the last map update has not seen yet get Polis's priority for new/meta ones.
NEW_STATEMENT_PRIORITY = META_PRIORITY**2
# The design system's chart series (site.css declares them as --series-1 to --series-5).
GROUP_COLOURS = list(design.SERIES)
UNGROUPED_COLOUR = design.SERIES_NONE
_random = random.SystemRandom()


def consultation_list(*, user: AnyUser) -> QuerySet[Consultation]:
    return (
        consultations_visible_to(user)
        .select_related("dialogue")
        .annotate(statement_count=Count("statements", distinct=True))
    )


def consultation_online_tracks(*, dialogue: Dialogue) -> QuerySet[Consultation]:
    """A dialogue's public online consultations (drafts stay with their organisers).

    For the dialogue pages: dialogues sits below consultation, so it must not query
    Consultation itself (this replaces dialogues.selectors.dialogue_online_tracks)."""
    public = Consultation.objects.filter(dialogue=dialogue).exclude(
        status=Consultation.Status.DRAFT
    )
    return public.order_by("slug")


def participant_find(
    *, consultation: Consultation, key: str | None
) -> ConsultationParticipant | None:
    if key is None:
        return None
    return consultation.participants.filter(key=key).first()


def statement_next(
    *, consultation: Consultation, participant: ConsultationParticipant | None
) -> Statement | None:
    """Polis's rule: a weighted random pick among unvoted statements, weights = priorities."""
    candidates = statements_open_for_votes(consultation)
    if participant is not None:
        candidates = candidates.exclude(
            id__in=Vote.objects.filter(participant=participant).values("statement_id")
        )
    ids = list(candidates.values_list("id", flat=True))
    if not ids:
        return None
    stored = consultation_opinion_map(consultation=consultation)
    known = stored.statements if stored else {}
    weights = [
        max(known[str(i)].priority, 1e-9) if str(i) in known else NEW_STATEMENT_PRIORITY
        for i in ids
    ]
    chosen = _random.choices(ids, weights=weights, k=1)[0]
    return Statement.objects.get(id=chosen)


def statement_progress(
    *, consultation: Consultation, participant: ConsultationParticipant | None
) -> tuple[int, int]:
    """(statements voted on, statements open for votes)."""
    total = statements_open_for_votes(consultation).count()
    voted = 0 if participant is None else participant.votes.count()
    return voted, total


@dataclass(frozen=True)
class DemographicAnswer:
    question: DemographicQuestion
    answer: str  # the chosen choice key, "" when unanswered


def demographic_questions(
    *, consultation: Consultation, participant: ConsultationParticipant | None
) -> list[DemographicAnswer]:
    """The optional questions, each with the participant's current answer."""
    answered = participant.demographics if participant else {}
    return [
        DemographicAnswer(question=question, answer=answered.get(question.key, ""))
        for question in consultation.demographic_questions.all()
    ]


def votes_of(*, participant: ConsultationParticipant | None, limit: int = 50) -> list[Vote]:
    if participant is None:
        return []
    return list(
        participant.votes.select_related("statement").order_by("-updated_at", "-id")[:limit]
    )


def moderation_queue(*, consultation: Consultation) -> list[Statement]:
    return list(
        consultation.statements.filter(status=Statement.Status.PENDING)
        .select_related("author")
        .order_by("created_at", "number")
    )


def moderation_history(*, consultation: Consultation, limit: int = 50) -> list[ModerationDecision]:
    return list(
        ModerationDecision.objects.filter(statement__consultation=consultation).select_related(
            "statement", "moderator"
        )[:limit]
    )


def banned_participants(*, consultation: Consultation) -> list[ConsultationParticipant]:
    return list(consultation.participants.filter(banned=True).select_related("banned_by"))


# ---------------------------------------------------------------- the map


@dataclass(frozen=True)
class MapStatementFigure:
    """A representative or consensus statement as the map page shows it."""

    statement: Statement
    n_success: int
    n_trials: int
    percent: int
    direction: str = ""


@dataclass
class MapGroup:
    id: int
    label: str
    colour: str
    size: int
    representative: list[MapStatementFigure] = field(default_factory=list)


@dataclass(frozen=True)
class StatementRow:
    statement: Statement
    consensus: float
    total: VoteTally
    by_group: list[tuple[MapGroup, list[int], int]]


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    colour: str
    label: str


@dataclass(frozen=True)
class DemographicRow:
    choice: dict[str, object]  # one of DemographicQuestion.choices, as stored
    counts: list[int]


@dataclass(frozen=True)
class DemographicBlock:
    question: DemographicQuestion
    rows: list[DemographicRow]


@dataclass(frozen=True)
class MapConsensusFigures:
    agree: list[MapStatementFigure]
    disagree: list[MapStatementFigure]


@dataclass(frozen=True)
class OpinionMapPage:
    """Everything the map page shows; `computed` is False until the first map update."""

    computed: bool
    demographics: list[DemographicBlock] = field(default_factory=list)
    points: list[MapPoint] = field(default_factory=list)
    groups: list[MapGroup] = field(default_factory=list)
    ungrouped: int = 0
    consensus: MapConsensusFigures = field(default_factory=lambda: MapConsensusFigures([], []))
    ranking: list[StatementRow] = field(default_factory=list)
    participant_count: int = 0
    vote_count: int = 0
    computed_at: datetime.datetime | None = None


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def consultation_opinion_map(*, consultation: Consultation) -> OpinionMap | None:
    """The stored map as named records, None before the first update."""
    return load_opinion_map(consultation.opinion_map)


def _figure(
    statement: Statement, n_success: int, n_trials: int, direction: str = ""
) -> MapStatementFigure:
    return MapStatementFigure(
        statement=statement,
        n_success=n_success,
        n_trials=n_trials,
        percent=_percent(n_success, n_trials),
        direction=direction,
    )


def _consensus_figures(
    side: tuple[MapConsensusStatement, ...], statements: dict[int, Statement]
) -> list[MapStatementFigure]:
    return [
        _figure(statements[c.statement], c.n_success, c.n_trials)
        for c in side
        if c.statement in statements
    ]


def _ranking(
    data: OpinionMap, statements: dict[int, Statement], groups: list[MapGroup]
) -> list[StatementRow]:
    rows = []
    for key, summary in data.statements.items():
        statement = statements.get(int(key))
        if statement is None or statement.status == Statement.Status.REJECTED:
            continue
        cells = []
        for group in groups:
            tally = summary.votes.get(str(group.id), (0, 0, 0))
            cells.append((group, [_percent(n, sum(tally)) for n in tally], sum(tally)))
        total = summary.votes.get("all", (0, 0, 0))
        rows.append(StatementRow(statement, summary.consensus, total, cells))
    rows.sort(key=lambda row: -row.consensus)
    return rows


def opinion_map_view(*, consultation: Consultation, width: float = 100.0) -> OpinionMapPage:
    """Everything the map page shows, from the stored map and one query for statement texts."""
    data = consultation_opinion_map(consultation=consultation)
    if data is None:
        return OpinionMapPage(computed=False)
    statements = {s.id: s for s in consultation.statements.all()}
    groups = [
        MapGroup(id=g.id, label=chr(ord("A") + i), colour=GROUP_COLOURS[i % 5], size=g.size)
        for i, g in enumerate(data.groups)
    ]
    by_id = {g.id: g for g in groups}
    for group, stored in zip(groups, data.groups, strict=True):
        group.representative = [
            _figure(statements[r.statement], r.n_success, r.n_trials, r.direction)
            for r in stored.representative
            if r.statement in statements
        ]
    return OpinionMapPage(
        computed=True,
        demographics=_demographics_by_group(consultation, data.participants, groups),
        points=_points(data.participants, by_id, width),
        groups=groups,
        ungrouped=sum(1 for p in data.participants if p.group is None),
        consensus=MapConsensusFigures(
            agree=_consensus_figures(data.consensus.agree, statements),
            disagree=_consensus_figures(data.consensus.disagree, statements),
        ),
        ranking=_ranking(data, statements, groups),
        participant_count=len(data.participants),
        vote_count=data.votes,
        computed_at=consultation.computed_at,
    )


def _demographics_by_group(
    consultation: Consultation,
    participants: tuple[MapParticipant, ...],
    groups: list[MapGroup],
) -> list[DemographicBlock]:
    """For each demographic question and choice, how many of each group gave it."""
    questions = list(consultation.demographic_questions.all())
    if not questions or not groups:
        return []
    group_of = {p.id: p.group for p in participants}
    answers = consultation.participants.filter(id__in=group_of).values_list("id", "demographics")
    tally: dict[tuple[str, str, int | None], int] = {}
    for pk, demographics in answers:
        for key, choice in (demographics or {}).items():
            cell = (key, choice, group_of[pk])
            tally[cell] = tally.get(cell, 0) + 1
    return [
        DemographicBlock(
            question=question,
            rows=[
                DemographicRow(
                    choice=choice,
                    counts=[tally.get((question.key, choice["key"], g.id), 0) for g in groups],
                )
                for choice in question.choices
            ],
        )
        for question in questions
    ]


def _points(
    participants: tuple[MapParticipant, ...], groups: dict[int, MapGroup], width: float
) -> list[MapPoint]:
    """Positions scaled into a width × width box with a margin, y pointing down as in SVG."""
    if not participants:
        return []
    xs = [p.x for p in participants]
    ys = [p.y for p in participants]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    margin, usable = width * 0.05, width * 0.9
    points = []
    for p in participants:
        g = groups.get(p.group) if p.group is not None else None
        points.append(
            MapPoint(
                x=round(margin + usable * (p.x - min(xs)) / span, 2),
                y=round(margin + usable * (max(ys) - p.y) / span, 2),
                colour=g.colour if g else UNGROUPED_COLOUR,
                label=g.label if g else "",
            )
        )
    return points


# ---------------------------------------------------------------- openData export


def _export_numbers(consultation: Consultation) -> dict[int, int]:
    """Polis participant numbers: imported ones keep theirs, others follow in order of arrival."""
    numbers: dict[int, int] = {}
    fresh = []
    for pk, key in consultation.participants.order_by("id").values_list("id", "key"):
        if key.startswith("polis:"):
            numbers[pk] = int(key.removeprefix("polis:"))
        else:
            fresh.append(pk)
    start = max(numbers.values(), default=-1) + 1
    numbers.update({pk: start + offset for offset, pk in enumerate(fresh)})
    return numbers


def _milliseconds(moment: datetime.datetime) -> float:
    return float(round(moment.timestamp() * 1000))


def consultation_conversation(*, consultation: Consultation) -> tuple[Conversation, OpinionResult]:
    numbers = _export_numbers(consultation)
    statements = list(consultation.statements.all())
    number_of_statement = {s.id: s.number for s in statements}
    events = list(
        VoteEvent.objects.filter(statement__consultation=consultation)
        .order_by("created_at", "id")
        .values_list("participant_id", "statement_id", "value", "created_at")
    )
    votes = Votes.from_lists(
        [numbers[e[0]] for e in events],
        [number_of_statement[e[1]] for e in events],
        [e[2] for e in events],
        [_milliseconds(e[3]) for e in events],
    )
    polis_statements = tuple(
        PolisStatement(
            id=s.number,
            text=pick_text(s.text, s.language),
            author_id=None if s.author_id is None else numbers[s.author_id],
            moderated=s.polis_moderated,
            is_meta=s.is_meta,
            created=_milliseconds(s.created_at),
        )
        for s in statements
    )
    topic = pick_text(consultation.topic, consultation.source_language)
    data = consultation_opinion_map(consultation=consultation) or OpinionMap()
    groups = data.group_of()
    result = OpinionResult(
        participants=tuple(
            ParticipantPlacement(id=number, group=groups.get(pk), x=0.0, y=0.0)
            for pk, number in numbers.items()
            if pk in groups
        ),
        groups=tuple(
            OpinionGroup(id=g.id, size=g.size, base_clusters=(), representative=())
            for g in data.groups
        ),
        consensus=Consensus(agree=(), disagree=()),
        statements=(),
        state=OpinionState(),
        silhouettes={},
        seconds=0.0,
    )
    return Conversation(votes=votes, statements=polis_statements, topic=topic), result


def consultation_export_zip(*, consultation: Consultation) -> bytes:
    """comments.csv, votes.csv, participants-votes.csv and summary.csv, zipped."""
    conversation, result = consultation_conversation(consultation=consultation)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder:
        write_open_data(Path(folder), conversation, result)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(folder).iterdir()):
                archive.write(path, f"{consultation.slug}/{path.name}")
    return buffer.getvalue()
