"""The demo's people: one organiser, one national host, one facilitator and one observer."""

from __future__ import annotations

from dataclasses import dataclass

from polyvox.accounts.models import Membership, Role, User
from polyvox.dialogues.models import Dialogue

DEMO_PASSWORD = "polyvox-demo"  # noqa: S105 - the demo's published password; the demo refuses to load in production
DEMO_HOST_SITE = "fr-paris"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    scope: str


def _user(username: str, *, first_name: str, staff: bool) -> User:
    user, _created = User.objects.get_or_create(
        username=username,
        defaults={"email": f"{username}@demo.polyvox.invalid", "first_name": first_name},
    )
    user.is_staff = staff
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def load(*, dialogue: Dialogue) -> list[DemoLogin]:
    site = dialogue.sites.get(slug=DEMO_HOST_SITE)
    organiser = _user("organiser", first_name="Olivia", staff=True)
    host = _user("host", first_name="Hugo", staff=True)
    facilitator = _user("facilitator", first_name="Fatou", staff=False)
    observer = _user("observer", first_name="Oscar", staff=False)
    Membership.objects.get_or_create(user=organiser, role=Role.ORGANISER, dialogue=dialogue)
    Membership.objects.get_or_create(user=host, role=Role.HOST, dialogue=dialogue, site=site)
    Membership.objects.get_or_create(
        user=facilitator, role=Role.FACILITATOR, dialogue=dialogue, site=site
    )
    # An evaluator who follows the whole dialogue: reads everything public or aggregate,
    # changes nothing, and every page they open is on the audit trail.
    Membership.objects.get_or_create(user=observer, role=Role.OBSERVER, dialogue=dialogue)
    return [
        DemoLogin("organiser", organiser.username, DEMO_PASSWORD, "the whole dialogue"),
        DemoLogin("host", host.username, DEMO_PASSWORD, f"site {site}"),
        DemoLogin("facilitator", facilitator.username, DEMO_PASSWORD, f"site {site}"),
        DemoLogin("observer", observer.username, DEMO_PASSWORD, "the whole dialogue, read only"),
    ]
