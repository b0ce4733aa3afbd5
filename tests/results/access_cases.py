"""Access cases for results pages: drafts' results are for their organisers only."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.urls import reverse

from polyvox.dialogues.models import Site
from polyvox.results.models import Report, Theme
from tests.access import (
    OBSERVER_READS,
    REFUSED_TO_OBSERVER,
    Case,
    UrlOf,
    Which,
    dialogue_of,
    members_only,
    site_of,
)
from tests.conftest import World

# Observers read the results before publication, as organisers do.
READERS = members_only(staff_roles=("organiser",), observer=OBSERVER_READS)
ORGANISER_POSTS = members_only(
    anonymous=302, member=302, staff_roles=("organiser",), observer=REFUSED_TO_OBSERVER
)


def report_of(world: World, which: Which) -> Report:
    report = Report(dialogue=dialogue_of(world, which), scope="global", language="en", pages=1)
    report.file.save("access.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
    return report


def page(name: str, *extra: str) -> UrlOf:
    return lambda w, which: reverse(f"results:{name}", args=[dialogue_of(w, which).slug, *extra])


CASES: dict[str, Case] = {
    "results:results": Case(page("results"), READERS),
    "results:live": Case(page("live"), READERS),
    "results:which-country": Case(page("which-country"), READERS),
    "results:download": Case(page("download", "shares", "csv"), READERS),
    "results:report": Case(
        lambda w, which: reverse(
            "results:report", args=[dialogue_of(w, which).slug, report_of(w, which).id]
        ),
        READERS,
    ),
    "results:evaluation": Case(page("evaluation"), READERS),
    # An unconfirmed POST asks first (core/confirm.html).
    "results:evaluation-questionnaire": Case(
        page("evaluation-questionnaire"),
        members_only(
            anonymous=302, member=200, staff_roles=("organiser",), observer=REFUSED_TO_OBSERVER
        ),
        method="post",
    ),
    "results:report-new": Case(page("report-new"), ORGANISER_POSTS, method="post"),
    "results:recompute": Case(page("recompute"), ORGANISER_POSTS, method="post"),
    "api-1:results_dialogue": Case(
        lambda w, which: reverse("api-1:results_dialogue", args=[dialogue_of(w, which).slug]),
        READERS,
    ),
    "api-1:results_question": Case(
        lambda w, which: reverse(
            "api-1:results_question", args=[dialogue_of(w, which).slug, "nothing"]
        ),
        members_only(member=404, staff_roles=("organiser",)),
    ),
}


def theme_of(world: World, which: Which, *, site: Site | None = None) -> Theme:
    return Theme.objects.create(
        dialogue=dialogue_of(world, which), site=site, language="en", title={"en": "Access"}
    )


def site_page(name: str) -> UrlOf:
    return lambda w, which: reverse(
        f"results:{name}", args=[dialogue_of(w, which).slug, site_of(w, which).slug]
    )


ORGANISER_PAGES = members_only(anonymous=302, staff_roles=("organiser",))
SITE_EDITOR_PAGES = members_only(anonymous=302, staff_roles=("organiser", "host"))

CASES.update(
    {
        "results:publication": Case(page("publication"), ORGANISER_POSTS, method="post"),
        "results:populations": Case(page("populations"), ORGANISER_PAGES),
        # Organisers get every tool there; hosts their own sites' themes.
        "results:manage": Case(page("manage"), SITE_EDITOR_PAGES),
        "results:themes": Case(page("themes"), ORGANISER_PAGES),
        "results:themes-export": Case(page("themes-export"), ORGANISER_PAGES),
        "results:site-themes": Case(site_page("site-themes"), SITE_EDITOR_PAGES),
        "results:site-themes-export": Case(site_page("site-themes-export"), SITE_EDITOR_PAGES),
        "results:themes-compute": Case(page("themes-compute"), ORGANISER_POSTS, method="post"),
        "results:themes-merge": Case(page("themes-merge"), ORGANISER_POSTS, method="post"),
        "results:theme": Case(
            lambda w, which: reverse(
                "results:theme", args=[dialogue_of(w, which).slug, theme_of(w, which).id]
            ),
            ORGANISER_PAGES,
        ),
    }
)

# Written reports and the record of impact (tests/results/access_cases_written.py).
from tests.results.access_cases_written import CASES as WRITTEN_CASES  # noqa: E402

CASES.update(WRITTEN_CASES)
