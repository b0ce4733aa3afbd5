"""The host's and organiser's recruitment pages: files, quotas, selection, invitations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from polyvox.accounts.models import User
from polyvox.core.confirm import confirm_page
from polyvox.dialogues.access import access_site_for_host
from polyvox.dialogues.models import Site
from polyvox.lib.problems import ProblemsError
from polyvox.lib.tabular import read_table
from polyvox.recruitment import (
    categories,
    invitations,
    pool_imports,
    quotas,
    registration,
    selection,
    selectors,
    stages,
)
from polyvox.recruitment.access import access_import_for_host, access_run_for_host
from polyvox.recruitment.event_mail import NO_MORE_INVITATIONS, SiteOverError, refuse_when_over
from polyvox.recruitment.forms import (
    ALGORITHM_LABELS,
    DrawForm,
    InvitationsSendForm,
    PrepareForm,
    QuotaForm,
    RegistrationSwitchForm,
    UploadForm,
)
from polyvox.recruitment.models import SelectionRun
from polyvox.recruitment.records import import_problems_load


def _user(request: HttpRequest) -> User:
    # login_required has let only signed-in users through.
    assert isinstance(request.user, User)
    return request.user


@login_required
def manage(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_host(user=request.user, site_id=site_id)
    return _manage_page(request, site)


def _manage_page(
    request: HttpRequest,
    site: Site,
    problems: list[str] | None = None,
    *,
    prepare: PrepareForm | None = None,
    categories_form: UploadForm | None = None,
    pool_form: UploadForm | None = None,
    status: int | None = None,
) -> HttpResponse:
    counts = selectors.volunteer_status_counts(site=site)
    pool_size = counts.get("pool", 0)
    runs = selectors.selection_runs(site=site)
    bound = [form for form in (prepare, categories_form, pool_form) if form is not None]
    context = {
        "site": site,
        "dialogue": site.dialogue,
        "counts": counts,
        "pool_size": pool_size,
        "categories": selectors.site_categories(site=site),
        "runs": runs,
        "drawn": any(run.status == SelectionRun.Status.DRAWN for run in runs),
        "registration_open": selectors.registration_setting(site=site),
        **_stage_context(site),
        "imports": selectors.pool_imports(site=site),
        "categories_form": categories_form or UploadForm(),
        "pool_form": pool_form or UploadForm(),
        "prepare": prepare
        or PrepareForm(initial={"panel_size": min(site.target_participants, pool_size) or 1}),
        "problems": problems or [],
    }
    failed = bool(problems) or any(form.errors for form in bound)
    return render(
        request, "recruitment/manage.html", context, status=status or (400 if failed else 200)
    )


def _stage_context(site: Site) -> dict[str, object]:
    """The stage and which of the page's actions it still allows."""
    stage = stages.site_stage(site=site, now=timezone.now())
    return {
        "stage": stage,
        "registration_stage": stage.stage == stages.Stage.REGISTRATION,
        "can_reopen": stage.stage == stages.Stage.POOL_CLOSED,
        # The service refuses the rest; a past day without a panel may still draw one.
        "can_prepare": stage.stage
        in (stages.Stage.POOL_CLOSED, stages.Stage.LOTTERY_PREPARED, stages.Stage.DAY_OVER),
    }


@require_POST
@login_required
def categories_upload(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_host(user=request.user, site_id=site_id)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _manage_page(request, site, categories_form=form)
    upload = form.cleaned_data["file"]
    try:
        table = read_table(name=upload.name, content=upload.read())
        count = categories.categories_import(site=site, table=table, actor=_user(request))
    except ProblemsError as error:
        return _manage_page(request, site, [str(problem) for problem in error.problems])
    messages.success(request, _("%(n)s categories saved.") % {"n": count})
    return redirect("recruitment:manage", site_id=site.id)


@require_POST
@login_required
def pool_import(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_host(user=request.user, site_id=site_id)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _manage_page(request, site, pool_form=form)
    upload = form.cleaned_data["file"]
    pool_upload = pool_imports.pool_import_queue(
        site=site,
        file_name=upload.name,
        content=upload.read(),
        language=request.LANGUAGE_CODE,
        created_by=_user(request),
    )
    return redirect("recruitment:pool-import-detail", import_id=pool_upload.id)


@login_required
def pool_import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    """The import's progress while the job runs, then what it added or why it refused."""
    pool_upload = access_import_for_host(user=request.user, import_id=import_id)
    site = pool_upload.site
    context = {
        "upload": pool_upload,
        "problems": import_problems_load(pool_upload.problems),
        "site": site,
        "dialogue": site.dialogue,
    }
    return render(request, "recruitment/pool_import.html", context)


@require_POST
@login_required
def registration_switch(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_host(user=request.user, site_id=site_id)
    form = RegistrationSwitchForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, site, [_("Choose to open or to close registration.")])
    is_open: bool = form.cleaned_data["open"]
    if not is_open and not form.confirmed:
        return _close_registration_question(request, site, form)
    try:
        registration.registration_set(site=site, is_open=is_open, actor=_user(request))
    except stages.RegistrationClosedError as refusal:
        return _manage_page(request, site, [str(refusal)], status=409)
    if is_open:
        messages.success(request, _("The registration page is open."))
    else:
        pool_size = selectors.volunteer_status_counts(site=site).get("pool", 0)
        messages.success(
            request,
            _(
                "The registration page is closed. The pool keeps its %(n)s volunteers "
                "for the lottery: prepare it below."
            )
            % {"n": pool_size},
        )
    return redirect("recruitment:manage", site_id=site.id)


def _close_registration_question(
    request: HttpRequest, site: Site, form: RegistrationSwitchForm
) -> HttpResponse:
    pool_size = selectors.volunteer_status_counts(site=site).get("pool", 0)
    return confirm_page(
        request,
        form=form,
        question=_("Close registration in %(site)s?") % {"site": site},
        consequences=[
            _("The public registration page stops taking volunteers.")
            + " "
            + _("The lottery draws from the %(n)s volunteers in the pool now.") % {"n": pool_size},
            _(
                "You can reopen it until you prepare the lottery. The change is recorded on the audit trail."
            ),
        ],
        confirm_label=_("Close registration"),
        cancel_url=reverse("recruitment:manage", args=[site.id]) + "#registration",
    )


def _quota_form(request: HttpRequest, site: Site) -> QuotaForm:
    rows = selectors.quota_rows(site=site, panel_size=site.target_participants)
    data = request.POST if request.method == "POST" else None
    return QuotaForm(data, rows=rows, initial={"panel_size": site.target_participants})


def _quota_problems(site: Site, form: QuotaForm) -> list[str]:
    """What the host must change: unreadable cells (at their field too), then what the
    entered quotas contradict."""
    if not form.is_valid():
        labels = {
            row.value.id: selectors.value_label(row.category, row.value, site) for row in form.rows
        }
        return form.error_lines(labels)
    entered, panel_size = form.bounds(), form.cleaned_data["panel_size"]
    rows = selectors.quota_rows(site=site, panel_size=panel_size, entered=entered)
    pool_size = selectors.volunteer_status_counts(site=site).get("pool", 0)
    return selectors.quota_problems(
        site=site, rows=rows, panel_size=panel_size, pool_size=pool_size, entered=entered
    )


@login_required
def quotas_edit(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_host(user=request.user, site_id=site_id)
    form = _quota_form(request, site)
    problems: list[str] = []
    if form.is_bound:
        apply = request.POST.get("apply", "")
        if apply in QUOTA_SHORTCUTS and form.has_panel_size():
            form = _quota_form_with(site, form, QUOTA_SHORTCUTS[apply](site, form))
        problems = _quota_problems(site, form)
    if form.is_bound and not problems:
        panel_size = form.cleaned_data["panel_size"]
        quotas.quotas_save(
            site=site, bounds=form.bounds(), panel_size=panel_size, actor=_user(request)
        )
        messages.success(request, _quota_saved_message(request.POST.get("apply", ""), panel_size))
        return redirect("recruitment:quotas", site_id=site.id)
    context = {
        "site": site,
        "dialogue": site.dialogue,
        "form": form,
        "rows": form.rows,
        "pool_size": selectors.volunteer_status_counts(site=site).get("pool", 0),
        "problems": problems,
        "suggestion_available": _suggestion_available(site, form, problems),
        "has_population_shares": selectors.has_population_shares(site=site),
    }
    status = 400 if form.is_bound else 200
    return render(request, "recruitment/quotas.html", context, status=status)


def _population_shortcut(site: Site, form: QuotaForm) -> dict[int, tuple[int, int]]:
    return selectors.population_bounds(site=site, panel_size=form.cleaned_data["panel_size"])


def _suggestion_shortcut(site: Site, form: QuotaForm) -> dict[int, tuple[int, int]]:
    """The entered bounds with the engine's smallest change applied (when the rest of the
    form reads as numbers; otherwise nothing changes and the errors show)."""
    if not form.is_valid():
        return {}
    entered = form.bounds()
    relaxed = selectors.quota_relaxation(
        site=site, panel_size=form.cleaned_data["panel_size"], entered=entered
    )
    return {**entered, **relaxed}


# The editor's one-click buttons (name="apply"): each gives new bounds by value id,
# which then go through the same checks as bounds typed by hand.
QUOTA_SHORTCUTS = {"population": _population_shortcut, "suggestion": _suggestion_shortcut}


def _quota_form_with(site: Site, form: QuotaForm, bounds: dict[int, tuple[int, int]]) -> QuotaForm:
    data = dict(form.data.items())
    for value_id, (low, high) in bounds.items():
        data[f"min-{value_id}"], data[f"max-{value_id}"] = str(low), str(high)
    rows = selectors.quota_rows(site=site, panel_size=site.target_participants)
    return QuotaForm(data, rows=rows, initial={"panel_size": site.target_participants})


def _quota_saved_message(apply: str, panel_size: int) -> str:
    if apply == "population":
        return _("Quotas set in proportion to the population for a panel of %(k)s, and saved.") % {
            "k": panel_size
        }
    if apply == "suggestion":
        return _("The suggested change is applied and the quotas are saved.")
    return _("Quotas saved for a panel of %(k)s.") % {"k": panel_size}


@require_POST
@login_required
def quota_check(request: HttpRequest, site_id: int) -> HttpResponse:
    """The problems fragment the quota editor asks for as the host types (htmx)."""
    site = access_site_for_host(user=request.user, site_id=site_id)
    form = _quota_form(request, site)
    problems = _quota_problems(site, form)
    context = {
        "problems": problems,
        "suggestion_available": _suggestion_available(site, form, problems),
    }
    return render(request, "recruitment/_quota_problems.html", context)


def _suggestion_available(site: Site, form: QuotaForm, problems: list[str]) -> bool:
    """Whether "Apply this suggestion" can help: the engine has a change to offer. Asked
    only when something is wrong, so a feasible editor costs no second solve."""
    if not problems or not form.is_valid():
        return False
    return bool(
        selectors.quota_relaxation(
            site=site, panel_size=form.cleaned_data["panel_size"], entered=form.bounds()
        )
    )


@require_POST
@login_required
def selection_prepare(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_host(user=request.user, site_id=site_id)
    form = PrepareForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, site, [_("Check the selection settings.")], prepare=form)
    try:
        run = selection.selection_start(site=site, created_by=_user(request), **form.cleaned_data)
    except selection.SelectionError as error:
        return _manage_page(request, site, str(error).splitlines(), prepare=form)
    assert run.job is not None  # selection_start queues it
    return redirect("jobs:detail", job_id=run.job.id)


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = access_run_for_host(user=request.user, run_id=run_id)
    form = DrawForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                selection.selection_draw(
                    run=run,
                    public_random=form.cleaned_data["public_random"],
                    actor=_user(request),
                )
            except selection.SelectionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The panel has been drawn."))
                return redirect("recruitment:run", run_id=run.id)
        status = 400
    context = {
        "run": run,
        "site": run.site,
        "dialogue": run.site.dialogue,
        "form": form,
        "algorithm_label": ALGORITHM_LABELS.get(run.algorithm, run.algorithm),
        "invitations": selectors.invitation_summary(site=run.site),
    }
    return render(request, "recruitment/run.html", context, status=status)


@require_POST
@login_required
def invitations_send(request: HttpRequest, run_id: int) -> HttpResponse:
    run = access_run_for_host(user=request.user, run_id=run_id)
    form = InvitationsSendForm(request.POST)
    try:
        if not form.confirmed:
            # Refused before asking, so the host is not asked to confirm what cannot happen.
            refuse_when_over(site=run.site, now=timezone.now(), refusal=NO_MORE_INVITATIONS)
            return _invitations_send_question(request, run, form)
        sent = invitations.invitations_send(site=run.site, actor=_user(request))
    except SiteOverError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("%(n)s invitations sent.") % {"n": sent})
    return redirect("recruitment:run", run_id=run.id)


def _invitations_send_question(
    request: HttpRequest, run: SelectionRun, form: InvitationsSendForm
) -> HttpResponse:
    count = invitations.invitations_unsent_count(site=run.site)
    return confirm_page(
        request,
        form=form,
        question=_("Email the invitations for %(site)s?") % {"site": run.site},
        consequences=[
            ngettext(
                "%(n)s person not invited yet will get an invitation email now.",
                "%(n)s people not invited yet will get an invitation email now.",
                count,
            )
            % {"n": count},
            _(
                "An email cannot be taken back: this cannot be undone. "
                "The sending is recorded on the audit trail."
            ),
        ],
        confirm_label=_("Email the invitations"),
        cancel_url=reverse("recruitment:run", args=[run.id]),
    )
