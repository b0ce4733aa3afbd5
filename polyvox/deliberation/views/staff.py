"""Staff pages of the day: check-in and seating, run sheet, dashboard, paper counts."""

from __future__ import annotations

from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from polyvox.accounts.models import User
from polyvox.core.confirm import confirm_page
from polyvox.core.translation import pick_text
from polyvox.deliberation import selectors
from polyvox.deliberation.access import (
    access_participant_for_check_in,
    access_participant_names,
    access_question_for_site,
    access_site_for_switches,
    runs_site,
    tables_for_day_reader,
    tables_for_staff,
)
from polyvox.deliberation.checkin import (
    CheckInOutcome,
    check_in_mark,
    tables_seat,
    tables_seat_latecomers,
)
from polyvox.deliberation.counts import TallyError, double_entry_set, tally_enter_by_hand
from polyvox.deliberation.forms import (
    ActionForm,
    CheckInForm,
    CheckInSearchForm,
    CountEntryForm,
    CountImportForm,
    CountQuestionForm,
    DoubleEntryForm,
    SeatForm,
    WindowForm,
)
from polyvox.deliberation.imports import tally_import
from polyvox.deliberation.models import ON_THE_PANEL, Participant
from polyvox.deliberation.online import rooms_dashboard
from polyvox.deliberation.windows import window_close, window_open
from polyvox.dialogues.access import (
    access_site_for_day_reader,
    access_site_for_facilitator,
    access_site_for_host,
)
from polyvox.dialogues.models import Question, Site
from polyvox.dialogues.selectors import site_agenda
from polyvox.engines.grouping import SeatingError

# The dashboard reads itself again this often (htmx polling; without JavaScript, a link).
DASHBOARD_REFRESH_SECONDS = 15

# Import errors shown at the file field: enough to correct a file, not a page of thousands.
IMPORT_ERRORS_SHOWN = 50


def staff_user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


# --- Check-in and tables ----------------------------------------------------------------


@login_required
def day(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    search = CheckInSearchForm(request.GET or None)
    if _is_live_search(request):
        # The search box filtering as the host types: the list only.
        context = _check_in_context(request, site, search=search)
        response = render(request, "deliberation/_checkin_results.html", context)
    else:
        response = _day_page(request, site, search=search)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return names_page(response)


def names_page(response: HttpResponse) -> HttpResponse:
    """The check-in list may name citizens: no browser or shared cache keeps it, so a desk
    computer left signed out shows no names through "Back"."""
    add_never_cache_headers(response)
    return response


def _is_live_search(request: HttpRequest) -> bool:
    headers = request.headers
    return (
        bool(headers.get("HX-Request"))
        and not headers.get("HX-History-Restore-Request")
        and headers.get("HX-Target") == "checkin-results"
    )


def _check_in_context(
    request: HttpRequest, site: Site, *, search: CheckInSearchForm
) -> dict[str, object]:
    participants = sorted(selectors.participants_for_check_in(site=site), key=lambda p: p.id)
    names = access_participant_names(user=request.user, site=site)
    query = search.query()
    whole_site = runs_site(user=request.user, site=site)
    return {
        "site": site,
        "runs_site": whole_site,
        "own_tables": _own_tables(request, site, whole_site=whole_site),
        "on_the_panel": [str(status) for status in ON_THE_PANEL],
        "search": search,
        "query": query,
        "sees_names": bool(names),
        "rows": selectors.check_in_rows(participants=participants, names=names, query=query),
        "total": len(participants),
        "counts": _status_counts(participants),
    }


def _own_tables(request: HttpRequest, site: Site, *, whole_site: bool) -> list[int]:
    """The tables at which a facilitator may undo a check-in (access_participant_for_check_in
    decides; this only spares them a button that would answer 404)."""
    if whole_site:
        return []
    return list(tables_for_staff(user=request.user, site=site).values_list("id", flat=True))


def _status_counts(participants: list[Participant]) -> dict[str, int]:
    counts = dict.fromkeys(Participant.Status.values, 0)
    for participant in participants:
        counts[participant.status] += 1
    return counts


def _day_page(
    request: HttpRequest,
    site: Site,
    *,
    search: CheckInSearchForm | None = None,
    seat_form: SeatForm | None = None,
    failed_check_in: tuple[int, CheckInForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _check_in_context(request, site, search=search or CheckInSearchForm())
    context |= {
        "seat_form": seat_form or SeatForm(auto_id="seat-%s"),
        "failed_check_in": failed_check_in,
    }
    return render(request, "deliberation/day.html", context, status=status)


@require_POST
@login_required
def check_in(request: HttpRequest, site_id: int, participant_id: int) -> HttpResponse:
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    form = CheckInForm(request.POST)
    if not form.is_valid():
        return _day_page(request, site, failed_check_in=(participant_id, form))
    participant = access_participant_for_check_in(
        user=request.user,
        site_id=site.id,
        participant_id=participant_id,
        present=form.present,
        undo=form.mark == "undo",
    )
    query = CheckInSearchForm({"q": form.cleaned_data["q"]}).query()
    back = _day_url(site, query=query, participant_id=participant.id)
    names = access_participant_names(user=request.user, site=site)
    who = names.get(participant.id) or _("check-in number %(number)s") % {"number": participant.id}
    if form.needs_confirmation:
        return confirm_page(
            request,
            form=form,
            question=_("Mark %(who)s absent?") % {"who": who},
            consequences=[
                _("They can no longer vote today."),
                _("Their seat goes to the closest reserve, who you then call forward."),
            ],
            confirm_label=_("Mark absent"),
            cancel_url=back,
        )
    outcome = check_in_mark(participant=participant, mark=form.mark, actor=request.user)
    said = capfirst(_check_in_message(outcome, who=who, mark=form.mark))
    if request.headers.get("HX-Request"):
        # Only the row changes, in place; the message and the counts come with it.
        row = selectors.CheckInRow(
            participant=outcome.participant, name=names.get(participant.id, "")
        )
        whole_site = runs_site(user=request.user, site=site)
        context = {
            "site": site,
            "runs_site": whole_site,
            "own_tables": _own_tables(request, site, whole_site=whole_site),
            "on_the_panel": [str(status) for status in ON_THE_PANEL],
            "query": query,
            "row": row,
            "message": said,
            "counts": _status_counts(list(selectors.participants_for_check_in(site=site))),
            "swap_extras": True,
        }
        return names_page(render(request, "deliberation/_checkin_marked.html", context))
    if outcome.changed:
        messages.success(request, said)
    else:
        messages.info(request, said)
    return redirect(back)


def _day_url(site: Site, *, query: str, participant_id: int) -> str:
    address = reverse("deliberation:day", kwargs={"site_id": site.id})
    search = f"?{urlencode({'q': query})}" if query else ""
    return f"{address}{search}#p-{participant_id}"


def _check_in_message(outcome: CheckInOutcome, *, who: str, mark: str) -> str:
    """What the host reads after a mark (it names the citizen only for staff who may see
    names: `who` comes from access_participant_names)."""
    if not outcome.changed:
        return {
            "present": _("%(who)s was already checked in."),
            "absent": _("%(who)s was already marked absent."),
            "undo": _("%(who)s is not checked in: nothing to undo."),
        }[mark] % {"who": who}
    said = {
        "present": _("%(who)s checked in."),
        "absent": _("%(who)s marked absent."),
        "undo": _("Check-in undone for %(who)s."),
    }[mark] % {"who": who}
    if outcome.promoted is not None:
        said += " " + _(
            "The reserve with check-in number %(number)s takes the seat: call them "
            "forward and check them in."
        ) % {"number": outcome.promoted.id}
    return said


@require_POST
@login_required
def seat(request: HttpRequest, site_id: int) -> HttpResponse:
    # Seating (everyone or latecomers) moves people between tables: hosts and organisers only.
    site = access_site_for_host(user=request.user, site_id=site_id)
    form = SeatForm(request.POST, auto_id="seat-%s")
    if not form.is_valid():
        return _day_page(request, site, seat_form=form)
    table_size = form.cleaned_data["table_size"]
    everyone = form.cleaned_data["mode"] != "latecomers"
    if everyone and not form.confirmed:
        return _seat_confirm(request, site, form)
    actor = staff_user(request)
    try:
        if everyone:
            present = selectors.site_present_count(site=site)
            made = tables_seat(site=site, table_size=table_size, actor=actor)
            messages.success(
                request,
                ngettext(
                    "%(people)s citizen seated at %(n)s tables.",
                    "%(people)s citizens seated at %(n)s tables.",
                    present,
                )
                % {"people": present, "n": made},
            )
        else:
            seated = tables_seat_latecomers(site=site, table_size=table_size, actor=actor)
            messages.success(request, _("%(n)s latecomers seated.") % {"n": seated})
    except SeatingError as error:
        form.add_error(
            "table_size", _("The tables could not be made: %(error)s") % {"error": error}
        )
        return _day_page(request, site, seat_form=form)
    return redirect("deliberation:day", site_id=site.id)


def _seat_confirm(request: HttpRequest, site: Site, form: SeatForm) -> HttpResponse:
    present = selectors.site_present_count(site=site)
    question = ngettext(
        "Move the %(n)s citizen present to a new table?",
        "Move all %(n)s citizens present to new tables?",
        present,
    ) % {"n": present}
    consequences = [
        _("Everyone present is seated again at tables of %(size)s, mixed on their categories.")
        % {"size": form.cleaned_data["table_size"]},
        _("The printed table lists will be out of date: print them again afterwards."),
    ]
    return confirm_page(
        request,
        form=form,
        question=question,
        consequences=consequences,
        confirm_label=_("Seat everyone again"),
        cancel_url=reverse("deliberation:day", kwargs={"site_id": site.id}),
    )


# --- Run sheet and dashboard --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def run_sheet(request: HttpRequest, site_id: int) -> HttpResponse:
    if request.method == "POST":
        # Opening or closing a question opens or closes it at every table: a site-wide
        # switch, for hosts and organisers; facilitators read the run sheet.
        site = access_site_for_switches(user=request.user, site_id=site_id)
        form = WindowForm(request.POST)
        if not form.is_valid():
            # Hidden fields only: nothing a person typed, so the request itself is wrong.
            return _run_sheet_page(request, site, form=form, status=400)
        question = access_question_for_site(site=site, question_id=form.cleaned_data["question"])
        return _window_switch(request, site, question, form)
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    return _run_sheet_page(request, site, form=WindowForm())


def _window_switch(
    request: HttpRequest, site: Site, question: Question, form: WindowForm
) -> HttpResponse:
    text = pick_text(question.text, fallback=site.dialogue.source_language)
    window = selectors.site_windows(site=site).get(question.id)
    closing = form.cleaned_data["action"] == "close"
    if closing and (window is None or not window.is_open):
        return redirect("deliberation:run-sheet", site_id=site.id)  # nothing open to close
    reopening = not closing and window is not None and not window.is_open
    if not closing and window is not None and window.is_open:
        return redirect("deliberation:run-sheet", site_id=site.id)  # already open
    # Every switch acts at every table of the site at once: it asks first (issue 15 item 4).
    if not form.confirmed:
        return _window_confirm(request, site, text, form, closing=closing, reopening=reopening)
    if closing:
        window_close(site=site, question=question, actor=request.user)
        done = _("Voting on “%(question)s” is closed at every table.")
    else:
        window_open(site=site, question=question, actor=request.user)
        done = _("Voting on “%(question)s” is open at every table.")
    messages.success(request, done % {"question": text})
    return redirect("deliberation:run-sheet", site_id=site.id)


def _window_confirm(
    request: HttpRequest,
    site: Site,
    text: str,
    form: WindowForm,
    *,
    closing: bool,
    reopening: bool = True,
) -> HttpResponse:
    values = {"question": text, "n": selectors.site_table_count(site=site), "site": site.city}
    if not closing and not reopening:
        question = _("Open voting on “%(question)s” for all %(n)s tables of %(site)s?") % values
        consequences = [
            _("Citizens can answer on their phones or ballot sheets until you close it."),
            _("Tables answer a table question through their facilitator or note-taker."),
        ]
        label = _("Open voting")
    elif closing:
        question = _("Close voting on “%(question)s” for all %(n)s tables of %(site)s?") % values
        consequences = [
            _("Citizens can no longer answer or change their answer; the answers given count.")
        ]
        label = _("Close voting")
    else:
        question = _("Reopen voting on “%(question)s” for all %(n)s tables of %(site)s?") % values
        consequences = [
            _("Citizens can change their answers again, after the count may have been read.")
        ]
        label = _("Reopen voting")
    return confirm_page(
        request,
        form=form,
        question=question,
        consequences=consequences,
        confirm_label=label,
        cancel_url=reverse("deliberation:run-sheet", kwargs={"site_id": site.id}),
    )


def _run_sheet_page(
    request: HttpRequest, site: Site, *, form: WindowForm, status: int = 200
) -> HttpResponse:
    windows = selectors.site_windows(site=site)
    rows = [
        {"question": question, "window": windows.get(question.id)}
        for question in selectors.site_questions(site=site)
    ]
    whole_site = runs_site(user=request.user, site=site)
    context = {
        "site": site,
        "dialogue": site.dialogue,
        "rows": rows,
        "form": form,
        "runs_site": whole_site,
        # What is due now, in the site's local time.
        "agenda": site_agenda(site=site, now=timezone.now()),
    }
    return render(request, "deliberation/run_sheet.html", context, status=status)


@login_required
def dashboard(request: HttpRequest, site_id: int) -> HttpResponse:
    # Observers read it too (issue 16 item 3): counts per table, no name, no code.
    site = access_site_for_day_reader(user=request.user, site_id=site_id)
    tables, whole_site, observing = tables_for_day_reader(user=request.user, site=site)
    dashboard = selectors.dashboard_for(site=site, tables=tables, whole_site=whole_site)
    source = site.dialogue.source_language
    context = {
        "site": site,
        "dashboard": dashboard,
        # Each column headed by its question as the reader reads it (their language where
        # translated, else the dialogue's), never by its internal key.
        "columns": [
            pick_text(question.text, fallback=source) or question.key
            for question in dashboard.questions
        ],
        # In the site's own time, as on the run sheet (the template shows it with
        # localtime off, or the filter would turn it back into the server's time zone).
        "updated_at": timezone.localtime(timezone.now(), ZoneInfo(site.time_zone)),
        "refresh_seconds": DASHBOARD_REFRESH_SECONDS,
        "runs_site": whole_site and not observing,
        "observing": observing,
        "rooms": rooms_dashboard(site=site, tables=lambda: list(tables)),
    }
    if request.headers.get("HX-Request"):
        return render(request, "deliberation/dashboard_table.html", context)
    return render(request, "deliberation/dashboard.html", context)


# --- Paper counts -------------------------------------------------------------------------

COUNT_ACTIONS = ("enter", "double-entry")


@require_http_methods(["GET", "POST"])
@login_required
def counts(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    if request.method == "GET":
        return _counts_page(request, site)
    action = ActionForm(request.POST, actions=COUNT_ACTIONS)
    if not action.is_valid():
        return _counts_page(request, site, status=400)
    if action.cleaned_data["action"] == "double-entry":
        return _double_entry(request, site)
    return _count_entry(request, site)


def _double_entry(request: HttpRequest, site: Site) -> HttpResponse:
    # Double entry changes how every table's counts are read: a site-wide switch.
    site = access_site_for_switches(user=request.user, site_id=site.id)
    form = DoubleEntryForm(request.POST)
    if not form.is_valid():
        return _counts_page(request, site, status=400)  # a hidden field: a malformed request
    enabled = form.cleaned_data["double_entry"]
    double_entry_set(site=site, enabled=enabled, actor=request.user)
    messages.success(
        request,
        _("Double entry is on for every table: a count is final when two counters agree.")
        if enabled
        else _("Double entry is off for every table: each count is final as entered."),
    )
    return redirect("deliberation:counts", site_id=site.id)


def _count_entry(request: HttpRequest, site: Site) -> HttpResponse:
    picked = CountQuestionForm(request.POST)
    if not picked.is_valid():
        return _counts_page(request, site, status=400)  # a hidden field: a malformed request
    question = access_question_for_site(site=site, question_id=picked.cleaned_data["question"])
    if not question.by_citizens:
        return _counts_page(request, site, status=400)  # group answers are not counted
    form = CountEntryForm(
        request.POST,
        question=question,
        tables=tables_for_staff(user=request.user, site=site),
        source=site.dialogue.source_language,
        whole_site=runs_site(user=request.user, site=site),
    )
    if form.is_valid():
        try:
            stored = tally_enter_by_hand(
                site=site,
                lines=form.lines(),
                entry=form.entry_number(),
                entered_by=staff_user(request),
            )
        except TallyError as error:
            for message in error.errors:
                form.add_error(None, message)
        else:
            messages.success(request, _("%(n)s counts saved.") % {"n": stored})
            return redirect("deliberation:counts", site_id=site.id)
    return _counts_page(request, site, entry_form=form)


@require_POST
@login_required
def counts_import(request: HttpRequest, site_id: int) -> HttpResponse:
    site = access_site_for_facilitator(user=request.user, site_id=site_id)
    form = CountImportForm(request.POST, request.FILES, auto_id="import-%s")
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            stored = tally_import(
                site=site,
                name=upload.name or "upload",
                content=upload.read(),
                entry=form.entry_number(),
                entered_by=staff_user(request),
                tables=tables_for_staff(user=request.user, site=site),
                whole_site=runs_site(user=request.user, site=site),
            )
        except TallyError as error:
            for message in error.errors[:IMPORT_ERRORS_SHOWN]:
                form.add_error("file", message)
        else:
            messages.success(request, _("%(n)s counts imported.") % {"n": stored})
            return redirect("deliberation:counts", site_id=site.id)
    return _counts_page(request, site, import_form=form)


def _counts_page(
    request: HttpRequest,
    site: Site,
    *,
    entry_form: CountEntryForm | None = None,
    import_form: CountImportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    day_settings = selectors.site_day(site=site)
    double_entry = day_settings.double_entry
    questions = [q for q in selectors.site_questions(site=site) if q.has_options and q.by_citizens]
    source = site.dialogue.source_language
    tables = tables_for_staff(user=request.user, site=site)
    whole_site = runs_site(user=request.user, site=site)
    entry_forms = [
        entry_form
        if entry_form is not None and entry_form.for_question.id == question.id
        else CountEntryForm(question=question, tables=tables, source=source, whole_site=whole_site)
        for question in questions
    ]
    context = {
        "site": site,
        "day": day_settings,
        "runs_site": whole_site,
        "double_entry_form": DoubleEntryForm(
            initial={"double_entry": "off" if double_entry else "on"}
        ),
        "entry_forms": entry_forms,
        "import_form": import_form or CountImportForm(auto_id="import-%s"),
        "cells": [
            {
                "cell": cell,
                "final": cell.final(double_entry=double_entry),
                "mismatch": cell.mismatch(double_entry=double_entry),
            }
            for cell in selectors.tally_cells(site=site)
        ],
    }
    return render(request, "deliberation/counts.html", context, status=status)
