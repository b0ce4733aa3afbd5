"""Access cases for the recruitment pages."""

from __future__ import annotations

from django.urls import reverse

from polyvox.people.models import Person
from polyvox.recruitment.models import Invitation, PoolImport, SelectionRun, Volunteer
from tests.access import (
    OBSERVER_READS,
    REFUSED_TO_OBSERVER,
    Case,
    UrlOf,
    dialogue_of,
    everyone,
    members_only,
    site_of,
)
from tests.conftest import World

HOSTS = ("organiser", "host")


def run_of(world: World, which: str, status: str = SelectionRun.Status.DRAWN) -> SelectionRun:
    return SelectionRun.objects.create(
        site=site_of(world, which),
        panel_size=1,
        status=status,
        report={
            "pool_size": 1,
            "panel_size": 1,
            "reserves": 0,
            "categories": [],
            "histogram": [],
            "minimum_probability": 1.0,
            "maximum_probability": 1.0,
        },
        frozen={"ids": [], "features": {}, "households": [], "quotas": []},
        lottery={"panels": [[]], "probabilities": [], "max_deviation": 0.0, "bound": 0.0},
    )


def invitation_of(world: World, which: str) -> Invitation:
    person = Person.objects.create(full_name="X", preferred_language="fr")
    volunteer = Volunteer.objects.create(site=site_of(world, which), person=person)
    return Invitation.objects.create(volunteer=volunteer, kind=Invitation.Kind.PANEL)


def site_url(name: str) -> UrlOf:
    return lambda w, which: reverse(name, args=[site_of(w, which).id])


def run_url(name: str, status: str = SelectionRun.Status.DRAWN) -> UrlOf:
    return lambda w, which: reverse(name, args=[run_of(w, which, status).id])


CASES: dict[str, Case] = {
    "recruitment:manage": Case(
        site_url("recruitment:manage"), members_only(anonymous=302, staff_roles=HOSTS)
    ),
    "recruitment:categories-upload": Case(
        site_url("recruitment:categories-upload"),
        members_only(anonymous=302, member=400, staff_roles=HOSTS, observer=REFUSED_TO_OBSERVER),
        method="post",
    ),
    "recruitment:pool-import": Case(
        site_url("recruitment:pool-import"),
        members_only(anonymous=302, member=400, staff_roles=HOSTS, observer=REFUSED_TO_OBSERVER),
        method="post",
    ),
    "recruitment:pool-import-detail": Case(
        lambda w, which: reverse(
            "recruitment:pool-import-detail",
            args=[PoolImport.objects.create(site=site_of(w, which), file_name="pool.csv").id],
        ),
        members_only(anonymous=302, staff_roles=HOSTS),
    ),
    "recruitment:registration-switch": Case(
        site_url("recruitment:registration-switch"),
        # The matrix posts nothing: a member gets past access control to the form's refusal.
        members_only(anonymous=302, member=400, staff_roles=HOSTS, observer=REFUSED_TO_OBSERVER),
        method="post",
    ),
    "recruitment:quotas": Case(
        site_url("recruitment:quotas"), members_only(anonymous=302, staff_roles=HOSTS)
    ),
    "recruitment:quota-check": Case(
        site_url("recruitment:quota-check"),
        members_only(anonymous=302, staff_roles=HOSTS, observer=REFUSED_TO_OBSERVER),
        method="post",
    ),
    "recruitment:selection-prepare": Case(
        site_url("recruitment:selection-prepare"),
        members_only(anonymous=302, member=400, staff_roles=HOSTS, observer=REFUSED_TO_OBSERVER),
        method="post",
    ),
    "recruitment:run": Case(
        run_url("recruitment:run"), members_only(anonymous=302, staff_roles=HOSTS)
    ),
    "recruitment:invitations-send": Case(
        run_url("recruitment:invitations-send"),
        # The matrix posts no confirm=yes: a host gets the question before any email goes.
        members_only(anonymous=302, member=200, staff_roles=HOSTS, observer=REFUSED_TO_OBSERVER),
        method="post",
    ),
    # Reports of drawn panels are public with their dialogue: the world's dialogues are
    # drafts, so only their members see them.
    "recruitment:report": Case(
        run_url("recruitment:report"),
        members_only(staff_roles=("organiser", "host", "facilitator"), observer=OBSERVER_READS),
    ),
    "recruitment:verification": Case(
        run_url("recruitment:verification"),
        members_only(staff_roles=("organiser", "host", "facilitator"), observer=OBSERVER_READS),
    ),
    "recruitment:register": Case(
        lambda w, which: reverse(
            "recruitment:register",
            args=[dialogue_of(w, which).slug, site_of(w, which).slug],
        ),
        members_only(staff_roles=("organiser", "host", "facilitator"), observer=OBSERVER_READS),
    ),
    "api-1:get_selection_report": Case(
        run_url("api-1:get_selection_report"),
        members_only(staff_roles=("organiser", "host", "facilitator"), observer=OBSERVER_READS),
    ),
    # The emailed token is the credential, whoever follows it.
    "recruitment:invitation": Case(
        lambda w, which: reverse("recruitment:invitation", args=[invitation_of(w, which).token]),
        everyone(200, 200),
    ),
}
