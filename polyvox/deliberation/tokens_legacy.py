"""API tokens, until they move to polyvox.accounts.tokens (issue #11): issue and check."""

from __future__ import annotations

import hashlib
import secrets

from polyvox.accounts.models import ApiToken, User


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_issue(*, user: User, name: str) -> str:
    """A new token for `user`; only its digest is kept, so this is the only time it is seen."""
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, digest=token_digest(token))
    return token


def api_token_user(*, token: str) -> User | None:
    found = ApiToken.objects.select_related("user").filter(digest=token_digest(token)).first()
    if found is None or not found.user.is_active:
        return None
    return found.user
