"""The one error type the tally engine raises for bad input."""

from __future__ import annotations


class TallyInputError(ValueError):
    """Input the engine refuses; `row` (0-based data row) and `column` locate it when known."""

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None):
        super().__init__(message)
        self.message = message
        self.row = row
        self.column = column
