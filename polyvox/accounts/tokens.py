"""Bearer tokens for the API: issued to an account, checked on each API request.

Only a token's SHA-256 digest is stored, so a token is seen once, when it is issued. A plain
hash (not a keyed or slow one) is enough: tokens are 256 random bits, not passwords.
"""

from __future__ import annotations

import hashlib
import secrets

from django.http import HttpRequest
from ninja.security import HttpBearer

from polyvox.accounts.models import ApiToken, User


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_issue(*, user: User, name: str) -> str:
    """A new token for `user`; only its digest is kept, so this is the only time it is seen."""
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, digest=token_digest(token))
    return token


def api_token_user(*, token: str) -> User | None:
    """The active account the token belongs to, or None."""
    found = ApiToken.objects.select_related("user").filter(digest=token_digest(token)).first()
    if found is None or not found.user.is_active:
        return None
    return found.user


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` for django-ninja endpoints."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return api_token_user(token=token)
