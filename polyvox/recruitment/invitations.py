"""Invitations to the panel and the reserves, and their answers."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from polyvox.accounts.models import User
from polyvox.audit.services import audit_record
from polyvox.core.links import interface_language, reverse_for
from polyvox.dialogues.models import Site
from polyvox.jobs.services import job_enqueue
from polyvox.people.models import Person
from polyvox.recruitment.event_mail import NO_MORE_INVITATIONS, event_email, refuse_when_over
from polyvox.recruitment.models import Invitation, SelectionRun, Volunteer
from polyvox.recruitment.panel_seam import SeatChange, panel_seam
from polyvox.recruitment.records import REPLACEMENTS, RunJob, record_dump

# Who is invited, and with which kind of invitation.
_KINDS = {
    Volunteer.Status.SELECTED: Invitation.Kind.PANEL,
    Volunteer.Status.RESERVE: Invitation.Kind.RESERVE,
}


def invitations_unsent_count(*, site: Site) -> int:
    """How many people invitations_send would email now: the same filter, read only, so
    the question before sending tells the host the true number."""
    volunteers = list(
        Volunteer.objects.filter(site=site, status__in=list(_KINDS))
        .exclude(person__email="")
        .select_related("person")
    )
    already = set(
        Invitation.objects.filter(volunteer__site=site)
        .exclude(sent_at=None)
        .values_list("volunteer_id", "kind")
    )
    numbers = panel_seam().check_in_numbers(
        site=site, digests=[volunteer.participant_digest for volunteer in volunteers]
    )
    return sum(
        1
        for volunteer in volunteers
        if volunteer.participant_digest in numbers
        and (volunteer.id, _KINDS[Volunteer.Status(volunteer.status)]) not in already
    )


def invitations_send(*, site: Site, actor: User | None = None) -> int:
    """Email every selected volunteer and reserve not yet invited, with their check-in
    number. Never the voting code (issue 12 item 7): an email sits in mailboxes, outboxes
    and relays that site staff or server operators may read, and whoever holds the code
    can vote in the citizen's place. At an in-person site the code is handed over on the
    printed card at check-in (its printing audited); at an online or hybrid site the
    citizen reads it on their own invitation page once they have confirmed.

    Not one transaction on purpose: an email cannot be taken back, so each invitation is
    marked sent as soon as its email has gone, and a failure midway loses no record.

    Refused (SiteOverError) once the site's last session has ended: nobody is invited
    to a day that is past."""
    now = timezone.now()
    refuse_when_over(site=site, now=now, refusal=NO_MORE_INVITATIONS)
    kinds = _KINDS
    sent = 0
    volunteers = list(
        Volunteer.objects.filter(site=site, status__in=list(kinds)).select_related("person")
    )
    numbers = panel_seam().check_in_numbers(
        site=site, digests=[volunteer.participant_digest for volunteer in volunteers]
    )
    for volunteer in volunteers:
        invitation, _created = Invitation.objects.get_or_create(
            volunteer=volunteer, kind=kinds[Volunteer.Status(volunteer.status)]
        )
        number = numbers.get(volunteer.participant_digest)
        if invitation.sent_at is not None or number is None or not volunteer.person.email:
            continue
        _email_invitation(site, invitation, volunteer.person, number, now=now)
        Invitation.objects.filter(id=invitation.id).update(sent_at=timezone.now())
        sent += 1
    audit_record(actor=actor, action="invitations.send", site=site, details={"sent": sent})
    return sent


def _email_invitation(
    site: Site, invitation: Invitation, person: Person, number: int, *, now: datetime.datetime
) -> None:
    # The citizen's language, not the host's who pressed "send": the link opens their page.
    language = interface_language(person.preferred_language, *site.languages)
    link = settings.SITE_URL.rstrip("/") + reverse_for(
        language, "recruitment:invitation", args=[invitation.token]
    )
    context = {"invitation": invitation, "check_in_number": number, "link": link}
    with translation.override(language):
        subject = _("Your invitation to the citizens' dialogue in %(city)s") % {"city": site.city}
    event_email(
        site=site,
        language=language,
        to=person.email,
        subject=subject,
        template="recruitment/email/invitation.txt",
        context=context,
        now=now,
    )


def invitation_voting_code(*, invitation: Invitation) -> str | None:
    """The voting code a citizen reads on their own invitation page: only once they have
    confirmed, and only where they may vote from home (an online or hybrid site); at an
    in-person site the code is on the card handed over at check-in."""
    site = invitation.volunteer.site
    if site.mode == Site.Mode.IN_PERSON or invitation.answer != Invitation.Answer.CONFIRMED:
        return None
    digest = invitation.volunteer.participant_digest
    return panel_seam().voting_code(site=site, digest=digest) if digest else None


class AnswerError(Exception):
    pass


@transaction.atomic
def invitation_answer(*, invitation: Invitation, answer: str) -> bool:
    """Record a confirmation or a decline once. A panel member's decline queues the
    replacements job (on commit); returns whether it did."""
    if answer not in Invitation.Answer.values:
        raise AnswerError(_("Choose to confirm or to decline."))
    # Compare-and-set: a second click (or a second tab) finds the answer already given.
    recorded = Invitation.objects.filter(id=invitation.id, answered_at=None).update(
        answered_at=timezone.now(), answer=answer
    )
    if not recorded:
        raise AnswerError(_("You have already answered this invitation."))
    volunteer = Volunteer.objects.select_for_update().get(id=invitation.volunteer_id)
    declined = answer == Invitation.Answer.DECLINED
    # A reserve who confirms stays a reserve on the panel until promoted.
    if volunteer.participant_digest and (declined or invitation.kind == Invitation.Kind.PANEL):
        change = SeatChange(
            participant_digest=volunteer.participant_digest,
            status="declined" if declined else "confirmed",
        )
        panel_seam().participants_status_set(site=volunteer.site, changes=[change])
    if not declined:
        return False
    if volunteer.status == Volunteer.Status.SELECTED:
        volunteer.status = Volunteer.Status.DECLINED
        volunteer.save(update_fields=["status"])
        return _replacements_queue(volunteer.site)
    volunteer.status = Volunteer.Status.WITHDRAWN
    volunteer.save(update_fields=["status"])
    return False


def _replacements_queue(site: Site) -> bool:
    run = SelectionRun.objects.filter(site=site, status=SelectionRun.Status.DRAWN).first()
    if run is None:
        return False
    job_enqueue(
        kind=REPLACEMENTS,
        params=record_dump(RunJob(run_id=run.id)),
        dialogue=site.dialogue,
    )
    return True
