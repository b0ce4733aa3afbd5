"""Breakout rooms between sessions: hosts re-draw a session's tables; staff see which
sessions were re-drawn."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from polyvox.core.confirm import confirm_page
from polyvox.core.translation import pick_text
from polyvox.deliberation import selectors
from polyvox.deliberation.access import access_session_for_site, runs_site
from polyvox.deliberation.breakouts import breakouts_redraw
from polyvox.deliberation.forms import BreakoutsForm
from polyvox.dialogues.access import access_site_for_facilitator, access_site_for_host
from polyvox.dialogues.models import Session, Site
from polyvox.engines.grouping import SeatingError


@login_required
def breakouts(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    return _breakouts_page(request, site)


def _breakouts_page(
    request: HttpRequest,
    site: Site,
    *,
    failed: tuple[int, BreakoutsForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    redrawn = selectors.breakout_tables_by_session(site=site)
    sessions = Session.objects.filter(dialogue_id=site.dialogue_id).order_by("position", "id")
    rows = [
        {
            "session": session,
            "tables": redrawn.get(session.id),
            "form": failed[1] if failed and failed[0] == session.id else BreakoutsForm(),
        }
        for session in sessions
    ]
    context = {
        "site": site,
        "rows": rows,
        "runs_site": runs_site(user=request.user, site=site),
        "present": selectors.site_present_count(site=site),
    }
    return render(request, "deliberation/breakouts.html", context, status=status)


@require_POST
@login_required
def breakouts_redraw_view(request: HttpRequest, site_id: int, session_id: int) -> HttpResponse:
    # Moving everyone present to new rooms is a site-wide action: hosts and organisers only.
    site = access_site_for_host(user=request.user, site_id=site_id)
    session = access_session_for_site(site=site, session_id=session_id)
    form = BreakoutsForm(request.POST)
    if not form.is_valid():
        return _breakouts_page(request, site, failed=(session.id, form), status=400)
    if not form.confirmed:
        return _confirm(request, site, session, form)
    try:
        outcome = breakouts_redraw(
            site=site,
            session=session,
            table_size=form.cleaned_data["table_size"],
            actor=request.user,
        )
    except SeatingError as error:
        form.add_error("table_size", _("The rooms could not be made: %(error)s") % {"error": error})
        return _breakouts_page(request, site, failed=(session.id, form), status=400)
    messages.success(
        request,
        ngettext(
            "%(people)s citizen seated in %(rooms)s rooms for “%(session)s”.",
            "%(people)s citizens seated in %(rooms)s rooms for “%(session)s”.",
            outcome.citizens,
        )
        % {"people": outcome.citizens, "rooms": outcome.tables, "session": _title(session, site)},
    )
    return redirect("deliberation:breakouts", site_id=site.id)


def _confirm(
    request: HttpRequest, site: Site, session: Session, form: BreakoutsForm
) -> HttpResponse:
    present = selectors.site_present_count(site=site)
    question = ngettext(
        "Move the %(n)s citizen present to a new room for “%(session)s”?",
        "Move all %(n)s citizens present to new rooms for “%(session)s”?",
        present,
    ) % {"n": present, "session": _title(session, site)}
    consequences = [
        _(
            "Everyone present is seated in new mixed rooms of %(size)s for this session, "
            "meeting as few people as possible they already sat with."
        )
        % {"size": form.cleaned_data["table_size"]},
        _("Each citizen's page shows their new room; other sessions do not change."),
    ]
    return confirm_page(
        request,
        form=form,
        question=question,
        consequences=consequences,
        confirm_label=_("Re-draw the rooms"),
        cancel_url=reverse("deliberation:breakouts", kwargs={"site_id": site.id}),
    )


def _title(session: Session, site: Site) -> str:
    return pick_text(session.title, fallback=site.dialogue.source_language)
