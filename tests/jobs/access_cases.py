"""Access cases of the jobs app's URLs that tests/dialogues does not list."""

from __future__ import annotations

from django.urls import reverse

from tests.access import REFUSED_TO_OBSERVER, Case, job_of, members_only

CASES: dict[str, Case] = {
    # The job's creator and its dialogue's organisers may cancel; a cancel redirects to it.
    "jobs:cancel": Case(
        lambda w, which: reverse("jobs:cancel", args=[job_of(w, which).id]),
        members_only(
            anonymous=302, member=302, staff_roles=("organiser",), observer=REFUSED_TO_OBSERVER
        ),
        method="post",
    ),
}
