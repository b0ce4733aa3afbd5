"""Staff pages about a person's dialogues: their work, and a dialogue's audit trail.

They live here, not in accounts or audit, because they show dialogues: accounts and audit
sit below dialogues and name a dialogue only by id. polyvox/urls.py keeps their
historical names (`accounts:dashboard`, `audit:dialogue`).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from polyvox.accounts import selectors
from polyvox.accounts.models import User
from polyvox.audit.selectors import audit_events_for_dialogue
from polyvox.dialogues.access import access_dialogue_for_organiser, dialogues_organised_by


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    context = {
        "memberships": selectors.membership_list_for_user(user=request.user),
        "organised": dialogues_organised_by(request.user).prefetch_related("sites"),
    }
    return render(request, "accounts/dashboard.html", context)


@login_required
def dialogue_audit(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    dialogue = access_dialogue_for_organiser(user=request.user, dialogue_id=dialogue_id)
    events = audit_events_for_dialogue(dialogue_id=dialogue.id)
    return render(request, "audit/dialogue_audit.html", {"dialogue": dialogue, "events": events})
