"""Browser fixtures for the consultation's accessibility tests.

Playwright's sync API allows one running instance per thread, and tests/browser keeps its
session-wide browser open until the end of the run; so reuse that one when it is running,
and otherwise start one for this module only.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS


def _browser_definitions(manager: Any) -> Iterator[Any]:
    """Every registered `browser` fixture, whatever pytest's internal layout (8.x or 9.x)."""
    by_argument = getattr(manager, "_arg2fixturedefs", None)
    if by_argument is not None:
        yield from by_argument.get("browser", ())
    for name in ("_arg2nodeid2fixturedefs", "_arg2node2fixturedefs"):
        for definitions in (getattr(manager, name, None) or {}).get("browser", {}).values():
            yield from definitions


def _running_browser(request: pytest.FixtureRequest) -> Any:
    for definition in _browser_definitions(request._fixturemanager):
        cached = getattr(definition, "cached_result", None)
        if cached is not None and definition.scope == "session" and cached[0] is not None:
            return cached[0]
    return None


@pytest.fixture(scope="module")
def browser(request: pytest.FixtureRequest) -> Iterator[Any]:
    running = _running_browser(request)
    if running is not None:
        yield running
        return
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def axe_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        locale="en-GB", viewport={"width": 412, "height": 915}, bypass_csp=True
    )
    yield context.new_page()
    context.close()
