"""Every URL × every role × their own object and someone else's.

The URL list is read from the URL configuration and each app lists its cases in
tests/<app>/access_cases.py: a new view without a case fails
`test_every_url_has_access_cases`, so no page ships without its access tests.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.access import Case
from tests.conftest import ROLES, World

# Admin screens are checked model by model in tests/core/test_admin_scope.py, which
# likewise fails when a model is registered without cases.
COVERED_ELSEWHERE = {"admin"}


def collect_cases() -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for path in sorted(Path(__file__).parent.glob("*/access_cases.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.access_cases")
        duplicated = set(cases) & set(module.CASES)
        assert not duplicated, f"{path} repeats {duplicated}"
        cases.update(module.CASES)
    return cases


CASES = collect_cases()


def named_urls(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = pattern.namespace
            if namespace in COVERED_ELSEWHERE:
                continue
            yield from named_urls(pattern, f"{prefix}{namespace}:" if namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_every_url_has_access_cases() -> None:
    assert set(named_urls()) == set(CASES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(CASES))
def test_access(world: World, name: str, role: str) -> None:
    case = CASES[name]
    client = world.client_for(role)
    for which, expected in zip(("own", "other"), case.expected[role], strict=True):
        response = getattr(client, case.method)(case.url(world, which))
        assert response.status_code == expected, f"{role} on {which} {name}"
