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
from polyvox.audit.selectors import audit_events_for_dialogue, audit_events_public_for_dialogue
from polyvox.dialogues.access import (
    access_dialogue_for_organiser,
    dialogues_observed_by,
    dialogues_organised_by,
    sites_observed_by,
)
from polyvox.dialogues.models import Dialogue


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    context = {
        "memberships": selectors.membership_list_for_user(user=request.user),
        "organised": dialogues_organised_by(request.user).prefetch_related("sites"),
        "observed": dialogues_observed_by(request.user).exclude(
            id__in=dialogues_organised_by(request.user)
        ),
        "observed_sites": sites_observed_by(request.user).order_by("country", "city"),
    }
    return render(request, "accounts/dashboard.html", context)


@login_required
def dialogue_audit(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    """Organisers read the whole trail; observers its public part (no staff names)."""
    observed = dialogues_observed_by(request.user).filter(id=dialogue_id).first()
    public = (
        observed is not None
        and not dialogues_organised_by(request.user).filter(id=dialogue_id).exists()
    )
    if public:
        assert isinstance(observed, Dialogue)
        dialogue = observed
        events = audit_events_public_for_dialogue(dialogue_id=dialogue.id)
    else:
        dialogue = access_dialogue_for_organiser(user=request.user, dialogue_id=dialogue_id)
        events = audit_events_for_dialogue(dialogue_id=dialogue.id)
    context = {"dialogue": dialogue, "events": events, "public": public}
    return render(request, "audit/dialogue_audit.html", context)
