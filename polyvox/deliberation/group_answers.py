"""Group answers: one answer per table to a table question (issue 15 item 1).

A facilitator or note-taker enters their own table's answer on a phone while the question
is open at the site; a host imports the paper table sheets (CSV or XLSX) all or nothing.
Every entry is audited with ids only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from polyvox.accounts.models import User
from polyvox.audit.services import audit_record
from polyvox.deliberation.ballots import OPEN_TEXT_LIMIT
from polyvox.deliberation.models import Origin, QuestionWindow, Table, TableAnswer
from polyvox.dialogues.models import Option, Question, Site, questions_at_site
from polyvox.lib.problems import ProblemsError
from polyvox.lib.tabular import read_table

IMPORT_COLUMNS = ("table", "question", "answer")
# Ranked option keys on a paper sheet: "education; health > climate" all read the same.
RANK_SEPARATORS = re.compile(r"[\s;,>]+")


class TableAnswerError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class GroupChoice:
    """What a table answered: one option, options in order, or a text."""

    option_id: int | None = None
    choices: tuple[int, ...] = ()
    text: str = ""


def table_questions(*, site: Site) -> QuerySet[Question]:
    """The table questions asked at the site (common ones and its local topic)."""
    questions = Question.objects.filter(session__dialogue_id=site.dialogue_id).exclude(
        answered_by=Question.AnsweredBy.CITIZEN
    )
    return (
        questions_at_site(questions, site.id)
        .select_related("session")
        .prefetch_related("options")
        .order_by("session__position", "session_id", "position", "id")
    )


def group_choice(*, question: Question, choice: int | list[int] | str) -> GroupChoice:
    """The form's cleaned choice as stored; refuses what does not fit the question."""
    option_ids = {option.id for option in question.options.all()}
    if question.kind == Question.Kind.OPEN:
        text = str(choice).strip()
        if not text or len(text) > OPEN_TEXT_LIMIT or "\x00" in text:
            raise TableAnswerError([_("Write the table's answer (at most 2000 characters).")])
        return GroupChoice(text=text)
    if question.kind == Question.Kind.RANKING:
        ranked = choice if isinstance(choice, list) else []
        if not ranked or len(set(ranked)) != len(ranked) or not set(ranked) <= option_ids:
            raise TableAnswerError([_("Rank at least one of this question's options.")])
        return GroupChoice(choices=tuple(ranked))
    if not isinstance(choice, int) or choice not in option_ids:
        raise TableAnswerError([_("Choose one of this question's options.")])
    return GroupChoice(option_id=choice)


def _store(
    *, table: Table, question: Question, answer: GroupChoice, origin: str, entered_by: User
) -> bool:
    """Insert or replace the table's answer; True when it was new."""
    _row, created = TableAnswer.objects.update_or_create(
        table=table,
        question=question,
        defaults={
            "option_id": answer.option_id,
            "choices": list(answer.choices),
            "text": answer.text,
            "origin": origin,
            "entered_by": entered_by,
        },
    )
    return created


@transaction.atomic
def table_answer_enter(
    *, site: Site, table: Table, question: Question, answer: GroupChoice, actor: User
) -> bool:
    """Store a table's answer while the question is open at the site. `table` must come
    from access.access_table_for_staff (the person's own tables) and `question` from
    table_questions. The window row is locked as a ballot's is, so a close never races an
    entry. Returns True for a first answer, False for a change."""
    assert table.site_id == site.id
    assert question.by_tables
    window = (
        QuestionWindow.objects.select_for_update()
        .filter(site=site, question=question, closed_at__isnull=True)
        .first()
    )
    if window is None:
        raise TableAnswerError([_("This question is not open at your site.")])
    created = _store(
        table=table, question=question, answer=answer, origin=Origin.ONLINE, entered_by=actor
    )
    audit_record(
        actor=actor,
        action="deliberation.table_answer",
        site=site,
        target=f"table {table.id}",
        details={"table": table.id, "question": question.id, "changed": not created},
    )
    return created


# --- The paper table sheets ----------------------------------------------------------------


def _where(name: str, row: int, column: str) -> str:
    return _("%(file)s, row %(row)s, column %(column)s") % {
        "file": name,
        "row": row,
        "column": column,
    }


@dataclass(frozen=True)
class _SheetLine:
    table: Table
    question: Question
    answer: GroupChoice


def _sheet_rows(*, name: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    try:
        sheet = read_table(name=name, content=content)
    except ProblemsError as error:
        raise TableAnswerError([str(problem) for problem in error.problems]) from None
    missing = [column for column in IMPORT_COLUMNS if column not in sheet.header]
    if missing:
        raise TableAnswerError(
            [
                _("%(file)s: missing column(s) %(columns)s.")
                % {"file": name, "columns": ", ".join(missing)}
            ]
        )
    return sheet.rows


def _sheet_answer(
    name: str, number: int, question: Question, raw: str, errors: list[str]
) -> GroupChoice | None:
    where = _where(name, number, "answer")
    if question.kind == Question.Kind.OPEN:
        text = raw.strip()
        if not text or len(text) > OPEN_TEXT_LIMIT or "\x00" in text:
            errors.append(f"{where}: " + _("write the table's answer, at most 2000 characters."))
            return None
        return GroupChoice(text=text)
    by_key: dict[str, Option] = {option.key: option for option in question.options.all()}
    keys = [key for key in RANK_SEPARATORS.split(raw.strip()) if key]
    unknown = [key for key in keys if key not in by_key]
    if not keys or unknown:
        shown = (unknown[0] if unknown else raw)[:40]
        errors.append(f"{where}: " + _("unknown option '%(option)s'.") % {"option": shown})
        return None
    if len(set(keys)) != len(keys):
        errors.append(f"{where}: " + _("an option is ranked twice."))
        return None
    if question.kind == Question.Kind.RANKING:
        return GroupChoice(choices=tuple(by_key[key].id for key in keys))
    if len(keys) != 1:
        errors.append(f"{where}: " + _("give one option."))
        return None
    return GroupChoice(option_id=by_key[keys[0]].id)


def _sheet_line(
    name: str,
    number: int,
    cells: dict[str, str],
    tables: dict[str, Table],
    questions: dict[str, Question],
    errors: list[str],
) -> _SheetLine | None:
    before = len(errors)
    table = tables.get(cells.get("table", "").strip())
    if table is None:
        errors.append(
            f"{_where(name, number, 'table')}: "
            + _("no table %(number)s at this site.") % {"number": cells.get("table", "")[:40]}
        )
    question = questions.get(cells.get("question", "").strip())
    if question is None:
        errors.append(
            f"{_where(name, number, 'question')}: "
            + _("no table question '%(key)s' at this site.")
            % {"key": cells.get("question", "")[:40]}
        )
        return None
    answer = _sheet_answer(name, number, question, cells.get("answer", ""), errors)
    if len(errors) > before or table is None or answer is None:
        return None
    return _SheetLine(table, question, answer)


def table_answers_import(*, site: Site, name: str, content: bytes, actor: User) -> int:
    """The paper table sheets of a site, one row per table and question (columns `table`,
    `question`, `answer`): every error named by file, row and column, and nothing stored
    unless the whole file is right. Hosts only (the view checks it); a question must have
    been opened at the site, open or closed since."""
    opened = QuestionWindow.objects.filter(site=site).values("question_id")
    questions = {q.key: q for q in table_questions(site=site).filter(id__in=opened)}
    tables = {str(table.number): table for table in Table.objects.filter(site=site)}
    errors: list[str] = []
    lines: list[_SheetLine] = []
    seen: dict[tuple[int, int], int] = {}
    for number, cells in _sheet_rows(name=name, content=content):
        line = _sheet_line(name, number, cells, tables, questions, errors)
        if line is None:
            continue
        key = (line.table.id, line.question.id)
        if key in seen:
            errors.append(
                _("%(where)s: this table's answer already appears on row %(first)s.")
                % {"where": _where(name, number, "table"), "first": seen[key]}
            )
            continue
        seen[key] = number
        lines.append(line)
    if errors:
        raise TableAnswerError(errors)
    if not lines:
        raise TableAnswerError([_("%(file)s: no table answers found.") % {"file": name}])
    with transaction.atomic():
        for line in lines:
            _store(
                table=line.table,
                question=line.question,
                answer=line.answer,
                origin=Origin.IMPORT,
                entered_by=actor,
            )
        audit_record(
            actor=actor,
            action="deliberation.table_answers_import",
            site=site,
            target=name[:200],
            details={"rows": len(lines), "questions": sorted({line.question.id for line in lines})},
        )
    return len(lines)
