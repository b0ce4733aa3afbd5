"""A drawn panel that has voted, for the vault's tests: identities in the pool, pseudonymous
participants with answers on the day."""

from __future__ import annotations

from dataclasses import dataclass

from polyvox.deliberation import ballots, windows
from polyvox.deliberation.models import Participant
from polyvox.dialogues.models import Site
from polyvox.people.digests import participant_digest_for
from polyvox.people.models import Person
from polyvox.recruitment import selection, selectors
from polyvox.recruitment.models import SelectionRun, Volunteer
from polyvox.recruitment.quotas import quotas_save
from tests.deliberation.helpers import Agenda, make_agenda
from tests.recruitment.helpers import make_pool

PANEL = 6


@dataclass
class Panel:
    site: Site
    run: SelectionRun
    agenda: Agenda


def drawn_panel(site: Site, *, pool: int = 16) -> Panel:
    make_pool(site, size=pool)
    bounds = {
        value.id: (0, PANEL)
        for category in selectors.site_categories(site=site)
        for value in category.values.all()
    }
    quotas_save(site=site, bounds=bounds)
    run = selection.selection_prepare(
        site=site, panel_size=PANEL, reserves=2, algorithm="leximin", created_by=None
    )
    selection.selection_compute(run=run, on_progress=lambda fraction, message: None)
    run.refresh_from_db()
    selection.selection_draw(run=run, public_random="drand round 7")
    return Panel(site=site, run=run, agenda=make_agenda(site.dialogue))


def participant_of(person: Person) -> Participant:
    digest = Volunteer.objects.get(person=person).participant_digest
    return next(
        participant
        for participant in Participant.objects.all()
        if participant_digest_for(participant.pseudonym) == digest
    )


def vote_everyone(panel: Panel) -> None:
    """Every participant answers the single-choice and the open question."""
    agenda = panel.agenda
    for question in (agenda.single, agenda.open):
        windows.window_open(site=panel.site, question=question)
    yes, no = agenda.single.options.order_by("position")
    for n, participant in enumerate(Participant.objects.filter(site=panel.site)):
        participant.status = Participant.Status.PRESENT
        participant.save(update_fields=["status"])
        option = yes if n % 3 else no
        ballots.ballot_cast(question_id=agenda.single.id, choice=option.id, code=participant.code)
        ballots.ballot_cast(
            question_id=agenda.open.id, choice=f"Idea number {n}", code=participant.code
        )


def selected_person(panel: Panel) -> Person:
    volunteer = Volunteer.objects.filter(site=panel.site, status=Volunteer.Status.SELECTED).first()
    assert volunteer is not None
    return volunteer.person
