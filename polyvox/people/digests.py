"""Keyed digests of what the vault protects: they let the database compare addresses,
emails and pseudonyms without the recruitment tables (or the engine) holding what they are
computed from. Keyed with SECRET_KEY; the hashing itself is polyvox.lib.hashing.
"""

from __future__ import annotations

from django.conf import settings

from polyvox.lib.hashing import keyed_digest


def _digest(purpose: str, text: str) -> str:
    # The "polyvox.recruitment." prefix is part of every stored digest: keep it.
    return keyed_digest(
        key=settings.SECRET_KEY, purpose=f"polyvox.recruitment.{purpose}", text=text
    )


def household_key_for(address: str) -> str:
    """Housemates share this key: the address lower-cased with its blanks folded."""
    folded = " ".join(address.casefold().split())
    return _digest("household", folded) if folded else ""


def email_digest_for(email: str) -> str:
    folded = email.strip().casefold()
    return _digest("email", folded) if folded else ""


def participant_digest_for(pseudonym: str) -> str:
    return _digest("participant", pseudonym)
