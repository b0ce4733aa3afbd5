"""People who run dialogues: their accounts and their roles.

Citizens do not need an account: they vote with a personal code (deliberation) and
their identity lives in the people vault. A role is a membership of a dialogue
(organiser) or of one of its sites (national host, facilitator).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    email = models.EmailField(_("email address"), unique=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Role(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    HOST = "host", _("National host")
    FACILITATOR = "facilitator", _("Facilitator")
    NOTE_TAKER = "note_taker", _("Note-taker")
    # Reads a dialogue (or one site) without changing anything; every page they open is
    # recorded on the audit trail.
    OBSERVER = "observer", _("Observer or evaluator")


SITE_ROLES = (Role.HOST, Role.FACILITATOR, Role.NOTE_TAKER)


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    dialogue = models.ForeignKey(
        "dialogues.Dialogue", on_delete=models.CASCADE, related_name="memberships"
    )
    site = models.ForeignKey(
        "dialogues.Site",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # Two partial constraints rather than nulls_distinct=False, which SQLite lacks.
            models.UniqueConstraint(
                fields=["user", "role", "dialogue"],
                condition=models.Q(site__isnull=True),
                name="membership_unique_for_dialogue",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "site"],
                condition=models.Q(site__isnull=False),
                name="membership_unique_for_site",
            ),
            # Organisers act on a whole dialogue; hosts and facilitators on one site.
            models.CheckConstraint(
                condition=(
                    models.Q(role="organiser", site__isnull=True)
                    | models.Q(role="observer")
                    | ~models.Q(role__in=["organiser", "observer"]) & models.Q(site__isnull=False)
                ),
                name="membership_scope_matches_role",
            ),
        ]

    def __str__(self) -> str:
        where = self.site or self.dialogue
        return f"{self.user} — {self.get_role_display()} — {where}"

    def clean(self) -> None:
        if self.role == Role.ORGANISER and self.site_id is not None:
            raise ValidationError(
                {"site": _("Organisers act on the whole dialogue: leave the site empty.")}
            )
        if self.role in SITE_ROLES and self.site_id is None:
            raise ValidationError(
                {"site": _("Hosts, facilitators and note-takers need the site they work at.")}
            )
        if (
            self.site is not None
            and self.dialogue_id is not None
            and self.site.dialogue_id != self.dialogue_id
        ):
            raise ValidationError({"site": _("This site belongs to another dialogue.")})


class ApiToken(models.Model):
    """A Bearer token for the API; only its SHA-256 digest is stored, the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return self.name


# Whoever makes a request: a signed-in user or an anonymous visitor.
AnyUser = User | AnonymousUser
