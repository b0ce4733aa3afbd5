"""Paper counts from a spreadsheet (CSV or XLSX): read, check every row, then store all or none.

Columns (header row, any order): `question` (key), `option` (key), `count`, and optionally
`table` (number; blank for a whole-site count) and `stratum`.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from polyvox.accounts.models import User
from polyvox.audit.services import audit_record
from polyvox.deliberation.counts import MAX_COUNT, CellKey, CountLine, TallyError, tally_enter
from polyvox.deliberation.models import Origin, Table, TallyCount
from polyvox.dialogues.models import Option, Question, Site, questions_at_site
from polyvox.lib.problems import ProblemsError
from polyvox.lib.tabular import read_table

REQUIRED = ("question", "option", "count")
STRATUM_LENGTH = TallyCount._meta.get_field("stratum").max_length or 60
WHOLE_NUMBER = re.compile(r"([0-9]{1,12})(?:\.0*)?", re.ASCII)


def _rows(*, name: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """The file's rows through the one streaming reader, its problems as this import's errors."""
    try:
        table = read_table(name=name, content=content)
    except ProblemsError as error:
        raise TallyError([str(problem) for problem in error.problems]) from None
    missing = [column for column in REQUIRED if column not in table.header]
    if missing:
        raise TallyError(
            [
                _("%(file)s: missing column(s) %(columns)s.")
                % {"file": name, "columns": ", ".join(missing)}
            ]
        )
    return table.rows


def _where(name: str, row: int, column: str) -> str:
    return _("%(file)s, row %(row)s, column %(column)s") % {
        "file": name,
        "row": row,
        "column": column,
    }


def tally_import(
    *,
    site: Site,
    name: str,
    content: bytes,
    entry: int,
    entered_by: User,
    tables: QuerySet[Table] | None = None,
    whole_site: bool = True,
) -> int:
    """Check every row, report every error with file, row and column, and store nothing
    unless the whole file is right. `tables` (from access.tables_for_staff) are those the
    person may count for; without `whole_site` (a facilitator) every row names one."""
    questions: dict[str, list[Question]] = {}
    at_site = questions_at_site(
        Question.objects.filter(session__dialogue_id=site.dialogue_id), site.id
    )
    for question in at_site.exclude(answered_by=Question.AnsweredBy.TABLE):
        questions.setdefault(question.key, []).append(question)
    options = {
        (option.question_id, option.key): option
        for option in Option.objects.filter(question__session__dialogue_id=site.dialogue_id)
    }
    allowed = Table.objects.filter(site=site) if tables is None else tables.filter(site=site)
    by_number = {str(table.number): table for table in allowed}
    errors: list[str] = []
    lines: list[CountLine] = []
    seen: dict[CellKey, int] = {}
    for number, cells in _rows(name=name, content=content):
        line = _check_row(name, number, cells, questions, options, by_number, errors)
        if line is not None and line.table is None and not whole_site:
            errors.append(
                f"{_where(name, number, 'table')}: "
                + _("only hosts and organisers enter whole-site counts.")
            )
            continue
        if line is None:
            continue
        key = (
            line.table.id if line.table else None,
            line.question.id,
            line.option.id,
            line.stratum,
        )
        if key in seen:
            errors.append(
                _("%(where)s: the same count already appears on row %(first)s.")
                % {"where": _where(name, number, "option"), "first": seen[key]}
            )
            continue
        seen[key] = number
        lines.append(line)
    if errors:
        raise TallyError(errors)
    if not lines:
        raise TallyError([_("%(file)s: no counts found.") % {"file": name}])
    # The counts and their audit entry commit together, or neither does.
    with transaction.atomic():
        stored = tally_enter(
            site=site, lines=lines, entry=entry, entered_by=entered_by, origin=Origin.IMPORT
        )
        audit_record(
            actor=entered_by,
            action="counts.import",
            site=site,
            target=name,
            details={"file": name, "rows": stored, "entry": entry},
        )
    return stored


def _check_row(
    name: str,
    number: int,
    cells: dict[str, str],
    questions: dict[str, list[Question]],
    options: dict[tuple[int, str], Option],
    tables: dict[str, Table],
    errors: list[str],
) -> CountLine | None:
    before = len(errors)
    found = questions.get(cells.get("question", ""), [])
    if len(found) != 1:
        message = _("unknown question") if not found else _("question key used twice")
        errors.append(
            f"{_where(name, number, 'question')}: {message} '{cells.get('question', '')[:40]}'."
        )
    option = options.get((found[0].id, cells.get("option", ""))) if len(found) == 1 else None
    if len(found) == 1 and option is None:
        errors.append(
            f"{_where(name, number, 'option')}: "
            + _("unknown option '%(option)s' for this question.")
            % {"option": cells.get("option", "")[:40]}
        )
    table_number = cells.get("table", "")
    table = tables.get(table_number) if table_number else None
    if table_number and table is None:
        errors.append(
            f"{_where(name, number, 'table')}: "
            + _("no table %(number)s at this site.") % {"number": table_number}
        )
    raw = cells.get("count", "")
    # ASCII digits only ("²".isdigit() is true); "4.0" is how spreadsheets store 4.
    whole = WHOLE_NUMBER.fullmatch(raw)
    count = int(whole[1]) if whole else None
    if count is None:
        errors.append(
            f"{_where(name, number, 'count')}: "
            + _("'%(value)s' is not a whole number of ballots.") % {"value": raw[:40]}
        )
    elif count > MAX_COUNT:
        errors.append(f"{_where(name, number, 'count')}: " + _("this count is too large."))
        count = None
    stratum = cells.get("stratum", "")
    if len(stratum) > STRATUM_LENGTH or "\x00" in stratum:
        errors.append(
            f"{_where(name, number, 'stratum')}: "
            + _("at most %(n)s characters, and no NUL.") % {"n": STRATUM_LENGTH}
        )
    if len(errors) > before or option is None or count is None:
        return None
    return CountLine(
        table=table,
        question=found[0],
        option=option,
        stratum=stratum,
        count=count,
    )
