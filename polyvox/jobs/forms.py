from __future__ import annotations

from django import forms


class CancelForm(forms.Form):
    """Nothing to choose: the form is the confirmation (and its CSRF token)."""

    confirm = forms.BooleanField(required=False, initial=True, widget=forms.HiddenInput)
