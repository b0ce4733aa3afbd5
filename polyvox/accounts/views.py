from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from polyvox.accounts import selectors
from polyvox.accounts.access import dialogues_organised_by
from polyvox.accounts.models import User


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    context = {
        "memberships": selectors.membership_list_for_user(user=request.user),
        "organised": dialogues_organised_by(request.user).prefetch_related("sites"),
    }
    return render(request, "accounts/dashboard.html", context)
