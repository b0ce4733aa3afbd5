"""The page that asks before a consequential action, saying what will change."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from polyvox.core.forms import ConfirmedForm


def confirm_page(
    request: HttpRequest,
    *,
    form: ConfirmedForm,
    question: str,
    consequences: Sequence[str],
    confirm_label: str,
    cancel_url: str,
) -> HttpResponse:
    """Ask first: the form's fields go back to the same address with `confirm=yes`."""
    context = {
        "form": form,
        "question": question,
        "consequences": consequences,
        "confirm_label": confirm_label,
        "cancel_url": cancel_url,
        "action": request.path,
    }
    return render(request, "core/confirm.html", context)
