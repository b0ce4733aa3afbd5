"""Links of the results page to the reports people write and to the record of impact."""

from __future__ import annotations

from typing import Any

from django import template

from polyvox.accounts.models import AnyUser
from polyvox.dialogues.models import Dialogue
from polyvox.results.written_access import writable_scopes
from polyvox.results.written_reports import published_reports

register = template.Library()


@register.inclusion_tag("results/written/_links.html")
def written_links(dialogue: Dialogue, user: AnyUser) -> dict[str, Any]:
    from polyvox.results.written_views import scope_label

    writes = user.is_authenticated and bool(writable_scopes(user=user, dialogue=dialogue))
    return {
        "dialogue": dialogue,
        "reports": [
            (report, scope_label(report.scope), languages)
            for report, languages in published_reports(dialogue=dialogue)
        ],
        "writes": writes,
    }
