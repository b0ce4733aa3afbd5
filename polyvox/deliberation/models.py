"""The deliberation day: participants known only by pseudonym, tables, answers and paper counts.

Nothing here points to a person's identity: the people vault (polyvox.people) and the pool
(polyvox.recruitment) hold names and contacts, and no foreign key leads from these tables
to them. Answers carry the participant's pseudonym and a snapshot of the demographic
categories needed for breakdowns.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from polyvox.core.translation import TranslatedTextField, pick_text
from polyvox.dialogues.rooms import validate_https_url

# No 0/O, 1/I/L: codes are read aloud and typed on phones.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_voting_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_pseudonym() -> str:
    return secrets.token_hex(8)


class Table(models.Model):
    site = models.ForeignKey("dialogues.Site", on_delete=models.CASCADE, related_name="tables")
    number = models.PositiveSmallIntegerField(_("number"))
    language = models.CharField(_("language"), max_length=12, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tables",
    )
    # Like the facilitator, the note-taker works at the tables put in their charge only.
    note_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="noted_tables",
        verbose_name=_("note-taker"),
    )
    # At a hybrid site some tables meet online; at an online site all of them do.
    online = models.BooleanField(_("meets online"), default=False)
    # A room pasted for this table; empty: the site's room template makes it.
    room_url = models.URLField(
        _("room"), max_length=300, blank=True, validators=[validate_https_url]
    )

    class Meta:
        ordering = ["site", "number"]
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="table_number_unique_in_site")
        ]

    def __str__(self) -> str:
        return str(_("Table %(number)s") % {"number": self.number})


class Participant(models.Model):
    """A citizen on a site's panel (or among its reserves), or a stakeholder of the
    dialogue's parallel track (issue 15 item 6): same ballot pages, own code, own figures."""

    class Track(models.TextChoices):
        CITIZENS = "citizens", _("Citizens")
        STAKEHOLDERS = "stakeholders", _("Stakeholders")

    class Status(models.TextChoices):
        SELECTED = "selected", _("Selected")
        RESERVE = "reserve", _("Reserve")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")

    site = models.ForeignKey(
        "dialogues.Site", on_delete=models.CASCADE, related_name="participants"
    )
    pseudonym = models.CharField(max_length=32, unique=True, default=new_pseudonym, editable=False)
    code = models.CharField(_("voting code"), max_length=16, unique=True, default=new_voting_code)
    language = models.CharField(_("language"), max_length=12)
    categories = models.JSONField(_("categories"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SELECTED
    )
    table = models.ForeignKey(
        Table, on_delete=models.SET_NULL, null=True, blank=True, related_name="participants"
    )
    # Stakeholders are named people answering for their organisation, not drawn by lot:
    # their answers are never pooled with the citizens' (see CITIZENS_ONLY).
    track = models.CharField(
        _("track"), max_length=12, choices=Track.choices, default=Track.CITIZENS, db_index=True
    )
    # When the citizen's voting card was last printed. A card is printed once; printing it
    # again gives a new code, so no member of staff reads a code that is in use twice.
    card_printed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the citizen first opened their online room from "my day" during a session.
    joined_online_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["site", "pseudonym"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.pseudonym


# Who may vote: those drawn onto the panel, until they are marked absent.
ON_THE_PANEL = (
    Participant.Status.SELECTED,
    Participant.Status.CONFIRMED,
    Participant.Status.PRESENT,
)


class SessionSeat(models.Model):
    """Where a citizen sits for one session when the breakouts were re-drawn for it; without
    a row the citizen stays at their table of the day (Participant.table)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="session_seats"
    )
    session = models.ForeignKey("dialogues.Session", on_delete=models.CASCADE, related_name="seats")
    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="session_seats")

    class Meta:
        verbose_name = _("seat for a session")
        verbose_name_plural = _("seats for a session")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "session"], name="session_seat_unique_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} @ {self.table} ({self.session_id})"


# Every citizens' figure filters its answers with this (and participants with
# CITIZEN_PARTICIPANTS): stakeholders' answers have their own column, never the citizens'.
CITIZENS_ONLY = models.Q(participant__track=Participant.Track.CITIZENS)
CITIZEN_PARTICIPANTS = models.Q(track=Participant.Track.CITIZENS)


class Origin(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper")
    IMPORT = "import", _("Import")


class Answer(models.Model):
    """One participant's answer to one question; the database keeps it unique."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(
        "dialogues.Question", on_delete=models.PROTECT, related_name="answers"
    )
    # Single choice and scale: `option`. Multiple choice: `choices` (option ids). Ranking:
    # `choices` in order of preference. Open text: `text`.
    option = models.ForeignKey(
        "dialogues.Option", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.ONLINE)
    # The client's Idempotency-Key of the request that last wrote this answer, so a retried
    # request is acknowledged again instead of being counted as a change.
    request_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "question"], name="one_answer_per_participant_and_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.question_id}"


class TableAnswer(models.Model):
    """A table's group answer to a table question, entered by its facilitator or note-taker
    on the day, or imported by a host from the paper table sheets; one per table."""

    table = models.ForeignKey(Table, on_delete=models.PROTECT, related_name="group_answers")
    question = models.ForeignKey(
        "dialogues.Question", on_delete=models.PROTECT, related_name="table_answers"
    )
    # Single choice: `option`. Ranking: `choices` (option ids, most important first).
    # Open text: `text`, in the table's language.
    option = models.ForeignKey(
        "dialogues.Option", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("table answer")
        verbose_name_plural = _("table answers")
        constraints = [
            models.UniqueConstraint(
                fields=["table", "question"], name="one_answer_per_table_and_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.table_id} → {self.question_id}"


class TallyCount(models.Model):
    """Counted paper ballots: how many at a table (or a whole site) chose an option.

    `stratum` splits a count by a category value (for example an age band); blank means
    everyone. `entry` tells the first count from a second counter's check of it.
    """

    class Entry(models.IntegerChoices):
        FIRST = 1, _("First count")
        SECOND = 2, _("Second count")

    site = models.ForeignKey(
        "dialogues.Site", on_delete=models.CASCADE, related_name="tally_counts"
    )
    table = models.ForeignKey(
        Table, on_delete=models.CASCADE, null=True, blank=True, related_name="tally_counts"
    )
    question = models.ForeignKey(
        "dialogues.Question", on_delete=models.PROTECT, related_name="tally_counts"
    )
    option = models.ForeignKey(
        "dialogues.Option", on_delete=models.PROTECT, related_name="tally_counts"
    )
    stratum = models.CharField(_("stratum"), max_length=60, blank=True)
    count = models.PositiveIntegerField(_("count"))
    entry = models.PositiveSmallIntegerField(choices=Entry.choices, default=Entry.FIRST)
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.PAPER)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("paper count")
        verbose_name_plural = _("paper counts")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "question", "option", "stratum", "entry"],
                condition=models.Q(table__isnull=True),
                name="tally_count_unique_for_site",
            ),
            models.UniqueConstraint(
                fields=["table", "question", "option", "stratum", "entry"],
                condition=models.Q(table__isnull=False),
                name="tally_count_unique_for_table",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.option_id}: {self.count}"


class SiteDay(models.Model):
    """How a site runs its day: double entry of paper counts, the recommendation vote."""

    class Method(models.TextChoices):
        RANKING = "ranking", _("Ranking (modified Borda count)")
        APPROVAL = "approval", _("Approval (tick any number)")

    site = models.OneToOneField("dialogues.Site", on_delete=models.CASCADE, related_name="day")
    double_entry = models.BooleanField(_("double entry of paper counts"), default=False)
    ranking_open = models.BooleanField(_("recommendation vote open"), default=False)
    # The session whose recommendations the site votes on (one session's at a time).
    vote_session = models.ForeignKey(
        "dialogues.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session voted on"),
    )
    # Per site, like the recommendations it applies to: each site votes on its own tables'
    # texts, so sites never need to be compared on this vote.
    recommendation_method = models.CharField(
        _("recommendation vote"), max_length=10, choices=Method.choices, default=Method.RANKING
    )

    class Meta:
        verbose_name = _("site day")
        verbose_name_plural = _("site days")

    def __str__(self) -> str:
        return str(self.site)


class QuestionWindow(models.Model):
    """When a site opened and closed voting on a question; open while `closed_at` is empty."""

    site = models.ForeignKey(
        "dialogues.Site", on_delete=models.CASCADE, related_name="question_windows"
    )
    question = models.ForeignKey(
        "dialogues.Question", on_delete=models.CASCADE, related_name="windows"
    )
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("voting window")
        verbose_name_plural = _("voting windows")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "question"], name="one_window_per_site_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.site_id}/{self.question_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Recommendation(models.Model):
    """One of a table's recommendations in one session (a table writes several), in the
    table's language; organisers add translations."""

    site = models.ForeignKey(
        "dialogues.Site", on_delete=models.CASCADE, related_name="recommendations"
    )
    table = models.ForeignKey(
        Table, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("table")
    )
    session = models.ForeignKey(
        "dialogues.Session",
        on_delete=models.PROTECT,
        related_name="recommendations",
        verbose_name=_("session"),
    )
    language = models.CharField(_("language"), max_length=12)
    text = TranslatedTextField(_("text"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["site", "session__position", "table__number", "id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return pick_text(self.text, self.language)[:60]


class TableNote(models.Model):
    """What a table said in one session, written by its note-taker (or facilitator) in the
    table's language; people add translations into the dialogue's working languages.
    Hosts and organisers read notes; a quote from one is published only if `public`."""

    table = models.ForeignKey(
        Table, on_delete=models.CASCADE, related_name="notes", verbose_name=_("table")
    )
    session = models.ForeignKey(
        "dialogues.Session",
        on_delete=models.PROTECT,
        related_name="table_notes",
        verbose_name=_("session"),
    )
    language = models.CharField(_("language"), max_length=12)
    text = TranslatedTextField(_("text"))
    public = models.BooleanField(_("may be quoted in public"), default=False)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["table", "session__position", "id"]
        verbose_name = _("table note")
        verbose_name_plural = _("table notes")

    def __str__(self) -> str:
        return f"note {self.pk}"

    def texts(self) -> list[tuple[str, str]]:
        """(language, text): the note as written first, then its translations."""
        own = [(self.language, self.text.get(self.language, ""))]
        return own + [(code, text) for code, text in self.text.items() if code != self.language]

    def missing_languages(self, working: list[str]) -> list[str]:
        """The working languages this note has no text in yet ("needs translation")."""
        return [code for code in working if not (self.text.get(code) or "").strip()]


class RecommendationRanking(models.Model):
    """A citizen's vote on the recommendations of one session at their site: under ranking,
    their order, most important first (may be partial); under approval, the ones they
    approve (may be none)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="recommendation_rankings"
    )
    session = models.ForeignKey(
        "dialogues.Session", on_delete=models.PROTECT, related_name="recommendation_rankings"
    )
    order = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("recommendation ranking")
        verbose_name_plural = _("recommendation rankings")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "session"], name="one_recommendation_vote_per_session"
            )
        ]

    def __str__(self) -> str:
        return str(self.participant_id)


class RecommendationPaperCount(models.Model):
    """Counted paper approval ballots: how many approved a recommendation, or, with no
    recommendation, how many paper ballots were counted (the denominator of the shares)."""

    site = models.ForeignKey(
        "dialogues.Site", on_delete=models.CASCADE, related_name="recommendation_counts"
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, null=True, blank=True, related_name="counts"
    )
    session = models.ForeignKey(
        "dialogues.Session", on_delete=models.PROTECT, related_name="recommendation_counts"
    )
    count = models.PositiveIntegerField(_("count"))
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.PAPER)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("paper count of recommendation approvals")
        verbose_name_plural = _("paper counts of recommendation approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "session"],
                condition=models.Q(recommendation__isnull=True),
                name="one_paper_ballot_total_per_site_session",
            ),
            models.UniqueConstraint(
                fields=["recommendation"],
                condition=models.Q(recommendation__isnull=False),
                name="one_paper_approval_count_per_recommendation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id or '-'}: {self.count}"
