from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polyvox.audit.selectors import AuditFilters
from polyvox.audit.sentences import AREAS, SENTENCES


class DateInput(forms.DateInput):
    input_type = "date"  # the browser's own date picker; ISO dates either way


class AuditFilterForm(forms.Form):
    """The trail's GET filters: who, what and when. A value it does not understand
    filters nothing, and the page says so."""

    actor = forms.ChoiceField(label=_("Who"), required=False)
    area = forms.ChoiceField(label=_("What"), required=False)
    # Set by the "only this kind" link of an event's record, so hidden.
    action = forms.ChoiceField(
        label=_("Kind of action"),
        required=False,
        choices=[("", ""), *((name, name) for name in SENTENCES)],
        widget=forms.HiddenInput,
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput)

    def __init__(self, data: Any, *, actors: Sequence[tuple[str, str]], public: bool) -> None:
        super().__init__(data)
        if public:
            del self.fields["actor"]  # observers read no staff names
        else:
            self.fields["actor"].choices = [("", _("Anyone")), *actors]  # type: ignore[attr-defined]
        self.fields["area"].choices = [  # type: ignore[attr-defined]
            ("", _("Everything")),
            *((key, label) for key, (label, _prefixes) in AREAS.items()),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("Choose a day on or after the first one."))
        return cleaned

    def filters(self) -> AuditFilters:
        """The filters from the fields that were understood (all of them when it is valid)."""
        if not self.is_bound:
            return AuditFilters()
        self.is_valid()
        data = self.cleaned_data
        return AuditFilters(
            actor=data.get("actor") or "",
            area=data.get("area") or "",
            action=data.get("action") or "",
            since=data.get("since"),
            until=data.get("until"),
        )
