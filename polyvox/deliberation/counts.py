"""Paper counts of ballots, entered by hand or imported, with optional double entry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from polyvox.accounts.models import AnyUser, User
from polyvox.audit.services import audit_record
from polyvox.deliberation.models import Origin, SiteDay, Table, TallyCount
from polyvox.dialogues.models import Option, Question, Site

MAX_COUNT = 2**31 - 1  # PostgreSQL's integer: the largest count a form or a file may give


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
            table=line.table,
            question=line.question,
            option=line.option,
            stratum=line.stratum,
            count=line.count,
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
def tally_enter_by_hand(
    *, site: Site, lines: Sequence[CountLine], entry: int, entered_by: User
) -> int:
    """Counts typed on the counts page, stored with their audit entry (issue 12 item 7:
    every change a member of staff makes to the day's figures is on the trail)."""
    stored = tally_enter(site=site, lines=lines, entry=entry, entered_by=entered_by)
    audit_record(
        actor=entered_by,
        action="counts.enter",
        site=site,
        details={
            "lines": stored,
            "entry": entry,
            "questions": sorted({line.question.id for line in lines}),
            "tables": sorted({line.table.id for line in lines if line.table is not None}),
        },
    )
    return stored


@transaction.atomic
def double_entry_set(*, site: Site, enabled: bool, actor: AnyUser | None = None) -> None:
    """Switch double entry for the whole site; with an `actor`, audited (issue 12 item 7)."""
    SiteDay.objects.update_or_create(site=site, defaults={"double_entry": enabled})
    if actor is not None:
        audit_record(
            actor=actor,
            action="deliberation.double_entry",
            site=site,
            details={"double_entry": enabled},
        )
