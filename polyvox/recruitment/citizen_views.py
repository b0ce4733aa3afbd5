"""The public recruitment pages: registering, answering an invitation, the draw's report
and its verification files."""

from __future__ import annotations

import io
import zipfile

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from polyvox.core import design
from polyvox.core.ratelimit import Rate, rate_limited
from polyvox.dialogues.access import access_site_for_reader
from polyvox.recruitment import invitations, registration, selectors, stages, verification
from polyvox.recruitment.access import access_invitation_by_token, access_run_for_reader
from polyvox.recruitment.event_mail import SiteOverError
from polyvox.recruitment.forms import AnswerForm, RegistrationForm
from polyvox.recruitment.records import report_load


def report(request: HttpRequest, run_id: int) -> HttpResponse:
    run = access_run_for_reader(user=request.user, run_id=run_id)
    data = report_load(run.report)
    context = {
        "run": run,
        "site": run.site,
        "dialogue": run.site.dialogue,
        "data": data,
        # The chart's bars take the first series colour, as every chart and PDF does.
        "bar_colour": design.SERIES[0],
    }
    return render(request, "recruitment/report.html", context)


def verification_bundle(request: HttpRequest, run_id: int) -> HttpResponse:
    run = access_run_for_reader(user=request.user, run_id=run_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in verification.bundle_files(run=run).items():
            archive.writestr(name, text)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="selection-{run.id}.zip"'
    return response


# A host recruiting door to door registers many people from one tablet: generous per address.
@rate_limited("registration", per_address=Rate(300, 3600))
def register(request: HttpRequest, slug: str, site_slug: str) -> HttpResponse:
    site = access_site_for_reader(user=request.user, dialogue_slug=slug, site_slug=site_slug)
    refusal = stages.registration_refusal(site=site, now=timezone.now())
    if refusal is not None:
        closed = {"site": site, "dialogue": site.dialogue, "reason": refusal}
        return render(request, "recruitment/registration_closed.html", closed)
    categories = selectors.site_categories(site=site)
    form = RegistrationForm(request.POST or None, site=site, categories=categories)
    if request.method == "POST" and form.is_valid():
        # The same page whether or not the email is known: a known one is told by email.
        try:
            registration.volunteer_register_or_remind(site=site, registration=form.registration())
        except (SiteOverError, stages.RegistrationClosedError) as refusal:
            ended = {"site": site, "dialogue": site.dialogue, "reason": str(refusal)}
            return render(request, "recruitment/registration_closed.html", ended, status=409)
        return render(request, "recruitment/registered.html", {"site": site})
    status = 400 if request.method == "POST" else 200
    context = {"site": site, "dialogue": site.dialogue, "form": form}
    return render(request, "recruitment/register.html", context, status=status)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = access_invitation_by_token(token=token)
    site = invitation.volunteer.site
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.invitation_answer(invitation=invitation, answer=form.cleaned_data["answer"])
        except invitations.AnswerError as error:
            form.add_error(None, str(error))
        else:
            return redirect("recruitment:invitation", token=token)
    context = {
        "invitation": invitation,
        "site": site,
        "dialogue": site.dialogue,
        "form": form,
        "voting_code": invitations.invitation_voting_code(invitation=invitation),
    }
    response = render(request, "recruitment/invitation.html", context)
    if context["voting_code"]:
        response["Cache-Control"] = "no-store"  # the page shows a voting code
    return response
