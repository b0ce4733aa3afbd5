"""What a site's public page shows of its recruitment: the way to volunteer while
registration is open, and the selection report once the panel is drawn."""

from __future__ import annotations

from typing import TypedDict

from django import template

from polyvox.dialogues.models import Dialogue, Site
from polyvox.recruitment import selectors
from polyvox.recruitment.models import SelectionRun

register = template.Library()


class SiteLinksContext(TypedDict):
    """What recruitment/_site_links.html reads."""

    site: Site
    dialogue: Dialogue
    can_register: bool
    drawn: SelectionRun | None


@register.inclusion_tag("recruitment/_site_links.html")
def site_recruitment(site: Site) -> SiteLinksContext:
    recruiting = site.dialogue.status == Dialogue.Status.RECRUITING
    return {
        "site": site,
        "dialogue": site.dialogue,
        "can_register": recruiting and selectors.registration_is_open(site=site),
        "drawn": selectors.site_drawn_run(site=site),
    }
