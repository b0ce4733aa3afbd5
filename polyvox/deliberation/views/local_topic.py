"""A host's local topic: questions asked at their own site only (issue 15 item 5)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from polyvox.deliberation.forms import LocalQuestionForm
from polyvox.deliberation.views.recommendations import site_languages
from polyvox.dialogues.access import access_site_for_host
from polyvox.dialogues.models import Question, Site
from polyvox.dialogues.services import LocalQuestionError, local_question_add


@require_http_methods(["GET", "POST"])
@login_required
def local_topic(request: HttpRequest, site_id: int) -> HttpResponse:
    # The site's own questions are the host's choice: hosts and organisers only.
    site = access_site_for_host(user=request.user, site_id=site_id)
    form = _form(site, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = local_question_add(
                site=site,
                session=data["session"],
                key=data["key"],
                kind=data["kind"],
                answered_by=data["answered_by"],
                language=data["language"],
                text=data["text"].strip(),
                options=data["option_list"],
                actor=request.user,
            )
        except LocalQuestionError as error:
            form.add_error("key", str(error))
        else:
            messages.success(
                request,
                _(
                    "The local question %(key)s is added for %(site)s only; open it on the run sheet."
                )
                % {"key": question.key, "site": site.city},
            )
            return redirect("deliberation:local-topic", site_id=site.id)
    questions = (
        Question.objects.filter(site=site)
        .select_related("session")
        .prefetch_related("options")
        .order_by("session__position", "position", "id")
    )
    context = {"site": site, "form": form, "questions": questions, "runs_site": True}
    return render(request, "deliberation/local_topic.html", context)


def _form(site: Site, data: object) -> LocalQuestionForm:
    return LocalQuestionForm(
        data,  # type: ignore[arg-type]
        sessions=site.dialogue.sessions.order_by("position", "id"),
        languages=site_languages(site),
    )
