"""Every URL × every role × their own object and someone else's.

The URL list is read from the URL configuration: a new view without a row here fails
`test_every_url_has_access_cases`, so no page ships without its access tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from polyvox.jobs.models import Job
from tests.conftest import ROLES, World

# Admin screens are checked model by model in tests/core/test_admin_scope.py, which
# likewise fails when a model is registered without cases.
COVERED_ELSEWHERE = {"admin"}

Which = str  # "own" or "other"


@dataclass(frozen=True)
class Case:
    url: Callable[[World, Which], str]
    # role -> (status for their own object, status for another dialogue's object)
    expected: dict[str, tuple[int, int]]
    method: str = "get"


def everyone(own: int, other: int) -> dict[str, tuple[int, int]]:
    return dict.fromkeys(ROLES, (own, other))


def members_only(
    *,
    anonymous: int = 404,
    member: int = 200,
    staff_roles: tuple[str, ...] = ("organiser", "host", "facilitator"),
) -> dict[str, tuple[int, int]]:
    expected = dict.fromkeys(ROLES, (404, 404))
    expected["anonymous"] = (anonymous, anonymous)
    for role in staff_roles:
        expected[role] = (member, 404)
    return expected


def dialogue_of(world: World, which: Which):
    return world.own if which == "own" else world.other


def site_of(world: World, which: Which):
    return world.own_site if which == "own" else world.other_site


def job_of(world: World, which: Which) -> Job:
    owner = world.users["organiser" if which == "own" else "outsider"]
    return Job.objects.create(
        kind="dialogues.translation_check", dialogue=dialogue_of(world, which), created_by=owner
    )


LOGGED_IN = {"citizen", "organiser", "host", "facilitator"}
AFTER_LOGIN = {role: ((200, 200) if role in LOGGED_IN else (302, 302)) for role in ROLES}

CASES: dict[str, Case] = {
    "dialogues:home": Case(lambda w, which: reverse("dialogues:home"), everyone(200, 200)),
    "dialogues:dialogue": Case(
        lambda w, which: reverse("dialogues:dialogue", args=[dialogue_of(w, which).slug]),
        members_only(),
    ),
    "dialogues:site": Case(
        lambda w, which: reverse(
            "dialogues:site", args=[dialogue_of(w, which).slug, site_of(w, which).slug]
        ),
        members_only(),
    ),
    "dialogues:translation-check": Case(
        lambda w, which: reverse("dialogues:translation-check", args=[dialogue_of(w, which).id]),
        members_only(anonymous=302, member=302, staff_roles=("organiser",)),
        method="post",
    ),
    "accounts:login": Case(lambda w, which: reverse("accounts:login"), everyone(200, 200)),
    "accounts:logout": Case(
        lambda w, which: reverse("accounts:logout"), everyone(302, 302), method="post"
    ),
    "accounts:dashboard": Case(lambda w, which: reverse("accounts:dashboard"), AFTER_LOGIN),
    "jobs:detail": Case(
        lambda w, which: reverse("jobs:detail", args=[job_of(w, which).id]),
        members_only(anonymous=302, staff_roles=("organiser",)),
    ),
    "jobs:progress": Case(
        lambda w, which: reverse("jobs:progress", args=[job_of(w, which).id]),
        members_only(anonymous=302, staff_roles=("organiser",)),
    ),
    "set_language": Case(
        lambda w, which: reverse("set_language"), everyone(302, 302), method="post"
    ),
    "api-1:list_dialogues": Case(
        lambda w, which: reverse("api-1:list_dialogues"), everyone(200, 200)
    ),
    "api-1:get_dialogue": Case(
        lambda w, which: reverse("api-1:get_dialogue", args=[dialogue_of(w, which).slug]),
        members_only(),
    ),
    "api-1:api-root": Case(lambda w, which: reverse("api-1:api-root"), everyone(404, 404)),
    "api-1:openapi-json": Case(lambda w, which: reverse("api-1:openapi-json"), everyone(200, 200)),
    "api-1:openapi-view": Case(lambda w, which: reverse("api-1:openapi-view"), everyone(200, 200)),
}


def named_urls(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            if namespace in COVERED_ELSEWHERE:
                continue
            yield from named_urls(pattern, f"{prefix}{namespace}:" if namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_every_url_has_access_cases():
    assert set(named_urls()) == set(CASES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(CASES))
def test_access(world: World, name: str, role: str):
    case = CASES[name]
    client = world.client_for(role)
    for which, expected in zip(("own", "other"), case.expected[role], strict=True):
        response = getattr(client, case.method)(case.url(world, which))
        assert response.status_code == expected, f"{role} on {which} {name}"
