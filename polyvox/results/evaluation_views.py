"""The evaluation page of a dialogue, and the organisers' action that adds the ready-made
evaluation questionnaire (polyvox.dialogues.questionnaire)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from polyvox.accounts.models import User
from polyvox.core.confirm import confirm_page
from polyvox.core.forms import ConfirmedForm
from polyvox.dialogues.questionnaire import ITEMS, evaluation_questionnaire_add
from polyvox.results.access import (
    access_dialogue_for_results_organiser,
    access_dialogue_for_results_reader,
)
from polyvox.results.evaluation import Scope, evaluation_results, evaluation_scopes
from polyvox.results.views import _organises


class EvaluationScopeForm(forms.Form):
    """Which level to read: all sites, a country or a site; only levels that exist."""

    scope = forms.ChoiceField(label=gettext_lazy("Show"), required=False)

    def __init__(self, data: Any, *, scopes: list[Scope]) -> None:
        super().__init__(data)
        self.scopes = scopes
        self.fields["scope"].choices = [  # type: ignore[attr-defined]
            (scope.key, scope.label) for scope in scopes
        ]

    def chosen(self) -> Scope:
        if not self.is_valid():
            return self.scopes[0]
        key = self.cleaned_data["scope"]
        return next((scope for scope in self.scopes if scope.key == key), self.scopes[0])


class QuestionnaireForm(ConfirmedForm):
    """Adding the questionnaire is confirmed first; it has nothing else to choose."""


def evaluation_page(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue = access_dialogue_for_results_reader(user=request.user, slug=slug)
    form = EvaluationScopeForm(request.GET or None, scopes=evaluation_scopes(dialogue=dialogue))
    results = evaluation_results(dialogue=dialogue, scope=form.chosen())
    context = {
        "dialogue": dialogue,
        "form": form,
        "results": results,
        "can_organise": _organises(request, dialogue),
        "questionnaire_items": len(ITEMS),
    }
    return render(request, "results/evaluation.html", context)


@require_POST
@login_required
def questionnaire_add(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue = access_dialogue_for_results_organiser(user=request.user, slug=slug)
    assert isinstance(request.user, User)
    form = QuestionnaireForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    if not form.confirmed:
        return confirm_page(
            request,
            form=form,
            question=_("Add the evaluation questionnaire to this dialogue?"),
            consequences=[
                _(
                    "A session “Evaluation of the day” is added at the end of the agenda with "
                    "%(n)s statements on a five-point agreement scale, in English and French."
                )
                % {"n": len(ITEMS)},
                _(
                    "Their answers appear on the evaluation page and in the reports' "
                    "evaluation chapter, never among the main results."
                ),
                _(
                    "You can edit every text per language in the admin. Adding it again "
                    "only adds what is missing and keeps your edits."
                ),
            ],
            confirm_label=_("Add the questionnaire"),
            cancel_url=reverse("results:evaluation", kwargs={"slug": dialogue.slug}),
        )
    added = evaluation_questionnaire_add(dialogue=dialogue, actor=request.user)
    if added.questions_added:
        messages.success(
            request,
            _("%(n)s evaluation statements were added to the agenda.")
            % {"n": added.questions_added},
        )
    else:
        messages.info(request, _("The evaluation questionnaire was already there: nothing added."))
    return redirect("results:evaluation", slug=dialogue.slug)
