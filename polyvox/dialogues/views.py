from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from polyvox.accounts.models import User
from polyvox.dialogues import selectors
from polyvox.dialogues.access import (
    access_dialogue_for_organiser,
    access_dialogue_for_reader,
    access_site_for_host,
    access_site_for_reader,
    access_upload_for_reader,
)
from polyvox.dialogues.forms import SiteScheduleForm
from polyvox.dialogues.models import Session, SessionStart, Site
from polyvox.dialogues.services import site_schedule_set
from polyvox.dialogues.tasks import TRANSLATION_CHECK
from polyvox.jobs.services import job_enqueue


def home(request: HttpRequest) -> HttpResponse:
    dialogues = selectors.dialogue_list_for_reader(user=request.user)
    return render(request, "dialogues/home.html", {"dialogues": dialogues})


def dialogue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue = access_dialogue_for_reader(user=request.user, slug=slug)
    context = {
        "dialogue": dialogue,
        "partner_groups": selectors.dialogue_partner_groups(dialogue=dialogue),
        "sites": selectors.dialogue_sites_for_readers(dialogue=dialogue),
        "sessions": selectors.dialogue_agenda(dialogue=dialogue),
        "online_tracks": selectors.dialogue_online_tracks(dialogue=dialogue),
    }
    return render(request, "dialogues/dialogue_detail.html", context)


def uploaded_file(request: HttpRequest, name: str) -> FileResponse:
    """Logos and booklets, in production as in development, to whoever may see them."""
    file = access_upload_for_reader(user=request.user, name=name)
    booklet = name.startswith("booklets/")
    response = FileResponse(
        file.open("rb"), as_attachment=booklet, filename=PurePosixPath(name).name
    )
    # Whatever a file holds, it cannot run as a page of this site.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # A draft dialogue's booklet must not stay in a shared cache.
    response["Cache-Control"] = "private, max-age=0" if booklet else "public, max-age=3600"
    return response


def site_detail(request: HttpRequest, slug: str, site_slug: str) -> HttpResponse:
    site = access_site_for_reader(user=request.user, dialogue_slug=slug, site_slug=site_slug)
    context = {
        "site": site,
        "dialogue": site.dialogue,
        "hosts": selectors.site_hosts(site=site),
        "agenda": selectors.site_agenda(site=site, now=timezone.now()),
    }
    return render(request, "dialogues/site_detail.html", context)


@login_required
def global_agenda(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    """The organisers' "follow the sun" view: every site's local times and what it is in."""
    dialogue = access_dialogue_for_organiser(user=request.user, dialogue_id=dialogue_id)
    now = timezone.now()
    context = {
        "dialogue": dialogue,
        "agendas": selectors.dialogue_global_agenda(dialogue=dialogue, now=now),
        "now": now,
    }
    return render(request, "dialogues/global_agenda.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def site_schedule(request: HttpRequest, site_id: int) -> HttpResponse:
    """A host moves their site's day, or gives a session its own date and time."""
    site = access_site_for_host(user=request.user, site_id=site_id)
    sessions = list(Session.objects.filter(dialogue_id=site.dialogue_id).order_by("position", "id"))
    starts = list(SessionStart.objects.filter(site=site))
    language = get_language()
    if request.method == "POST":
        form = SiteScheduleForm(
            request.POST, sessions=sessions, starts=starts, language=language, day=site.date
        )
        if form.is_valid():
            changed = site_schedule_set(
                site=site,
                shift_minutes=form.cleaned_data["shift_minutes"],
                own_starts=form.own_starts(),
                actor=request.user,
            )
            if changed:
                messages.success(
                    request, _("The schedule of %(site)s is saved.") % {"site": site.city}
                )
            return redirect("dialogues:site-schedule", site_id=site.id)
        return _schedule_page(request, site, form, status=400)
    form = SiteScheduleForm(
        initial={"shift_minutes": site.schedule_shift_minutes},
        sessions=sessions,
        starts=starts,
        language=language,
        day=site.date,
    )
    return _schedule_page(request, site, form)


def _schedule_page(
    request: HttpRequest, site: Site, form: SiteScheduleForm, status: int = 200
) -> HttpResponse:
    context = {
        "site": site,
        "dialogue": site.dialogue,
        "form": form,
        "agenda": selectors.site_agenda(site=site, now=timezone.now()),
    }
    return render(request, "dialogues/site_schedule.html", context, status=status)


@require_POST
@login_required
def translation_check(request: HttpRequest, dialogue_id: int) -> HttpResponse:
    dialogue = access_dialogue_for_organiser(user=request.user, dialogue_id=dialogue_id)
    assert isinstance(request.user, User)
    job = job_enqueue(
        kind=TRANSLATION_CHECK,
        params={"dialogue_id": dialogue.id},
        dialogue=dialogue,
        created_by=request.user,
    )
    return redirect("jobs:detail", job_id=job.id)
