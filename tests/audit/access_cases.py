"""Access cases for the audit trail: organisers of the dialogue only."""

from __future__ import annotations

from django.urls import reverse

from tests.access import Case, dialogue_of, members_only

CASES = {
    "audit:dialogue": Case(
        lambda w, which: reverse("audit:dialogue", args=[dialogue_of(w, which).id]),
        members_only(anonymous=302, staff_roles=("organiser",)),
    ),
}
