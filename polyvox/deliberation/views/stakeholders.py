"""The organisers' page of a site's stakeholders' panel: who is on it, and registering."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from polyvox.deliberation.access import access_site_for_stakeholders
from polyvox.deliberation.forms import StakeholderForm
from polyvox.deliberation.stakeholders import (
    StakeholderEntry,
    stakeholder_register,
    stakeholders_of,
)
from polyvox.deliberation.views.recommendations import site_languages


@require_http_methods(["GET", "POST"])
@login_required
def stakeholders(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_stakeholders(user=request.user, site_id=site_id)
    languages = site_languages(site)
    form = StakeholderForm(request.POST if request.method == "POST" else None, languages=languages)
    code = ""
    if form.is_bound and form.is_valid():
        participant = stakeholder_register(
            site=site,
            entry=StakeholderEntry(
                full_name=form.cleaned_data["full_name"],
                organisation=form.cleaned_data["organisation"],
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"],
            ),
            actor=request.user,
        )
        # Shown once, on this answer to the POST (never in a message or a redirect).
        code = participant.code
        form = StakeholderForm(languages=languages)
    context = {"site": site, "form": form, "code": code, "rows": stakeholders_of(site=site)}
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "deliberation/stakeholders.html", context, status=status)
