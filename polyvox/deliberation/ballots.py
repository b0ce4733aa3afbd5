"""The ballot hot path: a citizen's answer to a question, checked and stored."""

# Why one statement. On the day a site's hundred citizens vote within a minute of a
# question opening, and a first ballot is what nearly all of them send. So a first ballot
# of option ids is checked and stored by one INSERT … SELECT (_one_statement_sql): its
# WHERE clause checks that the citizen may vote, that the question's window at their site
# is open, that the question's kind fits the shape of the choice and that every chosen id
# is one of its options; RETURNING gives the answer's id. One round trip, no prior read
# (tests/deliberation/test_api.py::TestQueriesPerBallot asserts exactly one statement).
# When it stores nothing, a second read (_ballot_target) finds out why and gives a clear
# refusal, or stores what the fast path does not handle (open text, a change of answer).
#
# The window check under a key-share lock. The SELECT locks the question's window row
# FOR KEY SHARE (PostgreSQL) from the insert until the commit. Ballots never wait for
# each other (key-share locks do not conflict), but windows.window_close takes the same
# row FOR UPDATE, so it waits for every ballot in flight and then stamps `closed_at`:
# each ballot is either committed before the close, and counted, or finds the window
# closed. SQLite has no row locks and runs one write at a time, which serialises the same.
#
# The unique constraint on (participant, question) decides whether a ballot is a first
# one, never a prior read: of two identical submissions racing each other, one inserts
# and the other gets IntegrityError, finds the answer and replays it.
#
# What the PostgreSQL race test proves (tests/deliberation/test_close_race.py, run with
# DATABASE_URL on PostgreSQL): with 240 citizens voting and changing their votes while
# the host closes the question, nothing is stored or changed after the close returned,
# every acknowledged ballot is kept, and a refused change leaves the earlier answer.

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polyvox.deliberation.models import (
    ON_THE_PANEL,
    Answer,
    Origin,
    Participant,
    QuestionWindow,
)
from polyvox.dialogues.models import Option, Question

OPEN_TEXT_LIMIT = 2000


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


@dataclass(frozen=True)
class AnswerFields:
    """The Answer columns a choice fills: one option, a list of options, or a text."""

    option_id: int | None
    choices: list[int]
    text: str

    def names(self) -> list[str]:
        return ["option_id", "choices", "text"]


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


def _answer_fields(*, kind: str, option_ids: set[int], choice: object) -> AnswerFields:
    """The Answer columns for a choice, or a BallotError naming what is wrong with it."""
    if kind == Question.Kind.OPEN:
        if not isinstance(choice, str) or not choice.strip() or "\x00" in choice:
            raise BallotError("invalid", _("Write an answer."))
        if len(choice) > OPEN_TEXT_LIMIT:
            raise BallotError("invalid", _("The answer is too long."))
        return AnswerFields(option_id=None, choices=[], text=choice.strip())
    ids = _parse_option_ids(choice)
    if not ids or len(set(ids)) != len(ids) or not set(ids) <= option_ids:
        raise BallotError("invalid", _("Choose among this question's options."))
    if kind in (Question.Kind.SINGLE, Question.Kind.SCALE):
        if len(ids) != 1:
            raise BallotError("invalid", _("Choose one option."))
        return AnswerFields(option_id=ids[0], choices=[], text="")
    return AnswerFields(option_id=None, choices=ids, text="")


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
        # Table questions are answered by each table's staff, never on a citizen's ballot.
        f"WHERE p.{voter_column} = %s AND q.answered_by IN ('citizen', 'both')"
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
    *, target: BallotTarget, fields: AnswerFields, origin: str, request_key: str
) -> int:
    """One statement inserts the answer only while the question's window is open, holding
    the window's key-share lock until commit; see windows.window_close for the other side."""
    now = timezone.now()
    choices = Answer._meta.get_field("choices").get_db_prep_save(fields.choices, connection)
    values = [
        target.participant_id,
        target.question_id,
        fields.option_id,
        choices,
        fields.text,
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
        f"AND w.closed_at IS NULL AND q.kind IN ({kinds}) AND q.answered_by IN ('citizen', 'both') "
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
    *, target: BallotTarget, fields: AnswerFields, origin: str, request_key: str
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
    same = (answer.option_id, answer.choices, answer.text) == (
        fields.option_id,
        fields.choices,
        fields.text,
    )
    if same or (request_key and answer.request_key == request_key):
        return answer.id, BallotOutcome.REPLAYED
    answer.option_id, answer.choices, answer.text = fields.option_id, fields.choices, fields.text
    answer.origin = origin
    answer.request_key = request_key
    answer.save(update_fields=[*fields.names(), "origin", "request_key", "updated_at"])
    return answer.id, BallotOutcome.CHANGED
