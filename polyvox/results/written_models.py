"""Reports people write (a global one, or one per country, section by section and language
by language) and the record of what the results led to. Imported by results.models."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WrittenReport(models.Model):
    """The written report of a dialogue ("global") or of one country (its ISO code)."""

    GLOBAL = "global"

    dialogue = models.ForeignKey(
        "dialogues.Dialogue", on_delete=models.CASCADE, related_name="written_reports"
    )
    scope = models.CharField(_("scope"), max_length=12, default=GLOBAL)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["dialogue", "scope"]
        verbose_name = _("written report")
        verbose_name_plural = _("written reports")
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "scope"], name="one_written_report_per_scope"
            )
        ]

    def __str__(self) -> str:
        return self.scope


class ReportSection(models.Model):
    """One section of a written report in one language.

    `text` is the writers' working text; `approved_text` is the version an organiser last
    approved, and the only one readers ever see. Editing an approved section sends its
    working text back to draft while the approved version stays public until a new one is
    approved."""

    class Kind(models.TextChoices):
        EXECUTIVE_SUMMARY = "executive_summary", _("Executive summary")
        KEY_MESSAGES = "key_messages", _("Key messages")
        SESSION = "session", _("Session")
        CONCLUSIONS = "conclusions", _("Conclusions and next steps")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        APPROVED = "approved", _("Approved")

    report = models.ForeignKey(WrittenReport, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    session = models.ForeignKey(
        "dialogues.Session", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=12)
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    approved_text = models.TextField(_("approved text"), blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["report", "language", "id"]
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind", "language"],
                condition=models.Q(session__isnull=True),
                name="one_report_section_per_kind_and_language",
            ),
            models.UniqueConstraint(
                fields=["report", "session", "language"],
                condition=models.Q(session__isnull=False),
                name="one_report_section_per_session_and_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.language})"


def impact_document_path(instance: ImpactEntry, filename: str) -> str:
    return f"impact/{instance.dialogue_id}/{filename}"


class ImpactEntry(models.Model):
    """Who received a dialogue's results, what they answered and what came of it."""

    class FollowUp(models.TextChoices):
        RECEIVED = "received", _("Received")
        RESPONDED = "responded", _("Responded")
        ACTED_ON = "acted_on", _("Acted on")

    dialogue = models.ForeignKey(
        "dialogues.Dialogue", on_delete=models.CASCADE, related_name="impact_entries"
    )
    institution = models.CharField(_("institution"), max_length=200)
    event = models.CharField(_("event"), max_length=200, blank=True)
    received_on = models.DateField(_("date received"))
    language = models.CharField(_("language"), max_length=12)
    response_text = models.TextField(_("their answer"), blank=True)
    response_document = models.FileField(
        _("their answer as a document"), upload_to=impact_document_path, blank=True
    )
    status = models.CharField(
        _("follow-up"), max_length=12, choices=FollowUp.choices, default=FollowUp.RECEIVED
    )
    # Public https addresses that show the follow-up, in the order given.
    evidence_links = models.JSONField(_("evidence links"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["dialogue", "-received_on", "id"]
        verbose_name = _("impact entry")
        verbose_name_plural = _("impact entries")

    def __str__(self) -> str:
        return self.institution
