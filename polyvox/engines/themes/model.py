"""Plain data for open-answer themes."""

from __future__ import annotations

from dataclasses import dataclass


class ThemesError(ValueError):
    """The texts or the request cannot be grouped (bad ids, unknown themes)."""


@dataclass(frozen=True)
class Text:
    """One open answer or table recommendation; `id` ties it back to its source record."""

    id: str
    body: str


@dataclass(frozen=True)
class Theme:
    """A group of texts: `label_terms` best tell it apart from the others, and
    `representative` are its most central members, most central first."""

    id: int
    label_terms: tuple[str, ...]
    members: tuple[Text, ...]
    representative: tuple[Text, ...]

    @property
    def size(self) -> int:
        return len(self.members)
