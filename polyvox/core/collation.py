"""Names sorted the way people read them: "Égypte" between "Danemark" and "Espagne",
not after "Zambie" as code-point order puts it.

ICU would give each language's own rules, but PyICU builds against the ICU headers,
which the project's set-up does not install, and no pure-Python collator is a
dependency. So this is a documented approximation of the Unicode Collation
Algorithm's first two levels for Latin, Greek and Cyrillic names: NFKD splits a
letter from its accents, the accents are dropped, case is folded; ties are broken by
the accents, then by the exact text, so the order is total and stable. Scripts
without case or accents (Arabic, Chinese) keep their code-point order. Replace
`collation_key` with an ICU collator for the active language when ICU is available:
every list people read goes through here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

Item = TypeVar("Item")


def _base_letters(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def collation_key(name: str) -> tuple[str, str, str]:
    return (_base_letters(name), unicodedata.normalize("NFKD", name).casefold(), name)


def sorted_by_name(items: Iterable[Item], name: Callable[[Item], str]) -> list[Item]:
    return sorted(items, key=lambda item: collation_key(name(item)))


def search_folded(text: str) -> str:
    """Text as a search compares it: accents dropped, case folded, blanks collapsed, so
    "helene" finds "Hélène" and "  MÜLLER " finds "Müller"."""
    return " ".join(_base_letters(text).split())
