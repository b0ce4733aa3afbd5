"""Building blocks of the access matrix (tests/test_access_matrix.py).

Each app lists its URLs in tests/<app>/access_cases.py as `CASES: dict[str, Case]`:
for every role, the status expected on the role's own object and on another dialogue's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from polyvox.dialogues.models import Dialogue, Site
from polyvox.jobs.models import Job
from tests.conftest import ROLES, World

Which = str  # "own" or "other"
# A case's URL, built for a world and for its own or the other dialogue.
UrlOf = Callable[[World, Which], str]


@dataclass(frozen=True)
class Case:
    url: UrlOf
    # role -> (status for their own object, status for another dialogue's object)
    expected: dict[str, tuple[int, int]]
    method: str = "get"


# Every change an observer (of the world's own dialogue) attempts, anywhere, is refused
# before any look-up: polyvox.dialogues.observers.ObserverMiddleware.
REFUSED_TO_OBSERVER = (403, 403)
# Pages an observer reads in their own dialogue only.
OBSERVER_READS = (200, 404)
NOT_FOR_OBSERVER = (404, 404)


def everyone(
    own: int, other: int, *, observer: tuple[int, int] | None = None
) -> dict[str, tuple[int, int]]:
    """The same for every role; `observer` where the observer's differs (their writes)."""
    expected = dict.fromkeys(ROLES, (own, other))
    if observer is not None:
        expected["observer"] = observer
    return expected


def members_only(
    *,
    anonymous: int = 404,
    member: int = 200,
    staff_roles: tuple[str, ...] = ("organiser", "host", "facilitator"),
    observer: tuple[int, int] = NOT_FOR_OBSERVER,
) -> dict[str, tuple[int, int]]:
    expected = dict.fromkeys(ROLES, (404, 404))
    expected["anonymous"] = (anonymous, anonymous)
    for role in staff_roles:
        expected[role] = (member, 404)
    expected["observer"] = observer
    return expected


def dialogue_of(world: World, which: Which) -> Dialogue:
    return world.own if which == "own" else world.other


def site_of(world: World, which: Which) -> Site:
    return world.own_site if which == "own" else world.other_site


def job_of(world: World, which: Which) -> Job:
    owner = world.users["organiser" if which == "own" else "outsider"]
    return Job.objects.create(
        kind="dialogues.translation_check", dialogue=dialogue_of(world, which), created_by=owner
    )


LOGGED_IN = {"citizen", "organiser", "host", "facilitator", "observer"}
AFTER_LOGIN = {role: ((200, 200) if role in LOGGED_IN else (302, 302)) for role in ROLES}
