"""Access cases of the reports people write and of the record of impact."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse

from polyvox.results.models import ImpactEntry, ReportSection, WrittenReport
from polyvox.results.written_reports import report_slots
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

# Observers read the results before publication, the written reports and impact included.
READERS = members_only(staff_roles=("organiser",), observer=OBSERVER_READS)
ORGANISER_PAGES = members_only(anonymous=302, staff_roles=("organiser",))
ORGANISER_POSTS = members_only(
    anonymous=302, member=302, staff_roles=("organiser",), observer=REFUSED_TO_OBSERVER
)
WRITERS = members_only(anonymous=302, staff_roles=("organiser", "host"))
# A POST without an action is refused as a bad request, once the writer is let in.
WRITER_POSTS = members_only(
    anonymous=302, member=400, staff_roles=("organiser", "host"), observer=REFUSED_TO_OBSERVER
)


def country_of(world: World, which: Which) -> str:
    return str(site_of(world, which).country.code)


def published_report_of(world: World, which: Which) -> WrittenReport:
    dialogue = dialogue_of(world, which)
    report = WrittenReport.objects.create(dialogue=dialogue, scope=country_of(world, which))
    for slot in report_slots(dialogue):
        ReportSection.objects.create(
            report=report,
            kind=slot.kind,
            session=slot.session,
            language="en",
            text="Approved.",
            approved_text="Approved.",
            status=ReportSection.Status.APPROVED,
        )
    return report


def entry_of(world: World, which: Which, *, document: bool = False) -> ImpactEntry:
    entry = ImpactEntry.objects.create(
        dialogue=dialogue_of(world, which),
        institution="A ministry",
        received_on=datetime.date(2026, 12, 6),
        language="en",
    )
    if document:
        entry.response_document.save("answer.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
    return entry


def written(name: str) -> UrlOf:
    return lambda w, which: reverse(
        f"results:{name}", args=[dialogue_of(w, which).slug, country_of(w, which), "en"]
    )


def impact(name: str, *, document: bool = False) -> UrlOf:
    return lambda w, which: reverse(
        f"results:{name}",
        args=[dialogue_of(w, which).slug, entry_of(w, which, document=document).id],
    )


CASES: dict[str, Case] = {
    "results:written": Case(
        lambda w, which: reverse("results:written", args=[dialogue_of(w, which).slug]), WRITERS
    ),
    "results:written-edit": Case(written("written-edit"), WRITERS),
    "results:written-workflow": Case(written("written-workflow"), WRITER_POSTS, method="post"),
    "results:written-public": Case(
        lambda w, which: reverse(
            "results:written-public",
            args=[dialogue_of(w, which).slug, published_report_of(w, which).scope, "en"],
        ),
        READERS,
    ),
    "results:impact": Case(
        lambda w, which: reverse("results:impact", args=[dialogue_of(w, which).slug]), READERS
    ),
    "results:impact-manage": Case(
        lambda w, which: reverse("results:impact-manage", args=[dialogue_of(w, which).slug]),
        ORGANISER_PAGES,
    ),
    "results:impact-edit": Case(impact("impact-edit"), ORGANISER_PAGES),
    "results:impact-delete": Case(impact("impact-delete"), ORGANISER_POSTS, method="post"),
    "results:impact-document": Case(impact("impact-document", document=True), READERS),
    "api-1:results_impact": Case(
        lambda w, which: reverse("api-1:results_impact", args=[dialogue_of(w, which).slug]),
        READERS,
    ),
}
