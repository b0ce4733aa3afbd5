"""Who is asking: the request's user type.

TEMPORARY aliases below (issue #11): the dialogue and site access functions moved to
polyvox.dialogues.access. Callers in recruitment, deliberation, results, consultation and
people still import them from here; remove the aliases (and the import-linter
ignore_imports entry for this module) once they import polyvox.dialogues.access.
"""

from __future__ import annotations

from polyvox.accounts.models import AnyUser
from polyvox.dialogues.access import (
    access_dialogue_for_organiser,
    access_dialogue_for_reader,
    access_site_for_facilitator,
    access_site_for_host,
    access_site_for_reader,
    dialogues_organised_by,
    dialogues_visible_to,
    sites_facilitated_by,
    sites_hosted_by,
)

__all__ = [
    "AnyUser",
    "access_dialogue_for_organiser",
    "access_dialogue_for_reader",
    "access_site_for_facilitator",
    "access_site_for_host",
    "access_site_for_reader",
    "dialogues_organised_by",
    "dialogues_visible_to",
    "sites_facilitated_by",
    "sites_hosted_by",
]
