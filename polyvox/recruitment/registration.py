"""Volunteers registering themselves, and the host's switch of the registration page."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from polyvox.accounts.models import User
from polyvox.audit.services import audit_record
from polyvox.core.links import interface_language
from polyvox.dialogues.models import Site
from polyvox.people.digests import email_digest_for, household_key_for
from polyvox.people.models import Person
from polyvox.recruitment import stages
from polyvox.recruitment.event_mail import REGISTRATION_ENDED, event_email, refuse_when_over
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


def volunteer_register_or_remind(*, site: Site, registration: Registration) -> Volunteer | None:
    """The public page's registration: a second registration with a known email creates
    nobody and emails that address instead, so the page answers the same whether or not
    the address is known (it must not tell a stranger who registered). Returns the new
    volunteer, or None when the address was already registered (for tests only). Refused
    (RegistrationClosedError, saying why) unless the site's stage takes volunteers."""
    stages.refuse_registration(site=site, now=timezone.now())
    try:
        volunteer = volunteer_register(site=site, registration=registration, consent=True)
    except DuplicateVolunteerError:
        _email_already_registered(site, registration)
        return None
    _email_registered(site, registration)
    return volunteer


def _email_registered(site: Site, registration: Registration) -> None:
    """The confirmation: they are in the pool, when and where the day is, whom to ask.
    No calendar file: they will only come if they are drawn."""
    language = interface_language(registration.language, *site.languages)
    with translation.override(language):
        subject = _("You are registered for the citizens' dialogue in %(city)s") % {
            "city": site.city
        }
    event_email(
        site=site,
        language=language,
        to=registration.email,
        subject=subject,
        template="recruitment/email/registered.txt",
        context={},
        now=timezone.now(),
        calendar=False,
    )


def _email_already_registered(site: Site, registration: Registration) -> None:
    with translation.override(registration.language or None):
        subject = _("You are already registered for the citizens' dialogue in %(city)s") % {
            "city": site.city
        }
        body = render_to_string("recruitment/email/already_registered.txt", {"site": site})
    send_mail(subject, body, None, [registration.email])


@transaction.atomic
def volunteer_register(
    *, site: Site, registration: Registration, consent: bool, source: str = "registration"
) -> Volunteer:
    """One volunteer and their person record, together; the database refuses a second
    registration with the same email at the same site (DuplicateVolunteerError), and
    nobody registers once the site's day is past (SiteOverError) or the results are final
    (RegistrationClosedError)."""
    if not consent:
        raise ValidationError(_("Consent is required to register."))
    refuse_when_over(site=site, now=timezone.now(), refusal=REGISTRATION_ENDED)
    stages.refuse_after_results(site=site)
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
    """Open or close the site's public registration page. Reopening is refused
    (RegistrationClosedError) once a later stage makes new volunteers pointless."""
    if is_open:
        _refuse_reopening(site=site)
    settings_row, _created = SiteRecruitment.objects.get_or_create(site=site)
    if settings_row.registration_open == is_open:
        return
    settings_row.registration_open = is_open
    settings_row.save(update_fields=["registration_open"])
    action = "registration.open" if is_open else "registration.close"
    audit_record(actor=actor, action=action, site=site)


def _refuse_reopening(*, site: Site) -> None:
    stage = stages.site_stage_of(site=site, now=timezone.now())
    if stage == stages.Stage.LOTTERY_PREPARED:
        raise stages.RegistrationClosedError(
            _("The lottery is prepared with the pool as it was: draw the panel instead.")
        )
    if stage > stages.Stage.LOTTERY_PREPARED:
        refusal = stages.registration_refusal(site=site, now=timezone.now())
        raise stages.RegistrationClosedError(refusal)
