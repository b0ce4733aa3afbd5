from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from polyvox.core.schemas import problems
from polyvox.dialogues import selectors
from polyvox.dialogues.access import access_dialogue_for_reader
from polyvox.dialogues.models import Dialogue, Organisation, Site

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
    answered_by: str = Field(
        "citizen",
        description="citizen: each citizen answers; table: each table gives one group "
        "answer; both: each table, then each citizen.",
    )
    local: str = Field(
        "",
        description="The address name of the site whose local topic this is, asked there "
        "only and never in global figures; empty for the questions every site asks.",
    )

    @staticmethod
    def resolve_local(obj: object) -> str:
        # A results snapshot's record (a dict), a Question row, or this schema itself when
        # the response is validated again.
        if isinstance(obj, dict):
            return str(obj.get("local") or "")
        site = getattr(obj, "site", None)
        if site is not None:
            return str(site.slug)
        return str(getattr(obj, "local", "") or "")

    @staticmethod
    def resolve_answered_by(obj: object) -> str:
        if isinstance(obj, dict):
            return str(obj.get("answered_by") or "citizen")
        return str(getattr(obj, "answered_by", "citizen"))


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
    "/{slug}",
    response={200: DialogueDetail, **problems(404)},
    summary="A dialogue with its partners, sites and agenda",
    description="404 for a dialogue that does not exist or is not published.",
)
def get_dialogue(request: HttpRequest, slug: str) -> DialogueDetail:
    dialogue = access_dialogue_for_reader(user=request.user, slug=slug)
    return DialogueDetail(
        slug=dialogue.slug,
        title=dialogue.title,
        theme=dialogue.theme,
        status=dialogue.status,
        start_date=dialogue.start_date,
        end_date=dialogue.end_date,
        description=dialogue.description,
        source_language=dialogue.source_language,
        organiser=dialogue.organiser.name,
        partners=[
            _partner(partnership.organisation, tier=group.tier)
            for group in selectors.dialogue_partner_groups(dialogue=dialogue)
            for partnership in group.partnerships
        ],
        sites=[_site(site) for site in selectors.dialogue_sites(dialogue=dialogue)],
        sessions=[
            SessionOut.model_validate(session)
            for session in selectors.dialogue_agenda(dialogue=dialogue)
        ],
    )


def _partner(organisation: Organisation, *, tier: str) -> PartnerOut:
    return PartnerOut(
        name=organisation.name,
        short_name=organisation.short_name,
        country=organisation.country.code or "",
        website=organisation.website,
        tier=tier,
    )


def _site(site: Site) -> SiteOut:
    return SiteOut(
        slug=site.slug,
        country=site.country.code,
        city=site.city,
        languages=site.languages,
        time_zone=site.time_zone,
        date=site.date,
        mode=site.mode,
        target_participants=site.target_participants,
        hosts=[host.organisation.name for host in site.hosts.all()],
    )
