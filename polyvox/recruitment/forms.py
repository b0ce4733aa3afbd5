"""The recruitment forms: every POST of the app is parsed by one of these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polyvox.core.forms import ConfirmedForm
from polyvox.core.translation import language_name, pick_text
from polyvox.dialogues.models import Site
from polyvox.engines.sortition import ALGORITHMS
from polyvox.recruitment.models import Category, Invitation
from polyvox.recruitment.registration import Registration
from polyvox.recruitment.selectors import QuotaRow

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        error_messages={
            "required": _("Choose a file."),
            "empty": _("The file is empty. Choose a file with a header row."),
        },
    )

    # Django's FileField gives an UploadedFile typed as Any in its stubs.
    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class RegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    address = forms.CharField(
        label=_("Postal address"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Used only so that two people of one household are not both drawn."),
    )

    def __init__(self, *args: Any, site: Site, categories: list[Category], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.categories = categories
        fallback = site.languages[0] if site.languages else ""
        self.fields["language"] = forms.ChoiceField(
            label=_("Language you would speak on the day"),
            choices=[(code, language_name(code)) for code in site.languages],
        )
        for category in categories:
            self.fields[f"category_{category.key}"] = forms.ChoiceField(
                label=pick_text(category.label, fallback=fallback),
                choices=[
                    (value.key, pick_text(value.label, fallback=fallback))
                    for value in category.values.all()
                ],
                widget=forms.RadioSelect,
            )
        self.fields["consent"] = forms.BooleanField(
            label=_("I agree that my data is used as the privacy notice above describes."),
            error_messages={"required": _("Consent is required to register.")},
        )

    def values(self) -> dict[str, str]:
        return {c.key: self.cleaned_data[f"category_{c.key}"] for c in self.categories}

    def registration(self) -> Registration:
        data = self.cleaned_data
        return Registration(
            full_name=data["full_name"],
            email=data["email"],
            phone=data["phone"],
            address=data["address"],
            language=data["language"],
            values=self.values(),
        )


# What each algorithm means for the volunteers, for hosts who never heard its name.
ALGORITHM_LABELS = {
    "leximin": _(
        "Fairest (LEXIMIN, recommended): the smallest chance of being drawn is as large as "
        "the quotas allow, then the next smallest, and so on"
    ),
    "maximin": _(
        "MAXIMIN: only the smallest chance is made as large as possible; the others may be "
        "less even"
    ),
    "legacy": _(
        "Legacy: people drawn one by one while the quotas allow; chances can be very "
        "unequal (for comparison only)"
    ),
}


class PrepareForm(forms.Form):
    panel_size = forms.IntegerField(label=_("Panel size"), min_value=1)
    reserves = forms.IntegerField(label=_("Reserves"), min_value=0, initial=10)
    algorithm = forms.ChoiceField(
        label=_("How chances are shared"),
        choices=[(name, ALGORITHM_LABELS[name]) for name in ALGORITHMS],
        initial="leximin",
        widget=forms.RadioSelect,
    )


class DrawForm(forms.Form):
    public_random = forms.CharField(
        label=_("Public random value"),
        max_length=200,
        help_text=_("For example the value of a drand round, or dice rolled in public."),
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=Invitation.Answer.choices, widget=forms.RadioSelect)


class RegistrationSwitchForm(ConfirmedForm):
    """Closing asks first (the pool it leaves is the one the lottery draws from);
    reopening needs no confirmation: it takes nothing away."""

    open = forms.TypedChoiceField(
        choices=[("1", _("Open")), ("0", _("Closed"))], coerce=lambda text: text == "1"
    )


class InvitationsSendForm(ConfirmedForm):
    """Emailing asks first: an email cannot be taken back."""


@dataclass(frozen=True)
class QuotaCell:
    """One line of the quota editor: the value, its pool count, and its two fields."""

    row: QuotaRow
    min: forms.BoundField
    max: forms.BoundField


class QuotaForm(forms.Form):
    """The panel size and a min and a max per category value (fields `min-<value id>`,
    `max-<value id>`). Only whole numbers pass; whether the quotas make sense together
    is the selectors' question, answered in words the host can act on."""

    panel_size = forms.IntegerField(
        label=_("Panel size"), min_value=1, widget=forms.NumberInput(attrs={"id": "panel-size"})
    )

    def __init__(self, *args: Any, rows: list[QuotaRow], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            for bound, initial in (("min", row.min), ("max", row.max)):
                labelled_by = f"value-{row.value.id} {bound}-label"
                self.fields[f"{bound}-{row.value.id}"] = forms.IntegerField(
                    label=_("Minimum") if bound == "min" else _("Maximum"),
                    initial=initial,
                    widget=forms.NumberInput(attrs={"min": 0, "aria-labelledby": labelled_by}),
                    error_messages={"invalid": _("Enter a whole number.")},
                )

    def has_panel_size(self) -> bool:
        """Whether the panel size reads as a number, whatever the cells say."""
        self.is_valid()
        return "panel_size" in self.cleaned_data

    def cells(self) -> list[QuotaCell]:
        return [
            QuotaCell(row=row, min=self[f"min-{row.value.id}"], max=self[f"max-{row.value.id}"])
            for row in self.rows
        ]

    def bounds(self) -> dict[int, tuple[int, int]]:
        """(min, max) by CategoryValue id; call once the form is valid."""
        data = self.cleaned_data
        return {
            row.value.id: (data[f"min-{row.value.id}"], data[f"max-{row.value.id}"])
            for row in self.rows
        }

    def error_lines(self, labels: dict[int, str]) -> list[str]:
        """Each field's errors as a line naming the value, for the live problems list."""
        lines = []
        for name, errors in self.errors.items():
            _bound, _dash, value_id = name.partition("-")
            field = self.fields.get(name)
            where = labels.get(int(value_id), "") if value_id.isdigit() else ""
            title = (
                f"{where}: {field.label}"
                if where and field
                else str(field.label if field else name)
            )
            lines += [f"{title}: {error}" for error in errors]
        return lines
