"""The demo dialogue, from data/dialogue.json through the dialogue services; safe to run twice."""

from __future__ import annotations

import datetime

from polyvox.demo import content, tables
from polyvox.demo.content import SiteContent
from polyvox.dialogues import services
from polyvox.dialogues.models import Dialogue, Tier


def load() -> Dialogue:
    data = content.dialogue()
    fields = data.dialogue
    organiser = services.organisation_upsert(**data.organiser.model_dump())
    dialogue = services.dialogue_upsert(
        slug=fields.slug,
        organiser=organiser,
        title=fields.title,
        theme=fields.theme,
        description=fields.description,
        source_language=fields.source_language,
        start_date=fields.date,
        end_date=fields.date,
        status=Dialogue.Status.RECRUITING,
    )
    services.partnership_ensure(dialogue=dialogue, organisation=organiser, tier=Tier.ORGANISER)
    for partner in data.partners:
        organisation = services.organisation_upsert(**partner.model_dump(exclude={"tier"}))
        services.partnership_ensure(
            dialogue=dialogue, organisation=organisation, tier=Tier(partner.tier)
        )
    for site in data.sites:
        _load_site(dialogue, fields.date, site)
    for position, session in enumerate(data.sessions):
        services.session_upsert(dialogue=dialogue, position=position, **session.model_dump())
    tables.questions_load(dialogue=dialogue)
    return dialogue


def _load_site(dialogue: Dialogue, day: datetime.date, fields: SiteContent) -> None:
    site = services.site_upsert(dialogue=dialogue, date=day, **fields.model_dump(exclude={"host"}))
    organisation = services.organisation_upsert(**fields.host.model_dump())
    services.partnership_ensure(
        dialogue=dialogue, organisation=organisation, tier=Tier.NATIONAL_HOST, site=site
    )
