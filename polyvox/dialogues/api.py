from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from polyvox.dialogues import selectors
from polyvox.dialogues.access import access_dialogue_for_reader
from polyvox.dialogues.models import Dialogue

router = Router(tags=["dialogues"])


class DialogueSummary(Schema):
    slug: str
    title: dict[str, str]
    theme: dict[str, str]
    status: str
    start_date: datetime.date
    end_date: datetime.date


class OptionOut(Schema):
    key: str
    text: dict[str, str]


class QuestionOut(Schema):
    key: str
    kind: str
    text: dict[str, str]
    options: list[OptionOut]


class SessionOut(Schema):
    key: str
    title: dict[str, str]
    duration_minutes: int
    information: dict[str, str]
    questions: list[QuestionOut]


class PartnerOut(Schema):
    name: str
    short_name: str
    country: str
    website: str
    tier: str


class SiteOut(Schema):
    slug: str
    country: str
    city: str
    languages: list[str]
    time_zone: str
    date: datetime.date
    mode: str
    target_participants: int
    hosts: list[str]


class DialogueDetail(DialogueSummary):
    description: dict[str, str]
    source_language: str
    organiser: str
    partners: list[PartnerOut]
    sites: list[SiteOut]
    sessions: list[SessionOut]


@router.get("", response=list[DialogueSummary], summary="Published dialogues")
def list_dialogues(request: HttpRequest) -> list[Dialogue]:
    return list(selectors.dialogue_list_for_reader(user=request.user))


@router.get(
    "/{slug}", response=DialogueDetail, summary="A dialogue with its partners, sites and agenda"
)
def get_dialogue(request: HttpRequest, slug: str) -> dict[str, object]:
    dialogue = access_dialogue_for_reader(user=request.user, slug=slug)
    partners = [
        {**_organisation(partnership.organisation), "tier": group.tier}
        for group in selectors.dialogue_partner_groups(dialogue=dialogue)
        for partnership in group.partnerships
    ]
    sites = [
        {
            **{
                field: getattr(site, field)
                for field in ("slug", "city", "languages", "time_zone", "date", "mode")
            },
            "country": site.country.code,
            "target_participants": site.target_participants,
            "hosts": [host.organisation.name for host in site.hosts.all()],
        }
        for site in selectors.dialogue_sites(dialogue=dialogue)
    ]
    return {
        **{
            field: getattr(dialogue, field)
            for field in DialogueDetail.model_fields
            if hasattr(dialogue, field)
        },
        "organiser": dialogue.organiser.name,
        "partners": partners,
        "sites": sites,
        "sessions": list(selectors.dialogue_agenda(dialogue=dialogue)),
    }


def _organisation(organisation: object) -> dict[str, str]:
    return {
        "name": getattr(organisation, "name", ""),
        "short_name": getattr(organisation, "short_name", ""),
        "country": str(getattr(organisation, "country", "") or ""),
        "website": getattr(organisation, "website", ""),
    }
