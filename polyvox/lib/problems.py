"""One type for "this file, this row, this column is wrong", and the error that carries them.

The library knows no Django, so it cannot translate. Messages are translated by whoever
creates a Problem; the few words the library writes itself ("row 3", its own refusals) go
through `translate`, which polyvox.core installs at start-up (Django's gettext), so a
problem still reads in the user's language when it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

_translation: Callable[[str], str] = str


def use_translation(gettext: Callable[[str], str]) -> None:
    """Called once at start-up by the framework side (polyvox.core.apps)."""
    global _translation
    _translation = gettext


def translate(message: str) -> str:
    return _translation(message)


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # as a spreadsheet shows it: the header is row 1
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(translate("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(translate("column %(column)s") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}"


class ProblemsError(Exception):
    """Bad input: every problem found, so the user can fix the file in one go."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems[:3]))
        self.problems = problems
