"""Shared by the ballot's tests: a citizen signed in with the code on their card, by the
test client or by a browser scanning the card's QR address. (The `day` they vote on is a
fixture in conftest.py.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.test import Client

from polyvox.deliberation.models import Participant

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

BALLOT = "/en/vote/ballot/"


def signed_in(citizen: Participant) -> Client:
    client = Client()
    response = client.post("/en/vote/", {"code": citizen.code})
    assert response.status_code == 302
    return client


def scan(page: Page, live_server: LiveServer, citizen: Participant) -> None:
    """Opens the card's QR address in English, as a phone's camera app would."""
    page.goto(f"{live_server.url}/en/vote/?code={citizen.code}")
    page.wait_for_url("**/vote/ballot/")
