"""Keyed digests: they let the database compare addresses, emails and pseudonyms
without the recruitment tables (or the engine) holding what they are computed from."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def _hmac(purpose: str, text: str) -> str:
    key = f"polyvox.recruitment.{purpose}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def household_key_for(address: str) -> str:
    """Housemates share this key: the address lower-cased with its blanks folded."""
    folded = " ".join(address.casefold().split())
    return _hmac("household", folded) if folded else ""


def email_digest_for(email: str) -> str:
    folded = email.strip().casefold()
    return _hmac("email", folded) if folded else ""


def participant_digest_for(pseudonym: str) -> str:
    return _hmac("participant", pseudonym)
