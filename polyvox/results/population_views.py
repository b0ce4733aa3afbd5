"""The organisers' page of population figures: what weights the results, and their own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from polyvox.accounts.models import User
from polyvox.core.collation import sorted_by_name
from polyvox.dialogues.models import Dialogue
from polyvox.dialogues.regions import label
from polyvox.results.access import access_dialogue_for_results_organiser
from polyvox.results.forms import PopulationOverrideForm
from polyvox.results.reference_data import display_name, reference_for_dialogue, reference_note
from polyvox.results.services import PopulationOverrideError, population_override_set


@login_required
def populations(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue = access_dialogue_for_results_organiser(user=request.user, slug=slug)
    reference = reference_for_dialogue(dialogue=dialogue)
    names = {code: display_name(code, ref["name"]) for code, ref in reference["countries"].items()}
    by_name = sorted_by_name(names, name=names.__getitem__)
    choices = [(code, f"{names[code]} ({code})") for code in by_name]
    form = PopulationOverrideForm(
        request.POST if request.method == "POST" else None, countries=choices
    )
    if request.method == "POST" and form.is_valid():
        assert isinstance(request.user, User)
        action = form.cleaned_data["action"]
        try:
            population_override_set(
                dialogue=dialogue,
                country=form.cleaned_data["country"],
                population=form.cleaned_data["population"] if action == "set" else None,
                source=form.cleaned_data["source"].strip(),
                actor=request.user,
            )
        except PopulationOverrideError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Saved. The results are being recomputed with this figure.")
            )
            return redirect("results:populations", slug=dialogue.slug)
    context = {
        "dialogue": dialogue,
        "countries": [
            (
                code,
                names[code],
                label(ref["subregion"] or ref["region"]),
                label(ref["income_group"]),
                ref,
            )
            for code in by_name
            for ref in [reference["countries"][code]]
        ],
        "note": reference_note(reference),
        "form": form,
        "published": dialogue.status == Dialogue.Status.RESULTS_PUBLISHED,
    }
    return render(request, "results/populations.html", context, status=400 if form.errors else 200)
