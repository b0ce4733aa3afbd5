"""The results' manage page: the organisers' tools (publication, reports, recomputation,
themes and the rest) and hosts' themes, kept off the public results page."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_countries import countries

from polyvox.dialogues.models import Dialogue
from polyvox.jobs.selectors import jobs_recent_for_dialogue
from polyvox.results.access import access_dialogue_for_results_staff
from polyvox.results.models import Report
from polyvox.results.selectors import results_reports, results_snapshot


@login_required
def results_manage(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue, organises, hosted_sites = access_dialogue_for_results_staff(
        user=request.user, slug=slug
    )
    context = {
        "dialogue": dialogue,
        "can_organise": organises,
        "hosted_sites": hosted_sites,
        "published": dialogue.status == Dialogue.Status.RESULTS_PUBLISHED,
    }
    if organises:
        context |= _organiser_context(dialogue)
    return render(request, "results/manage.html", context)


def _organiser_context(dialogue: Dialogue) -> dict[str, object]:
    codes = sorted({str(site.country.code) for site in dialogue.sites.all()})
    return {
        "snapshot": results_snapshot(dialogue=dialogue),
        "countries": sorted(
            ((code, str(countries.name(code)) or code) for code in codes),
            key=lambda choice: choice[1],
        ),
        "languages": settings.LANGUAGES,
        "global_scope": Report.GLOBAL,
        "reports": [
            (report, str(countries.name(report.scope)) or report.scope)
            for report in results_reports(dialogue=dialogue)
        ],
        "jobs": jobs_recent_for_dialogue(dialogue_id=dialogue.id),
    }
