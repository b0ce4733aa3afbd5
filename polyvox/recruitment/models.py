"""Pools, quotas, selection runs and invitations, per site.

A volunteer's identity stays in the people vault; the sortition engine only sees the
volunteer's id, category values and a household digest. Once drawn, a volunteer gets a
pseudonymous deliberation.Participant; the volunteer keeps only an HMAC of its pseudonym,
so nothing leads from the deliberation records back here.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from polyvox.core.translation import TranslatedTextField


class Category(models.Model):
    """A demographic question the site's panel must mirror (gender, age band, …)."""

    site = models.ForeignKey(
        "dialogues.Site", on_delete=models.CASCADE, related_name="recruitment_categories"
    )
    key = models.SlugField(_("key"), max_length=40)
    label = TranslatedTextField(_("label"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["site", "position", "key"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["site", "key"], name="category_key_unique_in_site")
        ]

    def __str__(self) -> str:
        return self.key


class CategoryValue(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="values")
    key = models.SlugField(_("key"), max_length=40)
    label = TranslatedTextField(_("label"))
    # Share of the population (0–1), for quotas and the report; optional.
    population_share = models.FloatField(_("population share"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category", "position", "key"]
        verbose_name = _("category value")
        verbose_name_plural = _("category values")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "key"], name="category_value_key_unique_in_category"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category.key}={self.key}"


class Volunteer(models.Model):
    class Status(models.TextChoices):
        POOL = "pool", _("In the pool")
        SELECTED = "selected", _("Selected")
        RESERVE = "reserve", _("Reserve")
        DECLINED = "declined", _("Declined")
        REPLACED = "replaced", _("Replaced")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Source(models.TextChoices):
        REGISTRATION = "registration", _("Registration page")
        IMPORT = "import", _("Import")
        DEMO = "demo", _("Demo")

    site = models.ForeignKey("dialogues.Site", on_delete=models.CASCADE, related_name="volunteers")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="volunteers")
    values = models.JSONField(_("category values"), default=dict)
    # HMAC-SHA256 of the normalised address: housemates share it, the engine never sees
    # the address itself.
    household_key = models.CharField(max_length=64, blank=True)
    # HMAC-SHA256 of the lower-cased email, so the database refuses a second registration.
    email_digest = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.POOL
    )
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.REGISTRATION)
    # HMAC-SHA256 of the participant's pseudonym once drawn: no key into deliberation.
    participant_digest = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["site", "id"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "email_digest"],
                condition=~models.Q(email_digest=""),
                name="volunteer_email_unique_in_site",
            )
        ]

    def __str__(self) -> str:
        return f"Volunteer {self.pk}"


class SiteRecruitment(models.Model):
    """A site's recruitment settings; a site without a row takes registrations."""

    site = models.OneToOneField(
        "dialogues.Site", on_delete=models.CASCADE, related_name="recruitment"
    )
    registration_open = models.BooleanField(_("registration open"), default=True)

    class Meta:
        verbose_name = _("recruitment settings")
        verbose_name_plural = _("recruitment settings")

    def __str__(self) -> str:
        return f"Recruitment of site {self.site_id}"


class PoolImport(models.Model):
    """One uploaded pool file, imported by the `recruitment.pool_import` job."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        DONE = "done", _("Imported")
        REFUSED = "refused", _("Refused")

    site = models.ForeignKey("dialogues.Site", on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(_("file"), max_length=200)
    # The uploaded bytes wait here for a worker, which may run on another machine (so not
    # on a disk, and never under MEDIA_ROOT where they could be served); the import
    # blanks them when it ends, whatever its outcome.
    content = models.BinaryField(default=b"", blank=True)
    # The uploader's language, so the problems are listed in it.
    language = models.CharField(max_length=10, default="en")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    rows = models.PositiveIntegerField(_("rows imported"), null=True, blank=True)
    # Each problem as its text: file, row, column and what is wrong (never a name or email).
    problems = models.JSONField(default=list, blank=True)
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pool import")
        verbose_name_plural = _("pool imports")

    def __str__(self) -> str:
        return f"Import {self.pk}"


class Quota(models.Model):
    site = models.ForeignKey("dialogues.Site", on_delete=models.CASCADE, related_name="quotas")
    value = models.OneToOneField(CategoryValue, on_delete=models.CASCADE, related_name="quota")
    min = models.PositiveIntegerField(_("minimum"))
    max = models.PositiveIntegerField(_("maximum"))
    min_flex = models.PositiveIntegerField(_("lowest acceptable minimum"), null=True, blank=True)
    max_flex = models.PositiveIntegerField(_("highest acceptable maximum"), null=True, blank=True)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")

    def __str__(self) -> str:
        return f"{self.value_id}: {self.min}–{self.max}"


class SelectionRun(models.Model):
    """One lottery: prepared (pool frozen, commitment published), then drawn."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing")
        PREPARED = "prepared", _("Commitment published")
        DRAWN = "drawn", _("Drawn")
        FAILED = "failed", _("Failed")

    site = models.ForeignKey(
        "dialogues.Site", on_delete=models.CASCADE, related_name="selection_runs"
    )
    algorithm = models.CharField(_("algorithm"), max_length=12, default="leximin")
    panel_size = models.PositiveIntegerField(_("panel size"))
    reserves = models.PositiveIntegerField(_("reserves"), default=0)
    panels = models.PositiveIntegerField(_("panels in the lottery"), default=1000)
    seed = models.BigIntegerField(default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PREPARING
    )
    # The frozen pool and quotas (volunteer ids, values, household digests: no identity).
    frozen = models.JSONField(default=dict, blank=True)
    commitment = models.CharField(_("commitment"), max_length=64, blank=True)
    lottery = models.JSONField(default=dict, blank=True)
    public_random = models.CharField(_("public random value"), max_length=200, blank=True)
    draw_seed = models.CharField(max_length=64, blank=True)
    ticket = models.PositiveIntegerField(null=True, blank=True)
    minimum_probability = models.FloatField(null=True, blank=True)
    number_of_panels = models.PositiveIntegerField(null=True, blank=True)
    selected_ids = models.JSONField(default=list, blank=True)
    reserve_ids = models.JSONField(default=list, blank=True)
    report = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    drawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("selection run")
        verbose_name_plural = _("selection runs")

    def __str__(self) -> str:
        return f"Selection {self.pk}"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    class Kind(models.TextChoices):
        PANEL = "panel", _("Panel")
        RESERVE = "reserve", _("Reserve")

    class Answer(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.CharField(max_length=12, choices=Answer.choices, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "kind"], name="one_invitation_per_volunteer_and_kind"
            )
        ]

    def __str__(self) -> str:
        return f"Invitation {self.pk}"


class Reminder(models.Model):
    """One reminder to one drawn volunteer, claimed before its e-mail goes.

    The row is the claim: the database takes one per volunteer and kind, so two workers
    sending reminders at once send each one once. It holds no address: the e-mail goes
    to the one in the people vault, read when it is sent."""

    class Kind(models.TextChoices):
        WEEK = "week", _("One week before")
        DAY = "day", _("One day before")
        HOUR = "hour", _("One hour before")

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "kind"], name="one_reminder_per_volunteer_and_kind"
            )
        ]

    def __str__(self) -> str:
        return f"Reminder {self.kind} to volunteer {self.volunteer_id}"
