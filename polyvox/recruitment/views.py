from __future__ import annotations

import io
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from polyvox.accounts.access import access_site_for_host, access_site_for_reader
from polyvox.accounts.models import User
from polyvox.core.ratelimit import Rate, rate_limited
from polyvox.dialogues.models import Site
from polyvox.jobs.services import job_enqueue
from polyvox.recruitment import selectors, services, verification
from polyvox.recruitment.access import (
    access_import_for_host,
    access_invitation_by_token,
    access_run_for_host,
    access_run_for_reader,
)
from polyvox.recruitment.forms import (
    AnswerForm,
    DrawForm,
    PrepareForm,
    RegistrationForm,
    UploadForm,
)
from polyvox.recruitment.models import PoolImport, SelectionRun
from polyvox.recruitment.tabular import TableError, read_table
from polyvox.recruitment.tasks import POOL_IMPORT, REPLACEMENTS, SELECTION


@login_required
def manage(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_host(user=request.user, site_id=site_id)
    return _manage_page(request, site)


def _manage_page(
    request: HttpRequest,
    site: Site,
    problems: list[str] | None = None,
    prepare: PrepareForm | None = None,
) -> HttpResponse:
    counts = selectors.volunteer_status_counts(site=site)
    pool_size = counts.get("pool", 0)
    runs = selectors.selection_runs(site=site)
    context = {
        "site": site,
        "dialogue": site.dialogue,
        "counts": counts,
        "pool_size": pool_size,
        "categories": selectors.site_categories(site=site),
        "runs": runs,
        "drawn": any(run.status == SelectionRun.Status.DRAWN for run in runs),
        "registration_open": selectors.registration_setting(site=site),
        "imports": selectors.pool_imports(site=site),
        "upload": UploadForm(),
        "prepare": prepare
        or PrepareForm(initial={"panel_size": min(site.target_participants, pool_size) or 1}),
        "problems": problems or [],
    }
    return render(request, "recruitment/manage.html", context, status=400 if problems else 200)


def _upload(request: HttpRequest) -> tuple[str, bytes] | None:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return None
    upload = form.cleaned_data["file"]
    return upload.name, upload.read()


@require_POST
@login_required
def categories_upload(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_host(user=request.user, site_id=site_id)
    upload = _upload(request)
    if upload is None:
        return _manage_page(request, site, [_("Choose a file.")])
    assert isinstance(request.user, User)
    try:
        count = services.categories_import(
            site=site, table=read_table(name=upload[0], content=upload[1]), actor=request.user
        )
    except TableError as error:
        return _manage_page(request, site, [str(problem) for problem in error.problems])
    messages.success(request, _("%(n)s categories saved.") % {"n": count})
    return redirect("recruitment:manage", site_id=site.id)


@require_POST
@login_required
def pool_import(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_host(user=request.user, site_id=site_id)
    upload = _upload(request)
    if upload is None:
        return _manage_page(request, site, [_("Choose a file of at most 10 MB.")])
    assert isinstance(request.user, User)
    pool_upload = services.pool_import_upload(
        site=site,
        file_name=upload[0],
        content=upload[1],
        language=request.LANGUAGE_CODE,
        created_by=request.user,
    )
    job = job_enqueue(
        kind=POOL_IMPORT,
        params={"import_id": pool_upload.id},
        dialogue=site.dialogue,
        created_by=request.user,
    )
    PoolImport.objects.filter(id=pool_upload.id).update(job=job)
    return redirect("recruitment:pool-import-detail", import_id=pool_upload.id)


@login_required
def pool_import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    """The import's progress while the job runs, then what it added or why it refused."""
    pool_upload = access_import_for_host(user=request.user, import_id=import_id)
    site = pool_upload.site
    context = {"upload": pool_upload, "site": site, "dialogue": site.dialogue}
    return render(request, "recruitment/pool_import.html", context)


@require_POST
@login_required
def registration_switch(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_host(user=request.user, site_id=site_id)
    assert isinstance(request.user, User)
    is_open = request.POST.get("open") == "1"
    services.registration_set(site=site, is_open=is_open, actor=request.user)
    if is_open:
        messages.success(request, _("The registration page is open."))
    else:
        messages.success(request, _("The registration page is closed."))
    return redirect("recruitment:manage", site_id=site.id)


def _entered_bounds(request: HttpRequest) -> tuple[dict[int, tuple[int, int]], int | None]:
    bounds: dict[int, tuple[int, int]] = {}
    for name in request.POST:
        text = request.POST.get(name, "")
        if not name.startswith("min-"):
            continue
        value_id = name.removeprefix("min-")
        try:
            bounds[int(value_id)] = (int(text), int(request.POST.get(f"max-{value_id}", "")))
        except ValueError:
            continue
    try:
        panel_size = int(request.POST.get("panel_size", ""))
    except ValueError:
        panel_size = None
    return bounds, panel_size


@login_required
def quotas(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_host(user=request.user, site_id=site_id)
    panel_size = site.target_participants
    entered = None
    if request.method == "POST":
        entered, given_size = _entered_bounds(request)
        panel_size = given_size or panel_size
    rows = selectors.quota_rows(site=site, panel_size=panel_size, entered=entered)
    pool_size = selectors.volunteer_status_counts(site=site).get("pool", 0)
    problems = selectors.quota_problems(
        site=site, rows=rows, panel_size=panel_size, pool_size=pool_size, entered=entered
    )
    if request.method == "POST" and entered is not None and not problems:
        assert isinstance(request.user, User)
        services.quotas_save(site=site, bounds=entered, actor=request.user)
        messages.success(request, _("Quotas saved."))
        return redirect("recruitment:quotas", site_id=site.id)
    context = {
        "site": site,
        "dialogue": site.dialogue,
        "rows": rows,
        "panel_size": panel_size,
        "pool_size": pool_size,
        "problems": problems,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "recruitment/quotas.html", context, status=status)


@require_POST
@login_required
def quota_check(request: HttpRequest, site_id: int) -> HttpResponse:
    """The problems fragment the quota editor asks for as the host types (htmx)."""
    site = access_site_for_host(user=request.user, site_id=site_id)
    entered, given_size = _entered_bounds(request)
    panel_size = given_size or site.target_participants
    rows = selectors.quota_rows(site=site, panel_size=panel_size, entered=entered)
    pool_size = selectors.volunteer_status_counts(site=site).get("pool", 0)
    problems = selectors.quota_problems(
        site=site, rows=rows, panel_size=panel_size, pool_size=pool_size, entered=entered
    )
    return render(request, "recruitment/_quota_problems.html", {"problems": problems})


@require_POST
@login_required
def selection_prepare(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_host(user=request.user, site_id=site_id)
    form = PrepareForm(request.POST)
    if not form.is_valid():
        return _manage_page(request, site, [_("Check the selection settings.")], prepare=form)
    assert isinstance(request.user, User)
    try:
        run = services.selection_prepare(site=site, created_by=request.user, **form.cleaned_data)
    except services.SelectionError as error:
        return _manage_page(request, site, str(error).splitlines(), prepare=form)
    job = job_enqueue(
        kind=SELECTION,
        params={"run_id": run.id},
        dialogue=site.dialogue,
        created_by=request.user,
    )
    run.job = job
    run.save(update_fields=["job"])
    return redirect("jobs:detail", job_id=job.id)


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = access_run_for_host(user=request.user, run_id=run_id)
    form = DrawForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                assert isinstance(request.user, User)
                services.selection_draw(
                    run=run, public_random=form.cleaned_data["public_random"], actor=request.user
                )
            except services.SelectionError as error:
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
        "invitations": selectors.invitation_summary(site=run.site),
    }
    return render(request, "recruitment/run.html", context, status=status)


@require_POST
@login_required
def invitations_send(request: HttpRequest, run_id: int) -> HttpResponse:
    run = access_run_for_host(user=request.user, run_id=run_id)
    assert isinstance(request.user, User)
    sent = services.invitations_send(site=run.site, actor=request.user)
    messages.success(request, _("%(n)s invitations sent.") % {"n": sent})
    return redirect("recruitment:run", run_id=run.id)


def report(request: HttpRequest, run_id: int) -> HttpResponse:
    run = access_run_for_reader(user=request.user, run_id=run_id)
    context = {"run": run, "site": run.site, "dialogue": run.site.dialogue, "data": run.report}
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
    if not selectors.registration_is_open(site=site):
        closed = {"site": site, "dialogue": site.dialogue}
        return render(request, "recruitment/registration_closed.html", closed)
    categories = selectors.site_categories(site=site)
    form = RegistrationForm(request.POST or None, site=site, categories=categories)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        registration = services.Registration(
            full_name=data["full_name"],
            email=data["email"],
            phone=data["phone"],
            address=data["address"],
            language=data["language"],
            values=form.values(),
        )
        try:
            services.volunteer_register(site=site, registration=registration, consent=True)
        except services.DuplicateVolunteerError:
            form.add_error("email", _("Someone has already registered with this email here."))
        else:
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
            needs_replacement = services.invitation_answer(
                invitation=invitation, answer=form.cleaned_data["answer"]
            )
        except services.AnswerError as error:
            form.add_error(None, str(error))
        else:
            if needs_replacement:
                _enqueue_replacements(site)
            return redirect("recruitment:invitation", token=token)
    context = {"invitation": invitation, "site": site, "dialogue": site.dialogue, "form": form}
    return render(request, "recruitment/invitation.html", context)


def _enqueue_replacements(site: Site) -> None:
    run = SelectionRun.objects.filter(site=site, status=SelectionRun.Status.DRAWN).first()
    if run is not None:
        job_enqueue(kind=REPLACEMENTS, params={"run_id": run.id}, dialogue=site.dialogue)
