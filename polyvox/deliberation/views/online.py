"""A citizen's "my day" and their online room; the hosts' rooms page; the facilitator's kit."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from polyvox.core.ratelimit import Rate, rate_limited
from polyvox.core.translation import pick_text
from polyvox.deliberation.access import participant_from_session, runs_site, tables_for_staff
from polyvox.deliberation.forms import KitLanguageForm, LanguageForm, RoomsForm
from polyvox.deliberation.models import Table
from polyvox.deliberation.my_day import my_day as my_day_of
from polyvox.deliberation.online import room_open, rooms_update, table_room
from polyvox.deliberation.views.citizen import ballot_language_of, speaking
from polyvox.deliberation.views.recommendations import site_languages
from polyvox.dialogues.access import access_site_for_facilitator, access_site_for_host
from polyvox.dialogues.models import FacilitatorStep, Session, Site
from polyvox.dialogues.schedule import session_times

# As generous per address as the code form: a venue's citizens share one address.
CITIZEN_RATE = Rate(600, 60)


def _to_sign_in() -> HttpResponse:
    return redirect(f"{reverse('deliberation:vote-login')}?{urlencode({'next': 'my-day'})}")


@require_GET
@rate_limited("my-day", per_address=CITIZEN_RATE, methods=("GET",))
def my_day(request: HttpRequest) -> HttpResponse:
    """When, where, what to read first and whom to ask, in the citizen's language; rooms
    are read at every visit, never stored in anything that cannot change."""
    participant = participant_from_session(request)
    if participant is None:
        return _to_sign_in()
    language = ballot_language_of(request, participant)
    with speaking(language):
        day = my_day_of(participant=participant, language=language, now=timezone.now())
        context = {
            "day": day,
            "citizen_signed_in": True,
            "language_form": LanguageForm(
                languages=site_languages(participant.site), current=language, next_page="my-day"
            ),
        }
        response = render(request, "deliberation/my_day.html", context)
    response["Cache-Control"] = "no-store"  # a room may change: never an old copy
    return response


@require_POST
@rate_limited("my-day-room", per_address=CITIZEN_RATE)
def my_day_room(request: HttpRequest, session_id: int) -> HttpResponse:
    """Opens the citizen's room for a session; during the session it marks them present."""
    participant = participant_from_session(request)
    if participant is None:
        return _to_sign_in()
    session = Session.objects.filter(
        id=session_id, dialogue_id=participant.site.dialogue_id
    ).first()
    if session is None:
        raise Http404("No such session.")
    room = room_open(participant=participant, session=session, now=timezone.now())
    if not room:
        with speaking(ballot_language_of(request, participant)):
            messages.info(request, _("Your table has no online room for this session."))
        return redirect("deliberation:my-day")
    response = HttpResponseRedirect(room, status=303)
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- Staff -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def rooms(request: HttpRequest, site_id: int) -> HttpResponse:
    """The site's venue, contact and online rooms: hosts and organisers, audited."""
    site = access_site_for_host(user=request.user, site_id=site_id)
    tables = list(site.tables.order_by("number"))
    form = RoomsForm(request.POST if request.method == "POST" else None, site=site, tables=tables)
    if form.is_bound and form.is_valid():
        rooms_update(
            site=site,
            site_values=form.site_values(),
            tables=form.table_rooms(),
            actor=request.user,
        )
        messages.success(
            request, _("Saved. Citizens see the new rooms the next time they open their day.")
        )
        return redirect("deliberation:rooms", site_id=site.id)
    sessions = list(Session.objects.filter(dialogue_id=site.dialogue_id).order_by("position", "id"))
    preview = [
        (table, [table_room(table=table, site=site, session=session) for session in sessions])
        for table in tables
    ]
    context = {
        "site": site,
        "runs_site": True,
        "form": form,
        "sessions": sessions,
        "preview": preview,
    }
    return render(request, "deliberation/rooms.html", context, status=400 if form.errors else 200)


@require_GET
@login_required
def kit(request: HttpRequest, site_id: int) -> HttpResponse:
    """Each session's timed steps beside the facilitator's own tables (hosts: all of them);
    printable."""
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    languages = site_languages(site)
    picked = KitLanguageForm(request.GET or None, languages=languages)
    # The chosen language, else the facilitator's interface language if the site uses it.
    interface = get_language() or ""
    default = interface if interface in languages else languages[0]
    language = picked.cleaned_data["language"] if picked.is_valid() else default
    tables = list(tables_for_staff(user=request.user, site=site))
    context = {
        "site": site,
        "runs_site": runs_site(user=request.user, site=site),
        "language": language,
        "language_form": KitLanguageForm(languages=languages, current=language),
        "sessions": _kit_sessions(site, tables, language),
        "tables": tables,
    }
    return render(request, "deliberation/kit.html", context)


def _kit_sessions(site: Site, tables: list[Table], language: str) -> list[dict[str, object]]:
    source = site.dialogue.source_language
    by_id = {
        session.id: session
        for session in Session.objects.filter(dialogue_id=site.dialogue_id).prefetch_related(
            "kit_steps__question"
        )
    }
    sessions = []
    for times in session_times(site=site):
        session = by_id[times.session_id]
        steps = [
            {
                "step": step,
                "text": pick_text(step.text, language, source),
                "question": pick_text(step.question.text, language, source)
                if step.question is not None
                else "",
                "vote": step.kind == FacilitatorStep.Kind.VOTE,
            }
            for step in session.kit_steps.all()
        ]
        sessions.append(
            {
                "session": session,
                "title": pick_text(session.title, language, source),
                "times": times,
                "steps": steps,
                "rooms": [
                    (table, table_room(table=table, site=site, session=session)) for table in tables
                ],
            }
        )
    return sessions
