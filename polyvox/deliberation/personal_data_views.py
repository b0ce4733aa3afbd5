"""Export and erasure: staff on behalf of a person, and the person through an emailed link.

These pages were people's; they moved here with polyvox.deliberation.personal_data, whose
export and erasure span the vault, recruitment and the day. polyvox/urls.py keeps their
names in the "people" namespace.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from polyvox.core.ratelimit import Rate, rate_limited
from polyvox.deliberation import personal_data
from polyvox.dialogues.access import access_site_for_host
from polyvox.people import messages as people_messages
from polyvox.people import selectors, services
from polyvox.people.access import (
    access_people_by_token,
    access_person_for_host,
    people_managed_by,
)
from polyvox.people.forms import EraseForm, SearchForm, SelfServiceRequestForm
from polyvox.people.models import Person


def _json_download(data: Any, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def site_people(request: HttpRequest, site_id: int) -> HttpResponse:
    """Find a volunteer of the site to export or erase their data; nothing is listed
    until the host searches, so the page shows no more names than needed."""
    site = access_site_for_host(user=request.user, site_id=site_id)
    form = SearchForm(request.GET or None)
    found: list[Person] = []
    if form.is_valid():
        people = people_managed_by(request.user).filter(volunteers__site=site)
        found = selectors.people_search(people=people, query=form.cleaned_data["q"])
    context = {"site": site, "dialogue": site.dialogue, "form": form, "found": found}
    return render(request, "people/site_people.html", context)


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person_for_host(user=request.user, person_id=person_id)
    data = personal_data.person_export_for(person=person, actor=request.user, form="html")
    context = {"person": person, "data": data, "erase": EraseForm(), "staff": True}
    return render(request, "people/person.html", context)


@login_required
def person_export(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person_for_host(user=request.user, person_id=person_id)
    data = personal_data.person_export_for(person=person, actor=request.user)
    return _json_download(data, f"person-{person.id}.json")


@require_POST
@login_required
def person_erase(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person_for_host(user=request.user, person_id=person_id)
    form = EraseForm(request.POST)
    if not form.is_valid():
        data = personal_data.person_export(person=person)
        context = {"person": person, "data": data, "erase": form, "staff": True}
        return render(request, "people/person.html", context, status=400)
    if personal_data.person_erase(person=person, actor=request.user):
        messages.success(request, people_messages.ERASED)
    else:
        messages.info(request, people_messages.ALREADY_ERASED)
    return redirect("people:person", person_id=person.id)


@rate_limited("self-service", per_address=Rate(20, 3600))
def self_service_request(request: HttpRequest) -> HttpResponse:
    form = SelfServiceRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.self_service_link_send(email=form.cleaned_data["email"])
        # The same answer whether or not we know the address: nobody learns who registered.
        return render(request, "people/self_service_sent.html")
    status = 400 if request.method == "POST" else 200
    return render(request, "people/self_service_request.html", {"form": form}, status=status)


def self_service(request: HttpRequest, token: str) -> HttpResponse:
    people = access_people_by_token(token=token)
    exports = [
        personal_data.person_export_for(person=person, actor=None, by="self-service", form="html")
        for person in people
        if person.erased_at is None
    ]
    context = {"token": token, "exports": exports, "erase": EraseForm()}
    return render(request, "people/self_service.html", context)


def self_service_export(request: HttpRequest, token: str) -> HttpResponse:
    people = access_people_by_token(token=token)
    data = [
        personal_data.person_export_for(person=person, actor=None, by="self-service")
        for person in people
        if person.erased_at is None
    ]
    return _json_download(data, "my-data.json")


@require_POST
def self_service_erase(request: HttpRequest, token: str) -> HttpResponse:
    people = access_people_by_token(token=token)
    form = EraseForm(request.POST)
    if not form.is_valid():
        messages.error(request, people_messages.CONFIRM_ERASURE)
        return redirect("people:self", token=token)
    for person in people:
        personal_data.person_erase(person=person, actor=None, by="self-service")
    messages.success(request, people_messages.YOUR_DATA_ERASED)
    return redirect("people:self", token=token)
