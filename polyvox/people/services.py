"""Writes of the vault: erasing a person, on request or when their dialogue's retention ends.

Erasure blanks the identity and cuts the only link from a person to their pseudonym (the
volunteer's HMAC of it), and leaves the pseudonymous participant and its answers as they
are: results do not change, and nothing can lead back to the person any more.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from polyvox.accounts.models import AnyUser
from polyvox.audit.services import audit_record
from polyvox.dialogues.models import Dialogue, Site
from polyvox.people.access import self_service_token
from polyvox.people.models import Person
from polyvox.people.selectors import people_due_for_erasure, person_export
from polyvox.recruitment.models import Volunteer

ERASE_ACTION = "person.erase"
EXPORT_ACTION = "person.export"
PRUNE_ACTION = "people.prune"


def person_export_for(
    *, person: Person, actor: AnyUser | None, by: str = "staff", form: str = "json"
) -> dict[str, Any]:
    """The export, recorded in the audit trail of each site the person volunteered at:
    it links a name to answers, so whoever reads it should be on record."""
    for site in Site.objects.filter(volunteers__person_id=person.id).distinct():
        audit_record(
            actor=actor,
            action=EXPORT_ACTION,
            site=site,
            target=f"Person {person.id}",
            details={"by": by, "format": form},
        )
    return person_export(person=person)


def self_service_link_send(*, email: str) -> int:
    """Email a link to their data to whoever registered with this address; how many people
    it covers is for tests only: the page says the same whether or not we know the address."""
    people = list(Person.objects.filter(email__iexact=email.strip(), erased_at=None))
    if not people:
        return 0
    link = settings.SITE_URL.rstrip("/") + reverse(
        "people:self", args=[self_service_token(people=people)]
    )
    with translation.override(people[0].preferred_language):
        subject = _("Your personal data at Polyvox")
        body = render_to_string("people/email/self_service.txt", {"link": link})
    send_mail(subject, body, None, [people[0].email])
    return len(people)


def _erase_rows(people: QuerySet[Person], now: datetime.datetime) -> list[int]:
    """Blank every not yet erased person of the queryset; returns the ids this call erased."""
    candidates = list(people.filter(erased_at=None).values_list("id", flat=True).distinct())
    # Lock, then re-read: of two erasures running at once only one finds each row unerased.
    ids = list(
        Person.objects.filter(id__in=candidates, erased_at=None)
        .select_for_update()
        .values_list("id", flat=True)
    )
    if not ids:
        return []
    Person.objects.filter(id__in=ids).update(
        full_name="", email="", phone="", postal_address="", erased_at=now
    )
    volunteers = Volunteer.objects.filter(person_id__in=ids)
    # The digests are keyed hashes of the email, the address and the pseudonym: blanking
    # them breaks the person → participant link and frees the email for a new registration.
    volunteers.update(household_key="", email_digest="", participant_digest="")
    # Nobody could invite them any more: out of future lotteries. Those already drawn keep
    # their status, so a finished panel's records stay as they were.
    volunteers.filter(status=Volunteer.Status.POOL).update(status=Volunteer.Status.WITHDRAWN)
    return ids


@transaction.atomic
def person_erase(
    *,
    person: Person,
    actor: AnyUser | None,
    by: str = "staff",
    now: datetime.datetime | None = None,
) -> bool:
    """Erase one person; False when they were erased already (erasing twice is harmless)."""
    erased = _erase_rows(Person.objects.filter(id=person.id), now or timezone.now())
    if not erased:
        return False
    # One event per site they volunteered at, so each site's organisers see it. The event
    # names the row, never what it held.
    for site in Site.objects.filter(volunteers__person_id=person.id).distinct():
        audit_record(
            actor=actor,
            action=ERASE_ACTION,
            site=site,
            target=f"Person {person.id}",
            details={"by": by},
        )
    person.refresh_from_db()
    return True


@dataclass(frozen=True)
class PruneReport:
    """People erased (or, in a dry run, to erase) per dialogue slug."""

    per_dialogue: dict[str, int]
    dry_run: bool

    @property
    def total(self) -> int:
        return sum(self.per_dialogue.values())


@transaction.atomic
def people_prune(*, now: datetime.datetime | None = None, dry_run: bool = False) -> PruneReport:
    """Erase everyone whose every dialogue is past its retention period. Running it again
    finds nobody new, so cron may run it as often as it likes."""
    now = now or timezone.now()
    due = people_due_for_erasure(today=now.date())
    counts: Counter[str] = Counter()
    slugs = dict(Dialogue.objects.values_list("id", "slug"))
    pairs = Volunteer.objects.filter(person__in=due).values_list("person_id", "site__dialogue_id")
    dialogue_of = dict(pairs)
    erased = list(due.values_list("id", flat=True)) if dry_run else _erase_rows(due, now)
    for person_id in erased:
        counts[slugs[dialogue_of[person_id]]] += 1
    if not dry_run:
        for dialogue in Dialogue.objects.filter(slug__in=list(counts)):
            audit_record(
                actor=None,
                action=PRUNE_ACTION,
                dialogue=dialogue,
                details={
                    "erased": counts[dialogue.slug],
                    "retention_months": dialogue.retention_months,
                },
            )
    return PruneReport(per_dialogue=dict(sorted(counts.items())), dry_run=dry_run)
