"""Keyed digests: the database can compare addresses, emails and pseudonyms without
holding what they are computed from. The key is passed in; this module reads no settings."""

from __future__ import annotations

import hashlib
import hmac


def keyed_digest(*, key: str, purpose: str, text: str) -> str:
    """HMAC-SHA256 of `text` under a key derived from `key` and `purpose`, as hex.

    Each purpose gets its own key, so a digest made for one use (say, households)
    cannot be matched against a digest made for another (say, emails).
    """
    derived = f"{purpose}:{key}".encode()
    return hmac.new(derived, text.encode("utf-8"), hashlib.sha256).hexdigest()
