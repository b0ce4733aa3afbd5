"""Access cases for results pages: drafts' results are for their organisers only."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.urls import reverse

from polyvox.results.models import Report
from tests.access import Case, dialogue_of, members_only

READERS = members_only(staff_roles=("organiser",))
ORGANISER_POSTS = members_only(anonymous=302, member=302, staff_roles=("organiser",))


def report_of(world, which) -> Report:
    report = Report(dialogue=dialogue_of(world, which), scope="global", language="en", pages=1)
    report.file.save("access.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
    return report


def page(name: str, *extra: str):
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
