"""API tokens: issued once, stored as a digest, refused when unknown or inactive."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from polyvox.accounts.models import ApiToken
from polyvox.accounts.tokens import api_token_issue, api_token_user, token_digest
from tests.conftest import World

pytestmark = pytest.mark.django_db


class TestApiTokens:
    def test_it_stores_only_the_digest(self, world: World) -> None:
        token = api_token_issue(user=world.users["organiser"], name="partner")
        stored = ApiToken.objects.get()
        assert stored.digest == token_digest(token)
        assert token not in stored.digest

    def test_it_finds_the_tokens_user(self, world: World) -> None:
        token = api_token_issue(user=world.users["organiser"], name="partner")
        assert api_token_user(token=token) == world.users["organiser"]

    def test_it_refuses_an_unknown_token(self, world: World) -> None:
        api_token_issue(user=world.users["organiser"], name="partner")
        assert api_token_user(token="not-a-token") is None

    def test_it_refuses_the_token_of_an_inactive_user(self, world: World) -> None:
        user = world.users["organiser"]
        token = api_token_issue(user=user, name="partner")
        user.is_active = False
        user.save()
        assert api_token_user(token=token) is None

    def test_the_command_prints_a_token_once(self, world: World) -> None:
        out = io.StringIO()
        call_command("api_token", "organiser", "--name", "partner", stdout=out)
        assert api_token_user(token=out.getvalue().strip()) == world.users["organiser"]
