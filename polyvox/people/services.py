"""Writes of the vault that need only the vault: emailing a person the link to their data.

Export and erasure span volunteers, participants and answers: they are in
polyvox.deliberation.personal_data.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from polyvox.core.links import interface_language, reverse_for
from polyvox.people.access import self_service_token
from polyvox.people.models import Person


def self_service_link_send(*, email: str) -> int:
    """Email a link to their data to whoever registered with this address; how many people
    it covers is for tests only: the page says the same whether or not we know the address."""
    people = list(Person.objects.filter(email__iexact=email.strip(), erased_at=None))
    if not people:
        return 0
    language = interface_language(people[0].preferred_language)
    link = settings.SITE_URL.rstrip("/") + reverse_for(
        language, "people:self", args=[self_service_token(people=people)]
    )
    with translation.override(language):
        subject = _("Your personal data at Polyvox")
        body = render_to_string("people/email/self_service.txt", {"link": link})
    send_mail(subject, body, None, [people[0].email])
    return len(people)
