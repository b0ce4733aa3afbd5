"""Volunteers registering themselves, and the host's switch of the registration page."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polyvox.accounts.models import User
from polyvox.audit.services import audit_record
from polyvox.dialogues.models import Site
from polyvox.people.digests import email_digest_for, household_key_for
from polyvox.people.models import Person
from polyvox.recruitment.models import (
    SiteRecruitment,
    Volunteer,
)

CONSENT_VERSION = "2026-11"


@dataclass(frozen=True)
class Registration:
    full_name: str
    email: str
    phone: str
    address: str
    language: str
    values: dict[str, str]


class DuplicateVolunteerError(Exception):
    pass


@transaction.atomic
def volunteer_register(
    *, site: Site, registration: Registration, consent: bool, source: str = "registration"
) -> Volunteer:
    """One volunteer and their person record, together; the database refuses a second
    registration with the same email at the same site."""
    if not consent:
        raise ValidationError(_("Consent is required to register."))
    person = Person.objects.create(
        full_name=registration.full_name,
        email=registration.email,
        phone=registration.phone,
        postal_address=registration.address,
        preferred_language=registration.language,
        consent_given_at=timezone.now(),
        consent_version=CONSENT_VERSION,
    )
    try:
        # A savepoint, so the outer transaction survives the refused insert.
        with transaction.atomic():
            return Volunteer.objects.create(
                site=site,
                person=person,
                values=registration.values,
                household_key=household_key_for(registration.address),
                email_digest=email_digest_for(registration.email),
                source=source,
            )
    except IntegrityError:
        transaction.set_rollback(True)
        raise DuplicateVolunteerError from None


@transaction.atomic
def registration_set(*, site: Site, is_open: bool, actor: User) -> None:
    """Open or close the site's public registration page."""
    settings_row, _created = SiteRecruitment.objects.get_or_create(site=site)
    if settings_row.registration_open == is_open:
        return
    settings_row.registration_open = is_open
    settings_row.save(update_fields=["registration_open"])
    action = "registration.open" if is_open else "registration.close"
    audit_record(actor=actor, action=action, site=site)
