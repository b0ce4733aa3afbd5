"""Online consultations the Polis way: short statements, agree / disagree / pass votes, and
the opinion map computed from them.

Participants are pseudonyms: a keyed hash of a random cookie (or of an account id), never
a name or an address, and no foreign key leads from here to an account or to the vault.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from polyvox.core.translation import TranslatedTextField, pick_text


class Consultation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for votes")
        CLOSED = "closed", _("Closed (results only)")

    class Moderation(models.TextChoices):
        PRE = "pre", _("Before publication")
        POST = "post", _("After publication")

    dialogue = models.ForeignKey(
        "dialogues.Dialogue", on_delete=models.CASCADE, related_name="consultations"
    )
    session = models.ForeignKey(
        "dialogues.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        help_text=_("The session whose information material participants should read."),
    )
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    title = TranslatedTextField(_("title"))
    topic = TranslatedTextField(_("question to participants"), blank=True)
    source_language = models.CharField(_("source language"), max_length=12, default="en")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    moderation = models.CharField(
        _("moderation"), max_length=4, choices=Moderation.choices, default=Moderation.PRE
    )
    accepts_statements = models.BooleanField(_("participants may add statements"), default=True)
    attribution = models.TextField(_("attribution"), blank=True)
    recompute_interval_seconds = models.PositiveIntegerField(
        _("minimum seconds between map updates"), default=30
    )
    # Debounce: set when a recompute is queued, cleared when the job starts.
    recompute_pending = models.BooleanField(default=False, editable=False)
    computed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The engine's OpinionState.to_dict(), handed back to warm-start the next update.
    engine_state = models.JSONField(default=dict, blank=True, editable=False)
    # What the map pages show: an OpinionMap record (see consultation.opinion_map).
    opinion_map = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return pick_text(self.title, fallback=self.source_language) or self.slug

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.session is not None and self.session.dialogue_id != self.dialogue_id:
            raise ValidationError({"session": _("Choose a session of the same dialogue.")})


def validate_choices(value: object) -> None:
    from django.core.exceptions import ValidationError

    if not isinstance(value, list) or not all(
        isinstance(c, dict) and isinstance(c.get("key"), str) and isinstance(c.get("text"), dict)
        for c in value
    ):
        raise ValidationError(
            _('Enter a list of choices like [{"key": "under-25", "text": {"en": "Under 25"}}].')
        )


class DemographicQuestion(models.Model):
    """An optional question about the participant (age band, region...), asked once."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="demographic_questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.SlugField(_("key"), max_length=40)
    text = TranslatedTextField(_("question"))
    choices = models.JSONField(_("choices"), default=list, validators=[validate_choices])

    class Meta:
        ordering = ["consultation", "position", "id"]
        verbose_name = _("demographic question")
        verbose_name_plural = _("demographic questions")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "key"], name="demographic_question_key_unique"
            )
        ]

    def __str__(self) -> str:
        return self.key


class ConsultationParticipant(models.Model):
    """Someone who voted or wrote: known only by a keyed hash (see services.participant_key)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="participants"
    )
    key = models.CharField(max_length=64)
    demographics = models.JSONField(default=dict, blank=True)
    banned = models.BooleanField(_("banned"), default=False)
    ban_reason = models.TextField(_("reason"), blank=True)
    banned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("consultation participant")
        verbose_name_plural = _("consultation participants")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "key"], name="consultation_participant_unique_key"
            )
        ]

    def __str__(self) -> str:
        return str(_("Participant %(number)s") % {"number": self.pk})


class Statement(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="statements"
    )
    # Polis's comment id: kept on import, next free number for new statements.
    number = models.PositiveIntegerField(_("number"))
    text = TranslatedTextField(_("text"))
    language = models.CharField(_("language"), max_length=12)
    # Normalised text hash: the same statement twice (a double submit) is refused by the DB.
    fingerprint = models.CharField(max_length=64)
    author = models.ForeignKey(
        ConsultationParticipant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statements",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    is_meta = models.BooleanField(_("meta statement"), default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["consultation", "number"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="statement_number_unique"
            ),
            models.UniqueConstraint(
                fields=["consultation", "fingerprint"], name="statement_text_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {pick_text(self.text, fallback=self.language)[:60]}"

    @property
    def polis_moderated(self) -> int:
        return {self.Status.ACCEPTED: 1, self.Status.REJECTED: -1}.get(self.status, 0)  # type: ignore[call-overload, no-any-return]


class ModerationDecision(models.Model):
    """Every accept or reject, with who decided and why."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="decisions")
    status = models.CharField(_("decision"), max_length=10, choices=Statement.Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.status}"


class VoteValue(models.IntegerChoices):
    AGREE = 1, _("Agree")
    DISAGREE = -1, _("Disagree")
    PASS = 0, _("Pass / unsure")


class Vote(models.Model):
    """A participant's current vote on a statement: one row per pair, a re-vote updates it."""

    participant = models.ForeignKey(
        ConsultationParticipant, on_delete=models.CASCADE, related_name="votes"
    )
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(_("vote"), choices=VoteValue.choices)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["participant", "statement"], name="vote_unique"),
            models.CheckConstraint(condition=models.Q(value__in=[-1, 0, 1]), name="vote_value"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.statement_id}: {self.value}"


class VoteEvent(models.Model):
    """Every vote as cast, re-votes included, as Polis's openData votes.csv lists them."""

    participant = models.ForeignKey(
        ConsultationParticipant, on_delete=models.CASCADE, related_name="vote_events"
    )
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="vote_events")
    value = models.SmallIntegerField(choices=VoteValue.choices)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__in=[-1, 0, 1]), name="vote_event_value"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.statement_id}: {self.value} ({self.created_at})"
