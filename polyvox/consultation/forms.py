"""Forms of the consultation's POSTs: each view parses its request through one of these."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from polyvox.consultation.models import Statement

VOTES = {"agree": 1, "disagree": -1, "pass": 0}


class VoteForm(forms.Form):
    statement = forms.IntegerField(min_value=0)
    vote = forms.ChoiceField(
        choices=[(key, key) for key in VOTES],
        error_messages={
            "required": _("Choose agree, disagree or pass."),
            "invalid_choice": _("Choose agree, disagree or pass."),
        },
    )

    def vote_value(self) -> int:
        return VOTES[self.cleaned_data["vote"]]


class StatementForm(forms.Form):
    # The length and duplicate checks stay in services.statement_submit (one rule for all).
    text = forms.CharField(required=False, strip=False)


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (Statement.Status.ACCEPTED, Statement.Status.ACCEPTED.label),
            (Statement.Status.REJECTED, Statement.Status.REJECTED.label),
        ],
        error_messages={
            "required": _("Choose accept or reject."),
            "invalid_choice": _("Choose accept or reject."),
        },
    )
    reason = forms.CharField(required=False)


class BanForm(forms.Form):
    reason = forms.CharField(required=False)


def first_error(form: forms.Form) -> str:
    """The first field error, for the redirect-after-POST pages that show it as a message."""
    for errors in form.errors.values():
        return str(errors[0])
    return ""
