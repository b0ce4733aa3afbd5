"""What a site's public page shows of its recruitment: the way to volunteer while
registration is open, and the selection report once the panel is drawn."""

from __future__ import annotations

from typing import TypedDict

from django import template
from django.utils import timezone

from polyvox.dialogues.models import Dialogue, Site
from polyvox.recruitment import selectors, stages
from polyvox.recruitment.models import SelectionRun

register = template.Library()


class SiteLinksContext(TypedDict):
    """What recruitment/_site_links.html reads."""

    site: Site
    dialogue: Dialogue
    can_register: bool
    closed_reason: str | None
    drawn: SelectionRun | None


@register.inclusion_tag("recruitment/_site_links.html")
def site_recruitment(site: Site) -> SiteLinksContext:
    # The site's own stage decides, not the dialogue's status alone: a site still recruits
    # while others deliberate, and never once the results are final.
    refusal = stages.registration_refusal(site=site, now=timezone.now())
    return {
        "site": site,
        "dialogue": site.dialogue,
        "can_register": refusal is None,
        "closed_reason": refusal,
        "drawn": selectors.site_drawn_run(site=site),
    }


class SiteStageContext(TypedDict):
    """What recruitment/_site_stage.html reads."""

    stage: stages.SiteStage


@register.inclusion_tag("recruitment/_site_stage.html")
def site_next_step(site: Site) -> SiteStageContext:
    """The site's stage and its host's next step, for the staff dashboard ("My work"),
    which lives below recruitment and reaches it only through this tag."""
    return {"stage": stages.site_stage(site=site, now=timezone.now())}
