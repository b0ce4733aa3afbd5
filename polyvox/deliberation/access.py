"""How staff reach a site's day records and how citizens reach their own ballot.

Staff go through accounts.access (facilitators, hosts and organisers of the site); a
citizen has no account: their personal code, exchanged once by a POST form, puts their
participant id in their signed session. "Not found" and "not allowed" both give 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.crypto import salted_hmac

from polyvox.accounts.models import AnyUser, Membership, Role, User
from polyvox.deliberation.models import CODE_ALPHABET, ON_THE_PANEL, Participant, Table
from polyvox.deliberation.panel import check_in_numbers
from polyvox.dialogues.access import (
    access_site_for_facilitator,
    access_site_for_host,
    dialogues_organised_by,
    sites_facilitated_by,
    sites_hosted_by,
)
from polyvox.dialogues.models import Question, Session, Site, questions_at_site
from polyvox.people.access import people_managed_by
from polyvox.recruitment.models import Volunteer

SESSION_KEY = "polyvox_participant"
CARD_KEY = "polyvox_card"


def access_participant_for_check_in(
    *, user: AnyUser, site_id: int, participant_id: int, present: bool, undo: bool = False
) -> Participant:
    """Who may mark whom at check-in (issue 12 item 7).

    Hosts and organisers mark anyone present or absent. Citizens arrive before tables are
    made, so "a facilitator's own tables" means nothing at the door, and one host cannot
    welcome a hundred people in half an hour: facilitators help at the desk, but only to
    mark a panel member present, which gives nobody a vote they did not already have.
    Marking someone absent takes their vote away and calls a reserve, and marking a
    reserve present gives a vote: both stay with hosts and organisers. Undoing a check-in
    (present back to confirmed) keeps the citizen on the panel, giving and taking no vote:
    it is asked for with `present=True`, like a check-in. But an undo also takes the
    citizen off their table, and moving people between tables is the host's: a facilitator
    undoes (`undo=True`) only a check-in not yet seated, or seated at one of their own
    tables, never one at a colleague's. Every mark is audited
    (checkin.participant_check_in, checkin.participant_check_in_undo)."""
    site = access_site_for_facilitator(user=user, site_id=site_id)
    participants = Participant.objects.select_related("site").filter(site=site)
    if not runs_site(user=user, site=site):
        participants = participants.filter(status__in=ON_THE_PANEL)
        if not present:
            participants = participants.none()
        if undo:
            own_tables = tables_for_staff(user=user, site=site)
            participants = participants.filter(Q(table__isnull=True) | Q(table__in=own_tables))
    try:
        return participants.get(id=participant_id)
    except Participant.DoesNotExist:
        raise Http404("No such participant.") from None


def access_participant_names(*, user: AnyUser, site: Site) -> dict[int, str]:
    """The names of the site's citizens, by participant id, for staff who may read the
    vault (hosts of the site and organisers of its dialogue, as people.access decides);
    nobody else gets any. The vault names a participant only by a keyed digest of their
    pseudonym, so the link is made here and kept in memory: never logged, never stored.
    Erased people have no name any more and are left out."""
    people = people_managed_by(user).filter(volunteers__site=site)
    named = dict(
        Volunteer.objects.filter(site=site, person__in=people)
        .exclude(participant_digest="")
        .exclude(person__full_name="")
        .values_list("participant_digest", "person__full_name")
    )
    if not named:
        return {}
    numbers = check_in_numbers(site=site, digests=named)
    return {number: named[digest] for digest, number in numbers.items()}


def access_site_for_switches(*, user: AnyUser, site_id: int) -> Site:
    """The site-wide switches of the day (opening and closing a question's vote for every
    table, double entry, the recommendation vote and its method, the site's paper counts
    of recommendations): hosts and organisers only; a facilitator gets 404."""
    return access_site_for_host(user=user, site_id=site_id)


def access_site_for_stakeholders(*, user: AnyUser, site_id: int) -> Site:
    """The stakeholders' panel of a site (names in the vault, codes): its dialogue's
    organisers only; hosts and facilitators get 404."""
    try:
        return (
            Site.objects.filter(dialogue__in=dialogues_organised_by(user))
            .select_related("dialogue")
            .get(id=site_id)
        )
    except Site.DoesNotExist:
        raise Http404("No such site.") from None


def runs_site(*, user: AnyUser, site: Site) -> bool:
    """Hosts and organisers run the whole site; a facilitator works at their own tables."""
    return sites_hosted_by(user).filter(id=site.id).exists()


def tables_for_staff(*, user: AnyUser, site: Site) -> QuerySet[Table]:
    """The tables a member of the site's staff sees and acts on: every table for hosts and
    organisers, only the tables assigned to them for a facilitator or a note-taker (issue 12
    item 7, issue 15 item 4). The one place this rule lives; `site` must come from
    access_site_for_facilitator."""
    tables = Table.objects.filter(site=site).order_by("number")
    if runs_site(user=user, site=site):
        return tables
    if not isinstance(user, User):
        return tables.none()  # never "the tables with no facilitator"
    return tables.filter(Q(facilitator_id=user.id) | Q(note_taker_id=user.id))


def tables_for_day_reader(*, user: AnyUser, site: Site) -> tuple[QuerySet[Table], bool, bool]:
    """The tables a reader of the day's dashboard sees, whether they see the whole site,
    and whether they only observe it.

    Staff see what tables_for_staff gives them; an observer (the site comes from
    dialogues.access.access_site_for_day_reader) sees every table's counts, which name
    nobody, and acts on none."""
    if sites_facilitated_by(user).filter(id=site.id).exists():
        return tables_for_staff(user=user, site=site), runs_site(user=user, site=site), False
    return Table.objects.filter(site=site).order_by("number"), True, True


def tables_for_notes(*, user: AnyUser, site: Site) -> QuerySet[Table]:
    """The tables whose notes this person writes and reads (issue 15 item 2): every table
    for hosts and organisers, their own tables for a facilitator or note-taker (the same
    rule as tables_for_staff, kept as its own function so notes can diverge in one place).
    `site` must come from access_site_for_facilitator."""
    return tables_for_staff(user=user, site=site)


def access_table_for_notes(*, user: AnyUser, site: Site, table_id: int) -> Table:
    try:
        return tables_for_notes(user=user, site=site).get(id=table_id)
    except Table.DoesNotExist:
        raise Http404("No such table.") from None


def access_table_for_staff(*, user: AnyUser, site: Site, table_id: int) -> Table:
    try:
        return tables_for_staff(user=user, site=site).get(id=table_id)
    except Table.DoesNotExist:
        raise Http404("No such table.") from None


def facilitators_of(*, site: Site, role: Role = Role.FACILITATOR) -> QuerySet[User]:
    """The accounts that may be put in charge of a table: the site's facilitators (or, with
    `role`, its note-takers)."""
    member_ids = Membership.objects.filter(site=site, role=role).values("user_id")
    return User.objects.filter(id__in=member_ids, is_active=True).order_by("username")


def access_question_for_site(*, site: Site, question_id: int) -> Question:
    """A question asked at the site: a common one or the site's own local topic, never
    another site's."""
    questions = questions_at_site(Question.objects.all(), site.id)
    try:
        return questions.get(id=question_id, session__dialogue_id=site.dialogue_id)
    except Question.DoesNotExist:
        raise Http404("No such question.") from None


def access_session_for_site(*, site: Site, session_id: int) -> Session:
    try:
        return Session.objects.get(id=session_id, dialogue_id=site.dialogue_id)
    except Session.DoesNotExist:
        raise Http404("No such session.") from None


VOTING_CODE_CHARACTERS = frozenset(CODE_ALPHABET)


def participant_by_code(*, code: str) -> Participant | None:
    """The citizen holding this voting code (case and spaces forgiven), with their site."""
    cleaned = "".join(code.split()).upper()
    # A character outside the alphabet (a NUL, say, which PostgreSQL refuses in a query)
    # cannot be part of any code: no need to ask the database.
    if not cleaned or not set(cleaned) <= VOTING_CODE_CHARACTERS:
        return None
    return Participant.objects.select_related("site", "site__dialogue").filter(code=cleaned).first()


def card_fingerprint(participant: Participant) -> str:
    """Which card signed a session in: a keyed digest of the code, never the code itself."""
    return salted_hmac("polyvox.deliberation.card", participant.code).hexdigest()[:32]


def participant_from_session(request: HttpRequest) -> Participant | None:
    participant_id = request.session.get(SESSION_KEY)
    if participant_id is None:
        return None
    participant = (
        Participant.objects.select_related("site", "site__dialogue")
        .filter(id=participant_id)
        .first()
    )
    # A card printed again under a new code signs out whoever signed in with the old one.
    if participant is None or request.session.get(CARD_KEY) != card_fingerprint(participant):
        return None
    return participant
