"""Access cases for the audit trail: organisers of the dialogue, and its observers (the
public part, without staff names; tests/results/test_observers.py)."""

from __future__ import annotations

from django.urls import reverse

from tests.access import OBSERVER_READS, Case, dialogue_of, members_only

CASES = {
    "audit:dialogue": Case(
        lambda w, which: reverse("audit:dialogue", args=[dialogue_of(w, which).id]),
        members_only(anonymous=302, staff_roles=("organiser",), observer=OBSERVER_READS),
    ),
}
