"""Results: the cached numbers of a dialogue and the reports written from them.

Pages, the API and the open-data files read one `ResultsSnapshot` row instead of
recounting every answer on each request; a background job refreshes it.
"""

from __future__ import annotations

from typing import TypedDict

from django.db import models
from django.utils.translation import gettext_lazy as _

from polyvox.core.translation import TranslatedTextField, pick_text


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
    # The reference data (countries' populations, income groups, regions) frozen when the
    # results were published, as a ReferenceRecord (see results.reference_data); empty while
    # provisional. A refresh keeps it, so published figures do not move with the table.
    reference_frozen = models.JSONField(default=dict, blank=True)

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
    # The request (job) that wrote it: a retried job finds its report instead of writing a
    # second one. Blank for reports written before, or outside a job.
    request_key = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["dialogue", "scope", "language", "-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["request_key"],
                condition=~models.Q(request_key=""),
                name="report_request_key_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} ({self.language})"


class ThemeQuote(TypedDict):
    """One element of Theme.quotes: a text id ("answer:12") and its text by language."""

    id: str
    text: dict[str, str]


def theme_quotes_load(raw: object) -> list[ThemeQuote]:
    """Theme.quotes as stored, checked: anything but a list of {id, text} objects is dropped."""
    if not isinstance(raw, list):
        return []
    return [
        ThemeQuote(id=item["id"], text=dict(item["text"]))
        for item in raw
        if isinstance(item, dict)
        and isinstance(item.get("id"), str)
        and isinstance(item.get("text"), dict)
    ]


def theme_strings_load(raw: object) -> list[str]:
    """Theme.members or Theme.label_terms as stored: a list of strings."""
    return [item for item in raw if isinstance(item, str)] if isinstance(raw, list) else []


def snapshot_charts_load(raw: object) -> dict[str, str]:
    """ResultsSnapshot.charts as stored: SVG text by spec hash."""
    if not isinstance(raw, dict):
        return {}
    return {key: svg for key, svg in raw.items() if isinstance(key, str) and isinstance(svg, str)}


NOTES_SOURCE = "notes"


class Theme(models.Model):
    """A theme of the open answers to one question, or of the tables' recommendations.

    Themes of the whole dialogue have no site; a host's themes of their own site's texts
    have one. Members and quotes are text ids ("answer:12", "recommendation:3"); each
    quote also keeps its text, so public pages read themes in one query.
    """

    dialogue = models.ForeignKey(
        "dialogues.Dialogue", on_delete=models.CASCADE, related_name="themes"
    )
    site = models.ForeignKey(
        "dialogues.Site", on_delete=models.CASCADE, null=True, blank=True, related_name="themes"
    )
    # An open question, or none for the tables' recommendations.
    question = models.ForeignKey(
        "dialogues.Question", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # "notes" for the themes of the tables' notes (issue 15 item 2; question is then
    # empty too); blank for open answers and recommendations.
    source = models.CharField(_("source"), max_length=16, blank=True, default="")
    language = models.CharField(_("language"), max_length=12)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = TranslatedTextField(_("title"))
    label_terms = models.JSONField(default=list, blank=True)
    size = models.PositiveIntegerField(_("texts"), default=0)
    members = models.JSONField(default=list, blank=True)
    # [{"id": "answer:12", "text": {"fr": "…"}}, …], in the order shown.
    quotes = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["dialogue", "site", "question", "position", "id"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return pick_text(self.title, fallback=self.language) or ", ".join(self.label_terms)


class PopulationOverride(models.Model):
    """An organiser's own population figure for one country of a dialogue, with its source.

    It replaces the World Bank figure (or gives one where the World Bank has none, as for
    Taiwan) in population-weighted shares, and is shown as an override wherever the
    source of the figures is shown.
    """

    dialogue = models.ForeignKey(
        "dialogues.Dialogue", on_delete=models.CASCADE, related_name="population_overrides"
    )
    country = models.CharField(_("country"), max_length=2)
    population = models.PositiveBigIntegerField(_("population"))
    source = models.CharField(_("source"), max_length=300)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["dialogue", "country"]
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "country"], name="one_population_override_per_country"
            )
        ]
        verbose_name = _("population override")
        verbose_name_plural = _("population overrides")

    def __str__(self) -> str:
        return f"{self.country}: {self.population}"


# Written reports and the record of impact live in their own module; importing them here
# registers them with the app.
from polyvox.results.written_models import ImpactEntry as ImpactEntry  # noqa: E402
from polyvox.results.written_models import ReportSection as ReportSection  # noqa: E402
from polyvox.results.written_models import WrittenReport as WrittenReport  # noqa: E402
