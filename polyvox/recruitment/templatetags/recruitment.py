"""What a site's public page shows of its recruitment: the way to volunteer while
registration is open, and the selection report once the panel is drawn."""

from __future__ import annotations

from typing import Any

from django import template

from polyvox.dialogues.models import Dialogue, Site
from polyvox.recruitment import selectors

register = template.Library()


@register.inclusion_tag("recruitment/_site_links.html")
def site_recruitment(site: Site) -> dict[str, Any]:  # a template context, as Django takes it
    recruiting = site.dialogue.status == Dialogue.Status.RECRUITING
    return {
        "site": site,
        "dialogue": site.dialogue,
        "can_register": recruiting and selectors.registration_is_open(site=site),
        "drawn": selectors.site_drawn_run(site=site),
    }
