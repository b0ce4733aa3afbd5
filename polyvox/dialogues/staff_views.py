"""Staff pages about a person's dialogues: their work, and a dialogue's audit trail.

They live here, not in accounts or audit, because they show dialogues: accounts and audit
sit below dialogues and name a dialogue only by id. polyvox/urls.py keeps their
historical names (`accounts:dashboard`, `audit:dialogue`).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from polyvox.accounts import selectors
from polyvox.accounts.models import User
from polyvox.audit.forms import AuditFilterForm
from polyvox.audit.selectors import (
    audit_actors_for_dialogue,
    audit_events_filtered,
    audit_kind_sentence,
    audit_lines,
)
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
    memberships = list(selectors.membership_list_for_user(user=request.user))
    context = {
        "memberships": memberships,
        # A card per site the person works at; dialogue-wide roles have their own sections.
        "site_memberships": [membership for membership in memberships if membership.site_id],
        "organised": dialogues_organised_by(request.user).prefetch_related("sites"),
        "observed": dialogues_observed_by(request.user).exclude(
            id__in=dialogues_organised_by(request.user)
        ),
        "observed_sites": sites_observed_by(request.user).order_by("country", "city"),
    }
    return render(request, "accounts/dashboard.html", context)


# Events per page of the trail: a busy dialogue day records thousands.
AUDIT_PAGE_SIZE = 50


@login_required
def dialogue_audit(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    """Organisers read the whole trail; observers its public part (no staff names).
    Each event reads as a sentence, filtered by who, what and when, a page at a time."""
    observed = dialogues_observed_by(request.user).filter(id=dialogue_id).first()
    public = (
        observed is not None
        and not dialogues_organised_by(request.user).filter(id=dialogue_id).exists()
    )
    if public:
        assert isinstance(observed, Dialogue)
        dialogue = observed
    else:
        dialogue = access_dialogue_for_organiser(user=request.user, dialogue_id=dialogue_id)
    actors = [] if public else audit_actors_for_dialogue(dialogue_id=dialogue.id)
    form = AuditFilterForm(request.GET or None, actors=actors, public=public)
    filters = form.filters()
    events = audit_events_filtered(dialogue_id=dialogue.id, public=public, filters=filters)
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    every_kind = query.copy()
    every_kind.pop("action", None)
    context = {
        "dialogue": dialogue,
        "public": public,
        "form": form,
        "page": page,
        "lines": audit_lines(dialogue_id=dialogue.id, events=list(page), public=public),
        "query": query.urlencode(),
        "kind": audit_kind_sentence(action=filters.action) if filters.action else "",
        "every_kind_query": every_kind.urlencode(),
    }
    return render(request, "audit/dialogue_audit.html", context)
