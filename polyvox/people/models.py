"""The vault: the only tables that hold who a volunteer is and how to reach them.

Nothing outside polyvox.people and polyvox.recruitment points here, and the deliberation
records (pseudonymous participants, answers) have no path back to these rows.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Person(models.Model):
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=12)
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set once the identity is blanked (on request or when the retention period ends).
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        # Never the name: objects end up in logs and error reports.
        return f"Person {self.pk}"


class Stakeholder(models.Model):
    """A named member of a dialogue's stakeholders' panel, answering for their organisation
    (issue 15 item 6). Like a volunteer, it reaches its pseudonymous participant only
    through a keyed digest of the pseudonym: nothing in deliberation points back here."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="stakeholder")
    site = models.ForeignKey("dialogues.Site", on_delete=models.CASCADE, related_name="+")
    organisation = models.CharField(_("organisation"), max_length=200)
    participant_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")

    def __str__(self) -> str:
        return f"Stakeholder {self.pk}"
