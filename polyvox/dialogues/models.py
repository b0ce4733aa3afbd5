"""Dialogues, the organisations behind them, their sites and their agenda."""

from __future__ import annotations

import calendar
import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from polyvox.core.translation import TranslatedTextField, is_known_language, pick_text
from polyvox.dialogues import regions
from polyvox.dialogues.licences import Licence
from polyvox.dialogues.rooms import validate_https_url, validate_room_template

LOGO_EXTENSIONS = ["png", "jpg", "jpeg", "webp"]  # no SVG: it can carry script.
BOOKLET_EXTENSIONS = ["pdf"]
# A host may move their site's day by up to twelve hours either way.
MAX_SHIFT_MINUTES = 12 * 60


def validate_language_codes(value: object) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_('List at least one language code, for example ["fr"].'))
    unknown = [code for code in value if not isinstance(code, str) or not is_known_language(code)]
    if unknown:
        raise ValidationError(
            _("Unknown language codes: %(codes)s."), params={"codes": ", ".join(map(str, unknown))}
        )


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a time zone (use a name such as Europe/Paris)."),
            params={"value": value},
        )


def validate_language_code(value: str) -> None:
    if not is_known_language(value):
        raise ValidationError(_("%(value)s is not a known language code."), params={"value": value})


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description = TranslatedTextField(_("description"), blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        validators=[FileExtensionValidator(LOGO_EXTENSIONS)],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name


class Dialogue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        RECRUITING = "recruiting", _("Recruiting")
        DELIBERATING = "deliberating", _("Deliberating")
        RESULTS_PUBLISHED = "results_published", _("Results published")

    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    title = TranslatedTextField(_("title"))
    theme = TranslatedTextField(_("theme"), blank=True)
    description = TranslatedTextField(_("description"), blank=True)
    source_language = models.CharField(
        _("source language"), max_length=12, default="en", validators=[validate_language_code]
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    # Personal data of volunteers is erased this many months after the end date (see
    # polyvox.deliberation.personal_data.people_prune); volunteers read it in the privacy notice.
    retention_months = models.PositiveSmallIntegerField(
        _("months personal data is kept after the end"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "Names and contacts of volunteers are erased this long after the end date; "
            "anonymous answers and results are kept."
        ),
    )
    # Published microdata and every table read from it show no group of fewer than this many
    # participants of a site (polyvox.engines.tally.anonymity).
    k_anonymity = models.PositiveSmallIntegerField(
        _("smallest group published"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(100)],
        help_text=_(
            "Open data and results show no combination of site and demographic values "
            "shared by fewer participants than this; rarer ones are merged or withheld."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="organised_dialogues",
        verbose_name=_("organiser"),
    )
    licence = models.CharField(
        _("licence of the results"),
        max_length=20,
        choices=Licence.choices,
        default=Licence.CC_BY,
        help_text=_("Published results, reports, open data and the API carry this licence."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "slug"]
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="dialogue_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return pick_text(self.title, fallback=self.source_language) or self.slug

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
        if self.title and self.source_language not in self.title:
            raise ValidationError({"title": _("Give the title in the source language first.")})

    @property
    def personal_data_kept_until(self) -> datetime.date:
        """The day volunteers' names and contacts are erased: the end date plus the
        retention period, on the same day of the month (or the month's last day)."""
        months = self.end_date.month - 1 + self.retention_months
        year, month = self.end_date.year + months // 12, months % 12 + 1
        day = min(self.end_date.day, calendar.monthrange(year, month)[1])
        return datetime.date(year, month, day)


class Tier(models.TextChoices):
    """Order matters: partner lists are grouped and shown in this order."""

    ORGANISER = "organiser", _("Organiser")
    GLOBAL_PARTNER = "global_partner", _("Global partner")
    COOPERATION_PARTNER = "cooperation_partner", _("Cooperation partner")
    PILOT_PARTNER = "pilot_partner", _("Pilot partner")
    SCIENTIFIC_COMMITTEE = "scientific_committee", _("Scientific committee")
    NATIONAL_HOST = "national_host", _("National or local host")


TIER_ORDER = {tier: position for position, tier in enumerate(Tier.values)}


class Site(models.Model):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.CASCADE, related_name="sites", verbose_name=_("dialogue")
    )
    slug = models.SlugField(_("address name"), max_length=80)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120)
    languages = models.JSONField(
        _("languages"),
        default=list,
        validators=[validate_language_codes],
        help_text=_('Language codes used with participants, for example ["fr", "en"].'),
    )
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[validate_time_zone])
    date = models.DateField(_("date"))
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices, default=Mode.IN_PERSON)
    target_participants = models.PositiveIntegerField(
        _("target number of participants"), default=100, validators=[MinValueValidator(1)]
    )
    # Where and how citizens meet, shown on their "my day" page.
    venue_address = models.TextField(_("venue address"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    room_template = models.CharField(
        _("room template"),
        max_length=300,
        blank=True,
        validators=[validate_room_template],
        help_text=_(
            "The address of a table's online room, with {table} and {session} where the "
            "table's number and the session's key go, for example "
            "https://meet.jit.si/our-dialogue-{table}-{session}."
        ),
    )
    plenary_room_url = models.URLField(
        _("plenary room"), max_length=300, blank=True, validators=[validate_https_url]
    )
    # Moves every session of the site by this many minutes of local time (a host's choice:
    # a site that starts later in the morning); per-session overrides are SessionStart.
    schedule_shift_minutes = models.SmallIntegerField(
        _("schedule shift (minutes)"),
        default=0,
        validators=[MinValueValidator(-MAX_SHIFT_MINUTES), MaxValueValidator(MAX_SHIFT_MINUTES)],
    )

    class Meta:
        ordering = ["country", "city"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "slug"], name="site_slug_unique_in_dialogue"
            )
        ]

    def __str__(self) -> str:
        return f"{self.city}, {self.country.name}"

    # Derived from the country, never stored, so they cannot disagree with it.
    @property
    def region(self) -> str:
        return regions.label(regions.region_of(self.country.code))

    @property
    def subregion(self) -> str:
        return regions.label(regions.subregion_of(self.country.code))


class Partnership(models.Model):
    """An organisation's part in a dialogue; hosts are tied to the site they host."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnerships"
    )
    tier = models.CharField(_("tier"), max_length=24, choices=Tier.choices)
    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="hosts",
        help_text=_("For national or local hosts: the site they host."),
    )

    class Meta:
        ordering = ["dialogue", "tier", "organisation__name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            # Two partial constraints rather than nulls_distinct=False, which SQLite lacks.
            models.UniqueConstraint(
                fields=["dialogue", "organisation", "tier"],
                condition=models.Q(site__isnull=True),
                name="partnership_unique_for_dialogue",
            ),
            models.UniqueConstraint(
                fields=["organisation", "tier", "site"],
                condition=models.Q(site__isnull=False),
                name="partnership_unique_for_site",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_tier_display()}"

    def clean(self) -> None:
        if self.tier == Tier.NATIONAL_HOST and self.site_id is None:
            raise ValidationError({"site": _("A host partnership needs the site it hosts.")})
        if self.tier != Tier.NATIONAL_HOST and self.site_id is not None:
            raise ValidationError({"site": _("Only host partnerships belong to a site.")})
        if self.site is not None and self.site.dialogue_id != self.dialogue_id:
            raise ValidationError({"site": _("This site belongs to another dialogue.")})


class Session(models.Model):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="sessions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.SlugField(_("key"), max_length=60)
    title = TranslatedTextField(_("title"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=60, validators=[MinValueValidator(1)]
    )
    # Local time of day at every site (before a site's shift); empty: right after the
    # previous session (the first at 09:00).
    start_time = models.TimeField(
        _("start (local time)"),
        null=True,
        blank=True,
        help_text=_("Local time at every site; empty: right after the previous session."),
    )
    information = TranslatedTextField(_("information"), blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    booklet = models.FileField(
        _("booklet"),
        upload_to="booklets/",
        blank=True,
        validators=[FileExtensionValidator(BOOKLET_EXTENSIONS)],
    )

    class Meta:
        ordering = ["dialogue", "position", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "key"], name="session_key_unique_in_dialogue"
            )
        ]

    def __str__(self) -> str:
        return pick_text(self.title)


class SessionMaterial(models.Model):
    """A session's booklet and video in one language; citizens get theirs, else a fallback."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="materials")
    language = models.CharField(_("language"), max_length=12, validators=[validate_language_code])
    booklet = models.FileField(
        _("booklet"),
        upload_to="booklets/",
        blank=True,
        validators=[FileExtensionValidator(BOOKLET_EXTENSIONS)],
    )
    video_url = models.URLField(
        _("video link"), max_length=300, blank=True, validators=[validate_https_url]
    )
    # A WebVTT file of the video's subtitles in this language (the player or a download).
    subtitles_url = models.URLField(
        _("subtitles (WebVTT)"), max_length=300, blank=True, validators=[validate_https_url]
    )

    class Meta:
        ordering = ["session", "language"]
        verbose_name = _("session material")
        verbose_name_plural = _("session materials")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "language"], name="one_material_per_session_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} ({self.language})"


class FacilitatorStep(models.Model):
    """One timed step of a session's facilitator kit, in every language of the dialogue."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        DISCUSS = "discuss", _("Discussion")
        VOTE = "vote", _("Vote")
        BREAK = "break", _("Break")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="kit_steps")
    minute = models.PositiveSmallIntegerField(
        _("minute"), help_text=_("Minutes after the session starts.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DISCUSS)
    question = models.ForeignKey(
        "Question",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("question"),
    )
    text = TranslatedTextField(_("instructions"))

    class Meta:
        ordering = ["session", "minute", "id"]
        verbose_name = _("facilitator step")
        verbose_name_plural = _("facilitator steps")

    def __str__(self) -> str:
        return f"{self.session} +{self.minute}"

    def clean(self) -> None:
        if self.question is not None and self.question.session_id != self.session_id:
            raise ValidationError({"question": _("This question belongs to another session.")})


class Question(models.Model):
    """Question keys are common to all sites so that answers compare across them.

    A question with a `site` is that site's local topic (the national topic): asked and
    shown there, in its country's results and report, never compared across sites nor
    counted in global figures. `answered_by` says whether each citizen answers it or each
    table gives one group answer (entered by its facilitator or note-taker).
    """

    class AnsweredBy(models.TextChoices):
        CITIZEN = "citizen", _("Each citizen")
        TABLE = "table", _("Each table (a group answer)")
        # The table agrees on an answer, then each citizen gives their own: results show
        # "% of tables" beside "% of citizens".
        BOTH = "both", _("Each table, then each citizen")

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", _("Scale")
        RANKING = "ranking", _("Ranking")
        OPEN = "open", _("Open text")

    class Purpose(models.TextChoices):
        """Why the question is asked. Evaluation questions (the participants' view of the
        process) never enter the main results; before and after questions are asked at
        the start and the end of the day, so the change of mind can be measured."""

        MAIN = "main", _("Main question")
        BEFORE = "before", _("Before the deliberation")
        AFTER = "after", _("After the deliberation")
        EVALUATION = "evaluation", _("Evaluation of the process")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.SlugField(_("key"), max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SINGLE)
    text = TranslatedTextField(_("text"))
    answered_by = models.CharField(
        _("answered by"),
        max_length=8,
        choices=AnsweredBy.choices,
        default=AnsweredBy.CITIZEN,
        help_text=_("Group answers: single choice, ranking or open text, one per table."),
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="local_questions",
        verbose_name=_("local to site"),
        help_text=_("Empty for the questions every site asks; a site for its local topic."),
    )
    purpose = models.CharField(
        _("purpose"), max_length=12, choices=Purpose.choices, default=Purpose.MAIN
    )
    # Set on an "after" question: the "before" question it repeats. Citizens are matched
    # across the two by their pseudonym (polyvox.engines.tally.paired).
    before_question = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="after_question",
        verbose_name=_("repeats the before question"),
        help_text=_(
            "For an after question: the before question it repeats, with the same options."
        ),
    )

    class Meta:
        ordering = ["session", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "key"], name="question_key_unique_in_session"
            )
        ]

    def __str__(self) -> str:
        return pick_text(self.text)

    @property
    def has_options(self) -> bool:
        return self.kind != self.Kind.OPEN

    @property
    def is_local(self) -> bool:
        return self.site_id is not None

    @property
    def by_tables(self) -> bool:
        """Tables give a group answer to it."""
        return self.answered_by != self.AnsweredBy.CITIZEN

    @property
    def by_citizens(self) -> bool:
        """Citizens answer it on their ballots."""
        return self.answered_by != self.AnsweredBy.TABLE

    def clean(self) -> None:
        if self.by_tables and self.kind not in TABLE_QUESTION_KINDS:
            raise ValidationError(
                {"kind": _("Tables answer single-choice, ranking or open questions only.")}
            )
        if (
            self.site is not None
            and self.session_id is not None
            and self.site.dialogue_id != self.session.dialogue_id
        ):
            raise ValidationError({"site": _("This site belongs to another dialogue.")})
        self._clean_before_question()

    def _clean_before_question(self) -> None:
        before = self.before_question
        if before is None:
            return
        if self.purpose != self.Purpose.AFTER:
            raise ValidationError(
                {"before_question": _("Only an after question repeats a before question.")}
            )
        if before.purpose != self.Purpose.BEFORE or before.kind != self.kind:
            raise ValidationError(
                {"before_question": _("Choose a before question of the same kind.")}
            )
        if self.session_id and before.session.dialogue_id != self.session.dialogue_id:
            raise ValidationError({"before_question": _("This question is in another dialogue.")})


# What a table can agree on in a few minutes and write on one sheet.
TABLE_QUESTION_KINDS = (Question.Kind.SINGLE, Question.Kind.RANKING, Question.Kind.OPEN)


def questions_at_site(
    questions: models.QuerySet[Question], site_id: int
) -> models.QuerySet[Question]:
    """The common questions plus this site's own local ones: never another site's topic."""
    return questions.filter(models.Q(site__isnull=True) | models.Q(site_id=site_id))


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.SlugField(_("key"), max_length=60)
    text = TranslatedTextField(_("text"))

    class Meta:
        ordering = ["question", "position", "id"]
        verbose_name = _("option")
        verbose_name_plural = _("options")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "key"], name="option_key_unique_in_question"
            )
        ]

    def __str__(self) -> str:
        return pick_text(self.text)


class SessionStart(models.Model):
    """A site that meets a session on another day or at another hour (an online site
    meeting on separate evenings): its local date and time replace the common ones."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="session_starts")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="site_starts")
    date = models.DateField(_("date"))
    time = models.TimeField(_("start (local time)"))

    class Meta:
        verbose_name = _("session start at a site")
        verbose_name_plural = _("session starts at sites")
        constraints = [
            models.UniqueConstraint(fields=["site", "session"], name="one_start_per_site_session")
        ]

    def __str__(self) -> str:
        return f"Session {self.session_id} at site {self.site_id}"


def dialogue_languages(dialogue: Dialogue) -> list[str]:
    """The source language first, then every language a site of the dialogue uses."""
    codes = [dialogue.source_language]
    for site in dialogue.sites.all():
        codes.extend(site.languages)
    return list(dict.fromkeys([*codes, *(code for code, _name in settings.LANGUAGES)]))


class TranslationOrigin(models.Model):
    """The source text a translation was made from, by its digest: when the source changes,
    the digests differ and the translation shows as needing an update until someone
    updates it (see polyvox.dialogues.translations)."""

    key = models.CharField(max_length=120)  # polyvox.dialogues.translatable.text_key
    language = models.CharField(max_length=12)
    source_digest = models.CharField(max_length=16)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("translation origin")
        verbose_name_plural = _("translation origins")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "language"], name="translation_origin_unique_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} [{self.language}] ← {self.source_digest}"
