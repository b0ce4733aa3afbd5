from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polyvox.core.translation import language_name, pick_text
from polyvox.dialogues.models import Site
from polyvox.engines.sortition import ALGORITHMS
from polyvox.recruitment.models import Category, Invitation

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))

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


class PrepareForm(forms.Form):
    panel_size = forms.IntegerField(label=_("Panel size"), min_value=1)
    reserves = forms.IntegerField(label=_("Reserves"), min_value=0, initial=10)
    algorithm = forms.ChoiceField(
        label=_("Algorithm"), choices=[(name, name) for name in ALGORITHMS], initial="leximin"
    )


class DrawForm(forms.Form):
    public_random = forms.CharField(
        label=_("Public random value"),
        max_length=200,
        help_text=_("For example the value of a drand round, or dice rolled in public."),
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=Invitation.Answer.choices, widget=forms.RadioSelect)
