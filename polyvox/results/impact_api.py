"""The record of impact as JSON: the same entries as its public page."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema

from polyvox.core.schemas import problems
from polyvox.results.access import access_dialogue_for_results_reader
from polyvox.results.impact import impact_entries
from polyvox.results.models import ImpactEntry

router = Router(tags=["results"])


class ImpactEntryOut(Schema):
    id: int
    institution: str
    event: str
    received_on: datetime.date
    language: str = Field(description="The language of the results they received.")
    status: str = Field(description="received, responded or acted_on")
    response_text: str = Field(description="What they answered, as plain text.")
    document: str | None = Field(description="The address of their answer as a PDF, if any.")
    evidence_links: list[str] = Field(description="https addresses that show the follow-up.")


class ImpactOut(Schema):
    dialogue: str
    page: str = Field(description="The public page of the record of impact.")
    entries: list[ImpactEntryOut]


def impact_entry_out(entry: ImpactEntry, slug: str) -> ImpactEntryOut:
    document = (
        reverse("results:impact-document", args=[slug, entry.pk])
        if entry.response_document
        else None
    )
    return ImpactEntryOut(
        id=entry.pk,
        institution=entry.institution,
        event=entry.event,
        received_on=entry.received_on,
        language=entry.language,
        status=entry.status,
        response_text=entry.response_text,
        document=document,
        evidence_links=list(entry.evidence_links),
    )


@router.get(
    "/dialogues/{slug}/impact",
    response={200: ImpactOut, **problems(404)},
    url_name="results_impact",
)
def dialogue_impact(request: HttpRequest, slug: str) -> ImpactOut:
    """Who received the results, what they answered and what came of it, newest first.

    404 for a dialogue whose results are not visible."""
    dialogue = access_dialogue_for_results_reader(user=request.user, slug=slug)
    return ImpactOut(
        dialogue=slug,
        page=reverse("results:impact", args=[slug]),
        entries=[impact_entry_out(entry, slug) for entry in impact_entries(dialogue=dialogue)],
    )
