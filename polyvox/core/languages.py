"""Which interface strings a citizen or the public reads, and who has checked each catalogue.

A msgid is public-facing when one of its source files (the `#:` lines `make messages`
writes into every catalogue) matches PUBLIC_SOURCES. Every public-facing msgid must be
translated in every shipped language; staff pages must be complete in STAFF_LANGUAGES.
A file that mixes citizen and staff strings counts as public: a staff string translated
once too often costs less than a citizen meeting English. Review this list when a page
changes audience.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

# Paths relative to polyvox/, as "<app>/<path in the app>"; fnmatch patterns.
PUBLIC_SOURCES: tuple[str, ...] = (
    # Every page's frame, error pages and locale formats.
    "core/templates/base.html",
    "core/templates/403_csrf.html",
    "core/templates/404.html",
    "core/templates/500.html",
    "core/templates/core/rate_limited.html",
    "core/formats.py",
    # The log-in page anyone reaches from the header.
    "accounts/templates/accounts/login.html",
    "accounts/templates/accounts/locked_out.html",
    # Home, dialogue and site pages; country and region names.
    "dialogues/templates/dialogues/*.html",
    "dialogues/regions.py",
    # Registration, invitations and their e-mails.
    "recruitment/templates/recruitment/register.html",
    "recruitment/templates/recruitment/registered.html",
    "recruitment/templates/recruitment/registration_closed.html",
    "recruitment/templates/recruitment/invitation.html",
    "recruitment/templates/recruitment/email/*",
    "recruitment/registration.py",
    "recruitment/event_mail.py",  # invitations, confirmations and reminders with their dates
    "dialogues/calendar.py",  # the calendar file they carry
    "recruitment/categories.py",
    "recruitment/forms.py",
    # My data: the self-service pages, their e-mail and the export a citizen downloads.
    "people/templates/people/self_service*.html",
    "people/templates/people/_export.html",
    "people/templates/people/email/*",
    "people/forms.py",
    "people/messages.py",
    # Voting, "my day", ranking recommendations, and what a citizen is handed on paper.
    "deliberation/templates/deliberation/vote_login.html",
    "deliberation/templates/deliberation/ballot.html",
    "deliberation/templates/deliberation/rank.html",
    "deliberation/templates/deliberation/my_day.html",
    "deliberation/templates/deliberation/_field.html",
    "deliberation/templates/deliberation/_form_errors.html",
    "deliberation/my_day.py",
    "deliberation/views/online.py",  # my day and the room button
    "deliberation/templates/deliberation/print_ballots.html",
    "deliberation/templates/deliberation/print_cards.html",
    "deliberation/ballots.py",
    "deliberation/qr.py",
    "deliberation/views/citizen.py",
    "deliberation/forms.py",  # the code, language, ballot and ranking forms
    # Consultations.
    "consultation/templates/consultation/list.html",
    "consultation/templates/consultation/detail.html",
    "consultation/templates/consultation/map.html",
    "consultation/templates/consultation/_header.html",
    "consultation/templates/consultation/_attribution.html",
    "consultation/forms.py",
    "consultation/views.py",
    # Results, their charts, filters and reports.
    "results/templates/results/results.html",
    "results/templates/results/_figures.html",
    "results/templates/results/_themes.html",
    "results/templates/results/report.html",
    "results/templates/results/which_country.html",
    "results/templates/results/_table_shares.html",
    "results/templates/results/_tracks.html",
    "results/templates/results/_method.html",
    "results/templates/results/evaluation.html",
    "results/templates/results/_evaluation_*.html",
    "results/templates/results/written/public.html",
    "results/templates/results/written/_sections.html",
    "results/templates/results/written/_reference.html",
    "results/templates/results/written/_links.html",
    "results/templates/results/impact/public.html",
    "results/templates/results/impact/_entry.html",
    "results/evaluation.py",
    "results/evaluation_views.py",
    "results/written_reports.py",  # the section headings of a published report
    "results/impact.py",  # follow-up statuses
    "results/figures.py",
    "results/forms.py",
    "results/views.py",
)

# Languages whose catalogues cover the staff pages too (English is the source).
STAFF_LANGUAGES: tuple[str, ...] = ("fr", "es")

# Who has checked each catalogue; the README's "Languages" table says the same. Each .po
# file carries the status in its X-Polyvox-Review header.
MACHINE_DRAFTED = "machine-drafted, not reviewed by a native speaker"
REVIEW_STATUS: dict[str, str] = {
    "fr": "written with the project; review by a native speaker not recorded",
    "es": MACHINE_DRAFTED,
    "ar": MACHINE_DRAFTED,
    "zh_Hans": MACHINE_DRAFTED,
    "ru": MACHINE_DRAFTED,
    "pt": MACHINE_DRAFTED,
    "de": MACHINE_DRAFTED,
    "hi": MACHINE_DRAFTED,
    "sw": MACHINE_DRAFTED,
}


def is_public_source(app: str, path: str) -> bool:
    """Whether `path` (relative to the app, as in a catalogue's #: line) is read by citizens."""
    where = f"{app}/{path.split(':')[0]}"
    return any(fnmatchcase(where, pattern) for pattern in PUBLIC_SOURCES)
