"""Loads the demo dialogue from demo_content through the services; safe to run twice."""

from __future__ import annotations

import datetime

from polyvox.dialogues import demo_content as content
from polyvox.dialogues import services
from polyvox.dialogues.models import Dialogue, Tier

DEMO_SLUG = content.DIALOGUE["slug"]


def load() -> Dialogue:
    organiser = services.organisation_upsert(**content.ORGANISER)
    day = services.parse_date(content.DIALOGUE["date"])
    dialogue = services.dialogue_upsert(
        slug=DEMO_SLUG,
        organiser=organiser,
        title=content.DIALOGUE["title"],
        theme=content.DIALOGUE["theme"],
        description=content.DIALOGUE["description"],
        source_language=content.DIALOGUE["source_language"],
        start_date=day,
        end_date=day,
        status=Dialogue.Status.RECRUITING,
    )
    services.partnership_ensure(dialogue=dialogue, organisation=organiser, tier=Tier.ORGANISER)
    for partner in content.PARTNERS:
        fields = {key: value for key, value in partner.items() if key != "tier"}
        organisation = services.organisation_upsert(**fields)
        services.partnership_ensure(
            dialogue=dialogue, organisation=organisation, tier=Tier(partner["tier"])
        )
    for site_fields in content.SITES:
        _load_site(dialogue, day, dict(site_fields))
    for position, session in enumerate(content.SESSIONS):
        services.session_upsert(dialogue=dialogue, position=position, **session)
    return dialogue


def _load_site(dialogue: Dialogue, day: datetime.date, fields: dict[str, object]) -> None:
    host = fields.pop("host")
    assert isinstance(host, dict)
    site = services.site_upsert(dialogue=dialogue, date=day, **fields)  # type: ignore[arg-type]
    organisation = services.organisation_upsert(**host)
    services.partnership_ensure(
        dialogue=dialogue, organisation=organisation, tier=Tier.NATIONAL_HOST, site=site
    )
