"""Reads of the deliberation day: check-in lists, tables, the live dashboard, counts, rankings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from polyvox.accounts.models import User
from polyvox.core.collation import search_folded
from polyvox.deliberation.counts import CellKey
from polyvox.deliberation.models import (
    CITIZEN_PARTICIPANTS,
    CITIZENS_ONLY,
    Answer,
    Participant,
    QuestionWindow,
    Recommendation,
    RecommendationPaperCount,
    RecommendationRanking,
    SessionSeat,
    SiteDay,
    Table,
    TallyCount,
)
from polyvox.deliberation.recommendations import PaperApprovals
from polyvox.deliberation.records import load_ids
from polyvox.dialogues.access import dialogues_organised_by
from polyvox.dialogues.models import Option, Question, Session, Site, questions_at_site
from polyvox.engines.tally import (
    RankedRecommendation,
    approve_recommendations,
    rank_recommendations,
)


def participants_for_check_in(*, site: Site) -> QuerySet[Participant]:
    """The citizens' panel and reserves (stakeholders are not checked in or seated)."""
    return (
        Participant.objects.filter(CITIZEN_PARTICIPANTS, site=site)
        .exclude(status=Participant.Status.DECLINED)
        .select_related("table")
        .order_by("status", "id")  # by check-in number: the voting code stays out of sight
    )


# A search longer than any name or number is cut, not refused: nothing typed breaks the page.
CHECK_IN_QUERY_LIMIT = 100


@dataclass(frozen=True)
class CheckInRow:
    """One citizen at the door. `name` is empty unless the reader may see names (access.
    access_participant_names decides); the voting code is never part of it."""

    participant: Participant
    name: str = ""


def check_in_rows(
    *, participants: list[Participant], names: dict[int, str], query: str = ""
) -> list[CheckInRow]:
    """The citizens matching a search, in the list's order. Every word of the query must
    match: a number matches check-in numbers that start with it, any word matches a name
    that contains it, ignoring case and accents. Only the `names` given are searched, so a
    reader who may not see names finds nobody by name."""
    rows = [CheckInRow(participant=item, name=names.get(item.id, "")) for item in participants]
    words = search_folded(query[:CHECK_IN_QUERY_LIMIT].lstrip("#")).split()
    if not words:
        return rows
    return [row for row in rows if all(_word_matches(row, word) for word in words)]


def _word_matches(row: CheckInRow, word: str) -> bool:
    number = word.lstrip("#")
    if number.isascii() and number.isdigit() and str(row.participant.id).startswith(number):
        return True
    return bool(row.name) and word in search_folded(row.name)


@dataclass(frozen=True)
class CardsCounts:
    to_print: int
    printed: int


def cards_counts(*, site: Site) -> CardsCounts:
    """How many of the site's voting cards wait to be printed, and how many were."""
    cards = Participant.objects.filter(CITIZEN_PARTICIPANTS, site=site).exclude(
        status__in=[Participant.Status.DECLINED, Participant.Status.ABSENT]
    )
    printed = cards.filter(card_printed_at__isnull=False).count()
    return CardsCounts(to_print=cards.count() - printed, printed=printed)


def site_questions(*, site: Site) -> QuerySet[Question]:
    return (
        questions_at_site(Question.objects.filter(session__dialogue_id=site.dialogue_id), site.id)
        .select_related("session")
        .prefetch_related("options")
        .order_by("session__position", "session_id", "position", "id")
    )


def site_present_count(*, site: Site) -> int:
    return Participant.objects.filter(
        CITIZEN_PARTICIPANTS, site=site, status=Participant.Status.PRESENT
    ).count()


def site_table_count(*, site: Site) -> int:
    return Table.objects.filter(site=site).count()


def site_windows(*, site: Site) -> dict[int, QuestionWindow]:
    return {window.question_id: window for window in QuestionWindow.objects.filter(site=site)}


def tables_with_people(*, tables: QuerySet[Table]) -> QuerySet[Table]:
    """`tables` come from access.tables_for_staff: what this member of staff may see."""
    seated = Participant.objects.filter(status=Participant.Status.PRESENT).order_by("id")
    return (
        tables.select_related("facilitator")
        .prefetch_related(Prefetch("participants", queryset=seated, to_attr="seated"))
        .order_by("number")
    )


@dataclass
class DashboardRow:
    label: str
    present: int
    voted: dict[int, int] = field(default_factory=dict)
    cells: list[int] = field(default_factory=list)


@dataclass
class Dashboard:
    questions: list[Question]
    rows: list[DashboardRow]
    total: DashboardRow


def dashboard_for(*, site: Site, tables: QuerySet[Table], whole_site: bool = True) -> Dashboard:
    """Who has voted on what, per table in `tables` (from access.tables_for_staff) and in
    total; a fixed number of queries. Without `whole_site` (a facilitator) the unseated row
    is left out and the total is that of the tables shown."""
    windows = site_windows(site=site)
    questions = list(
        Question.objects.filter(id__in=windows).order_by("session__position", "position", "id")
    )
    present: dict[int | None, int] = dict(
        Participant.objects.filter(
            CITIZEN_PARTICIPANTS, site=site, status=Participant.Status.PRESENT
        )
        .values_list("table_id")
        .annotate(n=Count("id"))
        .values_list("table_id", "n")
    )
    votes: dict[int | None, dict[int, int]] = defaultdict(dict)
    for table_id, question_id, n in (
        Answer.objects.filter(CITIZENS_ONLY, participant__site=site, question_id__in=windows)
        .values_list("participant__table_id", "question_id")
        .annotate(n=Count("id"))
        .values_list("participant__table_id", "question_id", "n")
    ):
        votes[table_id][question_id] = n
    rows = [
        DashboardRow(label=str(table), present=present.get(table.id, 0), voted=votes[table.id])
        for table in tables.order_by("number")
    ]
    if whole_site and (present.get(None) or votes.get(None)):
        rows.append(DashboardRow(label="—", present=present.get(None, 0), voted=votes[None]))
    total = DashboardRow(
        label="",
        present=sum(row.present for row in rows),
        voted={
            question.id: sum(row.voted.get(question.id, 0) for row in rows)
            for question in questions
        },
    )
    for row in [*rows, total]:
        row.cells = [row.voted.get(question.id, 0) for question in questions]
    return Dashboard(questions=questions, rows=rows, total=total)


# --- Paper counts ----------------------------------------------------------------------


@dataclass
class CountCell:
    table: str
    question: Question
    option: Option
    stratum: str
    first: int | None = None
    second: int | None = None
    first_by: str = ""
    second_by: str = ""

    def final(self, *, double_entry: bool) -> int | None:
        if not double_entry:
            return self.first
        return self.first if self.first is not None and self.first == self.second else None

    def mismatch(self, *, double_entry: bool) -> bool:
        return double_entry and None not in (self.first, self.second) and self.first != self.second


def tally_cells(*, site: Site) -> list[CountCell]:
    cells: dict[CellKey, CountCell] = {}
    counts = (
        TallyCount.objects.filter(site=site)
        .select_related("table", "question", "option", "entered_by")
        .order_by("table__number", "question__position", "option__position", "stratum")
    )
    for count in counts:
        key = (count.table_id, count.question_id, count.option_id, count.stratum)
        cell = cells.setdefault(
            key,
            CountCell(
                table=str(count.table) if count.table else "",
                question=count.question,
                option=count.option,
                stratum=count.stratum,
            ),
        )
        if count.entry == TallyCount.Entry.FIRST:
            cell.first, cell.first_by = count.count, count.entered_by.get_username()
        else:
            cell.second, cell.second_by = count.count, count.entered_by.get_username()
    return list(cells.values())


def site_day(*, site: Site) -> SiteDay:
    return SiteDay.objects.filter(site=site).first() or SiteDay(site=site)


# --- Recommendations -------------------------------------------------------------------


def recommendations_for(*, site: Site, session: Session | None = None) -> list[Recommendation]:
    """The site's recommendations, of one session if given."""
    items = Recommendation.objects.filter(site=site).select_related("table", "session")
    if session is not None:
        items = items.filter(session=session)
    return list(items)


def vote_session(*, site: Site) -> Session | None:
    """The session whose recommendations the site votes on (or voted on last)."""
    session_id = site_day(site=site).vote_session_id
    return None if session_id is None else Session.objects.filter(id=session_id).first()


@dataclass
class RankedRow:
    recommendation: Recommendation
    result: RankedRecommendation


def recommendations_ranked(*, site: Site, session: Session) -> tuple[list[RankedRow], int]:
    """One session's recommendations at the site by its chosen method (engines.tally):
    modified Borda count of rankings, or approval counts with hand-counted paper ballots
    added; and the voters (citizens only: stakeholders do not vote on them)."""
    recommendations = {
        str(item.id): item for item in recommendations_for(site=site, session=session)
    }
    ballots = [
        [str(item) for item in load_ids(order)]
        for order in RecommendationRanking.objects.filter(
            CITIZENS_ONLY, participant__site=site, session=session
        ).values_list("order", flat=True)
    ]
    if site_day(site=site).recommendation_method == SiteDay.Method.APPROVAL:
        paper = paper_approvals(site=site, session=session)
        ranked = approve_recommendations(
            ballots,
            recommendations=list(recommendations),
            counted_approvals={str(rid): count for rid, count in paper.approvals.items()},
            counted_voters=paper.ballots,
        )
        voters = len(ballots) + paper.ballots
    else:
        ranked = rank_recommendations(ballots, recommendations=list(recommendations))
        voters = len(ballots)
    rows = [
        RankedRow(recommendation=recommendations[item.recommendation], result=item)
        for item in ranked
        if item.recommendation in recommendations
    ]
    return rows, voters


def paper_approvals(*, site: Site, session: Session) -> PaperApprovals:
    ballots, approvals = 0, {}
    for recommendation_id, count in RecommendationPaperCount.objects.filter(
        site=site, session=session
    ).values_list("recommendation_id", "count"):
        if recommendation_id is None:
            ballots = count
        else:
            approvals[recommendation_id] = count
    return PaperApprovals(ballots=ballots, approvals=approvals)


# --- API -------------------------------------------------------------------------------


def question_for_organiser(*, user: User, question_id: int) -> Question | None:
    return (
        Question.objects.filter(id=question_id, session__dialogue__in=dialogues_organised_by(user))
        .select_related("session")
        .first()
    )


@dataclass(frozen=True)
class QuestionResults:
    n: int  # people who answered
    counts: dict[str, int]  # option id -> online answers plus final paper counts


def question_results(*, question: Question) -> QuestionResults:
    """Online answers plus final paper counts, per option; `n` counts the people who answered
    (a paper count is one person per counted ballot only for single-choice and scale
    questions, which is where paper counts can say how many people voted)."""
    counts = dict.fromkeys((str(pk) for pk in question.options.values_list("id", flat=True)), 0)
    answers = Answer.objects.filter(CITIZENS_ONLY, question=question)
    n = 0
    for option_id, choices in answers.values_list("option_id", "choices"):
        n += 1
        for chosen in [option_id] if option_id else load_ids(choices):
            key = str(chosen)
            if key in counts:
                counts[key] += 1
    double_entry = set(SiteDay.objects.filter(double_entry=True).values_list("site_id", flat=True))
    cells: dict[tuple[int, int | None, int, str], dict[int, int]] = defaultdict(dict)
    for count in TallyCount.objects.filter(question=question).values(
        "site_id", "table_id", "option_id", "stratum", "entry", "count"
    ):
        cell = (count["site_id"], count["table_id"], count["option_id"], count["stratum"])
        cells[cell][count["entry"]] = count["count"]
    single = question.kind in (Question.Kind.SINGLE, Question.Kind.SCALE)
    for (site_id, _table, option_id, _stratum), entries in cells.items():
        first = entries.get(TallyCount.Entry.FIRST)
        if site_id in double_entry and first != entries.get(TallyCount.Entry.SECOND):
            continue
        if first is None:
            continue
        counts[str(option_id)] = counts.get(str(option_id), 0) + first
        n += first if single else 0
    return QuestionResults(n=n, counts=counts)


def table_for_session(*, participant: Participant, session_id: int) -> Table | None:
    """The citizen's table in a session: the re-drawn breakout if there is one, else their
    table of the day."""
    seat = (
        SessionSeat.objects.filter(participant=participant, session_id=session_id)
        .select_related("table")
        .first()
    )
    return seat.table if seat is not None else participant.table


def breakout_tables_of(*, participant: Participant) -> dict[int, Table]:
    """Session id -> the citizen's re-drawn breakout table, for the sessions that have one."""
    seats = SessionSeat.objects.filter(participant=participant).select_related("table")
    return {seat.session_id: seat.table for seat in seats}


def breakout_tables_by_session(*, site: Site) -> dict[int, int]:
    """Session id -> number of breakout tables, for the sessions re-drawn at this site."""
    rows = (
        SessionSeat.objects.filter(participant__site=site)
        .values("session_id")
        .annotate(tables=Count("table_id", distinct=True))
    )
    return {row["session_id"]: row["tables"] for row in rows}
