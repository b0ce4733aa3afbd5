from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or email"),
        min_length=3,
        max_length=200,
        required=False,
        help_text=_("At least three characters."),
    )


class SelfServiceRequestForm(forms.Form):
    email = forms.EmailField(label=_("The email you registered with"))


class EraseForm(forms.Form):
    confirm = forms.BooleanField(label=_("I understand that this cannot be undone."), required=True)
