from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import NamedTuple, TypedDict

import numpy as np
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_countries import countries
from django_stubs_ext import StrOrPromise

from polyvox.accounts.models import User
from polyvox.core.confirm import confirm_page
from polyvox.dialogues.access import sites_hosted_by
from polyvox.dialogues.licences import LicenceInfo, licence_info
from polyvox.dialogues.models import Dialogue, Site
from polyvox.engines.tally import CountryProfiles, which_country_are_you
from polyvox.results import opendata, page_cache
from polyvox.results.access import (
    RESULTS_VISIBLE,
    access_dialogue_for_results_organiser,
    access_dialogue_for_results_reader,
    access_report_for_reader,
)
from polyvox.results.figures import Filters, QuestionFigure, question_figures
from polyvox.results.forms import (
    WEIGHTING_CHOICES,
    PublicationForm,
    ReportRequestForm,
    ResultsFilterForm,
    WhichCountryForm,
)
from polyvox.results.models import Report, ResultsSnapshot
from polyvox.results.reference_data import ReferenceNote, reference_note, reference_used
from polyvox.results.selectors import (
    QUOTE_MIN_TEXTS,
    ThemeSource,
    results_reports,
    results_snapshot_head,
    themes_for_readers,
)
from polyvox.results.services import (
    PublicationError,
    report_request,
    results_export_record,
    results_publication_set,
    results_recompute_request,
    results_snapshot_refresh,
)
from polyvox.results.snapshot import Totals
from polyvox.results.summary import Finding, standout_findings

LIVE_SECONDS = 15
FORMATS = {
    "csv": ("application/zip", "csv.zip"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json", "json"),
}


def _snapshot(dialogue: Dialogue) -> ResultsSnapshot:
    """The cached results; computed on the spot the first time anyone asks."""
    return results_snapshot_head(dialogue=dialogue) or results_snapshot_refresh(dialogue=dialogue)


class FiguresContext(TypedDict):
    """What results/_figures.html reads."""

    dialogue: Dialogue
    snapshot: ResultsSnapshot
    totals: Totals
    form: ResultsFilterForm
    filters: Filters
    figures: list[QuestionFigure]
    summary: list[Finding]
    weighting_label: StrOrPromise
    category_label: str
    live: bool
    live_seconds: int
    query: str


class ResultsPageContext(TypedDict):
    """What results/results.html reads: the figures already rendered, and the rest."""

    dialogue: Dialogue
    snapshot: ResultsSnapshot
    totals: Totals
    form: ResultsFilterForm
    figures_html: str
    summary_html: str
    reports: list[tuple[Report, str]]
    can_organise: bool
    languages: Sequence[tuple[str, StrOrPromise]]
    theme_sources: list[ThemeSource]
    quote_min: int
    licence: LicenceInfo
    published: bool
    hosted_sites: list[Site]
    reference: ReferenceNote


# Between the summary and the figures in a cached rendering.
SUMMARY_END = "<!-- end of the summary -->"


class RenderedFigures(NamedTuple):
    summary: SafeString
    figures: SafeString


def _figures(
    request: HttpRequest, dialogue: Dialogue, snapshot: ResultsSnapshot
) -> tuple[ResultsFilterForm, RenderedFigures]:
    """The filter form and the figures it chose, rendered with their summary: once per
    snapshot, filter choice and language, then from the cache (a filter change costs no
    recount)."""
    reader = page_cache.snapshot_reader(snapshot, source_language=dialogue.source_language)
    form = ResultsFilterForm(request.GET or None, reader=reader)
    filters = form.filters()
    live = dialogue.status == Dialogue.Status.DELIBERATING
    query = request.GET.urlencode()
    # The query string is shown only on the live page (htmx polls it); the filters say
    # the rest, so two spellings of one choice share their entry.
    key = page_cache.figures_key(
        dialogue=dialogue,
        snapshot=snapshot,
        language=translation.get_language() or "",
        view=f"{filters!r}|{live}|{query if live else ''}",
    )

    def build() -> str:
        figures = question_figures(reader, filters)
        context: FiguresContext = {
            "dialogue": dialogue,
            "snapshot": snapshot,
            "totals": reader.snapshot.totals,
            "form": form,
            "filters": filters,
            "figures": figures,
            "summary": standout_findings(figures),
            "weighting_label": dict(WEIGHTING_CHOICES)[filters.weighting],
            "category_label": reader.category_label(filters.category),
            "live": live,
            "live_seconds": LIVE_SECONDS,
            "query": query,
        }
        # The summary stands at the top of the page, apart from the figures; the live
        # page swaps it out of band. Both are kept as one text, cut at the marker.
        summary = render_to_string("results/_summary.html", {**context, "oob": True}, request)
        figures_html = render_to_string("results/_figures.html", context, request=request)
        return summary + SUMMARY_END + figures_html

    # Only choices the form knows are kept, each given once: made-up or repeated
    # parameters would each take an entry of their own.
    known = not form.is_bound or (
        form.is_valid()
        and set(request.GET) <= set(form.fields)
        and all(len(values) == 1 for _name, values in request.GET.lists())
    )
    text = page_cache.cached_text(key, build) if known else build()
    summary, _marker, figures_html = text.partition(SUMMARY_END)
    # Our own templates' output, kept in the cache as text.
    return form, RenderedFigures(
        summary=mark_safe(summary),  # noqa: S308
        figures=mark_safe(figures_html),  # noqa: S308
    )


def results_page(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue = access_dialogue_for_results_reader(user=request.user, slug=slug)
    snapshot = _snapshot(dialogue)
    form, rendered = _figures(request, dialogue, snapshot)
    filters = form.filters()
    numbers = page_cache.snapshot_reader(
        snapshot, source_language=dialogue.source_language
    ).snapshot
    context: ResultsPageContext = {
        "dialogue": dialogue,
        "snapshot": snapshot,
        "totals": numbers.totals,
        "form": form,
        "figures_html": rendered.figures,
        "summary_html": rendered.summary,
        "reports": [
            (report, str(countries.name(report.scope)) or report.scope)
            for report in results_reports(dialogue=dialogue)
        ],
        "can_organise": _organises(request, dialogue),
        "languages": settings.LANGUAGES,
        "theme_sources": themes_for_readers(dialogue=dialogue, country=filters.country),
        "quote_min": QUOTE_MIN_TEXTS,
        "licence": licence_info(dialogue.licence),
        "published": dialogue.status == Dialogue.Status.RESULTS_PUBLISHED,
        # Hosts edit their own site's themes; anonymous readers cost no query here.
        "hosted_sites": (
            list(sites_hosted_by(request.user).filter(dialogue=dialogue).order_by("city"))
            if request.user.is_authenticated
            else []
        ),
        "reference": reference_note(reference_used(dialogue=dialogue, recorded=numbers.reference)),
    }
    return render(request, "results/results.html", context)


def results_live(request: HttpRequest, slug: str) -> HttpResponse:
    """The figures alone, polled by htmx while the dialogue is deliberating."""
    dialogue = access_dialogue_for_results_reader(user=request.user, slug=slug)
    snapshot = results_snapshot_head(dialogue=dialogue)
    stale = timezone.now() - datetime.timedelta(seconds=LIVE_SECONDS)
    if dialogue.status == Dialogue.Status.DELIBERATING and (
        snapshot is None or snapshot.computed_at < stale
    ):
        # Debounced: at most one recomputation waits in the queue, however many readers poll.
        results_recompute_request(dialogue=dialogue)
    _form, rendered = _figures(request, dialogue, snapshot or _snapshot(dialogue))
    return HttpResponse(rendered.figures + rendered.summary)


def _organises(request: HttpRequest, dialogue: Dialogue) -> bool:
    try:
        access_dialogue_for_results_organiser(user=request.user, slug=dialogue.slug)
    except Http404:
        return False
    return True


def which_country(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue = access_dialogue_for_results_reader(user=request.user, slug=slug)
    reader = page_cache.snapshot_reader(
        _snapshot(dialogue), source_language=dialogue.source_language
    )
    form = WhichCountryForm(request.GET or None, reader=reader)
    visitor = form.visitor_answers()
    matches = []
    if visitor:
        profiles = reader.snapshot.profiles
        profile = CountryProfiles(
            countries=profiles.countries,
            questions=[],
            item_of={item: i for i, item in enumerate(profiles.items)},
            share=np.array(profiles.share, dtype=np.float64).reshape(
                len(profiles.countries), len(profiles.items)
            ),
        )
        matches = [
            {
                "country": reader.group_label("country", m.country),
                "score": m.score,
                "questions": m.questions_compared,
            }
            for m in which_country_are_you(profile, visitor)
        ]
    context = {"dialogue": dialogue, "form": form, "matches": matches, "answered": bool(visitor)}
    return render(request, "results/which_country.html", context)


def download(request: HttpRequest, slug: str, dataset: str, fmt: str) -> HttpResponse:
    dialogue = access_dialogue_for_results_reader(user=request.user, slug=slug)
    if fmt not in FORMATS or dataset not in ("shares", "answers"):
        raise Http404("No such download.")
    snapshot = _snapshot(dialogue)
    _record_private_download(request, dialogue, dataset, fmt)
    # Built once per snapshot (and, for the answers, per state of the ballots), then served
    # from the cache: the files are the same for every reader.
    data_version = page_cache.snapshot_version(snapshot)
    if dataset == "answers":
        data_version += page_cache.ballots_fingerprint(dialogue=dialogue)
    key = page_cache.download_key(
        meta=opendata.metadata(dialogue=dialogue, dataset=dataset, computed_at=""),
        dataset=dataset,
        fmt=fmt,
        data_version=data_version,
    )
    content = page_cache.cached_bytes(key, lambda: _download_file(dialogue, snapshot, dataset, fmt))
    content_type, extension = FORMATS[fmt]
    response = HttpResponse(content, content_type=content_type)
    filename = f"polyvox-{dialogue.slug}-{dataset}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _download_file(dialogue: Dialogue, snapshot: ResultsSnapshot, dataset: str, fmt: str) -> bytes:
    protected = None
    if dataset == "shares":
        header, rows = opendata.share_rows(snapshot)
        computed_at = snapshot.computed_at.isoformat()
    else:
        header, rows, protected = opendata.answer_table(dialogue=dialogue)
        computed_at = opendata.now_iso()
    meta = opendata.metadata(
        dialogue=dialogue, dataset=dataset, computed_at=computed_at, protected=protected
    )
    writer = {"csv": opendata.as_csv_zip, "xlsx": opendata.as_xlsx, "json": opendata.as_json}[fmt]
    return writer(header=header, rows=rows, meta=meta)


def _record_private_download(
    request: HttpRequest, dialogue: Dialogue, dataset: str, fmt: str
) -> None:
    """Before results are public only organisers can download them: that is worth a record.
    Public open-data downloads are anyone's and are not recorded."""
    if dialogue.status not in RESULTS_VISIBLE and isinstance(request.user, User):
        results_export_record(dialogue=dialogue, actor=request.user, dataset=dataset, fmt=fmt)


def report_download(request: HttpRequest, slug: str, report_id: int) -> FileResponse:
    report = access_report_for_reader(user=request.user, slug=slug, report_id=report_id)
    _record_private_download(request, report.dialogue, f"report:{report.scope}", "pdf")
    name = f"polyvox-{report.dialogue.slug}-{report.scope}-{report.language}.pdf"
    return FileResponse(
        report.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf"
    )


@require_POST
@login_required
def recompute(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue = access_dialogue_for_results_organiser(user=request.user, slug=slug)
    assert isinstance(request.user, User)
    job = results_recompute_request(dialogue=dialogue, created_by=request.user)
    return redirect("jobs:detail", job_id=job.id)


@require_POST
@login_required
def report_new(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue = access_dialogue_for_results_organiser(user=request.user, slug=slug)
    assert isinstance(request.user, User)
    countries = {str(site.country.code) for site in dialogue.sites.all()}
    form = ReportRequestForm(request.POST, countries=sorted(countries))
    if not form.is_valid():
        raise Http404("No such country or language in this dialogue.")
    scope = form.cleaned_data["scope"] or Report.GLOBAL
    language = form.cleaned_data["language"] or dialogue.source_language
    job = report_request(dialogue=dialogue, scope=scope, language=language, created_by=request.user)
    return redirect("jobs:detail", job_id=job.id)


@require_POST
@login_required
def publication(request: HttpRequest, slug: str) -> HttpResponse:
    dialogue = access_dialogue_for_results_organiser(user=request.user, slug=slug)
    assert isinstance(request.user, User)
    form = PublicationForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    published = form.cleaned_data["action"] == "publish"
    # Ask only when the step can be taken: otherwise the service's refusal says why.
    can_take = dialogue.status == (
        Dialogue.Status.DELIBERATING if published else Dialogue.Status.RESULTS_PUBLISHED
    )
    if can_take and not form.confirmed:
        return _publication_confirm(request, dialogue, form, published=published)
    try:
        results_publication_set(dialogue=dialogue, published=published, actor=request.user)
    except PublicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The results are published as final.")
            if published
            else _("The results are provisional again."),
        )
    return redirect("results:manage", slug=dialogue.slug)


def _publication_confirm(
    request: HttpRequest, dialogue: Dialogue, form: PublicationForm, *, published: bool
) -> HttpResponse:
    if published:
        question = _("Publish the results as final?")
        consequences = [
            _(
                "The figures are frozen as they are now, with the population data they use, "
                "and marked final on the public page."
            ),
            _("Votes and paper counts entered afterwards no longer change them."),
        ]
        label = _("Publish as final")
    else:
        question = _("Take the results back to provisional?")
        consequences = [
            _(
                "They stay visible, marked as provisional, and follow new votes, counts "
                "and today's population data again until published once more."
            )
        ]
        label = _("Take back to provisional")
    return confirm_page(
        request,
        form=form,
        question=question,
        consequences=consequences,
        confirm_label=label,
        cancel_url=reverse("results:manage", kwargs={"slug": dialogue.slug}),
    )
