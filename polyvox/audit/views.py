from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from polyvox.accounts.access import access_dialogue_for_organiser
from polyvox.audit.selectors import audit_events_for_dialogue


@login_required
def dialogue_audit(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    dialogue = access_dialogue_for_organiser(user=request.user, dialogue_id=dialogue_id)
    events = audit_events_for_dialogue(dialogue=dialogue)
    return render(request, "audit/dialogue_audit.html", {"dialogue": dialogue, "events": events})
