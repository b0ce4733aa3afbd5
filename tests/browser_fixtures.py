"""Browser fixtures for every test folder (registered in tests/conftest.py): one Chromium per run,
since Playwright's sync API allows one running instance per thread."""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.db import connection

from polyvox.accounts.models import User

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

AUDIT_TRIGGERS = importlib.import_module("polyvox.audit.migrations.0002_append_only_triggers")
CHROMIUM = Path("/usr/bin/chromium")
# CI runs the suite twice at once (SQLite and PostgreSQL); each run keeps its own screenshots.
ARTIFACTS = Path(__file__).resolve().parents[1] / os.environ.get(
    "POLYVOX_ARTIFACTS", "test-artifacts"
)
# Without these, Chromium keeps trying to reach Google's services through a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    # Playwright's sync API runs an event loop in this thread; the test's own database
    # calls are synchronous and safe, so Django's async guard is lifted for these tests.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="fr-FR", viewport={"width": 412, "height": 915})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


AXE_SOURCE = Path(__file__).parent / "browser" / "vendor" / "axe-core-4.11.0.min.js"
SERIOUS = {"serious", "critical"}


@pytest.fixture
def axe_page(browser: Browser) -> Iterator[Page]:
    """A phone-sized page that can run axe-core. The policy forbids injected scripts, so
    only this test context bypasses it."""
    context = browser.new_context(
        locale="en-GB", viewport={"width": 412, "height": 915}, bypass_csp=True
    )
    page = context.new_page()
    yield page
    context.close()


def serious_accessibility_violations(page: Page) -> list[str]:
    """Runs axe-core (WCAG 2.1 A and AA rules) on the page and lists the serious or critical findings."""
    page.add_script_tag(content=AXE_SOURCE.read_text())
    results = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])}× e.g. {violation['nodes'][0]['target']})"
        for violation in results["violations"]
        if violation["impact"] in SERIOUS
    ]


def log_in(page: Page, live_server: LiveServer, user: User) -> None:
    """Gives the browser the session of `user`, as if they had logged in."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


@pytest.fixture
def audit_trail_emptied_afterwards(transactional_db: None) -> Iterator[None]:
    """A transactional test ends by emptying every table; on SQLite that is a DELETE,
    which the audit trail's trigger refuses (PostgreSQL truncates, which it allows).
    Lift the trigger for that one cleanup and put it back."""
    yield
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER audit_event_no_delete")
        cursor.execute("DELETE FROM audit_auditevent")
        cursor.execute(AUDIT_TRIGGERS.SQLITE[1])
