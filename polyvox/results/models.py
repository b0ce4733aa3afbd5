"""Results: the cached numbers of a dialogue and the reports written from them.

Pages, the API and the open-data files read one `ResultsSnapshot` row instead of
recounting every answer on each request; a background job refreshes it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultsSnapshot(models.Model):
    """Every published number of one dialogue, as computed by engines.tally at `computed_at`."""

    dialogue = models.OneToOneField(
        "dialogues.Dialogue", on_delete=models.CASCADE, related_name="results_snapshot"
    )
    data = models.JSONField(default=dict)
    # Drawn charts of the default page in every language, by spec hash: every web process
    # reads them from here instead of drawing them again (see results.charts).
    charts = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("results snapshot")
        verbose_name_plural = _("results snapshots")

    def __str__(self) -> str:
        return f"{self.dialogue_id} @ {self.computed_at:%Y-%m-%d %H:%M}"


def report_path(instance: Report, filename: str) -> str:
    return f"reports/{instance.dialogue_id}/{filename}"


class Report(models.Model):
    """A PDF report for decision-makers: the whole dialogue or one country, in one language."""

    GLOBAL = "global"

    dialogue = models.ForeignKey(
        "dialogues.Dialogue", on_delete=models.CASCADE, related_name="reports"
    )
    # "global" or an ISO country code.
    scope = models.CharField(_("scope"), max_length=12, default=GLOBAL)
    language = models.CharField(_("language"), max_length=12)
    file = models.FileField(_("file"), upload_to=report_path)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["dialogue", "scope", "language", "-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.scope} ({self.language})"
