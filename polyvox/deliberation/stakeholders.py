"""The stakeholders' track (issue 15 item 6): named people answering for their organisation.

They are not drawn by lot: organisers register them. Their name, e-mail and organisation go
to the people vault (people.Stakeholder), which names their pseudonymous participant only by
a keyed digest, as for volunteers; the participant carries `track = stakeholders`, votes on
the same ballot pages with its own code, and is left out of every citizens' figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count

from polyvox.accounts.models import AnyUser
from polyvox.audit.services import audit_record
from polyvox.deliberation.models import Participant
from polyvox.dialogues.models import Site
from polyvox.people.digests import participant_digest_for
from polyvox.people.models import Person, Stakeholder


@dataclass(frozen=True)
class StakeholderEntry:
    full_name: str
    organisation: str
    email: str
    language: str


@transaction.atomic
def stakeholder_register(
    *, site: Site, entry: StakeholderEntry, actor: AnyUser | None = None
) -> Participant:
    """A stakeholder on the site's stakeholders' panel, with a voting code of their own;
    with an `actor`, audited (ids only: the name stays in the vault)."""
    participant = Participant.objects.create(
        site=site,
        language=entry.language,
        status=Participant.Status.CONFIRMED,
        track=Participant.Track.STAKEHOLDERS,
    )
    person = Person.objects.create(
        full_name=entry.full_name, email=entry.email, preferred_language=entry.language
    )
    stakeholder = Stakeholder.objects.create(
        person=person,
        site=site,
        organisation=entry.organisation,
        participant_digest=participant_digest_for(participant.pseudonym),
    )
    if actor is not None:
        audit_record(
            actor=actor,
            action="deliberation.stakeholder_register",
            site=site,
            target=f"stakeholder {stakeholder.id}",
            details={"stakeholder": stakeholder.id, "participant": participant.id},
        )
    return participant


@dataclass(frozen=True)
class StakeholderRow:
    name: str
    organisation: str
    answered: int


def stakeholders_of(*, site: Site) -> list[StakeholderRow]:
    """The site's stakeholders for its organisers: name and organisation from the vault,
    how many questions each answered. Codes are shown once, when registered."""
    panel = {participant_digest_for(pseudonym): answered for pseudonym, answered in _answered(site)}
    return [
        StakeholderRow(
            name=item.person.full_name,
            organisation=item.organisation,
            answered=panel.get(item.participant_digest, 0),
        )
        for item in Stakeholder.objects.filter(site=site)
        .select_related("person")
        .order_by("organisation", "id")
    ]


def _answered(site: Site) -> list[tuple[str, int]]:
    return list(
        Participant.objects.filter(site=site, track=Participant.Track.STAKEHOLDERS)
        .annotate(n=Count("answers"))
        .values_list("pseudonym", "n")
    )
