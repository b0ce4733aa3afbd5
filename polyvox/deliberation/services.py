"""Writes of the deliberation day: check-in, seating, voting windows, ballots, paper counts,
recommendations. Views and the API call these; they never write models themselves."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polyvox.accounts.models import ApiToken, User
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
    TallyCount,
)
from polyvox.dialogues.models import Option, Question, Site
from polyvox.engines.grouping import Person, Seating, seat, seat_latecomers
from polyvox.engines.grouping.seating import DEFAULT_SEARCH_BUDGET

DEFAULT_TABLE_SIZE = 6
OPEN_TEXT_LIMIT = 2000
ON_THE_PANEL = (
    Participant.Status.SELECTED,
    Participant.Status.CONFIRMED,
    Participant.Status.PRESENT,
)


class BallotError(Exception):
    """A ballot that cannot be recorded; `reason` tells the API which status to answer."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


class BallotOutcome(Enum):
    CREATED = "created"
    CHANGED = "changed"
    REPLAYED = "replayed"


# --- Check-in --------------------------------------------------------------------------


def site_day_for(*, site: Site) -> SiteDay:
    day, _created = SiteDay.objects.get_or_create(site=site)
    return day


def _closest_reserve(*, absent: Participant) -> Participant | None:
    """The reserve who shares most category values with the absent citizen, so the panel
    keeps its mix; a compare-and-set claims them, so two hosts never promote the same one."""
    reserves = list(
        Participant.objects.filter(site_id=absent.site_id, status=Participant.Status.RESERVE)
    )

    def likeness(reserve: Participant) -> tuple[int, str]:
        shared = sum(
            1 for key, value in absent.categories.items() if reserve.categories.get(key) == value
        )
        return -shared, reserve.pseudonym

    for reserve in sorted(reserves, key=likeness):
        claimed = Participant.objects.filter(
            id=reserve.id, status=Participant.Status.RESERVE
        ).update(status=Participant.Status.CONFIRMED)
        if claimed:
            reserve.status = Participant.Status.CONFIRMED
            return reserve
    return None


@transaction.atomic
def participant_check_in(*, participant: Participant, present: bool) -> Participant | None:
    """Mark a citizen present or absent; an absent panel member's seat goes to the closest
    reserve, who is returned so the host can call them forward."""
    was_on_panel = participant.status in ON_THE_PANEL
    participant.status = Participant.Status.PRESENT if present else Participant.Status.ABSENT
    if not present:
        participant.table = None
    participant.save(update_fields=["status", "table"])
    if present or not was_on_panel:
        return None
    return _closest_reserve(absent=participant)


# --- Seating ---------------------------------------------------------------------------


def _balance_keys(participants: Sequence[Participant]) -> list[str]:
    """The categories every present citizen has a value for: the engine balances on these."""
    if not participants:
        return []
    shared = set(participants[0].categories)
    for participant in participants[1:]:
        shared &= set(participant.categories)
    return sorted(shared)


def _person(participant: Participant, balance: Sequence[str]) -> Person:
    attributes = {key: str(participant.categories[key]) for key in balance}
    attributes["language"] = participant.language
    return Person(id=str(participant.id), attributes=attributes)


def _language_attribute(site: Site) -> str | None:
    # Online breakout rooms are held in one language each; in a hall interpreters help.
    return "language" if site.mode == Site.Mode.ONLINE else None


def _save_seating(*, site: Site, seating: Seating, people: Mapping[str, Participant]) -> int:
    tables = {table.number: table for table in Table.objects.filter(site=site)}
    for number, seated in enumerate(seating.tables, start=1):
        language = seated[0].attributes["language"] if _language_attribute(site) else ""
        table = tables.get(number)
        if table is None:
            tables[number] = Table.objects.create(site=site, number=number, language=language)
        elif table.language != language:
            table.language = language
            table.save(update_fields=["language"])
        for person in seated:
            people[person.id].table = tables[number]
    Participant.objects.bulk_update(list(people.values()), ["table"])
    return len(seating.tables)


@transaction.atomic
def tables_seat(
    *,
    site: Site,
    table_size: int = DEFAULT_TABLE_SIZE,
    seed: int = 0,
    search_budget: int = DEFAULT_SEARCH_BUDGET,
) -> int:
    """Seat everyone present at mixed tables; returns the number of tables used."""
    present = list(
        Participant.objects.select_for_update().filter(site=site, status=Participant.Status.PRESENT)
    )
    balance = _balance_keys(present)
    seating = seat(
        [_person(participant, balance) for participant in present],
        table_size=table_size,
        balance=balance,
        language_attribute=_language_attribute(site),
        seed=seed,
        search_budget=search_budget,
    )
    Participant.objects.filter(site=site).exclude(status=Participant.Status.PRESENT).update(
        table=None
    )
    return _save_seating(
        site=site, seating=seating, people={str(item.id): item for item in present}
    )


@transaction.atomic
def tables_seat_latecomers(*, site: Site, table_size: int = DEFAULT_TABLE_SIZE) -> int:
    """Add citizens who arrived after seating to the existing tables, moving nobody already
    seated; returns how many were seated."""
    present = list(
        # Lock the participants only: PostgreSQL refuses FOR UPDATE on the nullable table join.
        Participant.objects.select_for_update(of=("self",))
        .filter(site=site, status=Participant.Status.PRESENT)
        .select_related("table")
        .order_by("table__number", "id")
    )
    newcomers = [participant for participant in present if participant.table_id is None]
    if not newcomers:
        return 0
    balance = _balance_keys(present)
    by_table: dict[int, list[Person]] = {}
    for participant in present:
        if participant.table is not None:
            by_table.setdefault(participant.table.number, []).append(_person(participant, balance))
    # Keep table numbers stable: the engine numbers tables by position, so fill any gaps.
    last = max(by_table, default=0)
    current = Seating(
        tables=tuple(tuple(by_table.get(number, [])) for number in range(1, last + 1)),
        balance=tuple(balance),
    )
    seating = seat_latecomers(
        current,
        [_person(participant, balance) for participant in newcomers],
        table_size=table_size,
        language_attribute=_language_attribute(site),
    )
    _save_seating(site=site, seating=seating, people={str(item.id): item for item in present})
    return len(newcomers)


# --- Voting windows --------------------------------------------------------------------


@transaction.atomic
def window_open(*, site: Site, question: Question) -> QuestionWindow:
    window, created = QuestionWindow.objects.select_for_update().get_or_create(
        site=site, question=question, defaults={"opened_at": timezone.now()}
    )
    if not created and window.closed_at is not None:
        window.closed_at = None
        window.save(update_fields=["closed_at"])
    return window


@transaction.atomic
def window_close(*, site: Site, question: Question) -> None:
    """Close voting. The row lock (FOR UPDATE) waits for every ballot in flight, which holds
    a key-share lock on the window from its INSERT to its commit: those are stored before
    the close and counted; ballots that come after find the window closed. The time is
    read once the lock is ours, so no answer was committed after `closed_at`. While ballots
    keep overlapping, PostgreSQL lets new key-share lockers in ahead of the waiting close;
    at one site's hundred citizens that delays the close by moments, never loses a ballot."""
    window = (
        QuestionWindow.objects.select_for_update()
        .filter(site=site, question=question, closed_at__isnull=True)
        .first()
    )
    if window is None:
        return
    window.closed_at = timezone.now()
    window.save(update_fields=["closed_at"])


# --- Ballots ---------------------------------------------------------------------------


def _parse_option_ids(choice: object) -> list[int]:
    values = choice if isinstance(choice, list) else [choice]
    ids: list[int] = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise BallotError("invalid", _("A choice must be an option number."))
        try:
            ids.append(int(value))
        except ValueError:
            raise BallotError("invalid", _("A choice must be an option number.")) from None
    return ids


def _answer_fields(*, kind: str, option_ids: set[int], choice: object) -> dict[str, Any]:
    """The Answer columns for a choice, or a BallotError naming what is wrong with it."""
    if kind == Question.Kind.OPEN:
        if not isinstance(choice, str) or not choice.strip() or "\x00" in choice:
            raise BallotError("invalid", _("Write an answer."))
        if len(choice) > OPEN_TEXT_LIMIT:
            raise BallotError("invalid", _("The answer is too long."))
        return {"option_id": None, "choices": [], "text": choice.strip()}
    ids = _parse_option_ids(choice)
    if not ids or len(set(ids)) != len(ids) or not set(ids) <= option_ids:
        raise BallotError("invalid", _("Choose among this question's options."))
    if kind in (Question.Kind.SINGLE, Question.Kind.SCALE):
        if len(ids) != 1:
            raise BallotError("invalid", _("Choose one option."))
        return {"option_id": ids[0], "choices": [], "text": ""}
    return {"option_id": None, "choices": ids, "text": ""}


@dataclass(frozen=True)
class BallotTarget:
    participant_id: int
    site_id: int
    question_id: int
    kind: str
    option_ids: set[int]


def _target_sql(voter_column: str) -> str:
    # Hand-written because this is the hot path: building the same five-table ORM query
    # cost more CPU per ballot than the database took to answer it.
    # Table names come from model metadata and values are bound, so nothing is injected.
    return (
        f"SELECT p.id, p.site_id, p.status, w.closed_at, q.kind, o.id "  # noqa: S608
        f"FROM {Participant._meta.db_table} p "
        f"JOIN {QuestionWindow._meta.db_table} w ON w.site_id = p.site_id AND w.question_id = %s "
        f"JOIN {Question._meta.db_table} q ON q.id = w.question_id "
        f"LEFT JOIN {Option._meta.db_table} o ON o.question_id = q.id "
        f"WHERE p.{voter_column} = %s"
    )


TARGET_BY_CODE = _target_sql("code")
TARGET_BY_ID = _target_sql("id")


def _ballot_target(*, question_id: int, code: str = "", participant_id: int = 0) -> BallotTarget:
    """The citizen (by code or id), the question's window at their site and its options,
    in one query: the ballot's hot path makes one read and one insert."""
    if "\x00" in code or not 0 < question_id < 2**63:
        raise BallotError("not_found", _("This code or question is not known at your site."))
    sql, voter = (TARGET_BY_CODE, code) if code else (TARGET_BY_ID, participant_id)
    with connection.cursor() as cursor:
        cursor.execute(sql, [question_id, voter])
        rows = cursor.fetchall()
    if not rows:
        # Unknown code, or a question not asked at the citizen's site: both "not found".
        raise BallotError("not_found", _("This code or question is not known at your site."))
    voter_id, site_id, status, closed_at, kind, _option = rows[0]
    if status not in ON_THE_PANEL:
        raise BallotError("not_allowed", _("This code cannot vote."))
    if closed_at is not None:
        raise _closed()
    options = {option for *_rest, option in rows if option is not None}
    return BallotTarget(voter_id, site_id, question_id, kind, options)


def _window_lock() -> str:
    # FOR KEY SHARE: ballots never wait for each other, only for a close (FOR UPDATE).
    # SQLite has no row locks; it runs one write at a time, which serialises just the same.
    return " FOR KEY SHARE" if connection.vendor == "postgresql" else ""


def _insert_sql() -> str:
    columns = ", ".join(ANSWER_COLUMNS)
    return (
        f"INSERT INTO {Answer._meta.db_table} ({columns}) "  # noqa: S608
        f"SELECT {', '.join(['%s'] * len(ANSWER_COLUMNS))} "
        f"FROM {QuestionWindow._meta.db_table} w "
        f"WHERE w.site_id = %s AND w.question_id = %s AND w.closed_at IS NULL{_window_lock()} "
        f"RETURNING id"
    )


def _window_open_sql() -> str:
    return (
        f"SELECT 1 FROM {QuestionWindow._meta.db_table} w "  # noqa: S608
        f"WHERE w.site_id = %s AND w.question_id = %s AND w.closed_at IS NULL{_window_lock()}"
    )


ANSWER_COLUMNS = (
    "participant_id",
    "question_id",
    "option_id",
    "choices",
    "text",
    "origin",
    "request_key",
    "created_at",
    "updated_at",
)


def _closed() -> BallotError:
    return BallotError("closed", _("Voting on this question has closed."))


def _answer_insert(
    *, target: BallotTarget, fields: dict[str, Any], origin: str, request_key: str
) -> int:
    """One statement inserts the answer only while the question's window is open, holding
    the window's key-share lock until commit; see window_close for the other side."""
    now = timezone.now()
    choices = Answer._meta.get_field("choices").get_db_prep_save(fields["choices"], connection)
    values = [
        target.participant_id,
        target.question_id,
        fields["option_id"],
        choices,
        fields["text"],
        origin,
        request_key,
        now,
        now,
    ]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(), [*values, target.site_id, target.question_id])
        row = cursor.fetchone()
    if row is None:  # the question closed since we read its window
        raise _closed()
    return int(row[0])


def _one_statement_sql(*, by_code: bool, options: int, listed: bool) -> str:
    # Every check of the common ballot in the INSERT's own WHERE clause: the citizen may
    # vote, the window is open (locked as in _insert_sql), the question's kind fits the
    # shape of the choice and every chosen id is one of its options. Table names come
    # from model metadata and values are bound, so nothing is injected.
    columns = ", ".join(ANSWER_COLUMNS)
    kinds = "'multiple', 'ranking'" if listed else "'single', 'scale'"
    panel = ", ".join(f"'{status}'" for status in ON_THE_PANEL)
    lock = " FOR KEY SHARE OF w" if connection.vendor == "postgresql" else ""
    return (
        f"INSERT INTO {Answer._meta.db_table} ({columns}) "  # noqa: S608
        f"SELECT p.id, w.question_id, %s, %s, '', %s, %s, %s, %s "
        f"FROM {Participant._meta.db_table} p "
        f"JOIN {QuestionWindow._meta.db_table} w ON w.site_id = p.site_id AND w.question_id = %s "
        f"JOIN {Question._meta.db_table} q ON q.id = w.question_id "
        f"WHERE p.{'code' if by_code else 'id'} = %s AND p.status IN ({panel}) "
        f"AND w.closed_at IS NULL AND q.kind IN ({kinds}) "
        f"AND (SELECT count(*) FROM {Option._meta.db_table} o WHERE o.question_id = q.id "
        f"AND o.id IN ({', '.join(['%s'] * options)})) = %s{lock} "
        f"RETURNING id"
    )


def _answer_insert_in_one_statement(
    *, question_id: int, voter: str | int, choice: object, origin: str, request_key: str
) -> int | None:
    """The hot path: a first ballot with option ids, checked and stored in one round trip.
    None when the statement stored nothing (the slow path then says why, or stores it);
    a repeated ballot raises IntegrityError."""
    ids = choice if isinstance(choice, list) else [choice]
    if not ids or not all(type(item) is int and 0 < item < 2**63 for item in ids):
        return None
    if len(set(ids)) != len(ids) or not 0 < question_id < 2**63:
        return None
    if isinstance(voter, str) and "\x00" in voter:
        return None
    listed = isinstance(choice, list)
    now = timezone.now()
    json_field = Answer._meta.get_field("choices")
    values = [
        None if listed else ids[0],
        json_field.get_db_prep_save(ids if listed else [], connection),
        origin,
        request_key,
        now,
        now,
        question_id,
        voter,
        *ids,
        len(ids),
    ]
    sql = _one_statement_sql(by_code=isinstance(voter, str), options=len(ids), listed=listed)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def _in_savepoint_if_nested(function: Callable[[], int | None]) -> int | None:
    # Inside an outer transaction a failed INSERT must not poison it: give it a savepoint.
    # Under autocommit the statement is its own transaction and needs none.
    if connection.in_atomic_block:
        with transaction.atomic():
            return function()
    return function()


def ballot_cast(
    *,
    question_id: int,
    choice: object,
    code: str = "",
    participant: Participant | None = None,
    origin: str = Origin.ONLINE,
    request_key: str = "",
) -> tuple[int, BallotOutcome]:
    """Record a citizen's answer, or change it while the question is open; returns the
    answer's id and what happened.

    The unique constraint on (participant, question) decides, never a prior read: of two
    identical submissions racing each other, one inserts and the other finds it and
    replays. A first ballot of option ids is one statement that checks and inserts (its
    own transaction under autocommit, a savepoint inside an outer transaction); anything
    else reads the citizen and question first, and only a second submission takes a row
    lock.
    Against a close, the insert and every change are serialised by the window's row lock:
    a ballot is either committed before the close or refused as closed.
    """
    voter: str | int = code or (participant.id if participant else 0)
    try:
        answer_id = _in_savepoint_if_nested(
            lambda: _answer_insert_in_one_statement(
                question_id=question_id,
                voter=voter,
                choice=choice,
                origin=origin,
                request_key=request_key,
            )
        )
        repeated = False
    except IntegrityError:
        answer_id, repeated = None, True
    if answer_id is not None:
        return answer_id, BallotOutcome.CREATED
    # Not stored in one statement: find out why (a clear refusal), or store it step by step.
    target = _ballot_target(
        question_id=question_id, code=code, participant_id=participant.id if participant else 0
    )
    fields = _answer_fields(kind=target.kind, option_ids=target.option_ids, choice=choice)
    if not repeated:
        try:
            answer_id = _in_savepoint_if_nested(
                lambda: _answer_insert(
                    target=target, fields=fields, origin=origin, request_key=request_key
                )
            )
            assert answer_id is not None
            return answer_id, BallotOutcome.CREATED
        except IntegrityError:
            pass
    return _ballot_again(target=target, fields=fields, origin=origin, request_key=request_key)


@transaction.atomic
def _ballot_again(
    *, target: BallotTarget, fields: dict[str, Any], origin: str, request_key: str
) -> tuple[int, BallotOutcome]:
    # The window's key-share lock keeps a close from slipping in before our commit.
    with connection.cursor() as cursor:
        cursor.execute(_window_open_sql(), [target.site_id, target.question_id])
        if cursor.fetchone() is None:
            raise _closed()
    # Lock the answer so that a concurrent change cannot interleave with ours.
    answer = Answer.objects.select_for_update().get(
        participant_id=target.participant_id, question_id=target.question_id
    )
    same = all(getattr(answer, name) == value for name, value in fields.items())
    if same or (request_key and answer.request_key == request_key):
        return answer.id, BallotOutcome.REPLAYED
    for name, value in fields.items():
        setattr(answer, name, value)
    answer.origin = origin
    answer.request_key = request_key
    answer.save(update_fields=[*fields, "origin", "request_key", "updated_at"])
    return answer.id, BallotOutcome.CHANGED


# --- Paper counts ----------------------------------------------------------------------


@dataclass(frozen=True)
class CountLine:
    table: Table | None
    question: Question
    option: Option
    stratum: str
    count: int


class TallyError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


# A count's cell: table (None for the whole site), question, option, stratum.
CellKey = tuple[int | None, int, int, str]
# Ids per DELETE, well below SQLite's limit of bound parameters per statement.
DELETE_BATCH = 5000


@transaction.atomic
def tally_enter(
    *,
    site: Site,
    lines: Sequence[CountLine],
    entry: int,
    entered_by: User,
    origin: str = Origin.PAPER,
) -> int:
    """Store counts, replacing this entry's earlier figures for the same cells (whoever
    entered them), in a few statements however many lines there are.

    With double entry, the second count must come from another person than the first.
    """
    day = _site_day_locked(site)
    if entry == TallyCount.Entry.SECOND and not day.double_entry:
        raise TallyError([_("Double entry is off at this site: enter first counts only.")])
    wanted = {_line_key(line): line for line in lines}
    stored = _stored_counts(site=site, questions={line.question.id for line in lines})
    if day.double_entry and any(
        count.entry != entry and count.entered_by_id == entered_by.id
        for key, count in stored
        if key in wanted
    ):
        raise TallyError([_("The second count must be entered by another counter than the first.")])
    earlier = {key: count for key, count in stored if count.entry == entry and key in wanted}
    new = [
        TallyCount(
            id=earlier[key].id if key in earlier else None,
            site=site,
            **_line_fields(line),
            entry=entry,
            origin=origin,
            entered_by=entered_by,
        )
        for key, line in wanted.items()
        if _differs(earlier.get(key), line, origin=origin, entered_by=entered_by)
    ]
    # A changed count is deleted and inserted again under its id: far fewer statements
    # (and far less work in the ORM) than bulk_update, whose CASE grows with the batch.
    replaced = [count.id for count in new if count.id is not None]
    for start in range(0, len(replaced), DELETE_BATCH):
        TallyCount.objects.filter(id__in=replaced[start : start + DELETE_BATCH]).delete()
    TallyCount.objects.bulk_create(new)
    return len(lines)


def _differs(count: TallyCount | None, line: CountLine, *, origin: str, entered_by: User) -> bool:
    """Whether storing `line` changes the stored count (None: there is none yet)."""
    return count is None or (count.count, count.origin, count.entered_by_id) != (
        line.count,
        origin,
        entered_by.id,
    )


def _site_day_locked(site: Site) -> SiteDay:
    # Counts stored for one site at the same moment wait for each other, so the later sees
    # the earlier's rows (to replace them, or to refuse a second count by the same person)
    # instead of failing on the unique constraints; nor can double entry change meanwhile.
    # FOR NO KEY UPDATE leaves the recommendation votes, which hold a key-share lock on the
    # day, free to go on meanwhile.
    day, _created = SiteDay.objects.select_for_update(no_key=True).get_or_create(site=site)
    return day


def _line_key(line: CountLine) -> CellKey:
    return (line.table.id if line.table else None, line.question.id, line.option.id, line.stratum)


def _line_fields(line: CountLine) -> dict[str, Any]:
    return {
        "table": line.table,
        "question": line.question,
        "option": line.option,
        "stratum": line.stratum,
        "count": line.count,
    }


def _stored_counts(*, site: Site, questions: set[int]) -> list[tuple[CellKey, TallyCount]]:
    """The site's counts for these questions, both entries, in one query."""
    counts = TallyCount.objects.filter(site=site, question_id__in=questions).only(
        "table_id",
        "question_id",
        "option_id",
        "stratum",
        "entry",
        "count",
        "origin",
        "entered_by_id",
    )
    return [
        ((count.table_id, count.question_id, count.option_id, count.stratum), count)
        for count in counts
    ]


@transaction.atomic
def double_entry_set(*, site: Site, enabled: bool) -> None:
    SiteDay.objects.update_or_create(site=site, defaults={"double_entry": enabled})


# --- Recommendations -------------------------------------------------------------------


@transaction.atomic
def recommendation_write(*, table: Table, text: str, language: str) -> Recommendation:
    recommendation, created = Recommendation.objects.select_for_update().get_or_create(
        table=table,
        defaults={"site_id": table.site_id, "language": language, "text": {language: text}},
    )
    if not created:
        recommendation.language = language
        recommendation.text = {**recommendation.text, language: text}
        recommendation.save(update_fields=["language", "text", "updated_at"])
    return recommendation


@transaction.atomic
def recommendation_translate(
    *, recommendation: Recommendation, language: str, text: str
) -> Recommendation:
    recommendation.text = {**recommendation.text, language: text}
    recommendation.save(update_fields=["text", "updated_at"])
    return recommendation


@transaction.atomic
def ranking_open_set(*, site: Site, enabled: bool) -> None:
    # FOR UPDATE waits for votes in flight (they hold a key-share lock on this row), so
    # none is stored after the vote on the recommendations closes; see _vote_method.
    day, _created = SiteDay.objects.select_for_update().get_or_create(site=site)
    day.ranking_open = enabled
    day.save(update_fields=["ranking_open"])


@transaction.atomic
def recommendation_method_set(*, site: Site, method: str) -> None:
    """Choose ranking or approval for the site's vote on its recommendations; refused once
    a citizen has voted, since their ballot was cast under the other method's question."""
    if method not in SiteDay.Method.values:
        raise BallotError("invalid", _("Choose ranking or approval."))
    day, _created = SiteDay.objects.select_for_update().get_or_create(site=site)
    if day.recommendation_method == method:
        return
    if RecommendationRanking.objects.filter(participant__site=site).exists():
        raise BallotError(
            "closed", _("Citizens have already voted: the method can no longer change.")
        )
    day.recommendation_method = method
    day.save(update_fields=["recommendation_method"])


def _vote_method(*, site_id: int) -> str:
    """The site's recommendation method if its vote is open, holding a key-share lock on
    the site's day until the caller's transaction ends, so that closing waits for us."""
    lock = " FOR KEY SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT recommendation_method FROM {SiteDay._meta.db_table} "  # noqa: S608
            f"WHERE site_id = %s AND ranking_open{lock}",
            [site_id],
        )
        row = cursor.fetchone()
    if row is None:
        raise BallotError("closed", _("The vote on the recommendations is not open."))
    return str(row[0])


@transaction.atomic
def recommendation_vote_cast(
    *, participant: Participant, choice: Sequence[int]
) -> tuple[RecommendationRanking, BallotOutcome]:
    """A citizen's vote on their site's recommendations: under ranking, their order, most
    important first; under approval, those they approve (any number, none included)."""
    if participant.status not in ON_THE_PANEL:
        raise BallotError("not_allowed", _("This code cannot vote."))
    method = _vote_method(site_id=participant.site_id)
    valid = set(
        Recommendation.objects.filter(site_id=participant.site_id).values_list("id", flat=True)
    )
    chosen = list(choice)
    if len(set(chosen)) != len(chosen) or not set(chosen) <= valid:
        raise BallotError("invalid", _("Choose among the recommendations of your site, each once."))
    if method == SiteDay.Method.APPROVAL:
        chosen = sorted(chosen)  # a set of approvals: the order means nothing
    elif not chosen:
        raise BallotError("invalid", _("Rank the recommendations of your site, each once."))
    ballot, created = RecommendationRanking.objects.select_for_update().get_or_create(
        participant=participant, defaults={"order": chosen}
    )
    if created:
        return ballot, BallotOutcome.CREATED
    if ballot.order == chosen:
        return ballot, BallotOutcome.REPLAYED
    ballot.order = chosen
    ballot.save(update_fields=["order", "updated_at"])
    return ballot, BallotOutcome.CHANGED


@dataclass(frozen=True)
class PaperApprovals:
    ballots: int  # paper ballots counted
    approvals: Mapping[int, int]  # recommendation id -> ticks counted


@transaction.atomic
def recommendation_paper_counts_enter(
    *, site: Site, counted: PaperApprovals, entered_by: User
) -> None:
    """Hand-counted paper approval ballots, all or nothing; a later entry replaces them."""
    if SiteDay.objects.filter(site=site).values_list(
        "recommendation_method", flat=True
    ).first() != (SiteDay.Method.APPROVAL):
        raise TallyError([_("Paper counts of recommendations are for approval votes.")])
    valid = {item.id: item for item in Recommendation.objects.filter(site=site)}
    errors = [
        _("Recommendation %(id)s: %(count)s approvals but only %(ballots)s ballots counted.")
        % {"id": rid, "count": count, "ballots": counted.ballots}
        for rid, count in counted.approvals.items()
        if count > counted.ballots
    ]
    if not set(counted.approvals) <= set(valid):
        errors.append(_("Count only this site's recommendations."))
    if errors:
        raise TallyError(errors)
    defaults = {"origin": Origin.PAPER, "entered_by": entered_by}
    RecommendationPaperCount.objects.update_or_create(
        site=site, recommendation=None, defaults={**defaults, "count": counted.ballots}
    )
    for rid, count in counted.approvals.items():
        RecommendationPaperCount.objects.update_or_create(
            site=site, recommendation=valid[rid], defaults={**defaults, "count": count}
        )


# --- API tokens ------------------------------------------------------------------------


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_issue(*, user: User, name: str) -> str:
    """A new token for `user`; only its digest is kept, so this is the only time it is seen."""
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, digest=token_digest(token))
    return token
